"""Plays a lesson: applies its steps' actions, one per Next, and says each step's caption.

A "network" lesson drives the app's Session (open the lesson's session, step, select,
train …). The other views have no Session: the player keeps their state itself
(``perceptron``, ``activations``, ``descent``) and the lesson views draw it. ``previous()``
and ``go_to()`` replay the lesson from its start to the step asked for: every action is
deterministic, so the state is exactly the one first shown there.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import numpy as np
from PySide6 import QtCore

from app import lesson_descent, lesson_perceptron
from app.lesson_actions import DEFAULT_FEATURES, data_params, wanted_features
from app.lesson_ask import ask_exercise
from app.lesson_captions import Indexed, Number
from app.lesson_descent import DescentState
from app.lesson_network import Probe, network_values, nudge, restart_spec
from app.lesson_perceptron import PerceptronState
from app.lessons import Lesson, load_lesson
from app.line_ask import LineExercise
from app.practice import Exercise, Result, Scores
from app.session_view import ScaleMode
from model.activations import ACTIVATIONS

T = TypeVar("T")

SATURATION_SLOPE = 0.05  # a fifth of the sigmoid's best slope: below it a neuron hardly learns
# (the lesson views shade the same region: widgets/lesson_views/activations.py)
FLAT_SLOPE = 0.01  # … and below this, nearly nothing gets through


@functools.lru_cache(maxsize=64)
def slope_below(name: str, level: float) -> float:
    """The smallest z ≥ 0 (to 10⁻⁵) where |φ′(z)| of activation ``name`` falls below
    ``level``; NaN if it does not within 0 ≤ z ≤ 20 (ReLU's slope stays 1)."""
    act = ACTIVATIONS[name]
    if act.prime is None:
        return float("nan")
    z = np.linspace(0.0, 20.0, 2_000_001)
    below = np.abs(act.prime(z[:, None], act.fn(z[:, None]))[:, 0]) < level
    return float(z[np.argmax(below)]) if below.any() else float("nan")


def activations_values() -> dict:
    """The activations view's placeholders: the two slope levels, and where each function's
    slope falls below them (``{saturated_at[sigmoid]}`` = 2.9…)."""
    return {"saturation_slope": Number(SATURATION_SLOPE), "flat_slope": Number(FLAT_SLOPE),
            "saturated_at": Indexed(float("nan"), lambda f: slope_below(f, SATURATION_SLOPE), 1),
            "flat_at": Indexed(float("nan"), lambda f: slope_below(f, FLAT_SLOPE), 1)}


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
        self.probe: Probe | None = None  # the last "nudge" (quoted within its iteration)
        self.docks: tuple[str, ...] = ()  # the docks the lesson shows now (the window obeys)
        # an "ask" step's questions (app/lesson_ask.py), or a line to find (app/line_ask.py)
        self.exercise: Exercise | LineExercise | None = None
        self.scores = Scores()  # the window shares it with Run → Practice

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

    @property
    def asking(self) -> bool:
        """An "ask" step waits for its answer: Next does nothing until then."""
        return self.exercise is not None and not self.exercise.done

    # --- moving -------------------------------------------------------------------------

    def open(self, name_or_path: str | Path) -> None:
        """Open a lesson at its first step; a bad one raises ValidationError, nothing changes."""
        self.play(load_lesson(name_or_path))

    def play(self, lesson: Lesson, index: int = 0) -> None:
        """Open a parsed lesson (a file's, or the editor's draft) at step ``index``."""
        self.lesson = lesson
        self._replay(max(0, min(int(index), len(lesson.steps) - 1)))
        self.opened.emit()
        self.changed.emit()

    def next(self) -> None:
        if self.lesson is None or self.at_end or self.asking:
            return
        self.index += 1
        self.exercise = None
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
        self.exercise = None
        self.perceptron = self.activations = self.descent = self.probe = None
        self.closed.emit()
        self.changed.emit()

    def answer(self, text: str | tuple[str, ...]) -> Result | None:
        """The student's answer to the "ask" step shown (None if none is waiting): a text,
        or for a line (``exercise.fields``) one text per field. A right line is drawn."""
        if not self.asking:
            return None
        e = self.exercise
        if isinstance(e, LineExercise):
            result = e.answer(tuple(text))
            self._draw_line(e)
        else:
            assert e is not None and isinstance(text, str)
            result = e.answer(text)
        self.changed.emit()
        return result

    def reveal(self, record: bool = True) -> None:
        """Show the solution of the waiting question ("Show solution", a miss); without
        ``record`` (ask the hall) every question is revealed and nothing is scored."""
        if not self.asking:
            return
        assert self.exercise is not None
        if record:
            self.exercise.reveal()
        else:
            self.exercise.reveal_all()
        if isinstance(self.exercise, LineExercise):
            self._draw_line(self.exercise)
        self.changed.emit()

    def _draw_line(self, e: LineExercise) -> None:
        """The line answered right, or the worked one, drawn in the perceptron view."""
        if e.drawn is not None:
            w, b = e.drawn
            p = _started(self.perceptron)
            line = (b, float(w[0]), float(w[1]))
            self.perceptron = replace(p, w=w, b=b, trail=(*p.trail, line))

    # --- replay -------------------------------------------------------------------------

    def _replay(self, target: int) -> None:
        lesson = _started(self.lesson)
        self.perceptron = self.activations = self.descent = self.probe = None
        self.docks = lesson.docks
        if lesson.view == "perceptron":
            self.perceptron = lesson_perceptron.start(_started(lesson.perceptron))
        with self._session_batch():
            if lesson.view == "network":
                self.session.open_spec(restart_spec(_started(lesson.session_spec)))
            for i in range(target + 1):
                self.index = i
                self.exercise = None
                self._apply(lesson.steps[i].action)
                if i < target and self.exercise is not None:
                    self.exercise.reveal_all()  # replayed past: answered before, or skipped
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

    def _network_set_bias(self, a):
        self.session.set_bias(a["layer"], a["j"], a["value"])

    def _network_restart(self, a):
        """The lesson's session from its start again, with another loss or settings."""
        spec = _started(_started(self.lesson).session_spec)
        self.session.open_spec(restart_spec(spec, a.get("loss")))
        settings = {k: v for k, v in a.items() if k not in ("do", "loss")}
        if settings:
            self.session.set_training(**settings)

    def _network_nudge(self, a):
        """The numerical derivative of the mini-batch cost for one weight; its edge selected."""
        edge = (a["layer"], a["j"], a["k"])
        self.session.select_edge(edge)
        self.probe = (edge, nudge(self.session, *edge, a["h"]), self.session.trace)

    def _network_select_edge(self, a):
        self.session.select_edge((a["layer"], a["j"], a["k"]))

    def _network_docks(self, a):
        self.docks = tuple(a["show"])

    def _network_scale(self, a):
        mode: ScaleMode = a["mode"]
        self.session.set_scale_mode(mode)

    def _network_set_data(self, a):
        """A built-in dataset as the Data dock makes it, then the input features asked."""
        s = self.session
        s.set_dataset(a["dataset"], **data_params(a))
        wanted = wanted_features(a, s.spec, s.spec.data.x_train.shape[1])
        if wanted != (s.spec.features or (DEFAULT_FEATURES if wanted else ())):
            s.set_features(list(wanted))

    def _network_set_architecture(self, a):
        self.session.set_architecture(list(a["layers"]), list(a["activations"]))

    def _network_ask(self, a):
        """The student predicts a number of this iteration (app/lesson_ask.py)."""
        self.exercise = ask_exercise(self.session, a, self.scores)

    def _perceptron_show(self, a):
        pass

    def _perceptron_start(self, a):
        start = _started(_started(self.lesson).perceptron)
        self.perceptron = lesson_perceptron.start(start, a.get("weights"), a.get("bias"),
                                                  a.get("learning_rate"))

    def _perceptron_ask(self, a):
        """The student types a line meeting a condition on the points (app/line_ask.py)."""
        p = _started(self.perceptron)
        idx = list(a["points"])
        self.exercise = LineExercise(p.x[idx], p.y[idx], a["names"], a["condition"],
                                     a["tolerance"], self.scores, a.get("hint", ""))

    def _perceptron_point(self, a):
        self.perceptron = lesson_perceptron.look_at(_started(self.perceptron), a["point"])

    def _perceptron_present(self, a):
        for _ in range(a["count"]):
            self.perceptron = lesson_perceptron.present(_started(self.perceptron))

    def _perceptron_epoch(self, a):
        self.perceptron = lesson_perceptron.epoch(_started(self.perceptron))

    def _perceptron_until_converged(self, a):
        p = _started(self.perceptron)
        self.perceptron = lesson_perceptron.until_converged(p, a["max_epochs"])

    def _activations_show(self, a):
        pass

    def _activations_plot(self, a):
        self.activations = ActivationsState(a["functions"], a["derivative"], a["z_range"],
                                            a.get("mark"))

    def _descent_show(self, a):
        pass

    def _descent_start(self, a):
        self.descent = lesson_descent.start(a)

    def _descent_iterate(self, a):
        self.descent = lesson_descent.iterate(_started(self.descent), a["count"])

    def _descent_until(self, a):
        self.descent = lesson_descent.until(_started(self.descent), a["precision"], a["max_steps"])

    # --- captions -----------------------------------------------------------------------

    def _say(self) -> None:
        text = _started(self.lesson).steps[self.index].caption
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
        return network_values(self.session, self.probe, _started(self.lesson).session_spec)

    def _perceptron_values(self) -> dict:
        return lesson_perceptron.values(_started(self.perceptron))

    def _activations_values(self) -> dict:
        return activations_values()

    def _descent_values(self) -> dict:
        return lesson_descent.values(_started(self.descent))


def _started(state: T | None) -> T:
    """Something a lesson is sure to have by now: the open lesson, the session or perceptron
    of its view, a view's state once the first action (app.lessons checks which) has run."""
    assert state is not None
    return state


__all__ = ["ActivationsState", "DescentState", "LessonPlayer", "PerceptronState",
           "SATURATION_SLOPE"]
