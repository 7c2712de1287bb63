"""The forward steps' lines: the input, each layer's z and a, and the loss.

Each builder fills ``lines`` and returns (subject, note), both math text.
"""

from __future__ import annotations

import numpy as np

from model.equations.lines import (
    MAX_TERMS,
    Context,
    Lines,
    batch_mean,
    elided_sum,
    neuron_subject,
    product,
)
from model.mathtext import Math, join, m, words
from model.notation import applied, factor, number, symbol

Array = np.ndarray


def input_lines(ctx: Context, l, j, edge, lines: Lines):
    x = ctx.trace.input[:, j]
    if ctx.mean:
        lines.add("a", symbol("a", 1, j, bar=True), symbol("x", None, j, bar=True), batch_mean(x),
                  value=ctx.shown(ctx.trace.input)[j])
    else:
        lines.add("a", symbol("a", 1, j), symbol("x", None, j), value=x[ctx.sample])
    return neuron_subject(1, j, ctx), m()


def forward_lines(ctx: Context, l, j, edge, lines: Lines):
    w = ctx.trace.W_before(l)[j]
    b = ctx.trace.b_before(l)[j]
    prev = ctx.shown(ctx.a(l - 1))
    bar = ctx.mean
    if len(prev) <= MAX_TERMS + 1:
        symbolic = join([m(symbol("w", l, j, k), "·", symbol("a", l - 1, k, bar=bar))
                         for k in range(len(prev))], " + ")
    else:
        symbolic = m("Σₖ ", symbol("w", l, j, "k"), " ", symbol("a", l - 1, "k", bar=bar))
    numbers = elided_sum([product(wk, ak) for wk, ak in zip(w, prev, strict=True)], w * prev)
    z_sym, a_sym = symbol("z", l, j, bar=bar), symbol("a", l, j, bar=bar)
    lines.add("z", z_sym, m(symbolic, " + ", symbol("b", l, j)), m(numbers, " + ", factor(b)),
              value=ctx.shown(ctx.z(l))[j])
    act = ctx.act(l)
    note = m()
    if ctx.mean:
        lines.add("a", a_sym, batch_mean(ctx.a(l)[:, j]), value=ctx.shown(ctx.a(l))[j])
        note = _mean_forward_note(act.name, l)
    elif act.name == "softmax":
        zs = ctx.z(l)[ctx.sample]
        # each exp(zₖ) is aₖ times the same positive number: a ranks them without overflow
        denominator = elided_sum([m("exp", "(", number(v), ")") for v in zs],
                                 ctx.a(l)[ctx.sample])
        lines.add("a", a_sym, m("exp", "(", z_sym, ")", " / ", "Σₖ ", "exp", "(",
                                symbol("z", l, "k"), ")"),
                  m("exp", "(", number(zs[j]), ")", " / ", "(", denominator, ")"),
                  value=ctx.a(l)[ctx.sample, j])
    elif act.name == "linear":
        lines.add("a", a_sym, z_sym, value=ctx.a(l)[ctx.sample, j])
    else:
        z = ctx.z(l)[ctx.sample, j]
        lines.add("a", a_sym, applied(act.name, z_sym), applied(act.name, number(z)),
                  value=ctx.a(l)[ctx.sample, j])
    if edge is not None:
        k = edge[2]
        lines.add("w·a", m(symbol("w", l, j, k), "·", symbol("a", l - 1, k, bar=bar)),
                  product(w[k], prev[k]), value=w[k] * prev[k])
    return neuron_subject(l, j, ctx), note


def _mean_forward_note(activation: str, l: int) -> Math:
    start = m(words("Batch mean: z is linear in "), symbol("a", l - 1),
              words(", so the mean follows the same equation"))
    if activation == "linear":
        return m(start, words("."))
    return m(start, words("; a is averaged after the activation, so "), symbol("a", bar=True),
             " ≠ ", applied(activation, symbol("z", bar=True)), words(" in general."))


def loss_lines(ctx: Context, l, j, edge, lines: Lines):
    a_all, y_all = ctx.a(l), ctx.trace.target
    per_sample = ctx.loss.per_sample(a_all, y_all)
    if not ctx.mean:
        s = ctx.sample
        symbolic, numbers = _cost_terms(ctx, a_all[s], y_all[s], l)
        lines.add("C_x", "Cₓ", symbolic, numbers, value=per_sample[s])
    if ctx.n > 1:
        lines.add("C", "C", m(f"(1/{ctx.n}) ", "Σₓ ", "Cₓ"), batch_mean(per_sample),
                  value=ctx.trace.loss)
    else:
        lines.add("C", "C", "Cₓ", value=ctx.trace.loss)
    settings = ctx.settings
    if settings.regularization != "none" and ctx.trace.penalty:
        lam = number(settings.regularization_rate)
        weights = ctx.trace.weights_before
        if settings.regularization == "l2":
            total = sum(float(np.sum(w * w)) for w in weights)
            lines.add("penalty", words("penalty"), m("(", "λ", "/2) ", "Σ ", "w", "²"),
                      m("(", lam, "/2)", "·", number(total)), value=ctx.trace.penalty)
        else:
            total = sum(float(np.sum(np.abs(w))) for w in weights)
            lines.add("penalty", words("penalty"), m("λ", " ", "Σ ", "|w|"),
                      m(lam, "·", number(total)), value=ctx.trace.penalty)
    outputs = "output" if a_all.shape[1] == 1 else f"all {a_all.shape[1]} outputs"
    return words(f"for the output layer (layer {l}, {outputs}), {ctx.who}"), m()


def _x_ln_y(x: Array, y: Array) -> Array:
    """x·ln y with 0·ln 0 = 0, as the losses compute it."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def _cost_terms(ctx: Context, a: Array, y: Array, l: int) -> tuple[Math, Math]:
    """C_x of one sample: symbolic, and with its numbers."""
    a_l, a_j, y_j = symbol("a", l), symbol("a", l, "j"), symbol("y", None, "j")
    name = ctx.loss.name
    if name in ("quadratic", "mse"):
        terms = [m("(", number(yj), " − ", factor(aj), ")", "²")
                 for aj, yj in zip(a, y, strict=True)]
        numbers = elided_sum(terms, (y - a) ** 2)
        if name == "quadratic":
            return m("½", "‖", "y", " − ", a_l, "‖", "²"), m("½", "(", numbers, ")")
        return (m("(1/m) ", "Σⱼ ", "(", y_j, " − ", a_j, ")", "²"),
                m(f"(1/{len(a)})(", numbers, ")"))
    if ctx.act(l).name == "softmax":
        terms = [m(factor(yj), "·", "ln ", number(aj)) for aj, yj in zip(a, y, strict=True)]
        return (m("−", "Σⱼ ", y_j, " ", "ln ", a_j),
                m("−", "(", elided_sum(terms, _x_ln_y(y, a)), ")"))
    terms = [m("[", factor(yj), "·", "ln ", number(aj), " + ", factor(1 - yj), "·", "ln ",
               number(1 - aj), "]") for aj, yj in zip(a, y, strict=True)]
    values = _x_ln_y(y, a) + _x_ln_y(1 - y, 1 - a)
    return (m("−", "Σⱼ ", "[", y_j, " ", "ln ", a_j, " + ", "(1", " − ", y_j, ") ", "ln", "(1",
              " − ", a_j, ")]"),
            m("−", "(", elided_sum(terms, values), ")"))
