"""The window's side of two runs side by side: Run → Compare… and End comparison.

Compare… asks what run B changes (``CompareDialog``), makes the ``Comparison`` (run B in a
training process of its own), puts the ``CompareView`` in the middle of the window (the
diagram's ``QStackedWidget``) and run B's curves in the Loss dock (``LossOverlay``). The
window's keys, buttons and docks go on driving its Session, run A; B follows it. Ending
keeps either run in the window's Session and puts the diagram back.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.comparison import Comparison
from app.train_worker import TrainWorker
from model.errors import ValidationError
from model.run_pair import Differences
from widgets.compare_dialog import CompareDialog
from widgets.compare_view import CompareView
from widgets.loss_overlay import LossOverlay


class CompareController(QtCore.QObject):
    """Compare… and End comparison (keep A or B) for one ``MainWindow``."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.comparison: Comparison | None = None
        self.view: CompareView | None = None
        self._data_dock_shown = True  # the Data dock before the comparison hid it
        self.act_compare = self._action("&Compare…", self.ask,
                                        "Run B beside this run: the same data, mini-batch "
                                        "order and weights, other settings")
        self.act_keep_a = self._action("End comparison, keep run &A", lambda: self.end("A"))
        self.act_keep_b = self._action("End comparison, keep run &B", lambda: self.end("B"))
        self.actions = [self.act_compare, self.act_keep_a, self.act_keep_b]
        window.lesson_player.opened.connect(self._refresh_actions)
        window.lesson_player.closed.connect(self._refresh_actions)
        self._refresh_actions()

    def _action(self, text: str, slot, tip: str = "") -> QtGui.QAction:
        action = QtGui.QAction(text, self.window)
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _refresh_actions(self) -> None:
        comparing = self.comparison is not None
        self.act_compare.setEnabled(not comparing and self.window.lesson_player.lesson is None)
        self.act_keep_a.setEnabled(comparing)
        self.act_keep_b.setEnabled(comparing)

    def ask(self) -> None:
        """The form, then the comparison (nothing happens if it is cancelled)."""
        session = self.window.session
        session.stop()
        dialog = CompareDialog(session, self.window)
        accepted = dialog.exec()
        self.window.activateWindow()  # the keys step the runs again
        if accepted:
            self.start(dialog.differences())

    def start(self, differences: Differences) -> Comparison | None:
        """Compare the window's Session (run A) with a run B that changes ``differences``."""
        session, window = self.window.session, self.window
        self.end("A")
        session.stop()
        worker = TrainWorker() if session.worker is not None else None
        try:
            comparison = Comparison(session, differences, worker, self)
        except ValidationError as err:
            QtWidgets.QMessageBox.warning(window, "Cannot compare", str(err))
            return None
        self.comparison = comparison
        comparison.message.connect(lambda text: window.statusBar().showMessage(text, 6000))
        comparison.ended.connect(self._ended)
        data = window.docks["data"]  # the view shows both runs' data: the dock would repeat A's
        self._data_dock_shown = data.isVisible()
        data.hide()
        self.view = CompareView(comparison, window.center)
        window.center.addWidget(self.view)
        window.center.setCurrentWidget(self.view)
        self.view.setFocus()
        window.loss.compare_with(LossOverlay(window.loss, comparison))
        self._presenting_changed()
        self._refresh_actions()
        window.statusBar().showMessage(f"Comparing two runs: {comparison.legend()}", 6000)
        return comparison

    def _presenting_changed(self) -> None:
        presentation = getattr(self.window, "presentation", None)
        if presentation is not None:  # while presenting: the runs' layout and type
            presentation.comparison_changed()

    def end(self, keep: str = "A") -> None:
        """End the comparison keeping run ``keep`` ("A" or "B"); nothing if none runs."""
        if self.comparison is not None:
            self.comparison.end(keep)

    def _ended(self, keep: str) -> None:
        window, view = self.window, self.view
        window.loss.compare_with(None)
        if view is not None:
            if window.center.currentWidget() is view:
                window.center.setCurrentWidget(window.diagram)
                window.diagram.setFocus()
            window.center.removeWidget(view)
            view.deleteLater()
        window.docks["data"].setVisible(self._data_dock_shown)
        self.comparison.deleteLater()
        self.comparison = self.view = None
        self._presenting_changed()
        self._refresh_actions()
        window.statusBar().showMessage(f"Comparison ended: run {keep} kept.", 4000)
