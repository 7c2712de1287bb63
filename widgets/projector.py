"""Type for the back row of a lecture hall: presentation mode's text sizes, by screen height.

At 1280×720 no text is under 20 px, at 1920×1080 none under 28 px, linear in the height
between and beyond (``floor_px``). Pixels, not points: what reads from the back row is the
share of the wall a letter takes, and that is its share of the screen's pixels whatever the
screen's dpi. ``Projector`` brings the widgets presentation mode does not draw itself (the
docks' panels, their tab bars) to that floor and puts every font back on ``restore``;
pyqtgraph plots inside them are projector_plots' job.
"""

from __future__ import annotations

import math
import re

from PySide6 import QtCore, QtGui, QtWidgets

FLOOR_AT = ((720, 20.0), (1080, 28.0))  # (screen height, smallest text) in px
DESK_BODY_PX = 16.0  # 12 pt at 96 dpi, the panels' usual body size: it becomes the floor
LINE_PX = 14.0  # a desk line width of 1 px becomes floor / LINE_PX px
_SIZE = re.compile(r"font-size:\s*([\d.]+)\s*(pt|px)")


def floor_px(height: float) -> int:
    """The smallest text size (px) on a screen ``height`` px tall: 20 at 720, 28 at 1080."""
    (h0, p0), (h1, p1) = FLOOR_AT
    return max(int(p0), math.ceil(p0 + (height - h0) * (p1 - p0) / (h1 - h0) - 1e-9))


def line_scale(floor: float) -> float:
    """How much thicker lines and markers are drawn at this floor (1.43 at 720 px)."""
    return floor / LINE_PX


def px_per_point() -> float:
    screen = QtGui.QGuiApplication.primaryScreen()
    return (screen.logicalDotsPerInchY() if screen is not None else 96.0) / 72.0


def font_px(font: QtGui.QFont) -> float:
    """A font's size in pixels, whether it was given in pixels or in points."""
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * px_per_point()


def projected_px(px: float, floor: float) -> int:
    """A desk size as presentation sets it: the desk's body size becomes the floor, bigger
    sizes keep their proportion, nothing is under the floor."""
    return max(int(floor), round(px * floor / DESK_BODY_PX))


def projected_font(font: QtGui.QFont, floor: float) -> QtGui.QFont:
    out = QtGui.QFont(font)
    out.setPixelSize(projected_px(font_px(font), floor))
    return out


def projected_size(size: str | None, floor: float) -> str:
    """A CSS size ("12pt", "16px"; None: the floor) as presentation sets it ("20px")."""
    m = _SIZE.search(f"font-size: {size}") if size else None
    if m is None:
        return f"{int(floor)}px"
    px = float(m.group(1)) * (px_per_point() if m.group(2) == "pt" else 1.0)
    return f"{projected_px(px, floor)}px"


def projected_css(text: str, floor: float) -> str:
    """Every ``font-size: N pt|px`` in a style or HTML string at its projected size."""
    return _SIZE.sub(lambda m: f"font-size: {projected_size(m.group(1) + m.group(2), floor)}",
                     text)


class Projector:
    """Raises the fonts of widget trees to a floor and remembers what they were.

    ``apply`` may run again (a lesson opened, a panel rebuilt its rows): fonts it set are
    recognised and recomputed from the desk's, so nothing grows twice.
    """

    def __init__(self):
        self.floor = 0.0
        self._fonts: dict[int, tuple[QtWidgets.QWidget, QtGui.QFont, bool, QtGui.QFont]] = {}

    def apply(self, roots, floor: float, skip=()) -> None:
        """Each root (and every descendant with a font of its own) at ``floor`` px or more;
        ``skip``: widgets (and their descendants) that size their own type."""
        self.floor = float(floor)
        skipped = {id(w) for s in skip for w in [s, *s.findChildren(QtWidgets.QWidget)]}
        for root in roots:
            for w in [root, *root.findChildren(QtWidgets.QWidget)]:
                if id(w) in skipped:
                    continue
                if w is root or w.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont):
                    self._raise(w)

    def _raise(self, w: QtWidgets.QWidget) -> None:
        known = self._fonts.get(id(w))
        if known is None or known[0] is not w:  # new to us (or an id reused)
            known = (w, QtGui.QFont(w.font()),
                     w.testAttribute(QtCore.Qt.WidgetAttribute.WA_SetFont), None)
        elif w.font() != known[3]:  # its panel set another desk font since
            known = (w, QtGui.QFont(w.font()), known[2], None)
        font = projected_font(known[1], self.floor)
        self._fonts[id(w)] = (w, known[1], known[2], font)
        w.setFont(font)

    def restore(self) -> None:
        """Every font back as it was (inherited again where it was inherited)."""
        for w, desk, explicit, _ in self._fonts.values():
            try:
                w.setFont(desk if explicit else QtGui.QFont())
            except RuntimeError:  # deleted meanwhile (a rebuilt panel's old rows)
                continue
        self._fonts.clear()
        self.floor = 0.0
