"""The network diagram: the app's central widget, painted with QPainter.

Geometry (chrome strips, neuron centres, drawn edge segments) is cached and rebuilt only on
``reset``, resize, zoom and pan; ``changed`` recomputes colours and edge groups (diagram_plan)
and repaints. A big network (diagram_lod.needs_lod) is drawn with a level of detail: its
plan holds only the strongest edges in view (remade on ``changed``, and on zoom and pan when
the edges in view change), wide layers are grids drawn as images until zoomed in
(diagram_layout.Grid), and the headline says what is not drawn. Hover gives exact numbers
in a tooltip and reports the edge to the session; clicks select neurons and edges through
the session. QGraphicsScene and pyqtgraph's GraphItem were measured too slow for thousands
of individually coloured edges, hence plain painting.

On 2-D data every neuron of layers 2..L also shows its map over the input plane
(diagram_maps: images made with numpy once per new set of parameters, blitted per paint);
hovering a neuron enlarges its map. The +/− controls under the columns (diagram_controls)
edit the architecture; a double-click opens an inline editor for a weight or bias
(diagram_edit), and Alt-dragging an edge nudges its weight by 0.1 per 20 px.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import activation_name, short, symbol
from model.stepview import MEAN
from widgets.diagram_controls import control_at, make_controls
from widgets.diagram_edit import InlineEditor, value_text
from widgets.diagram_layout import (
    compute_layout,
    edge_at,
    edges_of_rows,
    neuron_at,
)
from widgets.diagram_lod import (
    edges_in_view,
    headline_with_lod,
    hides_edges,
    needs_lod,
    select,
    step_colours,
)
from widgets.diagram_maps import (
    MAX_MAP_NEURONS,
    NeuronMaps,
    make_neuron_maps,
    make_tiles,
    map_origin,
    map_sides,
    skipped_note,
)
from widgets.diagram_paint import (
    NORMAL,
    Popup,
    Scene,
    Theme,
    make_chrome,
    paint_base,
    paint_overlay,
    paint_scene,
    popup_rects,
    presentation_theme,
    scaled_layout,
    text_points,
)
from widgets.diagram_plan import make_plan
from widgets.diagram_text import (
    edge_name,
    edge_tooltip,
    headline,
    legend_entries,
    legend_numbers,
    neuron_tooltip,
)

ZOOM_STEP = 1.25
MAX_ZOOM = 16.0
DRAG_START = 4  # px the mouse must move before a press on the background becomes a pan
NUDGE_PX = 20  # Alt-drag: this many px up or down change the weight by NUDGE_STEP
NUDGE_STEP = 0.1


class NetworkDiagram(QtWidgets.QWidget):
    """Neurons layer by layer, coloured by the step's quantity; edges by weight or gradient."""

    painted = QtCore.Signal()  # a paint finished (the window lets the docks follow then)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setMouseTracking(True)
        self.setMinimumSize(480, 360)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Expanding)
        self._show_values = True
        self._show_maps = True
        self._neuron_maps: NeuronMaps | None = None
        self._tiles = None  # MapTiles of _neuron_maps at the current layout's sides
        self._hover_neuron: tuple[int, int] | None = None
        self._hover_pos = QtCore.QPointF()
        self._hover_control = None
        self._nudging: dict | None = None  # Alt-drag on an edge in progress
        self.editor: InlineEditor | None = None
        self._zoom = 1.0
        self._pan = (0.0, 0.0)
        self._drag: tuple[QtCore.QPointF, tuple[float, float], bool] | None = None
        self._geometry = None  # (chrome, layout), for the current size, zoom and pan
        self._segments = None  # (lines, reach) of the drawn edges
        self._plans = None  # (Plan, Lod | None) of the step (and, if big, the edges in view)
        self._colours = None  # a big network's StepColours (what zoom and pan do not change)
        self._view_moved = False  # geometry changed since the plan was made
        self._base: QtGui.QImage | None = None  # background and edges, reused on hover
        self._base_buffer: QtGui.QImage | None = None  # the image _base is painted into
        self._theme: Theme = NORMAL  # presentation mode: bigger, high contrast
        self._spotlight: tuple[int, int] | None = None  # (layer, j) left undimmed
        session.reset.connect(self._on_reset)
        session.changed.connect(self._on_changed)
        session.selection_changed.connect(self.update)
        session.running_changed.connect(self._on_running)
        self._on_reset()

    # --- public -------------------------------------------------------------------------

    def neuron_center(self, layer: int, j: int) -> QtCore.QPointF:
        layout = self._layout()
        grid = layout.grid(layer - 1)
        if grid is not None:
            return QtCore.QPointF(*grid.centre(j))
        return QtCore.QPointF(float(layout.xs[layer - 1]), float(layout.ys[layer - 1][j]))

    def neuron_rect(self, layer: int, j: int) -> QtCore.QRectF:
        """The neuron's circle's bounding box; in a grid drawn as an image, its cell."""
        grid = self._layout().grid(layer - 1)
        c, r = self.neuron_center(layer, j), float(self._layout().radii[layer - 1])
        if grid is not None and not grid.dots:
            r = grid.cell / 2
        return QtCore.QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)

    def grid_rect(self, layer: int) -> QtCore.QRectF | None:
        """Where a layer laid out compactly (an image or a strip) is drawn; None: a column."""
        grid = self._layout().grid(layer - 1)
        if grid is None:
            return None
        return QtCore.QRectF(grid.left, grid.top, grid.width, grid.height)

    def drawn_edges(self) -> np.ndarray:
        """(m, 3) (layer, j, k) of the edges drawn now, weakest first (as painted)."""
        layer, j, k = edges_of_rows(self._sizes, self._plan.rows)
        return np.stack([layer, j, k], axis=1)

    def neurons_as_image(self, layer: int) -> bool:
        """Whether ``layer`` is drawn as an image (too small for circles at this zoom)."""
        grid = self._layout().grid(layer - 1)
        return grid is not None and not grid.dots

    def edge_midpoint(self, layer: int, j: int, k: int) -> QtCore.QPointF:
        a, b = self.neuron_center(layer - 1, k), self.neuron_center(layer, j)
        return (a + b) / 2

    def set_show_values(self, show: bool) -> None:
        """Numbers inside the neurons (only ever drawn where they fit at a legible size)."""
        self._show_values = bool(show)
        self.update()

    def set_show_maps(self, show: bool) -> None:
        """Each neuron's map over the input plane beside it (2-D data only)."""
        self._show_maps = bool(show)
        self._invalidate_geometry()

    def map_rect(self, layer: int, j: int) -> QtCore.QRectF | None:
        """Where neuron j of ``layer`` has its map drawn, or None where it has none."""
        tiles = self._map_tiles()
        if tiles is None or layer not in tiles.images:
            return None
        side = float(tiles.sides[layer - 1])
        x, y = map_origin(self._layout(), tiles.sides, layer, j)
        return QtCore.QRectF(x, y, side, side)

    def hover_map_rect(self) -> QtCore.QRectF | None:
        """Where the hovered neuron's enlarged map is drawn, or None when none is shown."""
        pop = self._popup()
        if pop is None:
            return None
        self._layout()
        return popup_rects(pop, self._geometry[0])[1]

    def control_rect(self, kind: str, layer: int) -> QtCore.QRectF | None:
        """The +/− control ``kind`` of ``layer`` (see diagram_controls), None if not shown."""
        for c in self._controls():
            if c.kind == kind and c.layer == layer:
                return QtCore.QRectF(c.rect)
        return None

    def edit_weight(self, layer: int, j: int, k: int) -> InlineEditor:
        """Open the inline editor on W^layer[j, k] as it was before this iteration's update."""
        value = float(self.session.history.current.W(layer)[j, k])
        return self._open_editor(edge_name(layer, j, k), value, self.edge_midpoint(layer, j, k),
                                 lambda v: self.session.set_weight(layer, j, k, v))

    def edit_bias(self, layer: int, j: int) -> InlineEditor:
        """Open the inline editor on b^layer[j] as it was before this iteration's update."""
        value = float(self.session.history.current.b(layer)[j])
        return self._open_editor(str(symbol("b", layer, j)), value,
                                 self.neuron_center(layer, j),
                                 lambda v: self.session.set_bias(layer, j, v))

    def set_presentation(self, scale: float = 1.5, high_contrast: bool = True) -> None:
        """Presentation style (bigger text and neurons, text at least 16 pt; with
        ``high_contrast`` black text and thick outlines); ``scale=1`` without high contrast
        is the desk style again. While presenting, a click on a neuron spotlights it."""
        if scale == 1.0 and not high_contrast:
            self._theme = NORMAL
            self._spotlight = None
        else:
            self._theme = presentation_theme(scale, high_contrast)
        self._invalidate_geometry()

    @property
    def presenting(self) -> bool:
        return self._theme is not NORMAL

    @property
    def theme(self) -> Theme:
        return self._theme

    def text_points(self) -> dict[str, float]:
        """Point size of each kind of text as drawn now: caption, headline, note, title,
        small (sizes, legend), label (x and y beside the columns)."""
        return text_points(self._theme)

    def set_spotlight(self, neuron: tuple[int, int] | None) -> None:
        """Dim all but ``neuron`` ((layer, j)), its edges and its layer title; None: none."""
        self._spotlight = None if neuron is None else (int(neuron[0]), int(neuron[1]))
        self.update()

    @property
    def spotlight(self) -> tuple[int, int] | None:
        return self._spotlight

    def zoom_in(self) -> None:
        self._zoom_about(ZOOM_STEP, None)

    def zoom_out(self) -> None:
        self._zoom_about(1 / ZOOM_STEP, None)

    def fit(self) -> None:
        self._zoom, self._pan = 1.0, (0.0, 0.0)
        self._invalidate_geometry()

    def headline_lines(self) -> list[str]:
        """The lines drawn at the top: caption, what is shown, and any notes (hidden edges,
        layers without neuron maps)."""
        _plan, lod = self._plan_and_lod()
        return headline_with_lod(self.session.step.caption, self._headline(), self._notes(), lod)

    def legend_lines(self) -> list[tuple[str, tuple[str, str, str]]]:
        """The legend as drawn: each colour bar's label and its low / middle / high numbers."""
        return [(label, legend_numbers(scale))
                for label, scale in legend_entries(self._plan, self._view.edge_quantity)[:2]]

    def render_to_image(self, width: int, height: int) -> QtGui.QImage:
        """The diagram fitted into a ``width`` × ``height`` image (headless render, export):
        maps included, controls left out."""
        chrome = self._chrome(width, height, controls=False)
        layout = compute_layout(self._sizes, chrome.area)
        maps = self._current_maps()
        tiles = None if maps is None else make_tiles(maps, map_sides(layout))
        plans = self._whole_plan()
        image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        painter = QtGui.QPainter(image)
        try:
            paint_scene(painter, self._scene(chrome, layout, layout.lines(plans[0].rows),
                                             hovered=False, tiles=tiles, plans=plans))
        finally:
            painter.end()
        return image

    def paint_to(self, painter, width: float, height: float, background: bool = True) -> None:
        """The diagram fitted into ``width`` × ``height`` painted straight onto ``painter``,
        with no cached raster (SVG export gets one shape per neuron and per drawn edge; PNG
        export stays sharp at any device pixel ratio). Maps included, controls left out;
        without ``background`` the white fills are skipped (a transparent PNG)."""
        from app.export import SkipBackground  # export owns the painter proxy

        chrome = self._chrome(int(width), int(height), controls=False)
        layout = compute_layout(self._sizes, chrome.area)
        maps = self._current_maps()
        tiles = None if maps is None else make_tiles(maps, map_sides(layout))
        plans = self._whole_plan()
        scene = self._scene(chrome, layout, layout.lines(plans[0].rows), hovered=False,
                            tiles=tiles, plans=plans)
        paint_scene(painter if background else SkipBackground(painter), scene)

    # --- state --------------------------------------------------------------------------

    @property
    def _sizes(self) -> tuple[int, ...]:
        return tuple(self.session.network.sizes)

    def _on_reset(self) -> None:
        self._close_editor()
        self._hover_neuron = self._hover_control = self._nudging = None
        self._neuron_maps = self._tiles = None
        self._spotlight = None  # the neuron may be gone
        self._zoom, self._pan = 1.0, (0.0, 0.0)
        self._on_changed()
        self._invalidate_geometry()

    def _on_changed(self) -> None:
        s = self.session
        self._view = s.view()
        self._plans = self._colours = None
        if not needs_lod(self._sizes):  # small: made at once, as it does not depend on zoom
            self._plans = (make_plan(self._view, s.trace, s.network.activations,
                                     s.scale_mode, s.locked_scale), None)
        self._segments = None
        self._base = None
        self.update()

    @property
    def _plan(self):
        return self._plan_and_lod()[0]

    def _plan_and_lod(self):
        """(Plan, Lod | None) of the step; for a big network, of the edges in view, remade
        when zoom or pan changed which edges those are."""
        if self._plans is None:
            self._plans = self._lod_plan(self._in_view())
        elif self._view_moved and self._plans[1] is not None:
            in_view = self._in_view()
            if self._plans[1].zoomed or any(v is not None for v in in_view):
                self._plans = self._lod_plan(in_view)
        self._view_moved = False
        return self._plans

    def _lod_plan(self, in_view):
        s = self.session
        if self._colours is None:
            self._colours = step_colours(self._view, s.trace, s.network.activations,
                                         s.scale_mode, s.locked_scale)
        return select(self._colours, in_view)

    def _in_view(self):
        """Per gap, the edges crossing the visible diagram (None: all of them)."""
        layout = self._layout()
        chrome = self._geometry[0]
        return edges_in_view(layout, (0.0, chrome.header, float(chrome.width),
                                      chrome.legend_y))

    def _whole_plan(self):
        """The plan of the whole, unzoomed diagram (for exports)."""
        plans = self._plan_and_lod()
        if plans[1] is None or not plans[1].zoomed:
            return plans
        return self._lod_plan([None] * (len(self._sizes) - 1))

    def _on_running(self, mode: str) -> None:
        self._hover_control = None
        self.update()

    def _invalidate_geometry(self) -> None:
        self._close_editor()
        self._geometry = None
        self._segments = None
        self._base = None
        self._view_moved = True
        self.update()

    def _chrome(self, width: int, height: int, controls: bool = True):
        """Strips for the screen (with controls, in the current theme) or for an image
        (without, always in the desk style: exports look the same in presentation mode).
        Presenting, the screen has no controls strip either: the neurons get its height."""
        s = self.session
        capped = hides_edges(self._sizes)
        return make_chrome(width, height, self._sizes, self._activation_names(),
                           s.spec.data.feature_names, s.spec.data.target_names, capped,
                           [step.caption for step in s.trace.steps], len(self._notes()),
                           controls and not self.presenting,
                           self._theme if controls else NORMAL)

    def _maps_wanted(self) -> bool:
        return self._show_maps and self.session.spec.plane_data is not None

    def _notes(self) -> tuple[str, ...]:
        """Extra headline lines; they depend on the architecture only (the chrome's height)."""
        if not self._maps_wanted():
            return ()
        note = skipped_note([i + 1 for i, n in enumerate(self._sizes)
                             if i > 0 and n > MAX_MAP_NEURONS])
        return (note,) if note else ()

    def _current_maps(self) -> NeuronMaps | None:
        """Colours of every neuron's map for the parameters shown (remade when they change)."""
        if not self._maps_wanted():
            return None
        planes = self.session.plane_maps()
        if planes is None:
            return None
        if self._neuron_maps is None or self._neuron_maps.source is not planes:
            self._neuron_maps = make_neuron_maps(planes, self.session.network.activations)
            self._tiles = None
        return self._neuron_maps

    def _map_tiles(self):
        """The map images at the current layout's sizes (remade on a new size or new maps)."""
        maps = self._current_maps()
        if maps is None:
            return None
        sides = map_sides(self._layout())
        if self._tiles is None or not np.array_equal(self._tiles.sides, sides):
            self._tiles = make_tiles(maps, sides)
        return self._tiles

    def _controls(self):
        """The +/− controls, or () while training runs or while presenting (a projected
        picture shows the network, not the editor; clicks there spotlight neurons)."""
        self._layout()
        if self.session.running == "train":
            return ()
        return self._geometry[2]

    def _activation_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.session.network.activations)

    def _layout(self):
        if self._geometry is None:
            chrome = self._chrome(self.width(), self.height())
            layout = scaled_layout(self._sizes, chrome.area, self._zoom, self._pan,
                                   self._theme.scale)
            controls = (() if chrome.controls_y is None  # presenting: no strip
                        else make_controls(layout.xs, chrome.controls_y))
            self._geometry = chrome, layout, controls
        return self._geometry[1]

    def _drawn_segments(self):
        """Segments of the drawn edges and how near (px) the mouse must come to each."""
        if self._segments is None:
            lines = self._layout().lines(self._plan.rows)
            self._segments = lines, np.maximum(self._plan.widths / 2 + 2.0, 4.0)
        return self._segments

    def _scene(self, chrome, layout, lines, hovered: bool = True, tiles=None,
               plans=None) -> Scene:
        s = self.session
        sel = s.selection
        plan, lod = self._plan_and_lod() if plans is None else plans
        if hovered:
            extra = dict(tiles=self._map_tiles(), controls=self._controls(),
                         hovered_control=self._hover_control, popup=self._popup(),
                         nudge=self._nudge_preview())
        else:
            extra = dict(tiles=tiles)
        return Scene(
            chrome=chrome, layout=layout, plan=plan, lines=lines, view=self._view,
            activation_names=self._activation_names(),
            feature_names=s.spec.data.feature_names, target_names=s.spec.data.target_names,
            caption=s.step.caption,
            headline=self._headline(),
            selected_neuron=sel.neuron, selected_edge=sel.edge,
            hovered_edge=sel.hovered_edge if hovered else None, show_values=self._show_values,
            notes=self._notes(), theme=self._theme if hovered else NORMAL,
            spotlight=self._spotlight if hovered else None, lod=lod, **extra,
        )

    def _popup(self) -> Popup | None:
        """The hovered neuron's map, enlarged, with the shown sample marked on it."""
        if self._hover_neuron is None or self._nudging is not None:
            return None
        maps = self._current_maps()
        layer, j = self._hover_neuron
        if maps is None or layer not in maps.values:
            return None
        centre, scale = maps.scales[layer]
        low, high = centre + scale.low, centre + scale.high
        s = self.session
        axes = ", ".join(s.spec.plane_data.feature_names)
        act = activation_name(s.network.activation(layer).name)
        title = f"{symbol('a', layer, j)} ({act}) over {axes} · {short(low)} … {short(high)}"
        return Popup(maps.big_image(layer, j), self._hover_pos, title, self._marker())

    def _marker(self) -> tuple[float, float] | None:
        """The shown sample's place in the plane as fractions of the map (None: batch mean)."""
        s = self.session
        if s.sample == MEAN or self._neuron_maps is None:
            return None
        x1, x2 = s.spec.plane_data.x_train[int(s.batch_rows()[int(s.sample)])]
        x1_min, x1_max, x2_min, x2_max = self._neuron_maps.source.extent
        return (float((x1 - x1_min) / (x1_max - x1_min)),
                float((x2_max - x2) / (x2_max - x2_min)))

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
        ratio = self.devicePixelRatioF()
        if self._base is None or self._base.size() != self.size() * ratio:
            buffer = self._base_buffer  # reused: paint_base fills all of it
            if (buffer is None or buffer.size() != self.size() * ratio
                    or buffer.devicePixelRatio() != ratio):
                buffer = QtGui.QImage(self.size() * ratio,
                                      QtGui.QImage.Format.Format_ARGB32_Premultiplied)
                buffer.setDevicePixelRatio(ratio)
                self._base_buffer = buffer
            self._base = buffer
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
        self.painted.emit()

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
            self._nudging = {"edge": edge, "y": pos.y(), "value": value, "steps": 0, "at": pos}
            self.session.hover_edge(edge)
            self.setCursor(QtCore.Qt.CursorShape.SizeVerCursor)
        elif neuron is not None:
            if self.presenting:
                self.set_spotlight(neuron)
            self.session.select_neuron(*neuron)
        elif edge is not None:
            self.session.select_edge(edge)
        else:
            self._drag = (event.position(), self._pan, False)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
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

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        if self._nudging is not None:
            steps = int(round((self._nudging["y"] - pos.y()) / NUDGE_PX))
            self._nudging.update(steps=steps, at=pos)
            self.update()
            return
        if self._drag is not None:
            start, pan, moved = self._drag
            delta = pos - start
            if moved or abs(delta.x()) + abs(delta.y()) > DRAG_START:
                self._drag = (start, pan, True)
                if self._zoom > 1:
                    self.setCursor(QtCore.Qt.CursorShape.ClosedHandCursor)
                    self._set_pan(pan[0] + delta.x(), pan[1] + delta.y())
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

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        if self._nudging is not None:
            nudge, self._nudging = self._nudging, None
            self.unsetCursor()
            self.update()
            if nudge["steps"]:
                self.session.set_weight(*nudge["edge"], self._nudged(nudge))
            return
        if self._drag is not None:
            if not self._drag[2]:
                self.set_spotlight(None)
                self.session.select_neuron(None)
            self._drag = None
            self.unsetCursor()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.session.hover_edge(None)
        self.setToolTip("")
        self._hover_control = None
        self._set_hover_neuron(None, QtCore.QPointF())
        self.update()
        super().leaveEvent(event)

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

    @staticmethod
    def _nudged(nudge: dict) -> float:
        return float(round(nudge["value"] + NUDGE_STEP * nudge["steps"], 12))

    def _nudge_preview(self):
        if self._nudging is None:
            return None
        n = self._nudging
        text = (f"{edge_name(*n['edge'])}: {value_text(n['value'])} → "
                f"{value_text(self._nudged(n))}")
        return text, QtCore.QPointF(n["at"])

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

    def _hit(self, pos: QtCore.QPointF):
        """(neuron, None), (None, edge) or (None, None) under ``pos``; a neuron's map counts
        as the neuron."""
        layout = self._layout()
        chrome = self._geometry[0]
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
