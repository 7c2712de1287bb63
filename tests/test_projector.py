"""The projector's type: its floor by screen height, desk sizes projected onto it, and the
fonts of widgets and plots raised and put back exactly; a lesson's caption one size."""

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.lesson_player import LessonPlayer
from tests.conftest import show_widget
from widgets.caption_bar import CaptionBar
from widgets.projector import (
    Projector,
    floor_px,
    font_px,
    projected_css,
    projected_px,
    projected_size,
)
from widgets.projector_plots import PlotProjector


@pytest.mark.parametrize("height,floor", [(600, 20), (720, 20), (768, 22), (900, 24),
                                          (1080, 28), (1440, 36)])
def test_the_floor_is_20_px_at_720_and_28_at_1080(height, floor):
    assert floor_px(height) == floor


def test_desk_sizes_keep_their_proportions_above_the_floor():
    assert projected_px(14.7, 20) == 20  # 11 pt: up to the floor
    assert projected_px(16.0, 20) == 20 and projected_px(32.0, 20) == 40
    assert projected_size("12pt", 28) == "28px" and projected_size(None, 22) == "22px"
    assert projected_css("<span style='font-size: 24pt'>x</span>", 20) == \
        "<span style='font-size: 40px'>x</span>"


def test_projector_raises_fonts_and_restores_them(qtbot):
    root = QtWidgets.QWidget()
    qtbot.addWidget(root)
    own = QtWidgets.QLabel("own font", root)
    font = own.font()
    font.setPointSize(11)
    own.setFont(font)
    inherited = QtWidgets.QLabel("inherited", root)
    projector = Projector()
    projector.apply([root], 24)
    assert font_px(own.font()) == 24 and font_px(inherited.font()) >= 24
    projector.apply([root], 24)  # again (a lesson step): nothing grows twice
    assert font_px(own.font()) == 24
    projector.restore()
    assert own.font().pointSize() == 11
    assert not inherited.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont)  # inherits again


def test_plot_projector_projects_axes_legends_and_lines_and_puts_them_back(qtbot):
    plot = pg.PlotWidget()
    show_widget(qtbot, plot, 400, 300)
    item = plot.getPlotItem()
    tick = QtGui.QFont()
    tick.setPointSize(11)
    axis = item.getAxis("bottom")
    axis.setTickFont(tick)
    item.setLabel("bottom", "iteration", **{"font-size": "12pt"})
    legend = item.addLegend(labelTextSize="12pt")
    curve = item.plot([0, 1], [0, 1], pen=pg.mkPen("b", width=2))
    legend.addItem(curve, "loss")
    plots = PlotProjector()
    plots.apply([plot], 28)
    assert font_px(axis.style["tickFont"]) == 28
    assert "font-size: 28px" in axis.labelString()
    axis.setTickFont(tick)  # a panel's later call is projected too
    assert font_px(axis.style["tickFont"]) == 28
    assert legend.items[0][1].opts["size"] == "28px"
    assert curve.opts["pen"].widthF() == pytest.approx(2 * 28 / 14)
    plots.restore()
    assert axis.style["tickFont"].pointSize() == 11
    assert "font-size: 12pt" in axis.labelString()
    assert legend.items[0][1].opts["size"] == "12pt"
    assert pg.mkPen(curve.opts["pen"]).widthF() == 2


def test_a_lessons_caption_keeps_one_size_and_height_through_its_steps(qtbot):
    player = LessonPlayer(None)
    bar = show_widget(qtbot, CaptionBar(player), 1280, 160)
    bar.set_projector(20)
    player.open("gradient-descent")
    sizes, heights = set(), set()
    for _ in range(player.n_steps):
        qtbot.wait(1)
        sizes.add(bar.caption_px())
        heights.add(bar.caption.height())
        player.next()
    assert sizes == {20.0} and len(heights) == 1
    bar.set_projector(None)  # the desk: one size too, the largest at which all fit 3 lines
    desk = bar.caption_points()
    assert 0.7 * 16 <= desk <= 16
    player.go_to(0)
    assert bar.caption_points() == desk
