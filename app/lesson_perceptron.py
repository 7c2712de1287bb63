"""The perceptron lessons' state: the rule applied one presentation at a time.

The lesson player keeps a ``PerceptronState`` and replaces it at each action (``start``,
``point``, ``present``); the perceptron view draws it. ``values`` are its caption numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from app.lesson_captions import Number
from model.errors import ValidationError
from model.perceptron import PerceptronUpdate, answer
from model.session_file import check_keys
from model.validate import check_number, float_array


@dataclass(frozen=True)
class PerceptronState:
    """The perceptron at one moment of the rule. ``trail[0]`` is the starting (b, w1, w2),
    then one entry after each change, so old lines can be drawn faded."""

    x: np.ndarray  # (n, 2)
    y: np.ndarray  # (n,) 0/1
    w: np.ndarray  # (2,)
    b: float
    learning_rate: float
    update: PerceptronUpdate | None  # the presentation just made
    epoch: int  # 0-based: the epoch of the last presentation
    mistakes: int  # mistakes in that epoch so far
    converged: bool  # a whole epoch passed with no mistake
    presentations: int
    trail: tuple[tuple[float, float, float], ...]
    on_line: int = 0  # the class of a point with w·x + b = 0 (model.perceptron.answer)
    focus: int | None = None  # a point looked at without learning ("point"), or None

    @property
    def next_index(self) -> int:
        """The sample the next presentation shows."""
        return self.presentations % len(self.x)

    def answers(self) -> np.ndarray:
        """What the current line answers for every point, (n,) of 0/1."""
        return answer(self.x @ self.w + self.b, self.on_line)

    @property
    def errors(self) -> np.ndarray:
        """Which points the current line gets wrong, (n,) bool."""
        return self.answers() != self.y


def start(p: dict, weights=None, bias=None, learning_rate=None) -> PerceptronState:
    """The rule from scratch: the lesson's points, with its weights, bias and η unless given."""
    w = np.array(p["weights"] if weights is None else weights, dtype=float)
    b = float(p["bias"] if bias is None else bias)
    eta = p["learning_rate"] if learning_rate is None else learning_rate
    return PerceptronState(np.array(p["points"], dtype=float), np.array(p["labels"], float),
                           w, b, eta, None, 0, 0, False, 0, ((b, float(w[0]), float(w[1])),),
                           p.get("on_line", 0))


def look_at(p: PerceptronState, i: int) -> PerceptronState:
    """Point ``i`` is the one the captions and the panel talk about; nothing learns."""
    return replace(p, focus=i)


def present(p: PerceptronState) -> PerceptronState:
    """Show the next sample: f(x) = answer(w·x + b); if wrong, w ← w + η(y − f(x))x, b likewise."""
    i = p.next_index
    epoch, mistakes = (p.epoch + 1, 0) if i == 0 and p.presentations else (p.epoch, p.mistakes)
    x, y = p.x[i], p.y[i]
    before = np.array([[p.b, *p.w]])
    f = float(answer(before[0] @ np.r_[1.0, x], p.on_line))
    err = y - f
    w, b, trail = p.w, p.b, p.trail
    if err:
        mistakes += 1
        after = before + p.learning_rate * err * np.r_[1.0, x]
        b, w = float(after[0, 0]), after[0, 1:].copy()
        trail = (*trail, (b, float(w[0]), float(w[1])))
    else:
        after = before.copy()
    update = PerceptronUpdate(epoch, i, x.copy(), np.array([y]), np.array([f]), before, after)
    converged = p.converged or (i == len(p.x) - 1 and mistakes == 0)
    return PerceptronState(p.x, p.y, w, b, p.learning_rate, update, epoch, mistakes, converged,
                           p.presentations + 1, trail, p.on_line)


def epoch(p: PerceptronState) -> PerceptronState:
    """Present to the end of the current epoch (a whole epoch at its start)."""
    p = present(p)
    while p.next_index != 0:
        p = present(p)
    return p


def until_converged(p: PerceptronState, max_epochs: int) -> PerceptronState:
    """Finish the epoch, then whole epochs until one has no mistake (at most ``max_epochs``)."""
    if p.next_index:
        p = epoch(p)
    for _ in range(max_epochs):
        if p.converged:
            break
        p = epoch(p)
    return p


def values(p: PerceptronState) -> dict:
    """The caption numbers (docs/formats.md): the weights, the epoch, and the point in focus —
    the one looked at, or the last presented with the weights its answer used."""
    out = {"w1": Number(p.w[0]), "w2": Number(p.w[1]), "b": Number(p.b),
           "eta": Number(p.learning_rate), "epoch": p.epoch + 1, "mistakes": p.mistakes,
           "presentations": p.presentations, "changes": len(p.trail) - 1,
           **{k: Number(float("nan")) for k in ("sample", "x1", "x2", "y", "f", "wx", "score")}}
    if p.focus is not None:
        i, w, b = p.focus, p.w, p.b
        f = int(p.answers()[i])
    elif p.update is not None:
        i, (b, *w) = p.update.index, p.update.weights_before[0]
        f = int(p.update.prediction[0])
    else:
        return out
    x = p.x[i]
    wx = float(np.dot(w, x))
    out.update(sample=i + 1, x1=Number(x[0]), x2=Number(x[1]), y=int(p.y[i]), f=f,
               wx=Number(wx), score=Number(wx + b))
    return out


# --- a lesson file's "perceptron" section -----------------------------------------------

_PERCEPTRON_KEYS = {"points", "labels", "weights", "bias", "learning_rate", "on_line"}


def parse_perceptron(obj) -> dict:
    """A perceptron lesson's start (app.lessons): points, labels, weights, bias, η, on_line."""
    check_keys("perceptron", obj, _PERCEPTRON_KEYS, required=("points", "labels", "weights"))
    points = float_array(obj["points"], "perceptron.points", (None, 2))
    if not 1 <= len(points) <= 1000:
        raise ValidationError("perceptron.points", f"needs 1 to 1,000 points, got {len(points)}")
    labels = float_array(obj["labels"], "perceptron.labels", (len(points),))
    if not all(v in (0.0, 1.0) for v in labels):
        raise ValidationError("perceptron.labels", "each label must be 0 or 1")
    weights = float_array(obj["weights"], "perceptron.weights", (2,))
    return {
        "points": points,
        "labels": labels,
        "weights": weights,
        "bias": check_number("perceptron.bias", obj.get("bias", 0.0), low=-1e6, high=1e6),
        "learning_rate": check_number("perceptron.learning_rate",
                                      obj.get("learning_rate", 1.0), low=0.0, open_low=True,
                                      high=1e6),
        "on_line": _on_line("perceptron.on_line", obj.get("on_line", 0)),
    }


def _on_line(field, v):
    """The class of a point exactly on the line, w·x + b = 0 (model.perceptron.answer)."""
    if isinstance(v, bool) or v not in (0, 1):
        raise ValidationError(field, f"must be 0 (f = 1 when w·x + b > 0) or 1 (when "
                                     f"w·x + b ≥ 0), got {v!r}")
    return int(v)
