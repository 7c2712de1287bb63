"""Every measurement in order, as ``Figure``s, with the run's ``meta`` description.

Order matters for noise: start-up (child processes) and the history (no window) run
before anything Qt is built here; the bare diagrams before the main window; the window's
live training last but one, then its step timing.
"""

from __future__ import annotations

import datetime
import gc
import os
import platform
from collections.abc import Callable

from bench.figures import Figure, ratio
from bench.plan import Plan


def _versions() -> dict:
    import numpy
    import PySide6

    return {"python": platform.python_version(), "numpy": numpy.__version__,
            "PySide6": PySide6.__version__}


def measure(plan: Plan, quick: bool, say: Callable[[str], None],
            vs_playground: bool = False) -> tuple[list[Figure], dict]:
    from bench import (
        compare_live,
        headless,
        landscape,
        live,
        memory,
        paint,
        playground,
        startup,
        torch_ref,
    )

    figures: list[Figure] = []
    load_before = os.getloadavg()[0]
    theirs, playground_note = None, "not measured (python -m bench --vs-playground)"
    if vs_playground:
        say("TensorFlow Playground in headless Chromium (about 50 s)")
        theirs, playground_note = playground.measure()
        say(playground_note)
    say("start-up (separate processes)")
    start_up = startup.startup_figure(plan.startup_repeats)

    say("history of 10,000 iterations, 64-32-10")
    mb, kept = memory.history_mb()
    history = Figure("history_mb", "64-32-10", [mb], "MB", 200.0, higher_is_better=False,
                     keyed=False)
    gc.collect()

    say("headless training")
    alone = headless.headless_figures(plan.headless_s, plan.headless_repeats)
    say("the compiled kernel against the tight loop, 2-4-2-1")
    tight = headless.tight_loop_figures(plan.headless_s, plan.headless_repeats)
    say("gradient-flow recording in the training process")
    flow_cost = headless.flow_cost_figures(plan.live_s, plan.headless_repeats)
    say("PyTorch (if installed)")
    torch = torch_ref.torch_figures(plan.headless_s, plan.headless_repeats)
    say("loss landscape, 64×64")
    land = landscape.landscape_s(plan.landscape_repeats)

    say("diagram repaint and recolour")
    repaint, recolour = paint.diagram_figures(plan.paint_repeats)

    say("main window: Playground setups, live")
    window = live.make_window()
    playground, painted = live.playground_figures(window, plan.live_s, plan.live_repeats,
                                                  plan.live_warmup_s, plan.live_reference_s,
                                                  theirs)
    say("main window: live training of 2-8-8-1 and 64-32-10")
    live_it, painted_64 = live.live_figures(window, plan.live_s, plan.live_repeats,
                                            plan.live_warmup_s, plan.live_reference_s)
    say("main window: two runs side by side, live")
    compared = compare_live.figures(window, plan.compare_s, plan.compare_repeats,
                                    plan.compare_warmup_s)
    say("main window: Next key to painted")
    steps = paint.step_figures(window, plan.step_repeats)
    live.close_window(window)

    figures += playground + painted + painted_64 + tight
    for name, figure in alone.items():
        figures += [figure, live_it[name]]
        if torch:
            figures.append(torch[name])
        figures.append(ratio("live_over_headless", name, live_it[name], figure, 0.75))
    figures += flow_cost
    figures += [land, *compared]
    figures += [*repaint.values(), *recolour.values(), *steps.values(), start_up, history]

    meta = {
        **_versions(),
        "cpu_count": os.cpu_count(),
        "quick": quick,
        "repeats": plan.to_json(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "qt_platform": os.environ.get("QT_QPA_PLATFORM"),
        "live_steps_per_s": {name: f.median for name, f in live_it.items()},
        "history_snapshots_kept": kept,
        "torch": "not installed" if torch is None else "measured",
        "playground": playground_note,
        "playground_epochs_per_s": theirs,
        "kernel": "numba" if tight else "not installed (numpy trains everything)",
        # Other processes on the machine: a 1-minute load near the CPU count means noise.
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    return figures, meta
