"""What the window's process does only while the window rests: work that would otherwise
hold its one core for tens or hundreds of milliseconds at a moment nobody chose.

**Garbage.** The process holds about 100,000 objects Python's cyclic collector tracks
(Qt's wrappers, pyqtgraph's items, the modules). A full collection walks them all: 50–80
ms here, whenever the collector decides, so while training it was the worst gap between
frames. Objects that live as long as the window need no looking at, so once the window
rests they are frozen (``gc.freeze``: left out of every collection) and later collections
walk only what is newer, about 2 ms. What is frozen is still freed by its reference
count, but a frozen cycle never would be: after a reset (another network or data: the old
session's parts, some in cycles, are garbage) everything is unfrozen, collected and
frozen again at the next rest, or as Play or Train starts (the training process's first
frame is milliseconds away: that pause is not a gap between frames). A collection runs
from the event loop (a timer's slot), not inside the click or key that started them: the
Qt objects it frees are not in the middle of handling an event.

**The kernel.** Stepping back into iterations the training process ran replays them here,
in the compiled kernel (``model.kernel``); its first load in a process holds the window
half a second. So it loads in a thread (``kernel.warm_in_background``) at the first rest
WARM_AFTER_MS after start-up (the training process, started at 1.5 s, loads its own
first), for a network the kernel suits. Never while Play or Train runs: the load holds the
GIL up to 100–300 ms at a time, which frames would show.

A rest is REST_MS after start-up or the last reset with nothing running; while Play or
Train runs, the next stop begins one. One per process: the app's start-up
(``widgets.gui``) and the bench's window make it; tests' windows leave both as they were.
"""

from __future__ import annotations

import gc
import time

from PySide6 import QtCore

from model import kernel

REST_MS = 1000  # after start-up, a reset or a stop, this long with nothing running is a rest
WARM_AFTER_MS = 3000  # the window's kernel loads at the first rest this long after start-up


class AtRest(QtCore.QObject):
    """Collects and freezes after each reset, and loads the kernel once, at rest."""

    def __init__(self, session, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.collections = 0  # full collections made (tests count them)
        self.pending = True  # a reset (or start-up) since the last collection
        self.warmed = False  # the kernel's load was asked for
        self._born = time.monotonic()
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._rest)
        session.reset.connect(self._reset)
        session.running_changed.connect(self._running)
        self._rest_in(REST_MS)

    def collect(self) -> None:
        """Unfreeze, collect everything, freeze what is left (if a reset asked for it)."""
        if not self.pending:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.pending = False
        self.collections += 1

    def _rest_in(self, ms: float) -> None:
        self._timer.start(max(int(ms), 1))

    def _reset(self) -> None:
        self.pending = True
        self._rest_in(REST_MS)

    def _running(self, running: str) -> None:
        if running:  # from the event loop, not inside the click or key that started it:
            QtCore.QTimer.singleShot(0, self.collect)  # what it frees, it frees there
        else:
            self._rest_in(REST_MS)

    def _rest(self) -> None:
        if self.session.running:
            return  # its stop starts the next rest
        self.collect()
        if self.warmed or not kernel.suited(self.session.network):
            return  # a reset to a network it suits looks again
        wait_ms = WARM_AFTER_MS - 1000 * (time.monotonic() - self._born)
        if wait_ms > 0:
            self._rest_in(wait_ms)
            return
        self.warmed = True
        kernel.warm_in_background()
