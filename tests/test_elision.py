"""Shortened sums keep what matters: the nonzero and largest terms, in their order, and say
how many smaller and zero terms they left out (issue 13: digits' cross-entropy hid y = 1)."""

import re

import numpy as np
import pytest

from model.equations import MAX_TERMS, elided_sum, explain
from model.network import Network
from model.notation import num
from model.optimizers import Optimizer, OptimizerSettings
from model.stepview import MEAN
from model.trace import iterate


def shown_indices(text: str) -> list[int]:
    return [int(i) for i in re.findall(r"t(\d+)", text)]


def test_a_short_sum_is_written_whole():
    terms = [f"t{i}" for i in range(MAX_TERMS + 1)]
    assert elided_sum(terms, np.zeros(len(terms))) == " + ".join(terms)


def test_the_one_nonzero_term_is_kept_and_the_zero_terms_counted():
    values = np.zeros(10)
    values[7] = -2.3
    assert elided_sum([f"t{i}" for i in range(10)], values) == "t7 + … (+9 zero terms)"


def test_the_largest_terms_are_kept_in_their_order():
    values = [0.1, -5, 0, 3, 0.2, 0, -4, 1, 2, 0.01, 6]
    text = elided_sum([f"t{i}" for i in range(11)], values)
    assert shown_indices(text) == [1, 3, 6, 7, 8, 10]
    assert text.endswith("… (+3 smaller terms, +2 zero terms)")
    assert elided_sum([f"t{i}" for i in range(9)], [1] * 8 + [0]).endswith(
        "(+2 smaller terms, +1 zero term)")
    assert elided_sum([f"t{i}" for i in range(8)], [0] * 8) == "t0 + … (+7 zero terms)"
    nan = elided_sum([f"t{i}" for i in range(8)], [1, 1, 1, 1, 1, 1, 1, np.nan])
    assert shown_indices(nan)[-1] == 7  # a NaN term explains a NaN sum: it is kept


@pytest.mark.parametrize("seed", range(20))
def test_a_nonzero_term_is_never_hidden_while_a_zero_one_shows(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(MAX_TERMS + 2, 40))
    values = np.where(rng.random(n) < 0.5, 0.0, rng.normal(size=n))
    text = elided_sum([f"t{i}" for i in range(n)], values)
    shown = shown_indices(text)
    assert shown == sorted(shown)
    nonzero = set(np.flatnonzero(values))
    if any(values[i] == 0 for i in shown):
        assert nonzero <= set(shown)
    hidden = [abs(values[i]) for i in range(n) if i not in shown]
    assert all(abs(values[i]) >= max(hidden, default=0) for i in shown if values[i] != 0)
    smaller = len(nonzero - set(shown))
    zero = n - len(shown) - smaller
    counts = re.search(r"\(\+(\d+) smaller terms?(?:, \+(\d+) zero terms?)?\)|"
                       r"\(\+(\d+) zero terms?\)", text)
    got_smaller = int(counts[1]) if counts[1] else 0
    got_zero = int(counts[2] or counts[3] or 0)
    assert (got_smaller, got_zero) == (smaller, zero), text


def digits_like():
    """A 64-16-10 softmax network with cross-entropy on one-hot targets, as on digits."""
    rng = np.random.default_rng(3)
    net = Network.create([64, 16, 10], ["relu", "softmax"], "cross_entropy", init="he", seed=4)
    settings = OptimizerSettings()
    y = np.eye(10)[[7, 2, 0, 9, 7, 1, 3, 5, 5, 4, 6, 8]]
    x = np.where(rng.random((12, 64)) < 0.4, 0.0, rng.random((12, 64)))  # dark pixels are 0
    return iterate(net, Optimizer(settings), x, y), net, settings


def test_cross_entropy_on_ten_classes_keeps_the_term_with_y_one():
    trace, net, settings = digits_like()
    loss = next(i for i, s in enumerate(trace.steps) if s.kind == "loss")
    e = explain(trace, loss, 0, net, settings)
    a = trace.layers[-1].a[0]
    assert e.substituted[0] == (f"Cₓ = −Σⱼ yⱼ ln aⱼ⁽³⁾ = −(1·ln {num(a[7])} + … (+9 zero terms))"
                                f" = {num(-np.log(a[7]))}")
    assert "0·ln" not in e.substituted[0]


def test_every_shortened_sum_keeps_its_largest_terms():
    trace, net, settings = digits_like()
    kinds = {(s.kind, s.layer): i for i, s in enumerate(trace.steps)}
    forward = explain(trace, kinds["forward", 2], 0, net, settings, (2, 3)).substituted[0]
    dark = int(np.sum(trace.input[0] == 0))
    assert f"… (+{64 - MAX_TERMS - dark} smaller terms, +{dark} zero terms) + " in forward
    assert "·0 + " not in forward
    back = explain(trace, kinds["backward", 2], 0, net, settings, (2, 3)).substituted[0]
    assert back.count("·") == MAX_TERMS and "(+4 smaller terms)" in back
    mean = explain(trace, kinds["output_error", 3], MEAN, net, settings, (3, 7)).substituted[0]
    assert "(+6 smaller terms)" in mean
    grads = explain(trace, kinds["gradients", None], 0, net, settings, None, (2, 3, 5))
    a_prev, deltas = trace.input[:, 5], trace.layers[0].delta[:, 3]
    zero = int(np.sum(a_prev * deltas == 0))
    assert (f"+{zero} zero term" in grads.substituted[2]) == (zero > 0)
