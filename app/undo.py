"""A bounded undo/redo stack of labelled states (whatever the owner can reinstate)."""

from __future__ import annotations

from collections import deque
from typing import Any

UNDO_LIMIT = 50


class UndoStack:
    """Undo and redo entries: (label, state). A new edit clears what could be redone."""

    def __init__(self, limit: int = UNDO_LIMIT):
        self._undo: deque[tuple[str, Any]] = deque(maxlen=limit)
        self._redo: list[tuple[str, Any]] = []

    def push(self, label: str, state: Any) -> None:
        """Remember the state before an edit called ``label``."""
        self._undo.append((label, state))
        self._redo.clear()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def undo_label(self) -> str:
        return self._undo[-1][0] if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1][0] if self._redo else ""

    def undo(self, current: Any) -> Any:
        """The state to go back to; ``current`` becomes redoable under the same label."""
        label, state = self._undo.pop()
        self._redo.append((label, current))
        return state

    def redo(self, current: Any) -> Any:
        label, state = self._redo.pop()
        self._undo.append((label, current))
        return state
