"""pyqtgraph plots at the projector's type floor (widgets.projector): tick fonts, axis labels,
legends and text items projected, axes given room for the bigger ticks, lines and markers
drawn thicker; ``restore`` undoes every change.

Panels go on calling their own setters while presenting (a new axis label when the x axis
changes, a fresh legend entry): the setters of the items found are wrapped per instance,
so what a panel sets later is projected too, and unwrapped on ``restore``. Items a view
makes anew (a lesson view redraws its curves every step) are projected by calling
``apply`` again: items seen before are left alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6 import QtGui

from widgets.projector import (
    DESK_BODY_PX,
    line_scale,
    projected_css,
    projected_font,
    projected_size,
)


def _scaled_pen(pen, k: float) -> QtGui.QPen:
    out = QtGui.QPen(pg.mkPen(pen))
    out.setWidthF(max(out.widthF(), 1.0) * k)
    return out


class PlotProjector:
    """Projects every pyqtgraph item under some widgets; remembers how to undo it."""

    def __init__(self):
        self.floor = 0.0
        self._undo: dict[int, tuple[object, Callable[[], None]]] = {}

    def apply(self, roots, floor: float) -> None:
        self.floor = float(floor)
        for root in roots:
            views = [root] if isinstance(root, pg.GraphicsView) else []
            for view in views + root.findChildren(pg.GraphicsView):
                for item in view.scene().items():
                    if not self._known(item):
                        self._project(item)

    def _known(self, item) -> bool:
        known = self._undo.get(id(item))
        return known is not None and known[0] is item

    def restore(self) -> None:
        for _item, undo in reversed(list(self._undo.values())):
            try:
                undo()
            except RuntimeError:  # the item was deleted meanwhile
                continue
        self._undo.clear()
        self.floor = 0.0

    # --- per item ---------------------------------------------------------------------

    def _project(self, item) -> None:
        for kind, method in ((pg.AxisItem, self._axis), (pg.LegendItem, self._legend),
                             (pg.LabelItem, self._label), (pg.TextItem, self._text),
                             (pg.PlotDataItem, self._data), (pg.InfiniteLine, self._line)):
            if isinstance(item, kind):
                self._undo[id(item)] = (item, method(item))
                return
        if isinstance(item, (pg.PlotCurveItem, pg.ScatterPlotItem)) and not isinstance(
                item.parentItem(), pg.PlotDataItem):
            self._undo[id(item)] = (item, self._curve(item))

    def _axis(self, axis: pg.AxisItem):
        floor = self.floor
        desk = {"font": axis.style.get("tickFont") or QtGui.QFont(), "pen": axis.pen(),
                "width": axis.fixedWidth, "height": axis.fixedHeight}
        grow = max(floor / (0.92 * DESK_BODY_PX), 1.0)  # ticks are a little under the body

        def set_tick_font(font):
            desk["font"] = font or QtGui.QFont()
            pg.AxisItem.setTickFont(axis, projected_font(desk["font"], floor))

        axis.setTickFont = set_tick_font
        axis.labelString = lambda: _with_size(pg.AxisItem.labelString(axis), floor)
        set_tick_font(desk["font"])
        pg.AxisItem.setPen(axis, _scaled_pen(desk["pen"], line_scale(floor)))
        if desk["width"] is not None:
            pg.AxisItem.setWidth(axis, round(desk["width"] * grow))
        if desk["height"] is not None:
            pg.AxisItem.setHeight(axis, round(desk["height"] * grow))
        axis._updateLabel()

        def undo():
            del axis.setTickFont, axis.labelString
            pg.AxisItem.setTickFont(axis, desk["font"])
            pg.AxisItem.setPen(axis, desk["pen"])
            if desk["width"] is not None:
                pg.AxisItem.setWidth(axis, desk["width"])
            if desk["height"] is not None:
                pg.AxisItem.setHeight(axis, desk["height"])
            axis._updateLabel()
        return undo

    def _legend(self, legend: pg.LegendItem):
        desk = legend.opts.get("labelTextSize")
        legend.opts["labelTextSize"] = projected_size(desk, self.floor)
        for _sample, label in legend.items:
            if not self._known(label):
                self._undo[id(label)] = (label, self._label(label))

        def undo():
            legend.opts["labelTextSize"] = desk
        return undo

    def _label(self, label: pg.LabelItem):
        floor = self.floor
        desk = {"size": label.opts.get("size")}

        def set_text(text, **args):
            if "size" in args:
                desk["size"] = args["size"]
            args["size"] = projected_size(desk["size"], floor)
            pg.LabelItem.setText(label, text, **args)

        label.setText = set_text
        set_text(label.text)

        def undo():
            del label.setText
            pg.LabelItem.setText(label, label.text, size=desk["size"])
            if desk["size"] is None:
                label.opts.pop("size", None)
                pg.LabelItem.setText(label, label.text)
        return undo

    def _text(self, item: pg.TextItem):
        desk = QtGui.QFont(item.textItem.font())
        item.setFont(projected_font(desk, self.floor))
        return lambda: item.setFont(desk)

    def _data(self, item: pg.PlotDataItem):
        k = line_scale(self.floor)
        pen, size = item.opts.get("pen"), item.opts.get("symbolSize")
        if pen is not None:
            item.setPen(_scaled_pen(pen, k))
        if item.opts.get("symbol") is not None and size:
            item.setSymbolSize(size * k)

        def undo():
            if pen is not None:
                item.setPen(pen)
            if item.opts.get("symbol") is not None and size:
                item.setSymbolSize(size)
        return undo

    def _curve(self, item):
        k = line_scale(self.floor)
        if isinstance(item, pg.ScatterPlotItem):
            size = item.opts.get("size", 7)
            item.setSize(size * k)
            return lambda: item.setSize(size)
        pen = item.opts.get("pen")
        item.setPen(_scaled_pen(pen, k))
        return lambda: item.setPen(pen)

    def _line(self, line: pg.InfiniteLine):
        pen = QtGui.QPen(line.pen)
        line.setPen(_scaled_pen(pen, line_scale(self.floor)))
        return lambda: line.setPen(pen)


def _with_size(html: str, floor: float) -> str:
    """An axis label's HTML at the projected size (the floor where it gives none)."""
    if "font-size" not in html:
        html = html.replace("style='", f"style='font-size: {int(floor)}px; ", 1)
    return projected_css(html, floor)
