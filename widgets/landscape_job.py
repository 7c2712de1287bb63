"""Evaluating a landscape off the window's thread, with progress, and cancelled when stale.

The grid is numpy work that releases the GIL in its array operations, so a plain Python
thread keeps the event loop free; results come back as queued Qt signals (emitted from the
thread, delivered in the window's). Each request has a number: starting a new one makes the
old one stop at its next chunk, and anything a stale job still sends is ignored.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6 import QtCore

from model import landscape as ls
from model.network import Network


class LandscapeJob(QtCore.QObject):
    """One landscape at a time, computed in a background thread."""

    progressed = QtCore.Signal(int, int)  # points done, points in all
    finished = QtCore.Signal(object)  # the model.landscape.Landscape
    failed = QtCore.Signal(str)  # one line: why there is no landscape

    def __init__(self, parent=None):
        super().__init__(parent)
        self._number = 0  # the newest request; older threads stop at their next chunk
        self._lock = threading.Lock()
        self._running = 0
        self._relay = _Relay(self)  # lives in the window's thread: signals arrive there

    @property
    def running(self) -> bool:
        return self._running > 0

    def start(self, net: Network, x: np.ndarray, y: np.ndarray, plane: ls.Plane) -> None:
        """Evaluate ``plane`` for ``net``'s architecture on (x, y); the previous request,
        if still running, is abandoned."""
        with self._lock:
            self._number += 1
            number = self._number
            self._running += 1
        thread = threading.Thread(target=self._run, args=(number, net, x, y, plane),
                                  name="landscape", daemon=True)
        thread.start()

    def cancel(self) -> None:
        with self._lock:
            self._number += 1

    def _current(self, number: int) -> bool:
        with self._lock:
            return number == self._number

    def _run(self, number: int, net: Network, x, y, plane: ls.Plane) -> None:
        def progress(done: int, total: int) -> bool:
            if not self._current(number):
                return False
            self._relay.send("progress", number, (done, total))
            return True

        try:
            with np.errstate(all="ignore"):  # overflow shows as non-finite cost, not a warning
                land = ls.grid_costs(net, x, y, plane, progress)
            self._relay.send("finished", number, land)
        except ls.Cancelled:
            self._relay.send("cancelled", number, None)
        except MemoryError:
            self._relay.send("failed", number, "not enough memory for this landscape; "
                                               "use a smaller grid")

    def _arrived(self, kind: str, number: int, payload) -> None:
        """In the window's thread: pass on what the newest request sent."""
        if kind != "progress":
            self._running -= 1
        if number != self._number:
            return
        if kind == "progress":
            self.progressed.emit(*payload)
        elif kind == "finished":
            self.finished.emit(payload)
        elif kind == "failed":
            self.failed.emit(payload)


class _Relay(QtCore.QObject):
    """Carries a thread's messages into the window's thread (a queued connection)."""

    message = QtCore.Signal(str, int, object)

    def __init__(self, job: LandscapeJob):
        super().__init__(job)
        self.message.connect(job._arrived, QtCore.Qt.ConnectionType.QueuedConnection)

    def send(self, kind: str, number: int, payload) -> None:
        try:
            self.message.emit(kind, number, payload)
        except RuntimeError:  # the window closed while the thread ran: nobody to tell
            pass
