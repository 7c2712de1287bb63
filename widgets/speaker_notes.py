"""Speaker notes for the lecturer, never for the hall.

``NotesPane`` sits under the caption bar when there is one screen: N (or Lessons → Speaker
notes) shows and hides it; it is never on by itself (a fresh window, ``render``, a
presenter view on a second screen: off), and exports leave it out (its ``exportHidden``
property: widgets.export.picture hides such widgets while it paints). ``preview`` writes a
caption not yet played, its placeholders as their names (‹train_cost›): the presenter
view's "next" caption, whose numbers exist only once the step is played.
"""

from __future__ import annotations

import string

from PySide6 import QtCore, QtGui, QtWidgets

EXPORT_HIDDEN = "exportHidden"  # a widget property: exports never show the widget
NOTES_POINTS = 13.0
PANE_LINES = 4  # the pane shows this many lines of notes, then scrolls
INK = "#1a1a1a"
MUTED = "#555555"


def preview(caption: str) -> str:
    """A caption with its placeholders as their names: "C = ‹train_cost›"."""
    try:
        parts = list(string.Formatter().parse(caption))
    except ValueError:
        return caption
    return "".join(text + (f"‹{name}›" if name is not None else "")
                   for text, name, _spec, _conv in parts)


def notes_font(floor: float | None, scale: float = 1.0, bold: bool = False) -> QtGui.QFont:
    """Desk: NOTES_POINTS × scale points; on a projector's screen ``floor`` × scale px."""
    font = QtGui.QFont()
    if floor is None:
        font.setPointSizeF(NOTES_POINTS * scale)
    else:
        font.setPixelSize(max(round(floor * scale), round(floor)))
    font.setBold(bold)
    return font


class NotesPane(QtWidgets.QFrame):
    """The open lesson's notes for the step shown, while ``wanted`` (N) and a lesson is open."""

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.wanted = False
        self.elsewhere = False  # a presenter view shows the notes on another screen
        self.floor: float | None = None
        self.setObjectName("speakerNotes")
        self.setProperty(EXPORT_HIDDEN, True)
        self.setStyleSheet("#speakerNotes { background: #fff8d6; border-top: 1px solid #c9b458; }"
                           f" QLabel {{ color: {INK}; background: transparent; }}")
        self.heading = QtWidgets.QLabel(self)
        self.heading.setObjectName("notesHeading")
        self.text = QtWidgets.QLabel(self)
        self.text.setObjectName("notesText")
        self.text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        self.scroll = QtWidgets.QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.text)
        self.scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.scroll.viewport().setStyleSheet("background: transparent;")
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(10, 4, 10, 6)
        column.setSpacing(2)
        column.addWidget(self.heading)
        column.addWidget(self.scroll)
        self.set_projector(None)
        player.changed.connect(self.refresh)
        self.refresh()

    def set_wanted(self, on: bool) -> None:
        self.wanted = bool(on)
        self.refresh()

    def set_elsewhere(self, on: bool) -> None:
        self.elsewhere = bool(on)
        self.refresh()

    def set_projector(self, floor: float | None) -> None:
        """Presentation mode: text in pixels at ``floor`` (None: the desk's points)."""
        self.floor = floor
        self.heading.setFont(notes_font(floor, 0.9 if floor is None else 1.0, bold=True))
        self.heading.setStyleSheet(f"color: {MUTED};")
        self.text.setFont(notes_font(floor))
        line = QtGui.QFontMetrics(self.text.font()).lineSpacing()
        self.scroll.setFixedHeight(PANE_LINES * line + 4)

    def refresh(self) -> None:
        p = self.player
        lesson = p.lesson
        shown = self.wanted and not self.elsewhere and lesson is not None
        if lesson is not None:
            notes = lesson.steps[p.index].notes
            self.heading.setText(f"Speaker notes, step {p.index + 1} of {p.n_steps} "
                                 "(N hides them)")
            self.text.setText(notes or "No notes for this step.")
        self.setVisible(shown)
