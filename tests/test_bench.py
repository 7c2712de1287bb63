"""The benchmark suite runs and reports every figure; its arithmetic is right.

The timings themselves are not tested (the bench's table checks them against the targets);
the smoke run checks the JSON's shape, that every figure is a positive finite number, and
that every paint, latency, start-up and training-speed figure has its same-run reference
and ratio (positive and finite) in the JSON and in the table.
"""

import json
import math
import os
import subprocess
import sys
from collections import deque
from dataclasses import dataclass

import numpy as np
import pytest

from bench.figures import Figure, Reference, ratio
from bench.memory import history_bytes
from bench.report import number, table, to_json

NUMBER_KEYS = {"playground_default_epochs_per_s", "playground_spiral_epochs_per_s",
               "startup_s", "history_mb", "landscape_s"}
LIVE_FRAMES = {"2-4-2-1", "2-8-8-8-8-8-8-1", "64-32-10"}  # frames counted while training
# Only with numba (the compiled kernel and the tight loop it is measured against):
KERNEL_KEYS = {"headless_kernel_steps_per_s", "headless_over_tight_loop"}
SMALL = {"2-8-8-1", "64-32-10"}
ALL = SMALL | {"784-128-10", "784-256-128-10"}
OBJECT_KEYS = {"headless_steps_per_s": SMALL, "live_over_headless": SMALL,
               "repaint_ms": ALL, "recolour_ms": ALL, "step_ms": SMALL,
               "flow_recording_cost_pct": SMALL, "frames_per_s": LIVE_FRAMES,
               "worst_frame_gap_ms": LIVE_FRAMES, "diagram_paints_per_s": LIVE_FRAMES,
               "two_runs_over_one": {"2-8-8-1", "2-4-2-1"}}
SAME_RUN = {"ratios", "references", "ratio_targets", "results"}
# Figures measured beside a same-run reference: where their ratio is, where a ratio target.
RATIO_KEYS = {"playground_default_epochs_per_s": None, "playground_spiral_epochs_per_s": None,
              "startup_s": None, "landscape_s": None, "headless_steps_per_s": SMALL,
              "repaint_ms": ALL,
              "recolour_ms": ALL, "step_ms": SMALL, "frames_per_s": LIVE_FRAMES,
              "worst_frame_gap_ms": LIVE_FRAMES, "diagram_paints_per_s": LIVE_FRAMES}
RATIO_TARGETS = {"playground_default_epochs_per_s": None,
                 "playground_spiral_epochs_per_s": None, "startup_s": None,
                 "repaint_ms": ALL, "recolour_ms": ALL, "step_ms": {"64-32-10"},
                 "frames_per_s": LIVE_FRAMES, "worst_frame_gap_ms": LIVE_FRAMES}


def _positive_finite(value, where: str) -> None:
    assert isinstance(value, int | float) and not isinstance(value, bool), where
    assert math.isfinite(value) and value > 0, f"{where} = {value!r}"


def _check_nested(block: dict, keys: dict, where: str) -> None:
    """``block`` holds exactly ``keys``: a number, or one per network of the given set."""
    assert set(block) == set(keys), where
    for key, networks in keys.items():
        if networks is None:
            _positive_finite(block[key], f"{where}[{key}]")
            continue
        assert set(block[key]) == networks, f"{where}[{key}]"
        for name, value in block[key].items():
            _positive_finite(value, f"{where}[{key}][{name}]")


@pytest.mark.timing
def test_quick_run_writes_every_figure_as_a_positive_number(repo_root, tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "CHROMIUM": str(tmp_path / "no-chromium")}  # Playground: skipped
    res = subprocess.run([sys.executable, "-m", "bench", "--quick", "--vs-playground",
                          "--json", str(out)], cwd=repo_root, capture_output=True, text=True,
                         timeout=150, env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Playground skipped: " in res.stdout and "Playground skipped: " in res.stderr
    data = json.loads(out.read_text())
    assert data["meta"]["playground"].startswith("Playground skipped: ")
    assert data["meta"]["playground_epochs_per_s"] is None
    assert not {"vs_playground_default", "vs_playground_spiral"} & set(data)
    optional = {"torch_steps_per_s", *KERNEL_KEYS}
    for key in KERNEL_KEYS & set(data):
        _positive_finite(data[key], key)
    assert set(data) - optional == NUMBER_KEYS | set(OBJECT_KEYS) | SAME_RUN | {"meta"}
    for key in NUMBER_KEYS:
        _positive_finite(data[key], key)
    for key, networks in OBJECT_KEYS.items():
        assert set(data[key]) == networks, key
        for name, value in data[key].items():
            _positive_finite(value, f"{key}[{name}]")
    ratio_keys = RATIO_KEYS | ({"headless_kernel_steps_per_s": None}
                               if "headless_kernel_steps_per_s" in data else {})
    _check_nested(data["ratios"], ratio_keys, "ratios")
    _check_nested(data["references"], ratio_keys, "references")
    _check_nested(data["ratio_targets"], RATIO_TARGETS, "ratio_targets")
    if "torch_steps_per_s" in data:
        for name, value in data["torch_steps_per_s"].items():
            _positive_finite(value, f"torch_steps_per_s[{name}]")
    meta = data["meta"]
    assert meta["quick"] is True
    assert {"python", "numpy", "PySide6", "cpu_count", "repeats", "date"} <= set(meta)
    assert meta["blas_threads"] == "1"
    # The table printed on stdout names every figure and marks the targeted ones.
    assert "Playground 47.5 stored" in res.stdout and "Playground 13.7 stored" in res.stdout
    assert res.stdout.count("pass") + res.stdout.count("FAIL") >= 15
    # Issue 18's figures: the landscape's seconds and both setups' ratio, each judged.
    for label, count in (("landscape 64×64", 1), ("two runs live / one run live", 2)):
        judged = [line for line in res.stdout.splitlines() if line.startswith(label)
                  and line.rstrip().endswith(("pass", "FAIL"))]
        assert len(judged) == count, label
    # ... and has the reference's columns, with a ratio in every row that has a reference.
    header = res.stdout.splitlines()[0]
    assert all(name in header for name in ("same-run reference", "ratio spread",
                                           "ratio target"))
    rows = [line for line in res.stdout.splitlines() if "2,400 lines" in line]
    assert len(rows) == 2 * len(ALL)  # repaint and recolour of every network
    assert all(" × " in row for row in rows)


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


def test_ratio_to_the_same_run_reference_and_both_targets():
    slow_machine = Reference("2,400 lines", [10.0, 12.0, 8.0], nominal=5.0)
    # Absolute 20 ms misses ≤ 16, but per repeat it is 2× its reference: ratio target 16/5.
    figure = Figure("repaint_ms", "64-32-10", [20.0, 24.0, 16.0], "ms", 16.0,
                    higher_is_better=False, same_run=slow_machine)
    assert figure.ratios == [2.0, 2.0, 2.0] and figure.ratio == 2.0
    assert figure.ratio_target == pytest.approx(3.2)
    assert (figure.absolute_passed, figure.ratio_passed, figure.passed) == (False, True, True)
    assert figure.verdict == "pass (ratio)"
    fast_machine = Reference("2,400 lines", [4.0, 4.0, 4.0], nominal=5.0)
    figure = Figure("repaint_ms", "64-32-10", [15.0, 15.0, 14.0], "ms", 16.0,
                    higher_is_better=False, same_run=fast_machine)
    assert figure.ratio == 3.75 and figure.verdict == "pass (absolute)"
    figure.values = [17.0, 17.0, 17.0]
    assert figure.verdict == "FAIL" and figure.passed is False
    rate = Figure("playground_default_epochs_per_s", "2-4-2-1", [300.0, 400.0], "epochs/s",
                  270.0, same_run=Reference("numpy loop", [500.0, 1000.0], nominal=1000.0))
    assert rate.ratios == [0.6, 0.4] and rate.ratio == 0.5 and rate.ratio_target == 0.27
    assert rate.verdict == "pass"  # higher is better: both 350 ≥ 270 and 0.5 ≥ 0.27
    untargeted = Figure("headless_steps_per_s", "2-8-8-1", [5.0], "it/s",
                        same_run=Reference("numpy loop", [10.0]))
    assert untargeted.ratio == 0.5 and untargeted.ratio_target is None
    assert untargeted.verdict == "" and untargeted.passed is None
    with pytest.raises(ValueError):
        Figure("step_ms", "2-8-8-1", [1.0, 2.0], "ms", same_run=Reference("x", [1.0]))


def test_json_nests_per_network_figures_and_table_marks_targets():
    lines_ref = Reference("2,400 lines", [2.0, 3.0], nominal=4.0)
    figures = [
        Figure("playground_default_epochs_per_s", "2-4-2-1", [20.0, 30.0, 40.0], "epochs/s",
               270.0, keyed=False, reference="Playground 27"),
        Figure("repaint_ms", "2-8-8-1", [4.0, 6.0], "ms", 16.0, higher_is_better=False,
               same_run=lines_ref),
        Figure("repaint_ms", "64-32-10", [40.0], "ms", 16.0, higher_is_better=False),
        Figure("live_steps_per_s", "2-8-8-1", [100.0], "it/s"),  # table only
    ]
    data = to_json(figures, {"quick": True})
    assert data == {"playground_default_epochs_per_s": 30.0,
                    "repaint_ms": {"2-8-8-1": 5.0, "64-32-10": 40.0},
                    "ratios": {"repaint_ms": {"2-8-8-1": 2.0}},
                    "references": {"repaint_ms": {"2-8-8-1": 2.5}},
                    "ratio_targets": {"repaint_ms": {"2-8-8-1": 4.0}},
                    "results": {"playground_default_epochs_per_s": "FAIL",
                                "repaint_ms": {"2-8-8-1": "pass", "64-32-10": "FAIL"}},
                    "meta": {"quick": True}}
    lines = table(figures).splitlines()
    assert len(lines) == 2 + len(figures)
    assert lines[2].split()[-1] == "FAIL" and "≥ 270" in lines[2] and "20.0–40.0" in lines[2]
    assert lines[3].split()[-1] == "pass" and "≤ 16.0" in lines[3]
    # the reference's median, the ratio's median and spread, the ratio target
    assert "2,400 lines 2.50 ms" in lines[3] and "2.00 ×" in lines[3]
    assert "2.00–2.00" in lines[3] and "≤ 4.00" in lines[3]
    assert lines[5].split()[-2:] == ["100–100", "1"]  # no target, no mark: ends at n


@pytest.mark.parametrize("value, text", [(1234.5, "1,234"), (270.0, "270"), (27.25, "27.2"),
                                         (7.5, "7.50"), (0.7512, "0.751"),
                                         (0.99951, "1.00"), (99.96, "100")])
def test_numbers_keep_three_or_four_digits(value, text):
    assert number(value) == text


def test_playground_is_skipped_with_a_note_when_chromium_is_missing(monkeypatch, tmp_path):
    from bench import playground

    monkeypatch.setenv("CHROMIUM", str(tmp_path / "none"))
    monkeypatch.setattr(playground.shutil, "which", lambda name: None)
    harness = tmp_path / "measure.sh"
    harness.write_text("exit 1\n")
    monkeypatch.setattr(playground, "HARNESS", harness)
    assert playground.measure() == (None, "Playground skipped: Chromium not found (set "
                                          "CHROMIUM or install chromium)")
    monkeypatch.setattr(playground, "HARNESS", tmp_path / "absent.sh")
    assert playground.missing() == f"no harness at {tmp_path / 'absent.sh'}"


def test_frames_are_paints_merged_within_a_few_ms_and_the_worst_gap_counts_the_edges():
    from bench.frames import Frames

    f = Frames(1.0, [0.010, 0.030, 0.100, 0.900])
    assert f.per_s == 4.0
    assert f.worst_gap_ms == pytest.approx(800.0)  # 0.1 s → 0.9 s
    assert Frames(0.5, []).worst_gap_ms == pytest.approx(500.0)


def test_frame_figures_are_judged_beside_the_windows_speed():
    from bench.live import LiveRun, frame_figures

    # a machine at half its quiet speed: 30 frames/s would have been 60, an 80 ms gap 40 ms
    run = LiveRun([1.0, 1.0], [1.0, 1.0], [600.0, 590.0], [30.0, 32.0], [80.0, 90.0],
                  speed=[0.5, 0.5], diagram_per_s=[20.0, 22.0])
    fps, gap, diagram = frame_figures("2-4-2-1", run)
    assert fps.median == 31.0 and fps.ratio == 62.0 and fps.ratio_target == 50.0
    assert fps.verdict == "pass (ratio)"
    assert gap.ratio == pytest.approx(42.5) and gap.verdict == "pass (ratio)"
    assert diagram.median == 21.0 and diagram.target is None
    slow = frame_figures("2-4-2-1", LiveRun([1.0], [1.0], [], [30.0], [120.0], [], [20.0]))
    assert [f.verdict for f in slow[:2]] == ["FAIL", "FAIL"]  # no speed: absolute only
