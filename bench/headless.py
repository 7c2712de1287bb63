"""Training iterations per second of the model alone: no window, no Session bookkeeping.

``Trainer.fast_iteration`` (what Train runs: forward, loss, BP1–BP4, update, no trace) on
the trainer a Session builds from the spec, in a loop for a fixed wall time per repeat.
This is the ceiling the live window is compared with.
"""

from __future__ import annotations

import time

import numpy as np

from bench import setups
from bench.figures import Figure
from model.training import Trainer


def iterations_per_s(trainer: Trainer, seconds: float) -> float:
    """Iterations completed in about ``seconds`` of wall time, per second."""
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    with np.errstate(all="ignore"):
        while True:
            trainer.fast_iteration()
            done += 1
            if time.perf_counter() >= deadline:
                break
    return done / (time.perf_counter() - start)


def headless_figures(seconds: float, repeats: int) -> dict[str, Figure]:
    """``headless_steps_per_s`` for each small network."""
    from app.session import Session

    figures = {}
    for name in setups.SMALL_NETWORKS:
        trainer = Session(setups.spec(setups.network_object(name))).trainer
        iterations_per_s(trainer, min(seconds, 0.2))  # warm caches and branch predictors
        values = [iterations_per_s(trainer, seconds) for _ in range(repeats)]
        figures[name] = Figure("headless_steps_per_s", name, values, "it/s")
    return figures
