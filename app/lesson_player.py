"""Plays a lesson: applies its steps' actions, one per Next, and says each step's caption.

A "network" lesson drives the app's Session (open the lesson's session, step, select,
train …). The other views have no Session: the player keeps their state itself
(``perceptron``, ``activations``, ``descent``) and the lesson views draw it. ``previous()``
and ``go_to()`` replay the lesson from its start to the step asked for: every action is
deterministic, so the state is exactly the one first shown there.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PySide6 import QtCore

from app.lessons import Lesson, Number, load_lesson
from model.activations import ACTIVATIONS
from model.descent1d import parabola, parabola_prime
from model.metrics import Score
from model.perceptron import PerceptronUpdate, step

SATURATION_SLOPE = 0.05  # a fifth of the sigmoid's best slope: below it a neuron hardly learns
# (the lesson views shade the same region: widgets/lesson_views/activations.py)


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

    @property
    def next_index(self) -> int:
        """The sample the next presentation shows."""
        return self.presentations % len(self.x)

    @property
    def errors(self) -> np.ndarray:
        """Which points the current line gets wrong, (n,) bool."""
        return step(self.x @ self.w + self.b) != self.y


@dataclass(frozen=True)
class ActivationsState:
    functions: tuple[str, ...]  # model.activations names
    derivative: bool
    z_range: tuple[float, float]
    mark: str | None  # "saturation" or None

    def saturated(self, name: str, z: np.ndarray) -> np.ndarray:
        """Where ``name`` is saturated: |σ′(z)| < SATURATION_SLOPE (the region "saturation"
        marks; for the sigmoid |z| > 2.9, for tanh |z| > 2.2). The step has no usable slope."""
        act = ACTIVATIONS[name]
        z = np.asarray(z, dtype=float)
        if act.prime is None:
            return np.ones(z.shape, dtype=bool)
        return np.abs(act.prime(z, act.fn(z))) < SATURATION_SLOPE


@dataclass(frozen=True)
class DescentState:
    """Gradient descent on f(x) = (x − centre)²; ``xs[0]`` is x₀."""

    centre: float
    learning_rate: float
    xs: tuple[float, ...]

    @property
    def x(self) -> float:
        return self.xs[-1]

    @property
    def diverging(self) -> bool:
        """The last iteration moved x further from the minimum."""
        return len(self.xs) > 1 and abs(self.xs[-1] - self.centre) > abs(self.xs[-2] - self.centre)


class LessonPlayer(QtCore.QObject):
    """The open lesson, the index of the step shown and the non-network views' state."""

    changed = QtCore.Signal()  # index, caption or a view's state moved
    opened = QtCore.Signal()  # a lesson was opened (its view may differ from the last)
    closed = QtCore.Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.lesson: Lesson | None = None
        self.index = 0
        self.caption = ""
        self.perceptron: PerceptronState | None = None
        self.activations: ActivationsState | None = None
        self.descent: DescentState | None = None

    # --- reading ------------------------------------------------------------------------

    @property
    def view(self) -> str:
        return self.lesson.view if self.lesson is not None else "network"

    @property
    def n_steps(self) -> int:
        return len(self.lesson.steps) if self.lesson is not None else 0

    @property
    def at_end(self) -> bool:
        return self.lesson is None or self.index >= self.n_steps - 1

    # --- moving -------------------------------------------------------------------------

    def open(self, name_or_path: str | Path) -> None:
        """Open a lesson at its first step; a bad one raises ValidationError, nothing changes."""
        lesson = load_lesson(name_or_path)
        self.lesson = lesson
        self._replay(0)
        self.opened.emit()
        self.changed.emit()

    def next(self) -> None:
        if self.lesson is None or self.at_end:
            return
        self.index += 1
        with self._session_batch():
            self._apply(self.lesson.steps[self.index].action)
        self._say()
        self.changed.emit()

    def previous(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.go_to(self.index - 1)

    def go_to(self, i: int) -> None:
        """Show step ``i`` (0-based) exactly as first shown: replay from the lesson's start."""
        if self.lesson is None:
            return
        self._replay(max(0, min(int(i), self.n_steps - 1)))
        self.changed.emit()

    def close(self) -> None:
        if self.lesson is None:
            return
        self.lesson = None
        self.index, self.caption = 0, ""
        self.perceptron = self.activations = self.descent = None
        self.closed.emit()
        self.changed.emit()

    # --- replay -------------------------------------------------------------------------

    def _replay(self, target: int) -> None:
        lesson = self.lesson
        self.perceptron = self.activations = self.descent = None
        if lesson.view == "perceptron":
            self.perceptron = _start_perceptron(lesson.perceptron)
        with self._session_batch():
            if lesson.view == "network":
                spec = lesson.session_spec
                self.session.open_spec(replace(spec, network=spec.network.copy(),
                                               view=dict(spec.view), path=None))
            for i in range(target + 1):
                self.index = i
                self._apply(lesson.steps[i].action)
        self._say()

    def _session_batch(self) -> contextlib.AbstractContextManager[None]:
        """A network lesson's actions as one Session batch: the widgets are told once at
        the end, and the lesson's own edits do not ask before they restart training. The
        other views have no Session (the player may have none)."""
        if self.view != "network":
            return contextlib.nullcontext()
        return self.session.batch(confirm=False)

    # --- actions ------------------------------------------------------------------------

    def _apply(self, action: dict) -> None:
        getattr(self, f"_{self.view}_{action['do']}")(action)

    def _network_show(self, a):
        pass

    def _network_next(self, a):
        for _ in range(a["count"]):
            self.session.next_step()

    def _network_previous(self, a):
        for _ in range(a["count"]):
            self.session.previous_step()

    def _network_go_to_step(self, a):
        self.session.go_to_step(a["step"])

    def _network_finish_pass(self, a):
        self.session.finish_pass()

    def _network_start(self, a):
        self.session.go_to_start()

    def _network_select(self, a):
        neuron = a["neuron"]
        self.session.select_neuron(*(neuron if neuron is not None else (None,)))

    def _network_sample(self, a):
        self.session.set_sample(a["sample"])

    def _network_train(self, a):
        """Whole epochs, synchronously (``Session.train_epochs``)."""
        self.session.train_epochs(a["epochs"])

    def _network_set_training(self, a):
        self.session.set_training(**{k: v for k, v in a.items() if k != "do"})

    def _network_reinitialise(self, a):
        self.session.reinitialise(a.get("init"), a.get("seed"))

    def _network_set_weight(self, a):
        self.session.set_weight(a["layer"], a["j"], a["k"], a["value"])

    def _perceptron_show(self, a):
        pass

    def _perceptron_present(self, a):
        for _ in range(a["count"]):
            self.perceptron = _present(self.perceptron)

    def _perceptron_epoch(self, a):
        p = _present(self.perceptron)
        while p.next_index != 0:
            p = _present(p)
        self.perceptron = p

    def _perceptron_until_converged(self, a):
        p = self.perceptron
        if p.next_index:
            self._perceptron_epoch(a)
            p = self.perceptron
        for _ in range(a["max_epochs"]):
            if p.converged:
                break
            for _ in range(len(p.x)):
                p = _present(p)
        self.perceptron = p

    def _activations_show(self, a):
        pass

    def _activations_plot(self, a):
        self.activations = ActivationsState(a["functions"], a["derivative"], a["z_range"],
                                            a.get("mark"))

    def _descent_show(self, a):
        pass

    def _descent_start(self, a):
        self.descent = DescentState(a["centre"], a["learning_rate"], (a["x0"],))

    def _descent_iterate(self, a):
        d = self.descent
        xs = list(d.xs)
        for _ in range(a["count"]):
            xs.append(xs[-1] - d.learning_rate * parabola_prime(xs[-1], d.centre))
        self.descent = replace(d, xs=tuple(xs))

    # --- captions -----------------------------------------------------------------------

    def _say(self) -> None:
        text = self.lesson.steps[self.index].caption
        try:
            self.caption = text.format_map(self.values())
        except (KeyError, ValueError, TypeError):  # checked on load; never lose the caption
            self.caption = text

    def values(self) -> dict:
        """The numbers a caption's placeholders stand for at this moment (docs/formats.md)."""
        if self.lesson is None:
            return {}
        return getattr(self, f"_{self.view}_values")()

    def _network_values(self) -> dict:
        """Costs, metrics, epoch and iteration as every panel shows them
        (``Session.readout()``), the learning rate, and the selected neuron's numbers."""
        s, nan = self.session, float("nan")
        r = s.readout()
        test = r.test if r.test is not None else Score(nan, nan)
        accuracy, r2 = r.metric == "accuracy", r.metric == "r2"
        out = {"batch_cost": nan if r.batch_cost is None else r.batch_cost,
               "train_cost": r.train.cost, "test_cost": test.cost,
               "train_accuracy": r.train.metric if accuracy else nan,
               "test_accuracy": test.metric if accuracy else nan,
               "train_r2": r.train.metric if r2 else nan, "test_r2": test.metric if r2 else nan,
               "eta": s.training.optimizer.learning_rate}
        out.update(_neuron_values(s))
        values = {k: Number(v) for k, v in out.items()}
        return {**values, "epoch": r.epochs_done, "iteration": r.iteration}

    def _perceptron_values(self) -> dict:
        p = self.perceptron
        u = p.update
        values = {"w1": Number(p.w[0]), "w2": Number(p.w[1]), "b": Number(p.b),
                  "epoch": p.epoch + 1, "mistakes": p.mistakes,
                  "presentations": p.presentations, "changes": len(p.trail) - 1,
                  **{k: Number(float("nan")) for k in ("sample", "x1", "x2", "y", "f")}}
        if u is not None:
            values.update(sample=u.index + 1, x1=Number(u.x[0]), x2=Number(u.x[1]),
                          y=int(u.y[0]), f=int(u.prediction[0]))
        return values

    def _activations_values(self) -> dict:
        return {}

    def _descent_values(self) -> dict:
        d = self.descent
        prev = d.xs[-2] if len(d.xs) > 1 else d.xs[-1]
        return {k: Number(v) for k, v in {
            "x": d.x, "fx": parabola(d.x, d.centre), "slope": parabola_prime(d.x, d.centre),
            "previous_x": prev, "previous_slope": parabola_prime(prev, d.centre),
            "move": d.x - prev, "x0": d.xs[0],
            "eta": d.learning_rate, "centre": d.centre}.items()} | {"n": len(d.xs) - 1}


# --- the perceptron rule, one presentation at a time ----------------------------------------

def _start_perceptron(p: dict) -> PerceptronState:
    w, b = np.array(p["weights"], dtype=float), float(p["bias"])
    return PerceptronState(np.array(p["points"], dtype=float), np.array(p["labels"], float),
                           w, b, p["learning_rate"], None, 0, 0, False, 0,
                           ((b, float(w[0]), float(w[1])),))


def _present(p: PerceptronState) -> PerceptronState:
    """Show the next sample: f(x) = step(w·x + b); if wrong, w ← w + η(y − f(x))x, b likewise."""
    i = p.next_index
    epoch, mistakes = (p.epoch + 1, 0) if i == 0 and p.presentations else (p.epoch, p.mistakes)
    x, y = p.x[i], p.y[i]
    before = np.array([[p.b, *p.w]])
    f = float(step(np.array(before[0] @ np.r_[1.0, x])))
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
                           p.presentations + 1, trail)


def _neuron_values(session) -> dict:
    """z, a, δ of the selected neuron and the first output and target, for the sample shown
    (or the batch mean) in the current iteration; NaN where there is none."""
    t, sample = session.trace, session.sample
    rows = slice(None) if sample == "mean" else slice(sample, sample + 1)

    def shown(arr) -> float:
        return float(np.mean(arr[rows], axis=0))

    nan = float("nan")
    out = {"z": nan, "a": nan, "slope": nan, "delta": nan, "output": shown(t.layers[-1].a[:, 0]),
           "target": shown(t.target[:, 0]),
           "sample_cost": float(session.network.loss.value(t.layers[-1].a[rows],
                                                           t.target[rows]))}
    neuron = session.selection.neuron
    if neuron is not None:
        layer, j = neuron
        if layer == 1:
            out["a"] = shown(t.input[:, j])
        else:
            lt = t.layer(layer)
            act = session.network.activation(layer)
            slope = act.prime(lt.z, lt.a)[:, j] if act.prime is not None else lt.z[:, j] * nan
            out.update(z=shown(lt.z[:, j]), a=shown(lt.a[:, j]), slope=shown(slope),
                       delta=shown(lt.delta[:, j]))
    return out

