"""Training iterations per second of the model alone: no window, no Session bookkeeping.

What Train runs (``FullSpeed``: ``Trainer.stretch`` — forward, loss, BP1–BP4, update, no
trace — in the compiled kernel where ``model.kernel`` picks it, numpy elsewhere, with the
checkpoints' snapshots) on the trainer a Session builds from the spec, for a fixed wall
time per repeat.
This is the ceiling the live window is compared with. Each repeat is paired with the
fixed numpy loop of the same shape (``bench.reference_numpy``) run just before it for half
as long, so the ratio model / bare loop holds when the machine is busy.
"""

from __future__ import annotations

import time

import numpy as np

from bench import reference_numpy, setups
from bench.figures import Figure, Reference
from model.training import Trainer


class FullSpeed:
    """What Train runs, without a window: ``Trainer.stretch`` in the engine ``model.kernel``
    picks for the network, a snapshot at each checkpoint (``kernel.Pace``), counting on."""

    def __init__(self, trainer: Trainer):
        from model.kernel import Pace, engine_for

        self.trainer = trainer
        trainer.engine = engine_for(trainer.net)
        self.pace = Pace(50, trainer.engine)
        self.n = 0

    def per_s(self, seconds: float) -> float:
        """Iterations completed in about ``seconds`` of wall time, per second."""
        trainer, pace, first = self.trainer, self.pace, self.n
        start = time.perf_counter()
        deadline = start + seconds
        with np.errstate(all="ignore"):
            while True:
                if pace.checkpoint(self.n):
                    trainer.snapshot()
                self.n += len(trainer.stretch(self.n, pace.every, stop_at_epoch=False)[0])
                if time.perf_counter() >= deadline:
                    break
        return (self.n - first) / (time.perf_counter() - start)


def iterations_per_s(trainer: Trainer, seconds: float) -> float:
    """Iterations/s of ``FullSpeed`` from a fresh count (kept for callers)."""
    return FullSpeed(trainer).per_s(seconds)


def tight_loop_figures(seconds: float, repeats: int) -> list[Figure]:
    """Playground default's model alone (2-4-2-1, batch 10, ``FullSpeed``) beside the same
    arithmetic on the same data compiled as one tight loop (``bench.tight_loop``), both
    training from the same first weights, interleaved, and their ratio (target ≥ 0.5:
    within 2× of the machine's limit). Empty without numba."""
    from app.session import Session
    from model import kernel

    if not kernel.available():
        return []
    from bench.tight_loop import TightLoop

    full = FullSpeed(Session(setups.spec(setups.playground_default())).trainer)
    tight = TightLoop(full.trainer)  # the same data, from the same first weights
    full.per_s(min(seconds, 0.2))
    values, limits = [], []
    for _ in range(repeats):
        limits.append(tight.per_s(seconds / 2))
        values.append(full.per_s(seconds))
    alone = Figure("headless_kernel_steps_per_s", "2-4-2-1", values, "it/s", keyed=False,
                   same_run=Reference("tight loop", limits))
    share = Figure("headless_over_tight_loop", "2-4-2-1",
                   [v / r for v, r in zip(values, limits, strict=True)], "×", 0.5, keyed=False)
    return [alone, share]


def headless_figures(seconds: float, repeats: int) -> dict[str, Figure]:
    """``headless_steps_per_s`` for each small network, beside the bare numpy loop."""
    from app.session import Session

    figures = {}
    for name in setups.SMALL_NETWORKS:
        trainer = Session(setups.spec(setups.network_object(name))).trainer
        loop = reference_numpy.Loop([int(n) for n in name.split("-")], trainer.batch_size)
        loop.per_s(min(seconds, 0.1))
        full = FullSpeed(trainer)
        full.per_s(min(seconds, 0.2))  # warm caches and branch predictors
        values, references = [], []
        for _ in range(repeats):
            references.append(loop.per_s(seconds / 2))
            values.append(full.per_s(seconds))
        figures[name] = Figure("headless_steps_per_s", name, values, "it/s",
                               same_run=Reference("numpy loop", references))
    return figures



def flow_cost_pct(name: str, seconds: float) -> float:
    """How much the training process slows down for recording the gradient flow, in % of
    its speed without, over ``seconds`` of training from a fresh start (the densest part
    of the recording). The worker's ``recording_iteration`` is timed iteration by
    iteration; the extra cost is (median measured − median plain) × measured count,
    over the plain cost of all: medians, so a busy machine's stalls count on neither side.
    """
    from app.session import Session
    from app.train_worker import recording_iteration
    from model.flow import measured

    trainer = Session(setups.spec(setups.network_object(name))).trainer
    flow: list[list[float]] = []
    times: dict[bool, list[float]] = {True: [], False: []}
    n, end = 0, time.perf_counter() + seconds
    with np.errstate(all="ignore"):
        while time.perf_counter() < end:
            n += 1
            start = time.perf_counter()
            recording_iteration(trainer, n, flow)
            times[measured(n)].append(time.perf_counter() - start)
    plain = float(np.median(times[False]))
    extra = max(float(np.median(times[True])) - plain, 0.0)
    return 100.0 * len(times[True]) * extra / (n * plain)


def flow_cost_figures(seconds: float, repeats: int) -> list[Figure]:
    """``flow_recording_cost_pct`` per small network over ``seconds`` of training (what a
    repeat of the live figures lasts), target at most 5 %."""
    return [Figure("flow_recording_cost_pct", name,
                   [flow_cost_pct(name, seconds) for _ in range(repeats)], "%", 5.0,
                   higher_is_better=False)
            for name in setups.SMALL_NETWORKS]
