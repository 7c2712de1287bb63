"""What the mouse does on the diagram, and the inline editor a double-click opens.

A mixin of ``NetworkDiagram`` (diagram.widget). Hover gives exact numbers in a tooltip,
reports the edge to the session and enlarges a neuron's map; clicks select neurons and
edges through the session (presenting, they spotlight a neuron) and run the +/− controls
(diagram.controls); a drag on the background pans a zoomed diagram and Ctrl+wheel zooms;
a double-click opens an inline editor for a weight or bias (diagram.edit), and
Alt-dragging an edge nudges its weight by NUDGE_STEP per NUDGE_PX px, sent as one edit on
release.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6 import QtCore, QtWidgets

from widgets.diagram.controls import control_at
from widgets.diagram.edit import InlineEditor, value_text
from widgets.diagram.layout import edge_at, edges_of_rows, neuron_at
from widgets.diagram.maps import map_origin
from widgets.diagram.text import edge_name, edge_tooltip, neuron_tooltip

ZOOM_STEP = 1.25
DRAG_START = 4  # px the mouse must move before a press on the background becomes a pan
NUDGE_PX = 20  # Alt-drag: this many px up or down change the weight by NUDGE_STEP
NUDGE_STEP = 0.1


@dataclass(frozen=True)
class Drag:
    """A press on the background: where, the pan then, and whether it has become a pan."""

    start: QtCore.QPointF
    pan: tuple[float, float]
    moved: bool = False


@dataclass
class Nudge:
    """An Alt-drag on an edge in progress."""

    edge: tuple[int, int, int]
    y: float  # where the press was
    value: float  # the weight before
    at: QtCore.QPointF  # the cursor now
    steps: int = 0  # NUDGE_STEPs up (negative: down)

    def nudged(self) -> float:
        return float(round(self.value + NUDGE_STEP * self.steps, 12))


class Pointer:
    """Mouse handling of ``NetworkDiagram`` (see module doc)."""

    # --- events -------------------------------------------------------------------------

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier:
            self._zoom_about(ZOOM_STEP ** steps, event.position())
        elif self._zoom > 1:
            self._set_pan(self._pan[0], self._pan[1] + 60 * steps)
        else:
            event.ignore()

    def mousePressEvent(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        self._close_editor()
        pos = event.position()
        control = control_at(self._controls(), pos.x(), pos.y())
        if control is not None:
            self._run_control(control)
            return
        neuron, edge = self._hit(pos)
        alt = event.modifiers() & QtCore.Qt.KeyboardModifier.AltModifier
        if alt and edge is not None:
            layer, j, k = edge
            value = float(self.session.history.current.W(layer)[j, k])
            self._nudging = Nudge(edge, pos.y(), value, pos)
            self.session.hover_edge(edge)
            self.setCursor(QtCore.Qt.CursorShape.SizeVerCursor)
        elif neuron is not None:
            if self.presenting:
                self.set_spotlight(neuron)
            self.session.select_neuron(*neuron)
        elif edge is not None:
            self.session.select_edge(edge)
        else:
            self._drag = Drag(event.position(), self._pan)

    def mouseDoubleClickEvent(self, event) -> None:
        """A double-click edits the weight of an edge or the bias of a neuron (layers 2..L)."""
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        if control_at(self._controls(), pos.x(), pos.y()) is not None:
            return
        self._drag = None
        neuron, edge = self._hit(pos)
        if neuron is not None and neuron[0] >= 2:
            self.edit_bias(*neuron)
        elif edge is not None:
            self.edit_weight(*edge)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._nudging is not None:
            self._nudging.steps = int(round((self._nudging.y - pos.y()) / NUDGE_PX))
            self._nudging.at = pos
            self.update()
            return
        if self._drag is not None:
            self._drag_to(pos)
            return
        control = control_at(self._controls(), pos.x(), pos.y())
        neuron, edge = (None, None) if control is not None else self._hit(pos)
        if control != self._hover_control:
            self._hover_control = control
            self.update()
        self._set_hover_neuron(neuron, pos)
        self.session.hover_edge(edge if neuron is None else None)
        self._show_tooltip(neuron, edge, event.globalPosition().toPoint(),
                           None if control is None else control.tooltip)
        pointing = control is not None or neuron is not None or edge is not None
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor if pointing
                       else QtCore.Qt.CursorShape.OpenHandCursor if self._zoom > 1
                       else QtCore.Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        if self._nudging is not None:
            nudge, self._nudging = self._nudging, None
            self.unsetCursor()
            self.update()
            if nudge.steps:
                self.session.set_weight(*nudge.edge, nudge.nudged())
            return
        if self._drag is not None:
            if not self._drag.moved:
                self.set_spotlight(None)
                self.session.select_neuron(None)
            self._drag = None
            self.unsetCursor()

    def leaveEvent(self, event) -> None:
        self.session.hover_edge(None)
        self.setToolTip("")
        self._hover_control = None
        self._set_hover_neuron(None, QtCore.QPointF())
        self.update()
        super().leaveEvent(event)

    # --- what the events do -------------------------------------------------------------

    def _drag_to(self, pos: QtCore.QPointF) -> None:
        """A press on the background moved: past DRAG_START px it pans (when zoomed in)."""
        drag = self._drag
        delta = pos - drag.start
        if drag.moved or abs(delta.x()) + abs(delta.y()) > DRAG_START:
            self._drag = Drag(drag.start, drag.pan, True)
            if self._zoom > 1:
                self.setCursor(QtCore.Qt.CursorShape.ClosedHandCursor)
                self._set_pan(drag.pan[0] + delta.x(), drag.pan[1] + delta.y())

    def _set_hover_neuron(self, neuron, pos: QtCore.QPointF) -> None:
        """Remember the hovered neuron; repaint when its enlarged map appears, goes or moves."""
        had = self._hover_neuron is not None and self._popup() is not None
        self._hover_neuron, self._hover_pos = neuron, QtCore.QPointF(pos)
        if had or self._popup() is not None:
            self.update()

    def _run_control(self, control) -> None:
        """A +/− control was clicked: ask the session (a refusal comes back as ``problem``)."""
        s = self.session
        action = {"add_neuron": s.add_neuron, "remove_neuron": s.remove_neuron,
                  "add_layer": s.add_layer, "remove_layer": s.remove_layer}[control.kind]
        action(control.layer)

    def _nudge_preview(self):
        if self._nudging is None:
            return None
        n = self._nudging
        text = (f"{edge_name(*n.edge)}: {value_text(n.value)} → "
                f"{value_text(n.nudged())}")
        return text, QtCore.QPointF(n.at)

    def _open_editor(self, name: str, value: float, at: QtCore.QPointF, apply) -> InlineEditor:
        self._close_editor()
        self.setToolTip("")
        QtWidgets.QToolTip.hideText()
        self.editor = InlineEditor(self, name, value, apply)
        self.editor.closed.connect(self._editor_closed)
        self.editor.open_at(at)
        return self.editor

    def _editor_closed(self) -> None:
        self.editor = None

    def _close_editor(self) -> None:
        editor = getattr(self, "editor", None)
        if editor is not None:
            self.editor = None
            editor.cancel()

    # --- hit tests ----------------------------------------------------------------------

    def _hit(self, pos: QtCore.QPointF):
        """(neuron, None), (None, edge) or (None, None) under ``pos``; a neuron's map counts
        as the neuron."""
        layout = self._layout()
        chrome = self._geometry().chrome
        x, y = pos.x(), pos.y()
        if not chrome.header <= y <= chrome.legend_y:
            return None, None
        neuron = neuron_at(layout, x, y)
        if neuron is not None:
            return neuron, None
        neuron = self._map_at(x, y)
        if neuron is not None:
            return neuron, None
        lines, reach = self._drawn_segments()
        index = edge_at(lines, reach, x, y)
        if index is None:
            return None, None
        layer, j, k = edges_of_rows(self._sizes, self._plan.rows[index:index + 1])
        return None, (int(layer[0]), int(j[0]), int(k[0]))

    def _map_at(self, x: float, y: float):
        tiles = self._map_tiles()
        if tiles is None:
            return None
        layout = self._layout()
        for layer in tiles.images:
            side = float(tiles.sides[layer - 1])
            right = layout.xs[layer - 1] - layout.radii[layer - 1]
            if not right - side - 8 <= x <= right:
                continue
            j = int(np.argmin(np.abs(layout.ys[layer - 1] - y)))
            mx, my = map_origin(layout, tiles.sides, layer, j)
            if mx <= x <= mx + side and my <= y <= my + side:
                return layer, j
        return None

    def _show_tooltip(self, neuron, edge, global_pos: QtCore.QPoint,
                      control_text: str | None = None) -> None:
        s = self.session
        if control_text is not None:
            text = control_text
        elif neuron is not None:
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
