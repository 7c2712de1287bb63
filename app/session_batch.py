"""Batches of changes: the Session's signals held back, then told once each at the end.

A lesson replaying twenty actions, or training five hundred epochs in one go, must not
redraw the window per action. Inside ``Session.batch()`` every signal is held; when the
outermost batch ends each signal that fired is emitted once, with its last arguments, in
the order of ``SIGNALS`` (a rebuild before the redraws that follow it). Qt-free: the
Session gives the function that really emits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Literal, get_args

SignalName = Literal[
    "reset",  # a different network or data: rebuild, then redraw
    "changed",  # cursor, parameters or shown sample moved: redraw
    "selection_changed",
    "losses_changed",
    "undo_changed",
    "running_changed",  # (str) "", "play" or "train"
    "dirty_changed",  # (bool)
    "message",  # (str) one line for the status bar
    "problem",  # (str) an edit was refused: the window shows why
    "diverged",  # (str) the loss became NaN or infinite; training stopped
    "checked",  # the gradient check progressed, finished or was dropped
    "highlighted",  # other samples are highlighted
]
SIGNALS: tuple[SignalName, ...] = get_args(SignalName)

Emit = Callable[[SignalName, tuple[object, ...]], None]


class Batches:
    """Whether a batch is open, what it holds, and whether edits may ask the user."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._depth = 0
        self._silent = 0  # open batches that said confirm=False
        self._held: dict[SignalName, tuple[object, ...]] = {}

    @property
    def confirming(self) -> bool:
        """Whether an edit that throws away progress may ask first (no batch said not to)."""
        return self._silent == 0

    def tell(self, name: SignalName, *args: object) -> None:
        """Emit now, or hold it until the outermost batch ends."""
        if self._depth:
            self._held[name] = args
        else:
            self._emit(name, args)

    @contextlib.contextmanager
    def open(self, confirm: bool = True) -> Iterator[None]:
        """A batch (nested ones join the outermost); released even if the body raises."""
        self._depth += 1
        self._silent += not confirm
        try:
            yield
        finally:
            self._depth -= 1
            self._silent -= not confirm
            if not self._depth:
                held, self._held = self._held, {}
                for name in SIGNALS:
                    if name in held:
                        self._emit(name, held[name])
