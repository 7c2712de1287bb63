"""A dock that is short scrolls; it never squeezes or clips its panel.

Every panel has a minimum size below which its text and plots no longer fit (the Data
dock's form, the confusion matrix's cells, a plot's axes). Put in a dock as it is, that
minimum becomes the window's: with the insight, landscape and confusion docks the desk
layout needed 1373×779, more than a 1280×720 screen. ``DockScroll`` holds the panel in a
frameless scroll area: the panel is laid out at the dock's size while that is at least
its minimum, and scrolls (it keeps its minimum size, so nothing is cut) when the dock is
smaller. Panels that scroll themselves (the Inspector, the Matrices, the settings form)
go into their dock as they are. ``panel_of(dock)`` is the panel either way.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

MIN_SIDE = 96  # px: a dock's content never gets smaller than this (a scroll bar and a bit)
MIN_SHARE = (0.2, 0.22)  # … nor needs more than these shares of its screen's width, height


class DockScroll(QtWidgets.QScrollArea):
    """A frameless scroll area around one dock panel (``panel``)."""

    def __init__(self, panel: QtWidgets.QWidget, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.panel = panel
        self.setObjectName(f"scroll_{panel.objectName()}" if panel.objectName() else "")
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)  # sized here: the dock's size, not its height for
        # width (a panel whose plot wants to be square would scroll in a dock it fits)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(panel)
        panel.installEventFilter(self)  # its minimum changes (new rows, presentation type)

    def fit_panel(self) -> None:
        """The panel at the viewport's size, but never under its own minimum."""
        least = self.panel.minimumSizeHint().expandedTo(self.panel.minimumSize())
        view = self.maximumViewportSize()  # the viewport without scroll bars
        size = least.expandedTo(view)
        if size.width() > view.width():  # a horizontal bar takes height from the view
            size.setHeight(max(least.height(), view.height()
                               - self.horizontalScrollBar().sizeHint().height()))
        if size.height() > view.height():  # a vertical bar takes width
            size.setWidth(max(least.width(), view.width()
                              - self.verticalScrollBar().sizeHint().width()))
        if self.panel.size() != size:
            self.panel.resize(size)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_panel()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.panel and event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.fit_panel()
            self.updateGeometry()
        return super().eventFilter(obj, event)

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 (Qt's name)
        """The panel's own wish (QScrollArea would cap it at a few dozen font heights)."""
        wish = self.panel.sizeHint().expandedTo(self.panel.minimumSizeHint())
        return wish.expandedTo(self.minimumSizeHint())

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 (Qt's name)
        """The panel's minimum, but no more than a share of the screen (on a 1280×720
        one the desk layout fits): below its panel's minimum the dock scrolls."""
        wish = self.panel.minimumSizeHint()
        room = available_size(self)
        caps = [max(MIN_SIDE, int(share * side))
                for share, side in zip(MIN_SHARE, (room.width(), room.height()), strict=True)]
        return QtCore.QSize(min(max(wish.width(), MIN_SIDE), caps[0]),
                            min(max(wish.height(), MIN_SIDE), caps[1]))

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ScreenChangeInternal:
            self.updateGeometry()  # another screen: other shares
        return super().event(event)


def available_size(widget: QtWidgets.QWidget) -> QtCore.QSize:
    """The available size (without task bars) of the screen the widget is on."""
    screen = widget.screen() or QtGui.QGuiApplication.primaryScreen()
    return screen.availableGeometry().size()


def scrolls_itself(panel: QtWidgets.QWidget) -> bool:
    """Whether the panel is a scroll area, or has one holding its content (``scroll``)."""
    return (isinstance(panel, QtWidgets.QAbstractScrollArea)
            or isinstance(getattr(panel, "scroll", None), QtWidgets.QAbstractScrollArea))


def dock_content(panel: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """What a dock holds for ``panel``: the panel, or a ``DockScroll`` around it."""
    return panel if scrolls_itself(panel) else DockScroll(panel)


def panel_of(dock: QtWidgets.QDockWidget) -> QtWidgets.QWidget | None:
    """The panel a dock shows (inside its ``DockScroll``, if it has one)."""
    content = dock.widget()
    return content.panel if isinstance(content, DockScroll) else content
