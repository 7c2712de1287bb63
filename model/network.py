"""A dense feedforward network in Nielsen's notation, with forward and backward side by side.

Layers are numbered 1..L, layer 1 the input. Python lists here hold the L − 1 non-input
layers, so ``weights[i]`` is W^(i+2). W^l has shape (n_l, n_(l−1)) and W^l[j, k] connects
neuron k of layer l−1 to neuron j of layer l. Batches are rows: a^l is (batch, n_l), so
z^l = a^(l−1) (W^l)ᵀ + b^l. Everything is float64 so every number shown is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.activations import Activation, get_activation
from model.errors import ValidationError
from model.losses import Loss, get_loss, output_delta
from model.validate import check_int, float_array

Array = np.ndarray

MAX_LAYER_SIZE = 10_000
MAX_LAYERS = 64
MAX_PARAMETERS = 5_000_000
INITIALISERS = ("small_random", "xavier", "he")


def layer_slot(layer: int, n_layers: int) -> int:
    """Where layer ``layer`` (2..L, as people count) sits in the lists of the L − 1 non-input
    layers (weights, biases, activations, trace layers): ``layer − 2``. Every accessor
    (``Network.W``, ``Trace.layer``, …) goes through here, so the arithmetic lives once.
    """
    if isinstance(layer, bool) or not isinstance(layer, int | np.integer) \
            or not 2 <= layer <= n_layers:
        raise IndexError(f"layer {layer!r} has no weights: the layers with parameters are "
                         f"2..{n_layers} (layer 1 is the input)")
    return int(layer) - 2


def init_std(name: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation initialiser ``name`` draws a layer's weights with."""
    if name == "small_random":
        return 0.1
    if name == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    return float(np.sqrt(2.0 / fan_in))  # he


def check_sizes(sizes: object, field: str = "network.layers") -> tuple[int, ...]:
    """Layer sizes as ints, refused before anything is allocated if absurd."""
    if not isinstance(sizes, list | tuple) or len(sizes) < 2:
        raise ValidationError(field, "needs at least 2 layer sizes (input and output)")
    if len(sizes) > MAX_LAYERS:
        raise ValidationError(field, f"{len(sizes)} layers; at most {MAX_LAYERS} are supported")
    for i, n in enumerate(sizes):
        check_int(f"{field}[{i}]", n, low=1, high=MAX_LAYER_SIZE)
    params = sum(int(a) * int(b) + int(b) for a, b in zip(sizes, sizes[1:], strict=False))
    if params > MAX_PARAMETERS:
        raise ValidationError(
            field, f"{params:,} parameters; at most {MAX_PARAMETERS:,} are supported"
        )
    return tuple(int(n) for n in sizes)


def check_activations(activations, n_layers: int) -> tuple[Activation, ...]:
    """σ of layers 2..L by name (one name: every layer), each allowed where it is."""
    if isinstance(activations, str):
        activations = [activations] * (n_layers - 1)
    if not isinstance(activations, list | tuple) or len(activations) != n_layers - 1:
        raise ValidationError(
            "network.activations",
            f"needs one activation per non-input layer ({n_layers - 1}), "
            f"got {activations!r}",
        )
    acts = tuple(
        get_activation(a, f"network.activations[{i}]") for i, a in enumerate(activations)
    )
    for i, act in enumerate(acts):
        if act.output_only and i != len(acts) - 1:
            raise ValidationError(
                f"network.activations[{i}]", f"{act.name} is only allowed on the output layer"
            )
        if not act.differentiable and len(acts) != 1:
            raise ValidationError(
                f"network.activations[{i}]",
                f"{act.name} is not differentiable, so it is only allowed in a single-layer "
                "perceptron (no hidden layers), which learns by the perceptron rule",
            )
    return acts


def _parameters(sizes: tuple[int, ...], init: str, seed: int, weights,
                biases) -> tuple[list[Array], list[Array]]:
    """The given weights and biases checked against ``sizes`` (biases default to zero), or
    weights drawn by ``init`` from ``seed`` with zero biases."""
    if init not in INITIALISERS:
        raise ValidationError(
            "network.init", f"unknown initialiser {init!r}; known: {', '.join(INITIALISERS)}"
        )
    if weights is None:
        if biases is not None:
            raise ValidationError("network.biases", "given without network.weights")
        rng = np.random.default_rng(seed)
        weights = [
            rng.normal(0.0, init_std(init, n_in, n_out), size=(n_out, n_in))
            for n_in, n_out in zip(sizes, sizes[1:], strict=False)
        ]
        return weights, [np.zeros(n) for n in sizes[1:]]
    weights = [
        float_array(w, f"network.weights[{i}]", (n_out, n_in))
        for i, (w, n_in, n_out) in enumerate(zip(_layer_list(weights, sizes, "weights"),
                                                 sizes, sizes[1:], strict=False))
    ]
    if biases is None:
        return weights, [np.zeros(n) for n in sizes[1:]]
    biases = [
        float_array(b, f"network.biases[{i}]", (n,))
        for i, (b, n) in enumerate(
            zip(_layer_list(biases, sizes, "biases"), sizes[1:], strict=False)
        )
    ]
    return weights, biases


@dataclass
class Network:
    """Parameters and functions of one network; ``forward``/``backward`` return plain arrays."""

    sizes: tuple[int, ...]
    activations: tuple[Activation, ...]  # σ of layers 2..L
    loss: Loss
    weights: list[Array]  # W^l: (n_l, n_(l−1))
    biases: list[Array]  # b^l: (n_l,)

    @classmethod
    def create(
        cls,
        sizes,
        activations,
        loss: str = "quadratic",
        init: str = "small_random",
        seed: int = 0,
        weights=None,
        biases=None,
    ) -> Network:
        """Validate the architecture and make parameters: from ``weights``/``biases`` or seeded.

        Raises ValidationError naming the field (``network.…``) for anything inconsistent.
        """
        sizes = check_sizes(sizes)
        acts = check_activations(activations, len(sizes))
        loss_obj = get_loss(loss, acts[-1], "network.loss")
        weights, biases = _parameters(sizes, init, seed, weights, biases)
        return cls(sizes, acts, loss_obj, weights, biases)

    @property
    def n_layers(self) -> int:
        """L, counting the input layer."""
        return len(self.sizes)

    def W(self, layer: int) -> Array:
        """W⁽ˡ⁾ for ``layer`` 2..L, (n_l, n_(l−1)); the array itself, not a copy."""
        return self.weights[layer_slot(layer, self.n_layers)]

    def b(self, layer: int) -> Array:
        """b⁽ˡ⁾ for ``layer`` 2..L, (n_l,)."""
        return self.biases[layer_slot(layer, self.n_layers)]

    def activation(self, layer: int) -> Activation:
        """The activation of ``layer`` 2..L."""
        return self.activations[layer_slot(layer, self.n_layers)]

    @property
    def is_perceptron(self) -> bool:
        return not self.activations[-1].differentiable

    def copy(self) -> Network:
        return Network(
            self.sizes, self.activations, self.loss,
            [w.copy() for w in self.weights], [b.copy() for b in self.biases],
        )

    # --- forward ---------------------------------------------------------------------------

    def forward(self, x: Array) -> tuple[list[Array], list[Array]]:
        """Feedforward: zs[i] = z^(i+2), activations[i] = a^(i+1); a¹ = x. Shapes (batch, n_l)."""
        a = np.asarray(x, dtype=float)
        zs, acts = [], [a]
        for w, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            z = a @ w.T + b
            a = act.fn(z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def predict(self, x: Array) -> Array:
        """a^L for inputs x: (batch, n_1) → (batch, n_L)."""
        return self.forward(x)[1][-1]

    # --- backward, beside it ---------------------------------------------------------------

    def backward(self, zs: list[Array], acts: list[Array], y: Array) -> list[Array]:
        """Per-sample deltas δ^l = ∂C_x/∂z^l for l = 2..L (BP1, then BP2 down the layers)."""
        if self.is_perceptron:
            raise ValueError(
                "the step activation is not differentiable: a perceptron learns by the "
                "perceptron rule, not by backpropagation"
            )
        deltas = [output_delta(self.loss, self.activations[-1], zs[-1], acts[-1], y)]
        for i in range(len(self.weights) - 2, -1, -1):
            act = self.activations[i]
            assert act.prime is not None  # softmax, without σ′, is only ever the output
            back = deltas[0] @ self.weights[i + 1]  # ((W^(l+1))ᵀ δ^(l+1)) per row
            deltas.insert(0, back * act.prime(zs[i], acts[i + 1]))
        return deltas

    @staticmethod
    def gradients(acts: list[Array], deltas: list[Array]) -> tuple[list[Array], list[Array]]:
        """BP3, BP4 as batch means: ∂C/∂b^l = mean δ^l, ∂C/∂W^l = mean δ^l (a^(l−1))ᵀ."""
        n = deltas[0].shape[0]
        grad_w = [d.T @ a_prev / n for d, a_prev in zip(deltas, acts[:-1], strict=True)]
        grad_b = [np.add.reduce(d, axis=0) / n for d in deltas]  # mean(axis=0), bit for bit
        return grad_w, grad_b

    def cost(self, x: Array, y: Array) -> float:
        """C over a batch (the data term; regularisation is the optimiser's)."""
        return self.loss.value(self.predict(x), np.asarray(y, dtype=float))


def _layer_list(value, sizes, what: str) -> list:
    if not isinstance(value, list | tuple) or len(value) != len(sizes) - 1:
        raise ValidationError(
            f"network.{what}", f"needs one entry per non-input layer ({len(sizes) - 1})"
        )
    return list(value)

