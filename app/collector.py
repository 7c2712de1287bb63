"""Python's cyclic garbage collector kept out of the frames' way.

The window's process holds about 100,000 objects the collector tracks (Qt's wrappers,
pyqtgraph's items, the modules). A full collection walks them all: 50–80 ms here, at a
moment the collector picks, so while training it is a frame gap several times the longest
paint (bench.live's worst gap). Objects that live as long as the window need no looking
at, so once the window rests they are frozen (``gc.freeze``: left out of every
collection) and the collector only walks what is newer: about 2 ms.

What is frozen can still be freed by its reference count, but a cycle of frozen objects
would never be. So after a reset (another network or data: the old session's parts, some
in cycles, are garbage) everything is unfrozen, collected and frozen again at the next
rest: REST_MS after the reset with nothing running, or when Play or Train starts (the
training process's first frame is milliseconds away: the pause is not a gap between
frames).

One per process, started by the app's start-up (``widgets.gui``) and the bench's window:
tests' windows leave the collector as Python has it.
"""

from __future__ import annotations

import gc

from PySide6 import QtCore

REST_MS = 1000  # after a reset (or start-up), this long without another before collecting


class Collector(QtCore.QObject):
    """Freezes what lives once the window rests; after each reset, collects first."""

    def __init__(self, session, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.collections = 0  # full collections made (tests count them)
        self.pending = True  # a reset (or start-up) since the last collection
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REST_MS)
        self._timer.timeout.connect(self._rest)
        session.reset.connect(self._reset)
        session.running_changed.connect(self._running)
        self._timer.start()

    def collect(self) -> None:
        """Unfreeze, collect everything, freeze what is left (if a reset asked for it)."""
        if not self.pending:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.pending = False
        self.collections += 1

    def _reset(self) -> None:
        self.pending = True
        self._timer.start()

    def _running(self, running: str) -> None:
        if running:
            self.collect()

    def _rest(self) -> None:
        if not self.session.running:
            self.collect()
