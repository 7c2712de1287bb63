"""The main window's actions, menus and help: every command with its shortcut, one place.

A mixin of ``MainWindow``: actions are added to the window too, so their shortcuts work
with the menu bar hidden (presentation mode).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.lessons import list_lessons
from widgets.lesson_authoring import Authoring
from widgets.model_bridge import add_export_menu

SHORTCUTS = [
    ("Right, Space", "Next step"),
    ("Left", "Previous step (across updates too)"),
    ("Home", "Back to the start of this iteration"),
    ("End", "Finish the forward or backward pass"),
    ("P", "Play / pause stepping"),
    ("T", "Train at full speed / stop"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "Zoom in / out / fit the diagram"),
    ("Ctrl+Z, Ctrl+Shift+Z", "Undo, redo an edit (data, architecture, weights, settings)"),
    ("Double-click", "Edit a weight (on an edge) or a bias (on a neuron)"),
    ("Ctrl+O, Ctrl+S, Ctrl+Shift+S", "Open, save, save as"),
    ("Ctrl+E, Ctrl+Shift+C", "Export a picture or a range of steps; copy a picture"),
    ("F11, Esc", "Presentation mode on / off"),
    ("PageDown, PageUp", "Next, previous (a clicker's buttons)"),
    ("Ctrl+Right, Ctrl+Left", "Next, previous from a Practice answer field (Enter checks)"),
    ("B", "Blank the screen while presenting"),
    ("N", "Speaker notes of the lesson step (one screen; with two, the presenter view)"),
    ("Click a neuron", "Spotlight it while presenting"),
]


class WindowMenus:
    """The actions (``act_*``), the menu bar and the Help dialogs of ``MainWindow``."""

    def _action(self, text: str, slot, shortcuts=(), tip: str = "", checkable=False):
        action = QtGui.QAction(text, self)
        action.setShortcuts([QtGui.QKeySequence(k) for k in shortcuts])
        action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip or text} ({', '.join(shortcuts)})" if shortcuts else tip or text)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _make_actions(self) -> None:
        s = self.session
        self.act_next = self._action("Next ▶", self.next_step, ["Right", "Space"], "Next step")
        self.act_prev = self._action("◀ Back", self.previous_step, ["Left"], "Previous step")
        self.act_start = self._action("|◀ Start", s.go_to_start, ["Home"],
                                      "Back to the start of this iteration")
        self.act_finish = self._action("Finish ▶|", s.finish_pass, ["End"],
                                       "Jump to the end of the forward or backward pass")
        self.act_play = self._action("Play", s.toggle_play, ["P"], "Play / pause stepping",
                                     checkable=True)
        self.act_train = self._action("Train", s.toggle_train, ["T"],
                                      "Train whole epochs at full speed / stop", checkable=True)
        self.act_new = self._action("&New (demo)", self.new_session, ["Ctrl+N"])
        self.act_open = self._action("&Open…", self.open_dialog, ["Ctrl+O"])
        self.act_save = self._action("&Save", self.save, ["Ctrl+S"])
        self.act_save_as = self._action("Save &As…", self.save_as, ["Ctrl+Shift+S"])
        self.act_quit = self._action("&Quit", self.close, ["Ctrl+Q"])
        self.act_zoom_in = self._action("Zoom in", self.diagram.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.act_zoom_out = self._action("Zoom out", self.diagram.zoom_out, ["Ctrl+-"])
        self.act_fit = self._action("Fit to window", self.diagram.fit, ["Ctrl+0"])
        self.act_values = self._action("Values inside neurons", self.diagram.set_show_values,
                                       checkable=True)
        self.act_values.setChecked(True)
        self.act_reset_layout = self._action("Reset layout", self.reset_layout)
        self.act_maps = self._action("Neuron maps over the input plane",
                                     self.diagram.set_show_maps, checkable=True)
        self.act_maps.setChecked(True)
        self.act_undo = self._action("&Undo", s.undo, ["Ctrl+Z"])
        self.act_redo = self._action("&Redo", s.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.act_close_lesson = self._action("&Close lesson", self.lesson_player.close)
        self.act_close_lesson.setEnabled(False)
        self.act_open_lesson = self._action("&Open lesson file…", self.open_lesson_file,
                                            tip="A lesson file from anywhere")
        self.act_notes = self._action("Speaker &notes", self.notes_pane_toggled, ["N"],
                                      "Show or hide the step's speaker notes (never exported)",
                                      checkable=True)
        self.act_import = self._action("&Import CSV…", self._import_csv, ["Ctrl+I"],
                                       "Use the data of a CSV file")
        self.act_export = self._action("&Export picture or steps…", self.export_dialog,
                                       ["Ctrl+E"], "PNG, SVG, numbered frames or a GIF")
        self.act_copy = self._action("&Copy picture", self.copy_picture, ["Ctrl+Shift+C"],
                                     "Copy what the middle of the window shows, at 2×")
        self.act_export_trace = self._action("Export &trace…", self.export_trace_dialog,
                                             tip="Every z, a, δ and gradient as CSV or JSON")

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        file_menu.addSeparator()
        file_menu.addActions([self.act_export, self.act_copy, self.act_export_trace])
        file_menu.addAction("Export &worksheet…", self.export_worksheet_dialog).setToolTip(
            "A printable PDF with blanks to fill in and its answer key")
        add_export_menu(self, file_menu)  # ONNX…, Python script…
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_undo, self.act_redo])

        view = self.view_menu = bar.addMenu("&View")
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addAction(self.act_reset_layout)
        view.addSeparator()
        view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_values,
                         self.act_maps])
        scale_menu = view.addMenu("Colour scale")
        group = QtGui.QActionGroup(self)
        for mode, text in (("layer", "Per layer"), ("network", "Whole network"),
                           ("locked", "Locked at current")):
            action = scale_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(mode == self.session.scale_mode)
            action.triggered.connect(lambda _c=False, m=mode: self.session.set_scale_mode(m))
            group.addAction(action)

        run = bar.addMenu("&Run")
        run.addActions([self.act_next, self.act_prev, self.act_start, self.act_finish])
        run.addSeparator()
        run.addActions([self.act_play, self.act_train])
        run.addSeparator()
        run.addActions(self.compare.actions)

        lessons = bar.addMenu("&Lessons")
        lessons.setToolTipsVisible(True)  # each lesson's summary says what it assumes
        for lesson in list_lessons():
            action = lessons.addAction(f"{lesson.order}. {lesson.title}",
                                       lambda _c=False, n=lesson.name: self.open_lesson(n))
            action.setToolTip(lesson.summary)
        lessons.addSeparator()
        lessons.addActions([self.act_open_lesson, self.act_notes, self.act_close_lesson])
        lessons.addSeparator()
        self.authoring = Authoring(self)  # the lesson editor (widgets/lesson_authoring.py)
        self.authoring.add_to(lessons)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction("Keyboard shortcuts", self.show_shortcuts)
        help_menu.addAction("Notation in other texts", self.show_notation)
        help_menu.addAction("About Backprop Studio", self.show_about)

    def notes_pane_toggled(self, on: bool) -> None:
        self.notes_pane.set_wanted(on)

    def export_worksheet_dialog(self) -> None:
        from widgets.worksheet_dialog import export_worksheet  # QtPrintSupport, only when asked

        export_worksheet(self)

    def show_notation(self) -> None:
        from widgets.notation_help import show_crosswalk  # its table, only when asked

        show_crosswalk(self)

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>"
                       for k, v in SHORTCUTS)
        QtWidgets.QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(
            self, "About Backprop Studio",
            "<h3>Backprop Studio</h3><p>Watch a neural network compute: the forward pass, "
            "the four equations of backpropagation, and gradient descent, one step at a time, "
            "with every number on screen.</p>")

