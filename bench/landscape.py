"""The loss landscape's figure (issue 18): a 64×64 grid of the training cost of 2-8-8-1 on
its 250 training points, over a plane of two random filter-normalised directions through
the parameters as opened (``model.landscape.grid_costs``, what the dock and ``main.py
landscape`` compute), in seconds per grid.
"""

from __future__ import annotations

import time

from bench import setups
from bench.figures import Figure, Reference
from model import landscape as ls

NETWORK = "2-8-8-1"
GRID = 64
TARGET_S = 0.5


def landscape_s(repeats: int) -> Figure:
    """``landscape_s``: wall seconds of each evaluation of the whole grid, its CPU
    seconds beside (on a busy machine the wall time is the larger)."""
    spec = setups.spec(setups.network_object(NETWORK))
    net, data = spec.network, spec.data
    plane = ls.make_plane(net, *ls.random_directions(net, seed=0), span=1.0, grid=GRID)
    ls.grid_costs(net, data.x_train, data.y_train, plane)  # warm: caches, first allocations
    values, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        ls.grid_costs(net, data.x_train, data.y_train, plane)
        values.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    # Beside it, the CPU time it took (no ratio target: the ratio says how busy it was).
    return Figure("landscape_s", f"{NETWORK}, {len(data.x_train)} points", values, "s",
                  TARGET_S, higher_is_better=False, keyed=False,
                  same_run=Reference("CPU time", cpu))
