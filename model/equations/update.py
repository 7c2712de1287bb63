"""The update step's lines: w ← w − η·∂C/∂w with its numbers, when the trace can show them.

Plain SGD (with or without L1/L2) is exact arithmetic on the trace's numbers; momentum and
Adam carry state from earlier iterations, so only the values before and after are shown.
"""

from __future__ import annotations

import numpy as np

from model.equations.lines import Context, Lines, edge_subject
from model.mathtext import Math, join, m, words
from model.notation import factor, neuron_words, number, symbol


def _exact_line(key: str, sym, before: float, after: float, grad: float, reg: str,
                ctx: Context, lines: Lines) -> None:
    eta, lam = number(ctx.settings.learning_rate), number(ctx.settings.regularization_rate)
    gradient, numbers = m("∂C/∂", sym), factor(grad)
    if reg == "l2":
        gradient = m("(", "∂C/∂", sym, " + ", "λ", sym, ")")
        numbers = m("(", number(grad), " + ", lam, "·", factor(before), ")")
    elif reg == "l1":
        gradient = m("(", "∂C/∂", sym, " + ", "λ", "·", "sign", "(", sym, "))")
        numbers = m("(", number(grad), " + ", lam, "·", factor(np.sign(before)), ")")
    lines.add(key, m(sym, " ← ", sym, " − ", "η", "·", gradient),
              m(number(before), " − ", eta, "·", numbers), value=after)


def _before_after(key: str, sym, before: float, after: float, grad: float,
                  lines: Lines) -> None:
    lines.add(f"∂C/∂{key}", m("∂C/∂", sym), value=grad)
    lines.add(f"{key} before", m(sym, words(" before")), value=before)
    lines.add(f"{key} after", m(sym, words(" after")), value=after)
    lines.add(f"Δ{key}", m("Δ", sym), m(words("after"), " − ", words("before")),
              m(number(after), " − ", factor(before)), value=after - before)


def _notes(settings, reg: str, exact: bool, edge) -> Math:
    notes = []
    if exact and reg != "none":
        notes.append(m(words(f"SGD with {reg.upper()} regularisation ("), "λ", " = ",
                       number(settings.regularization_rate),
                       words(") on the weights; biases are not regularised.")))
    elif exact:
        notes.append(m(words("Plain SGD: the update is exactly "), "w", " − ", "η", "·", "∂C/∂",
                       "w", words(".")))
    else:
        state = ("a velocity v" if settings.optimizer == "momentum"
                 else "running moments m and v")
        notes.append(words(f"{settings.optimizer.capitalize()} carries {state} from earlier "
                           "iterations that this trace does not hold, so the arithmetic cannot "
                           "be shown: the values before and after the update are."))
    if edge is None:
        notes.append(words("Select an edge (a weight) to see its update."))
    return join(notes, words(" "))


def update_lines(ctx: Context, l, j, edge, lines: Lines):
    trace, settings = ctx.trace, ctx.settings
    layer = trace.layer(l)
    reg = settings.regularization if settings.regularization_rate else "none"
    exact = settings.optimizer == "sgd"
    params = []
    if edge is not None:
        k = edge[2]
        params.append(("w", symbol("w", l, j, k), trace.W_before(l)[j, k],
                       trace.W_after(l)[j, k], layer.grad_weights[j, k], reg))
    params.append(("b", symbol("b", l, j), trace.b_before(l)[j],
                   trace.b_after(l)[j], layer.grad_biases[j], "none"))
    for key, sym, before, after, grad, p_reg in params:
        if exact:
            _exact_line(key, sym, before, after, grad, p_reg, ctx, lines)
        else:
            _before_after(key, sym, before, after, grad, lines)
    subject = (edge_subject(l, j, edge[2]) if edge is not None
               else words(f"for the bias of {neuron_words(l, j)}"))
    return (m(subject, words(", "), "η", " = ", number(settings.learning_rate),
              words(f", {settings.optimizer}")),
            _notes(settings, reg, exact, edge))
