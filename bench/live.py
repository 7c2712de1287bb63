"""Training with the whole window live: Playground's two setups, and live iterations/s.

The main window is shown offscreen at 1600×960 with its default docks (diagram with every
neuron's map, Data dock with the output map, Loss dock, Inspector, Matrices). Training starts
as the Train button does (``Session.toggle_train``) and the event loop runs for a fixed
wall time per repeat, so the train timer, the redraw throttles and the paints all happen
the way they do for a user. Repeats are consecutive windows of one run, after a warm-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import qtloop, setups
from bench.figures import Figure

WINDOW_SIZE = (1600, 960)


@dataclass
class LiveRun:
    epochs_per_s: list[float]
    iterations_per_s: list[float]


def make_window():
    """The app's main window over a Session, shown offscreen and painted once."""
    from app.session import Session
    from widgets.main_window import MainWindow

    qtloop.application()
    window = MainWindow(Session())
    window.diagram.set_show_maps(True)  # the default; said here because the figure needs it
    qtloop.show(window, *WINDOW_SIZE)
    return window


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


def train_live(window, spec_object: dict, seconds: float, repeats: int,
               warmup: float) -> LiveRun:
    """Open the session in the window, press Train, and count what each wall window did."""
    session = window.session
    session.open_spec(setups.spec(spec_object))
    qtloop.settle()
    session.toggle_train()
    qtloop.spin(warmup)
    epochs, iterations = [], []
    for _ in range(repeats):
        e0, i0 = progress(session.trainer), session.iterations_done
        wall = qtloop.spin(seconds)
        epochs.append((progress(session.trainer) - e0) / wall)
        iterations.append((session.iterations_done - i0) / wall)
    session.stop()
    qtloop.settle()
    return LiveRun(epochs, iterations)


def playground_figures(window, seconds: float, repeats: int, warmup: float) -> list[Figure]:
    """``playground_default_epochs_per_s`` and ``playground_spiral_epochs_per_s``."""
    figures = []
    for which, obj, target in (("default", setups.playground_default(), 270.0),
                               ("spiral", setups.playground_spiral(), 75.0)):
        run = train_live(window, obj, seconds, repeats, warmup)
        network = "-".join(str(n) for n in window.session.network.sizes)
        figure = Figure(f"playground_{which}_epochs_per_s", network, run.epochs_per_s,
                        "epochs/s", target, keyed=False)
        theirs = setups.PLAYGROUND_REFERENCE[which]
        figure.reference = f"Playground {theirs:g} (×{figure.median / theirs:.1f})"
        figures.append(figure)
    return figures


def live_figures(window, seconds: float, repeats: int, warmup: float) -> dict[str, Figure]:
    """Live training iterations/s of each small network (maps on where the data is 2-D)."""
    figures = {}
    for name in setups.SMALL_NETWORKS:
        run = train_live(window, setups.network_object(name), seconds, repeats, warmup)
        figures[name] = Figure("live_steps_per_s", name, run.iterations_per_s, "it/s")
    return figures
