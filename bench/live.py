"""Training with the whole window live: Playground's two setups, and live iterations/s.

The main window is shown offscreen at 1600×960 with its default docks (diagram with every
neuron's map, Data dock with the output map, Loss dock, Inspector, Matrices). Training starts
as the Train button does (``Session.toggle_train``) and the event loop runs for a fixed
wall time per repeat, so the train timer, the redraw throttles and the paints all happen
the way they do for a user. Repeats are consecutive windows of one run, after a warm-up.

Before each Playground repeat, while the training process keeps going, the window's process
runs the bare numpy loop of the same shape (``bench.reference_numpy``) for a moment, then
lets the event loop catch up before the next window is counted: the reference sees the
machine as that repeat does. The frame figures take the same loop as the window's speed
(the loop's epochs/s over its quiet figure, ``speed``): one core's worth of Python is what
the window draws with while the other core trains (64-32-10's run times Playground
default's loop for this).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench import frames, qtloop, reference_numpy, setups
from bench.figures import Figure, Reference

WINDOW_SIZE = (1600, 960)


@dataclass
class LiveRun:
    epochs_per_s: list[float]
    iterations_per_s: list[float]
    reference_epochs_per_s: list[float]  # the numpy loop's, before each repeat (or empty)
    frames_per_s: list[float]  # paint events counted (bench.frames), per repeat
    worst_gap_ms: list[float]
    speed: list[float]  # the loop over its quiet figure before each repeat (or empty)
    diagram_per_s: list[float]  # the diagram's own paints per second, per repeat


def make_window():
    """The app's main window over a Session, shown offscreen and painted once, with the
    app's work at rest (app.at_rest, as widgets.gui starts it)."""
    from app.at_rest import AtRest
    from app.session import Session
    from widgets.main_window import MainWindow

    qtloop.application()
    window = MainWindow(Session())
    window.diagram.set_show_maps(True)  # the default; said here because the figure needs it
    qtloop.show(window, *WINDOW_SIZE)
    AtRest(window.session, window)
    _first_train(window)
    return window


def _first_train(window, timeout_s: float = 10.0) -> None:
    """Train once until the training process has sent its first frame, then stop: its
    start (numpy, numba and the cached kernel loaded) is not in any repeat's figures."""
    import time

    session = window.session
    start = session.iterations_done
    session.toggle_train()
    end = time.perf_counter() + timeout_s
    while session.iterations_done == start and time.perf_counter() < end:
        qtloop.spin(0.05)
    session.stop()
    qtloop.settle()


def close_window(window) -> None:
    """Tear the window down while Python is alive: left to interpreter exit, PySide6 may
    destroy the QApplication before the widgets (and their timers) and crash on the way."""
    from PySide6 import QtCore

    window.session.stop()
    window.session.dirty = False  # nothing to ask about
    window.close()
    window.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


def progress(trainer) -> float:
    """Epochs done, with the fraction of the current one."""
    return trainer.epoch + trainer.position / len(trainer.x)


def _reference_loop(spec_object: dict) -> tuple[reference_numpy.Loop, int, float]:
    """The numpy loop of the session's shape (warmed), its iterations per epoch and its
    quiet epochs/s (``reference_numpy.NOMINAL_EPOCHS_PER_S``)."""
    spec = setups.spec(spec_object)
    batch = spec.training.batch_size
    layers = spec_object["network"]["layers"]
    loop = reference_numpy.Loop(layers, batch)
    loop.per_s(0.05)
    nominal = reference_numpy.NOMINAL_EPOCHS_PER_S["-".join(str(n) for n in layers)]
    return loop, math.ceil(len(spec.data.x_train) / batch), nominal


def train_live(window, spec_object: dict, seconds: float, repeats: int,
               warmup: float, reference_s: float = 0.0, reference: dict | None = None
               ) -> LiveRun:
    """Open the session in the window, press Train, and count what each wall window did;
    with ``reference_s``, the numpy loop's epochs/s over that long before each repeat,
    then as long again for the event loop to catch up with the training process (the
    loop of ``reference``'s shape if given, else the session's)."""
    session = window.session
    loop, per_epoch, nominal = (_reference_loop(reference or spec_object) if reference_s
                                else (None, 1, 1.0))
    session.open_spec(setups.spec(spec_object))
    qtloop.settle()
    session.toggle_train()
    qtloop.spin(warmup)
    run = LiveRun([], [], [], [], [], [], [])
    counter = frames.window_counter(window)
    for _ in range(repeats):
        if loop is not None:
            run.reference_epochs_per_s.append(loop.per_s(reference_s) / per_epoch)
            run.speed.append(run.reference_epochs_per_s[-1] / nominal)
            qtloop.spin(reference_s)
        e0, i0 = progress(session.trainer), session.iterations_done
        counter.start()
        wall = qtloop.spin(seconds)
        painted = counter.stop()
        run.epochs_per_s.append((progress(session.trainer) - e0) / wall)
        run.iterations_per_s.append((session.iterations_done - i0) / wall)
        run.frames_per_s.append(painted.per_s)
        run.worst_gap_ms.append(painted.worst_gap_ms)
        run.diagram_per_s.append(painted.paints.get("diagram", 0) / painted.wall_s)
    counter.close()
    session.stop()
    qtloop.settle()
    return run


def frame_figures(network: str, run: LiveRun) -> list[Figure]:
    """``frames_per_s`` (≥ 50) and ``worst_frame_gap_ms`` (≤ 50) of one live run, each
    beside the window's speed when the run measured it (frames/s over the speed, the gap
    times it: what a quiet machine would have shown); and the diagram's own paints/s."""
    speed = Reference("speed (numpy loop / quiet)", run.speed, 1.0) if run.speed else None
    slowness = (Reference("1 / speed", [1 / v for v in run.speed], 1.0) if run.speed
                else None)
    return [Figure("frames_per_s", network, run.frames_per_s, "frames/s", 50.0,
                   same_run=speed),
            Figure("worst_frame_gap_ms", network, run.worst_gap_ms, "ms", 50.0,
                   higher_is_better=False, same_run=slowness),
            Figure("diagram_paints_per_s", network, run.diagram_per_s, "paints/s",
                   same_run=speed)]


def playground_figures(window, seconds: float, repeats: int, warmup: float,
                       reference_s: float, theirs: dict[str, float] | None = None
                       ) -> tuple[list[Figure], list[Figure]]:
    """``playground_default_epochs_per_s`` and ``playground_spiral_epochs_per_s``, each
    repeat after ``reference_s`` of the numpy loop (with ``theirs``, Playground's epochs/s
    measured in this run, also the ratio to it); and their frame figures."""
    figures, painted = [], []
    for which, obj, target in (("default", setups.playground_default(), 270.0),
                               ("spiral", setups.playground_spiral(), 75.0)):
        network = "-".join(str(n) for n in obj["network"]["layers"])
        run = train_live(window, obj, seconds, repeats, warmup, reference_s)
        nominal = reference_numpy.NOMINAL_EPOCHS_PER_S[network]
        figure = Figure(f"playground_{which}_epochs_per_s", network, run.epochs_per_s,
                        "epochs/s", target, keyed=False,
                        same_run=Reference("numpy loop", run.reference_epochs_per_s, nominal))
        if theirs is not None:
            figure.reference = f"Playground {theirs[which]:.3g} this run " \
                               f"(×{figure.median / theirs[which]:.1f})"
            figures.append(figure)
            figures.append(Figure(f"vs_playground_{which}", network,
                                  [v / theirs[which] for v in run.epochs_per_s], "×", 30.0,
                                  keyed=False))
        else:
            stored = setups.PLAYGROUND_REFERENCE[which]
            figure.reference = f"Playground {stored:g} stored (×{figure.median / stored:.1f})"
            figures.append(figure)
        painted += frame_figures(network, run)
    return figures, painted


def live_figures(window, seconds: float, repeats: int, warmup: float,
                 reference_s: float = 0.0) -> tuple[dict[str, Figure], list[Figure]]:
    """Live training iterations/s of each small network (maps on where the data is 2-D),
    and the frames painted while 64-32-10 trains (beside the window's speed, measured
    with Playground default's loop before each of its repeats)."""
    figures, painted = {}, []
    for name in setups.SMALL_NETWORKS:
        framed = name == "64-32-10"
        run = train_live(window, setups.network_object(name), seconds, repeats, warmup,
                         reference_s if framed else 0.0,
                         setups.playground_default() if framed else None)
        figures[name] = Figure("live_steps_per_s", name, run.iterations_per_s, "it/s")
        if framed:
            painted += frame_figures(name, run)
    return figures, painted
