"""Lessons → New lesson from this session / Edit lesson…: the lesson editor's dock and menu.

``Authoring`` owns the editor's dock (``dock_lesson_editor``, made when first asked for,
beside the window's own docks but not one of the docks a lesson shows or hides), asks
about an unsaved lesson when the dock or the window closes, and makes the window follow a
lesson's ``docks`` steps (the player says which docks the lesson shows now).
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.lesson_draft import LessonDraft
from app.lessons import DOCKS, list_lessons, load_lesson
from model.errors import ValidationError
from widgets.lesson_editor import LessonEditor

FROM_FILE = "A lesson file…"


class Authoring(QtCore.QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dock: QtWidgets.QDockWidget | None = None
        self.editor: LessonEditor | None = None
        self._docks_shown: tuple[str, ...] | None = None
        self.act_new = window._action("&New lesson from this session", self.new_from_session,
                                      tip="Write a lesson that starts from this session")
        self.act_edit = window._action("&Edit lesson…", self.edit_dialog,
                                       tip="Edit a built-in lesson or a lesson file")
        window.installEventFilter(self)
        player = window.lesson_player
        player.opened.connect(self._lesson_opened)
        player.changed.connect(self._follow_lesson_docks)

    def add_to(self, menu: QtWidgets.QMenu) -> None:
        menu.addActions([self.act_new, self.act_edit])

    # --- the dock -----------------------------------------------------------------------

    def ensure_editor(self) -> LessonEditor:
        if self.editor is None:
            w = self.window
            self.editor = LessonEditor(w)
            self.dock = QtWidgets.QDockWidget("Lesson editor", w)
            self.dock.setObjectName("dock_lesson_editor")  # saveState knows it by this
            self.dock.setWidget(self.editor)
            self.dock.installEventFilter(self)
            w.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            if "inspector" in w.docks:  # a tab of the right column: its whole height
                w.tabifyDockWidget(w.docks["inspector"], self.dock)
        assert self.dock is not None
        self.dock.show()
        self.dock.raise_()
        return self.editor

    def eventFilter(self, obj, event) -> bool:
        """An unsaved lesson is asked about before its dock or the window closes."""
        if (event.type() == QtCore.QEvent.Type.Close and self.editor is not None
                and obj in (self.window, self.dock) and self.dock is not None
                and self.dock.isVisible() and not self.editor.maybe_close()):
            event.ignore()
            return True
        return super().eventFilter(obj, event)

    def _may_replace(self) -> bool:
        return self.editor is None or self.editor.maybe_close()

    # --- opening ------------------------------------------------------------------------

    def new_from_session(self) -> None:
        """A lesson starting from the session as it stands (parameters at the cursor); the
        window restarts at that state so what is recorded plays back the same."""
        if not self._may_replace():
            return
        w = self.window
        shown = tuple(n for n in DOCKS if n in w.docks and not w.docks[n].isHidden())
        spec = w.session.current_spec()
        draft = LessonDraft.from_session(spec.to_json(), docks=shown)
        if spec.path is not None:
            draft.base_dir = Path(spec.path).parent
        self._open(draft)

    def edit_dialog(self) -> None:
        lessons = list_lessons()
        items = [f"{lesson.order}. {lesson.title}" for lesson in lessons] + [FROM_FILE]
        item, ok = QtWidgets.QInputDialog.getItem(self.window, "Edit lesson", "Lesson:",
                                                  items, 0, False)
        if not ok:
            return
        if item == FROM_FILE:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(
                self.window, "Edit lesson file", str(Path.home()), "Lesson files (*.json)")
            if path:
                self.edit_lesson(path)
        else:
            self.edit_lesson(lessons[items.index(item)].name)

    def edit_lesson(self, name_or_path: str | Path) -> bool:
        if not self._may_replace():
            return False
        try:
            draft = LessonDraft.from_lesson(load_lesson(name_or_path))
        except ValidationError as err:
            QtWidgets.QMessageBox.warning(self.window, "Cannot open lesson", str(err))
            return False
        return self._open(draft)

    def _open(self, draft: LessonDraft) -> bool:
        try:
            lesson = draft.lesson()
        except ValidationError as err:
            QtWidgets.QMessageBox.warning(self.window, "Cannot open lesson", str(err))
            return False
        editor = self.ensure_editor()
        self.window.lesson_player.play(lesson, 0)  # the window at the lesson's start
        editor.open_draft(draft)
        assert self.dock is not None
        self.dock.raise_()  # in front of the lesson's own docks
        return True

    # --- a lesson's "docks" steps -------------------------------------------------------

    def _lesson_opened(self) -> None:
        lesson = self.window.lesson_player.lesson
        self._docks_shown = lesson.docks if lesson is not None else None  # as the window
        # shows them (MainWindow._lesson_opened); a later step's "docks" changes them

    def _follow_lesson_docks(self) -> None:
        w, p = self.window, self.window.lesson_player
        if p.lesson is None or w.presentation.active or p.docks == self._docks_shown:
            return
        self._docks_shown = p.docks
        for name in DOCKS:
            if name in w.docks:
                w.docks[name].setVisible(name in p.docks)
