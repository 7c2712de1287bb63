"""Spin boxes that never change a typed number behind the user's back.

Qt's spin boxes drop every keystroke their validator calls Invalid and correct text out
of range when editing ends: "1e308" typed as Points became 1308, a hidden size of
100000000 became 100, a GIF range "to 20" with 8 steps became 2, a test ratio of "1.00"
became 0.00. ``IntField`` and ``RealField`` take any text while it is typed; when editing
finishes (Enter, or leaving the field), text that is not a number within the limits is
refused with a message naming the field, the limit and what was typed — shown at the
field (a tooltip, the field in red), kept in ``refusal`` and sent by ``refused`` — and
the previous value stays. A typed number becomes the value only when editing finishes
(no keyboard tracking: "1e308" does not pass through 1 and 1000 on the way). They are
QSpinBox and QDoubleSpinBox otherwise (``value()``, ``setRange``, ``valueChanged``, arrows
and keys).
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import num, read_number

REFUSED_STYLE = "QAbstractSpinBox { background: #fde0dc; color: #8b0000; }"
Acceptable = QtGui.QValidator.State.Acceptable
Intermediate = QtGui.QValidator.State.Intermediate


class _Checked:
    """What the integer and real fields share; mixed in before the Qt spin box class."""

    field: str
    refusal: str  # the last refusal's message ("" after an accepted edit)

    def _start(self, field: str) -> None:
        self.field = field
        self.refusal = ""
        self._typed: str | None = None  # the user's text since editing began
        self._tip = ""
        self.setCorrectionMode(QtWidgets.QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(False)  # "1e308" must not pass through 1 and 1000 as typed
        self.lineEdit().textEdited.connect(self._edited)
        self.editingFinished.connect(self._finished)

    # --- what text means ------------------------------------------------------------------

    def _bare(self, text: str) -> str:
        return text.strip().removeprefix(self.prefix()).removesuffix(self.suffix()).strip()

    def _limit(self, value: float) -> str:
        return num(value)

    def problem(self, text: str) -> str | None:
        """Why ``text`` cannot be this field's value (None when it can)."""
        try:
            value = read_number(self._bare(text))
        except ValueError:
            return f"is not a number{self._kind_hint()}"
        if not math.isfinite(value):
            return "is not a finite number"
        if value < self.minimum():
            return f"is below the smallest allowed, {self._limit(self.minimum())}"
        if value > self.maximum():
            return f"is above the largest allowed, {self._limit(self.maximum())}"
        return self._exactness(value)

    def _kind_hint(self) -> str:
        return ""

    def _exactness(self, value: float) -> str | None:
        return None

    # --- Qt's hooks -------------------------------------------------------------------------

    def validate(self, text: str, pos: int):  # noqa: D401 (Qt's name)
        """Never Invalid: every keystroke stays; only an acceptable text becomes the value."""
        return (Acceptable if self.problem(text) is None else Intermediate), text, pos

    def fixup(self, text: str) -> str:
        return text  # nothing is corrected: the previous value stays, and the user is told

    # --- editing ----------------------------------------------------------------------------

    def setToolTip(self, tip: str) -> None:  # noqa: N802 (Qt's name)
        """The field's own tip, shown again once a refusal is put right."""
        self._tip = tip
        if not self.refusal:
            super().setToolTip(tip)

    def _edited(self, text: str) -> None:
        self._typed = text

    def _finished(self) -> None:
        typed, self._typed = self._typed, None
        if typed is None:
            return
        why = self.problem(typed)
        if why is None:
            self._mark("")
            return
        kept = self.textFromValue(self.value())
        self._mark(f"{self.field}: “{typed.strip()}” {why}; it stays {kept}.")
        self.refused.emit(self.refusal)

    def _mark(self, refusal: str) -> None:
        self.refusal = refusal
        self.setStyleSheet(REFUSED_STYLE if refusal else "")
        QtWidgets.QAbstractSpinBox.setToolTip(self, refusal or self._tip)
        if refusal and self.isVisible():
            QtWidgets.QToolTip.showText(self.mapToGlobal(QtCore.QPoint(0, self.height())),
                                        refusal, self)


class IntField(_Checked, QtWidgets.QSpinBox):
    """A whole number within its range, refused with a message otherwise (module docs)."""

    refused = QtCore.Signal(str)

    def __init__(self, field: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._start(field)

    def _limit(self, value: float) -> str:
        return str(int(value))

    def _kind_hint(self) -> str:
        return " (a whole number is needed)"

    def _exactness(self, value: float) -> str | None:
        return None if value.is_integer() else "is not a whole number"

    def valueFromText(self, text: str) -> int:  # noqa: N802 (Qt's name)
        return int(read_number(self._bare(text)))


class RealField(_Checked, QtWidgets.QDoubleSpinBox):
    """A real number within its range, with no more decimals than it keeps (module docs)."""

    refused = QtCore.Signal(str)

    def __init__(self, field: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._start(field)

    def _exactness(self, value: float) -> str | None:
        places = self.decimals()
        if round(value, places) != value:
            return f"has more decimals than the {places} this field keeps"
        return None

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt's name)
        return read_number(self._bare(text))
