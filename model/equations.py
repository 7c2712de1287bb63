"""The inspector's text: a step's equation, and the same equation with one neuron's numbers.

Symbols and numbers are written by model.notation (its docstring has the index convention):
the app's selections are 0-based, so neuron j = 0 of layer 2 is a₁⁽²⁾, and W⁽²⁾[0, 1] is
w₁₂⁽²⁾.

Every substituted line ends in "= value", where value is the trace's own number (z, a, δ,
gradient, updated parameter) printed by ``num``; ``Explanation.values`` holds those exact
floats, one per line. Intermediate numbers are rounded for reading, so a product of the
shown factors may differ from the result in its last digit; the result never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.notation import (
    Symbol,
    activation_name,
    applied,
    derivative,
    edge_words,
    neuron_words,
    num,
    par,
    symbol,
)
from model.stepview import MEAN, pick
from model.trace import StepKind, Trace

Array = np.ndarray

MAX_TERMS = 6  # longer sums show this many terms, then "… (+N more terms)"

BP_TITLES = ("output error", "hidden layers", "bias gradient", "weight gradient")


def elided_sum(terms: list[str]) -> str:
    """Terms joined by " + ", cut after MAX_TERMS with a count of the rest."""
    if len(terms) > MAX_TERMS + 1:
        rest = len(terms) - MAX_TERMS
        return " + ".join(terms[:MAX_TERMS]) + f" + … (+{rest} more terms)"
    return " + ".join(terms)


def batch_mean(values: Array) -> str:
    """(1/n)(v₁ + v₂ + …): a mean over the batch, written out."""
    return f"(1/{len(values)})({elided_sum([par(v) for v in values])})"


@dataclass(frozen=True)
class Explanation:
    """What the inspector shows at one step for one neuron (or edge) and sample."""

    caption: str
    symbolic: str  # the step's equation, over whole layers
    subject: str  # whose numbers: "for neuron 1 of layer 2, sample 1"
    substituted: tuple[str, ...]  # each line ends in "= value"
    bp: tuple[int, ...]  # which of BP1..BP4 the step applies
    values: dict[str, float]  # the exact last number of each line, in line order
    note: str = ""  # what the numbers mean when the equation cannot be shown exactly
    neuron: tuple[int, int] = (1, 0)  # (layer, j) the lines are about, j 0-based
    edge: tuple[int, int, int] | None = None


@dataclass
class _Lines:
    text: list[str] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, *parts: str | Symbol, value: float) -> None:
        self.text.append(" = ".join([*map(str, parts), num(value)]))
        self.values[key] = float(value)


class _Context:
    """The trace's arrays by layer number, and who is shown."""

    def __init__(self, trace: Trace, sample, network, settings):
        self.trace = trace
        self.n = len(trace.input)
        self.sample = sample
        self.mean = sample == MEAN
        self.network = network
        self.loss = network.loss
        self.settings = settings
        self.big_l = trace.n_layers

    def a(self, l: int) -> Array:
        return self.trace.a(l)

    def z(self, l: int) -> Array:
        return self.trace.layer(l).z

    def delta(self, l: int) -> Array:
        return self.trace.layer(l).delta

    def act(self, l: int):
        return self.network.activation(l)

    def shown(self, values: Array) -> Array:
        return pick(values, self.sample)

    def prime(self, l: int) -> Array:
        return self.act(l).prime(self.z(l), self.a(l))

    @property
    def who(self) -> str:
        return "batch mean" if self.mean else f"sample {self.sample + 1}"


def explain(trace: Trace, index: int, sample: int | str, network, settings,
            neuron: tuple[int, int] | None = None,
            edge: tuple[int, int, int] | None = None) -> Explanation:
    """The inspector's text for step ``index`` of ``trace``.

    ``network`` gives the activations and loss (its parameters are not read: the trace has
    them), ``settings`` the OptimizerSettings. ``neuron`` (layer, j) and ``edge``
    (layer, j, k) are 0-based selections; the edge wins. A selection outside the step's
    layer falls back to the step's first neuron (the output layer's for steps over all
    layers).
    """
    step = trace.steps[index]
    ctx = _Context(trace, sample, network, settings)
    sizes = [trace.input.shape[1], *(lt.a.shape[1] for lt in trace.layers)]
    if neuron is not None and not _fits(sizes, neuron):
        neuron = None
    if edge is not None and not (_fits(sizes, edge[:2]) and _fits(sizes, (edge[0] - 1, edge[2]))):
        edge = None
    (l, j), edge = _target(step, ctx.big_l, neuron, edge)
    lines = _Lines()
    subject, note = _BUILDERS[step.kind](ctx, l, j, edge, lines)
    symbolic = step.equation
    return Explanation(step.caption, symbolic, subject, tuple(lines.text), step.bp,
                       lines.values, note, (l, j), edge)


def _fits(sizes: list[int], neuron: tuple[int, int]) -> bool:
    return 1 <= neuron[0] <= len(sizes) and 0 <= neuron[1] < sizes[neuron[0] - 1]


def _target(step, big_l: int, neuron, edge):
    chosen = (edge[0], edge[1]) if edge is not None else neuron
    if step.layer is not None:
        if chosen is not None and chosen[0] == step.layer:
            return chosen, edge if edge is not None and edge[0] == step.layer else None
        return (step.layer, 0), None
    if chosen is not None and chosen[0] >= 2:
        return chosen, edge
    return (big_l, 0), None


# --- words -------------------------------------------------------------------------------------

def _neuron_subject(l: int, j: int, ctx: _Context) -> str:
    return f"for {neuron_words(l, j)}, {ctx.who}"


def _mean_note(what: str) -> str:
    return (f"{what} is computed for each sample; the batch mean is its average. "
            "Choose one sample to see the equation with its numbers.")


# --- one builder per step kind: fill the lines, return (subject, note) ---------------------------

def _input(ctx: _Context, l, j, edge, lines: _Lines):
    x = ctx.trace.input[:, j]
    if ctx.mean:
        lines.add("a", f"{symbol('a', 1, j, bar=True)} = {symbol('x', None, j, bar=True)}",
                  batch_mean(x), value=ctx.shown(ctx.trace.input)[j])
    else:
        lines.add("a", symbol("a", 1, j), symbol("x", None, j), value=x[ctx.sample])
    return _neuron_subject(1, j, ctx), ""


def _forward(ctx: _Context, l, j, edge, lines: _Lines):
    w = ctx.trace.W_before(l)[j]
    b = ctx.trace.b_before(l)[j]
    prev = ctx.shown(ctx.a(l - 1))
    bar = ctx.mean
    if len(prev) <= MAX_TERMS + 1:
        symbolic = " + ".join(f"{symbol('w', l, j, k)}·{symbol('a', l - 1, k, bar=bar)}"
                              for k in range(len(prev)))
    else:
        symbolic = f"Σₖ {symbol('w', l, j, 'k')} {symbol('a', l - 1, 'k', bar=bar)}"
    numbers = elided_sum([f"{par(wk)}·{par(ak)}" for wk, ak in zip(w, prev, strict=True)])
    z_sym, a_sym = symbol("z", l, j, bar=bar), symbol("a", l, j, bar=bar)
    lines.add("z", f"{z_sym} = {symbolic} + {symbol('b', l, j)}", f"{numbers} + {par(b)}",
              value=ctx.shown(ctx.z(l))[j])
    act = ctx.act(l)
    note = ""
    if ctx.mean:
        lines.add("a", a_sym, batch_mean(ctx.a(l)[:, j]), value=ctx.shown(ctx.a(l))[j])
        note = f"Batch mean: z is linear in {symbol('a', l - 1)}, so the mean follows the same "
        note += ("equation." if act.name == "linear" else "equation; a is averaged after the "
                 f"activation, so ā ≠ {applied(act.name, 'z̄')} in general.")
    elif act.name == "softmax":
        zs = ctx.z(l)[ctx.sample]
        denominator = elided_sum([f"exp({num(v)})" for v in zs])
        lines.add("a", a_sym, f"exp({z_sym}) / Σₖ exp({symbol('z', l, 'k')})",
                  f"exp({num(zs[j])}) / ({denominator})", value=ctx.a(l)[ctx.sample, j])
    elif act.name == "linear":
        lines.add("a", a_sym, z_sym, value=ctx.a(l)[ctx.sample, j])
    else:
        z = ctx.z(l)[ctx.sample, j]
        lines.add("a", a_sym, applied(act.name, z_sym), applied(act.name, num(z)),
                  value=ctx.a(l)[ctx.sample, j])
    if edge is not None:
        k = edge[2]
        lines.add("w·a", f"{symbol('w', l, j, k)}·{symbol('a', l - 1, k, bar=bar)}",
                  f"{par(w[k])}·{par(prev[k])}", value=w[k] * prev[k])
    return _neuron_subject(l, j, ctx), note


def _loss(ctx: _Context, l, j, edge, lines: _Lines):
    a_all, y_all = ctx.a(l), ctx.trace.target
    per_sample = ctx.loss.per_sample(a_all, y_all)
    if not ctx.mean:
        s = ctx.sample
        symbolic, numbers = _cost_terms(ctx, a_all[s], y_all[s], l)
        lines.add("C_x", f"Cₓ = {symbolic}", numbers, value=per_sample[s])
    if ctx.n > 1:
        lines.add("C", f"C = (1/{ctx.n}) Σₓ Cₓ", batch_mean(per_sample), value=ctx.trace.loss)
    else:
        lines.add("C", "C = Cₓ", value=ctx.trace.loss)
    settings = ctx.settings
    if settings.regularization != "none" and ctx.trace.penalty:
        lam = num(settings.regularization_rate)
        weights = ctx.trace.weights_before
        if settings.regularization == "l2":
            total = sum(float(np.sum(w * w)) for w in weights)
            lines.add("penalty", "penalty = (λ/2) Σ w²", f"({lam}/2)·{num(total)}",
                      value=ctx.trace.penalty)
        else:
            total = sum(float(np.sum(np.abs(w))) for w in weights)
            lines.add("penalty", "penalty = λ Σ |w|", f"{lam}·{num(total)}",
                      value=ctx.trace.penalty)
    outputs = "output" if a_all.shape[1] == 1 else f"all {a_all.shape[1]} outputs"
    return f"for the output layer (layer {l}, {outputs}), {ctx.who}", ""


def _cost_terms(ctx: _Context, a: Array, y: Array, l: int) -> tuple[str, str]:
    """C_x of one sample: symbolic, and with its numbers."""
    a_l, a_j = symbol("a", l), symbol("a", l, "j")
    name = ctx.loss.name
    if name == "quadratic":
        terms = [f"({num(yj)} − {par(aj)})²" for aj, yj in zip(a, y, strict=True)]
        return f"½‖y − {a_l}‖²", f"½({elided_sum(terms)})"
    if name == "mse":
        terms = [f"({num(yj)} − {par(aj)})²" for aj, yj in zip(a, y, strict=True)]
        return f"(1/m) Σⱼ (yⱼ − {a_j})²", f"(1/{len(a)})({elided_sum(terms)})"
    if ctx.act(l).name == "softmax":
        terms = [f"{par(yj)}·ln {num(aj)}" for aj, yj in zip(a, y, strict=True)]
        return f"−Σⱼ yⱼ ln {a_j}", f"−({elided_sum(terms)})"
    terms = [f"[{par(yj)}·ln {num(aj)} + {par(1 - yj)}·ln {num(1 - aj)}]"
             for aj, yj in zip(a, y, strict=True)]
    return f"−Σⱼ [yⱼ ln {a_j} + (1 − yⱼ) ln(1 − {a_j})]", f"−({elided_sum(terms)})"


def _prime_line(ctx: _Context, l: int, j: int, lines: _Lines) -> str:
    """φ′(z) of the shown sample as its own line; returns its symbol, e.g. σ′(z₁⁽²⁾)."""
    s = ctx.sample
    act = ctx.act(l)
    z, a = ctx.z(l)[s, j], ctx.a(l)[s, j]
    z_sym, a_sym = symbol("z", l, j), symbol("a", l, j)
    name = derivative(act.name, z_sym)
    value = ctx.prime(l)[s, j]
    if act.name == "sigmoid":
        lines.add("σ′", name, f"{a_sym}(1 − {a_sym})", f"{par(a)}·(1 − {par(a)})", value=value)
    elif act.name == "tanh":
        lines.add("σ′", name, f"1 − ({a_sym})²", f"1 − {par(a)}²", value=value)
    elif act.name == "arctan":
        lines.add("σ′", name, f"1 / (1 + ({z_sym})²)", f"1 / (1 + {par(z)}²)", value=value)
    else:
        lines.add("σ′", name, derivative(act.name, num(z)), value=value)
    return name


def _output_error(ctx: _Context, l, j, edge, lines: _Lines):
    d_sym = symbol("δ", l, j)
    if ctx.mean:
        lines.add("δ", symbol("δ", l, j, bar=True), batch_mean(ctx.delta(l)[:, j]),
                  value=ctx.shown(ctx.delta(l))[j])
        return _neuron_subject(l, j, ctx), _mean_note("δ")
    s = ctx.sample
    a, y, delta = ctx.a(l)[s], ctx.trace.target[s], ctx.delta(l)[s, j]
    a_sym, y_sym = symbol("a", l, j), symbol("y", None, j)
    act, loss = ctx.act(l), ctx.loss
    note = ""
    if loss.name == "cross_entropy":
        if act.name == "softmax" and abs(np.sum(y) - 1.0) > 1e-12:
            lines.add("δ", d_sym, f"{a_sym}·Σₖ yₖ − {y_sym}",
                      f"{par(a[j])}·{par(np.sum(y))} − {par(y[j])}", value=delta)
        else:
            lines.add("δ", d_sym, f"{a_sym} − {y_sym}", f"{num(a[j])} − {par(y[j])}",
                      value=delta)
        note = (f"Cross-entropy after {activation_name(act.name)}: ∇ₐC and the activation's "
                "derivative cancel to a − y.")
    elif act.name == "softmax":
        grad = loss.grad_a(ctx.a(l), ctx.trace.target)[s]
        g_sym, g_k = f"∂Cₓ/∂{a_sym}", f"∂Cₓ/∂{symbol('a', l, 'k')}"
        lines.add("∂C/∂a", g_sym, *_grad_a(loss, a, y, j, a_sym, y_sym, bare=True),
                  value=grad[j])
        dot = float(np.sum(a * grad))
        sum_sym = f"Σₖ {symbol('a', l, 'k')} {g_k}"
        terms = [f"{par(ak)}·{par(gk)}" for ak, gk in zip(a, grad, strict=True)]
        lines.add("a·∂C/∂a", sum_sym, elided_sum(terms), value=dot)
        lines.add("δ", d_sym, f"{a_sym}({g_sym} − {sum_sym})",
                  f"{par(a[j])}·({num(grad[j])} − {par(dot)})", value=delta)
        note = ("Softmax couples the outputs, so BP1 uses its Jacobian: "
                "δ = Jᵀ ∇ₐC = a ⊙ (∇ₐC − (a·∇ₐC)), with J = ∂a/∂z the softmax's Jacobian.")
    else:
        prime_sym = _prime_line(ctx, l, j, lines)
        grad_sym, grad_numbers = _grad_a(loss, a, y, j, a_sym, y_sym)
        lines.add("δ", d_sym, f"{grad_sym}·{prime_sym}",
                  f"{grad_numbers}·{par(ctx.prime(l)[s, j])}", value=delta)
    return _neuron_subject(l, j, ctx), note


def _grad_a(loss, a: Array, y: Array, j: int, a_sym: str | Symbol, y_sym: str | Symbol,
            bare: bool = False) -> tuple[str, str]:
    """∂Cₓ/∂aⱼ of quadratic or mse, symbolic and with numbers; a factor unless ``bare``."""
    sym, numbers = f"{a_sym} − {y_sym}", f"{num(a[j])} − {par(y[j])}"
    if loss.name == "quadratic":
        return (sym, numbers) if bare else (f"({sym})", f"({numbers})")
    return f"(2/{len(a)})({sym})", f"(2/{len(a)})({numbers})"


def _backward(ctx: _Context, l, j, edge, lines: _Lines):
    if ctx.mean:
        lines.add("δ", symbol("δ", l, j, bar=True), batch_mean(ctx.delta(l)[:, j]),
                  value=ctx.shown(ctx.delta(l))[j])
        return _neuron_subject(l, j, ctx), _mean_note("δ")
    s = ctx.sample
    w_next = ctx.trace.W_before(l + 1)  # (n_(l+1), n_l)
    d_next = ctx.delta(l + 1)
    back = (d_next @ w_next)[s, j]
    n_next = w_next.shape[0]
    sum_sym = f"Σₖ {symbol('w', l + 1, 'k', j)} {symbol('δ', l + 1, 'k')}"
    if n_next <= MAX_TERMS + 1:
        explicit = " + ".join(f"{symbol('w', l + 1, k, j)}·{symbol('δ', l + 1, k)}"
                              for k in range(n_next))
        parts = [sum_sym, explicit]
    else:
        parts = [sum_sym]
    terms = [f"{par(w)}·{par(d)}" for w, d in zip(w_next[:, j], d_next[s], strict=True)]
    lines.add("Σwδ", *parts, elided_sum(terms), value=back)
    prime_sym = _prime_line(ctx, l, j, lines)
    lines.add("δ", symbol("δ", l, j), f"({sum_sym})·{prime_sym}",
              f"{par(back)}·{par(ctx.prime(l)[s, j])}", value=ctx.delta(l)[s, j])
    return _neuron_subject(l, j, ctx), ""


def _gradients(ctx: _Context, l, j, edge, lines: _Lines):
    layer = ctx.trace.layer(l)
    deltas = ctx.delta(l)[:, j]
    d_sym = symbol("δ", l, j)
    own = not ctx.mean and ctx.n > 1
    if ctx.n > 1:
        lines.add("∂C/∂b", f"∂C/∂{symbol('b', l, j)} = (1/{ctx.n}) Σₓ {d_sym}", batch_mean(deltas),
                  value=layer.grad_biases[j])
    else:
        lines.add("∂C/∂b", f"∂C/∂{symbol('b', l, j)}", d_sym, value=layer.grad_biases[j])
    if own:
        lines.add("δ of sample", f"{d_sym} of sample {ctx.sample + 1}",
                  value=deltas[ctx.sample])
    note = ""
    if edge is not None:
        k = edge[2]
        prev = ctx.a(l - 1)[:, k]
        a_sym = symbol("a", l - 1, k)
        w_sym = f"∂C/∂{symbol('w', l, j, k)}"
        products = [f"{par(ak)}·{par(dk)}" for ak, dk in zip(prev, deltas, strict=True)]
        if ctx.n > 1:
            lines.add("∂C/∂w", f"{w_sym} = (1/{ctx.n}) Σₓ {a_sym} {d_sym}",
                      f"(1/{ctx.n})({elided_sum(products)})", value=layer.grad_weights[j, k])
        else:
            lines.add("∂C/∂w", w_sym, f"{a_sym} {d_sym}", products[0],
                      value=layer.grad_weights[j, k])
        if own:
            s = ctx.sample
            lines.add("aδ of sample", f"{a_sym} {d_sym} of sample {s + 1}", products[s],
                      value=prev[s] * deltas[s])
        subject = _edge_subject(l, j, k)
    else:
        subject = f"for {neuron_words(l, j)}"
        note = "Select an edge (a weight) to see BP4 with its numbers."
    batch = "the whole batch" if ctx.n > 1 else "the one sample"
    return f"{subject}, averaged over {batch}", note


def _edge_subject(l: int, j: int, k: int) -> str:
    return f"for the weight {symbol('w', l, j, k)} {edge_words(l, j, k)}"


def _update(ctx: _Context, l, j, edge, lines: _Lines):
    trace, settings = ctx.trace, ctx.settings
    layer = trace.layer(l)
    eta = num(settings.learning_rate)
    reg = settings.regularization if settings.regularization_rate else "none"
    exact = settings.optimizer == "sgd"
    params = []
    if edge is not None:
        k = edge[2]
        w0 = trace.W_before(l)[j, k]
        params.append(("w", symbol("w", l, j, k), w0, trace.W_after(l)[j, k],
                       layer.grad_weights[j, k], reg))
    params.append(("b", symbol("b", l, j), trace.b_before(l)[j],
                   trace.b_after(l)[j], layer.grad_biases[j], "none"))
    lam = num(settings.regularization_rate)
    for key, sym, before, after, grad, p_reg in params:
        if exact:
            gradient, numbers = f"∂C/∂{sym}", par(grad)
            if p_reg == "l2":
                gradient, numbers = (f"(∂C/∂{sym} + λ{sym})",
                                     f"({num(grad)} + {lam}·{par(before)})")
            elif p_reg == "l1":
                gradient, numbers = (f"(∂C/∂{sym} + λ·sign({sym}))",
                                     f"({num(grad)} + {lam}·{par(np.sign(before))})")
            lines.add(key, f"{sym} ← {sym} − η·{gradient}", f"{num(before)} − {eta}·{numbers}",
                      value=after)
        else:
            lines.add(f"∂C/∂{key}", f"∂C/∂{sym}", value=grad)
            lines.add(f"{key} before", f"{sym} before", value=before)
            lines.add(f"{key} after", f"{sym} after", value=after)
            lines.add(f"Δ{key}", f"Δ{sym} = after − before", f"{num(after)} − {par(before)}",
                      value=after - before)
    notes = []
    if exact and reg != "none":
        notes.append(f"SGD with {reg.upper()} regularisation (λ = {lam}) on the weights; "
                     "biases are not regularised.")
    elif exact:
        notes.append("Plain SGD: the update is exactly w − η·∂C/∂w.")
    else:
        state = ("a velocity v" if settings.optimizer == "momentum"
                 else "running moments m and v")
        notes.append(f"{settings.optimizer.capitalize()} carries {state} from earlier "
                     "iterations that this trace does not hold, so the arithmetic cannot be "
                     "shown: the values before and after the update are.")
    if edge is None:
        notes.append("Select an edge (a weight) to see its update.")
    subject = _edge_subject(l, j, edge[2]) if edge is not None else \
        f"for the bias of {neuron_words(l, j)}"
    return f"{subject}, η = {eta}, {settings.optimizer}", " ".join(notes)


_BUILDERS = {StepKind.INPUT: _input, StepKind.FORWARD: _forward, StepKind.LOSS: _loss,
             StepKind.OUTPUT_ERROR: _output_error, StepKind.BACKWARD: _backward,
             StepKind.GRADIENTS: _gradients, StepKind.UPDATE: _update}
