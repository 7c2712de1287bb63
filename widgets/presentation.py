"""Presentation mode: the main window made ready for a projector, and put back exactly.

``Presentation(window)`` is a controller, not a widget: entering remembers the window
(state, geometry, docks, stylesheet, menus), goes full screen with only the docks the
lesson asks for (or the Inspector), applies the high-contrast stylesheet and tells the
diagram and the caption bar to draw big; leaving restores every one of those. While
presenting, a click on a neuron spotlights it (the diagram does that), and B blanks the
screen with a black overlay; B again, or any step key, brings the picture back without
moving the cursor (the lecturer finds the room where they left it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

THEME_DIR = Path(__file__).resolve().parent.parent / "resources" / "themes"
STYLESHEET = THEME_DIR / "high_contrast.qss"
DIAGRAM_SCALE = 1.5
CAPTION_SCALE = 1.6
INSPECTOR_SCALE = 1.3
RIGHT_SHARE = 0.3  # of the screen's width, for the Inspector
SHORT_SCREEN = 900  # px; below this the bottom docks join the right-hand ones as tabs
DEFAULT_DOCKS = ("inspector",)
BOTTOM_SHARE = 0.24  # of the screen's height, for the Loss and Matrices docks
BUTTON_HEIGHT = 48  # px, the step bar's buttons in their presentation font
KEY = QtCore.Qt.Key
LAYOUT_VERSION = 0  # only this process restores what it saved
STEP_KEYS = frozenset({KEY.Key_Right, KEY.Key_Left, KEY.Key_Space, KEY.Key_PageDown,
                       KEY.Key_PageUp, KEY.Key_Home, KEY.Key_End, KEY.Key_B})


def high_contrast_stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


@dataclass(frozen=True)
class SavedWindow:
    """What entering changes, as it was before."""

    state: QtCore.QByteArray
    geometry: QtCore.QRect  # of a normal window; a maximised one is restored by its state
    window_state: QtCore.Qt.WindowState
    docks: dict[str, bool]
    stylesheet: str
    menu_bar: bool
    status_bar: bool
    caption_scale: float | None
    button_heights: tuple[tuple[QtWidgets.QToolButton, int], ...]
    speed_slider: bool  # hidden while presenting: the bar must fit a 1280-px projector


class BlankOverlay(QtWidgets.QWidget):
    """Black over the whole window (B): nothing on the wall while the lecturer talks."""

    def __init__(self, window: QtWidgets.QWidget):
        super().__init__(window)
        self.setObjectName("presentationBlank")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(QtCore.Qt.CursorShape.BlankCursor)
        self.hide()

    def paintEvent(self, event) -> None:
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtGui.QColor(0, 0, 0))
        painter.end()


class Presentation(QtCore.QObject):
    """Enter / leave presentation mode on a MainWindow; keys via ``install_shortcuts``."""

    active_changed = QtCore.Signal(bool)

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.saved: SavedWindow | None = None
        self.overlay = BlankOverlay(window)
        self.actions: dict[str, QtGui.QAction] = {}
        window.installEventFilter(self)  # keep the overlay the window's size
        player = self._player()
        if player is not None:  # a lesson opened while presenting brings its own docks
            player.opened.connect(self._lesson_changed)
            player.closed.connect(self._lesson_changed)

    # --- public -------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.saved is not None

    @property
    def blanked(self) -> bool:
        return self.overlay.isVisible()

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        """Full screen, big, high contrast, only the docks that matter."""
        if self.active:
            return
        w = self.window
        caption = getattr(w, "caption_bar", None)
        self.saved = SavedWindow(
            state=w.saveState(LAYOUT_VERSION), geometry=QtCore.QRect(w.geometry()),
            window_state=w.windowState(),
            docks={name: dock.isVisible() for name, dock in w.docks.items()},
            stylesheet=w.styleSheet(), menu_bar=w.menuBar().isVisible(),
            status_bar=w.statusBar().isVisible(),
            caption_scale=None if caption is None else float(getattr(caption, "scale", 1.0)),
            button_heights=tuple((b, b.minimumHeight()) for b in self._step_buttons()),
            speed_slider=w.step_bar.speed.isVisibleTo(w.step_bar))
        w.step_bar.speed.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        self._show_docks()
        w.setStyleSheet(high_contrast_stylesheet())
        for button in self._step_buttons():  # the stylesheet's padding does not grow them
            button.setMinimumHeight(BUTTON_HEIGHT)
        w.diagram.set_presentation(scale=DIAGRAM_SCALE, high_contrast=True)
        w.inspector.set_scale(INSPECTOR_SCALE)
        if caption is not None:
            caption.set_scale(CAPTION_SCALE)
        w.showFullScreen()
        self._sync_actions()
        self.active_changed.emit(True)

    def leave(self) -> None:
        """Everything back as it was before ``enter``."""
        if not self.active:
            return
        saved, self.saved = self.saved, None
        w = self.window
        self.unblank()
        w.diagram.set_presentation(scale=1.0, high_contrast=False)
        w.inspector.set_scale(1.0)
        caption = getattr(w, "caption_bar", None)
        if caption is not None and saved.caption_scale is not None:
            caption.set_scale(saved.caption_scale)
        w.setStyleSheet(saved.stylesheet)
        for button, height in saved.button_heights:
            button.setMinimumHeight(height)
        w.step_bar.speed.setVisible(saved.speed_slider)
        w.setWindowState(saved.window_state)
        # The desk fonts' smaller minimum sizes must be in force before the old size fits.
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        if not saved.window_state & (QtCore.Qt.WindowState.WindowMaximized
                                     | QtCore.Qt.WindowState.WindowFullScreen):
            w.setGeometry(saved.geometry)
        w.restoreState(saved.state, LAYOUT_VERSION)
        for name, visible in saved.docks.items():
            w.docks[name].setVisible(visible)
        w.menuBar().setVisible(saved.menu_bar)
        w.statusBar().setVisible(saved.status_bar)
        self._sync_actions()
        self.active_changed.emit(False)

    def blank(self) -> None:
        self.overlay.setGeometry(self.window.rect())
        self.overlay.show()
        self.overlay.raise_()
        QtWidgets.QApplication.instance().installEventFilter(self)

    def unblank(self) -> None:
        if self.overlay.isVisible():
            QtWidgets.QApplication.instance().removeEventFilter(self)
            self.overlay.hide()

    def toggle_blank(self) -> None:
        if self.blanked:
            self.unblank()
        else:
            self.blank()

    def next(self) -> None:
        """A clicker's key: brings a blanked screen back, else the window's next step."""
        if self.blanked:
            self.unblank()
            return
        self.window.next_step()

    def previous(self) -> None:
        if self.blanked:
            self.unblank()
            return
        self.window.previous_step()

    def install_shortcuts(self) -> dict[str, QtGui.QAction]:
        """Window-wide actions: F11 toggles, Esc leaves, PageDown / PageUp step, B blanks."""
        for name, keys, text, slot in (
                ("toggle", ["F11"], "Presentation mode", self.toggle),
                ("leave", ["Esc"], "Leave presentation mode", self._escape),
                ("next", ["PgDown"], "Next (presentation)", self.next),
                ("previous", ["PgUp"], "Previous (presentation)", self.previous),
                ("blank", ["B"], "Blank the screen", self.toggle_blank)):
            action = QtGui.QAction(text, self.window)
            action.setShortcuts([QtGui.QKeySequence(k) for k in keys])
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.window.addAction(action)  # works with the menu bar hidden
            self.actions[name] = action
        self.actions["toggle"].setCheckable(True)
        self._sync_actions()
        return self.actions

    # --- internals ----------------------------------------------------------------------

    def _step_buttons(self) -> list[QtWidgets.QToolButton]:
        bar = getattr(self.window, "step_bar", None)
        return [] if bar is None else bar.findChildren(QtWidgets.QToolButton)

    def _player(self):
        return getattr(self.window, "lesson_player", None)

    def _wanted_docks(self) -> tuple[str, ...]:
        player = self._player()
        lesson = None if player is None else player.lesson
        return DEFAULT_DOCKS if lesson is None else tuple(lesson.docks)

    def _show_docks(self) -> None:
        wanted = self._wanted_docks()
        for name, dock in self.window.docks.items():
            dock.setVisible(name in wanted)
        for name in wanted:  # a tabified dock comes to the front
            if name in self.window.docks:
                self.window.docks[name].raise_()
        self._fit_bottom_docks()

    def _fit_bottom_docks(self) -> None:
        """Docks along the bottom (Loss, Matrices) get a quarter of the screen's height, the
        diagram and the caption keep the rest; on a short screen (a 1280×720 projector) they
        become tabs beside the right-hand docks instead. The right-hand docks get 30 % of
        the width, for the Inspector's larger type."""
        w = self.window
        screen = w.screen().geometry()
        area = QtCore.Qt.DockWidgetArea
        shown = [d for d in w.docks.values() if not d.isHidden() and not d.isFloating()]
        bottom = [d for d in shown if w.dockWidgetArea(d) == area.BottomDockWidgetArea]
        right = [d for d in shown if w.dockWidgetArea(d) == area.RightDockWidgetArea]
        if bottom and right and screen.height() < SHORT_SCREEN:
            for dock in bottom:
                w.tabifyDockWidget(right[-1], dock)
            right[0].raise_()
            right, bottom = right + bottom, []
        if bottom:
            height = int(BOTTOM_SHARE * screen.height())
            w.resizeDocks(bottom, [height] * len(bottom), QtCore.Qt.Orientation.Vertical)
        if right:
            w.resizeDocks(right[:1], [int(RIGHT_SHARE * screen.width())],
                          QtCore.Qt.Orientation.Horizontal)

    def _lesson_changed(self) -> None:
        if self.active:
            self._show_docks()

    def _escape(self) -> None:
        """Esc first closes the diagram's inline editor, if one is open; then leaves."""
        editor = getattr(self.window.diagram, "editor", None)
        if editor is not None:
            editor.cancel()
        elif self.blanked:
            self.unblank()
        else:
            self.leave()

    def _sync_actions(self) -> None:
        """Esc and B only mean something while presenting (Esc stays free for dialogs and
        the editor otherwise); F11 and PageDown / PageUp (a clicker) always work."""
        if "toggle" in self.actions:
            self.actions["toggle"].setChecked(self.active)
            for name in ("leave", "blank"):
                self.actions[name].setEnabled(self.active)

    def eventFilter(self, obj, event) -> bool:
        """Keep the overlay covering the window; while blanked, a step key only unblanks."""
        kind = event.type()
        if obj is self.window and kind == QtCore.QEvent.Type.Resize:
            self.overlay.setGeometry(self.window.rect())
        elif self.blanked and kind in (QtCore.QEvent.Type.ShortcutOverride,
                                       QtCore.QEvent.Type.KeyPress):
            if event.key() in STEP_KEYS and not event.isAutoRepeat():
                event.accept()  # an accepted ShortcutOverride keeps the step action quiet
                if kind == QtCore.QEvent.Type.KeyPress:
                    self.unblank()
                return True
        return super().eventFilter(obj, event)
