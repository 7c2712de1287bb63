"""File → Export while presenting: the pictures look like the screen (projector type and
colours), unless the lecturer unticks "As presented"; checked by the colours of the PNG."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from app.session import Session
from tests.conftest import show_widget
from widgets.diagram.theme import BAND
from widgets.main_window import MainWindow

PROJECTOR_BAND = (255, 222, 120)  # the high-contrast theme's band behind the active layer
DESK_BAND = (BAND.red(), BAND.green(), BAND.blue())


def colours(path) -> np.ndarray:
    image = QtGui.QImage(str(path)).convertToFormat(QtGui.QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def share(pixels: np.ndarray, rgb) -> float:
    return float(np.all(pixels == np.array(rgb, np.uint8), axis=-1).mean())


@pytest.fixture
def presenting(qtbot):
    window = show_widget(qtbot, MainWindow(Session()), 1280, 720)
    window.presentation.enter(QtCore.QSize(1280, 720))
    qtbot.wait(20)
    yield window
    window.presentation.leave()  # (no-op once the test left)


def test_an_export_while_presenting_looks_like_the_screen(presenting, tmp_path):
    window = presenting
    dialog = window.new_export_dialog()
    assert dialog.as_shown.isChecked() and not dialog.as_shown.isHidden()
    dialog.set_choice("diagram", "png")
    dialog.scale.setCurrentIndex(dialog.scale.findData(1.0))
    dialog.path.setText(str(tmp_path / "shown.png"))
    written = dialog.export()[0]
    pixels = colours(written)
    assert pixels.shape[:2] == (window.diagram.height(), window.diagram.width())
    assert share(pixels, PROJECTOR_BAND) > 0.02 and share(pixels, DESK_BAND) == 0
    screen = colours_of(window.diagram.grab().toImage(), tmp_path / "screen.png")
    assert share(screen, PROJECTOR_BAND) == pytest.approx(share(pixels, PROJECTOR_BAND),
                                                          abs=0.01)
    assert not window.diagram.exports_as_shown  # the export's style is not left behind

    dialog.as_shown.setChecked(False)  # the desk's style, asked for
    dialog.path.setText(str(tmp_path / "desk.png"))
    desk = colours(dialog.export()[0])
    assert share(desk, DESK_BAND) > 0.02 and share(desk, PROJECTOR_BAND) == 0

    dialog.as_shown.setChecked(True)  # the whole window: its diagram as projected too
    dialog.set_choice("window", "png")
    dialog.path.setText(str(tmp_path / "window.png"))
    whole = colours(dialog.export()[0])
    assert whole.shape[:2] == (720, 1280)
    assert share(whole, PROJECTOR_BAND) > 0.01 and share(whole, DESK_BAND) == 0

    window.presentation.leave()  # at the desk the choice is not offered
    desk_dialog = window.new_export_dialog()
    assert desk_dialog.as_shown.isHidden() and not desk_dialog.as_shown.isChecked()


def colours_of(image: QtGui.QImage, path) -> np.ndarray:
    image.save(str(path))
    return colours(path)
