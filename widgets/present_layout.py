"""Presentation mode's arrangement of the window, designed for a 16:9 projector.

Height is what a 1280×720 screen lacks, so nothing but the picture stacks up in the middle:
- the step bar and the lesson's caption bar leave the middle column for one bar along the
  bottom of the whole window (a tool bar), so the caption has the full width and the
  fewest lines;
- the docks the lesson needs share one column on the right as tabs, each getting the
  column's whole height (none is squeezed below use) and no title bar (the tabs name
  them); D brings the next one to the front, Shift+D widens the column so the dock in
  front becomes the big one; a panel's editors (the Data dock's dataset form, the Loss
  dock's axis choices) are hidden: the lecture shows the data, not the forms behind it.
``leave`` puts the bars back where they were; the docks' places come back with the
window's saved state (widgets.presentation).
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from widgets.dock_scroll import panel_of

HIDDEN_WHILE_PRESENTING = {"data": ("controls",), "loss": ("controls",)}  # dock → its
# panel's editors: the lecture shows the data and the curves, not the forms behind them
# (at 20 px those would not fit a 720-px column, nor a 30 % wide one)
RIGHT_SHARE = 0.36  # of the window's width, for the docks' column with the Inspector …
PLOTS_SHARE = 0.3  # … or without it (plots need less width than worked equations)
WIDE_SHARE = 0.6  # … and with Shift+D, to make the dock in front the big one
WIDEN_BY = 0.05  # a crowded Inspector's column grows by this share, up to WIDE_SHARE
BAR_STYLE = "QToolBar#presentationBar { border: 0px; padding: 0px; spacing: 0px; }"
AREA = QtCore.Qt.DockWidgetArea


class PresentLayout:
    """Moves a MainWindow's bars and docks into the projector's arrangement and back."""

    def __init__(self, window):
        self.window = window
        self.bar: QtWidgets.QToolBar | None = None
        self._homes: list[tuple[QtWidgets.QWidget, QtWidgets.QBoxLayout, int]] = []
        self.docks: list[QtWidgets.QDockWidget] = []
        self._untitled: list[QtWidgets.QDockWidget] = []
        self._hidden: list[QtWidgets.QWidget] = []  # panel parts hidden while presenting
        self.wide = False
        self.extra = 0.0  # share the column grew by for a crowded Inspector (this lesson)

    @property
    def active(self) -> bool:
        return self.bar is not None

    def enter(self) -> None:
        """The step and caption bars into one bar along the bottom of the window."""
        w = self.window
        self.bar = bar = QtWidgets.QToolBar("Presentation", w)
        bar.setObjectName("presentationBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setStyleSheet(BAR_STYLE)
        bar.toggleViewAction().setEnabled(False)
        box = QtWidgets.QWidget(bar)
        box.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                          QtWidgets.QSizePolicy.Policy.Preferred)
        column = QtWidgets.QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._homes = []
        for widget in (w.step_bar, w.caption_bar):
            home = widget.parentWidget().layout()
            self._homes.append((widget, home, home.indexOf(widget)))
            visible = not widget.isHidden()
            column.addWidget(widget)
            widget.setVisible(visible)
        bar.addWidget(box)
        w.addToolBar(QtCore.Qt.ToolBarArea.BottomToolBarArea, bar)

    def leave(self) -> None:
        """The bars back in the middle column, in their places; the tool bar gone."""
        if self.bar is None:
            return
        for widget, home, index in self._homes:
            visible = not widget.isHidden()
            home.insertWidget(index, widget)
            widget.setVisible(visible)
        self.window.removeToolBar(self.bar)
        self.bar.deleteLater()
        for editor in self._hidden:
            editor.show()
        self._hidden = []
        for dock in self._untitled:
            blank = dock.titleBarWidget()
            dock.setTitleBarWidget(None)
            blank.deleteLater()
        self.bar, self._homes, self.docks, self._untitled, self.wide = None, [], [], [], False
        self.extra = 0.0

    def arrange(self, wanted: tuple[str, ...]) -> None:
        """Only the ``wanted`` docks, as tabs in the right-hand column (the first in front)."""
        w = self.window
        docks = [w.docks[n] for n in wanted if n in w.docks]
        if docks != self.docks:
            self.extra = 0.0  # another lesson: its own column
        self.docks = docks
        for dock in w.docks.values():
            dock.setVisible(dock in self.docks)
        for dock in self.docks:
            dock.setFloating(False)
            if w.dockWidgetArea(dock) != AREA.RightDockWidgetArea or dock is self.docks[0]:
                w.addDockWidget(AREA.RightDockWidgetArea, dock)
        for dock in self.docks[1:]:
            w.tabifyDockWidget(self.docks[0], dock)
        for name in wanted:
            for part in HIDDEN_WHILE_PRESENTING.get(name, ()):
                editor = getattr(panel_of(w.docks[name]), part, None)
                if editor is not None and not editor.isHidden():
                    editor.hide()
                    self._hidden.append(editor)
        for dock in self.docks:
            if dock not in self._untitled:
                dock.setTitleBarWidget(QtWidgets.QWidget(dock))
                self._untitled.append(dock)
        if self.docks:
            self.docks[0].raise_()
        self.fit()

    def fit(self) -> None:
        """The column's width: a share of the window's (more with Shift+D)."""
        if self.docks:
            words = self.window.docks.get("inspector") in self.docks
            share = WIDE_SHARE if self.wide else min(
                (RIGHT_SHARE if words else PLOTS_SHARE) + self.extra, WIDE_SHARE)
            self.window.resizeDocks(self.docks[:1], [int(share * self.window.width())],
                                    QtCore.Qt.Orientation.Horizontal)

    def front(self) -> QtWidgets.QDockWidget | None:
        """The dock the column shows (Qt keeps the tabs behind it visible, but moves them
        out of the window; the one in front may be all covered by its own scroll area)."""
        for dock in self.docks:
            if dock.isVisible() and dock.geometry().intersects(self.window.rect()):
                return dock
        return self.docks[0] if self.docks else None

    def next_dock(self) -> None:
        """D: the next of the lesson's docks to the front."""
        if len(self.docks) > 1:
            i = self.docks.index(self.front())
            self.docks[(i + 1) % len(self.docks)].raise_()

    def widen(self) -> None:
        """A crowded Inspector: its column a notch wider (never narrower again while the
        lesson lasts: the picture does not jump back and forth between steps)."""
        if self.active and RIGHT_SHARE + self.extra < WIDE_SHARE:
            self.extra += WIDEN_BY
            QtCore.QTimer.singleShot(0, self.fit)

    def toggle_wide(self) -> None:
        """Shift+D: the column wide (the dock in front is the big one) or normal again."""
        self.wide = not self.wide
        self.fit()
