"""One training iteration as a trace: every array of the forward and backward pass, plus the
ordered, named steps of DESIGN.md that the app's cursor moves over.

The steps of an iteration, for a network with layers 1..L:
input (l=1) · forward l=2..L · loss (L) · output_error (L, BP1) · backward l=L−1..2 (BP2)
· gradients (BP3, BP4) · update.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np

from model.mathtext import m, words
from model.network import Network, layer_slot
from model.notation import (
    BIAS_GRADIENT,
    WEIGHT_GRADIENT,
    activation_name,
    backward_equation,
    derivative,
    forward_equation,
    output_error_equation,
    symbol,
)
from model.optimizers import Optimizer

Array = np.ndarray


class StepKind(StrEnum):
    """The kinds of step, in the order an iteration takes them; the values are the trace
    file's "kind" strings, so a member compares and serialises as its string."""

    INPUT = "input"
    FORWARD = "forward"
    LOSS = "loss"
    OUTPUT_ERROR = "output_error"
    BACKWARD = "backward"
    GRADIENTS = "gradients"
    UPDATE = "update"


STEP_KINDS = tuple(StepKind)


@dataclass(frozen=True)
class Step:
    """One named step: which layer it computes, which BP equations it applies, what to say."""

    kind: StepKind
    layer: int | None  # 1..L in Nielsen's numbering; None for steps over all layers
    caption: str  # one line, for a lecture (a model.mathtext.Math: it can be LaTeX too)
    equation: str  # symbolic (a Math too)
    bp: tuple[int, ...] = ()  # which of BP1..BP4 this step applies

    def to_dict(self) -> dict:
        return {"kind": self.kind.value, "layer": self.layer, "caption": self.caption,
                "equation": self.equation, "bp": list(self.bp)}


@dataclass(frozen=True)
class LayerTrace:
    """Arrays of one non-input layer l for a batch: per-sample z, a, δ; batch-mean gradients."""

    z: Array  # (batch, n_l)
    a: Array  # (batch, n_l)
    delta: Array  # (batch, n_l), ∂C_x/∂z^l per sample
    grad_weights: Array  # (n_l, n_(l−1)), ∂C/∂W^l
    grad_biases: Array  # (n_l,), ∂C/∂b^l


@dataclass(frozen=True)
class Trace:
    """Everything one iteration computed. ``layers[i]`` is layer i + 2."""

    input: Array  # a¹ = x, (batch, n_1)
    target: Array  # y, (batch, n_L)
    layers: list[LayerTrace]
    loss: float  # C on this batch before the update (data term)
    penalty: float  # regulariser's term before the update
    weights_before: list[Array]
    biases_before: list[Array]
    weights_after: list[Array]
    biases_after: list[Array]
    steps: tuple[Step, ...]

    @property
    def n_layers(self) -> int:
        """L, counting the input layer."""
        return len(self.layers) + 1

    def layer(self, l: int) -> LayerTrace:
        """The arrays of layer ``l`` (2..L)."""
        return self.layers[layer_slot(l, self.n_layers)]

    def a(self, l: int) -> Array:
        """a⁽ˡ⁾ for l = 1..L, (batch, n_l): the input x for l = 1."""
        return self.input if l == 1 else self.layer(l).a

    def W_before(self, l: int) -> Array:
        """W⁽ˡ⁾ in force during this iteration (before its update), l = 2..L."""
        return self.weights_before[layer_slot(l, self.n_layers)]

    def b_before(self, l: int) -> Array:
        return self.biases_before[layer_slot(l, self.n_layers)]

    def W_after(self, l: int) -> Array:
        """W⁽ˡ⁾ after this iteration's update, l = 2..L."""
        return self.weights_after[layer_slot(l, self.n_layers)]

    def b_after(self, l: int) -> Array:
        return self.biases_after[layer_slot(l, self.n_layers)]

    def to_json(self) -> dict:
        """The trace file's content (docs/formats.md): plain lists, batch-major."""
        return {
            "loss": self.loss,
            "penalty": self.penalty,
            "input": self.input.tolist(),
            "target": self.target.tolist(),
            "layers": [
                {"layer": i + 2, "z": lt.z.tolist(), "a": lt.a.tolist(),
                 "delta": lt.delta.tolist(), "grad_weights": lt.grad_weights.tolist(),
                 "grad_biases": lt.grad_biases.tolist()}
                for i, lt in enumerate(self.layers)
            ],
            "before": {"weights": [w.tolist() for w in self.weights_before],
                       "biases": [b.tolist() for b in self.biases_before]},
            "after": {"weights": [w.tolist() for w in self.weights_after],
                      "biases": [b.tolist() for b in self.biases_after]},
            "steps": [s.to_dict() for s in self.steps],
        }


def descend(net: Network, optimizer: Optimizer, x: Array, y: Array):
    """Forward, loss, BP1–BP4 and the update on one mini-batch; updates ``net`` in place.

    Returns (zs, acts, loss, deltas, grad_w, grad_b). ``iterate`` packs them into a Trace;
    training at full speed keeps only the loss. Both run this one function, so an
    iteration replayed without its trace changes the parameters bit for bit as it did.
    """
    zs, acts = net.forward(x)
    loss = net.loss.value(acts[-1], y)
    deltas = net.backward(zs, acts, y)
    grad_w, grad_b = net.gradients(acts, deltas)
    optimizer.apply(net.weights, net.biases, grad_w, grad_b)
    return zs, acts, loss, deltas, grad_w, grad_b


def iterate(net: Network, optimizer: Optimizer, x: Array, y: Array) -> Trace:
    """Forward, backward and update on one mini-batch; updates ``net`` in place."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    weights_before = [w.copy() for w in net.weights]
    biases_before = [b.copy() for b in net.biases]
    penalty = optimizer.penalty(net.weights)
    zs, acts, loss, deltas, grad_w, grad_b = descend(net, optimizer, x, y)
    layers = [
        LayerTrace(z, a, d, gw, gb)
        for z, a, d, gw, gb in zip(zs, acts[1:], deltas, grad_w, grad_b, strict=True)
    ]
    return Trace(
        x, y, layers, loss, penalty, weights_before, biases_before,
        [w.copy() for w in net.weights], [b.copy() for b in net.biases],
        build_steps(net, optimizer.settings.update_equation()),
    )


def build_steps(net: Network, update_equation: str) -> tuple[Step, ...]:
    """The ordered step list for this network (cached: it only depends on the architecture)."""
    return _steps(net.sizes, tuple(a.name for a in net.activations), net.loss.name,
                  net.loss.formula, update_equation)


@lru_cache(maxsize=64)
def _steps(sizes: tuple[int, ...], acts: tuple[str, ...], loss: str, loss_formula: str,
           update_eq: str):
    n_layers = len(sizes)
    act_of = dict(enumerate(acts, start=2))  # layer 2..L → its activation's name
    steps = [Step(StepKind.INPUT, 1,
                  "Input: the sample's features are placed on the input neurons.",
                  m(symbol("a", 1), " = ", "x"))]
    for layer in range(2, n_layers + 1):
        act = act_of[layer]
        steps.append(Step(
            StepKind.FORWARD, layer,
            f"Forward, layer {layer}: weigh the previous activations, add the bias, "
            f"apply {activation_name(act)}.",
            forward_equation(layer, act),
        ))
    steps.append(Step(StepKind.LOSS, n_layers, "Loss: compare the output with the target.",
                      loss_formula))
    steps.append(Step(
        StepKind.OUTPUT_ERROR, n_layers,
        "Output error (BP1): how much the cost changes with each output's weighted input.",
        output_error_equation(n_layers, acts[-1], loss), (1,),
    ))
    for layer in range(n_layers - 1, 1, -1):
        prime = derivative(act_of[layer], symbol("z", layer))
        steps.append(Step(
            StepKind.BACKWARD, layer,
            m(words(f"Backward, layer {layer} (BP2): pass the error back through the weights, "
                    "scaled by "), prime, words(".")),
            backward_equation(layer, act_of[layer]), (2,),
        ))
    steps.append(Step(
        StepKind.GRADIENTS, None,
        m(words("Gradients (BP3, BP4): each bias gets "), symbol("δ"),
          words(", each weight gets input activation"), " × ", symbol("δ"),
          words(", averaged over the batch.")),
        m(BIAS_GRADIENT, ",   ", WEIGHT_GRADIENT), (3, 4),
    ))
    steps.append(Step(StepKind.UPDATE, None,
                      "Update: step every weight and bias against its gradient.", update_eq))
    return tuple(steps)
