"""Play and Train: which timer runs, and where the training happens.

Play steps the cursor on a timer. Train runs in a second process when the window has given
the Session a worker (``app/train_worker.py``): a timer collects its frames. Without one
(headless, tests, Windows), or should the process die, Train runs in this process in
slices on a zero-interval timer, each slice followed by one redraw.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from PySide6 import QtCore

from app import blas_threads
from app.train_worker import TrainWorker, Update, WorkerGone

if TYPE_CHECKING:
    from app.session import Session

TRAIN_SHARE = 0.75  # of the time while training runs live; drawing gets the rest
FRAME_MS = 15  # how often the window looks for the training process's next frame
MAX_SLICE_S = 0.04  # a frame at least every ~40 ms of training, however slow the drawing
PLAY_MS = 700  # Play's default pace, one step per this many milliseconds

Running = Literal["", "play", "train"]  # what runs: nothing, Play or Train


class Driver(QtCore.QObject):
    """The three timers of one Session (play, in-window training, worker frames)."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._session = session
        self.play_timer = QtCore.QTimer(self)
        self.play_timer.timeout.connect(session.next_step)
        self.train_timer = QtCore.QTimer(self)
        self.train_timer.setInterval(0)
        self.train_timer.timeout.connect(self._train_slice)
        # With a worker (the window sets one), Train runs in a second process and this
        # timer collects its frames; without, Train runs here in slices (train_timer).
        self.worker: TrainWorker | None = None
        self.frame_timer = QtCore.QTimer(self)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self._frame_tick)
        self.play_interval_ms = PLAY_MS
        self.frame_budget_s = 1 / 60  # the shortest training slice between two frames
        self._slice_end: float | None = None
        self._draw_s = 0.0  # smoothed time the window takes between two slices

    @property
    def running(self) -> Running:
        """What runs now: Train, Play or nothing."""
        if self.train_timer.isActive() or self.frame_timer.isActive():
            return "train"
        return "play" if self.play_timer.isActive() else ""

    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.stop()
        else:
            self.stop()
            self.play_timer.start(self.play_interval_ms)
            self._session._tell("running_changed", "play")

    def set_play_interval(self, ms: int) -> None:
        self.play_interval_ms = max(30, int(ms))
        if self.play_timer.isActive():
            self.play_timer.setInterval(self.play_interval_ms)

    def toggle_train(self) -> None:
        if self.running == "train":
            self.stop()
            return
        self.stop()
        cursor = self._session.cursor
        if self.worker is not None and self.worker.available and math.isfinite(
                cursor.trace.loss):
            try:  # the iteration shown is redone there, from the state before it
                self.worker.start(cursor.trainer, cursor.history.current,
                                  cursor.iterations_done, cursor.history.every)
                self._frames(True)
            except WorkerGone as err:
                self._session._tell("message", f"Training in this window: {err}.")
        if not self.frame_timer.isActive():
            self._train_here()
        self._session._tell("running_changed", "train")

    def stop(self) -> None:
        """Stop Play and Train; what the worker did up to now is taken in first."""
        was = self.running
        self.play_timer.stop()
        self.train_timer.stop()
        if self.frame_timer.isActive():
            self._frames(False)
            assert self.worker is not None  # the frame timer runs only with a worker
            try:
                self._take(self.worker.stop())
            except WorkerGone as err:
                self._session._tell("message", f"Training stopped: {err}.")
        if was:
            self._session._tell("running_changed", "")

    def _frames(self, on: bool) -> None:
        """Collect the training process's frames, or stop; the window's BLAS keeps to one
        thread meanwhile (``app.blas_threads``)."""
        if on and not self.frame_timer.isActive():
            self.frame_timer.start()
            blas_threads.hold()
        elif not on and self.frame_timer.isActive():
            self.frame_timer.stop()
            blas_threads.release()

    def _train_here(self) -> None:
        self._slice_end, self._draw_s = None, 0.0
        self.train_timer.start()

    def _take(self, updates: Sequence[Update]) -> None:
        """The worker's frames into the cursor; the widgets are told if there were any."""
        if self._session.cursor.apply_updates(updates):
            self._session._trained()

    def collect_frame(self) -> bool:
        """Take the training process's frame now, if training there and one has come
        (two runs side by side take theirs on one tick, ``app.comparison``); whether the
        widgets were told of one."""
        return self.frame_timer.isActive() and self._frame_tick()

    def _frame_tick(self) -> bool:
        """Take what the training process has done since the last frame, ask for the next.
        Should the process die, training goes on here from the last frame applied."""
        assert self.worker is not None  # the frame timer runs only with a worker
        try:
            updates = self.worker.poll()
        except WorkerGone as err:
            self._frames(False)
            self._session._tell("message", f"{err}; training goes on in this window.")
            self._train_here()
            return False
        if not updates:
            return False
        self._take(updates)
        if self.worker.running:
            self.worker.request_frame()
        else:  # it stopped by itself: the loss is no longer finite
            self._frames(False)
            self._session._tell("running_changed", "")
            self._session._check_divergence()
        return True

    def _train_slice(self) -> None:
        """Train for a slice, then let the window redraw once.

        The slice is three times what the window took to draw last time (smoothed), so
        training keeps three quarters of the time however much there is to draw, and at
        least one frame budget; frames never come more than MAX_SLICE_S apart."""
        now = time.perf_counter()
        if self._slice_end is not None:
            self._draw_s = 0.8 * self._draw_s + 0.2 * (now - self._slice_end)
        budget = TRAIN_SHARE / (1 - TRAIN_SHARE) * self._draw_s
        self._session.train_for(min(max(budget, self.frame_budget_s), MAX_SLICE_S))
        self._slice_end = time.perf_counter()
