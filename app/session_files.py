"""The session's file: opening, saving, and whether there are changes not saved yet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model.session_file import load_session, save_session

if TYPE_CHECKING:
    from app.session import Session


class Files:
    """Open and save for one Session, and its dirty flag (``dirty_changed`` on a change)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.dirty = False

    def set_dirty(self, dirty: bool = True) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self._session._tell("dirty_changed", dirty)

    def open(self, path: str | Path) -> None:
        """Replace the session by a file's; raises ValidationError and changes nothing if bad."""
        self._session.open_spec(load_session(path))

    def save(self, path: str | Path | None = None) -> Path:
        """Write the session at the cursor to ``path`` (by default its own file)."""
        session = self._session
        target = Path(path) if path is not None else session.spec.path
        if target is None:
            raise ValueError("no file name yet")
        save_session(session.current_spec(), target)
        session.spec.path = target
        self.set_dirty(False)
        return target
