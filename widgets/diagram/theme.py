"""How the diagram is drawn: the desk look or presentation mode's, its colours and fonts.

A ``Theme`` is a value: the widget holds one, puts it in every ``Scene`` it paints and hands
it to the chrome's measurement (diagram.layout), so text is measured and drawn at the same
sizes and nothing is global. Exports take ``NORMAL`` unless asked for what the screen shows.
Presentation mode's theme is made for a projector (``projector_theme``): its text is set in
pixels from the projector's floor (widgets.projector: 20 px at 720 px, 28 px at 1080 px),
the desk's smallest size at the floor and each bigger one a step above it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from PySide6 import QtGui

from widgets.projector import font_px, px_per_point

BACKGROUND = QtGui.QColor(255, 255, 255)
TEXT = QtGui.QColor(33, 33, 33)
MUTED = QtGui.QColor(95, 95, 95)
OUTLINE = QtGui.QColor(70, 70, 70)
EMPTY_OUTLINE = QtGui.QColor(140, 140, 140)
BAND = QtGui.QColor(255, 240, 190)
RING = QtGui.QColor(0, 0, 0)
EMPTY_FILL = QtGui.QColor(255, 255, 255)
VEIL = QtGui.QColor(255, 255, 255, 200)  # over what the spotlight leaves out
PAD = 16  # px around the picture
PROJECTOR_NOTE_LINES = 2  # a headline note on a projector may wrap onto this many lines
PRESENTATION_MIN_POINTS = 16.0
DESK_SMALL_PX = 11.0 * 96 / 72  # the desk's smallest text (11 pt): the projector's floor
PROJECTOR_FILL = 0.46  # neurons nearly touch on a projector: each pixel of height counts
PROJECTOR_GAP_FILL = 0.26  # and may take more of the gap between columns (values inside)
FLOOR_POINTS = 13.0  # projector type: the desk's sizes up to 13 pt are set at the floor …
TYPE_STEP = 0.05  # … and each point above adds 5 % to it (the height goes to the neurons)

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
    px: float = 0.0  # projector type: no text under this many px (0: the desk's points)
    fill: float = 0.4  # a neuron's radius per spacing of its layer (diagram.layout) …
    gap_fill: float = 0.2  # … and at most this share of the gap between two columns
    legend: bool = True  # the colour legend under (or beside) the columns; two runs side
    # by side share one scale and show it once (``NetworkDiagram.paint_legend_strip``)

    def font(self, points: float, bold: bool = False) -> QtGui.QFont:
        """A font of the application's family at ``points`` as this theme scales it (in
        pixels for a projector: the desk's sizes up to 13 pt at the floor, bigger ones a
        step up)."""
        if self.px:
            return _pixel_font(round(self.px * (1 + max(points - FLOOR_POINTS, 0.0)
                                                * TYPE_STEP)), bold)
        return _font(max(points * self.scale, self.min_points), bold)

    @property
    def projector(self) -> bool:
        """Laid out for a projector: no caption line in the headline (the caption bar and
        the Inspector say it), nothing elided, the legend in rows."""
        return self.px > 0


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


def projector_theme(px: float, high_contrast: bool = True) -> Theme:
    """Presentation mode's theme for a projector whose smallest text is ``px`` pixels:
    neurons, outlines and edges scaled with the type, high contrast as above."""
    scale = px / DESK_SMALL_PX
    base = presentation_theme(scale, high_contrast)
    return replace(base, px=float(px), min_points=0.0, fill=PROJECTOR_FILL,
                   gap_fill=PROJECTOR_GAP_FILL)


@functools.cache
def _pixel_font(px: int, bold: bool) -> QtGui.QFont:
    f = QtGui.QFont()
    f.setPixelSize(max(int(px), 1))
    f.setBold(bold)
    return _measured(f)


@functools.cache
def _font(points: float, bold: bool) -> QtGui.QFont:
    """Made on first use, as a font made before the QApplication exists has no family and
    wrong metrics."""
    f = QtGui.QFont()
    f.setPointSizeF(points)
    f.setBold(bold)
    return _measured(f)


TEXT_KINDS = {"caption": CAPTION_FONT, "headline": HEADLINE_FONT, "note": NOTE_FONT,
              "title": TITLE_FONT, "small": SMALL_FONT, "label": LABEL_FONT}


def text_points(theme: Theme) -> dict[str, float]:
    """The point size of each kind of text the diagram draws, under ``theme`` (a pixel
    size given in points at the screen's dpi)."""
    return {k: font_px(theme.font(*v)) / px_per_point() for k, v in TEXT_KINDS.items()}


def text_px(theme: Theme) -> dict[str, float]:
    """The pixel size of each kind of text the diagram draws, under ``theme``."""
    return {k: font_px(theme.font(*v)) for k, v in TEXT_KINDS.items()}


# The theme's fonts (made once each, above, and never changed) keep their metrics and the
# widths measured in them: the chrome and the legend measure the same strings on every
# layout and paint. Keyed by the font object's id, which its entry keeps alive.
_METRICS: dict[int, tuple[QtGui.QFont, QtGui.QFontMetricsF, float, dict[str, float]]] = {}
WIDTHS_KEPT = 4096  # per font; the oldest half is dropped beyond (numbers change per step)


def _measured(f: QtGui.QFont) -> QtGui.QFont:
    metrics = QtGui.QFontMetricsF(f)
    _METRICS[id(f)] = (f, metrics, metrics.height(), {})
    return f


def metrics(f: QtGui.QFont) -> QtGui.QFontMetricsF:
    """The font's metrics: kept for a theme font, made for any other."""
    known = _METRICS.get(id(f))
    if known is not None and known[0] is f:
        return known[1]
    return QtGui.QFontMetricsF(f)


def text_height(f: QtGui.QFont) -> float:
    known = _METRICS.get(id(f))
    if known is not None and known[0] is f:
        return known[2]
    return QtGui.QFontMetricsF(f).height()


def text_width(f: QtGui.QFont, text: str) -> float:
    known = _METRICS.get(id(f))
    if known is None or known[0] is not f:
        return QtGui.QFontMetricsF(f).horizontalAdvance(text)
    widths = known[3]
    width = widths.get(text)
    if width is None:
        if len(widths) >= WIDTHS_KEPT:
            for old in list(widths)[:WIDTHS_KEPT // 2]:
                del widths[old]
        width = widths[text] = known[1].horizontalAdvance(text)
    return width
