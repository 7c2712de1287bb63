"""The tree stays ruff-clean (the rules are in pyproject.toml)."""

import subprocess
import sys


def test_ruff_finds_nothing(repo_root):
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                          "."], cwd=repo_root, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
