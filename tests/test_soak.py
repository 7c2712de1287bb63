"""Long runs stay bounded: resident memory, history and loss curves (the issue's soak)."""

import re
import subprocess
import sys

import pytest


def soak(repo_root, iterations: int) -> tuple[float, int, int, int]:
    res = subprocess.run([sys.executable, "tests/scripts/soak.py", str(iterations)],
                         cwd=repo_root, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr, res.stderr
    found = re.search(r"rss_growth_mb (-?[\d.]+) iterations (\d+) history (\d+) curve (\d+)",
                      res.stdout)
    assert found, res.stdout
    return float(found[1]), int(found[2]), int(found[3]), int(found[4])


def test_a_short_soak_stays_bounded(repo_root):
    growth, done, history, curve = soak(repo_root, 10_000)
    assert done >= 10_000
    assert growth <= 30
    assert history < 600  # sparse: one snapshot in 50 iterations, plus the last 50
    assert curve <= 20_000  # the loss curve halves its resolution when full


@pytest.mark.slow
def test_50000_iterations_with_the_window_live_grow_memory_by_at_most_30_mb(repo_root):
    growth, done, history, curve = soak(repo_root, 50_000)
    assert done >= 50_000 and growth <= 30
    assert history < 1_200 and curve <= 20_000
