"""The inline editor for one weight or bias, opened over the diagram by a double-click.

Enter applies (through a callback: the diagram calls ``Session.set_weight``/``set_bias``),
Esc cancels, and text that is not a usable number is refused on the spot: the field turns
red and says why, and nothing is sent. Enter on unchanged text closes without an edit, so
the six digits shown never round the true value away.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from model.errors import ValidationError
from model.notation import num, read_number
from model.validate import check_number

LIMIT = 1e6  # the Session's bound on a typed parameter
BAD_STYLE = ("QLineEdit { background: #ffe3e0; border: 2px solid #c62828; padding: 2px; "
             "font-size: 13pt; }")
GOOD_STYLE = ("QLineEdit { background: white; border: 2px solid #1f6fb2; padding: 2px; "
              "font-size: 13pt; }")


def parse_value(name: str, text: str) -> float:
    """The number typed for ``name``, or ValidationError saying what is wrong with it."""
    cleaned = text.strip().replace("−", "-")
    try:
        value = read_number(cleaned)  # what the tooltips show (−1.4 × 10⁻⁶) reads back too
    except ValueError:
        raise ValidationError(name, f"“{text.strip()}” is not a number") from None
    if math.isnan(value):
        raise ValidationError(name, "must be a number, not NaN")
    if math.isinf(value) and "inf" not in cleaned.lower():
        raise ValidationError(name, f"{text.strip()} is too large: must be between "
                                    f"{num(-LIMIT)} and {num(LIMIT)}")
    return check_number(name, value, low=-LIMIT, high=LIMIT)


def value_text(value: float) -> str:
    """The field's starting text: the value as the tooltips show it (``num``)."""
    return num(value)


class _Line(QtWidgets.QLineEdit):
    """A line edit that reports Esc and losing focus to another widget."""

    cancelled = QtCore.Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() in (QtCore.Qt.FocusReason.MouseFocusReason,
                              QtCore.Qt.FocusReason.TabFocusReason,
                              QtCore.Qt.FocusReason.BacktabFocusReason):
            self.cancelled.emit()


class InlineEditor(QtWidgets.QFrame):
    """"w₁₂⁽³⁾ = [0.734    ]" over the diagram; ``apply(value) -> bool`` sends the edit."""

    closed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget, name: str, value: float,
                 apply: Callable[[float], bool]):
        super().__init__(parent)
        self.name = name
        self.error = ""
        self._apply = apply
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("InlineEditor { background: white; border: 1px solid #888; "
                           "border-radius: 6px; } QLabel { font-size: 13pt; }")
        self.label = QtWidgets.QLabel(f"{name} =")
        self.line = _Line(value_text(value))
        self.line.setStyleSheet(GOOD_STYLE)
        self.line.setMinimumWidth(130)
        self.line.selectAll()
        self.message = QtWidgets.QLabel()
        self.message.setStyleSheet("color: #b71c1c; font-size: 12pt;")
        self.message.setWordWrap(True)
        self.message.hide()
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(self.label, 0, 0)
        grid.addWidget(self.line, 0, 1)
        grid.addWidget(self.message, 1, 0, 1, 2)
        self._initial = self.line.text()
        self.line.returnPressed.connect(self.accept)
        self.line.cancelled.connect(self.cancel)
        self.line.textEdited.connect(self._clear_error)

    def open_at(self, centre: QtCore.QPointF) -> None:
        """Show centred on ``centre``, kept inside the parent, with the text selected."""
        self.adjustSize()
        parent = self.parentWidget()
        x = min(max(centre.x() - self.width() / 2, 4), parent.width() - self.width() - 4)
        y = min(max(centre.y() - self.height() / 2, 4), parent.height() - self.height() - 4)
        self.move(int(x), int(y))
        self.show()
        self.raise_()
        self.line.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        if self.line.text() == self._initial:
            self.cancel()
            return
        try:
            value = parse_value(self.name, self.line.text())
        except ValidationError as err:
            self._show_error(str(err))
            return
        if self._apply(value):
            self.cancel()
        else:
            self._show_error(f"{self.name}: the session refused this value")

    def cancel(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()
            self.deleteLater()

    def _show_error(self, reason: str) -> None:
        self.error = reason
        self.line.setStyleSheet(BAD_STYLE)
        self.line.setToolTip(self.error)
        self.message.setText(self.error)
        self.message.show()
        self.adjustSize()
        QtWidgets.QToolTip.showText(self.line.mapToGlobal(QtCore.QPoint(0, self.line.height())),
                                    self.error, self.line)

    def _clear_error(self) -> None:
        if self.error:
            self.error = ""
            self.line.setStyleSheet(GOOD_STYLE)
            self.line.setToolTip("")
            self.message.hide()
            self.adjustSize()
