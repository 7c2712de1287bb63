"""The network diagram: the app's central widget, painted with QPainter.

QGraphicsScene and pyqtgraph's GraphItem were measured too slow for thousands of
individually coloured edges, hence plain painting: the widget builds a ``Scene`` from the
session and its caches (diagram.cache) and paints it (diagram.paint), keeping background and
edges in an image so hovering repaints only the overlay. Geometry is rebuilt only on
``reset``, resize, zoom, pan and theme changes; ``changed`` recomputes colours and edge
groups (diagram.plan). A big network (diagram.lod.needs_lod) is drawn with a level of detail:
its plan holds only the strongest edges in view, wide layers are grids drawn as images until
zoomed in (diagram.layout.Grid), and the headline says what is not drawn.

On 2-D data every neuron of layers 2..L also shows its map over the input plane
(diagram.maps: images made with numpy once per new set of parameters, blitted per paint).
The mouse (hover, selection, pan, the +/− controls, the inline editor, Alt-drag nudges) is
diagram.pointer's. Presentation mode gives the widget another ``Theme`` (diagram.theme);
exports (``paint_to``) always take the desk's.
"""

from __future__ import annotations

from dataclasses import replace
from math import ceil

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import symbol
from widgets.diagram.cache import SceneCache
from widgets.diagram.check import check_rgb
from widgets.diagram.chrome import neuron_radius
from widgets.diagram.edit import InlineEditor
from widgets.diagram.layout import edges_of_rows, scaled_layout
from widgets.diagram.legend import legend_height, paint_legend
from widgets.diagram.lod import headline_with_lod
from widgets.diagram.maps import make_tiles, map_origin, map_sides
from widgets.diagram.neurons import MIN_TAB_RADIUS, bias_square, side_label_texts
from widgets.diagram.overlay import popup_rects
from widgets.diagram.paint import paint_base, paint_overlay, paint_scene
from widgets.diagram.painted import PaintedText, Recorded, RecordingPainter
from widgets.diagram.pointer import ZOOM_STEP, Pointer
from widgets.diagram.text import edge_name, legend_entries, legend_numbers
from widgets.diagram.theme import (
    NORMAL,
    Theme,
    presentation_theme,
    projector_theme,
    text_points,
    text_px,
)

MAX_ZOOM = 16.0


class NetworkDiagram(Pointer, SceneCache, QtWidgets.QWidget):
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
        self._editable = True  # the +/− neuron and layer controls (set_editable)
        self._show_maps = True
        self._neuron_maps = None  # NeuronMaps of the parameters shown
        self._tiles = None  # MapTiles of _neuron_maps at the current layout's sides
        self._hover_neuron: tuple[int, int] | None = None
        self._hover_pos = QtCore.QPointF()
        self._hover_control = None
        self._nudging = None  # Nudge: an Alt-drag on an edge in progress
        self.editor: InlineEditor | None = None
        self._zoom = 1.0
        self._pan = (0.0, 0.0)
        self._drag = None  # Drag: a press on the background, maybe a pan
        self._placed = None  # Geometry for the current size, zoom, pan and theme
        self._segments = None  # Segments of the drawn edges
        self._plans = None  # Plans of the step (and, if big, of the edges in view)
        self._colours = None  # a big network's StepColours (what zoom and pan do not change)
        self._view_moved = False  # geometry changed since the plan was made
        self._base: QtGui.QImage | None = None  # background and edges, reused on hover
        self._base_buffer: QtGui.QImage | None = None  # the image _base is painted into
        self._theme: Theme = NORMAL  # presentation mode: bigger, high contrast
        self._legend = True  # the colour legend drawn here (set_legend)
        self._spotlight: tuple[int, int] | None = None  # (layer, j) left undimmed
        self._exports_as_shown = False  # paint_to in the screen's theme (render --present)
        self._recorded = Recorded()  # the strings of the last paint (painted_texts)
        session.reset.connect(self._on_reset)
        session.changed.connect(self._on_changed)
        session.selection_changed.connect(self.update)
        session.running_changed.connect(self._on_running)
        session.checked.connect(self.update)  # the gradient check colours edges (overlay)
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

    def check_colours(self) -> np.ndarray | None:
        """(m, 3) the gradient check's colour of each drawn edge (``drawn_edges``' order),
        0 where not checked; None while the iteration shown has no check."""
        errors = self._check_errors()
        return None if errors is None else check_rgb(errors[self._plan.rows])

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

    def set_editable(self, editable: bool) -> None:
        """Show the +/− neuron and layer controls (a comparison's diagrams have none: the
        runs' architectures are the comparison's)."""
        self._editable = bool(editable)
        self._invalidate_geometry()

    def set_show_maps(self, show: bool) -> None:
        """Each neuron's map over the input plane beside it (2-D data only)."""
        self._show_maps = bool(show)
        self._invalidate_geometry()

    def bias_rect(self, layer: int, j: int) -> QtCore.QRectF | None:
        """Where neuron j of ``layer`` has its bias tab drawn, or None where it has none."""
        r = float(self._layout().radii[layer - 1])
        if layer < 2 or r < MIN_TAB_RADIUS or self.neurons_as_image(layer):
            return None
        c = self.neuron_center(layer, j)
        return bias_square(c.x(), c.y(), r, self._theme)

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
        return popup_rects(pop, self._geometry().chrome, self._theme)[1]

    def control_rect(self, kind: str, layer: int) -> QtCore.QRectF | None:
        """The +/− control ``kind`` of ``layer`` (see diagram.controls), None if not shown."""
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

    def set_presentation(self, scale: float = 1.5, high_contrast: bool = True,
                         px: float | None = None) -> None:
        """Presentation style (bigger text and neurons, text at least 16 pt; with
        ``high_contrast`` black text and thick outlines); with ``px`` laid out for a
        projector whose smallest text is ``px`` pixels (widgets.projector); ``scale=1``
        without high contrast is the desk style again. While presenting, a click on a
        neuron spotlights it."""
        if px:
            self._theme = projector_theme(px, high_contrast)
        elif scale == 1.0 and not high_contrast:
            self._theme = NORMAL
        else:
            self._theme = presentation_theme(scale, high_contrast)
        if not self._legend:
            self._theme = replace(self._theme, legend=False)
        if not self.presenting:
            self._spotlight = None
        self._invalidate_geometry()

    def set_legend(self, shown: bool) -> None:
        """Draw the colour legend (the default), or leave it to ``paint_legend_strip``
        elsewhere: two runs side by side share one scale and show it once."""
        self._legend = bool(shown)
        self._theme = replace(self._theme, legend=self._legend)
        self._invalidate_geometry()

    def legend_strip_height(self, width: int) -> int:
        """The height ``paint_legend_strip`` needs at ``width``."""
        return ceil(legend_height(self._theme, width, len(self._sizes)))

    def paint_legend_strip(self, painter: QtGui.QPainter, width: int, height: int) -> None:
        """The diagram's colour legend alone, as a strip ``width`` × ``height`` (in the
        screen's theme, for the step shown)."""
        chrome = replace(self._geometry().chrome, width=int(width), height=int(height),
                         legend_y=0.0, legend_x=None)
        scene = replace(self._scene(chrome, self._geometry().layout, (), hovered=False),
                        theme=replace(self._theme, legend=True))
        paint_legend(painter, scene)

    def radius_at(self, width: int, height: int) -> float:
        """The neurons' radius were the diagram ``width`` × ``height``, in its theme; 0 if
        its layer titles would not fit whole (``chrome.neuron_radius``)."""
        chrome = self._chrome(int(width), int(height))
        return neuron_radius(chrome, self._sizes, self._activation_names(), self._theme)

    def set_exports_as_shown(self, on: bool) -> None:
        """Exports (``paint_to``) in the screen's theme, not the desk's: ``render
        --present`` makes projector frames."""
        self._exports_as_shown = bool(on)

    @property
    def exports_as_shown(self) -> bool:
        return self._exports_as_shown

    @property
    def painted_texts(self) -> list[PaintedText]:
        """Every string of the last paint: where it went, its pixel size, whether cut."""
        return self._recorded.texts

    @property
    def elided_texts(self) -> list[str]:
        """The strings the last paint had to shorten."""
        return self._recorded.elided

    @property
    def presenting(self) -> bool:
        """Drawn bigger or bolder than the desk's (a click then spotlights a neuron); the
        projector's layout at the desk's type, as two runs side by side use, is not."""
        return self._theme.scale != 1.0 or self._theme.line != 1.0

    @property
    def theme(self) -> Theme:
        return self._theme

    def text_points(self) -> dict[str, float]:
        """Point size of each kind of text as drawn now: caption, headline, note, title,
        small (sizes, legend), label (x and y beside the columns)."""
        return text_points(self._theme)

    def text_px(self) -> dict[str, float]:
        """The same in pixels (presentation mode sets them in pixels)."""
        return text_px(self._theme)

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
        lod = self._plan_and_lod().lod
        return headline_with_lod(self.session.step.caption, self._headline(), self._notes(), lod)

    def legend_lines(self) -> list[tuple[str, tuple[str, str, str]]]:
        """The legend as drawn: each colour bar's label and its low / middle / high numbers."""
        return [(label, legend_numbers(scale))
                for label, scale in legend_entries(self._plan, self._view.edge_quantity)[:2]]

    def side_labels(self) -> tuple[list[str], list[str]]:
        """The labels beside the input and the output neurons as drawn (none where they do
        not fit)."""
        geometry = self._geometry()
        return side_label_texts(self._scene(geometry.chrome, geometry.layout, (),
                                            hovered=False))

    def paint_to(self, painter, width: float, height: float, background: bool = True) -> None:
        """The diagram fitted into ``width`` × ``height`` painted straight onto ``painter``,
        with no cached raster (SVG export gets one shape per neuron and per drawn edge; PNG
        export stays sharp at any device pixel ratio). Maps included, controls left out;
        without ``background`` the white fills are skipped (a transparent PNG). In the desk
        style unless ``set_exports_as_shown``."""
        from widgets.export import SkipBackground  # export owns the painter proxy

        theme = self._theme if self._exports_as_shown else NORMAL
        chrome = self._chrome(int(width), int(height), controls=False, theme=theme)
        layout = scaled_layout(self._sizes, chrome.area, scale=theme.scale, fill=theme.fill,
                               gap_fill=theme.gap_fill)
        maps = self._current_maps()
        tiles = None if maps is None else make_tiles(maps, map_sides(layout))
        plans = self._whole_plan()
        scene = self._scene(chrome, layout, layout.lines(plans.plan.rows), hovered=False,
                            tiles=tiles, plans=plans, theme=theme)
        paint_scene(painter if background else SkipBackground(painter), scene)

    # --- zoom and pan -------------------------------------------------------------------

    def _zoom_about(self, factor: float, at: QtCore.QPointF | None) -> None:
        """Zoom keeping the diagram point under ``at`` (default: the area's centre) in place."""
        area = self._geometry().chrome.area
        cx, cy = area.center
        mx, my = (cx, cy) if at is None else (at.x(), at.y())
        new = min(max(self._zoom * factor, 1.0), MAX_ZOOM)
        ratio = new / self._zoom
        px, py = self._pan
        self._zoom = new
        self._set_pan(mx - cx - (mx - cx - px) * ratio, my - cy - (my - cy - py) * ratio)

    def _set_pan(self, x: float, y: float) -> None:
        area = self._geometry().chrome.area
        lim_x = (self._zoom - 1) * (area.width / 2 + 40)
        lim_y = (self._zoom - 1) * (area.height / 2 + 40)
        self._pan = (min(max(x, -lim_x), lim_x), min(max(y, -lim_y), lim_y))
        self._invalidate_geometry()

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        """Edges come from a cached image, so hovering repaints only neurons and text."""
        geometry = self._geometry()
        scene = self._scene(geometry.chrome, geometry.layout, self._drawn_segments().lines)
        ratio = self.devicePixelRatioF()
        if self._base is None or self._base.size() != self.size() * ratio:
            self._base = self._base_image(ratio)
            base_painter = QtGui.QPainter(self._base)
            try:
                paint_base(base_painter, scene)
            finally:
                base_painter.end()
        painter = RecordingPainter(self)
        try:
            painter.drawImage(0, 0, self._base)
            paint_overlay(painter, scene)
        finally:
            painter.end()
        self._recorded = painter.record
        self.painted.emit()

    def _base_image(self, ratio: float) -> QtGui.QImage:
        """The image background and edges are painted into, reused while the size and pixel
        ratio stay (paint_base fills all of it)."""
        buffer = self._base_buffer
        if (buffer is None or buffer.size() != self.size() * ratio
                or buffer.devicePixelRatio() != ratio):
            buffer = QtGui.QImage(self.size() * ratio,
                                  QtGui.QImage.Format.Format_ARGB32_Premultiplied)
            buffer.setDevicePixelRatio(ratio)
            self._base_buffer = buffer
        return buffer

    def resizeEvent(self, event) -> None:
        self._invalidate_geometry()
        super().resizeEvent(event)
