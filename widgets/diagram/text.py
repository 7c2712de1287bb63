"""The diagram's words and numbers: headline, layer titles, labels and tooltips (no Qt).

Indices: layers 1..L as in DESIGN.md; neuron j and edge (l, j, k) are 0-based indices into
the arrays, shown to people 1-based ("neuron 2 of layer 3"). Symbols and numbers are
model.notation's: labels and the legend use ``short``, tooltips ``num``.
"""

from __future__ import annotations

import re

from model.notation import (
    activation_name,
    cost_text,
    edge_words,
    neuron_words,
    num,
    short,
    symbol,
)
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


def headline(view: StepView, n_steps: int, sample, batch: int,
             batch_cost: float | None = None) -> str:
    """The line under the caption: what the colours mean right now, and the batch cost C
    once the pass has computed it (``Session.batch_cost()``, as ``readout`` gives every panel)."""
    kinds = {q for q in view.neuron_quantity[1:] if q is not None} or {"a"}
    neurons = " and ".join(NEURON_QUANTITY[q] for q in sorted(kinds))
    parts = [f"Step {view.index + 1} of {n_steps}", f"Neurons: {neurons}",
             f"Edges: {EDGE_QUANTITY[view.edge_quantity]}", sample_text(sample, batch)]
    if batch_cost is not None:
        parts.append(cost_text("batch", batch_cost))
    return " · ".join(parts)


TITLE_FORMS = ("line", "stacked", "short")  # how layer titles are written, the most first
SHORT_WORDS = ("Layer", "neurons")  # a short row's words, said once before layer 1's


def layer_title(layer: int, sizes, activation_names, form: str = "line") -> tuple[str, str]:
    """("Layer 2 · sigmoid", "4 neurons"); the input and output layers say what they are.
    ``form`` "short" (columns too close for words): ("2", "4"), the rows' words
    (SHORT_WORDS) said once, before layer 1's; "stacked" is "line" parted by the chrome."""
    n_layers, n = len(sizes), sizes[layer - 1]
    if form == "short":
        return str(layer), str(n)
    count = f"{n} neuron{'s' if n != 1 else ''}"
    if layer == 1:
        return "Layer 1 · input", count
    act = activation_name(activation_names[layer - 2])
    if layer == n_layers:
        return f"Layer {layer} · output", f"{count} · {act}"
    return f"Layer {layer} · {act}", count


LABEL_DETAILS = ("full", "target", "name")  # what side labels say, the most first


def input_label(name: str, value: float, detail: str = "full") -> str:
    """"sepal length = −1.38" (``name`` as shortened by ``short_labels``; the tooltip has it
    whole); below ``detail`` "full" the name alone (the neuron shows its value)."""
    return f"{name} = {short(value)}" if detail == "full" else name


def is_symbol(name: str) -> bool:
    """Whether a target's name is only its symbol (y, y₁), not a class or a column name."""
    return bool(_TARGET_SYMBOL.fullmatch(name))


def output_label(name: str, target: float, output: float | None, detail: str = "full") -> str:
    """"y = 1   a = 0.734"; a class or column name (shortened by ``short_labels``) goes in
    front ("setosa:  y = 1 …"). ``detail`` "target" leaves a out (the neuron shows it),
    "name" says only the class or column."""
    if detail == "name" and not is_symbol(name):
        return name
    head = f"{name} = " if is_symbol(name) else f"{name}:  y = "
    tail = "" if output is None or detail != "full" else f"   a = {short(output)}"
    return f"{head}{short(target)}{tail}"


def neuron_tooltip(trace: Trace, view: StepView, layer: int, j: int, sample, batch: int,
                   activation_names, feature_names=(), target_names=()) -> str:
    """Exact z, a, δ and b of neuron j of ``layer`` at this step, or why one is missing;
    an input neuron's feature and an output neuron's class or target named in full."""
    where = sample_text(sample, batch)
    if layer == 1:
        x = symbol("x", None, j)
        name = feature_names[j] if j < len(feature_names) else f"{x}"
        named = "input" if name == f"{x}" else f"input: {name}"  # x₂ is said below
        return (f"{neuron_words(1, j).capitalize()} ({named}) · {where}\n"
                f"{symbol('a', 1, j)} = {x} = {num(view.input[j])}")
    lt = trace.layer(layer)
    kind, at = view.step.kind, view.step.layer
    forward_done = layer <= at if kind in (StepKind.INPUT, StepKind.FORWARD) else True
    delta_done = view.neuron_quantity[layer - 1] == "delta"

    def value(name: str, arr, known: bool) -> str:
        shown = num(pick(arr, sample)[j]) if known else NOT_YET
        return f"{symbol(name, layer, j)} = {shown}"

    act = activation_name(activation_names[layer - 2])
    output = layer == len(trace.layers) + 1
    name = target_names[j] if output and j < len(target_names) else ""
    named = f"{act}, {name}" if name and not is_symbol(name) else act
    lines = [f"{neuron_words(layer, j).capitalize()} ({named}) · {where}",
             value("z", lt.z, forward_done), value("a", lt.a, forward_done),
             value("δ", lt.delta, delta_done),
             f"{symbol('b', layer, j)} = {num(view.b(layer)[j])}"]
    if view.edge_quantity == "grad_w":
        lines.append(f"∂C/∂{symbol('b', layer, j)} = {num(lt.grad_biases[j])} (batch mean)")
    if output:
        lines.append(f"{symbol('y', None, j)} = {num(view.target[j])} (the target)")
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
