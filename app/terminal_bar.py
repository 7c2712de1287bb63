"""A one-line progress bar redrawn in place on a terminal, for the headless commands.

At most ~10 redraws a second (and the last one always), nothing at all when the stream is
not a terminal, so a log file or a test's captured stderr gets no carriage returns.
"""

from __future__ import annotations

import time

WIDTH = 30


class TerminalBar:
    """``[#####.....] {unit} done/total  {note}`` on ``stream`` (e.g. sys.stderr)."""

    def __init__(self, total: int, stream, unit: str):
        self.total, self.stream, self.unit = total, stream, unit
        self.live = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0

    def show(self, done: int, note: str = "") -> None:
        now = time.monotonic()
        if not self.live or (now - self.last < 0.1 and done < self.total):
            return
        self.last = now
        filled = int(WIDTH * done / self.total)
        tail = f"  {note}" if note else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] "
                          f"{self.unit} {done}/{self.total}{tail}")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
