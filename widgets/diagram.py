"""The network diagram: the app's central widget, painted with QPainter.

Geometry (chrome strips, neuron centres, drawn edge segments) is cached and rebuilt only on
``reset``, resize, zoom and pan; ``changed`` recomputes colours and edge groups (diagram_plan)
and repaints. Hover gives exact numbers in a tooltip and reports the edge to the session;
clicks select neurons and edges through the session. QGraphicsScene and pyqtgraph's GraphItem
were measured too slow for thousands of individually coloured edges, hence plain painting.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from widgets.diagram_layout import (
    compute_layout,
    edge_at,
    edge_offsets,
    edges_of_rows,
    neuron_at,
)
from widgets.diagram_paint import Scene, make_chrome, paint_base, paint_overlay, paint_scene
from widgets.diagram_plan import MAX_EDGES, make_plan
from widgets.diagram_text import (
    edge_tooltip,
    headline,
    headline_texts,
    legend_entries,
    legend_numbers,
    neuron_tooltip,
)

ZOOM_STEP = 1.25
MAX_ZOOM = 16.0
DRAG_START = 4  # px the mouse must move before a press on the background becomes a pan


class NetworkDiagram(QtWidgets.QWidget):
    """Neurons layer by layer, coloured by the step's quantity; edges by weight or gradient."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setMouseTracking(True)
        self.setMinimumSize(480, 360)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Expanding)
        self._show_values = True
        self._zoom = 1.0
        self._pan = (0.0, 0.0)
        self._drag: tuple[QtCore.QPointF, tuple[float, float], bool] | None = None
        self._geometry = None  # (chrome, layout), for the current size, zoom and pan
        self._segments = None  # (lines, reach) of the drawn edges
        self._base: QtGui.QImage | None = None  # background and edges, reused on hover
        session.reset.connect(self._on_reset)
        session.changed.connect(self._on_changed)
        session.selection_changed.connect(self.update)
        self._on_reset()

    # --- public -------------------------------------------------------------------------

    def neuron_center(self, layer: int, j: int) -> QtCore.QPointF:
        layout = self._layout()
        return QtCore.QPointF(float(layout.xs[layer - 1]), float(layout.ys[layer - 1][j]))

    def neuron_rect(self, layer: int, j: int) -> QtCore.QRectF:
        c, r = self.neuron_center(layer, j), float(self._layout().radii[layer - 1])
        return QtCore.QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)

    def edge_midpoint(self, layer: int, j: int, k: int) -> QtCore.QPointF:
        a, b = self.neuron_center(layer - 1, k), self.neuron_center(layer, j)
        return (a + b) / 2

    def set_show_values(self, show: bool) -> None:
        """Numbers inside the neurons (only ever drawn where they fit at a legible size)."""
        self._show_values = bool(show)
        self.update()

    def zoom_in(self) -> None:
        self._zoom_about(ZOOM_STEP, None)

    def zoom_out(self) -> None:
        self._zoom_about(1 / ZOOM_STEP, None)

    def fit(self) -> None:
        self._zoom, self._pan = 1.0, (0.0, 0.0)
        self._invalidate_geometry()

    def headline_lines(self) -> list[str]:
        """The lines drawn at the top: caption, what is shown, hidden-edge note if any."""
        s = self.session
        return headline_texts(s.step.caption, self._headline(), self._plan,
                              self._view.edge_quantity)

    def legend_lines(self) -> list[tuple[str, tuple[str, str, str]]]:
        """The legend as drawn: each colour bar's label and its low / middle / high numbers."""
        return [(label, legend_numbers(scale))
                for label, scale in legend_entries(self._plan, self._view.edge_quantity)[:2]]

    def render_to_image(self, width: int, height: int) -> QtGui.QImage:
        """The diagram fitted into a ``width`` × ``height`` image (headless render, export)."""
        chrome = self._chrome(width, height)
        layout = compute_layout(self._sizes, chrome.area)
        image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        painter = QtGui.QPainter(image)
        try:
            paint_scene(painter, self._scene(chrome, layout, layout.lines(self._plan.rows),
                                             hovered=False))
        finally:
            painter.end()
        return image

    # --- state --------------------------------------------------------------------------

    @property
    def _sizes(self) -> tuple[int, ...]:
        return tuple(self.session.network.sizes)

    def _on_reset(self) -> None:
        self._zoom, self._pan = 1.0, (0.0, 0.0)
        self._on_changed()
        self._invalidate_geometry()

    def _on_changed(self) -> None:
        s = self.session
        self._view = s.view()
        self._plan = make_plan(self._view, s.trace, s.network.activations,
                               s.scale_mode, s.locked_scale)
        self._segments = None
        self._base = None
        self.update()

    def _invalidate_geometry(self) -> None:
        self._geometry = None
        self._segments = None
        self._base = None
        self.update()

    def _chrome(self, width: int, height: int):
        s = self.session
        capped = int(edge_offsets(self._sizes)[-1]) > MAX_EDGES
        return make_chrome(width, height, self._sizes, self._activation_names(),
                           s.spec.data.feature_names, s.spec.data.target_names, capped,
                           [step.caption for step in s.trace.steps])

    def _activation_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.session.network.activations)

    def _layout(self):
        if self._geometry is None:
            chrome = self._chrome(self.width(), self.height())
            self._geometry = chrome, compute_layout(self._sizes, chrome.area, self._zoom,
                                                    self._pan)
        return self._geometry[1]

    def _drawn_segments(self):
        """Segments of the drawn edges and how near (px) the mouse must come to each."""
        if self._segments is None:
            lines = self._layout().lines(self._plan.rows)
            self._segments = lines, np.maximum(self._plan.widths / 2 + 2.0, 4.0)
        return self._segments

    def _scene(self, chrome, layout, lines, hovered: bool = True) -> Scene:
        s = self.session
        sel = s.selection
        return Scene(
            chrome=chrome, layout=layout, plan=self._plan, lines=lines, view=self._view,
            activation_names=self._activation_names(),
            feature_names=s.spec.data.feature_names, target_names=s.spec.data.target_names,
            caption=s.step.caption,
            headline=self._headline(),
            selected_neuron=sel.neuron, selected_edge=sel.edge,
            hovered_edge=sel.hovered_edge if hovered else None, show_values=self._show_values,
        )

    def _headline(self) -> str:
        s = self.session
        return headline(self._view, s.n_steps, s.sample, s.batch_size)

    # --- zoom and pan -------------------------------------------------------------------

    def _zoom_about(self, factor: float, at: QtCore.QPointF | None) -> None:
        """Zoom keeping the diagram point under ``at`` (default: the area's centre) in place."""
        self._layout()
        area = self._geometry[0].area
        cx, cy = area.center
        mx, my = (cx, cy) if at is None else (at.x(), at.y())
        new = min(max(self._zoom * factor, 1.0), MAX_ZOOM)
        ratio = new / self._zoom
        px, py = self._pan
        self._zoom = new
        self._set_pan(mx - cx - (mx - cx - px) * ratio, my - cy - (my - cy - py) * ratio)

    def _set_pan(self, x: float, y: float) -> None:
        self._layout()
        area = self._geometry[0].area
        lim_x = (self._zoom - 1) * (area.width / 2 + 40)
        lim_y = (self._zoom - 1) * (area.height / 2 + 40)
        self._pan = (min(max(x, -lim_x), lim_x), min(max(y, -lim_y), lim_y))
        self._invalidate_geometry()

    # --- events -------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Edges come from a cached image, so hovering repaints only neurons and text."""
        layout = self._layout()
        scene = self._scene(self._geometry[0], layout, self._drawn_segments()[0])
        if self._base is None or self._base.size() != self.size() * self.devicePixelRatioF():
            ratio = self.devicePixelRatioF()
            self._base = QtGui.QImage(self.size() * ratio,
                                      QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            self._base.setDevicePixelRatio(ratio)
            base_painter = QtGui.QPainter(self._base)
            try:
                paint_base(base_painter, scene)
            finally:
                base_painter.end()
        painter = QtGui.QPainter(self)
        try:
            painter.drawImage(0, 0, self._base)
            paint_overlay(painter, scene)
        finally:
            painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._invalidate_geometry()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier:
            self._zoom_about(ZOOM_STEP ** steps, event.position())
        elif self._zoom > 1:
            self._set_pan(self._pan[0], self._pan[1] + 60 * steps)
        else:
            event.ignore()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        neuron, edge = self._hit(event.position())
        if neuron is not None:
            self.session.select_neuron(*neuron)
        elif edge is not None:
            self.session.select_edge(edge)
        else:
            self._drag = (event.position(), self._pan, False)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        if self._drag is not None:
            start, pan, moved = self._drag
            delta = pos - start
            if moved or abs(delta.x()) + abs(delta.y()) > DRAG_START:
                self._drag = (start, pan, True)
                if self._zoom > 1:
                    self.setCursor(QtCore.Qt.CursorShape.ClosedHandCursor)
                    self._set_pan(pan[0] + delta.x(), pan[1] + delta.y())
            return
        neuron, edge = self._hit(pos)
        self.session.hover_edge(edge if neuron is None else None)
        self._show_tooltip(neuron, edge, event.globalPosition().toPoint())
        pointing = neuron is not None or edge is not None
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor if pointing
                       else QtCore.Qt.CursorShape.OpenHandCursor if self._zoom > 1
                       else QtCore.Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag is not None and event.button() == QtCore.Qt.MouseButton.LeftButton:
            if not self._drag[2]:
                self.session.select_neuron(None)
            self._drag = None
            self.unsetCursor()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.session.hover_edge(None)
        self.setToolTip("")
        super().leaveEvent(event)

    def _hit(self, pos: QtCore.QPointF):
        """(neuron, None), (None, edge) or (None, None) under ``pos``."""
        layout = self._layout()
        chrome = self._geometry[0]
        x, y = pos.x(), pos.y()
        if not chrome.header <= y <= chrome.legend_y:
            return None, None
        neuron = neuron_at(layout, x, y)
        if neuron is not None:
            return neuron, None
        lines, reach = self._drawn_segments()
        index = edge_at(lines, reach, x, y)
        if index is None:
            return None, None
        layer, j, k = edges_of_rows(self._sizes, self._plan.rows[index:index + 1])
        return None, (int(layer[0]), int(j[0]), int(k[0]))

    def _show_tooltip(self, neuron, edge, global_pos: QtCore.QPoint) -> None:
        s = self.session
        if neuron is not None:
            text = neuron_tooltip(s.trace, self._view, neuron[0], neuron[1], s.sample,
                                  s.batch_size, self._activation_names())
        elif edge is not None:
            text = edge_tooltip(s.trace, self._view, edge)
        else:
            text = ""
        if text != self.toolTip():
            self.setToolTip(text)
            if not text:
                QtWidgets.QToolTip.hideText()
            elif QtWidgets.QToolTip.isVisible():
                QtWidgets.QToolTip.showText(global_pos, text, self)
