"""The presenter view: what the lecturer sees on their own screen while the hall sees the
audience view (the presenting main window) on the projector.

The current caption as the hall reads it, the next one (its numbers not yet known: shown
as placeholder names), the step's speaker notes, the lesson's steps (a click goes there)
and the time since presenting began (R or the button resets it). Text is set for the
screen it is on: the projector's type floor of that screen's height (20 px at 720, 28 px
at 1080) and larger for the caption and the clock. The step keys work here as on the
audience view (Right, Space, PageDown, Left, PageUp; B blanks the hall's screen; Esc
leaves presentation mode).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import clock
from widgets.speaker_notes import notes_font, preview

INK = "#f2f2f2"
MUTED = "#b8b8b8"
ACCENT = "#ffd75e"
STYLE = (f"#presenterView {{ background: #161616; }} QLabel {{ color: {INK}; }}"
         f" QLabel#presenterHint, QLabel#presenterNextHead, QLabel#presenterNotesHead"
         f" {{ color: {MUTED}; }} QLabel#presenterClock {{ color: {ACCENT}; }}"
         " QListWidget { background: #222222; color: #f2f2f2; border: 0px; }"
         " QListWidget::item:selected { background: #3d5a80; color: white; }"
         " QScrollArea { background: transparent; border: 0px; }"
         " QPushButton { color: #f2f2f2; background: #333333; border: 1px solid #666666;"
         " padding: 4px 12px; }")
LIST_CHARS = 70  # of a step's caption in the step list


class PresenterView(QtWidgets.QWidget):
    """A top-level window for the lecturer's screen, following the window's lesson player."""

    def __init__(self, window, presentation, floor: float):
        super().__init__(None, QtCore.Qt.WindowType.Window)
        self.window_ = window
        self.presentation = presentation
        self.player = window.lesson_player
        self.floor = float(floor)
        self.setObjectName("presenterView")
        self.setWindowTitle("Backprop Studio: presenter view")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(STYLE)
        self.started = QtCore.QElapsedTimer()
        self.started.start()
        self._build()
        self._ticker = QtCore.QTimer(self)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start(500)
        self._keys()
        self.player.changed.connect(self.refresh)
        self.player.opened.connect(self._fill_steps)
        self._fill_steps()

    def _label(self, name: str, scale: float = 1.0, bold: bool = False,
               wrap: bool = True) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self)
        label.setObjectName(name)
        label.setFont(notes_font(self.floor, scale, bold))
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        return label

    def _build(self) -> None:
        self.title = self._label("presenterTitle", bold=True)
        self.counter = self._label("presenterCounter", wrap=False)
        self.now = self._label("presenterNow", 1.25)
        self.next_head = self._label("presenterNextHead", bold=True)
        self.next_head.setText("Next")
        self.next = self._label("presenterNext")
        self.notes_head = self._label("presenterNotesHead", bold=True)
        self.notes_head.setText("Notes")
        self.notes = self._label("presenterNotes")
        notes_box = QtWidgets.QScrollArea(self)
        notes_box.setWidgetResizable(True)
        notes_box.setWidget(self.notes)
        notes_box.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        notes_box.viewport().setStyleSheet("background: #161616;")
        self.clock = self._label("presenterClock", 2.0, bold=True, wrap=False)
        self.reset_button = QtWidgets.QPushButton("Reset clock (R)", self)
        self.reset_button.setFont(notes_font(self.floor))
        self.reset_button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.reset_button.clicked.connect(self.reset_clock)
        self.steps = QtWidgets.QListWidget(self)
        self.steps.setObjectName("presenterSteps")
        self.steps.setFont(notes_font(self.floor))
        self.steps.setWordWrap(False)
        self.steps.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.steps.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.steps.itemClicked.connect(lambda item: self.player.go_to(self.steps.row(item)))
        self.hint = self._label("presenterHint")
        self.hint.setText("→ / Space next · ← back · B blank · Esc leave")

        heading = QtWidgets.QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.counter)
        left = QtWidgets.QVBoxLayout()
        left.addLayout(heading)
        for widget, stretch in ((self.now, 0), (self.next_head, 0), (self.next, 0),
                                (self.notes_head, 0), (notes_box, 1), (self.hint, 0)):
            left.addWidget(widget, stretch)
        clock_row = QtWidgets.QHBoxLayout()
        clock_row.addWidget(self.clock, 1)
        clock_row.addWidget(self.reset_button, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        right = QtWidgets.QVBoxLayout()
        right.addLayout(clock_row)
        right.addWidget(self.steps, 1)
        row = QtWidgets.QHBoxLayout(self)
        margin = round(self.floor / 2)
        row.setContentsMargins(margin, margin, margin, margin)
        row.setSpacing(round(self.floor))
        row.addLayout(left, 62)
        row.addLayout(right, 38)

    def _keys(self) -> None:
        p = self.presentation
        for keys, slot in ((("Right", "Space", "PgDown"), p.next),
                           (("Left", "PgUp"), p.previous), (("B",), p.toggle_blank),
                           (("Esc",), p.leave), (("R",), self.reset_clock),
                           (("Home",), lambda: self.player.go_to(0))):
            for key in keys:
                shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
                shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(lambda s=slot: s())

    # --- following the lesson -----------------------------------------------------------

    def _fill_steps(self) -> None:
        self.steps.clear()
        lesson = self.player.lesson
        if lesson is not None:
            for i, step in enumerate(lesson.steps):
                text = " ".join(preview(step.caption).split())
                if len(text) > LIST_CHARS:
                    text = text[:LIST_CHARS - 1].rstrip() + "…"
                self.steps.addItem(f"{i + 1}. {text}")
        self.refresh()

    def refresh(self) -> None:
        p = self.player
        lesson = p.lesson
        if lesson is None:
            self.title.setText("No lesson open")
            self.counter.setText("")
            self.now.setText("The hall sees the session as it is; open a lesson for captions "
                             "and notes.")
            self.next.setText("")
            self.notes.setText("")
        else:
            self.title.setText(lesson.title)
            self.counter.setText(f"step {p.index + 1} of {p.n_steps}")
            self.now.setText(p.caption)
            self.next.setText("(the last step)" if p.at_end
                              else preview(lesson.steps[p.index + 1].caption))
            self.notes.setText(lesson.steps[p.index].notes or "No notes for this step.")
            if self.steps.count() == p.n_steps:
                self.steps.setCurrentRow(p.index)
        self.tick()

    def elapsed(self) -> float:
        """Seconds since presenting began (or the clock was reset)."""
        return self.started.elapsed() / 1000.0

    def reset_clock(self) -> None:
        self.started.restart()
        self.tick()

    def tick(self) -> None:
        self.clock.setText(clock(self.elapsed()))
