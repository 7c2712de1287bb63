"""Crash recovery (issue 7, "nothing lost"): autosave while dirty, read back, offer back."""

import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from app.recovery import (
    ENV_DIR,
    AutoSaver,
    clear_recovery,
    offer_recovery,
    read_recovery,
    recovery_dir,
    recovery_path,
    write_recovery,
)
from app.session import Session
from model.session_file import load_session, parse_session

SCRIPT = Path(__file__).parent / "scripts" / "autosave_then_die.py"


class FakeWindow:
    def __init__(self, session):
        self.session = session


def _weights(spec):
    return [w.copy() for w in spec.network.weights]


def _assert_same(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g.shape == w.shape and np.array_equal(g, w)


def _random_spec():
    """A 3-5-2 session with weights no decimal rounding would survive."""
    rng = np.random.default_rng(3)
    w = [rng.normal(size=(5, 3)) * np.pi, rng.normal(size=(2, 5)) / 7]
    b = [rng.normal(size=5) * 1e-7, rng.normal(size=2) * 1e5]
    return parse_session({
        "network": {"layers": [3, 5, 2], "activations": ["tanh", "sigmoid"],
                    "weights": [m.tolist() for m in w], "biases": [v.tolist() for v in b]},
        "data": {"inputs": [[0, 1, 2], [3, 4, 5]], "targets": [[0, 1], [1, 0]]}})


# --- where ----------------------------------------------------------------------------------

def test_the_folder_is_the_settings_folder_or_the_environment_variable(private_settings,
                                                                       monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DIR, raising=False)
    assert Path(private_settings) in recovery_dir().parents  # beside the QSettings INI file
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "r"))
    assert recovery_path() == tmp_path / "r" / "recovery.json"


# --- reading and writing ---------------------------------------------------------------------

def test_read_recovery_round_trips_weights_biases_path_and_time(tmp_path):
    spec = _random_spec()
    before = datetime.now().astimezone().replace(microsecond=0)
    write_recovery(spec, "/lectures/week3.json", tmp_path)
    got, original, saved_at = read_recovery(tmp_path)
    _assert_same(got.network.weights, spec.network.weights)
    _assert_same(got.network.biases, spec.network.biases)
    assert original == Path("/lectures/week3.json") and got.path == original
    assert 0 <= (saved_at - before).total_seconds() < 5
    assert os.listdir(tmp_path) == ["recovery.json"]  # no temporary left beside it


def test_session_json_text_is_accepted_too(tmp_path):
    spec = _random_spec()
    write_recovery(json.dumps(spec.to_json()), None, tmp_path)
    got, original, _ = read_recovery(tmp_path)
    _assert_same(got.network.weights, spec.network.weights)
    assert original is None and got.path is None


def test_no_file_is_none_and_clear_is_harmless(tmp_path):
    assert read_recovery(tmp_path) is None
    clear_recovery(tmp_path)
    write_recovery(_random_spec(), None, tmp_path)
    clear_recovery(tmp_path)
    assert read_recovery(tmp_path) is None


@pytest.mark.parametrize("content", [
    "{\"format\": \"backprop-studio-recovery\", \"version\": 1, \"sess",  # cut short
    "\x00\x01 not json",
    "\udcff\udcfe not UTF-8",
    "[1, 2, 3]",
    "{\"format\": \"something-else\", \"version\": 1}",
    "{\"format\": \"backprop-studio-recovery\", \"version\": 1, \"original_path\": null}",
    "{\"format\": \"backprop-studio-recovery\", \"version\": 1, \"original_path\": 5, "
    "\"saved_at\": \"2024-01-01T10:00:00\", \"session\": {}}",
    "{\"format\": \"backprop-studio-recovery\", \"version\": 1, \"original_path\": null, "
    "\"saved_at\": \"yesterday\", \"session\": {}}",
    "{\"format\": \"backprop-studio-recovery\", \"version\": 1, \"original_path\": null, "
    "\"saved_at\": \"2024-01-01T10:00:00\", \"session\": {\"network\": {\"layers\": [2, 1], "
    "\"activations\": [\"sigmoid\"], \"weights\": [[[1, 2, 3]]]}, \"data\": {\"dataset\": "
    "\"xor\"}}}",
])
def test_a_corrupt_file_is_set_aside_and_none_returned(tmp_path, content):
    raw = content.encode("utf-8", "surrogatepass")
    recovery_path(tmp_path).write_bytes(raw)
    assert read_recovery(tmp_path) is None
    assert not recovery_path(tmp_path).exists()
    assert (tmp_path / "recovery.json.corrupt").read_bytes() == raw
    assert read_recovery(tmp_path) is None  # and it is not offered again


# --- the autosaver ---------------------------------------------------------------------------

def test_autosaver_writes_after_the_interval_when_dirty(qtbot, tmp_path):
    session = Session()
    saver = AutoSaver(session, interval_ms=40, directory=tmp_path)
    assert session.set_weight(2, 0, 1, -0.375)
    assert not recovery_path(tmp_path).exists()  # not before the interval
    with qtbot.waitSignal(saver.written, timeout=2000):
        pass
    got, original, _ = read_recovery(tmp_path)
    _assert_same(got.network.weights, session.current_spec().network.weights)
    assert got.network.weights[0][0, 1] == -0.375
    assert original == session.spec.path


def test_autosaver_writes_nothing_while_clean(qtbot, tmp_path):
    session = Session()
    AutoSaver(session, interval_ms=20, directory=tmp_path)
    qtbot.wait(200)
    assert not session.dirty and os.listdir(tmp_path) == []


def test_saving_clears_the_recovery_file_and_no_more_is_written(qtbot, tmp_path):
    session = Session()
    saver = AutoSaver(session, interval_ms=20, directory=tmp_path / "r")
    session.set_weight(2, 0, 0, 2.5)
    qtbot.waitUntil(recovery_path(tmp_path / "r").exists, timeout=2000)
    session.save(tmp_path / "saved.json")
    assert not recovery_path(tmp_path / "r").exists()
    qtbot.wait(120)
    assert not recovery_path(tmp_path / "r").exists()
    assert load_session(tmp_path / "saved.json").network.weights[0][0, 0] == 2.5
    session.set_weight(2, 0, 0, 1.5)  # dirty again: written again
    with qtbot.waitSignal(saver.written, timeout=2000):
        pass
    assert read_recovery(tmp_path / "r")[0].network.weights[0][0, 0] == 1.5


def test_close_stops_and_clears(qtbot, tmp_path):
    session = Session()
    saver = AutoSaver(session, interval_ms=20, directory=tmp_path)
    session.set_weight(2, 0, 0, 2.5)
    qtbot.waitUntil(recovery_path(tmp_path).exists, timeout=2000)
    saver.close()  # the user agreed to close with unsaved changes: they are discarded
    assert session.dirty and not recovery_path(tmp_path).exists()
    qtbot.wait(100)
    assert not recovery_path(tmp_path).exists()


def test_opening_over_discarded_changes_clears_at_the_next_tick(qtbot, tmp_path):
    session = Session()
    AutoSaver(session, interval_ms=20, directory=tmp_path)
    session.set_weight(2, 0, 0, 2.5)
    qtbot.waitUntil(recovery_path(tmp_path).exists, timeout=2000)
    session.open_spec(_random_spec())  # clean, though dirty_changed(False) is not emitted
    qtbot.waitUntil(lambda: not recovery_path(tmp_path).exists(), timeout=2000)


# --- offering it back ------------------------------------------------------------------------

def test_offer_recovery_restores_on_yes(qtbot, tmp_path):
    spec = _random_spec()
    write_recovery(spec, tmp_path / "week3.json", tmp_path)
    saved_at = read_recovery(tmp_path)[2]
    session = Session()
    asked = []
    assert offer_recovery(FakeWindow(session), lambda text: asked.append(text) or True, tmp_path)
    assert asked == [
        "Backprop Studio did not close properly. Restore the session you were working on "
        f"(saved at {saved_at.astimezone():%H:%M})?\n\nIt was week3.json, with changes not "
        "saved to it."]
    _assert_same(_weights(session.current_spec()), spec.network.weights)
    assert session.spec.path == tmp_path / "week3.json"
    assert session.dirty  # unsaved: closing asks to save it
    assert recovery_path(tmp_path).exists()  # kept until it is saved


def test_offer_recovery_discards_on_no_and_asks_nothing_without_a_file(qtbot, tmp_path):
    session = Session()
    before = _weights(session.current_spec())
    asked = []
    assert not offer_recovery(FakeWindow(session), lambda text: asked.append(text), tmp_path)
    assert asked == []
    write_recovery(_random_spec(), None, tmp_path)
    assert not offer_recovery(FakeWindow(session), lambda text: asked.append(text), tmp_path)
    assert len(asked) == 1 and "It was" not in asked[0]
    assert not recovery_path(tmp_path).exists()
    _assert_same(_weights(session.current_spec()), before)
    assert not session.dirty


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_process_leaves_a_recovery_that_is_restored(qtbot, tmp_path):
    original = tmp_path / "xor.json"
    proc = subprocess.Popen([sys.executable, str(SCRIPT), str(tmp_path), str(original)],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # after the first autosave
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        proc.stdout.close()
    saved = [np.array(w) for w in json.loads(line)]
    assert saved[0][1, 0] == 0.625
    session = Session()
    assert offer_recovery(FakeWindow(session), lambda text: True, tmp_path)
    _assert_same(_weights(session.current_spec()), saved)
    assert session.spec.path == original and session.dirty
