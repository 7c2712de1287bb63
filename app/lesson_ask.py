"""A lesson's "ask" step (docs/formats.md): the student predicts one number of the iteration.

``{"do": "ask", "quantity": "delta", "layer": 3, "neuron": 1, "tolerance": 0.001,
"hint": "…"}``: quantity one of z, a, cost, delta, db, dw, w_new, b_new (model.questions);
layer and neuron 1-based as the symbol reads (δ₁⁽³⁾), ``edge_from`` (1-based) for a weight's
dw and w_new; ``tolerance`` the relative tolerance (default 5×10⁻⁴; values near zero have
the absolute floor of model.questions); ``hint`` the lecturer's words, shown above the
equation hint after a first miss. The question is about the session's current iteration
and the sample shown (sample 1 while the batch mean is shown). The ask does not move the
cursor: the lesson's next step (usually "next") reveals the number, so the step before an
ask must leave the cursor before the step that computes it (the built-in lessons' test
checks that). The player stops at an ask until it is answered or revealed.
"""

from __future__ import annotations

from app.lesson_arguments import text as non_empty_text
from app.lesson_arguments import unchecked
from app.practice import Exercise, Scores
from model.errors import ValidationError
from model.questions import (
    QUANTITY_KINDS,
    WEIGHT_QUANTITIES,
    Question,
    check_for_sizes,
    kind_of,
    question_symbol,
    question_value,
)
from model.validate import check_number


def _quantity(field, v):
    if v not in QUANTITY_KINDS:
        raise ValidationError(field, f"unknown quantity {v!r}; known: {', '.join(QUANTITY_KINDS)}")
    return v


def _tolerance(field, v):
    return check_number(field, v, low=0.0, open_low=True, high=1.0, open_high=True)


def ask_arguments(required) -> dict:
    """The "ask" action's arguments for app.lessons._ACTIONS (``required``: its marker)."""
    return {"quantity": (_quantity, required), "layer": (unchecked, required),
            "neuron": (unchecked, None), "edge_from": (unchecked, None),
            "tolerance": (_tolerance, None), "hint": (non_empty_text, None)}


def check_ask(where: str, action: dict, sizes: tuple[int, ...]) -> None:
    """The question must exist in the lesson's network; ValidationError naming the field."""
    quantity, layer = action["quantity"], action["layer"]
    if isinstance(layer, bool) or not isinstance(layer, int) or not 2 <= layer <= len(sizes):
        raise ValidationError(f"{where}.layer", f"must be a layer number 2..{len(sizes)}, "
                                                f"got {layer!r}")
    if quantity != "cost" and "neuron" not in action:
        raise ValidationError(f"{where}.neuron", f"is missing (asking for {quantity} needs it)")
    if quantity in WEIGHT_QUANTITIES and "edge_from" not in action:
        raise ValidationError(f"{where}.edge_from", f"is missing (asking for {quantity}, a "
                                                    "weight's, needs it)")
    try:
        check_for_sizes(sizes, kind_of(quantity, layer, len(sizes)), quantity, layer,
                        action.get("neuron"), action.get("edge_from"))
    except ValidationError as err:
        raise ValidationError(f"{where}.{err.field}", err.problem) from None


def ask_exercise(session, action: dict, scores: Scores | None) -> Exercise:
    """The exercise an "ask" action poses on the session's current iteration."""
    trace = session.trace
    sample = session.sample if isinstance(session.sample, int) else 0
    quantity, layer = action["quantity"], action["layer"]
    neuron = action.get("neuron") if quantity != "cost" else None
    edge_from = action.get("edge_from")
    kind = kind_of(quantity, layer, trace.n_layers)
    value = question_value(trace, kind, quantity, layer, neuron, edge_from, sample)
    question = Question(kind, quantity, layer, neuron, edge_from, value,
                        question_symbol(quantity, layer, neuron, edge_from), sample)
    rel = action.get("tolerance")
    return Exercise(trace, [question], session.network, session.training.optimizer, scores,
                    **({} if rel is None else {"rel": rel}),
                    lecturer_hint=action.get("hint", ""))
