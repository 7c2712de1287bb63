"""Presentation mode: enter and leave round-trip the window; big, high-contrast drawing;
the blank screen, the step keys and the spotlight, checked by pixels read back."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui
from PySide6.QtTest import QTest

from app.session import Session
from tests.conftest import show_widget
from tests.test_diagram import diagram_image
from widgets.diagram.edges import spotlight_rows
from widgets.diagram.layout import MAX_RADIUS, Area, scaled_layout
from widgets.diagram.theme import VEIL
from widgets.main_window import LAYOUT_VERSION, MainWindow
from widgets.presentation import high_contrast_stylesheet
from widgets.projector import floor_px

KEY = QtCore.Qt.Key
LEFT = QtCore.Qt.MouseButton.LeftButton
FORWARD_2, FORWARD_3 = 1, 2  # XOR demo step indices


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session())
    show_widget(qtbot, w, 1200, 800)
    return w


@pytest.fixture
def show(window):
    return window.presentation


def pixel(image: QtGui.QImage, x: float, y: float) -> tuple[int, int, int]:
    c = image.pixelColor(int(round(x)), int(round(y)))
    return c.red(), c.green(), c.blue()


def settle(qtbot) -> None:
    qtbot.wait(10)


def test_enter_and_leave_round_trip_the_window_layout(window, show, qtbot):
    window.docks["loss"].hide()  # a layout the user made: leaving must bring exactly this back
    settle(qtbot)
    state, size = window.saveState(LAYOUT_VERSION), window.size()
    bar_height = window.step_bar.height()  # the stylesheet must not leave the buttons smaller
    visible = {name: dock.isVisible() for name, dock in window.docks.items()}
    assert visible["loss"] is False and visible["matrices"] is True

    show.enter()
    settle(qtbot)
    assert show.active and window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert {n for n, d in window.docks.items() if d.isVisible()} == {"inspector"}
    assert window.styleSheet() == high_contrast_stylesheet(show.floor) != ""

    show.leave()
    settle(qtbot)
    assert not show.active and not window.isFullScreen()
    assert window.saveState(LAYOUT_VERSION) == state
    assert {name: dock.isVisible() for name, dock in window.docks.items()} == visible
    assert window.size() == size
    assert window.step_bar.height() == bar_height
    assert window.styleSheet() == ""
    assert window.menuBar().isVisible() and window.statusBar().isVisible()


def test_a_lesson_chooses_the_docks_shown(window, show, qtbot):
    window.open_lesson("xor-network")  # its docks: inspector and loss
    show.enter()
    settle(qtbot)
    assert {n for n, d in window.docks.items() if d.isVisible()} == {"inspector", "loss"}
    window.lesson_player.close()  # back to the default while presenting
    assert {n for n, d in window.docks.items() if d.isVisible()} == {"inspector"}


def test_presentation_draws_bigger_text_and_black_outlines(window, show, qtbot):
    d = window.diagram
    window.session.go_to_step(FORWARD_2)
    settle(qtbot)  # the window's first layout passes are done
    before = d.text_points()
    r0 = float(d.neuron_rect(2, 0).width()) / 2
    c0 = d.neuron_center(2, 0)
    normal = pixel(d.grab().toImage(), c0.x() + r0, c0.y())
    assert min(normal) > 40  # the desk outline is dark grey (70, 70, 70), antialiased

    show.enter()
    settle(qtbot)
    floor = show.floor
    assert floor == floor_px(window.screen().geometry().height()) >= 20
    sizes = d.text_px()
    assert min(sizes.values()) == floor and sizes["caption"] > floor
    assert all(d.text_points()[k] > before[k] for k in before)
    r = float(d.neuron_rect(2, 0).width()) / 2
    c = d.neuron_center(2, 0)
    assert pixel(d.grab().toImage(), c.x() + r, c.y()) == (0, 0, 0)  # a thick black outline
    assert window.caption_bar.floor == floor
    window.step_bar.label.ensurePolished()
    assert window.step_bar.label.font().pixelSize() == floor

    show.leave()
    settle(qtbot)
    assert d.text_points() == before
    assert window.caption_bar.floor is None and window.caption_bar.scale == 1.0
    assert pixel(d.grab().toImage(), c0.x() + r0, c0.y()) == normal


def test_exported_images_keep_the_desk_style_while_presenting(window, show, qtbot):
    before = diagram_image(window.diagram, 640, 400)
    show.enter()
    settle(qtbot)
    assert diagram_image(window.diagram, 640, 400) == before


def test_b_blanks_the_screen_and_b_or_a_step_key_brings_it_back(window, show, qtbot):
    show.enter()
    settle(qtbot)
    middle = (window.width() / 2, window.height() / 2)
    QTest.keyClick(window, KEY.Key_B)
    assert show.blanked
    image = window.grab().toImage()
    assert pixel(image, *middle) == (0, 0, 0)
    assert pixel(image, 5, 5) == (0, 0, 0)
    QTest.keyClick(window, KEY.Key_B)
    assert not show.blanked
    assert pixel(window.grab().toImage(), *middle) != (0, 0, 0)

    step = window.session.step_index
    QTest.keyClick(window, KEY.Key_B)
    QTest.keyClick(window, KEY.Key_Right)  # brings the picture back without stepping
    assert not show.blanked and window.session.step_index == step
    QTest.keyClick(window, KEY.Key_Right)
    assert window.session.step_index == step + 1


def test_page_keys_step_the_session_or_the_open_lesson(window, show, qtbot):
    s = window.session
    start = s.step_index
    QTest.keyClick(window, KEY.Key_PageDown)
    assert s.step_index == start + 1
    QTest.keyClick(window, KEY.Key_PageUp)
    assert s.step_index == start
    window.open_lesson("xor-network")
    player = window.lesson_player
    QTest.keyClick(window, KEY.Key_PageDown)
    QTest.keyClick(window, KEY.Key_PageDown)
    assert player.index == 2
    QTest.keyClick(window, KEY.Key_PageUp)
    assert player.index == 1


def test_f11_toggles_and_esc_leaves(window, show, qtbot):
    QTest.keyClick(window, KEY.Key_F11)
    assert show.active and show.actions["toggle"].isChecked()
    QTest.keyClick(window, KEY.Key_Escape)
    assert not show.active and not show.actions["leave"].isEnabled()
    QTest.keyClick(window, KEY.Key_F11)
    QTest.keyClick(window, KEY.Key_F11)
    assert not show.active


def test_a_click_spotlights_a_neuron_and_dims_the_rest(window, show, qtbot):
    d = window.diagram
    d.set_show_values(False)  # the centre pixel is the neuron's fill
    window.session.go_to_step(FORWARD_3)
    QTest.mouseClick(d, LEFT, pos=d.neuron_center(2, 1).toPoint())
    assert d.spotlight is None  # at the desk a click only selects
    show.enter()
    settle(qtbot)
    centres = {n: d.neuron_center(*n) for n in ((2, 0), (2, 1), (3, 0))}
    image = d.grab().toImage()
    before = {n: pixel(image, p.x(), p.y()) for n, p in centres.items()}

    QTest.mouseClick(d, LEFT, pos=centres[(2, 1)].toPoint())
    assert d.spotlight == (2, 1)
    assert window.session.selection.neuron == (2, 1)
    image = d.grab().toImage()
    lit = {n: pixel(image, p.x(), p.y()) for n, p in centres.items()}
    assert lit[(2, 1)] == before[(2, 1)]
    alpha = VEIL.alpha() / 255
    for n in ((2, 0), (3, 0)):  # under the white veil: lighter, towards grey-white
        expected = [c + (255 - c) * alpha for c in before[n]]
        assert np.allclose(lit[n], expected, atol=2), (n, lit[n], expected)
        assert sum(lit[n]) > sum(before[n])

    QTest.mouseClick(d, LEFT, pos=QtCore.QPoint(8, d.height() // 2))  # empty space
    assert d.spotlight is None
    image = d.grab().toImage()
    assert {n: pixel(image, p.x(), p.y()) for n, p in centres.items()} == before
    QTest.mouseClick(d, LEFT, pos=centres[(2, 1)].toPoint())
    show.leave()
    assert d.spotlight is None


def test_spotlight_rows_are_the_edges_into_and_out_of_the_neuron():
    # 2-3-1: W² rows 0..5 (row j·2 + k), W³ rows 6..8 (6 + k)
    assert spotlight_rows((2, 3, 1), 2, 1).tolist() == [2, 3, 7]
    assert spotlight_rows((2, 3, 1), 1, 0).tolist() == [0, 2, 4]
    assert spotlight_rows((2, 3, 1), 3, 0).tolist() == [6, 7, 8]


def test_scaled_layout_multiplies_the_caps_and_stays_in_the_area():
    area = Area(100, 50, 1200, 800)
    lay = scaled_layout((2, 2, 1), area, scale=1.5)
    assert lay.radii.tolist() == [MAX_RADIUS * 1.5] * 3  # capped at 42 px → 63 px
    assert lay.xs.tolist() == [100, 700, 1300]
    ys = np.concatenate(lay.ys)
    assert ys.min() >= 50 and ys.max() <= 850
    assert lay.ys[2].tolist() == [450.0]  # the single output neuron sits in the middle


def test_presenting_puts_the_lessons_docks_in_one_column_of_tabs(window, show, qtbot):
    """The lesson's bottom dock becomes a tab beside the Inspector, the step and caption
    bars span the window's bottom, the +/- strip goes, the Inspector's type is set in
    pixels (at least the floor), the speed slider hides; D brings the next tab forward."""
    window.open_lesson("xor-network")  # docks: inspector and loss (a bottom dock)
    assert window.diagram.control_rect("add_neuron", 2) is not None
    caption_points = window.inspector.caption.font().pointSizeF()
    show.enter()
    settle(qtbot)
    assert window.docks["loss"] in window.tabifiedDockWidgets(window.docks["inspector"])
    assert window.diagram.control_rect("add_neuron", 2) is None
    assert window.inspector.caption.font().pixelSize() >= show.floor
    assert not window.step_bar.speed.isVisible()
    assert window.caption_bar.width() == window.step_bar.width() == window.width()
    assert show.arrangement.front() is window.docks["inspector"]
    QTest.keyClick(window, KEY.Key_D)
    settle(qtbot)
    assert show.arrangement.front() is window.docks["loss"]
    show.leave()
    settle(qtbot)
    assert window.docks["loss"] not in window.tabifiedDockWidgets(window.docks["inspector"])
    assert window.inspector.caption.font().pointSizeF() == caption_points
    assert window.step_bar.speed.isVisible()
    assert window.diagram.control_rect("add_neuron", 2) is not None
    assert window.caption_bar.parentWidget() is window.step_bar.parentWidget()
    assert window.centralWidget().isAncestorOf(window.caption_bar)
