"""What the diagram shows at one step of an iteration: pure numbers, decided once, here.

Rules (DESIGN.md, issue 3):
- forward steps colour neurons by their activation a; layers not yet computed are empty;
- backward steps (output error, BP2, gradients, update) colour neurons by their delta δ;
  layers whose δ is not computed yet are empty; the input layer keeps showing x (it has no δ);
- edges carry the weights in force (before the update) until ∂C/∂w exists, then the
  gradients ∂C/∂w during the gradients and update steps; BP2 steps show the weights that
  δ flows back through.
- the sample shown is one sample of the mini-batch, or the batch mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from model.errors import ValidationError
from model.network import layer_slot
from model.trace import Step, StepKind, Trace

Array = np.ndarray

MEAN = "mean"

NeuronQuantity = Literal["a", "delta"]  # what colours a layer's neurons: a, or δ = ∂C/∂z
EdgeQuantity = Literal["w", "grad_w"]  # what the edges carry: the weights w, or ∂C/∂w


@dataclass(frozen=True)
class StepView:
    """Per layer 1..L (list index 0 is layer 1) what to draw, for one sample or the mean."""

    index: int
    step: Step
    neuron_quantity: tuple[NeuronQuantity | None, ...]  # None: the layer is empty
    neuron_values: tuple[Array | None, ...]  # (n_l,) per layer, None where empty
    edge_quantity: EdgeQuantity
    edge_values: tuple[Array, ...]  # per non-input layer, (n_l, n_(l−1))
    weights: tuple[Array, ...]  # the parameters in force at this step
    biases: tuple[Array, ...]
    input: Array  # x shown beside the input neurons, (n_1,)
    target: Array  # y shown beside the outputs, (n_L,)
    output: Array | None  # a^L once computed, (n_L,)
    loss: float | None  # C of the batch once computed

    def W(self, l: int) -> Array:
        """W⁽ˡ⁾ in force at this step (after the update on the update step), l = 2..L."""
        return self.weights[layer_slot(l, len(self.neuron_values))]

    def b(self, l: int) -> Array:
        return self.biases[layer_slot(l, len(self.neuron_values))]

    def edges(self, l: int) -> Array:
        """What the edges into layer l (2..L) carry at this step: w or ∂C/∂w."""
        return self.edge_values[layer_slot(l, len(self.neuron_values))]


def pick(values: Array, sample: int | str) -> Array:
    """Row ``sample`` of a (batch, n) array, or the batch mean."""
    if sample == MEAN:
        return values.mean(axis=0)
    return values[sample]


def step_view(trace: Trace, index: int, sample: int | str = 0) -> StepView:
    """The view of step ``index`` of ``trace`` for one sample (0-based within the batch)."""
    step = trace.steps[index]
    n_layers = len(trace.layers) + 1
    kind = step.kind
    quantity: list[NeuronQuantity | None] = [None] * n_layers
    values: list[Array | None] = [None] * n_layers
    quantity[0], values[0] = "a", pick(trace.input, sample)
    at = n_layers if step.layer is None else step.layer  # None: a step over all layers
    if kind in (StepKind.INPUT, StepKind.FORWARD, StepKind.LOSS):
        top = n_layers if kind == StepKind.LOSS else at
        for layer in range(2, top + 1):
            quantity[layer - 1] = "a"
            values[layer - 1] = pick(trace.layer(layer).a, sample)
    else:
        low = at if kind in (StepKind.OUTPUT_ERROR, StepKind.BACKWARD) else 2
        for layer in range(low, n_layers + 1):
            quantity[layer - 1] = "delta"
            values[layer - 1] = pick(trace.layer(layer).delta, sample)
    gradients = kind in (StepKind.GRADIENTS, StepKind.UPDATE)
    after = kind == StepKind.UPDATE
    output_known = kind not in (StepKind.INPUT, StepKind.FORWARD) or step.layer == n_layers
    return StepView(
        index=index,
        step=step,
        neuron_quantity=tuple(quantity),
        neuron_values=tuple(values),
        edge_quantity="grad_w" if gradients else "w",
        edge_values=tuple(lt.grad_weights for lt in trace.layers) if gradients
        else tuple(trace.weights_before),
        weights=tuple(trace.weights_after if after else trace.weights_before),
        biases=tuple(trace.biases_after if after else trace.biases_before),
        input=pick(trace.input, sample),
        target=pick(trace.target, sample),
        output=pick(trace.layers[-1].a, sample) if output_known else None,
        loss=trace.loss if kind not in (StepKind.INPUT, StepKind.FORWARD) else None,
    )


def forward_end(trace: Trace) -> int:
    """Index of the loss step: where "finish pass" lands from inside the forward pass."""
    return next(i for i, s in enumerate(trace.steps) if s.kind == StepKind.LOSS)


def backward_end(trace: Trace) -> int:
    """Index of the gradients step: where "finish pass" lands from inside the backward pass."""
    return next(i for i, s in enumerate(trace.steps) if s.kind == StepKind.GRADIENTS)


def check_steppable(net) -> None:
    """Refuse a network the step model cannot walk through (a step-activation perceptron)."""
    if net.is_perceptron:
        raise ValidationError(
            "network.activations", "a perceptron with the step activation learns by the "
            "perceptron rule, not by backpropagation, and the window's step-through does not "
            "show it yet; use `python main.py trace` or `train` for it, or a sigmoid output")
