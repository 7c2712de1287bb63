"""Printable worksheets (``main.py worksheet``): the given numbers, questions and answers of
one or more variants of a session's network, and the answer key as JSON. Pure numpy.

A worksheet works **one training sample**, as a mini-batch of one: the forward pass, the
cost, BP1, BP2, the gradients (that sample's) and the update they give. A variant is one
set of given numbers for the same structure:

- seed 0 is the session's own numbers: its weights, biases and its first training sample
  in file order (the first sample of ``trace``'s first mini-batch), rounded to two decimals;
- any other seed draws fresh numbers with ``numpy.random.default_rng(seed)``: weights and
  biases in ±1.00 (never 0), each input from its training column's range, widened to a
  width of at least 1 (one of the column's values instead when it has at most four whole
  numbers, such as XOR's 0 and 1), the target of a random training sample — all to two decimals.

Variant i of a sheet started at seed S has seed S + i − 1. The answers are computed from
the rounded givens by a fresh ``model.trace.iterate``, never from the session's own
arrays, so the key is what a student gets by hand from the numbers printed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.errors import ValidationError
from model.network import Network
from model.notation import activation_name, loss_name, optimizer_name, symbol
from model.optimizers import Optimizer, OptimizerSettings
from model.questions import QUESTION_KINDS, Question, questions
from model.trace import Trace, iterate

MAX_VARIANTS = 200
MAX_LAYERS = 6  # columns of neurons across a page
MAX_NEURONS = 8  # neurons in one layer, down a page
MAX_QUESTIONS = 160  # blanks on one variant's sheet (about five pages)
MAX_SEED = 2**32 - 1
DECIMALS = 2
OWN_SEED = 0  # the session's own numbers
KIND_TITLES = {"forward": "Forward pass", "loss": "Cost", "output_error": "Output error (BP1)",
               "backward": "Backward pass (BP2)", "gradients": "Gradients (BP3, BP4)",
               "update": "Update"}


@dataclass(frozen=True)
class Given:
    """The numbers printed on a sheet: one sample's inputs and targets, W⁽ˡ⁾ and b⁽ˡ⁾."""

    inputs: np.ndarray  # (n_1,)
    targets: np.ndarray  # (n_L,)
    weights: tuple[np.ndarray, ...]  # W⁽²⁾ … W⁽ᴸ⁾, (n_l, n_(l−1))
    biases: tuple[np.ndarray, ...]

    def to_json(self) -> dict:
        return {"inputs": self.inputs.tolist(), "targets": self.targets.tolist(),
                "weights": [w.tolist() for w in self.weights],
                "biases": [b.tolist() for b in self.biases]}


@dataclass(frozen=True)
class Variant:
    """One sheet: its number (1-based), seed, givens, the fresh trace and the questions."""

    number: int
    seed: int
    given: Given
    trace: Trace
    questions: tuple[Question, ...]

    def answers_json(self) -> list[dict]:
        return [{"question": i, "step": q.kind, "symbol": str(q.symbol), "layer": q.layer,
                 "neuron": q.neuron, "edge_from": q.edge_from, "value": float(q.value)}
                for i, q in enumerate(self.questions, start=1)]


@dataclass(frozen=True)
class Worksheet:
    """Every variant of a sheet and what is said about the network on each."""

    title: str
    network: Network  # the structure (its own numbers are the seed-0 variant's, unrounded)
    optimizer: OptimizerSettings
    kinds: tuple[str, ...]
    variants: tuple[Variant, ...]

    def key_json(self) -> dict:
        """The --key file (docs/formats.md, "Worksheet keys")."""
        return {"variants": [{"seed": v.seed, "given": v.given.to_json(),
                              "answers": v.answers_json()} for v in self.variants]}

    def network_words(self) -> str:
        """"2-2-1 network, sigmoid activations, quadratic cost" (per layer when they differ)."""
        net = self.network
        names = [activation_name(a.name) for a in net.activations]
        if len(set(names)) == 1:
            acts = f"{names[0]} activation" + ("s" if len(names) > 1 else "")
        else:
            acts = ", ".join(f"layer {i}: {n}" for i, n in enumerate(names, start=2))
        shape = "-".join(str(n) for n in net.sizes)
        return f"{shape} network, {acts}, {loss_name(net.loss.name)} cost"

    def function_lines(self) -> list[str]:
        """Each activation's formula and derivative, once: what a student needs by hand."""
        seen: dict[str, str] = {}
        for act in self.network.activations:
            seen.setdefault(act.name, f"{act.formula},   {act.derivative_formula}")
        return list(seen.values())

    def update_words(self) -> str:
        """"SGD, learning rate η = 0.5" and the regulariser, if any."""
        from model.notation import num, regularizer_name

        opt = self.optimizer
        text = f"{optimizer_name(opt.optimizer)}, learning rate η = {num(opt.learning_rate)}"
        if opt.optimizer == "momentum":
            text += f", momentum μ = {num(opt.momentum)}, velocity v starting at 0"
        elif opt.optimizer == "adam":
            text += (f", {symbol('β', j=0)} = {num(opt.beta1)}, {symbol('β', j=1)} = "
                     f"{num(opt.beta2)}, ε = {num(opt.epsilon)}, m and v starting at 0 "
                     f"(the first step, bias-corrected)")
        if opt.regularization != "none":
            text += (f", {regularizer_name(opt.regularization)} regularisation "
                     f"λ = {num(opt.regularization_rate)}")
        return text


# --- arguments -------------------------------------------------------------------------------

def parse_kinds(text: str | None) -> tuple[str, ...]:
    """``--questions forward,loss`` → the kinds, in the order an iteration takes them."""
    if text is None:
        return tuple(QUESTION_KINDS)
    chosen = [t.strip() for t in str(text).split(",") if t.strip()]
    unknown = [t for t in chosen if t not in QUESTION_KINDS]
    if unknown or not chosen:
        what = f"unknown kind {unknown[0]!r}" if unknown else "no kind given"
        raise ValidationError("--questions", f"{what}; choose from {','.join(QUESTION_KINDS)}")
    return tuple(k for k in QUESTION_KINDS if k in chosen)


def check_network(net: Network) -> None:
    """Refuse a network no sheet can show: a perceptron, or more than fits on a page."""
    if net.is_perceptron:
        raise ValidationError("network", "a perceptron learns by the perceptron rule, not by "
                                         "backpropagation; a worksheet needs a differentiable "
                                         "network")
    if net.n_layers > MAX_LAYERS:
        raise ValidationError("network", f"{net.n_layers} layers do not fit across a page; a "
                                         f"worksheet shows at most {MAX_LAYERS}")
    widest = max(net.sizes)
    if widest > MAX_NEURONS:
        layer = net.sizes.index(widest) + 1
        raise ValidationError("network", f"layer {layer} has {widest} neurons, more than fit "
                                         f"down a page; a worksheet shows at most "
                                         f"{MAX_NEURONS} per layer")


# --- givens ----------------------------------------------------------------------------------

def rounded(values) -> np.ndarray:
    """To two decimals, −0.0 written as 0."""
    return np.round(np.asarray(values, dtype=float), DECIMALS) + 0.0


def own_given(net: Network, x_train: np.ndarray, y_train: np.ndarray) -> Given:
    """The session's own numbers: its parameters and its first training sample, rounded."""
    return Given(rounded(x_train[0]), rounded(y_train[0]),
                 tuple(rounded(w) for w in net.weights), tuple(rounded(b) for b in net.biases))


def _nonzero(rng: np.random.Generator, shape) -> np.ndarray:
    """Hundredths in ±1.00, never 0 (an edge of weight 0 teaches nothing)."""
    steps = rng.integers(1, 101, size=shape) * rng.choice((-1, 1), size=shape)
    return rounded(steps / 100)


def _inputs(rng: np.random.Generator, x_train: np.ndarray) -> np.ndarray:
    values = []
    for column in np.asarray(x_train, dtype=float).T:
        distinct = np.unique(rounded(column))
        if len(distinct) <= 4 and np.all(distinct == np.round(distinct)):
            values.append(float(rng.choice(distinct)))
        else:
            low, high = float(column.min()), float(column.max())
            pad = max(0.0, 1.0 - (high - low)) / 2  # at least a range of 1 to draw from
            low, high = np.ceil((low - pad) * 100), np.floor((high + pad) * 100)
            values.append(float(rng.integers(int(low), int(max(low, high)) + 1)) / 100)
    return rounded(values)


def random_given(net: Network, x_train: np.ndarray, y_train: np.ndarray, seed: int) -> Given:
    """Fresh numbers for the same structure, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    weights = tuple(_nonzero(rng, w.shape) for w in net.weights)
    biases = tuple(_nonzero(rng, b.shape) for b in net.biases)
    inputs = _inputs(rng, x_train)
    targets = rounded(y_train[int(rng.integers(len(y_train)))])
    return Given(inputs, targets, weights, biases)


def given_trace(net: Network, settings: OptimizerSettings, given: Given) -> Trace:
    """A fresh iteration on the given numbers alone (a copy of ``net``, a new optimiser)."""
    sheet = Network(net.sizes, net.activations, net.loss,
                    [w.copy() for w in given.weights], [b.copy() for b in given.biases])
    return iterate(sheet, Optimizer(settings), given.inputs[None, :], given.targets[None, :])


# --- the sheet -------------------------------------------------------------------------------

def make_variant(net: Network, settings: OptimizerSettings, x_train, y_train, seed: int,
                 kinds: tuple[str, ...], number: int = 1) -> Variant:
    if seed == OWN_SEED:
        given = own_given(net, x_train, y_train)
    else:
        given = random_given(net, x_train, y_train, seed)
    with np.errstate(all="ignore"):
        trace = given_trace(net, settings, given)
    asked = tuple(questions(trace, kinds=kinds, sample=0))
    return Variant(number, seed, given, trace, asked)


def make_worksheet(title: str, net: Network, settings: OptimizerSettings, x_train, y_train,
                   variants: int = 1, seed: int = OWN_SEED,
                   kinds: tuple[str, ...] = tuple(QUESTION_KINDS)) -> Worksheet:
    """``variants`` sheets, seeds ``seed`` … ``seed + variants − 1``; limits checked first."""
    from model.validate import check_int

    check_int("--variants", variants, low=1, high=MAX_VARIANTS)
    check_int("--seed", seed, low=0, high=MAX_SEED - variants + 1)
    check_network(net)
    made = [make_variant(net, settings, x_train, y_train, seed, kinds)]
    if len(made[0].questions) > MAX_QUESTIONS:
        raise ValidationError("--questions", f"this network asks {len(made[0].questions)} "
                                             f"questions per sheet, more than the "
                                             f"{MAX_QUESTIONS} a worksheet holds; ask fewer "
                                             f"kinds or use a smaller network")
    made += [make_variant(net, settings, x_train, y_train, seed + i, kinds, i + 1)
             for i in range(1, variants)]
    return Worksheet(title, net, settings, kinds, tuple(made))
