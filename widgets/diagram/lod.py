"""Level of detail for big networks: which edges the diagram draws, decided in numpy (no Qt).

Qt's raster engine draws about 2,400 opaque, unantialiased, wider-than-1-px lines in 5 ms
here, but 100k lines take 0.4–3 s, and antialiased or translucent lines are ten times
slower than opaque ones. So a network with over EDGE_BUDGET edges (or a layer too wide for a
column, see diagram.layout.WIDE_LAYER) draws at most EDGE_BUDGET of them, opaque and without
antialiasing, chosen per step as the strongest by what flows along them:

- forward steps: |w·a| with a the source neuron's activation shown (the sample, or the
  batch mean), where that activation is computed; |w| into layers whose input is not;
- backward steps (edges still show w): |w·δ| with δ the target neuron's error, where it is
  computed, else |w|;
- gradient and update steps (edges show ∂C/∂w): |∂C/∂w|.

The budget is shared fairly between the gaps (small gaps keep all their edges, the rest is
split evenly), and applies to the edges in view: zoomed in, the candidates are the edges of
the neurons in view (in a gap with no neuron in view, the edges crossing it). Top-k is
``np.argpartition`` on the flat strengths; what does not change with zoom and pan (scales,
colours, strengths) is made once per step (``StepColours``), so a recolour of 784-256-128-10
costs about 3 ms here and a pan less. What is not drawn is said in the headline note and
shown as a faint band between the two layers, so the all-to-all connectivity stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.session_view import ScaleMode
from model.stepview import StepView
from model.trace import StepKind, Trace
from widgets.colormap import NON_FINITE_RGB, bin_index, bin_rgb
from widgets.diagram.layout import WIDE_LAYER, Layout, edge_offsets
from widgets.diagram.plan import (
    FULL_WIDTH_EDGES,
    MIN_WIDTH_FACTOR,
    N_COLOUR_BINS,
    WIDTHS,
    EdgeGroup,
    Plan,
    make_plan,
)

Array = np.ndarray

EDGE_BUDGET = 2400  # edges drawn at most (in view); 64-32-10 (2,368) keeps every edge
SMOOTH_EDGES = 400  # up to this many drawn edges are antialiased (zoomed in far)
MIN_WIDTH = 1.05  # px: Qt draws unantialiased lines fast only when wider than 1 px
BAND_RGB = (234, 234, 234)  # the hidden edges' band, lighter than any drawn edge's ink
_BIN_RGB = bin_rgb(N_COLOUR_BINS)
MEASURE_WORDS = {"wa": "|w·a|", "wd": "|w·δ|", "w": "|w|", "grad_w": "|∂C/∂w|"}


def needs_lod(sizes, budget: int = EDGE_BUDGET) -> bool:
    """Whether the network is drawn with a level of detail (else exactly as diagram.plan)."""
    return max(int(n) for n in sizes) > WIDE_LAYER or int(edge_offsets(sizes)[-1]) > budget


def hides_edges(sizes, budget: int = EDGE_BUDGET) -> bool:
    """Whether some edges can go undrawn (the headline then keeps a line for the note)."""
    return int(edge_offsets(sizes)[-1]) > budget


@dataclass(frozen=True)
class Gap:
    """The edges into one layer: how many there are, are in view, are drawn, and by what
    measure the drawn ones were chosen (a MEASURE_WORDS key)."""

    layer: int  # the target layer (2..L)
    total: int
    in_view: int
    drawn: int
    measure: str

    @property
    def hidden(self) -> int:
        return self.in_view - self.drawn


@dataclass(frozen=True)
class Lod:
    """What the level of detail left out, for the note and the bands."""

    gaps: tuple[Gap, ...]
    zoomed: bool  # edges off screen were not candidates
    budget: int = EDGE_BUDGET

    @property
    def total(self) -> int:
        return sum(g.total for g in self.gaps)

    @property
    def in_view(self) -> int:
        return sum(g.in_view for g in self.gaps)

    @property
    def drawn(self) -> int:
        return sum(g.drawn for g in self.gaps)

    @property
    def hidden(self) -> int:
        return self.in_view - self.drawn

    def note(self) -> str:
        """The headline line: how many edges are drawn, of how many, chosen how."""
        if self.total <= self.budget or (not self.zoomed and self.hidden == 0):
            return ""  # every edge is drawn (and the headline has no line for a note)
        if self.hidden == 0:
            return f"zoomed in: showing all {self.drawn:,} edges in view ({self.total:,} in all)"
        thinned = [g for g in self.gaps if g.hidden]
        if len({g.measure for g in thinned}) == 1:
            by = f"by {MEASURE_WORDS[thinned[0].measure]}"
        else:
            layers: dict[str, list[str]] = {}
            for g in thinned:
                layers.setdefault(g.measure, []).append(str(g.layer))
            by = ", ".join(f"{MEASURE_WORDS[m]} into layer{'s' if len(ls) > 1 else ''} "
                           + " and ".join(ls) for m, ls in layers.items())
        pool = f"the {self.in_view:,} edges in view" if self.zoomed else f"{self.total:,} edges"
        head = "zoomed in: showing" if self.zoomed else "showing"
        return (f"{head} the {self.drawn:,} strongest of {pool} ({by}); "
                f"the other {self.hidden:,} as grey bands")


def headline_with_lod(caption: str, line: str, notes=(), lod: Lod | None = None) -> list[str]:
    """The headline's lines: caption, what is shown, what is not drawn (a big network's
    level of detail), then ``notes`` (e.g. layers without neuron maps)."""
    note = lod.note() if lod is not None else ""
    return [caption, line, *([note] if note else []), *(n for n in notes if n)]


def strengths(view: StepView) -> list[tuple[Array, str]]:
    """(strength (n_l, n_(l−1)), measure) of each gap's edges at this step (module doc)."""
    out = []
    kind = view.step.kind
    forward = kind in (StepKind.INPUT, StepKind.FORWARD, StepKind.LOSS)
    for g, values in enumerate(view.edge_values):
        if view.edge_quantity == "grad_w":
            out.append((np.abs(values), "grad_w"))
        elif forward and view.neuron_quantity[g] == "a":
            out.append((np.abs(values * view.neuron_values[g][None, :]), "wa"))
        elif not forward and view.neuron_quantity[g + 1] == "delta":
            out.append((np.abs(values * view.neuron_values[g + 1][:, None]), "wd"))
        else:
            out.append((np.abs(values), "w"))
    return out


def shares(counts, budget: int) -> Array:
    """Edges each gap may draw: small gaps all of theirs, the rest split evenly."""
    counts = np.asarray(counts, dtype=np.int64)
    keep = np.zeros(len(counts), dtype=np.int64)
    left = int(budget)
    for done, g in enumerate(np.argsort(counts, kind="stable")):
        keep[g] = min(int(counts[g]), left // (len(counts) - done))
        left -= int(keep[g])
    return keep


def strongest(strength: Array, candidates: Array | None, k: int) -> Array:
    """Flat indices of the ``k`` strongest entries (among ``candidates``; NaN counts as
    strongest, so a diverged weight is always drawn), in no particular order."""
    flat = strength.ravel()
    if candidates is not None:
        flat = flat[candidates]
    if k >= flat.size:
        picked = np.arange(flat.size)
    elif k == 0:
        picked = np.zeros(0, dtype=np.intp)
    else:  # NaN sorts last, so among the largest
        picked = np.argpartition(flat, flat.size - k)[flat.size - k:]
    return picked if candidates is None else candidates[picked]


def edges_in_view(layout: Layout, box: tuple[float, float, float, float]) -> list[Array | None]:
    """Per gap, the flat indices of the edges in view of ``box`` (x0, y0, x1, y1), or None
    when every neuron of both layers is inside it (all edges are in view). Zoomed in, the
    edges of the neurons in view are the ones in view; only where a gap has no neuron in
    view are the edges passing across it taken."""
    x0, y0, x1, y1 = box
    xs = [layout.neuron_xs(i) for i in range(len(layout.sizes))]
    seen = [(x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
            for x, y in zip(xs, layout.ys, strict=True)]
    out: list[Array | None] = []
    for g in range(len(layout.sizes) - 1):
        if seen[g].all() and seen[g + 1].all():
            out.append(None)
            continue
        if seen[g].any() or seen[g + 1].any():
            out.append(np.flatnonzero(seen[g][None, :] | seen[g + 1][:, None]))
            continue
        ax, ay = xs[g][None, :], layout.ys[g][None, :]  # sources k
        bx, by = xs[g + 1][:, None], layout.ys[g + 1][:, None]  # targets j
        dx = np.where(bx - ax == 0, 1e-9, bx - ax)
        t0 = np.clip((x0 - ax) / dx, 0.0, 1.0)
        t1 = np.clip((x1 - ax) / dx, 0.0, 1.0)
        lo, hi = np.minimum(t0, t1), np.maximum(t0, t1)
        ya, yb = ay + lo * (by - ay), ay + hi * (by - ay)
        cross = np.maximum(ya, yb) >= y0
        cross &= np.minimum(ya, yb) <= y1
        cross &= np.maximum(ax, bx) >= x0
        cross &= np.minimum(ax, bx) <= x1
        out.append(np.flatnonzero(cross))
    return out


@dataclass(frozen=True, eq=False)
class StepColours:
    """Everything of a step's plan that does not depend on zoom and pan: scales, neuron and
    bias colours, and each edge's strength. Made once per ``changed``; panning and zooming
    only pick edges again (``select``)."""

    view: StepView
    plan: Plan  # with no edges
    strengths: tuple[tuple[Array, str], ...]
    offsets: Array


def step_colours(view: StepView, trace: Trace, activations, mode: ScaleMode,
                 locked: dict) -> StepColours:
    """diagram.plan.make_plan's colours; ``locked`` may gain a key in "locked" mode."""
    plan = make_plan(view, trace, activations, mode, locked, edges=False)
    offsets = edge_offsets([v.shape[1] for v in view.edge_values[:1]]
                           + [v.shape[0] for v in view.edge_values])
    return StepColours(view, plan, tuple(strengths(view)), offsets)


def select(colours: StepColours, in_view: list[Array | None],
           budget: int = EDGE_BUDGET) -> tuple[Plan, Lod]:
    """The plan drawing only the strongest edges in view (``edges_in_view``), and what it
    leaves out."""
    view, offsets = colours.view, colours.offsets
    counts = [v.size if c is None else c.size for v, c in zip(view.edge_values, in_view,
                                                               strict=True)]
    picked, gaps = [], []
    for g, (k, (strength, measure)) in enumerate(zip(shares(counts, budget),
                                                     colours.strengths, strict=True)):
        flat = strongest(strength, in_view[g], int(k))
        picked.append(offsets[g] + flat)
        gaps.append(Gap(g + 2, int(strength.size), int(counts[g]), int(flat.size), measure))
    rows = np.concatenate(picked).astype(np.int64)
    rows, widths, groups = _groups(rows, offsets, view.edge_values, colours.plan.edge_scales)
    plan = replace(colours.plan, rows=rows, widths=widths, groups=groups)
    return plan, Lod(tuple(gaps), any(v is not None for v in in_view), budget)


def _groups(rows: Array, offsets: Array, values, scales):
    """Drawn rows sorted into (pen width, colour bin) groups, thinnest first: one pen and one
    drawLines each. Pens are opaque and at least MIN_WIDTH px (fast in Qt); the width
    follows |value| on its scale, thinner in gaps drawing many edges (as diagram.plan)."""
    n_gaps = len(values)
    gap = np.searchsorted(offsets, rows, side="right") - 1
    value = np.empty(len(rows))
    colour = np.empty(len(rows), dtype=np.intp)
    position = np.empty(len(rows))
    for g in range(n_gaps):
        at = gap == g
        v = values[g].ravel()[rows[at] - offsets[g]]
        value[at] = v
        colour[at] = bin_index(v, scales[g], N_COLOUR_BINS)
        position[at] = np.abs(scales[g].position(v))
    position = np.nan_to_num(position, nan=1.0)
    width_bin = np.minimum((position * len(WIDTHS)).astype(np.intp), len(WIDTHS) - 1)
    drawn = np.bincount(gap, minlength=n_gaps)
    smooth = len(rows) <= SMOOTH_EDGES
    thin = np.clip(np.sqrt(FULL_WIDTH_EDGES / np.maximum(drawn, 1)), MIN_WIDTH_FACTOR, 1.0)
    widths = np.asarray(WIDTHS)[width_bin] * thin[gap]
    widths = np.round(np.maximum(widths, 1.0 if smooth else MIN_WIDTH), 2)
    pens, pen = np.unique(widths, return_inverse=True)  # gaps share pens: fewer groups
    key = pen * (N_COLOUR_BINS + 1) + colour + 1
    order = np.argsort(key, kind="stable")
    rows, key, widths = rows[order], key[order], widths[order]
    cuts = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1, [key.size]]).astype(int)
    groups = []
    for start, stop in zip(cuts[:-1], cuts[1:], strict=True):
        if start == stop:
            continue
        c = int(key[start] % (N_COLOUR_BINS + 1)) - 1
        rgb = NON_FINITE_RGB if c < 0 else tuple(int(v) for v in _BIN_RGB[c])
        groups.append(EdgeGroup(int(start), int(stop), rgb, float(widths[start]), smooth))
    return rows, widths, tuple(groups)


def band_polygon(layout: Layout, layer: int) -> Array:
    """(m, 2) convex hull of every edge into ``layer``: where the hidden ones would be."""
    pts = []
    for i in (layer - 2, layer - 1):
        x, y = layout.neuron_xs(i), layout.ys[i]
        pts += [(x.min(), y.min()), (x.max(), y.min()), (x.max(), y.max()), (x.min(), y.max())]
    return hull(np.array(pts, dtype=float))


def hull(points: Array) -> Array:
    """Convex hull (Andrew's monotone chain), counter-clockwise, of (m, 2) points."""
    pts = sorted(set(map(tuple, points.tolist())))
    if len(pts) <= 2:
        return np.array(pts, dtype=float)

    def half(seq):
        out: list = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(reversed(pts))
    return np.array(lower[:-1] + upper[:-1], dtype=float)
