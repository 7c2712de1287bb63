"""Worksheets' logic (model.worksheet, app.worksheet_command): givens, variants, the key."""

import numpy as np
import pytest

from app.lessons import load_lesson
from app.worksheet_command import spec_worksheet
from model.errors import ValidationError
from model.network import Network
from model.optimizers import Optimizer
from model.questions import QUESTION_KINDS, questions
from model.trace import iterate
from model.worksheet import MAX_NEURONS, MAX_VARIANTS, parse_kinds


@pytest.fixture(scope="module")
def worked():
    return load_lesson("worked-example").session_spec


def fresh_trace(spec, given):
    """An iteration on the key's given numbers alone, from scratch."""
    net = spec.network
    sheet = Network.create(net.sizes, [a.name for a in net.activations], net.loss.name,
                           weights=given["weights"], biases=given["biases"])
    return iterate(sheet, Optimizer(spec.training.optimizer), np.array([given["inputs"]]),
                   np.array([given["targets"]]))


def test_key_values_equal_a_fresh_trace_of_each_variants_givens(worked):
    key = spec_worksheet(worked, "t", variants=4, seed=0).key_json()
    assert len(key["variants"]) == 4
    for variant in key["variants"]:
        trace = fresh_trace(worked, variant["given"])
        expected = questions(trace, kinds=QUESTION_KINDS, sample=0)
        answers = variant["answers"]
        assert [a["question"] for a in answers] == list(range(1, len(expected) + 1))
        for answer, q in zip(answers, expected, strict=True):
            assert (answer["step"], answer["symbol"], answer["layer"], answer["neuron"],
                    answer["edge_from"]) == (q.kind, str(q.symbol), q.layer, q.neuron,
                                             q.edge_from)
            assert answer["value"] == pytest.approx(q.value, rel=1e-12, abs=1e-15)
        by_symbol = {a["symbol"]: a["value"] for a in answers if a["step"] == "forward"}
        for j in range(2):  # and against the arrays themselves, 1-based in the key
            assert by_symbol[f"z{'₁₂'[j]}⁽²⁾"] == pytest.approx(trace.layer(2).z[0, j])
            assert by_symbol[f"a{'₁₂'[j]}⁽³⁾"] == pytest.approx(trace.layer(3).a[0, j])


def test_seed_zero_is_the_lessons_own_numbers_and_mazurs_answers(worked):
    variant = spec_worksheet(worked, "t").key_json()["variants"][0]
    assert variant["seed"] == 0
    assert variant["given"] == {"inputs": [0.05, 0.1], "targets": [0.01, 0.99],
                                "weights": [[[0.15, 0.2], [0.25, 0.3]],
                                            [[0.4, 0.45], [0.5, 0.55]]],
                                "biases": [[0.35, 0.35], [0.6, 0.6]]}
    values = {(a["step"], a["symbol"]): a["value"] for a in variant["answers"]}
    # Matt Mazur's worked example, by hand: net_h1 = 0.3775, E_total = 0.298371109,
    # out_o1 = 0.75136507, w5⁺ = 0.35891648, w1⁺ = 0.149780716
    assert values[("forward", "z₁⁽²⁾")] == pytest.approx(0.3775, abs=1e-12)
    assert values[("forward", "a₁⁽³⁾")] == pytest.approx(0.75136507, abs=1e-8)
    loss = [a["value"] for a in variant["answers"] if a["step"] == "loss"]
    assert loss == [pytest.approx(0.298371109, abs=1e-9)]
    updated = {a["symbol"]: a["value"] for a in variant["answers"] if a["step"] == "update"
               and a["edge_from"] is not None}
    assert updated["w₁₁⁽³⁾ after"] == pytest.approx(0.35891648, abs=1e-8)
    assert updated["w₁₁⁽²⁾ after"] == pytest.approx(0.149780716, abs=1e-9)


def test_variants_differ_are_rounded_and_reproducible_from_the_seed(worked):
    first = spec_worksheet(worked, "t", variants=5, seed=7).key_json()
    again = spec_worksheet(worked, "t", variants=5, seed=7).key_json()
    assert first == again
    assert [v["seed"] for v in first["variants"]] == [7, 8, 9, 10, 11]
    givens = [v["given"] for v in first["variants"]]
    assert all(a != b for i, a in enumerate(givens) for b in givens[i + 1:])
    assert len({tuple(g["inputs"]) for g in givens}) > 1  # inputs differ too, not only weights
    later = spec_worksheet(worked, "t", variants=2, seed=9).key_json()["variants"][0]
    assert later == first["variants"][2]  # a variant is its seed's, wherever the sheet starts
    for g in givens:
        flat = np.concatenate([np.ravel(g["inputs"])] + [np.ravel(w) for w in g["weights"]]
                              + [np.ravel(b) for b in g["biases"]])
        np.testing.assert_array_equal(flat, np.round(flat, 2))  # two decimals at most
        assert np.all(np.abs(np.concatenate([np.ravel(w) for w in g["weights"]])) <= 1)
        assert 0.0 not in np.concatenate([np.ravel(w) for w in g["weights"]])


def test_xor_inputs_stay_zero_or_one(repo_root):
    from model.session_file import load_session

    spec = load_session(repo_root / "resources" / "sessions" / "xor_demo.json")
    sheet = spec_worksheet(spec, "xor", variants=12, seed=1)
    inputs = {x for v in sheet.variants for x in v.given.inputs.tolist()}
    assert inputs == {0.0, 1.0}


def test_questions_choose_the_kinds(worked):
    sheet = spec_worksheet(worked, "t", kinds=parse_kinds("update,forward"))
    steps = [a["step"] for a in sheet.key_json()["variants"][0]["answers"]]
    assert set(steps) == {"forward", "update"} and steps.index("update") > steps.index("forward")
    assert parse_kinds(None) == tuple(QUESTION_KINDS)
    for bad in ("forwards", "", "loss,,nope"):
        with pytest.raises(ValidationError, match="--questions"):
            parse_kinds(bad)


def test_limits_name_themselves(worked):
    for n in (0, MAX_VARIANTS + 1):
        with pytest.raises(ValidationError, match="--variants: must be between 1 and 200"):
            spec_worksheet(worked, "t", variants=n)
    with pytest.raises(ValidationError, match="--seed"):
        spec_worksheet(worked, "t", seed=-1)
    wide = Network.create((2, MAX_NEURONS + 1, 1), ["sigmoid", "sigmoid"])
    worked_wide = type(worked)(**{**worked.__dict__, "network": wide})
    with pytest.raises(ValidationError, match=f"layer 2 has 9 neurons.*at most {MAX_NEURONS}"):
        spec_worksheet(worked_wide, "t")
