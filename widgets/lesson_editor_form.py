"""The lesson editor's form for one step's action: its name and each argument, editable.

Each argument is typed as the lesson file writes it (JSON: ``3``, ``[2, 1]``, ``"mean"``,
``null``; a bare word is taken as text). An emptied optional argument is left out. The
form sends the new action dict; the editor checks the whole draft with the loader and the
form shows the refusal that names this step (``steps[3].k: must be between 0 and 1``).
"""

from __future__ import annotations

import json

from PySide6 import QtCore, QtWidgets

from app.lessons import actions, arguments

PROBLEM = "#b00020"


def _typed(text: str):
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


class ActionForm(QtWidgets.QWidget):
    """``do`` and the arguments of one action; ``edited(dict)`` when one is changed."""

    edited = QtCore.Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = "network"
        self.action: dict = {"do": "show"}
        self.do = QtWidgets.QComboBox(self)
        self.do.setObjectName("actionName")
        self.do.activated.connect(self._do_chosen)
        self.rows = QtWidgets.QFormLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        self.problem = QtWidgets.QLabel(self)
        self.problem.setObjectName("actionProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {PROBLEM};")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QtWidgets.QFormLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addRow("Action", self.do)
        layout.addLayout(top)
        layout.addLayout(self.rows)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def set_action(self, view: str, action: dict) -> None:
        self.view, self.action = view, dict(action)
        with QtCore.QSignalBlocker(self.do):
            self.do.clear()
            self.do.addItems(list(actions(view)))
            self.do.setCurrentText(action["do"])
        while self.rows.rowCount():
            self.rows.removeRow(0)
        self.fields = {}
        for key, required in arguments(view, action["do"]).items():
            field = QtWidgets.QLineEdit(self)
            field.setObjectName(f"arg_{key}")
            if key in action:
                field.setText(json.dumps(action[key], ensure_ascii=False))
            field.setPlaceholderText("required" if required else "default")
            field.editingFinished.connect(self._field_edited)
            self.rows.addRow(key, field)
            self.fields[key] = field

    def set_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _do_chosen(self, _index: int) -> None:
        do = self.do.currentText()
        if do == self.action["do"]:
            return
        kept = {k: v for k, v in self.action.items() if k in arguments(self.view, do)}
        self.set_action(self.view, {"do": do, **kept})
        self.edited.emit(dict(self.action))

    def _field_edited(self) -> None:
        action = {"do": self.action["do"]}
        for key, field in self.fields.items():
            if field.text().strip():
                action[key] = _typed(field.text())
        if action != self.action:
            self.action = action
            self.edited.emit(dict(action))
