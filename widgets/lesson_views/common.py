"""What the three lesson views share: a white plot beside (or above) a panel of numbers.

Each view re-reads its state from the lesson player on ``changed`` and ``opened`` and
redraws; the plot is fixed (no mouse pan or zoom: a lecturer's stray drag must not move
it), with large tick fonts and thick lines for a projector.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import num

INK = "#1a1a1a"
MUTED = "#555555"
ALERT = "#b2182b"  # diverging / wrong: the red end, kept apart from the orange/blue classes
GOOD = "#1b7837"
TICK_POINTS = 12
LABEL_POINTS = 14
PANEL_POINTS = 14


def font(points: float, bold: bool = False) -> QtGui.QFont:
    f = QtGui.QFont()
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def pen(colour, width: float, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
    """A cosmetic pen: its width is in pixels whatever the plot's scale."""
    p = pg.mkPen(colour, width=width)
    p.setStyle(style)
    p.setCosmetic(True)
    return p


def signed_term(value: float, symbol: str) -> str:
    """'+ 0.5·x₁' or '− 0.5·x₁' for writing a linear form."""
    sign = "−" if value < 0 else "+"
    return f"{sign} {num(abs(value))}{symbol}"


def make_plot(x_label: str, y_label: str) -> pg.PlotWidget:
    """A white, fixed plot with legible axes."""
    plot = pg.PlotWidget(background="w")
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.setMouseEnabled(x=False, y=False)
    style = {"font-size": f"{LABEL_POINTS}pt", "color": INK}
    for name, text in (("bottom", x_label), ("left", y_label)):
        axis = item.getAxis(name)
        axis.setTickFont(font(TICK_POINTS))
        axis.setPen(pg.mkPen(INK))
        axis.setTextPen(pg.mkPen(INK))
        axis.enableAutoSIPrefix(False)
        item.setLabel(name, text, **style)
    item.getViewBox().disableAutoRange()
    return plot


def make_panel(parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    """The text block of numbers: rich text, word-wrapped, selectable for copying."""
    label = QtWidgets.QLabel(parent)
    label.setFont(font(PANEL_POINTS))
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(f"QLabel {{ color: {INK}; background: white; padding: 10px; }}")
    # The layout's stretch decides the width, not the longest line of the text.
    label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                        QtWidgets.QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(200)
    return label


class LessonView(QtWidgets.QWidget):
    """Base: listens to the player and calls ``refresh`` with its state (None: nothing)."""

    state_name = ""  # the player's attribute this view draws

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("white"))
        self.setPalette(palette)
        player.changed.connect(self._redraw)
        player.opened.connect(self._redraw)

    @property
    def state(self):
        return getattr(self.player, self.state_name, None)

    def _redraw(self) -> None:
        self.refresh(self.state)

    def refresh(self, state) -> None:  # pragma: no cover - every view overrides it
        raise NotImplementedError
