"""Presentation mode: the main window made ready for a projector, and put back exactly.

``Presentation(window)`` is a controller, not a widget: entering remembers the window
(state, geometry, docks, stylesheet, menus), goes full screen (or, headless, to a given
size: ``render --present --size``), arranges it for a 16:9 projector (widgets.present_layout:
the step and caption bars along the bottom, the lesson's docks as tabs on the right) and
sets every text at the projector's type floor for the screen's height (widgets.projector:
20 px at 720, 28 px at 1080): the diagram, Inspector, caption bar and lesson views draw
themselves big, the docks' panels and their plots are raised to the floor. Leaving
restores every one of those. With two screens (widgets.screens), the window, the audience
view, goes full screen on the second (the projector) and a presenter view
(widgets.presenter_view: captions, notes, step list, clock) on the first, the lecturer's;
with one, N shows the speaker notes in a pane under the caption. While presenting, a click
on a neuron spotlights it (the diagram does that), D brings the next dock to the front,
Shift+D makes it the big one, and B blanks the screen with a black overlay; B again, or any
step key, brings the picture back without moving the cursor (the lecturer finds the room
where they left it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

from PySide6 import QtCore, QtGui, QtWidgets

from widgets import screens
from widgets.present_layout import PresentLayout
from widgets.presenter_view import PresenterView
from widgets.projector import Projector, floor_px
from widgets.projector_plots import PlotProjector

THEME_DIR = Path(__file__).resolve().parent.parent / "resources" / "themes"
STYLESHEET = THEME_DIR / "high_contrast.qss"
DEFAULT_DOCKS = ("inspector",)
BUTTON_FLOORS = 1.9  # the step bar's buttons are this many type floors tall
KEY = QtCore.Qt.Key
LAYOUT_VERSION = 0  # only this process restores what it saved
STEP_KEYS = frozenset({KEY.Key_Right, KEY.Key_Left, KEY.Key_Space, KEY.Key_PageDown,
                       KEY.Key_PageUp, KEY.Key_Home, KEY.Key_End, KEY.Key_B})


def high_contrast_stylesheet(floor: float = 20) -> str:
    """The projector's stylesheet with its sizes for a type floor of ``floor`` px."""
    sizes = {"button": f"{round(floor)}px", "label": f"{round(floor)}px",
             "tip": f"{round(floor)}px"}
    return Template(STYLESHEET.read_text(encoding="utf-8")).safe_substitute(sizes)


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
        self.arrangement = PresentLayout(window)
        window.inspector.crowded.connect(self.arrangement.widen)
        self.fonts, self.plots = Projector(), PlotProjector()
        self.size: QtCore.QSize | None = None  # headless: the window's size, not the screen's
        self.floor = 0  # px: the smallest text while presenting
        self.audience = None  # with two screens: the one the window presents on …
        self.presenter: PresenterView | None = None  # … and the lecturer's view on the first
        window.installEventFilter(self)  # keep the overlay the window's size
        player = self._player()
        if player is not None:  # a lesson opened while presenting brings its own docks
            player.opened.connect(self._lesson_changed)
            player.closed.connect(self._lesson_changed)
            player.changed.connect(self._lesson_step)
        session = getattr(window, "session", None)
        if session is not None:  # panels rebuild their rows for a new network
            session.reset.connect(self._lesson_step)

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

    def enter(self, size: QtCore.QSize | None = None) -> None:
        """Full screen (or ``size``, headless), big, high contrast, only the docks that
        matter, laid out for a projector."""
        if self.active:
            return
        w = self.window
        self.saved = SavedWindow(
            state=w.saveState(LAYOUT_VERSION), geometry=QtCore.QRect(w.geometry()),
            window_state=w.windowState(),
            docks={name: dock.isVisible() for name, dock in w.docks.items()},
            stylesheet=w.styleSheet(), menu_bar=w.menuBar().isVisible(),
            status_bar=w.statusBar().isVisible(),
            button_heights=tuple((b, b.minimumHeight()) for b in self._step_buttons()),
            speed_slider=w.step_bar.speed.isVisibleTo(w.step_bar))
        self.size = None if size is None else QtCore.QSize(size)
        w.step_bar.speed.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        self.arrangement.enter()
        shown = screens.screens() if self.size is None else []
        if len(shown) >= 2:
            self.audience = shown[1]
            screens.show_full_screen(w, self.audience)
        elif self.size is None:
            w.showFullScreen()
        else:
            w.setWindowState(QtCore.Qt.WindowState.WindowNoState)
            w.resize(self.size)
        self._apply(self._target_floor())
        if self.audience is not None:
            self._open_presenter(shown[0])
        self._sync_actions()
        self.active_changed.emit(True)

    def leave(self) -> None:
        """Everything back as it was before ``enter``."""
        if not self.active:
            return
        saved, self.saved = self.saved, None
        w = self.window
        self._close_presenter()
        self.unblank()
        self.fonts.restore()
        self.plots.restore()
        self.floor = 0
        w.diagram.set_presentation(scale=1.0, high_contrast=False)
        w.inspector.set_projector(None)
        w.caption_bar.set_projector(None)
        compare = self._compare_view()
        if compare is not None:
            compare.set_projector(None)
        w.caption_bar.set_buttons_shown(True)
        w.notes_pane.set_projector(None)
        w.setStyleSheet(saved.stylesheet)
        for button, height in saved.button_heights:
            button.setMinimumHeight(height)
        w.step_bar.speed.setVisible(saved.speed_slider)
        self.arrangement.leave()
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
        self.size = None
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
        """Window-wide actions: F11 toggles, Esc leaves, PageDown / PageUp step, B blanks,
        D / Shift+D choose the dock in front and widen its column."""
        for name, keys, text, slot in (
                ("toggle", ["F11"], "Presentation mode", self.toggle),
                ("leave", ["Esc"], "Leave presentation mode", self._escape),
                ("next", ["PgDown"], "Next (presentation)", self.next),
                ("previous", ["PgUp"], "Previous (presentation)", self.previous),
                ("blank", ["B"], "Blank the screen", self.toggle_blank),
                ("next_dock", ["D"], "Next dock to the front (presentation)",
                 self.arrangement.next_dock),
                ("wide_dock", ["Shift+D"], "Make the dock in front the big one (presentation)",
                 self.arrangement.toggle_wide)):
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

    def _open_presenter(self, screen) -> None:
        """The presenter view full screen on ``screen``; the notes pane stays off the hall's."""
        self.presenter = PresenterView(self.window, self, floor_px(screen.geometry().height()))
        screens.show_full_screen(self.presenter, screen)
        self.window.notes_pane.set_elsewhere(True)

    def _close_presenter(self) -> None:
        if self.presenter is not None:
            self.presenter.close()
            self.presenter.deleteLater()
            self.presenter = None
        self.audience = None
        self.window.notes_pane.set_elsewhere(False)

    def _step_buttons(self) -> list[QtWidgets.QToolButton]:
        bar = getattr(self.window, "step_bar", None)
        return [] if bar is None else bar.findChildren(QtWidgets.QToolButton)

    def _player(self):
        return getattr(self.window, "lesson_player", None)

    def _wanted_docks(self) -> tuple[str, ...]:
        player = self._player()
        lesson = None if player is None else player.lesson
        if self._compare_view() is not None:
            return ()  # the two runs need the width
        if lesson is not None:
            return tuple(lesson.docks)
        practice = getattr(self.window, "practice", None)  # Run → Practice: ask the hall
        return (*DEFAULT_DOCKS, "practice") if practice and practice.enabled else DEFAULT_DOCKS

    def _target_floor(self) -> int:
        """The type floor for the screen presented on (or the headless window's size)."""
        if self.size is not None:
            size = self.size
        elif self.audience is not None:
            size = self.audience.geometry().size()
        else:
            size = self.window.screen().geometry().size()
        return floor_px(size.height())

    def _apply(self, floor: int) -> None:
        """Every text at ``floor`` px or more, the lesson's docks in their column."""
        w = self.window
        self.floor = floor
        w.setStyleSheet(high_contrast_stylesheet(floor))
        for button in self._step_buttons():  # the stylesheet's padding does not grow them
            button.setMinimumHeight(round(BUTTON_FLOORS * floor))
        w.diagram.set_presentation(px=floor, high_contrast=True)
        w.caption_bar.set_projector(floor)
        w.notes_pane.set_projector(floor)
        w.caption_bar.set_buttons_shown(w.step_bar.isHidden())  # else Back / Next are there
        self.arrangement.arrange(self._wanted_docks())
        self._project_panels()
        if self.size is not None:  # the new minimum sizes are known only now
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
            w.resize(self.size)
            self.arrangement.fit()

    def _project_panels(self, shown_only: bool = False) -> None:
        """The docks' panels, titles and tab bars and the lessons' views at the floor (the
        Inspector sizes its own type); run again whenever they may have made new widgets
        or plot items (a lesson step, a rebuilt panel). ``shown_only`` (a step): only the
        docks in the column and the view in the middle, the Inspector's type as it is
        (a hidden dock is projected whole when ``arrange`` shows it)."""
        w = self.window
        panels = [d for n, d in w.docks.items() if n != "inspector"
                  and (d.isVisible() or not shown_only)]
        views = list(w.lesson_views.values())
        panels += [v for v in views if not shown_only or v is w.central_view()]
        compare = self._compare_view()
        if compare is not None:  # Run → Compare…: both runs' diagrams and maps
            compare.set_projector(self.floor)
            panels.append(compare)
        bars = [b for b in w.findChildren(QtWidgets.QTabBar) if b.parent() is w]
        self.fonts.apply([*panels, w.docks["inspector"], *bars], self.floor,
                         skip=[w.inspector])
        if not shown_only:
            w.inspector.set_projector(self.floor)
        self.plots.apply(panels, self.floor)

    def _compare_view(self):
        controller = getattr(self.window, "compare", None)
        return None if controller is None else controller.view

    def comparison_changed(self) -> None:
        """A comparison began or ended while presenting: its two runs take the whole
        width (no dock column; the Loss overlay is a desk tool), at the floor."""
        self._refresh()

    def _lesson_changed(self) -> None:
        """A lesson opened or closed (after the window showed its view): its docks, in a
        column of the normal width again (a crowded Inspector widens it anew if need be)."""
        self.arrangement.extra = 0.0
        self._refresh()

    def _lesson_step(self) -> None:
        """A lesson step (its view drew new items) or a new network (panels new rows)."""
        if self.active:
            QtCore.QTimer.singleShot(0, self, self._project_shown)

    def _project_shown(self) -> None:
        if self.active:
            self._project_panels(shown_only=True)

    def _refresh(self) -> None:
        """After a lesson opened or closed, or the window's size changed: the floor for the
        screen, the lesson's docks, and any new panel widgets at the floor."""
        if self.active:
            self._apply(self._target_floor())

    def _resized(self) -> None:
        if not self.active:
            return
        if self._target_floor() != self.floor:
            self._refresh()
        else:
            self.arrangement.fit()

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
        """Esc, B and D only mean something while presenting (Esc stays free for dialogs
        and the editor otherwise); F11 and PageDown / PageUp (a clicker) always work."""
        if "toggle" in self.actions:
            self.actions["toggle"].setChecked(self.active)
            for name in ("leave", "blank", "next_dock", "wide_dock"):
                self.actions[name].setEnabled(self.active)

    def eventFilter(self, obj, event) -> bool:
        """Keep the overlay covering the window; while blanked, a step key only unblanks."""
        kind = event.type()
        if obj is self.window and kind == QtCore.QEvent.Type.Resize:
            self.overlay.setGeometry(self.window.rect())
            if self.active:  # full screen arrives late on a real screen: size from it
                QtCore.QTimer.singleShot(0, self, self._resized)
        elif self.blanked and kind in (QtCore.QEvent.Type.ShortcutOverride,
                                       QtCore.QEvent.Type.KeyPress):
            if event.key() in STEP_KEYS and not event.isAutoRepeat():
                event.accept()  # an accepted ShortcutOverride keeps the step action quiet
                if kind == QtCore.QEvent.Type.KeyPress:
                    self.unblank()
                return True
        return super().eventFilter(obj, event)
