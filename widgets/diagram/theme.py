"""How the diagram is drawn: the desk look or presentation mode's, its colours and fonts.

A ``Theme`` is a value: the widget holds one, puts it in every ``Scene`` it paints and hands
it to the chrome's measurement (diagram.layout), so text is measured and drawn at the same
sizes and nothing is global. Exports always take ``NORMAL``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PySide6 import QtGui

BACKGROUND = QtGui.QColor(255, 255, 255)
TEXT = QtGui.QColor(33, 33, 33)
MUTED = QtGui.QColor(95, 95, 95)
OUTLINE = QtGui.QColor(70, 70, 70)
EMPTY_OUTLINE = QtGui.QColor(140, 140, 140)
BAND = QtGui.QColor(255, 240, 190)
RING = QtGui.QColor(0, 0, 0)
EMPTY_FILL = QtGui.QColor(255, 255, 255)
VEIL = QtGui.QColor(255, 255, 255, 200)  # over what the spotlight leaves out
PRESENTATION_MIN_POINTS = 16.0

CAPTION_FONT = (16.0, True)  # (points, bold), made into QFonts by ``Theme.font`` when used
CAPTION_FONTS = (CAPTION_FONT, (14.0, True), (13.0, True))  # tried in turn
HEADLINE_FONT = (13.0, False)
NOTE_FONT = (12.0, False)
TITLE_FONT = (13.0, False)
TITLE_ACTIVE_FONT = (13.0, True)
SMALL_FONT = (11.0, False)
LABEL_FONT = (12.0, False)


@dataclass(frozen=True)
class Theme:
    """How the diagram is drawn: the desk look (``NORMAL``) or presentation mode's, made
    for a projector at the back of a hall (``presentation_theme``)."""

    scale: float = 1.0  # fonts, neurons, outlines and edge widths are multiplied by it
    min_points: float = 0.0  # no text smaller than this
    text: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(TEXT))
    muted: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(MUTED))
    outline: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(OUTLINE))
    empty_outline: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(EMPTY_OUTLINE))
    band: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(BAND))
    line: float = 1.0  # outline widths are multiplied by it
    edge_ink: float = 1.0  # edge colours are multiplied by it (< 1: darker, stronger on white)

    def font(self, points: float, bold: bool = False) -> QtGui.QFont:
        """A font of the application's family at ``points`` as this theme scales it."""
        return _font(max(points * self.scale, self.min_points), bold)


NORMAL = Theme()


def presentation_theme(scale: float = 1.5, high_contrast: bool = True) -> Theme:
    """Bigger everything (text at least 16 pt); with ``high_contrast`` pure black text and
    outlines, thicker outlines, a stronger band and darker edge colours on the white."""
    if not high_contrast:
        return Theme(scale, PRESENTATION_MIN_POINTS, line=scale)
    black = QtGui.QColor(0, 0, 0)
    return Theme(scale, PRESENTATION_MIN_POINTS, black, QtGui.QColor(25, 25, 25), black,
                 QtGui.QColor(45, 45, 45), QtGui.QColor(255, 222, 120), line=2.0 * scale,
                 edge_ink=0.78)


@functools.cache
def _font(points: float, bold: bool) -> QtGui.QFont:
    """Made on first use, as a font made before the QApplication exists has no family and
    wrong metrics."""
    f = QtGui.QFont()
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def text_points(theme: Theme) -> dict[str, float]:
    """The point size of each kind of text the diagram draws, under ``theme``."""
    kinds = {"caption": CAPTION_FONT, "headline": HEADLINE_FONT, "note": NOTE_FONT,
             "title": TITLE_FONT, "small": SMALL_FONT, "label": LABEL_FONT}
    return {k: theme.font(*v).pointSizeF() for k, v in kinds.items()}


def text_height(f: QtGui.QFont) -> float:
    return QtGui.QFontMetricsF(f).height()


def text_width(f: QtGui.QFont, text: str) -> float:
    return QtGui.QFontMetricsF(f).horizontalAdvance(text)
