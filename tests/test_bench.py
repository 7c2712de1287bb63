"""The benchmark suite runs and reports every figure; its arithmetic is right.

The timings themselves are not tested (the bench's table checks them against the targets);
the smoke run checks the JSON's shape and that every figure is a positive finite number.
"""

import json
import math
import subprocess
import sys
from collections import deque
from dataclasses import dataclass

import numpy as np
import pytest

from bench.figures import Figure, ratio
from bench.memory import history_bytes
from bench.report import number, table, to_json

NUMBER_KEYS = {"playground_default_epochs_per_s", "playground_spiral_epochs_per_s",
               "startup_s", "history_mb"}
SMALL = {"2-8-8-1", "64-32-10"}
ALL = SMALL | {"784-128-10", "784-256-128-10"}
OBJECT_KEYS = {"headless_steps_per_s": SMALL, "live_over_headless": SMALL,
               "repaint_ms": ALL, "recolour_ms": ALL, "step_ms": SMALL}


def _positive_finite(value, where: str) -> None:
    assert isinstance(value, int | float) and not isinstance(value, bool), where
    assert math.isfinite(value) and value > 0, f"{where} = {value!r}"


def test_quick_run_writes_every_figure_as_a_positive_number(repo_root, tmp_path):
    out = tmp_path / "bench.json"
    res = subprocess.run([sys.executable, "-m", "bench", "--quick", "--json", str(out)],
                         cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-3000:]
    data = json.loads(out.read_text())
    optional = {"torch_steps_per_s"}
    assert set(data) - optional == NUMBER_KEYS | set(OBJECT_KEYS) | {"meta"}
    for key in NUMBER_KEYS:
        _positive_finite(data[key], key)
    for key, networks in OBJECT_KEYS.items():
        assert set(data[key]) == networks, key
        for name, value in data[key].items():
            _positive_finite(value, f"{key}[{name}]")
    if "torch_steps_per_s" in data:
        for name, value in data["torch_steps_per_s"].items():
            _positive_finite(value, f"torch_steps_per_s[{name}]")
    meta = data["meta"]
    assert meta["quick"] is True
    assert {"python", "numpy", "PySide6", "cpu_count", "repeats", "date"} <= set(meta)
    assert meta["blas_threads"] == "1"
    # The table printed on stdout names every figure and marks the targeted ones.
    assert "Playground 27" in res.stdout and "Playground 7.5" in res.stdout
    assert res.stdout.count("pass") + res.stdout.count("FAIL") >= 12


@dataclass(frozen=True)
class _Snap:
    weights: tuple
    order: np.ndarray
    state: dict


class _Keeper:
    """A history stored the way a class might keep it: lists behind attributes."""

    def __init__(self, snaps):
        self._snaps = list(snaps)
        self._ns = [1, 2]


class _Session:
    def __init__(self, history):
        self.history = history


def test_history_bytes_counts_every_reachable_buffer_once():
    shared = np.zeros(10)  # 80 bytes, in both snapshots
    big = np.zeros((4, 5))  # 160 bytes, reached only through a view of its first row
    a = _Snap((np.ones((2, 3)), shared), np.arange(4, dtype=np.int64), {"s": np.ones(2)})
    b = _Snap((big[0], shared), np.arange(4, dtype=np.int32), {"s": 7})
    # a: 48 + 80 + 32 + 16; b: 160 (the view's base) + 16; shared once
    expected = 48 + 80 + 32 + 16 + 160 + 16
    assert history_bytes(_Session(deque([a, b], maxlen=5))) == expected
    assert history_bytes(_Session(_Keeper([a, b]))) == expected
    assert history_bytes(_Session(deque())) == 0


def test_figure_median_spread_and_target_direction():
    fast = Figure("step_ms", "64-32-10", [30.0, 10.0, 20.0, 12.0], "ms", 16.0,
                  higher_is_better=False)
    assert (fast.median, fast.low, fast.high) == (16.0, 10.0, 30.0)
    assert fast.passed is True  # ≤ 16 holds at exactly 16
    slow = Figure("playground_spiral_epochs_per_s", None, [70.0, 80.0, 74.0], "epochs/s", 75.0)
    assert slow.median == 74.0 and slow.passed is False
    assert Figure("headless_steps_per_s", "2-8-8-1", [5.0], "it/s").passed is None
    live = Figure("live_steps_per_s", "2-8-8-1", [300.0, 600.0, 450.0], "it/s")
    alone = Figure("headless_steps_per_s", "2-8-8-1", [1000.0, 500.0, 600.0], "it/s")
    r = ratio("live_over_headless", "2-8-8-1", live, alone, 0.75)
    assert r.values == [0.5, 1.0, 0.75] and r.median == 0.75 and r.passed is True


def test_json_nests_per_network_figures_and_table_marks_targets():
    figures = [
        Figure("playground_default_epochs_per_s", "2-4-2-1", [20.0, 30.0, 40.0], "epochs/s",
               270.0, keyed=False, reference="Playground 27"),
        Figure("repaint_ms", "2-8-8-1", [4.0, 6.0], "ms", 16.0, higher_is_better=False),
        Figure("repaint_ms", "64-32-10", [40.0], "ms", 16.0, higher_is_better=False),
        Figure("live_steps_per_s", "2-8-8-1", [100.0], "it/s"),  # table only
    ]
    data = to_json(figures, {"quick": True})
    assert data == {"playground_default_epochs_per_s": 30.0,
                    "repaint_ms": {"2-8-8-1": 5.0, "64-32-10": 40.0},
                    "meta": {"quick": True}}
    lines = table(figures).splitlines()
    assert len(lines) == 2 + len(figures)
    assert lines[2].split()[-1] == "FAIL" and "≥ 270" in lines[2] and "20.0–40.0" in lines[2]
    assert lines[3].split()[-1] == "pass" and "≤ 16.0" in lines[3]
    assert lines[5].split()[-2:] == ["100–100", "1"]  # no target, no mark: ends at n


@pytest.mark.parametrize("value, text", [(1234.5, "1,234"), (270.0, "270"), (27.25, "27.2"),
                                         (7.5, "7.50"), (0.7512, "0.751"),
                                         (0.99951, "1.00"), (99.96, "100")])
def test_numbers_keep_three_or_four_digits(value, text):
    assert number(value) == text
