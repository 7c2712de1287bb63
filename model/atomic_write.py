"""Replace a file all at once: a crash or a kill leaves the old version or the new one whole.

Every file the app writes goes through here: sessions, the recovery file, traces (text), and
pictures and GIFs, whose writers (Qt, Pillow) want a file name (``atomic_path``).

The new content goes to a temporary file in the target's own folder (a rename is atomic only
within one file system), named ``.<name>.<pid>.<random>.tmp``; it is fsynced, renamed over
the target, and the folder is fsynced so the rename itself survives a power cut. A process
killed mid-write leaves its temporary file behind: the next write of the same name removes
those whose process is gone, so at most one per writer ever lies around. The new file keeps
the old one's permissions (a new file gets the umask's). Pure Python, no Qt.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A fresh temporary path beside ``path`` to write; when the block ends without an
    error, what was written there replaces ``path``. On an error it is removed again."""
    path = Path(path)
    folder = path.parent
    _remove_stale_temporaries(path)
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666))
    try:
        yield tmp
        _fsync_file(tmp)
        try:
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        except OSError:
            pass  # no previous file (or not ours to read): the umask's permissions stay
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) all at once."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write(text)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        f.write(data)


def _fsync_file(path: Path) -> None:
    """Flush a written (and closed) file's data to the disk before it is renamed into place."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder for this)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files that killed writers of ``path`` left (their process is gone)."""
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):-len(".tmp")].split(".")[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid), path.parent / name):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path.parent / name)


def _alive(pid: int, tmp: Path) -> bool:
    """Whether the writer of ``tmp`` may still be writing it."""
    if os.name != "posix":  # no harmless liveness probe there: trust only age
        try:
            return time.time() - tmp.stat().st_mtime < 3600
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
