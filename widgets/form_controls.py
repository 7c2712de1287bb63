"""The controls of the settings form, each showing the session's value without echoing it.

Combo and spin boxes leave the mouse wheel to the scrolling dock unless they have focus;
``NumberBox`` takes a preset or any typed number within limits, and marks what it refuses.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from model.errors import ValidationError
from model.validate import check_number
from widgets.number_field import IntField, RealField

FONT_POINTS = 11
BAD_STYLE = "QLineEdit { background: #fde0dc; color: #8b0000; }"
ERROR_COLOUR = "#b2182b"


def format_number(value: float) -> str:
    """The shortest plain text of a number (0.00001, not 1e-05), as Playground lists them."""
    return np.format_float_positional(float(value), trim="-")


def sized_font(points: int, bold: bool = False) -> QtGui.QFont:
    """A font of the given size (the form's text and headings)."""
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def add_rows(form: QtWidgets.QFormLayout,
             rows: list[tuple[str | None, QtWidgets.QWidget]]) -> None:
    """The form's rows in order: (label, field), or (None, field) for a field spanning
    the row (the settings panel's and the compare dialog's forms)."""
    for label, field in rows:
        if label is None:
            form.addRow(field)
        else:
            form.addRow(label, field)


class _NoStrayWheel:
    """Scrolling the dock over a control scrolls the dock; the wheel edits a focused control."""

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class Combo(_NoStrayWheel, QtWidgets.QComboBox):
    def __init__(self, items: dict[str, str] | None = None, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        for key, text in (items or {}).items():
            self.addItem(text, key)

    def key(self) -> str:
        return self.currentData()

    def set_key(self, key: str) -> None:
        with QtCore.QSignalBlocker(self):
            self.setCurrentIndex(self.findData(key))


class SpinBox(_NoStrayWheel, IntField):
    def __init__(self, field: str, low: int, high: int, parent=None):
        super().__init__(field, parent)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setRange(low, high)


class DoubleSpinBox(_NoStrayWheel, RealField):
    def __init__(self, field: str, parent=None):
        super().__init__(field, parent)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)


class NumberBox(QtWidgets.QWidget):
    """An editable list of preset numbers that also takes any typed number within limits.

    Text that is not such a number turns red, says why (tooltip and a line under the
    field) and is never sent; ``committed`` carries a valid number the user entered.
    """

    committed = QtCore.Signal(float)

    def __init__(self, field: str, presets, *, low: float, high: float, open_low: bool,
                 tip: str, parent=None):
        super().__init__(parent)
        self.field, self.tip = field, tip
        self._limits = {"low": low, "high": high, "open_low": open_low}
        self.combo = Combo(parent=self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.combo.setCompleter(None)  # inline completion would turn a typed "0" into 0.00001
        for value in presets:
            self.combo.addItem(format_number(value), float(value))
        self.combo.setToolTip(tip)
        self.error = QtWidgets.QLabel(self)
        self.error.setFont(sized_font(FONT_POINTS))
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.error.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.error)
        self._shown: float | None = None  # the session's value last put on screen
        self._edited = False  # the text is the user's, not yet sent
        edit = self.combo.lineEdit()
        edit.textEdited.connect(self._text_edited)
        edit.editingFinished.connect(self._commit)
        self.combo.activated.connect(lambda _index: self._commit())

    @property
    def text(self) -> str:
        return self.combo.currentText()

    @property
    def invalid(self) -> bool:
        """The text on screen is not a number that could be applied."""
        return not self.error.isHidden()

    def parse(self, text: str) -> float:
        """The number typed, or ValidationError saying what is wrong with it."""
        try:
            value = float(text.strip())
        except ValueError:
            raise ValidationError(self.field, f"must be a number, got {text.strip()!r}") from None
        return check_number(self.field, value, **self._limits)

    def show_value(self, value: float, force: bool = False) -> None:
        """Show the session's value, unless the user's own text is pending for the same one."""
        value = float(value)
        if self._edited and value == self._shown and not force:
            return
        self._shown, self._edited = value, False
        index = self.combo.findData(value)
        with QtCore.QSignalBlocker(self.combo):
            if index >= 0:
                self.combo.setCurrentIndex(index)
            self.combo.setEditText(format_number(value))
        self._mark(None)

    def _text_edited(self, text: str) -> None:
        self._edited = True
        try:
            self.parse(text)
        except ValidationError as err:
            self._mark(str(err))
        else:
            self._mark(None)

    def _commit(self) -> None:
        try:
            value = self.parse(self.text)
        except ValidationError as err:
            self._edited = True
            self._mark(str(err))
            return
        self._mark(None)
        if value != self._shown:
            self._edited = False
            self.committed.emit(value)
        else:
            self.show_value(value, force=True)  # tidy the text ("0.10" → "0.1")

    def _mark(self, problem: str | None) -> None:
        edit = self.combo.lineEdit()
        edit.setStyleSheet(BAD_STYLE if problem else "")
        self.combo.setToolTip(f"{problem} — not applied." if problem else self.tip)
        self.error.setText(f"{problem} — not applied." if problem else "")
        self.error.setVisible(bool(problem))
