"""``render --present --size``: projector frames headless; and the pictures ``render`` and
File → Export make of the diagram are the same picture, labels included."""

import subprocess
import sys

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from app.session import Session
from widgets import export
from widgets.diagram.painted import RecordingPainter
from widgets.main_window import MainWindow
from widgets.render import WINDOW_SIZE, parse_size, settle_frame, show_window


def render(repo_root, *args):
    return subprocess.run([sys.executable, "main.py", "render", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)


def pixels(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, :3 * image.width()].reshape(
        image.height(), image.width(), 3).astype(int)


def test_render_present_writes_projector_frames_of_the_given_size(repo_root, tmp_path):
    out = tmp_path / "we.png"
    r = render(repo_root, "--lesson", "worked-example", "--step", 7, "--present", "--size",
               "1366x768", "--out", out)
    assert r.returncode == 0, r.stderr
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    default = tmp_path / "default.png"
    assert render(repo_root, "--present", "--out", default).returncode == 0
    assert QtGui.QImage(str(default)).size() == QtCore.QSize(1280, 720)
    frames = tmp_path / "f.gif"
    r = render(repo_root, "--lesson", "xor-network", "--steps", "9:10", "--present", "--out",
               frames)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("size", ["12x", "1280", "100x100", "1280x99999", "axb"])
def test_render_refuses_a_bad_size(repo_root, tmp_path, size):
    r = render(repo_root, "--present", "--size", size, "--out", tmp_path / "x.png")
    assert r.returncode == 2 and "--size" in r.stderr and len(r.stderr.splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_parse_size():
    assert parse_size("1920x1080") == (1920, 1080) and parse_size("800×600") == (800, 600)


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w)
    show_window(w, WINDOW_SIZE)
    yield w
    w.session.dirty = False


def painted(diagram, width, height) -> list[str]:
    """The strings ``paint_to`` draws (what File → Export puts in the picture)."""
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    painter = RecordingPainter(image)
    try:
        diagram.paint_to(painter, width, height)
    finally:
        painter.end()
    return [t.text for t in painter.texts]


def test_render_and_export_make_the_same_diagram_labels_included(repo_root, tmp_path, window,
                                                                   qapp):
    rendered = tmp_path / "render.png"
    r = render(repo_root, "--what", "diagram", "--step", 2, "--out", rendered)
    assert r.returncode == 0, r.stderr
    window.session.go_to_step(2)
    settle_frame(window, qapp)
    exported = export.export_png(window.diagram, tmp_path / "export.png")  # File → Export's
    a, b = QtGui.QImage(str(rendered)), QtGui.QImage(str(exported))
    assert a.size() == b.size() == window.diagram.size()
    difference = np.abs(pixels(a) - pixels(b)).max(axis=2)
    assert (difference > 48).mean() < 0.002 and difference.mean() < 1.0  # antialiasing only
    d = window.diagram
    texts = painted(d, d.width(), d.height())
    assert {"x₁ = 0", "x₂ = 0", "y = 0"} <= set(texts), texts
    d.grab()
    controls = {"+", "−", "×", "+ layer", "× layer"}  # the screen's +/− buttons, not exported
    shown = [t.text for t in d.painted_texts if t.text not in controls]
    assert sorted(texts) == sorted(shown)  # the words the window shows, every one


def test_step_range_frames_show_the_inspector_laid_out(window, qapp):
    """Each frame of ``render --steps`` (settle_frame, then the grab) shows the Inspector
    as laid out for that step: no label over another, the derivation not scrolled away."""
    from tests.legibility_audit import shown_text_widgets

    window.open_lesson("worked-example")
    inspector = window.inspector
    for i in range(8):
        window.lesson_player.go_to(i)
        settle_frame(window, qapp)
        labels = [w for w in shown_text_widgets(window) if inspector.isAncestorOf(w)]
        assert labels and inspector.scroll.verticalScrollBar().maximum() == 0, i
        boxes = [QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)), w.size()) for w in labels]
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                assert not boxes[a].intersects(boxes[b]), (i, labels[a].text(), labels[b].text())
