"""The lesson editor: a dock beside the live window that writes a lesson (app/lesson_draft.py).

The list of steps (drag to reorder; duplicate, delete), and for the selected step its
caption (placeholders completed, previewed with the live values, unknown ones refused,
typed numbers flagged: widgets/lesson_caption_edit.py), its speaker notes and its action
(widgets/lesson_editor_form.py). **Record** turns what the lecturer does in the window into
steps after the selected one (app/lesson_recorder.py); **Play from here** rehearses the
draft from the selected step with the window's LessonPlayer. Save / Save As write
atomically; closing with unsaved changes asks first. Opened by widgets/lesson_authoring.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.caption_binding import placeholders
from app.lesson_draft import DraftStep, LessonDraft, caption_for
from app.lesson_network import network_values
from app.lesson_recorder import Recorder
from app.lessons import DOCKS, MAX_TRAIN_EPOCHS
from model.errors import ValidationError
from widgets.dock_panel import DockPanel
from widgets.lesson_caption_edit import PROBLEM, CaptionPanel
from widgets.lesson_editor_form import ActionForm

ROLE = QtCore.Qt.ItemDataRole.UserRole


def step_summary(i: int, step: DraftStep) -> str:
    """One line of the step list: number, action and its arguments, the caption's start."""
    args = ", ".join(f"{v}" for k, v in step.action.items() if k != "do")
    caption = step.caption if len(step.caption) <= 48 else step.caption[:47] + "…"
    return f"{i + 1}. {step.action['do']}{f' ({args})' if args else ''} — {caption}"


class LessonEditor(DockPanel):
    """The draft's steps and the selected step's caption, notes and action."""

    def __init__(self, window, parent=None):
        super().__init__(window.session, parent, follows=("changed", "selection_changed",
                                                          "reset", "losses_changed"),
                         interval_ms=100, training_ms=500, skip_hidden=True)
        self.setObjectName("lessonEditor")
        self.window, self.player = window, window.lesson_player
        self.draft: LessonDraft | None = None
        self.current = 0
        self._played = None  # the lesson "Play from here" gave the player
        self.recorder = Recorder(window.session, self._recorded)
        self.ask_path = self._ask_path  # seams for tests: a file name, a Save/Discard/Cancel
        self.ask_unsaved = self._ask_unsaved
        self._build()
        self.player.changed.connect(self._player_moved)
        for name, dock in window.docks.items():
            if name in DOCKS:
                dock.toggleViewAction().toggled.connect(self._dock_toggled)
        self.start()

    # --- building -----------------------------------------------------------------------

    def _button(self, text: str, name: str, slot, tip: str = "", checkable=False):
        b = QtWidgets.QPushButton(text, self)
        b.setObjectName(name)
        b.setToolTip(tip or text)
        b.setCheckable(checkable)
        (b.toggled if checkable else b.clicked).connect(slot)
        return b

    def _build(self) -> None:
        self.title_edit = QtWidgets.QLineEdit(self)
        self.title_edit.setObjectName("lessonTitleEdit")
        self.title_edit.editingFinished.connect(self._title_edited)
        self.record_button = self._button("● Record", "recordButton", self.set_recording,
                                          "What you do in the window becomes steps", True)
        self.play_button = self._button("▶ Play from here", "playFromHere", self.play_from_here,
                                        "Rehearse the lesson from the selected step")
        dup = self._button("Duplicate", "duplicateStep", self.duplicate_step)
        delete = self._button("Delete", "deleteStep", self.delete_step)
        self.steps = QtWidgets.QListWidget(self)
        self.steps.setObjectName("lessonSteps")
        self.steps.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.InternalMove)
        self.steps.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.steps.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.currentRowChanged.connect(self._row_chosen)
        self.steps.model().rowsMoved.connect(self._rows_moved)
        self.epochs = QtWidgets.QSpinBox(self)
        self.epochs.setObjectName("trainEpochs")
        self.epochs.setRange(1, MAX_TRAIN_EPOCHS)
        self.epochs.setValue(10)
        train = self._button("Train epochs", "trainButton", self.train_epochs,
                             "Train this many whole epochs now (a step while recording)")
        self.caption = CaptionPanel(self)
        self.caption.edited.connect(self._caption_edited)
        self.notes = QtWidgets.QPlainTextEdit(self)
        self.notes.setObjectName("notesEdit")
        self.notes.setPlaceholderText("Speaker notes: what to ask the hall, what confuses")
        self.notes.textChanged.connect(self._notes_edited)
        self.form = ActionForm(self)
        self.form.edited.connect(self._action_edited)
        self.tabs = QtWidgets.QTabWidget(self)
        for widget, title in ((self.caption, "Caption"), (self.notes, "Notes"),
                              (self.form, "Action")):
            self.tabs.addTab(widget, title)
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {PROBLEM};")
        save = self._button("Save", "saveLesson", self.save)
        save_as = self._button("Save As…", "saveLessonAs", self.save_as)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title_edit)
        for widgets in ((self.record_button, self.play_button), (dup, delete, self.epochs, train)):
            row = QtWidgets.QHBoxLayout()
            for w in widgets:
                row.addWidget(w)
            layout.addLayout(row)
        layout.addWidget(self.steps, 2)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.status)
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        row.addWidget(save_as)
        layout.addLayout(row)

    # --- the draft ----------------------------------------------------------------------

    def open_draft(self, draft: LessonDraft) -> None:
        self.set_recording(False)
        self.draft, self.current = draft, 0
        self.title_edit.setText(str(draft.header.get("title", "")))
        self.refresh_list()
        self.select_step(0)

    def refresh_list(self) -> None:
        if self.draft is None:
            return
        with QtCore.QSignalBlocker(self.steps):
            self.steps.clear()
            for i, step in enumerate(self.draft.steps):
                item = QtWidgets.QListWidgetItem(step_summary(i, step))
                item.setData(ROLE, i)
                item.setToolTip(step.caption)
                self.steps.addItem(item)
            self.steps.setCurrentRow(self.current)
        self.validate()

    def select_step(self, i: int) -> None:
        """Show step ``i`` in the form (the window is not moved: Play from here does that)."""
        if self.draft is None:
            return
        self.current = max(0, min(i, len(self.draft.steps) - 1))
        with QtCore.QSignalBlocker(self.steps):
            self.steps.setCurrentRow(self.current)
        step = self.draft.steps[self.current]
        self.caption.set_text(step.caption)
        with QtCore.QSignalBlocker(self.notes):
            self.notes.setPlainText(step.notes)
        self.form.set_action(self.draft.view, step.action)
        self.redraw(frozenset())
        self.validate()

    def _row_chosen(self, row: int) -> None:
        if row >= 0:
            self.select_step(row)

    def _rows_moved(self, *_args) -> None:
        """A drag reordered the list: the draft's steps in the list's new order."""
        if self.draft is None:
            return
        order = [self.steps.item(r).data(ROLE) for r in range(self.steps.count())]
        moved = self.steps.currentItem().data(ROLE) if self.steps.currentItem() else 0
        steps = [self.draft.steps[i] for i in order]
        self.draft.steps[:] = steps
        self.draft.dirty = True
        self.current = order.index(moved)
        QtCore.QTimer.singleShot(0, self.refresh_list)  # not inside the model's own move

    def _item_text(self) -> None:
        item = self.steps.item(self.current)
        if item is not None and self.draft is not None:
            item.setText(step_summary(self.current, self.draft.steps[self.current]))

    def _title_edited(self) -> None:
        if self.draft is not None and self.title_edit.text().strip():
            self.draft.set_header("title", self.title_edit.text().strip())

    def _caption_edited(self, text: str) -> None:
        if self.draft is not None:
            self.draft.set_caption(self.current, text)
            self._item_text()
            self.validate()

    def _notes_edited(self) -> None:
        if self.draft is not None:
            self.draft.set_notes(self.current, self.notes.toPlainText())
            self.validate()

    def _action_edited(self, action: dict) -> None:
        if self.draft is not None:
            self.draft.set_action(self.current, action)
            self._item_text()
            self.validate()

    def duplicate_step(self) -> None:
        if self.draft is not None:
            self.current = self.draft.duplicate(self.current)
            self.refresh_list()
            self.select_step(self.current)

    def delete_step(self) -> None:
        if self.draft is not None:
            self.draft.remove(self.current)
            self.current = min(self.current, len(self.draft.steps) - 1)
            self.refresh_list()
            self.select_step(self.current)

    def validate(self) -> str | None:
        """The loader's refusal of the draft (this step's also under its form), or None."""
        problem = self.draft.problem() if self.draft is not None else None
        self.status.setText(problem or "")
        self.status.setVisible(bool(problem))
        mine = problem if problem and problem.startswith(f"steps[{self.current}].") else ""
        self.form.set_problem(mine if mine and ".caption" not in mine else "")
        return problem

    # --- live values --------------------------------------------------------------------

    def redraw(self, what: frozenset[str]) -> None:
        """The caption's placeholders and preview follow what the window shows."""
        if self.draft is None:
            return
        view, s = self.draft.view, self.session
        if self.player.lesson is not None:
            values = self.player.values()
        else:
            values = network_values(s) if view == "network" else {}
        action = self.draft.steps[self.current].action
        neuron, edge = s.selection.neuron, s.selection.edge
        if action["do"] == "select" and isinstance(action.get("neuron"), list):
            neuron = tuple(action["neuron"])
        if action["do"] in ("select_edge", "set_weight", "nudge") and "k" in action:
            edge = (action["layer"], action["j"], action["k"])
        spec = s.spec if view == "network" else None
        try:
            names = placeholders(view, spec, neuron, edge)
        except (TypeError, ValueError, IndexError):
            names = placeholders(view, spec)
        self.caption.set_context(view, spec, values, names)

    # --- Record, rehearse, train --------------------------------------------------------

    def set_recording(self, on: bool) -> None:
        if not on or self.draft is None:
            self.recorder.stop()
            with QtCore.QSignalBlocker(self.record_button):
                self.record_button.setChecked(False)
            return
        try:
            lesson = self.draft.lesson()
        except ValidationError as err:
            self.status.setText(f"Cannot record: {err}")
            self.status.show()
            with QtCore.QSignalBlocker(self.record_button):
                self.record_button.setChecked(False)
            return
        self.player.play(lesson, self.current)  # the window as the selected step leaves it
        self.player.close()  # Next and Back now move the session, and are recorded
        self._played = None
        self.recorder.start()
        with QtCore.QSignalBlocker(self.record_button):
            self.record_button.setChecked(True)

    def _recorded(self, action: dict) -> None:
        assert self.draft is not None
        self.current = self.draft.record(self.current, action, caption_for(action))
        self.refresh_list()
        self.select_step(self.current)

    def _dock_toggled(self, _shown: bool) -> None:
        docks = self.window.docks
        self.recorder.docks_shown([n for n in DOCKS if n in docks and not docks[n].isHidden()])

    def train_epochs(self) -> None:
        self.session.train_epochs(self.epochs.value())

    def play_from_here(self) -> None:
        self.set_recording(False)
        if self.draft is None:
            return
        try:
            lesson = self.draft.lesson()
        except ValidationError as err:
            self.status.setText(f"Cannot play: {err}")
            self.status.show()
            return
        self._played = lesson
        self.player.play(lesson, self.current)

    def _player_moved(self) -> None:
        if self._played is not None and self.player.lesson is self._played:
            if self.player.index != self.current:
                self.select_step(self.player.index)

    # --- files --------------------------------------------------------------------------

    def _ask_path(self) -> str:
        assert self.draft is not None
        start = str(self.draft.path or Path.home() / f"{self.draft.header['name']}.json")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save lesson", start,
                                                        "Lesson files (*.json)")
        return path

    def save(self) -> bool:
        if self.draft is None:
            return True
        return self._write(self.draft.path) if self.draft.path else self.save_as()

    def save_as(self) -> bool:
        path = self.ask_path() if self.draft is not None else ""
        return self._write(Path(path)) if path else False

    def _write(self, path: Path) -> bool:
        assert self.draft is not None
        try:
            written = self.draft.save(path)
        except (ValidationError, OSError) as err:
            self.status.setText(f"Not saved: {err}")
            self.status.show()
            QtWidgets.QMessageBox.warning(self, "Cannot save lesson", str(err))
            return False
        self.window.statusBar().showMessage(f"Lesson saved to {written}", 6000)
        return True

    def _ask_unsaved(self) -> str:
        buttons = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, "Unsaved lesson", "The lesson has unsaved changes. Save them first?",
            buttons.Save | buttons.Discard | buttons.Cancel)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def maybe_close(self) -> bool:
        """Ask about unsaved changes; True when the editor may close."""
        if self.draft is None or not self.draft.dirty:
            self.set_recording(False)
            return True
        answer = self.ask_unsaved()
        if answer == "cancel" or (answer == "save" and not self.save()):
            return False
        self.set_recording(False)
        if answer == "discard":
            self.draft.dirty = False
        return True
