"""model/ and app/ type-check clean with mypy (the settings are pyproject.toml's [tool.mypy]).

Run from the repo root, so the configured files and the git-ignored .mypy_cache are used: a
rerun checks only what changed.
"""

import subprocess
import sys


def test_mypy_finds_nothing(repo_root):
    res = subprocess.run([sys.executable, "-m", "mypy"], cwd=repo_root, capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    assert "Success: no issues found" in res.stdout
