"""Run → Practice and a lesson's "ask" steps: predict the next step's numbers, then see them.

The panel shows the question ("Output error (BP1), layer 3: δ₁⁽³⁾ = ?"), a field to type
the answer in (Enter checks it), "Show solution", the hint after a first miss, the worked
solution after a second, and the scores per kind of step kept for the session
(app.practice). The keyboard works throughout: the field takes focus when a question
comes, Tab reaches the buttons and the neuron chooser.

- Practice on (Run → Practice, or its check box): Next first asks for the chosen neuron's
  numbers of the step to come (the selected neuron if it is in that layer, else the one
  chosen here); a right answer, or the solution, reveals the step.
- A lesson's "ask" step: the same, for the lesson's question; the lesson's Next reveals.
- Presentation mode, "ask the hall": the question is shown big; Next (a clicker's key)
  reveals the solution and the step without scoring.
All texts come from model.questions / model.notation; this widget only lays them out.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.practice import INVALID, RIGHT, Exercise, step_questions
from widgets.dock_panel import DockPanel

PROMPT_PX = 24  # desk size; presentation raises it in proportion (30 px at 720)
BODY_PX = 16
GOOD, BAD = "#1b5e20", "#8e1b1b"


def _font(px: int, bold: bool = False, mono: bool = False) -> QtGui.QFont:
    font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont) if mono \
        else QtGui.QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class PracticePanel(DockPanel):
    """The Practice dock over the Session and the lesson player (module docstring)."""

    asked = QtCore.Signal()  # a question came: the window raises this dock

    def __init__(self, session, player, parent=None):
        super().__init__(session, parent, follows=("changed", "reset", "selection_changed"))
        self.player = player
        self.scores = player.scores  # one score sheet per session: lessons and practice
        self.enabled = False
        self.free: Exercise | None = None  # Run → Practice's exercise
        self.free_at = -1  # the step index it asks about
        self.hall = False  # presentation mode: ask the hall
        self._build()
        player.changed.connect(self._player_changed)
        self.start()

    # --- building -----------------------------------------------------------------------

    def _label(self, name: str, px: int = BODY_PX, bold: bool = False, mono: bool = False):
        label = QtWidgets.QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        label.setFont(_font(px, bold, mono))
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build(self) -> None:
        column = QtWidgets.QVBoxLayout(self)
        self.toggle = QtWidgets.QCheckBox("Ask before each step", self)
        self.toggle.setObjectName("practiceToggle")
        self.toggle.toggled.connect(self.set_enabled)
        self.prompt = self._label("practicePrompt", PROMPT_PX, bold=True)
        row = QtWidgets.QHBoxLayout()
        self.answer = QtWidgets.QLineEdit(self)
        self.answer.setObjectName("practiceAnswer")
        self.answer.setPlaceholderText("e.g. 0.1385")
        self.answer.setFont(_font(PROMPT_PX))
        self.answer.returnPressed.connect(self.submit)
        self.check = QtWidgets.QPushButton("Check", self)
        self.check.setObjectName("practiceCheck")
        self.check.clicked.connect(self.submit)
        self.show_solution = QtWidgets.QPushButton("Show solution", self)
        self.show_solution.setObjectName("practiceSolution")
        self.show_solution.clicked.connect(self.reveal)
        row.addWidget(self.answer, 1)
        row.addWidget(self.check)
        row.addWidget(self.show_solution)
        chooser = QtWidgets.QHBoxLayout()
        self.neuron_label = QtWidgets.QLabel("Neuron of the layer asked:", self)
        self.neuron = QtWidgets.QSpinBox(self)
        self.neuron.setObjectName("practiceNeuron")
        self.neuron.setMinimum(1)
        self.neuron.valueChanged.connect(self._neuron_chosen)
        chooser.addWidget(self.neuron_label)
        chooser.addWidget(self.neuron)
        chooser.addStretch(1)
        self.feedback = self._label("practiceFeedback", BODY_PX, bold=True)
        self.working = self._label("practiceWorking", BODY_PX)
        self.score_text = self._label("practiceScores", BODY_PX)
        for part in (self.toggle, self.prompt):
            column.addWidget(part)
        column.addLayout(row)
        column.addLayout(chooser)
        for part in (self.feedback, self.working):
            column.addWidget(part)
        column.addStretch(1)
        column.addWidget(self.score_text)
        self.setTabOrder(self.answer, self.check)
        self.setTabOrder(self.check, self.show_solution)
        self.setTabOrder(self.show_solution, self.neuron)
        self.setTabOrder(self.neuron, self.toggle)

    # --- what is asked ------------------------------------------------------------------

    @property
    def exercise(self) -> Exercise | None:
        """The lesson's exercise while a lesson is open, else Run → Practice's."""
        if self.player.lesson is not None:
            return self.player.exercise
        return self.free

    @property
    def waiting(self) -> bool:
        e = self.exercise
        return e is not None and not e.done

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self.toggle.setChecked(self.enabled)
        if not self.enabled:
            self.free = None
        self.redraw(())

    def set_hall(self, on: bool) -> None:
        """Presentation mode: the question for the hall, revealed by Next."""
        self.hall = bool(on)
        self.redraw(())

    def before_next(self) -> bool:
        """The window's Next asks first: True when it was used here (the step waits)."""
        if self.player.lesson is not None:
            if not self.player.asking:
                return False
            if self.hall:
                self.player.reveal(record=False)
            else:
                self._focus()
            return True
        if not self.enabled:
            return False
        if self.free is not None and not self.free.done and self.free_at == self._next_index():
            if self.hall:
                self.free.reveal_all()
                self._reveal_step()
            else:
                self._focus()
            return True
        return self._ask_next()

    def _next_index(self) -> int:
        return self.session.step_index + 1

    def _ask_next(self) -> bool:
        s = self.session
        index = self._next_index()
        if index >= len(s.trace.steps):
            return False
        questions = self._questions(index)
        if not questions:
            return False
        sample = s.sample if isinstance(s.sample, int) else 0
        self.free = Exercise(s.trace, questions, s.network, s.training.optimizer, self.scores)
        self.free_at = index
        self._sync_neuron(questions[0], sample)
        self.redraw(())
        self._focus()
        return True

    def _questions(self, index: int, neuron: tuple[int, int] | None = None):
        s = self.session
        sel = s.selection
        sample = s.sample if isinstance(s.sample, int) else 0
        return step_questions(s.trace, index, neuron or sel.neuron, sel.edge, sample)

    def _sync_neuron(self, question, sample) -> None:
        sizes = [self.session.trace.input.shape[1],
                 *(lt.a.shape[1] for lt in self.session.trace.layers)]
        self.neuron.blockSignals(True)
        self.neuron.setMaximum(sizes[question.layer - 1])
        self.neuron.setValue(question.neuron or 1)
        self.neuron.blockSignals(False)

    def _neuron_chosen(self, value: int) -> None:
        """Another neuron of the same layer, before anything was answered."""
        e = self.free
        if self.player.lesson is not None or e is None or e.done or e.outcomes or e.misses:
            return
        q = e.questions[0]
        if q.neuron is None:
            return
        questions = self._questions(self.free_at, (q.layer, value - 1))
        self.free = Exercise(self.session.trace, questions, self.session.network,
                             self.session.training.optimizer, self.scores)
        self.redraw(())

    # --- answering ----------------------------------------------------------------------

    def submit(self) -> None:
        e = self.exercise
        if e is None or e.done:
            return
        text = self.answer.text()
        result = self.player.answer(text) if self.player.lesson is not None else e.answer(text)
        if result is None:
            return
        if result.status != INVALID:
            self.answer.clear()
        self._after(e)

    def reveal(self) -> None:
        e = self.exercise
        if e is None or e.done:
            return
        if self.player.lesson is not None:
            self.player.reveal()
        else:
            e.reveal()
        self._after(e)

    def _after(self, e: Exercise) -> None:
        if e is self.free and e.done:
            self._reveal_step()
        self.redraw(())
        if not e.done:
            self._focus()

    def _reveal_step(self) -> None:
        if self.session.step_index + 1 == self.free_at:
            self.session.next_step()

    def _focus(self) -> None:
        self.asked.emit()
        if not self.hall:
            self.answer.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def _player_changed(self) -> None:
        self.redraw(())
        if self.player.asking:
            self._focus()

    # --- drawing ------------------------------------------------------------------------

    def redraw(self, what) -> None:
        self.redraw_count += 1
        if (self.free is not None and not self.free.done
                and self.session.step_index + 1 != self.free_at):
            self.free = None  # the cursor moved away from the step asked about
        e = self.exercise
        waiting = e is not None and not e.done
        in_lesson = self.player.lesson is not None
        self.toggle.setVisible(not in_lesson)
        self.neuron_label.setVisible(waiting and not in_lesson and not self.hall)
        self.neuron.setVisible(waiting and not in_lesson and not self.hall)
        for part in (self.answer, self.check, self.show_solution):
            part.setEnabled(waiting)
        self.answer.setVisible(not self.hall)
        self.check.setVisible(not self.hall)
        self.show_solution.setVisible(not self.hall)
        self.prompt.setText(self._prompt_text(e))
        self._draw_feedback(e)
        lines = self.scores.lines()
        self.score_text.setText("Scores this session:\n" + "\n".join(lines) if lines
                                else "Scores this session: none yet")

    def _prompt_text(self, e: Exercise | None) -> str:
        if e is not None and not e.done:
            tail = "\n(the hall answers; Next reveals)" if self.hall else ""
            return f"{e.prompt()}{tail}"
        if self.player.lesson is not None:
            return "The lesson asks here when it has a question."
        if self.enabled:
            return "Press Next: the app asks for the next step's number first."
        return "Tick “Ask before each step” (Run → Practice) to predict each step's numbers."

    def _draw_feedback(self, e: Exercise | None) -> None:
        last = None if e is None else e.last
        self.feedback.setText("" if last is None else last.message)
        colour = GOOD if last is not None and last.status == RIGHT else BAD
        self.feedback.setStyleSheet(f"color: {colour};")
        working = ""
        if e is not None:
            working = e.hint_text or e.solution_text
        self.working.setText(working)
        self.working.setVisible(bool(working))
