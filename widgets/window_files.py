"""The main window's file actions: new, open (sessions and ONNX models), save, recent files.

A mixin of ``MainWindow``: it reads the window's Session and status bar and asks before
unsaved work is lost; a bad file is reported and the current session stays.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from app.settings import settings
from model.errors import ValidationError
from widgets.model_bridge import open_onnx

SESSION_FILTER = "Backprop Studio sessions (*.json);;All files (*)"
OPEN_FILTER = ("Sessions and ONNX models (*.json *.onnx);;Backprop Studio sessions (*.json);;"
               "ONNX models from PyTorch, Keras, scikit-learn (*.onnx);;All files (*)")
MAX_RECENT = 8


class WindowFiles:
    """New, Open, Save, Save As and the recent files of ``MainWindow``."""

    def _import_csv(self) -> None:
        self.data_panel.controls.import_csv()

    def confirm_discard(self) -> bool:
        """Ask before unsaved work is lost; True when it is fine to go on."""
        if not self.session.dirty:
            return True
        answer = QtWidgets.QMessageBox.question(
            self, "Unsaved changes", "This session has changed since it was saved. Save it?",
            QtWidgets.QMessageBox.StandardButton.Save
            | QtWidgets.QMessageBox.StandardButton.Discard
            | QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QtWidgets.QMessageBox.StandardButton.Discard

    def new_session(self) -> None:
        if self.confirm_discard():
            from app.session import DEMO
            from model.session_file import load_session

            spec = load_session(DEMO)
            spec.path = None
            self.untitled = "XOR demo"
            self.session.open_spec(spec)

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Open session", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open a session file or an ONNX model; a bad file is reported and the current
        session stays."""
        self.session.stop()
        if Path(path).suffix.lower() == ".onnx":
            opened = open_onnx(self, path)
            if opened:
                self._remember(path)
            return opened
        try:
            self.session.open(path)
        except ValidationError as err:
            QtWidgets.QMessageBox.warning(self, "Cannot open session",
                                          f"{Path(path).name} was not opened:\n\n{err}")
            return False
        self._remember(path)
        return True

    def save(self) -> bool:
        if self.session.spec.path is None:
            return self.save_as()
        return self._save_to(self.session.spec.path)

    def save_as(self) -> bool:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save session as", "session.json",
                                                        SESSION_FILTER)
        return bool(path) and self._save_to(path)

    def _save_to(self, path) -> bool:
        try:
            saved = self.session.save(path)
        except OSError as err:
            QtWidgets.QMessageBox.warning(self, "Cannot save", f"{path}: {err.strerror or err}")
            return False
        self._remember(str(saved))
        self._refresh_title()
        self.statusBar().showMessage(f"Saved {saved}", 4000)
        return True

    def _remember(self, path: str) -> None:
        s = settings()
        recent = [p for p in (s.value("recent", []) or []) if p != path]
        s.setValue("recent", [path, *recent][:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = settings().value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.confirm_discard()
                                       and self.open_path(p))
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

