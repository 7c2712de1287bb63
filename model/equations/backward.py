"""The backward steps' lines: BP1 (output error), BP2 (hidden layers), BP3 and BP4.

Each builder fills ``lines`` and returns (subject, note), both math text.
"""

from __future__ import annotations

import numpy as np

from model.equations.lines import (
    MAX_TERMS,
    Context,
    Lines,
    batch_mean,
    edge_subject,
    elided_sum,
    mean_note,
    neuron_subject,
    product,
)
from model.mathtext import Math, join, m, words
from model.notation import activation_name, derivative, factor, neuron_words, number, symbol

Array = np.ndarray


def _prime_line(ctx: Context, l: int, j: int, lines: Lines) -> Math:
    """φ′(z) of the shown sample as its own line; returns its symbol, e.g. σ′(z₁⁽²⁾)."""
    s = ctx.sample
    act = ctx.act(l)
    z, a = ctx.z(l)[s, j], ctx.a(l)[s, j]
    z_sym, a_sym = symbol("z", l, j), symbol("a", l, j)
    name = derivative(act.name, z_sym)
    value = ctx.prime(l)[s, j]
    if act.name == "sigmoid":
        lines.add("σ′", name, m(a_sym, "(1", " − ", a_sym, ")"),
                  m(factor(a), "·", "(1", " − ", factor(a), ")"), value=value)
    elif act.name == "tanh":
        lines.add("σ′", name, m("1", " − ", "(", a_sym, ")", "²"),
                  m("1", " − ", factor(a), "²"), value=value)
    elif act.name == "arctan":
        lines.add("σ′", name, m("1 / (1", " + ", "(", z_sym, ")", "²", ")"),
                  m("1 / (1", " + ", factor(z), "²", ")"), value=value)
    else:
        lines.add("σ′", name, derivative(act.name, number(z)), value=value)
    return name


def _mean_delta(ctx: Context, l: int, j: int, lines: Lines):
    lines.add("δ", symbol("δ", l, j, bar=True), batch_mean(ctx.delta(l)[:, j]),
              value=ctx.shown(ctx.delta(l))[j])
    return neuron_subject(l, j, ctx), mean_note(symbol("δ"))


def output_error_lines(ctx: Context, l, j, edge, lines: Lines):
    if ctx.mean:
        return _mean_delta(ctx, l, j, lines)
    d_sym = symbol("δ", l, j)
    s = ctx.sample
    a, y, delta = ctx.a(l)[s], ctx.trace.target[s], ctx.delta(l)[s, j]
    a_sym, y_sym = symbol("a", l, j), symbol("y", None, j)
    act, loss = ctx.act(l), ctx.loss
    note = m()
    if loss.name == "cross_entropy":
        if act.name == "softmax" and abs(np.sum(y) - 1.0) > 1e-12:
            lines.add("δ", d_sym, m(a_sym, "·", "Σₖ ", symbol("y", None, "k"), " − ", y_sym),
                      m(factor(a[j]), "·", factor(np.sum(y)), " − ", factor(y[j])), value=delta)
        else:
            lines.add("δ", d_sym, m(a_sym, " − ", y_sym), m(number(a[j]), " − ", factor(y[j])),
                      value=delta)
        note = m(words(f"Cross-entropy after {activation_name(act.name)}: "), "∇ₐC",
                 words(" and the activation's derivative cancel to "), "a", " − ", "y",
                 words("."))
    elif act.name == "softmax":
        _softmax_error(ctx, l, j, lines)
        note = m(words("Softmax couples the outputs, so BP1 uses its Jacobian: "), symbol("δ"),
                 " = ", "J", "ᵀ", " ", "∇ₐC", " = ", "a", " ⊙ ", "(", "∇ₐC", " − ", "(a", "·",
                 "∇ₐC", "))", words(", with "), "J", " = ", "∂", "a/", "∂", "z",
                 words(" the softmax's Jacobian."))
    else:
        prime_sym = _prime_line(ctx, l, j, lines)
        grad_sym, grad_numbers = _grad_a(loss, a, y, j, a_sym, y_sym)
        lines.add("δ", d_sym, m(grad_sym, "·", prime_sym),
                  m(grad_numbers, "·", factor(ctx.prime(l)[s, j])), value=delta)
    return neuron_subject(l, j, ctx), note


def _softmax_error(ctx: Context, l: int, j: int, lines: Lines) -> None:
    """BP1 through softmax's Jacobian for a loss other than cross-entropy."""
    s = ctx.sample
    a, y = ctx.a(l)[s], ctx.trace.target[s]
    a_sym, y_sym = symbol("a", l, j), symbol("y", None, j)
    grad = ctx.loss.grad_a(ctx.a(l), ctx.trace.target)[s]
    g_sym, g_k = m("∂Cₓ/∂", a_sym), m("∂Cₓ/∂", symbol("a", l, "k"))
    lines.add("∂C/∂a", g_sym, *_grad_a(ctx.loss, a, y, j, a_sym, y_sym, bare=True),
              value=grad[j])
    dot = float(np.sum(a * grad))
    sum_sym = m("Σₖ ", symbol("a", l, "k"), " ", g_k)
    terms = [product(ak, gk) for ak, gk in zip(a, grad, strict=True)]
    lines.add("a·∂C/∂a", sum_sym, elided_sum(terms, a * grad), value=dot)
    lines.add("δ", symbol("δ", l, j), m(a_sym, "(", g_sym, " − ", sum_sym, ")"),
              m(factor(a[j]), "·", "(", number(grad[j]), " − ", factor(dot), ")"),
              value=ctx.delta(l)[s, j])


def _grad_a(loss, a: Array, y: Array, j: int, a_sym, y_sym,
            bare: bool = False) -> tuple[Math, Math]:
    """∂Cₓ/∂aⱼ of quadratic or mse, symbolic and with numbers; a factor unless ``bare``."""
    sym, numbers = m(a_sym, " − ", y_sym), m(number(a[j]), " − ", factor(y[j]))
    if loss.name == "quadratic":
        return (sym, numbers) if bare else (m("(", sym, ")"), m("(", numbers, ")"))
    scale = f"(2/{len(a)})("
    return m(scale, sym, ")"), m(scale, numbers, ")")


def backward_lines(ctx: Context, l, j, edge, lines: Lines):
    if ctx.mean:
        return _mean_delta(ctx, l, j, lines)
    s = ctx.sample
    w_next = ctx.trace.W_before(l + 1)  # (n_(l+1), n_l)
    d_next = ctx.delta(l + 1)
    back = (d_next @ w_next)[s, j]
    n_next = w_next.shape[0]
    sum_sym = m("Σₖ ", symbol("w", l + 1, "k", j), " ", symbol("δ", l + 1, "k"))
    parts = [sum_sym]
    if n_next <= MAX_TERMS + 1:
        parts.append(join([m(symbol("w", l + 1, k, j), "·", symbol("δ", l + 1, k))
                           for k in range(n_next)], " + "))
    terms = [product(w, d) for w, d in zip(w_next[:, j], d_next[s], strict=True)]
    lines.add("Σwδ", *parts, elided_sum(terms, w_next[:, j] * d_next[s]), value=back)
    prime_sym = _prime_line(ctx, l, j, lines)
    lines.add("δ", symbol("δ", l, j), m("(", sum_sym, ")", "·", prime_sym),
              m(factor(back), "·", factor(ctx.prime(l)[s, j])), value=ctx.delta(l)[s, j])
    return neuron_subject(l, j, ctx), m()


def gradient_lines(ctx: Context, l, j, edge, lines: Lines):
    layer = ctx.trace.layer(l)
    deltas = ctx.delta(l)[:, j]
    d_sym = symbol("δ", l, j)
    b_grad = m("∂C/∂", symbol("b", l, j))
    own = not ctx.mean and ctx.n > 1
    if ctx.n > 1:
        lines.add("∂C/∂b", b_grad, m(f"(1/{ctx.n}) ", "Σₓ ", d_sym), batch_mean(deltas),
                  value=layer.grad_biases[j])
    else:
        lines.add("∂C/∂b", b_grad, d_sym, value=layer.grad_biases[j])
    if own:
        lines.add("δ of sample", m(d_sym, words(f" of sample {ctx.sample + 1}")),
                  value=deltas[ctx.sample])
    note = m()
    if edge is not None:
        k = edge[2]
        prev = ctx.a(l - 1)[:, k]
        a_sym = symbol("a", l - 1, k)
        w_grad = m("∂C/∂", symbol("w", l, j, k))
        products = [product(ak, dk) for ak, dk in zip(prev, deltas, strict=True)]
        if ctx.n > 1:
            lines.add("∂C/∂w", w_grad, m(f"(1/{ctx.n}) ", "Σₓ ", a_sym, " ", d_sym),
                      m(f"(1/{ctx.n})(", elided_sum(products, prev * deltas), ")"),
                      value=layer.grad_weights[j, k])
        else:
            lines.add("∂C/∂w", w_grad, m(a_sym, " ", d_sym), products[0],
                      value=layer.grad_weights[j, k])
        if own:
            s = ctx.sample
            lines.add("aδ of sample", m(a_sym, " ", d_sym, words(f" of sample {s + 1}")),
                      products[s], value=prev[s] * deltas[s])
        subject = edge_subject(l, j, k)
    else:
        subject = words(f"for {neuron_words(l, j)}")
        note = words("Select an edge (a weight) to see BP4 with its numbers.")
    batch = "the whole batch" if ctx.n > 1 else "the one sample"
    return m(subject, words(f", averaged over {batch}")), note
