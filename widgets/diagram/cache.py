"""What the diagram widget keeps between paints, and the ``Scene`` it builds from it.

A mixin of ``NetworkDiagram`` (diagram.widget), holding its caches: the geometry (chrome,
layout and +/− controls) is rebuilt only on reset, resize, zoom, pan and theme changes; the
plan (colours and drawn edges, diagram.plan) on ``changed``, and for a big network
(diagram.lod) also when zoom or pan change which edges are in view; neuron maps once per new
set of parameters, their tiles once per new size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from model.notation import activation_name, short, short_labels, symbol
from model.stepview import MEAN
from widgets.diagram.chrome import Chrome, make_chrome
from widgets.diagram.controls import Control, make_controls, overlap
from widgets.diagram.layout import Layout, scaled_layout
from widgets.diagram.lod import (
    Lod,
    edges_in_view,
    hides_edges,
    needs_lod,
    select,
    step_colours,
)
from widgets.diagram.maps import (
    MAX_MAP_NEURONS,
    MapTiles,
    NeuronMaps,
    make_neuron_maps,
    make_tiles,
    map_sides,
    skipped_note,
)
from widgets.diagram.plan import Plan, make_plan
from widgets.diagram.scene import Popup, Scene
from widgets.diagram.text import headline
from widgets.diagram.theme import NORMAL, Theme

Array = np.ndarray


@dataclass(frozen=True)
class Geometry:
    """Where everything goes on screen, for the widget's size, zoom, pan and theme."""

    chrome: Chrome
    layout: Layout
    controls: tuple[Control, ...]  # () while presenting: no strip for them


class Plans(NamedTuple):
    """The step's plan and, for a big network, what its level of detail left out."""

    plan: Plan
    lod: Lod | None  # None: a small network, every edge drawn


class Segments(NamedTuple):
    """The drawn edges' segments and how near (px) the mouse must come to each."""

    lines: Array  # (m, 4), in the plan's row order
    reach: Array  # (m,)


class SceneCache:
    """The caches of ``NetworkDiagram`` and the Scene built from them (see module doc)."""

    @property
    def _sizes(self) -> tuple[int, ...]:
        return tuple(self.session.network.sizes)

    # --- session signals ----------------------------------------------------------------

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
        self._batch_cost = s.batch_cost()
        self._plans = self._colours = None
        if not needs_lod(self._sizes):  # small: made at once, as it does not depend on zoom
            self._plans = Plans(make_plan(self._view, s.trace, s.network.activations,
                                          s.scale_mode, s.locked_scale), None)
        self._segments = None
        self._base = None
        self.update()

    def _on_running(self, mode: str) -> None:
        self._hover_control = None
        self.update()

    def _invalidate_geometry(self) -> None:
        self._close_editor()
        self._placed = None
        self._segments = None
        self._base = None
        self._view_moved = True
        self.update()

    # --- plans --------------------------------------------------------------------------

    @property
    def _plan(self) -> Plan:
        return self._plan_and_lod().plan

    def _plan_and_lod(self) -> Plans:
        """The step's plan; for a big network, of the edges in view, remade when zoom or pan
        changed which edges those are."""
        if self._plans is None:
            self._plans = self._lod_plan(self._in_view())
        elif self._view_moved and self._plans.lod is not None:
            in_view = self._in_view()
            if self._plans.lod.zoomed or any(v is not None for v in in_view):
                self._plans = self._lod_plan(in_view)
        self._view_moved = False
        return self._plans

    def _lod_plan(self, in_view) -> Plans:
        s = self.session
        if self._colours is None:
            self._colours = step_colours(self._view, s.trace, s.network.activations,
                                         s.scale_mode, s.locked_scale)
        return Plans(*select(self._colours, in_view))

    def _in_view(self):
        """Per gap, the edges crossing the visible diagram (None: all of them)."""
        chrome = self._geometry().chrome
        return edges_in_view(self._layout(), (0.0, chrome.header, float(chrome.width),
                                              chrome.legend_y))

    def _whole_plan(self) -> Plans:
        """The plan of the whole, unzoomed diagram (for exports)."""
        plans = self._plan_and_lod()
        if plans.lod is None or not plans.lod.zoomed:
            return plans
        return self._lod_plan([None] * (len(self._sizes) - 1))

    # --- geometry -----------------------------------------------------------------------

    def _chrome(self, width: int, height: int, controls: bool = True,
                theme: Theme | None = None) -> Chrome:
        """Strips for the screen (with controls, in the current theme) or for an image
        (without, in ``theme``: the desk's unless exports are made as shown). Presenting,
        or not ``editable``, the screen has no controls strip either: the neurons get its height."""
        s = self.session
        capped = hides_edges(self._sizes)
        return make_chrome(width, height, self._sizes, self._activation_names(),
                           *self._label_names(), capped,
                           [step.caption for step in s.trace.steps], len(self._notes()),
                           controls and not self.presenting and self._editable,
                           self._theme if theme is None else theme)

    def _geometry(self) -> Geometry:
        if self._placed is None:
            chrome = self._chrome(self.width(), self.height())
            layout = self._layout_in(chrome)
            controls = (() if chrome.controls_y is None  # presenting: no strip
                        else make_controls(layout.xs, chrome.controls_y))
            if overlap(controls):  # columns too close for the buttons: no strip at all
                chrome = self._chrome(self.width(), self.height(), controls=False)
                layout, controls = self._layout_in(chrome), ()
            self._placed = Geometry(chrome, layout, controls)
        return self._placed

    def _layout_in(self, chrome: Chrome) -> Layout:
        return scaled_layout(self._sizes, chrome.area, self._zoom, self._pan,
                             self._theme.scale, self._theme.fill, self._theme.gap_fill)

    def _layout(self) -> Layout:
        return self._geometry().layout

    def _controls(self) -> tuple[Control, ...]:
        """The +/− controls, or () while training runs or while presenting (a projected
        picture shows the network, not the editor; clicks there spotlight neurons)."""
        controls = self._geometry().controls
        if self.session.running == "train":
            return ()
        return controls

    def _drawn_segments(self) -> Segments:
        if self._segments is None:
            lines = self._layout().lines(self._plan.rows)
            self._segments = Segments(lines, np.maximum(self._plan.widths / 2 + 2.0, 4.0))
        return self._segments

    # --- neuron maps --------------------------------------------------------------------

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

    def _map_tiles(self) -> MapTiles | None:
        """The map images at the current layout's sizes (remade on a new size or new maps)."""
        maps = self._current_maps()
        if maps is None:
            return None
        sides = map_sides(self._layout())
        if self._tiles is None or not np.array_equal(self._tiles.sides, sides):
            self._tiles = make_tiles(maps, sides)
        return self._tiles

    # --- the scene ----------------------------------------------------------------------

    def _activation_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.session.network.activations)

    def _scene(self, chrome, layout, lines, hovered: bool = True, tiles=None,
               plans=None, theme: Theme = NORMAL) -> Scene:
        """The Scene of the screen (``hovered``: with the pointer's state and the theme) or
        of an export (without them, in ``theme``, with the given ``tiles``)."""
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
            feature_names=self._label_names()[0], target_names=self._label_names()[1],
            caption=s.step.caption,
            headline=self._headline(),
            selected_neuron=sel.neuron, selected_edge=sel.edge,
            hovered_edge=sel.hovered_edge if hovered else None, show_values=self._show_values,
            notes=self._notes(), theme=self._theme if hovered else theme,
            spotlight=self._spotlight if hovered else None, lod=lod,
            check=self._check_errors() if hovered else None, **extra,
        )

    def _check_errors(self) -> Array | None:
        """Every edge's gradient-check error, if the iteration shown was checked."""
        result = self.session.checker.result()
        return None if result is None else result.edge_errors()

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

    def _label_names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The features' and targets' names as the side labels write them, shortened alike
        to fit (``model.notation.short_labels``; the tooltips name them in full)."""
        data = self.session.spec.data
        names = (tuple(data.feature_names), tuple(data.target_names))
        kept = getattr(self, "_short_names", None)
        if kept is None or kept[0] != names:  # shortened once per set of names
            kept = self._short_names = (names, (short_labels(names[0]),
                                                short_labels(names[1])))
        return kept[1]

    def _headline(self) -> str:
        s = self.session
        return headline(self._view, s.n_steps, s.sample, s.batch_size, self._batch_cost)
