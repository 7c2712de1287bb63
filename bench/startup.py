"""Process start to the first painted main window, in a separate process each time.

The parent starts ``python -m bench.first_paint`` (main.py's own start-up with a watch on
the first paint) and stops its clock when the child's ``painted`` line arrives on the pipe:
interpreter start, imports, window construction, layout and the first paint are all in it.
One throw-away run first warms the file cache. Window settings go to a fresh folder
(XDG_CONFIG_HOME) so a saved layout on this machine does not change the figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import Figure

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60.0


def startup_s(config_home: str) -> float:
    """One start-up: seconds from launching the process to its first painted window."""
    env = dict(os.environ, XDG_CONFIG_HOME=config_home)
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "bench.first_paint"], cwd=REPO,
                                 env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            line = child.stdout.readline()
            elapsed = time.perf_counter() - start
            child.wait(timeout=TIMEOUT_S)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
        if line.strip() != "painted":
            errors.seek(0)
            raise RuntimeError(f"the app did not report its first paint: {errors.read()[-2000:]}")
    return elapsed


def startup_figure(repeats: int) -> Figure:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        startup_s(folder)  # warm the file cache; not counted
        values = [startup_s(folder) for _ in range(repeats)]
    return Figure("startup_s", None, values, "s", 1.2, higher_is_better=False)
