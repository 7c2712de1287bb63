"""The headless command line, run as a user runs it: a subprocess, exit codes, files."""

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.test_hand_example import A3_1, D3_1, GW2, LOSS


def run(repo_root, *args):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def minimal(repo_root):
    return repo_root / "tests" / "data" / "minimal.json"


def test_trace_of_the_minimal_file_matches_the_hand_calculation(repo_root, minimal, tmp_path):
    out = tmp_path / "t.json"
    res = run(repo_root, "trace", minimal, "--out", out)
    assert res.returncode == 0, res.stderr
    trace = json.loads(out.read_text())
    assert trace["loss"] == pytest.approx(LOSS, rel=1e-14)
    assert len(trace["layers"]) == 2
    assert trace["layers"][1]["a"][0][0] == pytest.approx(A3_1, rel=1e-14)
    assert trace["layers"][1]["delta"][0][0] == pytest.approx(D3_1, rel=1e-13)
    np.testing.assert_allclose(trace["layers"][0]["grad_weights"], GW2, rtol=1e-13)
    assert trace["after"]["weights"][0][0][0] == pytest.approx(0.1 - 0.5 * GW2[0][0], rel=1e-14)
    assert [s["kind"] for s in trace["steps"]] == [
        "input", "forward", "forward", "loss", "output_error", "backward", "gradients", "update"]
    assert all(s["caption"] and s["equation"] for s in trace["steps"])


def test_train_prints_final_loss_and_saves_a_loadable_session(repo_root, minimal, tmp_path):
    out = tmp_path / "trained.json"
    res = run(repo_root, "train", minimal, "--epochs", 50, "--out", out)
    assert res.returncode == 0, res.stderr
    saved = json.loads(out.read_text())
    assert saved["training"]["epochs_done"] == 50
    assert saved["network"]["weights"] != [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]]]
    final = float(res.stdout.split("final loss")[1].split()[0])
    assert final < LOSS  # it learned something
    # the trained file is itself a valid session: train it again
    res2 = run(repo_root, "train", out, "--epochs", 1, "--out", tmp_path / "again.json")
    assert res2.returncode == 0, res2.stderr


def test_train_of_a_perceptron_session(repo_root, tmp_path):
    session = {"network": {"layers": [2, 1], "activations": ["step"],
                           "weights": [[[0, 0]]], "biases": [[0]]},
               "training": {"learning_rate": 1.0},
               "data": {"dataset": "perceptron7"}}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(session))
    res = run(repo_root, "train", path, "--epochs", 100, "--out", tmp_path / "o.json")
    assert res.returncode == 0, res.stderr
    assert "final loss 0" in res.stdout  # separated: quadratic cost of a perfect step is 0
    res = run(repo_root, "trace", path, "--out", tmp_path / "t.json")
    trace = json.loads((tmp_path / "t.json").read_text())
    assert trace["kind"] == "perceptron" and len(trace["updates"]) == 7


def bad_file(tmp_path, text, name="bad.json"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("make_args,words", [
    (lambda t, m: ["trace", t / "nope.json", "--out", t / "o.json"], "no such file"),
    (lambda t, m: ["trace", bad_file(t, "{oops"), "--out", t / "o.json"], "not valid JSON"),
    (lambda t, m: ["trace", bad_file(t, json.dumps({"network": {"layers": [2, 2, 1],
     "activations": ["sigmoid", "sigmoid"]}, "data": {"inputs": [[0, 0, 1]],
     "targets": [[1]]}})), "--out", t / "o.json"], "data.inputs"),
    (lambda t, m: ["train", bad_file(t, m.read_text().replace("0.5,", "NaN,", 1)),
                   "--epochs", 1, "--out", t / "o.json"], "not a finite number"),
    (lambda t, m: ["train", bad_file(t, m.read_text().replace('"learning_rate": 0.5',
                   '"learning_rate": -0.5')), "--epochs", 1, "--out", t / "o.json"],
     "training.learning_rate"),
    (lambda t, m: ["train", m, "--epochs", 0, "--out", t / "o.json"], "--epochs"),
    (lambda t, m: ["train", m, "--epochs", "ten", "--out", t / "o.json"], "invalid int"),
    (lambda t, m: ["train", m, "--epochs", 1, "--out", t / "o.txt"], "must end in .json"),
    (lambda t, m: ["trace", m, "--out", t / "no" / "dir" / "o.json"], "does not exist"),
    (lambda t, m: ["trace", m], "--out"),
    (lambda t, m: ["trace", bad_file(t, m.read_text().replace("[2, 2, 1]",
                   "[2, 100000000, 1]")), "--out", t / "o.json"], "network.layers[1]"),
])
def test_bad_input_exits_2_with_one_line_and_no_output(repo_root, minimal, tmp_path, make_args,
                                                        words):
    res = run(repo_root, *make_args(tmp_path, minimal))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert words in lines[0]
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "o.txt").exists()


class _Terminal:
    """A stream that says it is a terminal, to see the progress bar drawn."""

    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_train_draws_a_progress_bar_on_a_terminal(minimal, tmp_path):
    from app.commands import train_command

    term = _Terminal()
    train_command(str(minimal), 20, str(tmp_path / "o.json"), stream=term)
    assert "epoch 20/20" in term.text and "[" + "#" * 30 + "]" in term.text
    assert term.text.endswith("\n")
