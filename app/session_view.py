"""How the session is looked at: what is selected or hovered, the colour scale, the maps.

Qt-free. None of it changes the numbers; a new session clears the selection and the maps
but keeps the colour scale the user chose.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np

from model.decision_map import Extent, PlaneMaps, plane_extent, plane_maps
from model.network import Network
from model.trace import Trace

if TYPE_CHECKING:
    from app.session_cursor import Cursor

# The colour scale of signed values: one per layer, one for the network, or locked.
ScaleMode = Literal["layer", "network", "locked"]
SCALE_MODES: tuple[ScaleMode, ...] = get_args(ScaleMode)
MAP_RESOLUTION = 100  # TensorFlow Playground's density for its decision maps
LIVE_MAPS_S = 0.1  # while training at full speed: the maps at most ten times a second

Edge = tuple[int, int, int]


@dataclass(frozen=True)
class Selection:
    """What the user pointed at. Layers are numbered 1..L; an edge is (layer, j, k) of W^layer."""

    neuron: tuple[int, int] | None = None
    edge: Edge | None = None
    hovered_edge: Edge | None = None


@dataclass(frozen=True)
class Highlight:
    """Samples picked out elsewhere (a confusion matrix cell): rows of one part of the data."""

    part: str  # "train" or "test"
    rows: np.ndarray  # row numbers in spec.data.x_train or x_test
    label: str = ""  # what they are, in words


class ViewState:
    """The selection, the colour-scale mode (and its locked scales), the decision maps."""

    def __init__(self) -> None:
        self.selection = Selection()
        self.scale_mode: ScaleMode = "network"
        self.locked_scale: dict[str, float] = {}  # filled by the diagram when first needed
        self.map_resolution = MAP_RESOLUTION
        # trace, after the update, resolution, the maps, when made (``clock``)
        self._maps: tuple[Trace, bool, int, PlaneMaps, float] | None = None
        self.clock = time.perf_counter
        self._extent: Extent | None = None
        self.highlight: Highlight | None = None

    def forget(self) -> bool:
        """Another session (or an undone one): no selection, no maps. True if something
        was selected."""
        had = self.selection != Selection()
        self.selection = Selection()
        self.highlight = None
        self._maps, self._extent = None, None
        return had

    def select_neuron(self, layer: int | None, j: int | None = None) -> None:
        neuron = None if layer is None or j is None else (int(layer), int(j))
        self.selection = replace(self.selection, neuron=neuron, edge=None)

    def select_edge(self, edge: Edge | None) -> None:
        self.selection = replace(self.selection, edge=edge)

    def hover_edge(self, edge: Edge | None) -> bool:
        """Whether the hovered edge changed."""
        if edge == self.selection.hovered_edge:
            return False
        self.selection = replace(self.selection, hovered_edge=edge)
        return True

    def set_highlight(self, part: str | None, rows=(), label: str = "") -> None:
        if part not in (None, "train", "test"):
            raise ValueError(part)
        self.highlight = None if part is None else Highlight(
            part, np.asarray(rows, dtype=np.intp).reshape(-1), label)

    def set_scale_mode(self, mode: ScaleMode) -> None:
        """Colour scale of signed values: per layer, whole network, or locked at current."""
        if mode not in SCALE_MODES:
            raise ValueError(mode)
        self.scale_mode = mode
        self.locked_scale = {}

    def plane_maps(self, cursor: Cursor, training: bool = False) -> PlaneMaps | None:
        """Every neuron over the input plane for the parameters at the cursor (2-D data only).

        Computed in one batched forward pass of the grid, and again only when the
        parameters shown change (another iteration, or the update step's new weights).
        While ``training`` at full speed, a frame comes every ~20 ms and the maps are made
        again at most every ``LIVE_MAPS_S`` (for the 6×8 spiral, its 48 maps were a third of the
        diagram's paint); the last frame, once training stops, gets its own.
        """
        data = cursor.spec.plane_data
        if data is None:
            return None
        t = cursor.trace
        after = cursor.step_index == cursor.n_steps - 1
        now, m = self.clock(), self._maps
        # (a new network is a new session: ``forget`` has dropped the old one's maps)
        if m is None or m[1:3] != (after, self.map_resolution) or (
                m[0] is not t and not (training and now - m[4] < LIVE_MAPS_S)):
            shown = cursor.network
            net = Network(shown.sizes, shown.activations, shown.loss,
                          t.weights_after if after else t.weights_before,
                          t.biases_after if after else t.biases_before)
            if self._extent is None:
                self._extent = plane_extent(np.concatenate([data.x_train, data.x_test]))
            with np.errstate(all="ignore"):
                maps = plane_maps(net, self._extent, self.map_resolution,
                                  features=cursor.spec.features or None, picture=True)
            m = self._maps = (t, after, self.map_resolution, maps, now)
        return m[3]
