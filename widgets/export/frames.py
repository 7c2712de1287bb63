"""A range of steps as numbered PNG frames: move to each step, take its picture, save it.

Cancelling (the progress callback answers False) or an error removes the frames written so
far, so an export never leaves part of a sequence behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6 import QtGui

from widgets.export.picture import save_image


class ExportCancelled(Exception):
    """The user cancelled a sequence export; nothing of it was kept."""


def frame_pattern(path: str | os.PathLike) -> str:
    """``F.png`` → ``F-{:03d}.png``: the numbered frames' names (F-001.png, F-002.png …)."""
    path = Path(path)
    stem = str(path.with_suffix("")).replace("{", "{{").replace("}", "}}")
    return stem + "-{:03d}" + path.suffix


def grab_steps(advance: Callable[[int], None], grab: Callable[[], QtGui.QImage], count: int,
               progress: Callable[[int, int], bool | None] | None = None
               ) -> Iterator[QtGui.QImage]:
    """``count`` pictures: ``advance(i)`` moves to the i-th step (0-based), ``grab()`` takes
    it. ``progress(done, count)`` is called before each and at the end; False cancels
    (ExportCancelled)."""
    for i in range(count):
        if progress is not None and progress(i, count) is False:
            raise ExportCancelled
        advance(i)
        yield grab()
    if progress is not None:
        progress(count, count)


def export_frames(advance: Callable[[int], None], grab: Callable[[], QtGui.QImage],
                  count: int, path_pattern: str,
                  progress: Callable[[int, int], bool | None] | None = None) -> list[Path]:
    """Frames 1..count as PNGs named ``path_pattern.format(n)`` (see ``frame_pattern``).
    On cancel or error the frames written so far are removed again."""
    written: list[Path] = []
    try:
        for n, image in enumerate(grab_steps(advance, grab, count, progress), start=1):
            written.append(save_image(image, path_pattern.format(n)))
    except BaseException:
        for p in written:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    return written
