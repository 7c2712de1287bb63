"""Practice: predict a step's numbers, then see them (issue 16). Qt-free state.

An ``Exercise`` is a few questions (model.questions) about one step, asked in turn. A typed
answer within the tolerance is right; the first miss shows the hint (the step's equation
with every number substituted but the result), the second miss, or ``reveal``, the worked
solution (the Inspector's derivation), and the exercise moves on to its next question.
Each question is scored once, by kind of step (``Scores``): right first time, right after
the hint, or missed (solution shown). Text that is not a number is refused with a message
and costs nothing. "Ask the hall" (presentation mode) reveals without scoring.

``step_questions`` picks what a step asks of the chosen neuron: forward z then a, the
cost, δ (BP1, BP2), ∂C/∂b then ∂C/∂w (the selected weight into the neuron, else the one
from neuron 1), the new w then the new b.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.equations import target
from model.errors import ValidationError
from model.mathtext import Math, m, words
from model.notation import number
from model.questions import (
    KIND_NAMES,
    QUESTION_KINDS,
    REL_TOLERANCE,
    Question,
    check_answer,
    hint,
    question_symbol,
    question_value,
    solution,
)
from model.trace import StepKind, Trace

OUTCOMES = ("right", "hinted", "missed")  # first time, after the hint, solution shown
RIGHT, WRONG, REVEALED, INVALID = "right", "wrong", "revealed", "invalid"

_STEP_QUANTITIES = {StepKind.FORWARD: ("z", "a"), StepKind.LOSS: ("cost",),
                    StepKind.OUTPUT_ERROR: ("delta",), StepKind.BACKWARD: ("delta",),
                    StepKind.GRADIENTS: ("db", "dw"), StepKind.UPDATE: ("w_new", "b_new")}
_TITLES = {"forward": "Forward", "loss": "Loss", "output_error": "Output error (BP1)",
           "backward": "Backward (BP2)", "gradients": "Gradients (BP3, BP4)",
           "update": "Update"}


@dataclass
class Scores:
    """Per kind of step, how many questions were right first time, right after the hint,
    and missed; kept for the session (the window's one instance)."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict.fromkeys(OUTCOMES, 0) for k in QUESTION_KINDS})

    def record(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def asked(self, kind: str | None = None) -> int:
        kinds = QUESTION_KINDS if kind is None else (kind,)
        return sum(sum(self.counts[k].values()) for k in kinds)

    def right(self, kind: str | None = None) -> int:
        """Right answers, first time or after the hint."""
        kinds = QUESTION_KINDS if kind is None else (kind,)
        return sum(self.counts[k]["right"] + self.counts[k]["hinted"] for k in kinds)

    def lines(self) -> list[str]:
        """One line per kind asked so far: "output error: 2 of 3 right (1 after a hint)"."""
        out = []
        for kind in QUESTION_KINDS:
            if not self.asked(kind):
                continue
            hinted = self.counts[kind]["hinted"]
            after = f" ({hinted} after a hint)" if hinted else ""
            out.append(f"{KIND_NAMES[kind]}: {self.right(kind)} of {self.asked(kind)} right"
                       f"{after}")
        return out

    def clear(self) -> None:
        for counts in self.counts.values():
            for outcome in counts:
                counts[outcome] = 0


@dataclass(frozen=True)
class Result:
    """What an answer did: RIGHT, WRONG (the hint is shown), REVEALED or INVALID."""

    status: str
    message: str  # one line for the student
    question: Question


class Exercise:
    """Questions about one step, asked in turn (module docstring)."""

    def __init__(self, trace: Trace, questions: list[Question], network, settings,
                 scores: Scores | None = None, rel: float = REL_TOLERANCE,
                 lecturer_hint: str = ""):
        if not questions:
            raise ValidationError("questions", "an exercise needs at least one question")
        self.trace, self.network, self.settings = trace, network, settings
        self.questions = tuple(questions)
        self.scores = scores
        self.rel = rel
        self.lecturer_hint = lecturer_hint
        self.index = 0
        self.misses = 0
        self.hint_text = ""  # shown after a first miss
        self.solution_text = ""  # shown after a second miss or a reveal
        self.outcomes: list[str] = []
        self.last: Result | None = None

    @property
    def done(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def question(self) -> Question | None:
        return None if self.done else self.questions[self.index]

    @property
    def kind(self) -> str:
        return self.questions[0].kind

    def answer(self, text: str) -> Result:
        """Check ``text`` against the current question."""
        q = self.question
        if q is None:
            raise ValidationError("answer", "every question of this step is answered")
        try:
            right = check_answer(q.value, text, rel=self.rel)
        except ValidationError as err:
            return self._result(INVALID, err.problem, q)
        if right:
            self._settle("right" if self.misses == 0 else "hinted")
            return self._result(RIGHT, str(m(q.symbol, " = ", number(q.value),
                                             words(": right."))), q)
        self.misses += 1
        if self.misses == 1:
            self.hint_text = hint(self.trace, q, self.network, self.settings)
            if self.lecturer_hint:
                self.hint_text = f"{self.lecturer_hint}\n{self.hint_text}"
            return self._result(WRONG, "Not quite. The hint shows the numbers to use.", q)
        return self._reveal(q, "Not quite again; here is the worked solution.")

    def reveal(self) -> Result:
        """"Show solution": the current question's worked solution (a miss)."""
        q = self.question
        if q is None:
            raise ValidationError("answer", "every question of this step is answered")
        return self._reveal(q, "The worked solution.")

    def reveal_all(self, record: bool = False) -> None:
        """Resolve every remaining question (ask the hall; a lesson replayed past its ask):
        scored as missed only with ``record``."""
        while not self.done:
            q = self.question
            assert q is not None
            self.solution_text = solution(self.trace, q, self.network, self.settings)
            if record:
                self._settle("missed")
            else:
                self.index += 1
                self.misses = 0
        self.hint_text = ""

    def prompt(self) -> Math:
        """The current question as a line: "Output error (BP1), layer 3: δ₁⁽³⁾ = ?"."""
        q = self.question
        if q is None:
            return m()
        who = ""
        if q.quantity in ("z", "a", "delta") and len(self.trace.input) > 1:
            who = f", sample {q.sample + 1}"
        return m(words(f"{_TITLES[q.kind]}, layer {q.layer}{who}: "), q.symbol, words(" = ?"))

    def _reveal(self, q: Question, message: str) -> Result:
        self.solution_text = solution(self.trace, q, self.network, self.settings)
        self._settle("missed")
        return self._result(REVEALED, str(m(words(f"{message} "), q.symbol, " = ",
                                            number(q.value), words("."))), q)

    def _settle(self, outcome: str) -> None:
        if self.scores is not None:
            self.scores.record(self.kind, outcome)
        self.outcomes.append(outcome)
        self.index += 1
        self.misses = 0
        if outcome != "missed":
            self.solution_text = ""
        self.hint_text = ""

    def _result(self, status: str, message: str, q: Question) -> Result:
        self.last = Result(status, message, q)
        return self.last


def step_questions(trace: Trace, index: int, neuron: tuple[int, int] | None = None,
                   edge: tuple[int, int, int] | None = None, sample: int = 0) -> list[Question]:
    """What step ``index`` of ``trace`` asks of the chosen neuron (0-based (layer, j)) or
    weight (0-based (layer, j, k)): the module docstring's list; [] for the input step."""
    step = trace.steps[index]
    quantities = _STEP_QUANTITIES.get(step.kind, ())
    if not quantities:
        return []
    sizes = [trace.input.shape[1], *(lt.a.shape[1] for lt in trace.layers)]
    if neuron is not None and not (2 <= neuron[0] <= len(sizes)
                                   and 0 <= neuron[1] < sizes[neuron[0] - 1]):
        neuron = None
    (layer, j), edge = target(step, trace.n_layers, neuron, edge)
    if layer < 2:
        layer, j = trace.n_layers, 0
    k = edge[2] if edge is not None and edge[:2] == (layer, j) else 0
    out = []
    for quantity in quantities:
        neuron_1 = None if quantity == "cost" else j + 1
        edge_from = k + 1 if quantity in ("dw", "w_new") else None
        value = question_value(trace, step.kind.value, quantity, layer, neuron_1, edge_from,
                               sample)
        out.append(Question(step.kind.value, quantity, layer, neuron_1, edge_from, value,
                            question_symbol(quantity, layer, neuron_1, edge_from), sample))
    return out


__all__ = ["INVALID", "OUTCOMES", "REVEALED", "RIGHT", "WRONG", "Exercise", "Result", "Scores",
           "step_questions"]
