"""Frames the window really paints while it trains: paint events counted, not timers.

A ``FrameCounter`` watches the widgets a user watches during training — the diagram (with
its neuron maps), the Data dock's plane (the output map under the points) and the Loss
dock's curve — for ``QEvent.Paint``. Paint events that arrive within ``SAME_FRAME_S`` of
each other are one frame (one pass of the event loop paints several widgets). Frames/s is
frames over the wall time; the worst gap is the longest time with no frame, counting from
the start of the window to the first frame and from the last one to its end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6 import QtCore

SAME_FRAME_S = 0.004


@dataclass
class Frames:
    wall_s: float
    times: list[float]  # when each frame began, seconds from the start
    paints: dict[str, int] = field(default_factory=dict)  # paint events per widget

    @property
    def per_s(self) -> float:
        return len(self.times) / self.wall_s

    @property
    def worst_gap_ms(self) -> float:
        edges = [0.0, *self.times, self.wall_s]
        return 1000.0 * max(b - a for a, b in zip(edges, edges[1:], strict=False))


class FrameCounter(QtCore.QObject):
    """Counts paint events of named widgets between ``start`` and ``stop``."""

    def __init__(self, widgets: dict[str, QtCore.QObject]):
        super().__init__()
        self._names = {id(w): name for name, w in widgets.items()}
        self._widgets = list(widgets.values())
        self._events: list[tuple[float, str]] = []
        self._start = 0.0
        for w in self._widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            self._events.append((time.perf_counter(), self._names.get(id(obj), "?")))
        return False

    def start(self) -> None:
        self._events, self._start = [], time.perf_counter()

    def stop(self) -> Frames:
        wall = time.perf_counter() - self._start
        times: list[float] = []
        paints: dict[str, int] = {}
        for t, name in self._events:
            paints[name] = paints.get(name, 0) + 1
            if not times or t - self._start - times[-1] > SAME_FRAME_S:
                times.append(t - self._start)
        return Frames(wall, times, paints)

    def close(self) -> None:
        for w in self._widgets:
            w.removeEventFilter(self)


def window_counter(window) -> FrameCounter:
    """The counter for a main window: diagram, Data dock's plane, Loss dock's curve."""
    return FrameCounter({"diagram": window.diagram,
                         "data": window.data_panel.plot.viewport(),
                         "loss": window.loss.plot.viewport()})
