"""Coalescing redraws: a dock that cannot repaint every frame repaints at most every N ms.

The first request draws at once; requests during the interval merge into one draw when it
ends, so the last state is always drawn and nothing waits longer than one interval.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore

TRAINING_REFRESH_MS = 250  # numbers text docks redraw while training: a few times a second


class Throttle(QtCore.QObject):
    """Calls ``draw`` at most once per ``interval_ms``."""

    def __init__(self, draw: Callable[[], None], interval_ms: int, parent=None):
        super().__init__(parent)
        self._draw = draw
        self.pending = False
        self.timer = QtCore.QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(interval_ms))
        self.timer.timeout.connect(self._fired)

    def request(self) -> None:
        if self.timer.isActive():
            self.pending = True
        else:
            self.flush()
            self.timer.start()

    def flush(self) -> None:
        """Draw now (a pending draw is then done)."""
        self.pending = False
        self._draw()

    def cancel(self) -> None:
        """Forget a pending draw (it was drawn another way); the interval still runs."""
        self.pending = False

    def _fired(self) -> None:
        if self.pending:
            self.flush()
            self.timer.start()


class Soon(QtCore.QObject):
    """Calls ``draw`` once, a little later: at ``now()`` (``DockPanel.draw_after`` connects
    it to the diagram's ``painted``, so a step shows where the eye is first and the docks
    follow a few milliseconds later) or after ``fallback_ms`` if nothing calls it (the
    diagram hidden behind a lesson's view). Requests before then are one call."""

    def __init__(self, draw: Callable[[], None], parent=None, fallback_ms: int = 40):
        super().__init__(parent)
        self._draw = draw
        self.pending = False
        self.fallback_ms = int(fallback_ms)
        self.timer = QtCore.QTimer(self)  # owned, so it dies with its widget
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.flush)

    def request(self) -> None:
        if not self.pending:
            self.pending = True
            self.timer.start(self.fallback_ms)

    def now(self) -> None:
        """Draw as soon as the event loop is free (after the paint that called this)."""
        if self.pending:
            self.timer.start(0)

    def flush(self) -> None:
        """Draw now if a draw is pending."""
        if self.pending:
            self.pending = False
            self.timer.stop()
            self._draw()

    def cancel(self) -> None:
        """Forget a pending draw (it was drawn another way)."""
        self.pending = False
        self.timer.stop()


class TrainingPace(QtCore.QObject):
    """Calls ``draw`` at once, except while ``session`` trains: then as a ``Throttle`` of
    ``TRAINING_REFRESH_MS`` (texts a person reads: a relabelled status bar or headline
    repaints and re-lays out its row at every training frame otherwise)."""

    def __init__(self, session, draw: Callable[[], None], parent=None,
                 interval_ms: int = TRAINING_REFRESH_MS):
        super().__init__(parent)
        self._session = session
        self.throttle = Throttle(draw, interval_ms, self)

    def request(self) -> None:
        if self._session.running == "train":
            self.throttle.request()
        else:
            self.throttle.flush()
