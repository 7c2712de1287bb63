"""The training log: `train --log`'s columns and values, bad arguments, Ctrl-C, and the
window's File → Export training log writing the same rows."""

import csv
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from app.commands import train_command
from app.session import Session
from model.confusion import classes_of
from model.session_file import load_session, parse_session
from model.training_log import header

MOONS = {
    "network": {"layers": [2, 5, 1], "activations": ["tanh", "sigmoid"],
                "loss": "cross_entropy", "seed": 4},
    "training": {"learning_rate": 0.5, "batch_size": 8, "seed": 2},
    "data": {"dataset": "moons", "n_points": 60, "noise": 0.1, "test_ratio": 0.25, "seed": 3},
}
REGRESSION = {
    "network": {"layers": [1, 4, 1], "activations": ["tanh", "linear"], "seed": 1},
    "training": {"learning_rate": 0.1, "batch_size": 2},
    "data": {"inputs": [[0.0], [0.5], [1.0], [1.5]], "targets": [[0.0], [0.2], [0.9], [2.1]],
             "problem": "regression"},
}


def write(tmp_path, obj, name="s.json"):
    path = tmp_path / name
    path.write_text(json.dumps(obj))
    return path


def read_log(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def direct_rows(obj, epochs):
    """The log computed by hand with numpy: train epoch by epoch, then evaluate."""
    spec = parse_session(obj)
    trainer, net, data = spec.make_trainer(), spec.network, spec.data
    out = []
    for epoch in range(1, epochs + 1):
        while trainer.epoch < epoch:
            trainer.fast_iteration()
        a = [data.x_train]
        zs = []
        for w, b, act in zip(net.weights, net.biases, net.activations, strict=True):
            zs.append(a[-1] @ w.T + b)
            a.append(act.fn(zs[-1]))
        y = data.y_train
        cost = net.loss.value(a[-1], y)
        delta = net.backward(zs, a, y)
        grads = [np.sqrt(np.sum((d.T @ prev / len(y)) ** 2)) for d, prev in
                 zip(delta, a[:-1], strict=True)]
        row = {"epoch": epoch, "train_cost": cost, "grads": grads,
               "weights": [np.sqrt(np.sum(w ** 2)) for w in net.weights]}
        if len(data.x_test):
            row["test_cost"] = net.loss.value(net.predict(data.x_test), data.y_test)
        if data.problem == "classification":
            row["train_accuracy"] = np.mean(classes_of(a[-1]) == classes_of(y))
            if len(data.x_test):
                row["test_accuracy"] = np.mean(classes_of(net.predict(data.x_test))
                                               == classes_of(data.y_test))
        out.append(row)
    return out


def test_train_log_has_one_row_per_epoch_with_the_documented_columns(tmp_path):
    session, out, log = write(tmp_path, MOONS), tmp_path / "o.json", tmp_path / "log.csv"
    train_command(str(session), 6, str(out), log=str(log))
    head, rows = read_log(log)
    assert head == ["epoch", "train_cost", "test_cost", "train_accuracy", "test_accuracy",
                    "grad_norm_2", "grad_norm_3", "weight_norm_2", "weight_norm_3"]
    assert head == header(3) and len(rows) == 6
    for row, want in zip(rows, direct_rows(MOONS, 6), strict=True):
        cells = dict(zip(head, row, strict=True))
        assert int(cells["epoch"]) == want["epoch"]
        for key in ("train_cost", "test_cost", "train_accuracy", "test_accuracy"):
            assert float(cells[key]) == pytest.approx(want[key], rel=1e-12, abs=1e-15), key
        for l, (g, w) in enumerate(zip(want["grads"], want["weights"], strict=True), start=2):
            assert float(cells[f"grad_norm_{l}"]) == pytest.approx(g, rel=1e-10)
            assert float(cells[f"weight_norm_{l}"]) == pytest.approx(w, rel=1e-12)
    # the last row is the saved session: its cost is the training cost of what was saved
    saved = load_session(out)
    assert float(rows[-1][1]) == saved.network.cost(saved.data.x_train, saved.data.y_train)


def test_cells_not_defined_are_empty(tmp_path):
    session, log = write(tmp_path, REGRESSION), tmp_path / "log.csv"
    train_command(str(session), 3, str(tmp_path / "o.json"), log=str(log))
    head, rows = read_log(log)
    assert head == header(3)
    for row in rows:
        cells = dict(zip(head, row, strict=True))
        assert cells["test_cost"] == cells["train_accuracy"] == cells["test_accuracy"] == ""
        assert float(cells["train_cost"]) > 0 and float(cells["grad_norm_2"]) > 0


def run_main(repo_root, *args, **kw):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120, **kw)


def test_train_log_on_the_command_line(repo_root, tmp_path):
    session = write(tmp_path, MOONS)
    res = run_main(repo_root, "train", session, "--epochs", 2, "--out", tmp_path / "o.json",
                   "--log", tmp_path / "l.csv")
    assert res.returncode == 0, res.stderr
    assert "wrote" in res.stdout and "l.csv" in res.stdout
    assert len(read_log(tmp_path / "l.csv")[1]) == 2


@pytest.mark.parametrize("log,words", [
    ("l.txt", "--log: "),
    ("nope/l.csv", "does not exist"),
    ("o.json", "must end in .csv"),
])
def test_bad_log_arguments_exit_2_and_write_nothing(repo_root, tmp_path, log, words):
    session = write(tmp_path, MOONS)
    res = run_main(repo_root, "train", session, "--epochs", 2, "--out", tmp_path / "o.json",
                   "--log", tmp_path / log)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in res.stderr
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "l.csv").exists()


def test_a_perceptron_has_no_log(repo_root, tmp_path):
    session = write(tmp_path, {"network": {"layers": [2, 1], "activations": ["step"]},
                               "data": {"inputs": [[0, 0], [1, 1]], "targets": [[0], [1]]}})
    res = run_main(repo_root, "train", session, "--epochs", 2, "--out", tmp_path / "o.json",
                   "--log", tmp_path / "l.csv")
    assert res.returncode == 2 and "--log" in res.stderr and "perceptron" in res.stderr
    assert not (tmp_path / "o.json").exists()


def test_ctrl_c_saves_what_was_trained_and_exits_130(repo_root, tmp_path):
    session = write(tmp_path, MOONS)
    out, log = tmp_path / "o.json", tmp_path / "l.csv"
    proc = subprocess.Popen([sys.executable, "main.py", "train", str(session), "--epochs",
                             "1000000", "--out", str(out), "--log", str(log)], cwd=repo_root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)  # imports, then a few hundred epochs
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr
    assert lines[0].startswith("interrupted after ") and " epochs; saved " in lines[0]
    n = int(lines[0].split()[2])
    assert str(out) in lines[0] and str(log) in lines[0]
    saved = json.loads(out.read_text())
    assert saved["training"]["epochs_done"] == n
    head, rows = read_log(log)
    assert len(rows) == n and int(rows[-1][0]) == n
    load_session(out)  # a complete, valid session


def test_the_windows_log_is_the_command_lines(qtbot, tmp_path):
    from app.insight import write_training_log

    session = write(tmp_path, MOONS)
    train_command(str(session), 4, str(tmp_path / "o.json"), log=str(tmp_path / "cli.csv"))
    s = Session(parse_session(MOONS))
    s.train_epochs(4)  # traced iterations, one by one: the same arithmetic
    written = write_training_log(s, tmp_path / "window.csv")
    assert written.read_text() == (tmp_path / "cli.csv").read_text()


def test_the_training_process_exits_quietly_when_the_window_goes_away(repo_root):
    """The window's end of the pipe closes mid-run (the window crashed or was killed)."""
    from app.train_worker import Pipe
    from model.snapshot_codec import pack, snapshot_parts
    from tests.test_history import spec

    trainer = spec().make_trainer()
    child = subprocess.Popen([sys.executable, "-m", "app.train_worker"], cwd=repo_root,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, bufsize=0)
    conn = Pipe(child.stdout, child.stdin)
    header_, arrays = snapshot_parts(trainer.snapshot(), "now_")
    net = trainer.net
    conn.send_bytes(pack({"kind": "start", "n": 0, "every": 50, "snapshot": header_,
                          "sizes": list(net.sizes),
                          "activations": [a.name for a in net.activations],
                          "loss": net.loss.name, "shuffle": True},
                         {**arrays, "x": trainer.x, "y": trainer.y}))
    conn.recv_bytes()  # the first frame: it is training
    os.kill(child.pid, signal.SIGINT)  # a Ctrl-C in the terminal reaches it too: ignored
    time.sleep(0.2)
    assert child.poll() is None
    conn.close()
    assert child.wait(timeout=20) == 0
    assert child.stderr.read() == b""


def test_epoch_record_gives_the_row_and_the_scores_of_separate_passes_bit_for_bit():
    from model.metrics import score
    from model.training_log import epoch_record, epoch_row

    session = Session(parse_session({
        "network": {"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"],
                    "loss": "cross_entropy", "seed": 1},
        "training": {"learning_rate": 0.5, "batch_size": 5, "seed": 0},
        "data": {"dataset": "circle", "n_points": 40, "test_ratio": 0.25, "seed": 0}}))
    session.train_epochs(2)
    net, data = session.network, session.spec.data
    record = epoch_record(2, net, data, "accuracy")
    assert record.row == epoch_row(2, net, data)
    train = score(net, data.x_train, data.y_train, "accuracy")
    test = score(net, data.x_test, data.y_test, "accuracy")
    assert record.train == train and record.test == test  # the same floats
    assert record.row.train_cost == train.cost and record.row.test_cost == test.cost
    assert 0 <= train.metric <= 1 and len(data.x_test) == 10
