"""Caption placeholders (docs/formats.md, "Caption placeholders"): which names each view fills
in, how a caption's number prints, and the check made when a lesson loads.

A placeholder is a name (``{train_cost}``) or, for a quantity of one neuron, weight or cost,
the name indexed as its symbol is read, 1-based: ``{w[3][1][2]}`` is w₁₂⁽³⁾, ``{delta[2][1]}``
is δ₁⁽²⁾, ``{sample_cost[cross_entropy]}`` the sample's cost had the loss been cross-entropy.
Loading checks every index against the lesson's network, so a caption that loads prints a
number at every step.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable

from model.activations import ACTIVATIONS
from model.errors import ValidationError
from model.losses import LOSSES, get_loss
from model.notation import MINUS, formatted

# Placeholders a caption may use, per view (the player fills them in; docs/formats.md).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "network": ("batch_cost", "train_cost", "test_cost", "train_accuracy", "test_accuracy",
                "train_r2", "test_r2", "best_test_cost", "best_epoch", "epoch",
                "iteration", "iterations", "per_epoch", "batch_size", "eta", "layers",
                "parameters", "z", "a", "slope", "delta", "w", "b", "dw", "db", "output",
                "target", "sample_cost", "output_error", "h", "nudged_cost",
                "numeric", "difference", "mean_delta", "init_sd", "chance_cost",
                "start_train_cost"),
    "perceptron": ("w1", "w2", "b", "eta", "epoch", "mistakes", "presentations", "changes",
                   "sample", "x1", "x2", "y", "f", "wx", "score"),
    "activations": ("saturation_slope", "flat_slope", "saturated_at", "flat_at"),
    "descent": ("x", "fx", "slope", "previous_x", "previous_slope", "move", "n", "x0", "eta",
                "centre", "factor", "precision", "max_steps"),
}

# Names the format had before the costs got one name each (docs/formats.md): refused, with
# the new name said, so an old lesson file is easy to put right.
RENAMED = {"loss": "batch_cost", "train_loss": "train_cost", "test_loss": "test_cost",
           "accuracy": "train_accuracy", "sample_loss": "sample_cost"}

# Network quantities that may be indexed, and by what: a neuron [l][j] of layers 2..L (or
# 1..L for activations), a weight [l][j][k], or a loss [name]. The last four need an index.
INDEXED = {"z": "neuron", "slope": "neuron", "delta": "neuron", "b": "neuron", "db": "neuron",
           "a": "activation", "w": "edge", "dw": "edge", "sample_cost": "loss",
           "output_error": "loss", "mean_delta": "layer", "init_sd": "layer"}
NEEDS_INDEX = ("w", "b", "dw", "db", "mean_delta", "init_sd")
# In the activations view, quantities of one plotted function: {saturated_at[tanh]}.
FUNCTION_INDEXED = {"saturated_at": "function", "flat_at": "function"}
_DEPTH = {"neuron": 2, "activation": 2, "edge": 3, "loss": 1, "layer": 1, "function": 1}
_FIELD = re.compile(r"([A-Za-z_]\w*)((?:\[[^\[\]]*\])*)")


class Number(float):
    """A caption number: plain ``{x}`` prints up to 7 significant digits (3.882384, 0.25),
    ``{x:.3f}`` formats as Python does, both typeset by model.notation.formatted (true minus,
    × 10ⁿ, and a nonzero value never rounded to 0.000); NaN (none) prints "–". A spec that
    starts with "(" puts a negative in parentheses, for a factor in a product: ``{x:(.4f}``
    prints (−0.1396)."""

    def __format__(self, spec: str) -> str:
        if math.isnan(self):
            return "–"  # nothing to show (no neuron selected, no test data, …)
        factor = spec.startswith("(")
        text = formatted(self, spec.removeprefix("(") or ".7g")
        return f"({text})" if factor and text.startswith(MINUS) else text


class Indexed(Number):
    """A caption quantity that is also read like its symbol: ``{delta}`` prints the selected
    neuron's δ, ``{delta[3][1]}`` is δ₁⁽³⁾. ``read(*keys)`` gets the value once ``depth``
    keys are given (layers as numbered, neurons 1-based, loss names)."""

    _read: Callable[..., float]
    _depth: int
    _keys: tuple

    def __new__(cls, value: float, read: Callable[..., float], depth: int,
                keys: tuple = ()) -> Indexed:
        obj = super().__new__(cls, value)
        obj._read, obj._depth, obj._keys = read, depth, keys
        return obj

    def __getitem__(self, key) -> Number:
        keys = (*self._keys, key)
        if len(keys) == self._depth:
            return Number(self._read(*keys))
        return Indexed(math.nan, self._read, self._depth, keys)


def check_caption(field: str, caption: str, view: str, spec=None) -> None:
    """Every {placeholder} is one the view fills in, indexed only where it may be and within
    the lesson's network (``spec``), and its format spec works on a number."""
    allowed = PLACEHOLDERS[view]
    try:
        parts = list(string.Formatter().parse(caption))
    except ValueError as err:
        raise ValidationError(field, f"bad braces ({err}); write {{{{ and }}}} for literal "
                                     "braces") from None
    for _, name, fmt, conversion in parts:
        if name is None:
            continue
        match = _FIELD.fullmatch(name)
        base = match[1] if match else name
        index_text = match[2] if match else ""
        if base not in allowed:
            new = RENAMED.get(base)
            if new in allowed:
                raise ValidationError(field, f"unknown placeholder {{{name}}}: it is now "
                                             f"{{{new}}} (the costs have one name each)")
            words = ", ".join(f"{{{p}}}" for p in allowed) or "none in this view"
            raise ValidationError(field, f"unknown placeholder {{{name}}}; known: {words}")
        keys = re.findall(r"\[([^\]]*)\]", index_text)
        if keys or (view == "network" and base in NEEDS_INDEX) or base in FUNCTION_INDEXED:
            _check_index(field, name, base, keys, view, spec)
        try:
            format(Number(1.5), fmt or "")
        except ValueError:
            raise ValidationError(field, f"bad format {fmt!r} for {{{name}}}") from None
        if conversion:
            raise ValidationError(field, f"{{{name}!{conversion}}}: conversions are not allowed")


def _check_index(field: str, name: str, base: str, keys: list[str], view: str, spec) -> None:
    kind = {"network": INDEXED, "activations": FUNCTION_INDEXED}.get(view, {}).get(base)
    if kind is None:
        raise ValidationError(field, f"{{{name}}}: {{{base}}} takes no index")
    depth = _DEPTH[kind]
    if len(keys) != depth:
        example = {"neuron": "[3][1]", "activation": "[2][1]", "edge": "[3][1][2]",
                   "loss": "[cross_entropy]", "layer": "[2]", "function": "[sigmoid]"}[kind]
        raise ValidationError(field, f"{{{name}}}: write {{{base}{example}}} ({depth} "
                                     f"{'index' if depth == 1 else 'indices'})")
    if kind == "function":
        if keys[0] not in ACTIVATIONS or ACTIVATIONS[keys[0]].prime is None:
            known = ", ".join(n for n, a in ACTIVATIONS.items() if a.prime is not None)
            raise ValidationError(field, f"{{{name}}}: unknown function {keys[0]!r} (known: "
                                         f"{known})")
        return
    net = spec.network
    if kind == "loss":
        try:
            get_loss(keys[0], net.activations[-1])
        except ValidationError as err:
            known = ", ".join(LOSSES)
            raise ValidationError(field, f"{{{name}}}: {err.problem} (known: {known})") from None
        return
    if not all(k.isdigit() for k in keys):
        raise ValidationError(field, f"{{{name}}}: indices are whole numbers")
    layer, *neurons = (int(k) for k in keys)
    sizes = net.sizes
    first = 1 if kind == "activation" else 2
    if not first <= layer <= len(sizes):
        raise ValidationError(field, f"{{{name}}}: layer {layer} is not one of "
                                     f"{first}..{len(sizes)}")
    for n, size, what in zip(neurons, (sizes[layer - 1], sizes[layer - 2]), ("j", "k"),
                             strict=False):
        if not 1 <= n <= size:
            raise ValidationError(field, f"{{{name}}}: {what} = {n} is not one of 1..{size}")
