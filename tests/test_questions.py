"""model.questions: what a trace asks, checked against numbers worked by hand.

Fixture: the worked example (resources/lessons/13-worked-example.json), a 2-2-2 sigmoid
network, x = (0.05, 0.10), y = (0.01, 0.99), quadratic cost, η = 0.5; and the 2-2-1 batch of
two of tests/test_hand_example.py for batch means.
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from model import questions as q
from model.errors import ValidationError
from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.trace import iterate
from tests.test_hand_example import D2_1, D2_2, D3_1, D3_2, GW3, LOSS, Z2_2, hand_trace

LESSON = Path(__file__).parent.parent / "resources/lessons/13-worked-example.json"
SETTINGS = OptimizerSettings(learning_rate=0.5)


def s(z):
    return 1.0 / (1.0 + math.exp(-z))


# The worked example by hand
Z21 = 0.15 * 0.05 + 0.2 * 0.1 + 0.35  # 0.3775
Z22 = 0.25 * 0.05 + 0.3 * 0.1 + 0.35  # 0.3925
A21, A22 = s(Z21), s(Z22)
Z31 = 0.4 * A21 + 0.45 * A22 + 0.6
Z32 = 0.5 * A21 + 0.55 * A22 + 0.6
A31, A32 = s(Z31), s(Z32)
COST = 0.5 * (0.01 - A31) ** 2 + 0.5 * (0.99 - A32) ** 2  # 0.298371
D31 = (A31 - 0.01) * A31 * (1 - A31)  # 0.138499
D32 = (A32 - 0.99) * A32 * (1 - A32)
D21 = (0.4 * D31 + 0.5 * D32) * A21 * (1 - A21)  # 0.008771
W11_3_NEW = 0.4 - 0.5 * A21 * D31  # 0.358916


def worked():
    spec = json.loads(LESSON.read_text())["session"]
    n = spec["network"]
    net = Network.create(n["layers"], n["activations"], n["loss"], weights=n["weights"],
                         biases=n["biases"])
    trace = iterate(net, Optimizer(SETTINGS), np.array(spec["data"]["inputs"]),
                    np.array(spec["data"]["targets"]))
    return trace, net


def find(qs, quantity, layer, neuron, edge_from=None):
    return next(x for x in qs if (x.quantity, x.layer, x.neuron, x.edge_from)
                == (quantity, layer, neuron, edge_from))


def test_every_question_in_step_order_with_hand_values():
    trace, _ = worked()
    qs = q.questions(trace)
    # 8 forward (z, a of 4 neurons), 1 cost, 2 δ⁽³⁾, 2 δ⁽²⁾, 12 gradients, 12 updates
    assert len(qs) == 8 + 1 + 2 + 2 + 12 + 12
    kinds = [x.kind for x in qs]
    assert kinds == sorted(kinds, key=q.QUESTION_KINDS.index)
    assert [(x.quantity, x.layer, x.neuron) for x in qs[:4]] == [
        ("z", 2, 1), ("a", 2, 1), ("z", 2, 2), ("a", 2, 2)]
    expected = {("z", 2, 1, None): Z21, ("a", 2, 2, None): A22, ("z", 3, 2, None): Z32,
                ("cost", 3, None, None): COST, ("delta", 3, 1, None): D31,
                ("delta", 3, 2, None): D32, ("delta", 2, 1, None): D21,
                ("db", 3, 1, None): D31, ("dw", 3, 1, 1): A21 * D31,
                ("dw", 2, 1, 1): 0.05 * D21, ("w_new", 3, 1, 1): W11_3_NEW,
                ("b_new", 3, 1, None): 0.6 - 0.5 * D31}
    for (quantity, layer, neuron, k), value in expected.items():
        found = find(qs, quantity, layer, neuron, k)
        assert found.value == pytest.approx(value, rel=1e-12)
    assert find(qs, "delta", 3, 1).symbol == "δ₁⁽³⁾"
    assert find(qs, "dw", 3, 1, 2).symbol == "∂C/∂w₁₂⁽³⁾"
    assert find(qs, "z", 2, 1).symbol == "z₁⁽²⁾"
    assert round(COST, 6) == 0.298371 and round(W11_3_NEW, 6) == 0.358916


def test_kinds_filter_and_backward_order():
    trace, _ = worked()
    qs = q.questions(trace, kinds=("backward", "output_error"))
    assert [(x.kind, x.layer, x.neuron) for x in qs] == [
        ("output_error", 3, 1), ("output_error", 3, 2), ("backward", 2, 1), ("backward", 2, 2)]
    with pytest.raises(ValidationError, match="unknown kind 'bp9'"):
        q.questions(trace, kinds=("bp9",))


def test_batch_means_and_per_sample_numbers():
    trace = hand_trace()
    second = q.questions(trace, sample=1)
    assert find(second, "z", 2, 1).value == pytest.approx(Z2_2[0], rel=1e-12)
    assert find(second, "delta", 3, 1).value == pytest.approx(D3_2, rel=1e-12)
    assert find(second, "delta", 2, 2).value == pytest.approx(D2_2[1], rel=1e-12)
    # cost and gradients are the batch's whatever the sample
    assert find(second, "cost", 3, None).value == pytest.approx(LOSS, rel=1e-12)
    assert find(second, "db", 3, 1).value == pytest.approx((D3_1 + D3_2) / 2, rel=1e-12)
    assert find(second, "dw", 3, 1, 2).value == pytest.approx(GW3[1], rel=1e-12)
    first = q.questions(trace, sample=0)
    assert find(first, "delta", 2, 1).value == pytest.approx(D2_1[0], rel=1e-12)
    with pytest.raises(ValidationError, match=r"sample: must be a batch row 0..1, got 2"):
        q.questions(trace, sample=2)


def test_question_value_refuses_naming_the_field():
    trace, _ = worked()
    assert q.question_value(trace, "backward", "delta", 2, 1, None, 0) == pytest.approx(D21)
    for args, message in [(("backward", "delta", 3, 1), r"layer: must be 2..2, got 3"),
                          (("forward", "z", 2, 3), r"neuron: must be 1..2, got 3"),
                          (("gradients", "dw", 3, 1, 5), r"edge_from: must be 1..2, got 5"),
                          (("gradients", "db", 3, 1, 1), r"edge_from: only a weight"),
                          (("loss", "delta", 3, 1), r"quantity: a loss question asks for cost"),
                          (("nope", "z", 2, 1), r"kind: unknown kind 'nope'")]:
        with pytest.raises(ValidationError, match=message):
            q.question_value(trace, *args)


# --- tolerance edges --------------------------------------------------------------------------

def test_relative_tolerance_edges():
    v = 0.138499  # 5×10⁻⁴ relative is ±6.92495 × 10⁻⁵
    assert q.check_answer(v, v * (1 + 4.99e-4))
    assert q.check_answer(v, v * (1 - 4.99e-4))
    assert not q.check_answer(v, v * (1 + 5.01e-4))
    assert not q.check_answer(v, v * (1 - 5.01e-4))
    assert q.check_answer(v, "0.1385") and q.check_answer(v, "0.13845")
    assert not q.check_answer(v, "0.1386") and not q.check_answer(v, "0.1384")
    assert not q.check_answer(v, "-0.138499")  # the sign matters
    assert q.check_answer(v, v * 1.009, rel=0.01) and not q.check_answer(v, v * 1.011, rel=0.01)


def test_three_significant_digits_rounded_as_a_student_rounds():
    assert q.check_answer(0.138499, "0.138")  # correctly rounded: 3.6 × 10⁻³ off, accepted
    assert not q.check_answer(0.138499, "0.139")  # wrongly rounded
    assert not q.check_answer(0.138499, "0.14")  # two digits are not enough
    assert q.check_answer(-0.0380982, "−0.0381") and not q.check_answer(-0.0380982, "-0.0380")
    assert q.check_answer(0.000438568, "0.000439")
    assert not q.check_answer(0.138499, 0.138)  # a float has no digits typed: relative only
    assert not q.check_answer(0.138499, "0.138", digits=None)


def test_absolute_floor_near_zero():
    assert q.check_answer(3e-9, "0") and q.check_answer(0.0, "9e-7")
    assert q.check_answer(0.0, "-1e-6") and not q.check_answer(0.0, "1.1e-6")
    assert not q.check_answer(2e-6, "0")
    assert q.check_answer(2e-6, "0", abs_floor=1e-5)


def test_typed_text_forms():
    for text, value in [("−0.25", -0.25), ("-0.25", -0.25), ("+0.25", 0.25), (" 0.25 ", 0.25),
                        ("2.5e-3", 0.0025), ("2.5E-3", 0.0025), ("2,5", 2.5), ("−0,125", -0.125),
                        ("2,5e-3", 0.0025), ("2.5 × 10⁻³", 0.0025), (".5", 0.5)]:
        assert q.parse_answer(text) == pytest.approx(value, rel=1e-15), text
    for text, message in [("", "type a number"), ("abc", "'abc' is not a number"),
                          ("nan", "not a finite number"), ("inf", "not a finite number"),
                          ("−∞", "not a finite number"), ("1,000.5", "a comma is read as"),
                          ("1,2,3", "a comma is read as"), ("0.2.5", "is not a number")]:
        with pytest.raises(ValidationError, match=message) as err:
            q.parse_answer(text)
        assert str(err.value).startswith("answer: ") and "\n" not in str(err.value)
    with pytest.raises(ValidationError, match="answer"):
        q.check_answer(0.5, "half")


# --- hints and solutions ------------------------------------------------------------------------

def test_hints_substitute_numbers_but_not_the_result():
    trace, net = worked()
    qs = q.questions(trace)
    cases = {
        ("z", 2, 1, None): ["0.15·0.05 + 0.2·0.1 + 0.35 = ?"],
        ("a", 2, 1, None): ["= 0.3775", "σ(0.3775) = ?"],
        ("cost", 3, None, None): ["(0.01 − 0.751365)²", "(0.99 − 0.772928)²"],
        ("delta", 3, 1, None): ["0.751365·(1 − 0.751365) = 0.186816",
                                "(0.751365 − 0.01)·0.186816 = ?"],
        ("delta", 2, 1, None): ["0.4·0.138499 + 0.5·(−0.0380982) = 0.0363503",
                                "0.0363503·0.241301 = ?"],
        ("dw", 3, 1, 1): ["0.59327·0.138499 = ?"],
        ("w_new", 3, 1, 1): ["0.4 − 0.5·0.082167 = ?"],
        ("b_new", 3, 1, None): ["0.6 − 0.5·0.138499 = ?"],
    }
    for key, pieces in cases.items():
        question = find(qs, *key)
        text = q.hint(trace, question, net, SETTINGS)
        for piece in pieces:
            assert piece in text, (key, text)
        shown = f"{question.value:.6g}".replace("-", "−")
        assert shown not in text, (key, text)
        assert text.endswith("= ?")
    latex = q.hint_lines(trace, find(qs, "delta", 3, 1), net, SETTINGS)[-1].latex()
    assert latex.endswith("= ?") and r"\cdot 0.186816" in latex


def test_solution_is_the_inspectors_derivation():
    trace, net = worked()
    question = find(q.questions(trace), "delta", 3, 1)
    text = q.solution(trace, question, net, SETTINGS)
    assert text.startswith("Step 5 of 8")
    assert "δ₁⁽³⁾ = (a₁⁽³⁾ − y₁)·σ′(z₁⁽³⁾) = (0.751365 − 0.01)·0.186816 = 0.138499" in text
    assert q.step_index(trace, find(q.questions(trace), "delta", 2, 1)) == 5


def test_hint_with_a_batch_of_two_shows_each_samples_cost():
    trace = hand_trace()
    net = Network.create([2, 2, 1], ["sigmoid", "sigmoid"], "quadratic")
    question = find(q.questions(trace), "cost", 3, None)
    text = q.hint(trace, question, net, SETTINGS)
    assert text.splitlines()[-1].startswith("C = (1/2) Σₓ Cₓ = (1/2)(")
    assert f"{LOSS:.6g}" not in text
