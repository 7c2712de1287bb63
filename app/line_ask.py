"""A perceptron lesson's "ask" step (docs/formats.md): the student types a line w₁, w₂, b.

``{"do": "ask", "condition": "separate", "points": [0, 1], "names": ["u", "v"],
"tolerance": 1e-6, "hint": "…"}``: ``condition`` "separate" (each point on its label's side,
w·x + b > 0 for class 1, < 0 for class 0) or "through" (each point on the line); ``points``
the lesson's points it is about (0-based, default all); ``names`` what the captions call
them (default p₁, p₂, …); ``tolerance`` absolute on w·x + b (model.hyperplane). The answer
is not unique: any (w, b) meeting the condition is right. A first miss shows which
condition failed and by how much, a second miss (or "Show solution") the worked answer.
The lesson is refused when it loads if the worked answer cannot meet its condition.

``LineExercise`` has the interface of app.practice.Exercise that the Practice dock and the
lesson player use, with three typed fields (``fields``) instead of one.
"""

from __future__ import annotations

import numpy as np

from app.lesson_arguments import text as non_empty_text
from app.lesson_arguments import unchecked
from app.practice import INVALID, REVEALED, RIGHT, WRONG, Result, Scores
from model import hyperplane
from model.errors import ValidationError
from model.notation import num, symbol
from model.questions import parse_answer
from model.validate import check_int, check_number

KIND = "hyperplane"  # its row in the scores


def _condition(field, v):
    if v not in hyperplane.CONDITIONS:
        raise ValidationError(field, f"unknown condition {v!r}; known: "
                                     f"{', '.join(hyperplane.CONDITIONS)}")
    return v


def _names(field, v):
    if not isinstance(v, list) or not all(isinstance(n, str) and n.strip() for n in v):
        raise ValidationError(field, "must be a list of non-empty names, one per point")
    return tuple(v)


def _tolerance(field, v):
    return check_number(field, v, low=0.0, open_low=True, high=1.0)


def line_ask_arguments() -> dict:
    """The perceptron "ask" action's arguments for app.lessons._ACTIONS."""
    return {"condition": (_condition, "separate"), "points": (unchecked, None),
            "names": (_names, None), "tolerance": (_tolerance, hyperplane.TOLERANCE),
            "hint": (non_empty_text, None)}


def check_line_ask(where: str, action: dict, perceptron: dict) -> None:
    """Points and names must fit the lesson, and the exercise must have its worked answer;
    fills in the default points and names. ValidationError naming the field."""
    n = len(perceptron["points"])
    points = action.get("points", list(range(n)))
    if not isinstance(points, list) or not points:
        raise ValidationError(f"{where}.points", f"must be a non-empty list of point "
                                                 f"numbers 0..{n - 1}")
    for i, p in enumerate(points):
        check_int(f"{where}.points[{i}]", p, high=n - 1)
        if p in points[:i]:
            raise ValidationError(f"{where}.points[{i}]", f"point {p} is listed twice")
    names = action.get("names", tuple(symbol("p", None, p) for p in points))
    if len(names) != len(points):
        raise ValidationError(f"{where}.names", f"needs one name per point: {len(points)}, "
                                                f"got {len(names)}")
    action["points"], action["names"] = tuple(points), tuple(names)
    x, y = perceptron["points"][list(points)], perceptron["labels"][list(points)]
    if hyperplane.answer_line(x, y, action["condition"], action["tolerance"]) is None:
        what = ("the points are not all on one line" if action["condition"] == "through"
                else "the line half way between the two classes' means does not separate "
                     "them (or one class is missing)")
        raise ValidationError(f"{where}.points", f"no worked answer: {what}")


class LineExercise:
    """Find (w₁, w₂, b) meeting the condition on the points (module docstring)."""

    fields = tuple(str(s) for s in (symbol("w", None, 0), symbol("w", None, 1), "b"))
    kind = KIND

    def __init__(self, points, labels, names, condition: str, tolerance: float,
                 scores: Scores | None = None, lecturer_hint: str = ""):
        self.points = np.asarray(points, float)
        self.labels = np.asarray(labels, float)
        self.names = tuple(names)
        self.condition, self.tolerance = condition, tolerance
        self.scores, self.lecturer_hint = scores, lecturer_hint
        self.misses = 0
        self.hint_text = self.solution_text = ""
        self.outcomes: list[str] = []
        self.last: Result | None = None
        self.accepted: tuple[np.ndarray, float] | None = None  # the line answered, if right
        self.drawn: tuple[np.ndarray, float] | None = None  # the right or the worked line
        self.done = False

    @property
    def question(self):
        return None if self.done else self

    def conditions(self) -> str:
        """w·u + b > 0 and w·v + b < 0"""
        return " and ".join(f"w·{n} + b {hyperplane.requirement(self.condition, y)}"
                            for n, y in zip(self.names, self.labels, strict=True))

    def prompt(self) -> str:
        """"A line separating u, v: w·u + b > 0 and w·v + b < 0. w₁, w₂, b = ?" """
        if self.done:
            return ""
        what = "A line through" if self.condition == "through" else "A line separating"
        return (f"{what} {', '.join(self.names)}: {self.conditions()}. "
                f"{', '.join(self.fields)} = ?")

    def answer(self, texts) -> Result:
        """Check the typed (w₁, w₂, b): three texts, in the order of ``fields``."""
        if self.done:
            raise ValidationError("answer", "this exercise is answered")
        values = []
        for name, text in zip(self.fields, texts, strict=True):
            try:
                values.append(parse_answer(text))
            except ValidationError as err:
                return self._result(INVALID, f"{name}: {err.problem}")
        w, b = np.array(values[:2]), values[2]
        failed = hyperplane.failures(self.points, self.labels, self.names, self.condition,
                                     w, b, self.tolerance)
        if not failed:
            self.accepted = self.drawn = (w, b)
            self._settle("right" if self.misses == 0 else "hinted")
            return self._result(RIGHT, f"w = ({num(w[0])}, {num(w[1])}), b = {num(b)}: right, "
                                       f"{self.conditions()}.")
        self.misses += 1
        if self.misses == 1:
            self.hint_text = "\n".join([*filter(None, [self.lecturer_hint]), *failed])
            return self._result(WRONG, "Not quite. The hint says which condition fails.")
        return self._reveal("Not quite again; here is a worked answer.")

    def reveal(self) -> Result:
        return self._reveal("A worked answer.")

    def reveal_all(self, record: bool = False) -> None:
        if self.done:
            return
        self.solution_text = self._worked()
        self.drawn = hyperplane.answer_line(self.points, self.labels, self.condition,
                                            self.tolerance)
        if record:
            self._settle("missed")
        self.done = True
        self.hint_text = ""

    def _worked(self) -> str:
        return hyperplane.worked(self.points, self.labels, self.names, self.condition,
                                 self.tolerance)

    def _reveal(self, message: str) -> Result:
        self.solution_text = self._worked()
        self.drawn = hyperplane.answer_line(self.points, self.labels, self.condition,
                                            self.tolerance)
        self._settle("missed")
        return self._result(REVEALED, message)

    def _settle(self, outcome: str) -> None:
        if self.scores is not None:
            self.scores.record(KIND, outcome)
        self.outcomes.append(outcome)
        self.done = True
        self.misses = 0
        self.hint_text = ""
        if outcome != "missed":
            self.solution_text = ""

    def _result(self, status: str, message: str) -> Result:
        self.last = Result(status, message, None)
        return self.last
