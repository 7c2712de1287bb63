"""Process start to the first painted main window, in a separate process each time.

The parent starts ``python -m bench.first_paint`` (main.py's own start-up with a watch on
the first paint) and stops its clock when the child's ``painted`` line arrives on the pipe:
interpreter start, imports, window construction, layout and the first paint are all in it.
One throw-away run of each first warms the file cache and compiles every module both import
into a private bytecode folder (PYTHONPYCACHEPREFIX, even where PYTHONDONTWRITEBYTECODE is
set), so both sides load compiled bytecode as an installed app does from its second start:
without it the app's own ~130 modules were compiled from source at every start while the
reference's site-packages came compiled. Window settings go to a fresh folder
(XDG_CONFIG_HOME) so a saved layout on this machine does not change the figure.

Each start is paired with its reference started just before it the same way:
``python -m bench.bare_imports``, which imports numpy, PySide6 and pyqtgraph and stops.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import Figure, Reference

REPO = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60.0
APP = ("bench.first_paint", "painted")
BARE = ("bench.bare_imports", "imported")
# bench.bare_imports on this machine when quiet (bench.calibrate, 2026-12-02, load ≈ 1.5)
BARE_NOMINAL_S = 0.46


def startup_s(config_home: str, child: tuple[str, str] = APP) -> float:
    """One start-up: seconds from launching ``python -m <module>`` to its expected line on
    stdout (by default: the app's first painted window)."""
    module, expected = child
    env = dict(os.environ, XDG_CONFIG_HOME=config_home,
               PYTHONPYCACHEPREFIX=os.path.join(config_home, "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", module], cwd=REPO, env=env,
                                   stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            line = process.stdout.readline()
            elapsed = time.perf_counter() - start
            process.wait(timeout=TIMEOUT_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        if line.strip() != expected:
            errors.seek(0)
            raise RuntimeError(f"{module} did not print {expected!r}: {errors.read()[-2000:]}")
    return elapsed


def startup_figure(repeats: int) -> Figure:
    """``startup_s``, each start after a start of its reference (``bench.bare_imports``)."""
    values, references = [], []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        startup_s(folder, BARE)  # warm the file cache and compile both sides' modules
        startup_s(folder)
        for _ in range(repeats):
            references.append(startup_s(folder, BARE))
            values.append(startup_s(folder))
    return Figure("startup_s", None, values, "s", 1.2, higher_is_better=False,
                  same_run=Reference("bare imports", references, BARE_NOMINAL_S))
