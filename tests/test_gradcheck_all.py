"""The gradient check parameter by parameter: in the model, on screen, and on the command line."""

import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import assume, given, settings
from PySide6 import QtCore

from app.session import Session
from main import main
from model.gradcheck import (
    TOLERANCE,
    CheckAll,
    Probe,
    check_gradients,
    numeric_gradients,
    relative_error,
)
from model.network import Network
from model.session_file import parse_session
from tests.test_gradcheck import HIDDEN, OUTPUT_FOR_LOSS, cases, random_problem

DIGITS_LIKE = {  # 1,240 parameters: several slices, and time to cancel
    "network": {"layers": [30, 30, 10], "activations": ["tanh", "softmax"],
                "loss": "cross_entropy", "init": "xavier", "seed": 2},
    "training": {"learning_rate": 0.1, "batch_size": 64},
    "data": {"inputs": np.random.default_rng(0).normal(size=(64, 30)).round(3).tolist(),
             "targets": np.eye(10)[np.arange(64) % 10].tolist()},
}


def test_every_activation_and_loss_pair_agrees_to_one_in_a_million():
    for loss, outs in OUTPUT_FOR_LOSS.items():
        for out in outs:
            for hidden in HIDDEN:
                net, x, y = random_problem([3, 4, 5, 3], [hidden, hidden, out], loss, 7, 4)
                run = CheckAll(Probe(net, x, y)).run()
                worst = max(run.worst(layer)[0] for layer in (2, 3, 4))
                assert worst < 1e-6, (hidden, out, loss, worst)
                assert run.done == run.total == sum(w.size + b.size for w, b in
                                                    zip(net.weights, net.biases, strict=True))


@settings(max_examples=60, deadline=None, derandomize=True, database=None)  # the same 60 in CI
@given(cases())
def test_random_architectures_agree_parameter_by_parameter(case):
    net, x, y = random_problem(*case)
    zs, _ = net.forward(x)
    assume(min(np.min(np.abs(z)) for z in zs) > 1e-3)  # no ReLU kink within reach of h
    run = CheckAll(Probe(net, x, y)).run()
    assert max(run.worst(layer)[0] for layer in range(2, net.n_layers + 1)) < 1e-6


def test_the_vectorised_differences_are_the_one_parameter_at_a_time_ones():
    net, x, y = random_problem([3, 4, 5, 2], ["tanh", "relu", "softmax"], "cross_entropy", 3, 4)
    run = CheckAll(Probe(net, x, y)).run()
    five_w, five_b = numeric_gradients(net, x, y)  # the five-point stencil, one by one
    for ours, theirs in zip(run.numeric_w + run.numeric_b, five_w + five_b, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-10)
    probe = Probe(net, x, y, h=1e-4)
    one = probe.check(3, 2, 1)
    assert one.h == 1e-4 and one.backprop == probe.grad_w[1][2, 1]
    assert one.numeric == pytest.approx(five_w[1][2, 1], rel=1e-6)
    assert one.error == relative_error(one.backprop, one.numeric) and one.agrees


def test_a_wrong_gradient_is_caught_and_named():
    net, x, y = random_problem([2, 3, 1], ["tanh", "sigmoid"], "quadratic", 1, 2)
    probe = Probe(net, x, y)
    probe.grad_w[0][2, 1] += 0.01
    run = CheckAll(probe).run()
    worst, where = run.worst(2)
    assert worst > 1e-2 and where == (2, 1)
    assert run.worst(3)[0] < 1e-7
    assert np.nanargmax(run.edge_errors()) == 2 * 2 + 1  # W⁽²⁾ row by row: row 2, column 1


def test_a_big_network_is_checked_at_evenly_spread_parameters():
    net, x, y = random_problem([20, 30, 4], ["tanh", "sigmoid"], "quadratic", 2, 3)
    run = CheckAll(Probe(net, x, y), limit=100).run()
    assert run.n_parameters == 754 and 100 <= run.total <= 104
    checked = ~np.isnan(run.errors_w[0].reshape(-1))
    assert checked.sum() == np.ceil(600 * 100 / 754)
    assert checked[0] and checked[-1]  # spread from the first to the last
    assert np.all(run.errors_w[0].reshape(-1)[checked] < 1e-6)


def test_the_old_per_layer_check_and_the_new_one_agree():
    net, x, y = random_problem([3, 4, 2], ["arctan", "linear"], "mse", 5, 3)
    old = check_gradients(net, x, y)
    run = CheckAll(Probe(net, x, y)).run()
    for a, b in zip(old.numeric_w, run.numeric_w, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-7)


# --- on screen --------------------------------------------------------------------------------

def test_the_inspector_shows_the_models_check_for_the_selected_weight(qtbot):
    from widgets.inspector import Inspector

    s = Session()
    inspector = Inspector(s)
    qtbot.addWidget(inspector)
    inspector.show()
    box = inspector.gradient_check
    assert "Select an edge" in box.lines.text()
    s.select_edge((3, 0, 1))
    box.flush()
    t = s.trace
    net = Network(s.network.sizes, s.network.activations, s.network.loss,
                  list(t.weights_before), list(t.biases_before))
    expected = Probe(net, t.input, t.target).check(3, 0, 1)
    from model.notation import num

    text = box.lines.text()
    assert f"∂C/∂w₁₂⁽³⁾ = {num(expected.backprop)}" in text
    assert f"(C(w₁₂⁽³⁾ + h) − C(w₁₂⁽³⁾ − h)) / (2h) = {num(expected.numeric)}" in text
    assert f"h = {num(1e-5)} · relative error = {num(expected.error)}: agree" in text
    assert expected.backprop == t.layer(3).grad_weights[0, 1]  # backprop's is the trace's
    s.select_neuron(2, 1)  # a bias
    box.flush()
    assert "∂C/∂b₂⁽²⁾ = " + num(t.layer(2).grad_biases[1]) in box.lines.text()


def _run_check(qtbot, s):
    s.checker.start()
    qtbot.waitUntil(lambda: not s.checker.running, timeout=20_000)


def test_check_every_parameter_colours_the_edges_and_a_corrupt_gradient_is_red(qtbot):
    from widgets.diagram import NetworkDiagram
    from widgets.diagram.check import CLASSES
    from widgets.gradcheck_box import GradCheckBox

    s = Session()
    diagram, box = NetworkDiagram(s), GradCheckBox(s)
    for w in (diagram, box):
        qtbot.addWidget(w)
        w.resize(900, 600)
        w.show()
    assert diagram.check_colours() is None
    _run_check(qtbot, s)
    green = CLASSES[0][1]
    assert (diagram.check_colours() == green).all()  # every edge agrees
    box.flush()
    assert "checked 9 of 9 parameters: 0 disagree" in box.summary.text()
    s.checker.probe().grad_w[0][1, 0] *= 1.5  # a backprop bug in w₂₁⁽²⁾, for the test
    _run_check(qtbot, s)
    colours = diagram.check_colours()
    edges = diagram.drawn_edges().tolist()
    red = CLASSES[2][1]
    for (layer, j, k), rgb in zip(edges, colours, strict=True):
        assert tuple(rgb) == (red if (layer, j, k) == (2, 1, 0) else green)
    s.select_edge((2, 1, 0))
    box.flush()
    assert "DISAGREE" in box.lines.text() and "1 disagree" in box.summary.text()
    assert "layer 2: worst" in box.summary.text() and "(w₂₁⁽²⁾) ✗" in box.summary.text()
    s.next_step()  # same iteration: still shown
    assert diagram.check_colours() is not None
    for _ in range(s.n_steps):
        s.next_step()  # another iteration: the check is not of it
    assert diagram.check_colours() is None and s.checker.result() is None


@pytest.mark.timing
def test_check_every_parameter_is_cancellable_and_keeps_the_loop_free(qtbot):
    s = Session(parse_session(DIGITS_LIKE))
    s.checker.limit = 10**6
    ticks, gaps, last = [], [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        ticks.append(now)

    timer = QtCore.QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()

    def cancel_midway():  # after the slice that passes 100 (a poll may come too late:
        result = s.checker.result()  # on a quiet machine the check takes ~50 ms)
        if s.checker.running and result is not None and result.done > 100:
            s.checker.cancel()

    s.checked.connect(cancel_midway)
    s.checker.start()
    qtbot.waitUntil(lambda: not s.checker.running, timeout=20_000)
    s.checked.disconnect(cancel_midway)
    done = s.checker.result().done
    assert not s.checker.running and s.checker.cancelled
    assert 0 < done < s.checker.result().total
    qtbot.wait(50)
    assert s.checker.result().done == done  # it really stopped
    timer.stop()
    assert len(ticks) >= 3 and max(gaps[1:]) < 0.2  # the event loop kept turning
    _run_check(qtbot, s)  # and a new one runs to the end
    run = s.checker.result()
    assert run.done == run.total == 1240
    assert max(run.worst(layer)[0] for layer in (2, 3)) < 1e-6


def test_starting_a_check_stops_training(qtbot):
    s = Session()
    s.toggle_train()
    assert s.running == "train"
    s.checker.start()
    assert s.running == "" and s.checker.running
    s.checker.cancel()


# --- the command line ---------------------------------------------------------------------

def _session_file(tmp_path, obj, name="s.json"):
    import json

    path = tmp_path / name
    path.write_text(json.dumps(obj))
    return str(path)


def test_gradcheck_prints_each_layer_and_exits_0_when_backprop_agrees(repo_root, capsys):
    assert main(["gradcheck", str(repo_root / "resources" / "sessions" / "xor_demo.json")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("gradient check on the first mini-batch (4 samples), h = 1 × 10⁻⁵")
    assert [line.split(":")[0] for line in out[1:]] == ["layer 2", "layer 3"]
    assert all("worst relative error" in line and "DISAGREES" not in line for line in out[1:])


def test_gradcheck_exits_1_when_backprop_and_the_difference_disagree(tmp_path, capsys,
                                                                    monkeypatch):
    real = Network.gradients

    def broken(acts, deltas):  # a BP4 that forgets the batch mean
        grad_w, grad_b = real(acts, deltas)
        return [g * len(deltas[0]) for g in grad_w], grad_b

    monkeypatch.setattr(Network, "gradients", staticmethod(broken))
    path = _session_file(tmp_path, {**DIGITS_LIKE, "training": {"batch_size": 8}})
    assert main(["gradcheck", path]) == 1
    out = capsys.readouterr().out
    assert out.count("DISAGREES") == 2


def test_gradcheck_at_a_relu_kink_disagrees_in_a_subprocess(repo_root, tmp_path):
    """All hidden weights and biases 0: every z⁽²⁾ sits on ReLU's kink, where backprop takes
    the derivative 0 and the central difference half the slope: a real disagreement."""
    path = _session_file(tmp_path, {
        "network": {"layers": [2, 2, 1], "activations": ["relu", "linear"], "loss": "quadratic",
                    "weights": [[[0, 0], [0, 0]], [[1, 1]]], "biases": [[0, 0], [0]]},
        "data": {"inputs": [[1, 2], [2, 1]], "targets": [[1], [0]]}})
    res = subprocess.run([sys.executable, "main.py", "gradcheck", path], cwd=repo_root,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1, res.stderr
    assert "layer 2: worst relative error 1 (" in res.stdout and "DISAGREES" in res.stdout


@pytest.mark.parametrize("args,words", [
    (["--h", "0"], "--h: must be > 0"),
    (["--h", "2"], "--h: must be ≤ 1"),
    (["--h", "tiny"], "invalid float"),
])
def test_gradcheck_bad_input_exits_2_with_one_line(repo_root, args, words, capsys):
    demo = str(repo_root / "resources" / "sessions" / "xor_demo.json")
    try:
        code = main(["gradcheck", demo, *args])
    except SystemExit as stopped:  # argparse's own errors
        code = stopped.code
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and words in err[0]


def test_gradcheck_refuses_a_missing_file_and_a_perceptron(tmp_path, capsys):
    assert main(["gradcheck", str(tmp_path / "nope.json")]) == 2
    path = _session_file(tmp_path, {"network": {"layers": [2, 1], "activations": ["step"]},
                                    "data": {"inputs": [[0, 0]], "targets": [[0]]}})
    assert main(["gradcheck", path]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "perceptron" in err[1]


def test_tolerance_is_the_documented_one():
    assert TOLERANCE == 1e-5
