"""The curriculum (issue 20): every lesson plays to its end, every number a caption states
comes from a placeholder, and this file recomputes those numbers from the model — the
introductions' figures exactly (3.96, 3.9208, 3.882384; 0.04, 0.0792, 0.117616; their
perceptron run's w = (−1.2, 3.2), b = −1 in epoch 8; 1.1 × 0.3 + 2.6 × 1.0 = 2.93)."""

from __future__ import annotations

import math
import re
from html import escape
from pathlib import Path

import numpy as np
import pytest

from app import lesson_perceptron
from app.lesson_player import SATURATION_SLOPE, LessonPlayer
from app.lessons import list_lessons, load_lesson
from app.session import Session
from model.crosswalk import CROSSWALK
from model.descent1d import double_well, double_well_prime
from model.network import Network
from model.notation import formatted
from model.perceptron import train_perceptron
from tests.test_notation import ASCII_INDEX, SCIENTIFIC_E, readable_as_power
from widgets.notation_help import crosswalk_html

LESSONS = [lesson.name for lesson in list_lessons()]
NEW = ("linear-models", "perceptron-run", "matrix-form", "losses", "descent-details",
       "why-backprop", "chain-rule", "bp4-warning", "batch-size", "overfitting")
LITERAL_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")
MISSING = re.compile(r"(?<!\w)–(?!\w)")  # what a placeholder prints when it has no value
# Numbers still written as words in the older lessons: constants of the functions and
# measurements, each recomputed below (test_the_numbers_written_in_words_are_true). The
# worked example's published numbers are checked digit by digit in tests/test_lessons.py.
WRITTEN = {("activations", 3): ["2.9", "0.05", "4.6", "0.01"],
           ("activations", 5): ["0.05", "2.2", "0.01"],
           ("xor-network", 15): ["0.01"],
           ("saturation", 6): ["6.9"], ("saturation", 7): ["9.7"], ("saturation", 8): ["0.2687"],
           ("saturation", 9): ["0.5"], ("saturation", 10): ["1.3", "6.8"],
           ("spiral-sgd", 2): ["0.693"]}


@pytest.fixture
def player(qapp):
    return LessonPlayer(Session())


def play(player, name: str) -> list[str]:
    player.open(name)
    captions = [player.caption]
    while not player.at_end:
        if player.asking:  # an exercise's "ask" waits for its answer: the hall's reveal
            player.reveal(record=False)
        player.next()
        captions.append(player.caption)
    return captions


def at(player, name: str, i: int) -> str:
    player.open(name)
    player.go_to(i)
    return player.caption


def f(x: float, spec: str = ".7g") -> str:
    """A number as a caption prints it (model.notation.formatted)."""
    return formatted(x, spec)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --- every lesson -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_plays_to_its_end_with_every_number_filled_in(player, name):
    captions = play(player, name)
    assert len(captions) == player.n_steps and player.at_end
    for caption in captions:
        assert "{" not in caption and not MISSING.search(caption), caption
        assert "nan" not in caption.lower(), caption
        assert not readable_as_power(caption) and not ASCII_INDEX.search(caption), caption
        assert not SCIENTIFIC_E.search(caption), caption
        if name in NEW:
            assert len(caption) <= 240, caption  # about three lines at lecture size


def literal_decimals(caption: str) -> list[str]:
    text = re.sub(r"\{[^{}]*\}", "", caption.replace("{{", "").replace("}}", ""))
    return LITERAL_DECIMAL.findall(text)


def test_no_caption_states_a_decimal_number_outside_a_placeholder():
    for lesson in list_lessons():
        if lesson.name == "worked-example":
            continue
        for i, step in enumerate(lesson.steps):
            numbers = literal_decimals(step.caption)
            assert numbers == WRITTEN.get((lesson.name, i), []), (lesson.name, i, numbers)
    assert literal_decimals("x = {x:.4f}, not {{1.5}} but 2.25") == ["1.5", "2.25"]


def test_the_numbers_written_in_words_are_true(player):
    # where σ′ and tanh′ fall below 0.05 and 0.01 (the activations view shades the first)
    def beyond(prime, level):
        z = np.linspace(0, 10, 1_000_001)
        return z[np.argmax(prime(z) < level)]

    s_prime = lambda z: sigmoid(z) * (1 - sigmoid(z))  # noqa: E731
    t_prime = lambda z: 1 - np.tanh(z) ** 2  # noqa: E731
    assert SATURATION_SLOPE == 0.05
    assert (f(beyond(s_prime, 0.05), ".1f"), f(beyond(s_prime, 0.01), ".1f")) == ("2.9", "4.6")
    assert (f(beyond(t_prime, 0.05), ".1f"), round(beyond(t_prime, 0.01))) == ("2.2", 3)
    # xor-network: "below 0.01"
    at(player, "xor-network", 15)
    assert player.session.trace.loss < 0.01
    # saturation: the starting cost, Xavier's scale, and the mean |δ| of the first batches
    start = load_lesson("saturation").session_spec
    data = start.data
    assert f(start.network.cost(data.x_train, data.y_train), ".4f") == "0.2687"  # was 0.2686
    assert f(math.sqrt(2 / (2 + 6)), ".1f") == "0.5"
    x, y = data.x_train[:10], data.y_train[:10]  # the first mini-batch (no shuffling)

    def mean_deltas(net):
        zs, acts = net.forward(x)
        return [f(float(np.mean(np.abs(d))), ".1e")[:3] for d in net.backward(zs, acts, y)]

    assert mean_deltas(start.network) == ["9.7", "6.9"]  # hidden, output
    at(player, "saturation", 10)  # after Xavier's start: the parameters of the first batch
    t, xavier = player.session.trace, player.session.network.copy()
    for layer in (2, 3):
        xavier.W(layer)[...], xavier.b(layer)[...] = t.W_before(layer), t.b_before(layer)
    assert mean_deltas(xavier) == ["6.8", "1.3"]
    # spiral-sgd: "close to ln 2 = 0.693"
    assert f(math.log(2), ".3f") == "0.693"


def test_lessons_written_or_touched_here_use_the_cost_names():
    old = re.compile(r"\{(loss|train_loss|test_loss|sample_loss)[:}]")
    for name in NEW:
        for step in load_lesson(name).steps:
            assert not old.search(step.caption), (name, step.caption)


def test_layers_are_counted_once_where_they_first_appear():
    lessons = list_lessons()
    first = next(lesson for lesson in lessons if lesson.view == "network")
    assert first.name == "matrix-form"
    said = [i for lesson in lessons for i, s in enumerate(lesson.steps)
            if "3-4-5" in s.caption]
    assert said == [1]
    assert "3-4-5" in load_lesson("matrix-form").steps[1].caption


def test_phi_is_any_activation_and_sigma_the_sigmoid():
    first = load_lesson("activations").steps[0].caption
    assert "a = φ(z)" in first and "σ for the sigmoid only" in first
    for lesson in list_lessons():
        if lesson.view != "network":
            continue
        acts = {a.name for a in lesson.session_spec.network.activations}
        if "sigmoid" not in acts:
            assert not any("σ" in s.caption for s in lesson.steps), lesson.name


# --- 1, 2: lines and the perceptron ------------------------------------------------------------

def test_linear_models_signs_and_the_exercise(player):
    captions = play(player, "linear-models")
    u, v = np.array([0.0, 2.0]), np.array([1.0, 0.0])
    w, b = np.array([2.0, 1.0]), -3.0  # the line y = −2x, moved by the bias
    assert "[2, 1]" in load_lesson("linear-models").summary and "w = (2, 1)" in captions[0]
    assert f"w·u + b = {f(w @ u + b)}" in captions[3] and f"w·v + b = {f(w @ v + b)}" in captions[4]
    assert np.sign(w @ u + b) == np.sign(w @ v + b)  # "on the same side"
    assert captions[5].startswith("Exercise:")  # an exercise (issue 16's "ask" step to come)
    w, b = np.array([0.0, 1.0]), -1.0  # the answer shown on the next step
    assert "w = (0, 1) and b = −1" in captions[6]
    assert w @ u + b > 0 > w @ v + b
    assert f"w·u = {f(w @ u)}, and w·u + b = {f(w @ u + b)} > 0, so u is class 1" in captions[7]
    assert f"w·v + b = {f(w @ v + b)} < 0, so v is class 0" in captions[8]


SEVEN_X = np.array([[0.8, 0.4], [0.3, 0.1], [0.8, 0.8], [0.4, 0.6], [0.6, 0.8], [0.4, 0.2],
                    [0.4, 0.5]])
SEVEN_Y = np.array([0, 0, 1, 1, 1, 0, 1])


def introductions_run(eta: float):
    """The introductions' numpy loop as they wrote it: bias last, class 1 when ≥ 0; until an
    epoch with no mistake. Returns (epoch, w, b, mistakes per epoch)."""
    w = np.zeros(3)
    history = []
    for epoch in range(1, 101):
        mistakes = 0
        for x, y in zip(SEVEN_X, SEVEN_Y, strict=True):
            pred = 1 if np.dot(w[:2], x) + w[2] >= 0 else 0
            mistakes += pred != y
            w[:2] += eta * (y - pred) * x
            w[2] += eta * (y - pred)
        history.append(mistakes)
        if mistakes == 0:
            return epoch, w[:2], w[2], history
    raise AssertionError("no convergence")


def test_perceptron_run_reaches_the_introductions_weights_in_epoch_8(player):
    epoch, w, b, history = introductions_run(1.0)
    assert epoch == 8 and history[-1] == 0
    np.testing.assert_allclose(w, [-1.2, 3.2], atol=1e-12)
    assert b == -1.0
    net = Network.create([2, 1], ["step"], weights=[[[0.0, 0.0]]], biases=[[0.0]])
    run = train_perceptron(net, SEVEN_X, SEVEN_Y[:, None], learning_rate=1.0, on_line=1)
    assert run.converged and run.epochs == 8
    np.testing.assert_allclose(net.weights[0][0], w, atol=1e-12)
    assert net.biases[0][0] == b

    captions = play(player, "perceptron-run")
    assert "w = (0, 0), b = 0, η = 1" in captions[2] and "w·x + b ≥ 0" in captions[2]
    assert "w·x + b = 0 ≥ 0, so f(x) = 1, wrong" in captions[3]
    assert "w = (−0.8, −0.4), b = −1" in captions[3]
    assert "epoch 8, with w = (−1.2, 3.2) and b = −1" in captions[5]
    assert "Epoch 8 is again the first" in captions[8]
    assert "w = (−0.12, 0.32), b = −0.1" in captions[8]
    p = player.perceptron
    np.testing.assert_allclose([p.b, *p.w], [0.1 * b, *(0.1 * w)], atol=1e-12)
    assert p.converged and not p.errors.any() and p.epoch + 1 == 8


def test_from_zero_eta_only_rescales_the_perceptron():
    """Every epoch makes the same mistakes with η = 1, 0.5 and 0.1, and the weights scale."""
    spec = load_lesson("perceptron-run").perceptron
    runs = {}
    for eta in (1.0, 0.5, 0.1):
        p = lesson_perceptron.start(spec, learning_rate=eta)
        mistakes = []
        while not p.converged:
            p = lesson_perceptron.epoch(p)
            mistakes.append(p.mistakes)
        runs[eta] = (mistakes, np.array([p.b, *p.w]))
        assert mistakes == introductions_run(eta)[3]
    assert runs[1.0][0] == runs[0.5][0] == runs[0.1][0]
    for eta in (0.5, 0.1):
        np.testing.assert_allclose(runs[eta][1], eta * runs[1.0][1], atol=1e-12)


def test_a_point_on_the_line_counts_as_the_lesson_says():
    spec = dict(load_lesson("perceptron-run").perceptron)
    start = lesson_perceptron.start(spec)
    assert start.answers().tolist() == [1] * 7  # w = 0, b = 0: every point is on the line
    strict = lesson_perceptron.start({**spec, "on_line": 0})
    assert strict.answers().tolist() == [0] * 7
    assert lesson_perceptron.present(strict).update.prediction[0] == 0  # right: y = 0


# --- 6, 7: the matrix form and the costs -------------------------------------------------------

def test_matrix_form_quotes_the_introductions_example(player):
    assert 1.1 * 0.3 + 2.6 * 1.0 == pytest.approx(2.93, abs=1e-15)
    assert "1.1 × 0.3 + 2.6 × 1.0 = 2.93" in load_lesson("matrix-form").summary
    captions = play(player, "matrix-form")
    spec = load_lesson("matrix-form").session_spec
    net, x = spec.network, spec.data.x_train
    zs, acts = net.forward(x)
    assert f(zs[0][0, 0]) == "2.93"
    assert "z₁⁽²⁾ = 1.1 × 0.3 + 2.6 × 1 + 0 = 2.93" in captions[3]
    assert "L = 3" in captions[1] and net.n_layers == 3
    W, b = net.W(2), net.b(2)
    rows = [W[j] @ x[0] + b[j] for j in range(2)]  # row by row
    np.testing.assert_allclose(W @ x[0] + b, rows, atol=1e-15)  # and as one product
    assert f"z₂⁽²⁾ = {f(rows[1])}" in captions[4]
    assert f"= ({f(rows[0])}, {f(rows[1])})" in captions[5]
    a2 = sigmoid(np.array(rows))
    assert f"({f(a2[0], '.4f')}, {f(a2[1], '.4f')})" in captions[6]
    assert f"a⁽³⁾ = σ(z⁽³⁾) = {f(acts[2][0, 0], '.4f')}" in captions[8]


def test_losses_gradients_side_by_side_and_the_learning_that_follows(player):
    captions = play(player, "losses")
    a, y = sigmoid(4.0), 0.0  # w = 2, b = 2, x = 1
    slope = a * (1 - a)
    assert f"a = σ(z) = {f(a, '.4f')}" in captions[0]
    assert f"σ′(z) = {f(slope, '.4f')}" in captions[0]
    assert f"(y − a)² = {f((y - a) ** 2, '.4f')}" in captions[1]
    assert f"= {f(-math.log(1 - a), '.4f')}." in captions[1]
    assert f"2(a − y)σ′(z)x = {f(2 * (a - y) * slope, '.4f')} × 1" in captions[3]
    assert (f"(a − y)x = {f(a - y, '.4f')} × 1, against {f(2 * (a - y) * slope, '.4f')} × 1"
            in captions[4])  # the two gradients side by side

    def descend(grad, steps=50, eta=0.15):
        w = b = 2.0
        for _ in range(steps):
            out = sigmoid(w + b)
            g = grad(out)
            w, b = w - eta * g, b - eta * g  # x = 1: ∂C/∂w = ∂C/∂b
        return sigmoid(w + b)

    slow = descend(lambda o: 2 * (o - y) * o * (1 - o))
    fast = descend(lambda o: o - y)
    assert slow > 0.95 and fast < 0.1
    assert f"the output is still {f(slow, '.4f')}" in captions[5]
    assert f"with cross-entropy the output is {f(fast, '.4f')}" in captions[7]
    assert f"output is {f(a, '.4f')} again" in captions[6]


# --- 8, 9: gradient descent ---------------------------------------------------------------------

def hand_descent(x, eta, n, centre=2.0):
    xs = [x]
    for _ in range(n):
        xs.append(xs[-1] - eta * 2 * (xs[-1] - centre))
    return xs


def test_gradient_descent_quotes_the_introductions_iterates(player):
    captions = play(player, "gradient-descent")
    xs = hand_descent(4.0, 0.01, 3)
    assert [f(x) for x in xs[1:]] == ["3.96", "3.9208", "3.882384"]
    assert "= 3.96." in captions[2] and "x = 3.9208." in captions[3]
    assert captions[4].startswith("Third step: x = 3.882384.")
    # the second step came from the slope at 3.96, 2(3.96 − 2) = 3.92
    assert "The slope at 3.96 was 3.92" in captions[3] and "smaller: −0.0392" in captions[3]
    assert "1 − 2η = 0.98" in captions[4] and "1 − 2η = −1.2" in captions[12]
    zs = hand_descent(0.0, 0.01, 3)
    assert [f(x) for x in zs[1:]] == ["0.04", "0.0792", "0.117616"]
    assert "= 0.04: a step of +0.04" in captions[8]
    assert "0.0792, then 0.117616" in captions[9]
    assert all(abs((2 - z) - (x - 2)) < 1e-12 for x, z in zip(xs, zs, strict=True))  # mirror


def test_descent_details_stops_at_a_precision_or_a_step_limit(player):
    captions = play(player, "descent-details")
    assert "= 0.04." in captions[1] and "x₂ = 0.0792 and x₃ = 0.117616" in captions[2]

    def introductions_loop(x, precision, max_iters, eta=0.01):
        previous_step, iters = 1.0, 0
        while previous_step > precision and iters < max_iters:
            new = x - eta * 2 * (x - 2)
            previous_step, x, iters = abs(new - x), new, iters + 1
        return x, iters, previous_step

    x3 = hand_descent(0.0, 0.01, 3)[-1]
    x, iters, _ = introductions_loop(x3, 1e-4, 1000)
    assert f"after {3 + iters} steps a step was that small, at x = {f(x)}." in captions[4]
    x, more, last = introductions_loop(x, 1e-6, 100)
    assert more == 100 and last > 1e-6  # the limit, not the precision, stopped it
    assert f"after {3 + iters + 100} steps in all, at x = {f(x, '.6f')}" in captions[5]
    assert f"The last step, {f(last, '.2g')}" in captions[5]


def test_the_start_decides_which_minimum(player):
    roots = np.sort(np.roots([4, 0, -4, 0.5]).real)  # f′(x) = 4x³ − 4x + ½
    deep, hump, shallow = roots
    assert double_well(deep) < double_well(shallow) and abs(double_well_prime(hump)) < 1e-12
    ends = {}
    player.open("descent-details")
    for step, x0 in ((7, 2.0), (9, -2.0), (11, 0.2), (13, 0.1)):
        player.go_to(step)
        d = player.descent
        assert d.xs[0] == x0 and d.stopped == "precision"
        ends[x0] = d.x
        assert f(d.x) in player.caption
    assert ends[2.0] == pytest.approx(shallow, abs=1e-3) == ends[0.2]
    assert ends[-2.0] == pytest.approx(deep, abs=1e-3) == ends[0.1]
    assert 0.1 < hump < 0.2  # the two close starts lie either side of the hump


# --- 10, 12, 14: why backpropagation, the chain rule, BP4 ---------------------------------------

def test_why_backprop_nudges_one_weight_and_counts_the_passes(player):
    spec = load_lesson("why-backprop").session_spec
    net, x, y = spec.network.copy(), spec.data.x_train, spec.data.y_train
    cost = net.cost(x, y)
    captions = play(player, "why-backprop")
    assert f"C = {f(cost)}." in captions[1]
    zs, acts = net.forward(x)
    grad = net.gradients(acts, net.backward(zs, acts, y))[0][0][0, 0]
    diffs = []
    for i, h in ((2, 1e-3), (4, 1e-6)):
        nudged = net.copy()
        nudged.W(2)[0, 0] += h  # one weight nudged, one more forward pass
        numeric = (nudged.cost(x, y) - cost) / h
        assert f"{f(numeric)}" in captions[i]
        if i == 2:
            assert f"C = {f(nudged.cost(x, y))}." in captions[i]
        diffs.append(abs(numeric - grad))
    assert f"∂C/∂w₁₁⁽²⁾ = {f(grad)}" in captions[3]
    assert f"is {f(diffs[0], '.2g')} away" in captions[3]
    assert f"only {f(diffs[1], '.2g')} from" in captions[4]
    assert diffs[1] < diffs[0] < 1e-5
    n = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
    assert n == 9 and f"has {n} of them, so {n} extra passes" in captions[5]
    player.go_to(3)
    assert player.session.selection.edge == (2, 0, 0) and player.session.step.kind == "gradients"


def test_chain_rule_numbers_are_the_models_and_bp2_reuses_the_later_delta(player):
    spec = load_lesson("chain-rule").session_spec
    net, x, y = spec.network, spec.data.x_train, spec.data.y_train
    zs, acts = net.forward(x)
    d2, d3 = net.backward(zs, acts, y)
    gw, gb = net.gradients(acts, [d2, d3])
    a3, a2 = acts[2][0], acts[1][0]
    s3, s2 = a3 * (1 - a3), a2 * (1 - a2)
    assert d3[0] == pytest.approx((a3 - y[0]) * s3, abs=1e-15)  # BP1, k = j only
    w3 = net.W(3)
    assert d2[0, 0] == pytest.approx((w3[0, 0] * d3[0, 0] + w3[1, 0] * d3[0, 1]) * s2[0],
                                     abs=1e-15)  # BP2 from δ⁽³⁾
    captions = play(player, "chain-rule")
    assert (f"δ₁⁽³⁾ = ({f(a3[0], '.4f')} − 1) × {f(s3[0], '.4f')} = {f(d3[0, 0], '.4f')}"
            in captions[3])
    assert f"δ₂⁽³⁾ = {f(d3[0, 1], '.4f')}" in captions[3]

    def par(v):
        text = f(v, ".4f")
        return f"({text})" if text.startswith("−") else text

    assert (f"δ₁⁽²⁾ = ({f(w3[0, 0], '.4f')} × {par(d3[0, 0])} + {par(w3[1, 0])} × "
            f"{par(d3[0, 1])}) × {f(s2[0], '.4f')} = {f(d2[0, 0], '.4g')}") in captions[5]
    assert f"∂C/∂b₁⁽²⁾ = δ₁⁽²⁾ = {f(gb[0][0], '.4g')}" in captions[7]
    assert gw[1][0, 1] == pytest.approx(a2[1] * d3[0, 0], abs=1e-15)  # BP4
    assert f"{f(a2[1], '.4f')} × {par(d3[0, 0])} = {f(gw[1][0, 1], '.4f')}" in captions[7]


def test_bp4_a_weight_out_of_a_quiet_neuron_learns_slowly(player):
    spec = load_lesson("bp4-warning").session_spec
    net, x, y = spec.network, spec.data.x_train, spec.data.y_train
    zs, acts = net.forward(x)
    gw = net.gradients(acts, net.backward(zs, acts, y))[0][1][0]
    a2 = acts[1][0]
    assert a2[0] < 0.02 < 0.7 < a2[1]
    assert gw[0] / gw[1] == pytest.approx(a2[0] / a2[1], rel=1e-12)  # the same δ, BP4
    captions = play(player, "bp4-warning")
    assert f"= {f(gw[0], '.2g')}, while" in captions[2] and f"= {f(gw[1], '.4f')}." in captions[2]
    trained = player.session.current_spec().network.W(3)[0]
    moved = np.abs(trained - net.W(3)[0])
    assert moved[0] < moved[1] / 10
    assert f"w₁₁⁽³⁾ = {f(trained[0], '.4f')}, hardly moved" in captions[3]


# --- 16, 18: batch size and overfitting ---------------------------------------------------------

def test_batch_size_noisy_steps_against_smooth_ones(player):
    player.open("batch-size")
    start = [w.copy() for w in player.session.current_spec().network.weights]
    noise, n_train = {}, len(player.session.spec.data.x_train)
    for restart, trained, batch in ((None, 1, 1), (2, 3, 16), (4, 5, 100)):
        if restart is not None:
            player.go_to(restart)
            for w, w0 in zip(player.session.current_spec().network.weights, start, strict=True):
                np.testing.assert_array_equal(w, w0)  # every run from the same start
        player.go_to(trained)
        s = player.session
        per_epoch = math.ceil(n_train / batch)
        assert s.batch_size == batch and s.epoch == 20 and s.iterations_done == 20 * per_epoch
        assert f"{20 * per_epoch} steps" in player.caption
        noise[batch] = float(np.std(np.diff(s.losses.iteration.y)))
    assert n_train == 100 and noise[1] > 5 * noise[16] > 25 * noise[100]


def test_overfitting_test_cost_turns_up_while_training_cost_falls(player):
    player.open("overfitting")
    player.go_to(3)
    s = player.session
    train, test = s.losses.epoch_train.y, s.losses.epoch_test.y
    best = int(np.argmin(test))
    assert 0 < best < len(test) - 100  # the test cost turned up, long ago
    assert test[-1] > 2 * test[best] and np.mean(np.diff(test[best:]) > 0) > 0.8
    assert train[-1] < 0.5 * train[best] and np.mean(np.diff(train[best:]) < 0) > 0.8
    epoch = int(s.losses.epoch_test.x[best])
    assert f"lowest at epoch {epoch}, {f(test[best], '.3f')}, it is now {f(test[-1], '.3f')}" \
        in player.caption
    player.go_to(4)
    assert s.losses.epoch_test.y[-1] > s.losses.epoch_test.y[best] * 4
    assert s.losses.epoch_train.y[-1] < 0.01


def test_spiral_says_what_its_curves_show(player):
    captions = play(player, "spiral-sgd")
    test = player.session.losses.epoch_test.y
    assert int(np.argmin(test)) == len(test) - 1  # still falling at the last epoch
    assert f"the test cost to {f(test[-1], '.3f')}: no overfitting yet" in captions[-1]


# --- the crosswalk ------------------------------------------------------------------------------

def test_the_crosswalk_is_the_same_in_the_docs_and_in_help():
    text = (Path(__file__).resolve().parent.parent / "docs" / "notation.md").read_text("utf-8")
    html = crosswalk_html()
    for quantity, ours, theirs in CROSSWALK:
        assert f"| {quantity} | {ours} | {theirs} |" in text
        assert escape(quantity) in html and escape(theirs) in html
    for words in ("s, sⱼˡ", "J", "ε; α", "f; σ for any activation", "a 3-4-5 network"):
        assert words in text
