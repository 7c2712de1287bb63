"""File → Export worksheet…: the options, the preview's pages, and the files it saves."""

import json
import shutil
import subprocess

import pytest
from PySide6 import QtWidgets

from app.lessons import load_lesson
from widgets.worksheet_dialog import WorksheetDialog


@pytest.fixture
def dialog(qtbot):
    lesson = load_lesson("worked-example")
    dlg = WorksheetDialog(lesson.session_spec, lesson.title)
    qtbot.addWidget(dlg)
    return dlg


def preview(dlg):
    return [dlg.pages.itemAt(i).widget() for i in range(dlg.pages.count())]


def test_preview_shows_every_page_and_follows_the_options(dialog):
    one = preview(dialog)
    assert len(one) == 4  # two pages of questions, two of key
    image = one[0].pixmap().toImage()
    assert image.width() == round(595 * 0.9)  # A4 at the preview's zoom
    dark = sum(image.pixelColor(x, y).lightness() < 128 for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3))
    assert dark > 500  # text and a network, not a blank page
    dialog.variants.setValue(3)
    dialog.refresh()
    assert len(preview(dialog)) == 12
    dialog.paper.setCurrentIndex(1)  # Letter
    dialog.refresh()
    assert preview(dialog)[0].pixmap().width() == round(612 * 0.9)


def test_no_kind_chosen_is_said_and_saving_is_off(dialog):
    for check in dialog.kinds.values():
        check.setChecked(False)
    dialog.refresh()
    assert dialog.problem.text() == "Questions: choose at least one kind of step"
    assert not dialog.save_button.isEnabled() and not preview(dialog)
    dialog.kinds["loss"].setChecked(True)
    dialog.refresh()
    assert dialog.save_button.isEnabled() and len(preview(dialog)) == 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_save_writes_the_pdf_and_the_key(dialog, tmp_path):
    dialog.seed.setValue(3)
    dialog.with_key.setChecked(True)
    written = dialog.save(tmp_path / "week3.pdf")
    assert written == [tmp_path / "week3.pdf", tmp_path / "week3-key.json"]
    key = json.loads(written[1].read_text(encoding="utf-8"))
    assert key["variants"][0]["seed"] == 3
    text = subprocess.run(["pdftotext", str(written[0]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "seed 3" in text and "ANSWER KEY" in text


def test_file_menu_has_export_worksheet(qtbot):
    from app.session import Session
    from widgets.main_window import MainWindow

    window = MainWindow(Session())
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "Export &worksheet…" in texts
    assert isinstance(file_menu, QtWidgets.QMenu)
