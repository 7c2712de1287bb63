"""The window's Lessons menu, presentation keys and export actions, driven as a user does."""

import subprocess
import sys

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from tests.conftest import open_window
from widgets.export_dialog import ExportDialog
from widgets.lesson_views import PerceptronView
from widgets.presentation import high_contrast_stylesheet

Key = QtCore.Qt.Key


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, size=(1400, 900), activate=True)


def menu_action(window, menu_title: str, text_start: str) -> QtGui.QAction:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == menu_title)
    return next(a for a in menu.actions() if a.text().startswith(text_start))


def test_lessons_menu_lists_the_course_in_order(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Lessons")
    actions = [a for a in menu.actions() if a.text() and not a.isSeparator()]
    titles = [a.text() for a in actions]
    n = sum(t[0].isdigit() for t in titles)
    assert n >= 18 and [t.split(".")[0] for t in titles[:n]] == [str(i) for i in range(1, n + 1)]
    assert titles[n:] == ["&Open lesson file…", "Speaker &notes", "&Close lesson",
                          "&New lesson from this session", "&Edit lesson…"]
    assert all("Assumes" in a.toolTip() for a in actions[:n])  # each summary says what it needs


def test_a_lesson_from_the_menu_takes_the_middle_and_the_step_keys(window, qtbot):
    menu_action(window, "&Lessons", "2.").trigger()
    player = window.lesson_player
    assert player.lesson.name == "perceptron"
    assert isinstance(window.central_view(), PerceptronView)
    assert window.caption_bar.isVisible()
    first = player.caption
    qtbot.keyClick(window, Key.Key_Right)
    assert player.index == 1 and player.caption != first
    qtbot.keyClick(window, Key.Key_Left)
    assert player.index == 0 and player.caption == first
    menu_action(window, "&Lessons", "6.").trigger()  # a network lesson shows the diagram
    assert window.central_view() is window.diagram
    window.act_close_lesson.trigger()
    assert player.lesson is None and not window.caption_bar.isVisible()
    before = window.session.step_index
    qtbot.keyClick(window, Key.Key_Right)  # the keys step the session again
    assert window.session.step_index == before + 1


def test_presentation_from_the_view_menu_and_back(window, qtbot):
    toggle = menu_action(window, "&View", "Presentation mode")
    toggle.trigger()
    assert window.presentation.active and window.isFullScreen()
    assert window.styleSheet() == high_contrast_stylesheet(window.presentation.floor)
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Key.Key_Escape)
    assert not window.presentation.active and not window.isFullScreen()
    assert window.menuBar().isVisible() and window.styleSheet() == ""


def test_export_dialog_writes_a_png_at_the_chosen_scale(window, tmp_path, monkeypatch):
    def run(dialog):
        dialog.set_choice("diagram", "png")
        dialog.scale.setCurrentIndex(dialog.scale.findData(2.0))
        dialog.path.setText(str(tmp_path / "picture.png"))
        dialog._export_clicked()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    window.export_dialog()
    image = QtGui.QImage(str(tmp_path / "picture.png"))
    assert image.width() == 2 * window.diagram.width()
    assert image.height() == 2 * window.diagram.height()
    assert "picture.png" in window.statusBar().currentMessage()
    assert window.export_folder == str(tmp_path)


def test_copy_picture_puts_the_middle_view_on_the_clipboard_at_2x(window, qtbot):
    qtbot.keyClick(window, Key.Key_C, QtCore.Qt.KeyboardModifier.ControlModifier
                   | QtCore.Qt.KeyboardModifier.ShiftModifier)
    image = QtWidgets.QApplication.clipboard().image()
    assert (image.width(), image.height()) == (2 * window.diagram.width(),
                                               2 * window.diagram.height())


def test_export_trace_writes_csv_and_refuses_other_suffixes(window, tmp_path, monkeypatch):
    chosen = [str(tmp_path / "trace.csv")]
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (chosen[0], ""))
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))
    window.export_trace_dialog()
    lines = (tmp_path / "trace.csv").read_text().splitlines()
    assert lines[0] == "record,layer,j,k,sample,z,a,delta,y,before,gradient,after"
    z, a = (float(v) for v in lines[10].split(",")[5:7])  # layer 2, neuron 1, sample 2
    layer = window.session.trace.layers[0]
    assert (z, a) == (layer.z[1, 0], layer.a[1, 0])
    assert not shown
    chosen[0] = str(tmp_path / "trace.txt")
    window.export_trace_dialog()
    assert "must end in .csv or .json" in shown[0]
    assert not (tmp_path / "trace.txt").exists()


@pytest.mark.parametrize("args, words", [
    (["--lesson", "nope"], "nope"),
    (["tests/data/minimal.json", "--lesson", "perceptron"], "not both"),
])
def test_bad_lesson_arguments_exit_2_before_a_window_opens(repo_root, args, words):
    res = subprocess.run([sys.executable, "main.py", *args], cwd=repo_root,
                         capture_output=True, text=True, timeout=60,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert res.returncode == 2
    assert words in res.stderr and "Traceback" not in res.stderr
