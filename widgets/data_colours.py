"""How the Data dock colours the input plane and its points (plain numpy, so tests read numbers).

Three ways, after TensorFlow Playground:

* binary classification (one output): the diverging map centred on the decision threshold
  (0.5 for an output in [0, 1], 0 for tanh and other outputs symmetric about 0), so orange
  is "class 0" and blue "class 1", and grey is "undecided";
* several classes (softmax): the winning class's colour from a qualitative, colour-blind-safe
  palette, pale where the network is unsure (confidence 1/K) and full where it is certain;
* regression: the diverging map over the targets' symmetric range.

Non-finite outputs are magenta (``NON_FINITE_RGB``), never an ordinary colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from widgets.colormap import NON_FINITE_RGB, Scale, to_rgb

# Okabe & Ito's colour-blind-safe set (black left out: it is the batch rings' ink), then
# three of Tableau's for the 8th to 10th class; beyond ten classes the colours repeat.
PALETTE = np.array([
    (230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178),
    (213, 94, 0), (204, 121, 167), (156, 117, 95), (186, 176, 172), (255, 157, 167),
], dtype=np.uint8)
WHITE = np.array([255.0, 255.0, 255.0])
N_CONTOURS = 7  # regression: levels strictly inside the targets' range


@dataclass(frozen=True)
class OutputStyle:
    """What the network's output means on the plane and how it becomes colour."""

    kind: str  # "binary", "multiclass" or "regression"
    scale: Scale  # binary: around the threshold (shifted to 0); regression: the targets'
    threshold: float = 0.0  # binary: output value at the decision boundary
    n_classes: int = 0


def output_style(problem: str, activation, n_out: int, targets: np.ndarray) -> OutputStyle:
    """The style for a network whose output layer is ``activation`` (an Activation)."""
    if problem == "classification" and n_out > 1:
        return OutputStyle("multiclass", Scale(-1.0, 1.0), n_classes=n_out)
    if problem == "classification":
        low, high = activation.value_range
        if math.isfinite(low) and math.isfinite(high) and low == -high:
            return OutputStyle("binary", Scale(-high, high), threshold=0.0, n_classes=2)
        return OutputStyle("binary", Scale(-0.5, 0.5), threshold=0.5, n_classes=2)
    return OutputStyle("regression", Scale.symmetric(targets[:, 0] if len(targets) else 0.0))


def class_colours(n: int) -> np.ndarray:
    """(n, 3) uint8: class i's colour in the qualitative palette."""
    return PALETTE[np.arange(n) % len(PALETTE)]


def binary_end_colours() -> np.ndarray:
    """(2, 3) uint8: class 0 and class 1, the two ends of the diverging map."""
    return to_rgb(np.array([-1.0, 1.0]), Scale(-1.0, 1.0))


def output_rgb(output: np.ndarray, style: OutputStyle, discretise: bool = False) -> np.ndarray:
    """Colours (res, res, 3) uint8 for the output layer over the grid (res, res, n_L)."""
    finite = np.isfinite(output).all(axis=-1)
    if style.kind == "binary":
        v = output[..., 0] - style.threshold
        if discretise:
            v = np.where(v >= 0, style.scale.high, style.scale.low)
        rgb = to_rgb(np.where(finite, v, np.nan), style.scale)
    elif style.kind == "regression":
        rgb = to_rgb(np.where(finite, output[..., 0], np.nan), style.scale)
    else:
        safe = np.where(finite[..., None], output, 0.0)
        winner = np.argmax(safe, axis=-1)
        colour = class_colours(style.n_classes)[winner].astype(float)
        if discretise:
            t = np.ones(winner.shape)
        else:
            chance = 1.0 / style.n_classes
            t = np.clip((safe.max(axis=-1) - chance) / (1.0 - chance), 0.0, 1.0)
        rgb = np.rint(WHITE + (colour - WHITE) * t[..., None]).astype(np.uint8)
    rgb = np.array(rgb, dtype=np.uint8)
    rgb[~finite] = NON_FINITE_RGB
    return rgb


def point_rgb(targets: np.ndarray, style: OutputStyle) -> np.ndarray:
    """(n, 3) uint8: each point's colour from its target row (class, or value)."""
    if len(targets) == 0:
        return np.zeros((0, 3), dtype=np.uint8)
    if style.kind == "binary":
        return binary_end_colours()[(targets[:, 0] >= 0.5).astype(np.intp)]
    if style.kind == "multiclass":
        return class_colours(style.n_classes)[np.argmax(targets, axis=1)]
    return to_rgb(targets[:, 0], style.scale)


def contour_levels(style: OutputStyle) -> np.ndarray:
    """Regression: evenly spaced output levels strictly inside the targets' range."""
    return np.linspace(style.scale.low, style.scale.high, N_CONTOURS + 2)[1:-1]


def hex_colour(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgb))


