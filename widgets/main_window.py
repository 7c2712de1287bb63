"""The main window: the diagram in the middle, the step bar under it, docks around it, menus.

It wires user actions to Session methods and lays out the widgets; it draws nothing itself.
What only a command needs (the export dialog, a lesson's own view) is imported when first
used, so a start imports only what the first window shows.
Every dock is made by ``add_dock`` (one pattern, each with an objectName) so the layout
survives restarts through QSettings and "Reset layout" can restore the default.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.lesson_player import LessonPlayer
from app.lessons import load_lesson
from app.recovery import AutoSaver
from app.settings import settings
from app.train_worker import TrainWorker
from model.errors import ValidationError
from widgets.caption_bar import CaptionBar
from widgets.compare_controller import CompareController
from widgets.data_panel import DataPanel
from widgets.diagram import NetworkDiagram
from widgets.dock_scroll import dock_content
from widgets.insight_docks import add_insight
from widgets.inspector import Inspector
from widgets.landscape_panel import LandscapePanel
from widgets.loss_panel import LossPanel
from widgets.matrices_panel import MatricesPanel
from widgets.practice_docks import add_practice
from widgets.presentation import Presentation
from widgets.settings_panel import SettingsPanel
from widgets.speaker_notes import NotesPane
from widgets.step_bar import StepBar, step_title
from widgets.throttle import TrainingPace
from widgets.window_files import WindowFiles
from widgets.window_menus import WindowMenus

LAYOUT_VERSION = 2  # docks added: Data, Network



class MainWindow(WindowMenus, WindowFiles, QtWidgets.QMainWindow):
    """Backprop Studio's window over one Session."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.autosaver = AutoSaver(session, parent=self)  # recovery file every 2 min if unsaved
        self.setObjectName("mainWindow")
        self.resize(1600, 960)
        self.diagram = NetworkDiagram(session, self)
        self.lesson_player = LessonPlayer(session, self)
        self.export_folder = str(Path.home())
        self.lesson_folder = str(Path.home())
        self.desk_docks: dict[str, bool] | None = None  # dock visibility before a lesson
        self.untitled = "XOR demo"  # the title of a session without a file yet
        self._make_actions()
        self._build_centre()
        self._build_docks()
        self.compare = CompareController(self)  # Run → Compare…: two runs side by side
        self._make_menus()
        self._make_status_bar()
        add_insight(self)  # gradient flow, histograms, confusion matrix, training log
        self.presentation = Presentation(self)
        self.presentation.install_shortcuts()
        self.hidden_by_default: set[str] = set()  # docks "Reset layout" puts back hidden
        self.practice = add_practice(self)  # Run → Practice, lessons' "ask" steps
        self.default_state = self.saveState(LAYOUT_VERSION)  # every dock in its place
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.presentation.actions["toggle"])
        self._follow_session()
        # Keys step the model: the diagram, not the first spin box of a dock, starts focused.
        self.diagram.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.diagram.setFocus()
        self._refresh_title()
        self._refresh_status()

    def _build_centre(self) -> None:
        """The diagram (or a lesson's view, or a comparison) over the step and caption bars."""
        central = QtWidgets.QWidget(self)
        column = QtWidgets.QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.center = QtWidgets.QStackedWidget(central)  # the diagram, or a lesson's own view
        self.center.addWidget(self.diagram)
        self.lesson_views: dict[str, QtWidgets.QWidget] = {}
        column.addWidget(self.center, 1)
        self.step_bar = StepBar(self.session, [self.act_start, self.act_prev, self.act_next,
                                          self.act_finish, self.act_play, self.act_train], self)
        column.addWidget(self.step_bar)
        self.caption_bar = CaptionBar(self.lesson_player, self)
        self.caption_bar.hide()
        column.addWidget(self.caption_bar)
        self.notes_pane = NotesPane(self.lesson_player, central)  # N: the lecturer's notes
        column.addWidget(self.notes_pane)
        self.setCentralWidget(central)
        self.lesson_player.opened.connect(self._lesson_opened)
        self.lesson_player.closed.connect(self._lesson_closed)

    def _build_docks(self) -> None:
        """The default layout: Data left, Inspector and settings right, Loss and Matrices
        below (Landscape a tab behind Loss)."""
        session = self.session
        self.docks: dict[str, QtWidgets.QDockWidget] = {}
        left = QtCore.Qt.DockWidgetArea.LeftDockWidgetArea
        right = QtCore.Qt.DockWidgetArea.RightDockWidgetArea
        bottom = QtCore.Qt.DockWidgetArea.BottomDockWidgetArea
        # The docks redraw after the diagram: a step shows where the eye is first.
        self.data_panel = self.add_dock("data", "Data", DataPanel(session), left,
                                        after_diagram=True)
        self.inspector = self.add_dock("inspector", "Inspector", Inspector(session), right,
                                       after_diagram=True)
        self.inspector.setMinimumWidth(380)  # equations wrap badly when narrower
        self.settings_panel = self.add_dock("settings", "Network && training",
                                            SettingsPanel(session), right)
        self.tabifyDockWidget(self.docks["inspector"], self.docks["settings"])
        self.docks["inspector"].raise_()
        self.loss = self.add_dock("loss", "Loss", LossPanel(session), bottom)
        self.matrices = self.add_dock("matrices", "Matrices", MatricesPanel(session), bottom,
                                      after_diagram=True)
        self.splitDockWidget(self.docks["loss"], self.docks["matrices"],
                             QtCore.Qt.Orientation.Horizontal)
        self.setCorner(QtCore.Qt.Corner.BottomRightCorner, right)  # inspector: full height
        self.setCorner(QtCore.Qt.Corner.BottomLeftCorner, left)  # data: full height
        self.resizeDocks([self.docks["inspector"], self.docks["data"]], [430, 360],
                         QtCore.Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["loss"]], [330], QtCore.Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["loss"], self.docks["matrices"]], [520, 400],
                         QtCore.Qt.Orientation.Horizontal)
        self.landscape = self.add_dock("landscape", "Landscape", LandscapePanel(session), bottom)
        self.tabifyDockWidget(self.docks["loss"], self.docks["landscape"])  # a tab behind Loss:
        self.docks["loss"].raise_()  # computed only once it is looked at
        self.docks["landscape"].visibilityChanged.connect(self.landscape.set_shown)

    def _follow_session(self) -> None:
        """The window's own texts follow the Session; its questions and problems are dialogs."""
        session = self.session
        self._status_pace = TrainingPace(session, self._refresh_status, self)
        session.changed.connect(self._status_pace.request)
        session.losses_changed.connect(self._status_pace.request)
        session.running_changed.connect(self._running_changed)
        session.dirty_changed.connect(lambda _dirty: self._refresh_title())
        session.reset.connect(self._refresh_title)
        session.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        session.problem.connect(self.show_problem)
        session.diverged.connect(self.show_divergence)
        session.undo_changed.connect(self._refresh_undo)
        session.confirm = self.ask
        session.worker = TrainWorker()  # Train runs in a second process: the window stays free
        self._refresh_undo()

    # --- docks ----------------------------------------------------------------------------

    def add_dock(self, name: str, title: str, widget: QtWidgets.QWidget,
                 area: QtCore.Qt.DockWidgetArea, after_diagram: bool = False
                 ) -> QtWidgets.QWidget:
        """Wrap ``widget`` in a movable, closable dock named ``dock_<name>`` (the name
        ``saveState``/``restoreState`` know it by), scrolling when it is short
        (``widgets.dock_scroll``: the dock's ``widget()`` may be a scroll area around
        ``widget``; ``panel_of(dock)`` is ``widget``). ``after_diagram``: the widget is a
        ``DockPanel`` that redraws once the diagram has painted."""
        dock = QtWidgets.QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(dock_content(widget))  # a short dock scrolls its panel
        dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        if after_diagram:
            widget.draw_after(self.diagram.painted)
        return widget

    def restore_layout(self) -> None:
        """Geometry and dock layout as the user left them (QSettings)."""
        s = settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(LAYOUT_VERSION))
        s.sync()

    def reset_layout(self) -> None:
        self.restoreState(self.default_state, LAYOUT_VERSION)
        for name, dock in self.docks.items():
            dock.setVisible(name not in self.hidden_by_default)

    # --- actions and menus ----------------------------------------------------------------

    def _make_status_bar(self) -> None:
        self.status_labels = {}
        for key in ("epoch", "iteration", "step", "loss", "train", "test"):
            label = QtWidgets.QLabel(self)
            label.setObjectName(f"status_{key}")
            label.setContentsMargins(10, 0, 10, 0)
            self.statusBar().addPermanentWidget(label)
            self.status_labels[key] = label

    def _refresh_status(self) -> None:
        """Where training stands and its costs: ``Session.readout()``, as every panel."""
        r = self.session.readout()
        sets = r.set_texts()
        for key, text in (("epoch", f"Epoch {r.epoch}"),
                          ("iteration", f"Iteration {r.iteration} of {r.per_epoch}"),
                          ("step", step_title(self.session.step)), ("loss", r.batch_text()),
                          ("train", sets[0]), ("test", sets[1] if len(sets) > 1 else "")):
            self.status_labels[key].setText(text)
            self.status_labels[key].setVisible(bool(text))

    def _refresh_title(self) -> None:
        path = self.session.spec.path
        name = Path(path).name if path else f"{self.untitled} (unsaved)"
        self.setWindowTitle(f"{name}[*] — Backprop Studio")  # Qt shows [*] as * when modified
        self.setWindowModified(self.session.dirty)

    def _running_changed(self, mode: str) -> None:
        self.act_play.setChecked(mode == "play")
        self.act_play.setText("Pause" if mode == "play" else "Play")
        self.act_train.setChecked(mode == "train")
        self.act_train.setText("Stop" if mode == "train" else "Train")

    def _refresh_undo(self) -> None:
        stack = self.session.undo_stack
        for action, verb, label in ((self.act_undo, "Undo", stack.undo_label),
                                    (self.act_redo, "Redo", stack.redo_label)):
            action.setEnabled(bool(label))
            action.setText(f"&{verb} {label[0].lower() + label[1:]}" if label else f"&{verb}")

    # --- lessons --------------------------------------------------------------------------

    def next_step(self) -> None:
        """Next: the lesson's next step while a lesson is open, else the session's (a
        question of the Practice dock first, while one is asked)."""
        if self.practice.before_next():
            return
        if self.lesson_player.lesson is not None:
            self.lesson_player.next()
        else:
            self.session.next_step()

    def previous_step(self) -> None:
        if self.lesson_player.lesson is not None:
            self.lesson_player.previous()
        else:
            self.session.previous_step()

    def open_lesson(self, name: str) -> bool:
        """Open a built-in lesson by name, or a lesson file by path (it replaces the
        session). A bad one is refused in one message naming the step and field, checked
        before anything is asked or changed: the current work stays as it is."""
        try:
            load_lesson(name)
        except ValidationError as err:
            where = f"{Path(name).name}: " if str(name).endswith(".json") else ""
            text = str(err)
            QtWidgets.QMessageBox.warning(self, "Cannot open lesson",
                                          text if text.startswith(str(name)) else where + text)
            return False
        if not self.confirm_discard():
            return False
        self.lesson_player.open(name)
        return True

    def open_lesson_file(self) -> bool:
        """Lessons → Open lesson file…: a lesson file from anywhere."""
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open lesson file", self.lesson_folder, "Lesson files (*.json);;All files (*)")
        if not path:
            return False
        self.lesson_folder = str(Path(path).parent)
        return self.open_lesson(path)

    def central_view(self) -> QtWidgets.QWidget:
        """What the middle of the window shows: the diagram or the lesson's own view."""
        return self.center.currentWidget()

    def _lesson_opened(self) -> None:
        """The lesson's view in the middle and only the docks it lists (the desk's docks
        come back when it closes); the step bar only for a lesson about the network."""
        view = self.lesson_player.view
        if view == "network":
            self.center.setCurrentWidget(self.diagram)
        else:
            if view not in self.lesson_views:
                from widgets.lesson_views import LESSON_VIEWS

                self.lesson_views[view] = LESSON_VIEWS[view](self.lesson_player)
                self.center.addWidget(self.lesson_views[view])
            self.center.setCurrentWidget(self.lesson_views[view])
        self.step_bar.setVisible(view == "network")
        self.caption_bar.show()
        self.act_close_lesson.setEnabled(True)
        if not self.presentation.active:  # presenting chooses its docks itself
            if self.desk_docks is None:
                self.desk_docks = {name: d.isVisible() for name, d in self.docks.items()}
            wanted = self.lesson_player.lesson.docks
            for name, dock in self.docks.items():
                dock.setVisible(name in wanted)
            for name in wanted:
                self.docks[name].raise_()

    def _lesson_closed(self) -> None:
        self.center.setCurrentWidget(self.diagram)
        self.step_bar.show()
        self.caption_bar.hide()
        self.act_close_lesson.setEnabled(False)
        if self.desk_docks is not None and not self.presentation.active:
            for name, visible in self.desk_docks.items():
                self.docks[name].setVisible(visible)
            self.desk_docks = None

    # --- export ---------------------------------------------------------------------------

    def new_export_dialog(self):
        """File → Export's dialog over this window (while presenting, pictures look as
        the screen shows them unless the lecturer unticks it)."""
        from widgets import export
        from widgets.export_dialog import ExportDialog

        return ExportDialog(export.window_targets(self), export.window_steps(self), self,
                            folder=self.export_folder, presenting=self.presentation.active)

    def export_dialog(self) -> None:
        self.session.stop()
        dialog = self.new_export_dialog()
        if dialog.exec() and dialog.written:
            self.export_folder = dialog.folder
            self.statusBar().showMessage(
                f"Exported {dialog.written[0]}" if len(dialog.written) == 1
                else f"Exported {len(dialog.written)} frames to {dialog.written[0].parent}", 6000)

    def copy_picture(self) -> None:
        """The middle view to the clipboard, as the screen shows it (also while presenting)."""
        from widgets import export

        before = self.diagram.exports_as_shown
        self.diagram.set_exports_as_shown(before or self.presentation.active)
        try:
            export.copy_to_clipboard(self.central_view(), 2.0)
        finally:
            self.diagram.set_exports_as_shown(before)
        self.statusBar().showMessage("Picture copied to the clipboard (2×)", 4000)

    def export_trace_dialog(self) -> None:
        start = str(Path(self.export_folder) / "trace.csv")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export trace", start, "Trace CSV (*.csv);;Trace JSON (*.json)")
        if not path:
            return
        from widgets import export

        try:
            written = export.export_trace(self.session, path)
        except (ValidationError, OSError) as err:
            QtWidgets.QMessageBox.warning(self, "Cannot export trace", str(err))
            return
        self.export_folder = str(written.parent)
        self.statusBar().showMessage(f"Trace written to {written}", 6000)

    # --- questions ------------------------------------------------------------------------

    def ask(self, question: str) -> bool:
        """The Session asks before an edit restarts training."""
        answer = QtWidgets.QMessageBox.question(
            self, "Start training again?", question,
            QtWidgets.QMessageBox.StandardButton.Ok | QtWidgets.QMessageBox.StandardButton.Cancel)
        return answer == QtWidgets.QMessageBox.StandardButton.Ok

    def show_problem(self, text: str) -> None:
        """An edit the Session refused: say why; nothing was changed."""
        QtWidgets.QMessageBox.warning(self, "Not changed", f"{text}\n\nNothing was changed.")

    def show_divergence(self, text: str) -> None:
        """Training stopped on a NaN or infinite loss: say so, offer the last finite state."""
        n = self.session.finite_iteration
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, "Training diverged",
                                    text, parent=self)
        back = box.addButton(f"Step back to iteration {n + 1}",
                             QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Stay here", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setInformativeText(f"Iteration {n + 1} is the last whose loss was finite; its "
                               f"update is the step that overflowed.")
        box.exec()
        if box.clickedButton() is back:
            self.session.go_to_iteration(n)

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.session.stop()
        if not self.confirm_discard():
            event.ignore()
            return
        self.save_layout()
        self.autosaver.close()  # closed normally: nothing to recover
        self.compare.end("A")  # run B's training process ends with it
        self.session.worker.close()
        event.accept()
