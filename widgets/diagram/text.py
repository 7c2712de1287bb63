"""The diagram's words and numbers: headline, layer titles, labels and tooltips (no Qt).

Indices: layers 1..L as in DESIGN.md; neuron j and edge (l, j, k) are 0-based indices into
the arrays, shown to people 1-based ("neuron 2 of layer 3"). Symbols and numbers are
model.notation's: labels and the legend use ``short``, tooltips ``num``.
"""

from __future__ import annotations

import re

from model.notation import activation_name, edge_words, neuron_words, num, short, symbol
from model.stepview import MEAN, EdgeQuantity, StepView, pick
from model.trace import StepKind, Trace
from widgets.colormap import Scale
from widgets.diagram.plan import Plan

NOT_YET = "not computed yet in this pass"
NEURON_QUANTITY = {"a": "activation a", "delta": "error δ = ∂C/∂z"}
EDGE_QUANTITY = {"w": "weight w", "grad_w": "gradient ∂C/∂w"}
ZERO_SCALE = 1e-12  # Scale.symmetric's limit when every value is 0
_TARGET_SYMBOL = re.compile("y[₀₁₂₃₄₅₆₇₈₉,]*")  # y, y₁, y₂ (the default names, not a class)


def limit(v: float) -> str:
    """A scale's end: "0" for the floor Scale.symmetric gives an all-zero layer."""
    return "0" if abs(v) <= ZERO_SCALE else short(v)


def scale_text(scale: Scale) -> str:
    if scale.is_symmetric:
        return "all 0" if scale.high <= ZERO_SCALE else f"±{short(scale.high)}"
    return f"{short(scale.low)} … {short(scale.high)}"


def sample_text(sample, batch: int) -> str:
    if sample == MEAN:
        return f"batch mean of {batch}"
    return f"sample {int(sample) + 1} of {batch}"


def headline(view: StepView, n_steps: int, sample, batch: int) -> str:
    """The line under the caption: what the colours mean right now."""
    kinds = {q for q in view.neuron_quantity[1:] if q is not None} or {"a"}
    neurons = " and ".join(NEURON_QUANTITY[q] for q in sorted(kinds))
    parts = [f"Step {view.index + 1} of {n_steps}", f"Neurons: {neurons}",
             f"Edges: {EDGE_QUANTITY[view.edge_quantity]}", sample_text(sample, batch)]
    if view.loss is not None:
        parts.append(f"C = {short(view.loss)}")
    return " · ".join(parts)


def layer_title(layer: int, sizes, activation_names) -> tuple[str, str]:
    """("Layer 2 · sigmoid", "4 neurons"); the input and output layers say what they are."""
    n_layers, n = len(sizes), sizes[layer - 1]
    count = f"{n} neuron{'s' if n != 1 else ''}"
    if layer == 1:
        return "Layer 1 · input", count
    act = activation_name(activation_names[layer - 2])
    if layer == n_layers:
        return f"Layer {layer} · output", f"{count} · {act}"
    return f"Layer {layer} · {act}", count


def input_label(name: str, value: float) -> str:
    return f"{name} = {short(value)}"


def output_label(name: str, target: float, output: float | None) -> str:
    """"y = 1   a = 0.734"; a class name goes in front ("setosa:  y = 1 …")."""
    is_symbol = bool(_TARGET_SYMBOL.fullmatch(name))
    head = f"{name} = " if is_symbol else f"{name}:  y = "
    tail = "" if output is None else f"   a = {short(output)}"
    return f"{head}{short(target)}{tail}"


def neuron_tooltip(trace: Trace, view: StepView, layer: int, j: int, sample, batch: int,
                   activation_names) -> str:
    """Exact z, a, δ and b of neuron j of ``layer`` at this step, or why one is missing."""
    where = sample_text(sample, batch)
    if layer == 1:
        return (f"{neuron_words(1, j).capitalize()} (input) · {where}\n"
                f"{symbol('a', 1, j)} = {symbol('x', None, j)} = {num(view.input[j])}")
    lt = trace.layer(layer)
    kind, at = view.step.kind, view.step.layer
    forward_done = layer <= at if kind in (StepKind.INPUT, StepKind.FORWARD) else True
    delta_done = view.neuron_quantity[layer - 1] == "delta"

    def value(name: str, arr, known: bool) -> str:
        shown = num(pick(arr, sample)[j]) if known else NOT_YET
        return f"{symbol(name, layer, j)} = {shown}"

    act = activation_name(activation_names[layer - 2])
    lines = [f"{neuron_words(layer, j).capitalize()} ({act}) · {where}",
             value("z", lt.z, forward_done), value("a", lt.a, forward_done),
             value("δ", lt.delta, delta_done),
             f"{symbol('b', layer, j)} = {num(view.b(layer)[j])}"]
    if view.edge_quantity == "grad_w":
        lines.append(f"∂C/∂{symbol('b', layer, j)} = {num(lt.grad_biases[j])} (batch mean)")
    return "\n".join(lines)


def edge_name(layer: int, j: int, k: int) -> str:
    return str(symbol("w", layer, j, k))


def edge_tooltip(trace: Trace, view: StepView, edge: tuple[int, int, int]) -> str:
    """"w₁₂⁽³⁾ = 0.123456 (from neuron 2 of layer 2 to neuron 1 of layer 3)", plus ∂C/∂w if
    known."""
    layer, j, k = edge
    name = edge_name(layer, j, k)
    lines = [f"{name} = {num(view.W(layer)[j, k])} ({edge_words(layer, j, k)})"]
    if view.step.kind == StepKind.UPDATE:
        lines.append(f"before the update: {num(trace.W_before(layer)[j, k])}")
    if view.edge_quantity == "grad_w":
        lines.append(f"∂C/∂{name} = {num(trace.layer(layer).grad_weights[j, k])} (batch mean)")
    return "\n".join(lines)


def legend_entries(plan: Plan, edge_quantity: EdgeQuantity) -> list[tuple[str, Scale]]:
    """(label, scale) of the neuron bar, the edge bar and the bias key, for the focus layer."""
    focus = plan.focus
    quantity = plan.quantities[focus - 1]
    neurons = "neurons: " + ("input x" if focus == 1 else NEURON_QUANTITY[quantity])
    if not plan.neuron_scales_uniform():
        neurons += f" (layer {focus})"
    into = max(focus, 2)
    edges = f"edges: {EDGE_QUANTITY[edge_quantity]}, width ∝ |value|"
    if not plan.edge_scales_uniform():
        edges += f" (into layer {into})"
    b_scale = plan.bias_scales[into - 1]
    return [(neurons, plan.neuron_scales[focus - 1]), (edges, plan.edge_scales[into - 2]),
            (f"bias b {scale_text(b_scale)}", b_scale)]


def legend_numbers(scale: Scale) -> tuple[str, str, str]:
    """The numbers under a colour bar: low end, middle, high end."""
    return limit(scale.low), limit((scale.low + scale.high) / 2), limit(scale.high)
