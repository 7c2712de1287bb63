"""Contour lines of a grid of values as straight segments: marching squares, vectorised.

pyqtgraph's ``isocurve`` walks the cells in Python (seconds for a 401×401 landscape); this
finds every cell's crossings with array operations. Coordinates are the grid's indices:
the point (i, j) is where ``values[i, j]`` was sampled, so the caller maps them to its axes.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

# The cell's four edges as (corner a, corner b), corners as (di, dj) from the cell's (i, j):
# 0 = (i, j)→(i+1, j), 1 = (i+1, j)→(i+1, j+1), 2 = (i, j+1)→(i+1, j+1), 3 = (i, j)→(i, j+1).
_EDGES = (((0, 0), (1, 0)), ((1, 0), (1, 1)), ((0, 1), (1, 1)), ((0, 0), (0, 1)))


def contour_segments(values: Array, level: float) -> Array:
    """The curve ``values == level`` as segments (S, 2, 2) of index coordinates (i, j).

    A cell whose corners lie on both sides gets one segment between the crossings of its
    edges (interpolated linearly), a saddle cell two (paired by the value at its centre).
    Cells with a non-finite corner get none."""
    v = np.asarray(values, dtype=float)
    n, m = v.shape
    if n < 2 or m < 2:
        return np.empty((0, 2, 2))
    corner = {(di, dj): v[di:n - 1 + di, dj:m - 1 + dj] for di in (0, 1) for dj in (0, 1)}
    finite = np.logical_and.reduce([np.isfinite(c) for c in corner.values()])
    ii, jj = np.meshgrid(np.arange(n - 1.0), np.arange(m - 1.0), indexing="ij")
    crosses, points = [], []
    with np.errstate(invalid="ignore", divide="ignore"):
        for a, b in _EDGES:
            va, vb = corner[a], corner[b]
            crosses.append(((va >= level) != (vb >= level)) & finite)
            t = (level - va) / (vb - va)
            points.append(np.stack([ii + a[0] + t * (b[0] - a[0]),
                                    jj + a[1] + t * (b[1] - a[1])], axis=-1))
    cross = np.stack(crosses)  # (4, n−1, m−1)
    point = np.stack(points)  # (4, n−1, m−1, 2)
    count = cross.sum(axis=0)
    segments = []
    ci, cj = np.nonzero(count == 2)
    first = np.argmax(cross[:, ci, cj], axis=0)
    last = 3 - np.argmax(cross[::-1, ci, cj], axis=0)
    segments.append(np.stack([point[first, ci, cj], point[last, ci, cj]], axis=1))
    si, sj = np.nonzero(count == 4)  # a saddle: which corners does the centre join?
    centre = sum(c[si, sj] for c in corner.values()) / 4
    joins_00 = (centre >= level) == (corner[0, 0][si, sj] >= level)
    for e1, e2, when in ((0, 1, True), (2, 3, True), (0, 3, False), (1, 2, False)):
        pick = joins_00 == when
        segments.append(np.stack([point[e1, si[pick], sj[pick]],
                                  point[e2, si[pick], sj[pick]]], axis=1))
    return np.concatenate(segments)


def contour_levels(low: float, high: float, count: int = 10, log: bool = False) -> Array:
    """``count`` levels strictly between ``low`` and ``high``: evenly spaced, or evenly
    spaced in log (for a cost spanning decades; needs low > 0)."""
    if not (np.isfinite(low) and np.isfinite(high)) or high <= low:
        return np.empty(0)
    if log and low > 0:
        return np.geomspace(low, high, count + 2)[1:-1]
    return np.linspace(low, high, count + 2)[1:-1]
