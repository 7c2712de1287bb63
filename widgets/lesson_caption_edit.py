"""The lesson editor's caption box: placeholders completed on "{", a live preview, refusals.

``CaptionEdit`` is a plain-text box whose completer pops up the current step's
placeholders (app/caption_binding.placeholders) when "{" is typed, and inserts the chosen
one with its closing brace. ``CaptionPanel`` puts under it the caption as the hall will
read it (filled with the live values in the app's number format), the loader's refusal
of an unknown placeholder, and, for a number typed that equals a live value, the question
"this caption quotes 0.149; bind it to {train_cost}?" with a one-click Bind.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app import caption_binding

PROBLEM = "#b00020"
HINT = "#7a4b00"


class CaptionEdit(QtWidgets.QPlainTextEdit):
    """A caption box that completes ``{placeholder}`` names."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.names = QtCore.QStringListModel(self)
        self.completer = QtWidgets.QCompleter(self.names, self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QtWidgets.QCompleter.CompletionMode.PopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated[str].connect(self.insert_placeholder)

    def set_placeholders(self, names: list[str]) -> None:
        self.names.setStringList(names)

    def _prefix(self) -> str | None:
        """The text typed since the last unclosed "{" before the cursor, or None."""
        cursor = self.textCursor()
        before = self.toPlainText()[:cursor.position()]
        start = before.rfind("{")
        if start < 0 or "}" in before[start:]:
            return None
        return before[start + 1:]

    def insert_placeholder(self, name: str) -> None:
        prefix = self._prefix()
        cursor = self.textCursor()
        if prefix is not None:
            cursor.movePosition(QtGui.QTextCursor.MoveOperation.Left,
                                QtGui.QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(f"{name}}}")
        self.setTextCursor(cursor)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in (QtCore.Qt.Key.Key_Return,
                                                 QtCore.Qt.Key.Key_Enter,
                                                 QtCore.Qt.Key.Key_Escape,
                                                 QtCore.Qt.Key.Key_Tab):
            event.ignore()  # the completer takes them
            return
        super().keyPressEvent(event)
        self.update_completion()

    def update_completion(self) -> None:
        prefix = self._prefix()
        if prefix is None or any(c in prefix for c in " :!"):
            self.completer.popup().hide()
            return
        self.completer.setCompletionPrefix(prefix)
        rect = self.cursorRect()
        rect.setWidth(self.completer.popup().sizeHintForColumn(0) + 24)
        self.completer.complete(rect)
        first = self.completer.completionModel().index(0, 0)
        self.completer.popup().setCurrentIndex(first)  # Return takes the first offered


class CaptionPanel(QtWidgets.QWidget):
    """The caption box, its live preview, its refusal and its literal-number question."""

    edited = QtCore.Signal(str)  # the caption text, as typed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = CaptionEdit(self)
        self.edit.setObjectName("captionEdit")
        self.edit.setPlaceholderText("What to say at this step; type { for a live value")
        self.preview = self._label("captionPreview", "")
        self.problem = self._label("captionProblem", f"color: {PROBLEM};")
        self.flag = self._label("captionLiteral", f"color: {HINT};")
        self.bind_button = QtWidgets.QPushButton("Bind", self)
        self.bind_button.setObjectName("bindLiteral")
        self.bind_button.clicked.connect(self.bind_first)
        flag_row = QtWidgets.QHBoxLayout()
        flag_row.setContentsMargins(0, 0, 0, 0)
        flag_row.addWidget(self.flag, 1)
        flag_row.addWidget(self.bind_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(QtWidgets.QLabel("The hall reads:", self))
        layout.addWidget(self.preview)
        layout.addWidget(self.problem)
        layout.addLayout(flag_row)
        self.view, self.spec, self.values, self.names = "network", None, {}, []
        self.found: list[caption_binding.Literal] = []
        self.edit.textChanged.connect(self._typed)
        self.check()

    def _label(self, name: str, style: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        label.setStyleSheet(style)
        return label

    def set_text(self, text: str) -> None:
        with QtCore.QSignalBlocker(self.edit):
            self.edit.setPlainText(text)
        self.check()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_context(self, view: str, spec, values: dict, names: list[str]) -> None:
        """The step's view and network, the live values and the placeholders on offer."""
        self.view, self.spec, self.values, self.names = view, spec, values, names
        self.edit.set_placeholders(names)
        self.check()

    def _typed(self) -> None:
        self.check()
        self.edited.emit(self.text())

    def check(self) -> None:
        text = self.text()
        problem = caption_binding.refusal(text, self.view, self.spec) if text.strip() else \
            "a caption must not be empty"
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.preview.setText(caption_binding.fill(text, self.values) if not problem else "")
        self.found = caption_binding.literals(text, self.names, self.values) if not problem \
            else []
        self.flag.setText(self.found[0].message if self.found else "")
        self.flag.setVisible(bool(self.found))
        self.bind_button.setVisible(bool(self.found))

    def bind_first(self) -> None:
        """The one-click fix of the first number flagged."""
        if self.found:
            self.edit.setPlainText(caption_binding.bind(self.text(), self.found[0]))
