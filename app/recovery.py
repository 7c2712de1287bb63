"""Crash recovery: the session is auto-saved to a recovery file and offered back after a crash.

One recovery file, ``recovery.json``, in the folder of the app's settings (the QSettings INI
file's folder, so tests, which point QSettings at a temporary folder, never touch the user's),
or in ``$BACKPROP_STUDIO_RECOVERY_DIR`` when that is set. It is JSON::

    {"format": "backprop-studio-recovery", "version": 1,
     "original_path": "/home/me/xor.json" or null, "saved_at": "2024-06-07T14:05:09+02:00",
     "session": {...a session exactly as save_session writes it...}}

It is written atomically (``model.atomic_write``) while the session has
unsaved changes (``AutoSaver``), removed when the session is saved or the window closes
normally, and read at start-up (``offer_recovery``). A file that cannot be read back is set
aside as ``recovery.json.corrupt`` and ignored: recovery never stands in the way of starting.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6 import QtCore

from app.settings import settings
from model.atomic_write import atomic_write_text
from model.errors import ValidationError
from model.session_file import SessionSpec, parse_session

FORMAT = "backprop-studio-recovery"
VERSION = 1
FILE_NAME = "recovery.json"
ENV_DIR = "BACKPROP_STUDIO_RECOVERY_DIR"
INTERVAL_MS = 120_000

log = logging.getLogger(__name__)


def recovery_dir() -> Path:
    """Where the recovery file lives: $BACKPROP_STUDIO_RECOVERY_DIR, else beside the settings."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    return Path(settings().fileName()).parent


def recovery_path(directory: str | os.PathLike | None = None) -> Path:
    return Path(directory if directory is not None else recovery_dir()) / FILE_NAME


def write_recovery(session: SessionSpec | str, original_path: str | os.PathLike | None,
                   directory: str | os.PathLike | None = None) -> Path:
    """Atomically write the session (a SessionSpec or session JSON text) as the recovery file."""
    obj = json.loads(session) if isinstance(session, str) else session.to_json()
    wrapper = {
        "format": FORMAT,
        "version": VERSION,
        "original_path": str(original_path) if original_path is not None else None,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "session": obj,
    }
    path = recovery_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(wrapper) + "\n")
    return path


def read_recovery(directory: str | os.PathLike | None = None
                  ) -> tuple[SessionSpec, Path | None, datetime] | None:
    """The recovered session, its original file (or None) and when it was written; None if none.

    A recovery file that cannot be read back is renamed to ``recovery.json.corrupt`` (so it is
    not offered again, but not destroyed either) and None is returned.
    """
    path = recovery_path(directory)
    if not path.exists():
        return None
    try:
        return _parse(path)
    except (OSError, ValueError, TypeError, KeyError, RecursionError) as err:
        # ValidationError and JSONDecodeError are ValueErrors.
        log.warning("ignoring the unreadable recovery file %s: %s", path, err)
        try:
            os.replace(path, path.with_name(FILE_NAME + ".corrupt"))
        except OSError:
            clear_recovery(directory)
        return None


def _parse(path: Path) -> tuple[SessionSpec, Path | None, datetime]:
    obj = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise ValidationError("format", f"expected {FORMAT!r}")
    if obj.get("version") != VERSION:
        raise ValidationError("version", f"this program reads version {VERSION}")
    original = obj.get("original_path")
    if original is not None and not isinstance(original, str):
        raise ValidationError("original_path", "must be a file path or null")
    saved_at = datetime.fromisoformat(obj["saved_at"])
    original = Path(original) if original else None
    spec = parse_session(obj["session"], original.parent if original else None)
    spec.path = original
    return spec, original, saved_at


def clear_recovery(directory: str | os.PathLike | None = None) -> None:
    """Remove the recovery file (nothing to recover any more)."""
    try:
        recovery_path(directory).unlink()
    except FileNotFoundError:
        pass
    except OSError as err:
        log.warning("cannot remove the recovery file: %s", err)


def offer_recovery(window, ask: Callable[[str], bool],
                   directory: str | os.PathLike | None = None) -> bool:
    """After a crash, ask whether to restore the auto-saved session; True when it was restored.

    ``window.session`` is the Session to restore into; ``ask(text)`` shows the question and
    answers True for Restore, False for Discard (which deletes the recovery file). The restored
    session keeps its original file name and counts as unsaved, so closing asks to save it.
    """
    found = read_recovery(directory)
    if found is None:
        return False
    spec, original, saved_at = found
    text = (f"Backprop Studio did not close properly. Restore the session you were working on "
            f"(saved at {saved_at.astimezone():%H:%M})?")
    if original is not None:
        text += f"\n\nIt was {original.name}, with changes not saved to it."
    if not ask(text):
        clear_recovery(directory)
        return False
    session = window.session
    session.stop()
    try:
        session.open_spec(spec)
    except ValidationError as err:  # parsed, but not steppable: treat as unreadable
        log.warning("cannot restore the recovered session: %s", err)
        clear_recovery(directory)
        return False
    session.mark_dirty()
    return True


class AutoSaver(QtCore.QObject):
    """Writes the recovery file every ``interval_ms`` while the session has unsaved changes.

    A clean session writes nothing; saving (dirty → clean) and ``close()`` remove the file;
    a tick that finds the session clean after this saver wrote (another file was opened over
    discarded changes) removes it too.
    """

    written = QtCore.Signal(str)  # the recovery file's path, after each write

    def __init__(self, session, interval_ms: int = INTERVAL_MS,
                 directory: str | os.PathLike | None = None, parent=None):
        super().__init__(parent if parent is not None else session)
        self.session = session
        self.directory = directory
        self._wrote = False
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        session.dirty_changed.connect(self._dirty_changed)
        self.timer.start()

    def tick(self) -> None:
        if self.session.dirty:
            try:
                path = write_recovery(self.session.current_spec(), self.session.spec.path,
                                      self.directory)
            except OSError as err:  # a full disk must not break the running demo
                log.warning("cannot write the recovery file: %s", err)
                return
            self._wrote = True
            self.written.emit(str(path))
        elif self._wrote:
            self.clear()

    def clear(self) -> None:
        clear_recovery(self.directory)
        self._wrote = False

    def close(self) -> None:
        """The window closes normally: stop and remove the recovery file."""
        self.timer.stop()
        self.clear()

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty:
            self.clear()
