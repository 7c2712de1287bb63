"""What the diagram paints at one step, decided in vectorised numpy (no Qt, no geometry).

Recomputed on every ``changed``; the geometry is not (see diagram.layout). Colour scales:
- neurons showing "a" of a bounded activation (sigmoid, tanh, arctan, softmax, step) use the
  function's range; the input x and unbounded activations share the "a" scale of the mode;
- deltas, edge values ("w" or "grad_w") and biases ("b") are symmetric in the session's mode:
  "network" one scale for all layers, "layer" one per layer, "locked" the network scale taken
  when first needed and kept in ``session.locked_scale[key]``.
Neuron scales come from the whole iteration (every layer, every sample of the batch), so
colours do not shift while the cursor walks through a pass or switches samples.
Edges are sorted into (width bin, layer gap, colour bin) groups, each drawn with one pen and
one ``drawLines``; above ``max_edges`` only the strongest (relative to their scale) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.session_view import ScaleMode
from model.stepview import NeuronQuantity, StepView
from model.trace import Trace
from widgets.colormap import NON_FINITE_RGB, Scale, bin_index, bin_rgb, to_rgb

Array = np.ndarray

N_COLOUR_BINS = 33
WIDTHS = (1.0, 2.0, 3.0, 4.5, 6.0)  # px, one per width bin of |value| / scale
FULL_WIDTH_EDGES = 150  # gaps with more edges get pens thinner by sqrt(150 / edges) …
MIN_WIDTH_FACTOR = 0.35  # … down to this factor
DENSE_EDGES = 3_000
_BIN_RGB = bin_rgb(N_COLOUR_BINS)


@dataclass(frozen=True)
class EdgeGroup:
    start: int  # slice of Plan.rows
    stop: int
    rgb: tuple[int, int, int]
    width: float
    smooth: bool  # antialiased: in gaps with few enough drawn edges for it to be quick


@dataclass(frozen=True)
class Plan:
    """Colours per layer (index 0 is layer 1), and the drawn edges in draw order."""

    neuron_scales: tuple[Scale | None, ...]  # None: layer not computed yet in this pass
    neuron_rgb: tuple[Array | None, ...]  # (n_l, 3) uint8
    bias_scales: tuple[Scale | None, ...]  # None for the input layer
    bias_rgb: tuple[Array | None, ...]
    edge_scales: tuple[Scale, ...]  # index 0: edges into layer 2
    rows: Array  # drawn edge rows (diagram.layout numbering), weakest width bin first
    widths: Array  # (len(rows),) pen width of each drawn edge
    groups: tuple[EdgeGroup, ...]
    n_edges: int  # all edges of the network
    focus: int  # the layer whose scales the legend shows
    quantities: tuple[NeuronQuantity | None, ...]  # the StepView's neuron_quantity

    def neuron_scales_uniform(self) -> bool:
        """Whether every layer showing the focus layer's quantity uses the same scale."""
        q = self.quantities[self.focus - 1]
        return len({s for s, qi in zip(self.neuron_scales, self.quantities, strict=True)
                    if qi == q}) <= 1

    def edge_scales_uniform(self) -> bool:
        return len(set(self.edge_scales)) <= 1


def group_scales(values: list[Array], mode: ScaleMode, locked: dict, key: str) -> list[Scale]:
    """One symmetric scale per array of ``values`` as the mode says (see module docstring)."""
    if mode == "layer":
        return [Scale.symmetric(v) for v in values]
    if mode == "locked" and key in locked:
        limit = float(locked[key])
    else:
        limit = max(Scale.symmetric(v).high for v in values)
        if mode == "locked":
            locked[key] = limit
    return [Scale(-limit, limit)] * len(values)


def bounded(activation) -> bool:
    return bool(np.all(np.isfinite(activation.value_range)))


def neuron_scales(view: StepView, trace: Trace, activations, mode: ScaleMode,
                  locked: dict) -> list[Scale | None]:
    """The scale of each layer's shown quantity (None where the layer is empty)."""
    n_layers = len(view.neuron_quantity)
    full = {"a": [trace.input] + [lt.a for lt in trace.layers],
            "delta": [None] + [lt.delta for lt in trace.layers]}
    groups = {"a": [0] + [i for i in range(1, n_layers) if not bounded(activations[i - 1])],
              "delta": list(range(1, n_layers))}
    scales: dict[tuple[str, int], Scale] = {}
    for key, members in groups.items():
        if members:
            found = group_scales([full[key][i] for i in members], mode, locked, key)
            scales.update({(key, i): s for i, s in zip(members, found, strict=True)})
    out: list[Scale | None] = []
    for i, quantity in enumerate(view.neuron_quantity):
        if quantity is None:
            out.append(None)
        elif (quantity, i) in scales:
            out.append(scales[(quantity, i)])
        else:
            out.append(Scale(*activations[i - 1].value_range))
    return out


def focus_layer(view: StepView) -> int:
    """The computed layer (if it shows something), else the last layer that does."""
    layer = view.step.layer
    if layer is not None and view.neuron_quantity[layer - 1] is not None:
        return layer
    return max(i + 1 for i, q in enumerate(view.neuron_quantity) if q is not None)


def make_plan(view: StepView, trace: Trace, activations, mode: ScaleMode, locked: dict,
              edges: bool = True) -> Plan:
    """Everything colour-related for one step; ``locked`` may gain a key in "locked" mode.
    ``edges=False`` leaves the edges to draw out (diagram.lod chooses them itself)."""
    n_scales = neuron_scales(view, trace, activations, mode, locked)
    n_rgb = tuple(None if s is None else to_rgb(v, s)
                  for v, s in zip(view.neuron_values, n_scales, strict=True))
    b_scales = group_scales(list(view.biases), mode, locked, "b")
    b_rgb = tuple(to_rgb(b, s) for b, s in zip(view.biases, b_scales, strict=True))
    e_scales = group_scales(list(view.edge_values), mode, locked, view.edge_quantity)
    if edges:
        rows, widths, groups, n_edges = _edges(view.edge_values, e_scales)
    else:
        rows, widths, groups = np.zeros(0, dtype=np.int64), np.zeros(0), ()
        n_edges = sum(v.size for v in view.edge_values)
    return Plan(tuple(n_scales), n_rgb, (None, *b_scales), (None, *b_rgb), tuple(e_scales),
                rows, widths, groups, n_edges, focus_layer(view),
                view.neuron_quantity)


def _edges(values: tuple[Array, ...], scales: list[Scale]):
    strength = np.concatenate([np.abs(s.position(v.ravel()))
                               for v, s in zip(values, scales, strict=True)])
    strength = np.nan_to_num(strength, nan=1.0)
    colour = np.concatenate([bin_index(v.ravel(), s, N_COLOUR_BINS)
                             for v, s in zip(values, scales, strict=True)])
    counts = np.array([v.size for v in values])
    n_edges = strength.size
    rows = np.arange(n_edges)  # every edge: bigger networks take diagram.lod's path
    gap = np.repeat(np.arange(len(values)), counts)[rows]
    width_bin = np.minimum((strength[rows] * len(WIDTHS)).astype(np.intp), len(WIDTHS) - 1)
    key = (width_bin * len(values) + gap) * (N_COLOUR_BINS + 1) + colour[rows] + 1
    order = np.argsort(key, kind="stable")
    rows, key, width_bin, gap = rows[order], key[order], width_bin[order], gap[order]
    # Dense gaps get thinner pens, so a 64×32 gap stays a picture and not a solid block;
    # a gap drawing over DENSE_EDGES edges goes without antialiasing, where Qt is fast only
    # for pens wider than 1 px.
    thin = np.clip(np.sqrt(FULL_WIDTH_EDGES / counts), MIN_WIDTH_FACTOR, 1.0)
    smooth = np.bincount(gap, minlength=len(values)) <= DENSE_EDGES
    widths = np.maximum(np.asarray(WIDTHS)[width_bin] * thin[gap],
                        np.where(smooth, 1.0, 1.5)[gap])
    cuts = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1, [key.size]])
    groups = []
    for start, stop in zip(cuts[:-1], cuts[1:], strict=True):
        c = int(key[start] % (N_COLOUR_BINS + 1)) - 1
        rgb = NON_FINITE_RGB if c < 0 else tuple(int(v) for v in _BIN_RGB[c])
        groups.append(EdgeGroup(int(start), int(stop), rgb, float(widths[start]),
                                bool(smooth[gap[start]])))
    return rows, widths, tuple(groups), n_edges
