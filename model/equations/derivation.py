"""``explain``: the Inspector's text for one step of a trace and one neuron (or edge).

The step kind picks its builder (forward.py, backward.py, update.py); each fills the
substituted lines and says whose numbers they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.equations.backward import backward_lines, gradient_lines, output_error_lines
from model.equations.forward import forward_lines, input_lines, loss_lines
from model.equations.lines import Context, Lines
from model.equations.update import update_lines
from model.mathtext import Math
from model.trace import StepKind, Trace

BP_TITLES = ("output error", "hidden layers", "bias gradient", "weight gradient")


@dataclass(frozen=True)
class Explanation:
    """What the inspector shows at one step for one neuron (or edge) and sample.

    The texts are math text (model.mathtext.Math): ``str`` as the app shows them, and
    ``.latex()`` for TeX (the caption and symbolic equation come from the step itself).
    """

    caption: str
    symbolic: str  # the step's equation, over whole layers
    subject: Math  # whose numbers: "for neuron 1 of layer 2, sample 1"
    substituted: tuple[Math, ...]  # each line ends in "= value"
    bp: tuple[int, ...]  # which of BP1..BP4 the step applies
    values: dict[str, float]  # the exact last number of each line, in line order
    note: Math = Math()  # what the numbers mean when the equation cannot be shown exactly
    neuron: tuple[int, int] = (1, 0)  # (layer, j) the lines are about, j 0-based
    edge: tuple[int, int, int] | None = None


_BUILDERS = {StepKind.INPUT: input_lines, StepKind.FORWARD: forward_lines,
             StepKind.LOSS: loss_lines, StepKind.OUTPUT_ERROR: output_error_lines,
             StepKind.BACKWARD: backward_lines, StepKind.GRADIENTS: gradient_lines,
             StepKind.UPDATE: update_lines}


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
    ctx = Context(trace, sample, network, settings)
    sizes = layer_sizes(trace)
    if neuron is not None and not _fits(sizes, neuron):
        neuron = None
    if edge is not None and not (_fits(sizes, edge[:2]) and _fits(sizes, (edge[0] - 1, edge[2]))):
        edge = None
    (l, j), edge = target(step, ctx.big_l, neuron, edge)
    lines = Lines()
    subject, note = _BUILDERS[step.kind](ctx, l, j, edge, lines)
    return Explanation(step.caption, step.equation, subject, tuple(lines.text), step.bp,
                       lines.values, note, (l, j), edge)


def layer_sizes(trace: Trace) -> list[int]:
    """n₁, …, n_L of the trace's network."""
    return [trace.input.shape[1], *(lt.a.shape[1] for lt in trace.layers)]


def _fits(sizes: list[int], neuron: tuple[int, int]) -> bool:
    return 1 <= neuron[0] <= len(sizes) and 0 <= neuron[1] < sizes[neuron[0] - 1]


def target(step, big_l: int, neuron, edge):
    """((layer, j), edge) that ``step`` explains for this selection (see ``explain``)."""
    chosen = (edge[0], edge[1]) if edge is not None else neuron
    if step.layer is not None:
        if chosen is not None and chosen[0] == step.layer:
            return chosen, edge if edge is not None and edge[0] == step.layer else None
        return (step.layer, 0), None
    if chosen is not None and chosen[0] >= 2:
        return chosen, edge
    return (big_l, 0), None
