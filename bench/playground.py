"""TensorFlow Playground measured in the same run: ``../shared/playground/measure.sh``.

The harness (its README) loads Playground's two setups in headless Chromium and prints one
JSON line, ``{"default_epochs_per_s": X, "spiral_epochs_per_s": Y, "commit": ...}``, in
about 50 s. It needs node and Chromium: it finds Chromium as ``$CHROMIUM`` or
``chromium`` on the PATH (and would install it with apt when run as root, which the bench
does not let it do). When either is missing, or the harness is not there or fails, the
comparison is skipped with a note saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [_REPO.parent / "shared" / "playground" / "measure.sh",  # ../shared
               _REPO.parent.parent / "shared" / "playground" / "measure.sh"]  # a worktree's
HARNESS = Path(os.environ.get("PG_HARNESS") or next(
    (c for c in _CANDIDATES if c.is_file()), _CANDIDATES[0]))
TIMEOUT_S = 240


def missing() -> str:
    """Why the harness cannot run here ('' when it can)."""
    if not HARNESS.is_file():
        return f"no harness at {HARNESS}"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium or not Path(chromium).exists():
        return "Chromium not found (set CHROMIUM or install chromium)"
    if shutil.which("node") is None:
        return "node not found"
    return ""


def measure() -> tuple[dict[str, float] | None, str]:
    """Playground's epochs/s by setup ("default", "spiral"), or None and why not."""
    why = missing()
    if why:
        return None, f"Playground skipped: {why}"
    env = dict(os.environ)
    env.setdefault("CHROMIUM", os.environ.get("CHROMIUM") or shutil.which("chromium") or "")
    try:
        res = subprocess.run(["bash", str(HARNESS)], capture_output=True, text=True, env=env,
                             timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as err:
        return None, f"Playground skipped: the harness did not finish ({err})"
    lines = [line for line in res.stdout.splitlines() if line.startswith("{")]
    if res.returncode != 0 or not lines:
        tail = res.stderr.strip().splitlines()[-1:] or ["no output"]
        return None, f"Playground skipped: the harness failed ({tail[0]})"
    found = json.loads(lines[-1])
    rates = {"default": float(found["default_epochs_per_s"]),
             "spiral": float(found["spiral_epochs_per_s"])}
    return rates, f"Playground measured in this run (commit {found.get('commit', '?')})"
