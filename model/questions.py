"""The questions a trace can ask, for practice and worksheets: predict a number, then check it.

Everything here is 1-based for people, as a worksheet prints it: ``layer`` 1..L (layer 1 the
input; questions start at layer 2), ``neuron`` 1..n_l, ``edge_from`` 1..n_(l−1) (the neuron of
the previous layer a weight comes from; None unless the quantity is a weight). ``sample`` is
the 0-based row of the mini-batch whose numbers a per-sample question (z, a, δ) asks for.

Kinds and quantities (``QUANTITIES``), in the order an iteration computes them:

- forward: z and a of every neuron of layers 2..L, neuron by neuron (z₁, a₁, z₂, a₂, …);
- loss: the mini-batch cost C (the batch mean, as the trace has it; layer L, neuron None);
- output_error: δ⁽ᴸ⁾ (BP1) of every output neuron;
- backward: δ of the hidden layers L−1..2 (BP2);
- gradients: per layer 2..L and neuron, ∂C/∂b (BP3) then ∂C/∂w from each k (BP4), batch means;
- update: per layer 2..L and neuron, every new weight w then the new bias b.

A question's ``value`` is the trace's own float; ``symbol`` its name in model.notation
(math text, so it writes LaTeX too): z₁⁽²⁾, δ₁⁽³⁾, ∂C/∂w₁₂⁽³⁾, "w₁₂⁽³⁾ after".

Checking (``check_answer``): an answer is right when |typed − value| ≤ max(rel·|value|,
abs_floor), with rel = 5×10⁻⁴ and ``ABS_FLOOR`` = 10⁻⁶ by default; the floor is there for
values near zero (a gradient of 3 × 10⁻⁹ is answered by 0; no number shown with six
significant digits below 10⁻⁶ can be checked relatively by hand). A typed text with at least
``digits`` (3) significant digits is also right when it is the value correctly rounded to
that many digits (0.138 for 0.138499, not 0.139): "three significant digits" the way a
student rounds, since rounding to three digits may be off by up to 5×10⁻³ relative.

Typed text (``parse_answer``): the real minus or a hyphen (−0.25, -0.25), a leading +,
exponents (2.5e-3, 2.5E-3, 2.5 × 10⁻³ as the app shows it), and a decimal comma when there
is no point (2,5 is 2.5; 1,000 is 1.0: no thousands separators). Empty text, NaN, ∞ and
anything else is refused with a one-line ValidationError naming the answer.

``hint`` is the step's equation with every number substituted except the result (from
model.equations, the Inspector's own lines, the result replaced by "?"); ``solution`` is the
Inspector's derivation as text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from model.equations import Explanation, explain
from model.equations.formats import render
from model.errors import ValidationError
from model.mathtext import Math, join, m, tok, words
from model.notation import read_number, symbol
from model.trace import StepKind, Trace

QUESTION_KINDS = ("forward", "loss", "output_error", "backward", "gradients", "update")
KIND_NAMES = {"forward": "forward", "loss": "loss", "output_error": "output error",
              "backward": "backward", "gradients": "gradients", "update": "update"}
QUANTITIES = {"forward": ("z", "a"), "loss": ("cost",), "output_error": ("delta",),
              "backward": ("delta",), "gradients": ("db", "dw"), "update": ("w_new", "b_new")}
QUANTITY_KINDS = ("z", "a", "cost", "delta", "db", "dw", "w_new", "b_new")
WEIGHT_QUANTITIES = ("dw", "w_new")
REL_TOLERANCE = 5e-4
ABS_FLOOR = 1e-6
ROUNDED_DIGITS = 3
UNKNOWN = "?"

# Which Inspector line (model.equations key) holds each quantity, and which lines before it
# a hint keeps (their numbers are steps towards the result, not the result).
_LINE = {"z": "z", "a": "a", "cost": "C", "delta": "δ", "db": "∂C/∂b", "dw": "∂C/∂w",
         "w_new": "w", "b_new": "b"}
_LINE_OTHER_OPTIMIZER = {"w_new": "w after", "b_new": "b after"}
_SUPPORT = {"a": ("z",), "cost": ("C_x",), "delta": ("σ′", "Σwδ", "∂C/∂a", "a·∂C/∂a"),
            "w_new": ("∂C/∂w", "w before"), "b_new": ("∂C/∂b", "b before")}


@dataclass(frozen=True)
class Question:
    """One number of one step to predict (see the module docstring for the conventions)."""

    kind: str  # one of QUESTION_KINDS
    quantity: str  # one of QUANTITY_KINDS
    layer: int  # 2..L, 1-based
    neuron: int | None  # 1..n_l; None for the cost
    edge_from: int | None  # 1..n_(l−1) for a weight (dw, w_new), else None
    value: float  # the trace's exact number
    symbol: str  # math text from model.notation: δ₁⁽³⁾, ∂C/∂w₁₂⁽³⁾
    sample: int = 0  # 0-based batch row of a per-sample number (z, a, δ)


# --- what a trace asks ---------------------------------------------------------------------------

def _sizes(trace: Trace) -> list[int]:
    return [trace.input.shape[1], *(lt.a.shape[1] for lt in trace.layers)]


def _question(trace: Trace, kind: str, quantity: str, layer: int, neuron: int | None,
              edge_from: int | None, sample: int) -> Question:
    value = question_value(trace, kind, quantity, layer, neuron, edge_from, sample)
    return Question(kind, quantity, layer, neuron, edge_from, value,
                    question_symbol(quantity, layer, neuron, edge_from), sample)


def questions(trace: Trace, kinds: tuple[str, ...] | list[str] = QUESTION_KINDS,
              sample: int = 0) -> list[Question]:
    """Every question of ``kinds`` this trace can ask, in step order (module docstring)."""
    for kind in kinds:
        if kind not in QUESTION_KINDS:
            raise ValidationError("questions", f"unknown kind {kind!r}; known: "
                                  f"{', '.join(QUESTION_KINDS)}")
    _check_sample(trace, sample)
    sizes, big_l = _sizes(trace), trace.n_layers
    wanted = set(kinds)
    out: list[Question] = []

    def add(kind, quantity, layer, neuron, edge_from=None):
        out.append(_question(trace, kind, quantity, layer, neuron, edge_from, sample))

    if "forward" in wanted:
        for layer in range(2, big_l + 1):
            for j in range(1, sizes[layer - 1] + 1):
                add("forward", "z", layer, j)
                add("forward", "a", layer, j)
    if "loss" in wanted:
        add("loss", "cost", big_l, None)
    for kind, layers in (("output_error", [big_l]), ("backward", range(big_l - 1, 1, -1))):
        if kind in wanted:
            for layer in layers:
                for j in range(1, sizes[layer - 1] + 1):
                    add(kind, "delta", layer, j)
    for kind, bias, weight, bias_first in (("gradients", "db", "dw", True),
                                           ("update", "b_new", "w_new", False)):
        if kind not in wanted:
            continue
        for layer in range(2, big_l + 1):
            for j in range(1, sizes[layer - 1] + 1):
                if bias_first:
                    add(kind, bias, layer, j)
                for k in range(1, sizes[layer - 2] + 1):
                    add(kind, weight, layer, j, k)
                if not bias_first:
                    add(kind, bias, layer, j)
    return out


def question_symbol(quantity: str, layer: int, neuron: int | None,
                    edge_from: int | None) -> Math:
    """The symbol of a question's number (1-based arguments): δ₁⁽³⁾, ∂C/∂w₁₂⁽³⁾."""
    j = None if neuron is None else neuron - 1
    k = None if edge_from is None else edge_from - 1
    if quantity == "cost":
        return m("C")
    if quantity in ("z", "a", "delta"):
        return m(symbol("δ" if quantity == "delta" else quantity, layer, j))
    if quantity == "db":
        return m("∂C/∂", symbol("b", layer, j))
    if quantity == "dw":
        return m("∂C/∂", symbol("w", layer, j, k))
    base = symbol("w", layer, j, k) if quantity == "w_new" else symbol("b", layer, j)
    return m(base, words(" after"))


def _check_sample(trace: Trace, sample: int) -> None:
    n = len(trace.input)
    if isinstance(sample, bool) or not isinstance(sample, int) or not 0 <= sample < n:
        raise ValidationError("sample", f"must be a batch row 0..{n - 1}, got {sample!r}")


def _check_index(field: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, f"must be {low}..{high}, got {value!r}")
    return value


def check_question(trace: Trace, kind: str, quantity: str, layer: int, neuron: int | None,
                   edge_from: int | None) -> None:
    """Refuse a question the trace cannot ask, naming the field and its range."""
    check_for_sizes(_sizes(trace), kind, quantity, layer, neuron, edge_from)


def kind_of(quantity: str, layer: int, n_layers: int) -> str:
    """The step kind that computes ``quantity`` of ``layer`` (δ: BP1 at L, else BP2)."""
    if quantity == "delta":
        return "output_error" if layer == n_layers else "backward"
    return next((k for k, quantities in QUANTITIES.items() if quantity in quantities), "")


def check_for_sizes(sizes, kind: str, quantity: str, layer: int, neuron: int | None,
                    edge_from: int | None) -> None:
    """``check_question`` for a network of layer sizes ``sizes`` (n₁, …, n_L)."""
    if kind not in QUESTION_KINDS:
        raise ValidationError("kind", f"unknown kind {kind!r}; known: {', '.join(QUESTION_KINDS)}")
    if quantity not in QUANTITIES[kind]:
        raise ValidationError("quantity", f"a {KIND_NAMES[kind]} question asks for "
                              f"{' or '.join(QUANTITIES[kind])}, not {quantity!r}")
    big_l = len(sizes)
    if kind in ("loss", "output_error"):
        _check_index("layer", layer, big_l, big_l)
    elif kind == "backward":
        if big_l < 3:
            raise ValidationError("layer", "this network has no hidden layer to ask δ of")
        _check_index("layer", layer, 2, big_l - 1)
    else:
        _check_index("layer", layer, 2, big_l)
    if quantity == "cost":
        return
    _check_index("neuron", neuron, 1, sizes[layer - 1])
    if quantity in WEIGHT_QUANTITIES:
        _check_index("edge_from", edge_from, 1, sizes[layer - 2])
    elif edge_from is not None:
        raise ValidationError("edge_from", f"only a weight has one; {quantity} is not a weight")


def question_value(trace: Trace, kind: str, quantity: str, layer: int, neuron: int | None,
                   edge_from: int | None = None, sample: int = 0) -> float:
    """The trace's number for a question (1-based layer, neuron, edge_from; 0-based sample):
    per sample for z, a and δ, the batch's for the cost, gradients and updated parameters."""
    check_question(trace, kind, quantity, layer, neuron, edge_from)
    _check_sample(trace, sample)
    if quantity == "cost":
        return float(trace.loss)
    assert neuron is not None
    j = neuron - 1
    lt = trace.layer(layer)
    k = 0 if edge_from is None else edge_from - 1
    values = {"z": lambda: lt.z[sample, j], "a": lambda: lt.a[sample, j],
              "delta": lambda: lt.delta[sample, j], "db": lambda: lt.grad_biases[j],
              "dw": lambda: lt.grad_weights[j, k], "w_new": lambda: trace.W_after(layer)[j, k],
              "b_new": lambda: trace.b_after(layer)[j]}
    return float(values[quantity]())


# --- typed answers ----------------------------------------------------------------------------

_DECIMAL_COMMA = re.compile(r"[+\-−]?\d*,\d+([eE][+\-−]?\d+)?")


def parse_answer(text: str) -> float:
    """The number a student typed (module docstring); ValidationError if it is not one."""
    cleaned = str(text).strip()
    if not cleaned:
        raise ValidationError("answer", "type a number, e.g. −0.25 or 2.5e-3")
    if "," in cleaned:
        if not _DECIMAL_COMMA.fullmatch(cleaned):
            raise ValidationError("answer", f"{text!r} is not a number: a comma is read as "
                                  "the decimal point (2,5), and only when there is no point")
        cleaned = cleaned.replace(",", ".")
    try:
        value = read_number(cleaned)
    except (ValueError, KeyError):
        raise ValidationError("answer", f"{text!r} is not a number; type e.g. −0.25, 2.5e-3 "
                              "or 2,5") from None
    if not math.isfinite(value):
        raise ValidationError("answer", f"{text!r} is not a finite number; every number of "
                              "a step is finite")
    return value


def significant_digits(text: str) -> int:
    """How many significant digits a typed number shows: 0.138 → 3, 0.0500 → 3, 2,5e-3 → 2."""
    mantissa = re.split(r"[eE×x]", str(text).strip())[0]
    digits = re.sub(r"\D", "", mantissa)
    return len(digits.lstrip("0"))


def _rounded(value: float, digits: int) -> float:
    return float(f"{value:.{digits - 1}e}")


def check_answer(value: float, typed: float | str, rel: float = REL_TOLERANCE,
                 abs_floor: float = ABS_FLOOR, digits: int | None = ROUNDED_DIGITS) -> bool:
    """Whether ``typed`` (a float, or text for ``parse_answer``) is right for ``value``:
    within max(rel·|value|, abs_floor), or (for text with ≥ ``digits`` significant digits)
    the value correctly rounded to the digits typed. Garbage text raises ValidationError."""
    answer = parse_answer(typed) if isinstance(typed, str) else float(typed)
    if not math.isfinite(answer):
        raise ValidationError("answer", f"{answer!r} is not a finite number")
    if abs(answer - value) <= max(rel * abs(value), abs_floor):
        return True
    if digits is None or not isinstance(typed, str) or value == 0:
        return False
    shown = significant_digits(typed)
    if shown < digits:
        return False
    target = _rounded(value, shown)
    return math.isclose(answer, target, rel_tol=1e-9, abs_tol=0.0)


# --- hint and solution ----------------------------------------------------------------------------

def step_index(trace: Trace, question: Question) -> int:
    """Index in ``trace.steps`` of the step that computes ``question``'s number."""
    kind = StepKind(question.kind)
    for i, step in enumerate(trace.steps):
        if step.kind == kind and step.layer in (None, question.layer):
            return i
    raise ValidationError("layer", f"no {KIND_NAMES[question.kind]} step computes layer "
                          f"{question.layer}")


def explanation(trace: Trace, question: Question, network, settings) -> Explanation:
    """The Inspector's explanation of the question's step for its neuron (or weight)."""
    j = 0 if question.neuron is None else question.neuron - 1
    edge = None
    if question.edge_from is not None:
        edge = (question.layer, j, question.edge_from - 1)
    elif question.quantity in ("db", "b_new"):  # the step's BP4 / weight lines shown too
        edge = (question.layer, j, 0)
    return explain(trace, step_index(trace, question), question.sample, network, settings,
                   (question.layer, j), edge)


def _line_key(e: Explanation, quantity: str) -> str:
    key = _LINE[quantity]
    if key not in e.values and quantity in _LINE_OTHER_OPTIMIZER:
        key = _LINE_OTHER_OPTIMIZER[quantity]
    if key not in e.values:
        raise ValidationError("quantity", f"the step's derivation has no line for {quantity}")
    return key


def hint_lines(trace: Trace, question: Question, network, settings) -> tuple[Math, ...]:
    """The hint as math text, one line each (``.latex()`` for TeX); see ``hint``."""
    e = explanation(trace, question, network, settings)
    key = _line_key(e, question.quantity)
    if question.quantity == "cost" and len(trace.input) == 1:
        key = "C_x"  # C = Cₓ = value would give the result away
    keep = _SUPPORT.get(question.quantity, ())
    lines: list[Math] = []
    for line_key, line in zip(e.values, e.substituted, strict=True):
        if line_key == key:
            parts = line.split_at(" = ")
            lines.append(join([*parts[:-1], tok(UNKNOWN, UNKNOWN)], " = "))
            break
        if line_key in keep:
            lines.append(line)
    return tuple(lines)


def hint(trace: Trace, question: Question, network, settings) -> str:
    """The step's equation for the question with every number substituted but the result:
    the Inspector's lines leading to it, then its own line ending in "= ?", one a line.

    ``network`` gives the activations and loss, ``settings`` the OptimizerSettings (as for
    model.equations.explain)."""
    return "\n".join(str(line) for line in hint_lines(trace, question, network, settings))


def solution(trace: Trace, question: Question, network, settings) -> str:
    """The worked solution: the Inspector's derivation of the question's step, as text."""
    e = explanation(trace, question, network, settings)
    index = step_index(trace, question)
    return render(e, "text", f"Step {index + 1} of {len(trace.steps)}").rstrip("\n")


__all__ = ["ABS_FLOOR", "KIND_NAMES", "QUANTITIES", "QUESTION_KINDS", "Question",
           "REL_TOLERANCE", "check_answer", "check_for_sizes", "check_question",
           "explanation", "hint", "hint_lines", "kind_of", "parse_answer", "question_symbol",
           "question_value", "questions", "solution", "step_index", "QUANTITY_KINDS",
           "WEIGHT_QUANTITIES"]
