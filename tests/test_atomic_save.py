"""Saves are atomic: a process killed mid-save leaves the previous file whole (issue 7).

``atomic_write_text`` writes ``.<name>.<pid>.<random>.tmp`` in the target's folder, fsyncs it,
renames it over the target and fsyncs the folder; a later save removes temporaries whose
writer is gone. The kill test runs tests/scripts/save_forever.py, which writes two versions
of a ~4 MB session over one path in a loop, and SIGKILLs it 30 times at random moments.
"""

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from model.atomic_write import atomic_write_text
from model.session_file import load_session, parse_session, save_session

SCRIPT = Path(__file__).parent / "scripts" / "save_forever.py"
KILLS = 30

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork timing: POSIX")


def _large_specs():
    """Two sessions of ~4 MB (40,000 inline samples, 2-128-128-1) whose weights differ."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(40_000, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    a = parse_session({
        "network": {"layers": [2, 128, 128, 1], "activations": ["tanh", "tanh", "sigmoid"],
                    "init": "xavier", "seed": 1},
        "data": {"inputs": x.tolist(), "targets": y.tolist()}})
    net = a.network.copy()
    for w in net.weights:
        w += 0.5
    return a, replace(a, network=net)


def _temporaries(target: Path) -> list[str]:
    return sorted(n for n in os.listdir(target.parent)
                  if n.startswith(f".{target.name}.") and n.endswith(".tmp"))


def test_killed_saves_leave_a_whole_file(tmp_path):
    spec_a, spec_b = _large_specs()
    save_session(spec_a, tmp_path / "A.json")
    save_session(spec_b, tmp_path / "B.json")
    versions = {name: (tmp_path / f"{name}.json").read_bytes() for name in "AB"}
    assert len(versions["A"]) > 3_000_000 and versions["A"] != versions["B"]
    expected = {"A": spec_a.network.weights, "B": spec_b.network.weights}
    target = tmp_path / "live" / "session.json"
    target.parent.mkdir()
    rng = random.Random(20240607)
    completed = 0  # saves that printed their letter (so had renamed into place)
    mid_write = 0  # kills that left a temporary file: the dangerous moment was hit
    loaded = set()
    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(SCRIPT), str(target),
                                 str(tmp_path / "A.json"), str(tmp_path / "B.json")],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline() == "ready\n"
        time.sleep(0 if kill == 0 else rng.uniform(0, 0.06))
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        completed += len(proc.stdout.read().split())
        proc.stdout.close()

        if not target.exists():
            assert completed == 0, f"kill {kill}: the file vanished after a completed save"
        else:
            data = target.read_bytes()
            name = next((n for n, v in versions.items() if data == v), None)
            assert name is not None, f"kill {kill}: {len(data)} bytes, neither version whole"
            if name not in loaded:  # loading is deterministic: once per version suffices
                spec = load_session(target)
                for got, want in zip(spec.network.weights, expected[name], strict=True):
                    assert np.array_equal(got, want)
                loaded.add(name)
        temporaries = _temporaries(target)
        assert len(temporaries) <= 1, f"kill {kill}: temporary files pile up: {temporaries}"
        mid_write += len(temporaries)
    assert completed >= KILLS // 3  # the loop really ran between kills (a loaded machine
    # saves a 4 MB file in ~60 ms, the longest wait before a kill)
    assert loaded == {"A", "B"}
    assert mid_write >= 5, f"only {mid_write} of {KILLS} kills landed inside a write"


def test_a_save_leaves_no_temporary_and_keeps_permissions(tmp_path):
    target = tmp_path / "s.json"
    atomic_write_text(target, "one\n")
    os.chmod(target, 0o640)
    atomic_write_text(target, "two ü\n")
    assert target.read_text(encoding="utf-8") == "two ü\n"
    assert _temporaries(target) == []
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_dead_writers_temporary_is_removed_a_live_ones_kept(tmp_path):
    target = tmp_path / "s.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".s.json.{dead}.0badf00d.tmp"
    live = tmp_path / f".s.json.{os.getppid()}.0badf00d.tmp"  # our parent: surely running
    other = tmp_path / f".t.json.{dead}.0badf00d.tmp"  # another file's: not ours to touch
    for f in (stale, live, other):
        f.write_text("partial")
    atomic_write_text(target, "whole\n")
    assert not stale.exists()
    assert live.exists() and other.exists()
    assert target.read_text(encoding="utf-8") == "whole\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "s.json"
    atomic_write_text(target, "old\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "bad \udc80 surrogate")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _temporaries(target) == []
