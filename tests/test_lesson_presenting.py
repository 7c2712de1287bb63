"""The lecture script against the window's caption bar; speaker notes while presenting: the
presenter view with two screens (fake screens through widgets.screens.screens, the test
seam), the notes pane (N) with one, never in exports; Lessons → Open lesson file…"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.lessons import LESSON_DIR, list_lessons
from app.session import Session
from model.notation import clock
from tests.test_main_window import forget_changes
from widgets import screens
from widgets.export import widget_image
from widgets.main_window import MainWindow
from widgets.projector import font_px
from widgets.speaker_notes import preview

NOTES = ["Ask the hall: which way will x move?", "", "Students often think η is the step "
         "itself; it only scales the slope.\nSecond line."]

ROOT = Path(__file__).resolve().parent.parent


class FakeScreen:
    def __init__(self, name: str, rect: QtCore.QRect):
        self._name, self._rect = name, rect

    def geometry(self) -> QtCore.QRect:
        return QtCore.QRect(self._rect)

    def name(self) -> str:
        return self._name


LAPTOP = FakeScreen("laptop", QtCore.QRect(0, 0, 1280, 720))
PROJECTOR = FakeScreen("projector", QtCore.QRect(1280, 0, 1920, 1080))


@pytest.fixture(scope="module")
def shared(qapp, tmp_path_factory):
    """One window for the module (a window costs more than these tests), and a lesson file
    of three steps with notes on two."""
    obj = json.loads((LESSON_DIR / "08-gradient-descent.json").read_text("utf-8"))
    obj["steps"] = obj["steps"][:3]
    for step, notes in zip(obj["steps"], NOTES, strict=True):
        step.pop("notes", None)
        if notes:
            step["notes"] = notes
    path = tmp_path_factory.mktemp("lesson") / "mine.json"
    path.write_text(json.dumps(obj), "utf-8")
    w = MainWindow(Session())
    w.resize(1280, 720)
    w.show()
    yield w, path
    forget_changes(w)
    w.close()
    w.deleteLater()


@pytest.fixture
def window(shared, qtbot):
    w, path = shared
    if w.presentation.active:
        w.presentation.leave()
    w.session.dirty = False
    w.act_notes.setChecked(False)
    w.notes_pane_toggled(False)
    assert w.open_lesson(str(path))
    qtbot.waitExposed(w)
    return w


def labels_px(widget) -> list[float]:
    return [font_px(label.font()) for label in widget.findChildren(QtWidgets.QLabel)
            if label.isVisibleTo(widget) and label.text()]


SCRIPTS = """
import json, sys
from app.lesson_script import lesson_script
from app.lessons import lesson_names
print(json.dumps({n: lesson_script(n, "markdown") for n in lesson_names()}))
"""


def script_captions(markdown: str, n: int) -> list[str]:
    """The caption under each "## Step i of n" heading of a markdown script."""
    out = []
    for i in range(1, n + 1):
        head = f"## Step {i} of {n}\n\n"
        assert markdown.count(head) == 1
        out.append(markdown.split(head, 1)[1].split("\n\n", 1)[0].rstrip("\n"))
    return out


def test_the_script_says_what_the_caption_bar_shows_at_every_step_of_every_lesson(shared):
    """Every built-in lesson's script, made headless by one process of its own (running
    while this one plays the lessons), against one window played with Next."""
    scripts = subprocess.Popen([sys.executable, "-c", SCRIPTS], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    window = shared[0]
    shown: dict[str, list[str]] = {}
    for lesson in list_lessons():
        window.session.dirty = False  # nothing to ask about between lessons
        assert window.open_lesson(lesson.name)
        shown[lesson.name] = [window.caption_bar.caption.text()]
        for i in range(1, len(lesson.steps)):
            if window.lesson_player.asking:  # an exercise's "ask": the hall's reveal
                window.lesson_player.reveal(record=False)
            window.act_next.trigger()
            assert window.caption_bar.counter.text() == f"step {i + 1} of {len(lesson.steps)}"
            shown[lesson.name].append(window.caption_bar.caption.text())
    out, err = scripts.communicate(timeout=120)
    assert scripts.returncode == 0, err
    written = json.loads(out)
    assert list(written) == list(shown)
    for lesson in list_lessons():
        n, md = len(lesson.steps), written[lesson.name]
        assert script_captions(md, n) == shown[lesson.name], lesson.name
        assert all("{" not in text for text in shown[lesson.name])
        for step in lesson.steps:
            if step.notes:
                assert "\n".join(f"> {line}" if line else ">"
                                 for line in step.notes.splitlines()) in md


def test_two_screens_audience_on_the_second_presenter_on_the_first(window, monkeypatch,
                                                                  qtbot):
    monkeypatch.setattr(screens, "screens", lambda: [LAPTOP, PROJECTOR])
    window.act_notes.setChecked(True)
    window.notes_pane_toggled(True)
    window.presentation.enter()
    qtbot.wait(10)
    p = window.presentation.presenter
    assert p is not None and p.isVisible()
    for widget, screen in ((window, PROJECTOR), (p, LAPTOP)):  # the hall's, the lecturer's
        assert widget.size() == screen.geometry().size()
        assert screen.geometry().contains(widget.geometry().center())
    assert window.presentation.floor == 28  # the projector's 1080 rows
    assert min(labels_px(p)) >= 20 and font_px(p.now.font()) >= 25  # the laptop's 720
    assert not window.notes_pane.isVisible()  # notes on the lecturer's screen only
    assert p.now.text() == window.caption_bar.caption.text()
    lesson = window.lesson_player.lesson
    assert p.next.text() == preview(lesson.steps[1].caption)
    assert "‹" in p.next.text() and "{" not in p.next.text()
    assert p.notes.text() == NOTES[0] and p.counter.text() == "step 1 of 3"
    assert p.steps.count() == 3 and p.steps.currentRow() == 0
    p.steps.itemClicked.emit(p.steps.item(2))  # click the last step
    assert window.lesson_player.index == 2 and p.steps.currentRow() == 2
    assert window.caption_bar.caption.text() == p.now.text()
    assert p.notes.text() == NOTES[2] and p.next.text() == "(the last step)"
    window.lesson_player.go_to(0)
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow, timeout=2000)
    qtbot.keyClick(p, QtCore.Qt.Key.Key_Right)  # the lecturer's keys work on their screen
    assert window.lesson_player.index == 1 and p.counter.text() == "step 2 of 3"
    assert p.notes.text() == "No notes for this step."
    qtbot.keyClick(p, QtCore.Qt.Key.Key_B)
    assert window.presentation.blanked  # the hall's screen goes black, not the lecturer's
    qtbot.keyClick(p, QtCore.Qt.Key.Key_B)
    assert not window.presentation.blanked
    p.started = QtCore.QElapsedTimer()  # a clock started 0 ms ago …
    p.started.start()
    p.tick()
    assert p.clock.text() == "0:00"
    monkeypatch.setattr(p, "elapsed", lambda: 754.9)
    p.tick()
    assert p.clock.text() == "12:34"
    window.presentation.leave()
    assert window.presentation.presenter is None
    assert window.notes_pane.isVisible()  # back on the desk: the pane is still wanted


def test_the_presenter_view_reads_on_a_1080_laptop_too(window, monkeypatch, qtbot):
    big = FakeScreen("laptop", QtCore.QRect(0, 0, 1920, 1080))
    small = FakeScreen("projector", QtCore.QRect(1920, 0, 1280, 720))
    monkeypatch.setattr(screens, "screens", lambda: [big, small])
    window.presentation.enter()
    p = window.presentation.presenter
    assert window.presentation.floor == 20 and min(labels_px(p)) >= 28
    image = p.grab().toImage()
    assert image.width() == 1920 and image.height() == 1080
    window.presentation.leave()


def test_one_screen_notes_pane_toggled_by_n_and_never_exported(window, qtbot, monkeypatch):
    monkeypatch.setattr(screens, "screens", lambda: [LAPTOP])
    window.presentation.enter(QtCore.QSize(1280, 720))
    assert window.presentation.presenter is None
    pane = window.notes_pane
    assert not pane.isVisible()  # never on by itself
    before = widget_image(window)
    window.act_notes.trigger()  # N
    assert window.act_notes.isChecked() and pane.isVisible()
    assert pane.text.text() == NOTES[0]
    assert font_px(pane.text.font()) >= 20 and font_px(pane.heading.font()) >= 20
    window.next_step()
    assert pane.text.text() == "No notes for this step."
    window.previous_step()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
    exported = widget_image(window)
    assert pane.isVisible()  # back after the picture

    def yellow_share(image: QtGui.QImage) -> float:
        px = np.frombuffer(image.convertToFormat(QtGui.QImage.Format.Format_RGB32).constBits(),
                           np.uint8).reshape(image.height(), image.width(), 4)[..., :3]
        return float(np.mean(np.all(px == (0xd6, 0xf8, 0xff), axis=-1)))  # BGR of #fff8d6

    assert yellow_share(window.grab().toImage()) > 0.03  # the screen shows the notes …
    assert yellow_share(exported) == yellow_share(before) == 0.0  # … pictures never do
    assert exported.size() == before.size()
    window.act_notes.trigger()
    assert not pane.isVisible()
    window.presentation.leave()


def test_open_lesson_file_and_a_bad_one_refused_naming_step_and_field(window, tmp_path,
                                                                      monkeypatch):
    obj = json.loads((LESSON_DIR / "08-gradient-descent.json").read_text("utf-8"))
    obj["steps"][3]["caption"] = "x = {trian_cost}"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(obj), "utf-8")
    said = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text: said.append((title, text)))
    monkeypatch.setattr(QtWidgets.QMessageBox, "question",
                        lambda *a, **k: pytest.fail("asked before the file was checked"))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(bad), "Lesson files (*.json)"))
    window.lesson_player.close()
    window.session.set_weight(2, 0, 0, 0.123)  # unsaved work
    weights = [w.copy() for w in window.session.network.weights]
    assert window.session.dirty
    assert not window.open_lesson_file()
    assert said == [("Cannot open lesson", "bad.json: steps[3].caption: unknown placeholder "
                     "{trian_cost}; known: " + said[0][1].split("known: ", 1)[1])]
    assert window.lesson_player.lesson is None and window.session.dirty
    for w, w0 in zip(window.session.network.weights, weights, strict=True):
        np.testing.assert_array_equal(w, w0)
    assert window.lesson_folder == str(tmp_path)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Lessons")
    texts = [a.text() for a in menu.actions()]
    assert "&Open lesson file…" in texts and "Speaker &notes" in texts


def test_the_clock_reads_as_a_clock():
    assert [clock(s) for s in (0, 7.9, 65, 725, 3725)] == ["0:00", "0:07", "1:05", "12:05",
                                                           "1:02:05"]
