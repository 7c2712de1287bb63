"""Drawing the two opaque strips a zoomed diagram slides under: the headline at the top
(caption, what the colours mean, notes on what is not drawn) and the legend at the bottom
(two colour bars with their numbers, and the bias key). Fonts are in points and at least
11 pt.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from widgets.colormap import Scale, to_rgb
from widgets.diagram.layout import PAD
from widgets.diagram.lod import headline_with_lod
from widgets.diagram.scene import Scene
from widgets.diagram.text import ZERO_SCALE, legend_entries, legend_numbers
from widgets.diagram.theme import (
    BACKGROUND,
    CAPTION_FONTS,
    HEADLINE_FONT,
    NOTE_FONT,
    SMALL_FONT,
    Theme,
    text_height,
    text_width,
)


def paint_headline(p: QtGui.QPainter, s: Scene) -> None:
    """The caption (shrunk, or wrapped onto a second line, to fit), what is shown, the note."""
    c, t = s.chrome, s.theme
    p.fillRect(QtCore.QRectF(0, 0, c.width, c.header), BACKGROUND)
    room = c.width - 2 * PAD
    caption, line, *note = scene_headline(s)
    f = next((t.font(*g) for g in CAPTION_FONTS
              if QtGui.QFontMetricsF(t.font(*g)).horizontalAdvance(caption) <= room), None)
    lines = 1
    if f is None:
        f, lines = t.font(*CAPTION_FONTS[-1]), 1
        if c.caption_wraps:
            f, lines = t.font(*CAPTION_FONTS[1]), 2
    y = PAD * 0.6
    y = _text_block(p, f, t.text, caption, y, room, lines) + 2
    line = fitted_line(line, QtGui.QFontMetricsF(t.font(*HEADLINE_FONT)), room)
    y = _text_block(p, t.font(*HEADLINE_FONT), t.text, line, y, room, 1)
    for text in note:
        y = _text_block(p, t.font(*NOTE_FONT), t.muted, text, y, room, 1)


def fitted_line(line: str, metrics: QtGui.QFontMetricsF, room: float) -> str:
    """The headline's line without what the legend strip says too (which quantity the
    neurons and edges show) when the whole line does not fit: the step, the sample and the
    batch cost C are kept whole, never elided."""
    if metrics.horizontalAdvance(line) <= room:
        return line
    parts = [p for p in line.split(" · ") if not p.startswith(("Neurons: ", "Edges: "))]
    return " · ".join(parts)


def scene_headline(s: Scene) -> list[str]:
    """The headline's lines: caption, what is shown, what is not drawn, other notes."""
    return headline_with_lod(s.caption, s.headline, s.notes, s.lod)


def _text_block(p: QtGui.QPainter, f: QtGui.QFont, colour: QtGui.QColor, text: str, y: float,
                room: float, lines: int) -> float:
    """Draw ``text`` on up to ``lines`` word-wrapped lines (elided if longer); the next y."""
    metrics = QtGui.QFontMetricsF(f)
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
    if lines == 1:
        text = metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, room)
    else:
        flags |= QtCore.Qt.TextFlag.TextWordWrap
    rect = QtCore.QRectF(PAD, y, room, metrics.height() * lines)
    p.setFont(f)
    p.setPen(colour)
    p.drawText(rect, flags, text)
    return rect.bottom()


def paint_legend(p: QtGui.QPainter, s: Scene) -> None:
    """Two colour bars with their numbers (neurons, edges) and the bias key."""
    c, t = s.chrome, s.theme
    p.fillRect(QtCore.QRectF(0, c.legend_y, c.width, c.height - c.legend_y), BACKGROUND)
    p.setPen(QtGui.QPen(QtGui.QColor(215, 215, 215), 1))
    p.drawLine(QtCore.QPointF(PAD, c.legend_y), QtCore.QPointF(c.width - PAD, c.legend_y))
    (n_label, n_scale), (e_label, e_scale), (b_text, b_scale) = legend_entries(
        s.plan, s.view.edge_quantity)
    bar = legend_bar_width(s)
    y = c.legend_y + 8
    _colour_bar(p, t, QtCore.QRectF(PAD, y, bar, 0), n_scale, n_label)
    _colour_bar(p, t, QtCore.QRectF(PAD + bar + 28, y, bar, 0), e_scale, e_label)
    x = PAD + 2 * bar + 56
    line = text_height(t.font(*SMALL_FONT))
    b_rgb = to_rgb(b_scale.high if b_scale.high > ZERO_SCALE else 0.0, b_scale)
    p.setPen(QtGui.QPen(t.outline, 1))
    p.setBrush(QtGui.QColor(*(int(v) for v in b_rgb)))
    p.drawRect(QtCore.QRectF(x, y + line + 1, 14, 14))
    p.setFont(t.font(*SMALL_FONT))
    p.setPen(t.text)
    p.drawText(QtCore.QPointF(x + 22, y + line + 13), b_text)


def legend_bar_width(s: Scene) -> float:
    """How wide each of the legend's two colour bars is (the edges' starts at
    PAD + width + 28): what is left beside the bias key, split in two, 80 to 380 px."""
    b_text = legend_entries(s.plan, s.view.edge_quantity)[2][0]
    b_width = 22 + text_width(s.theme.font(*SMALL_FONT), b_text)
    avail = s.chrome.width - 2 * PAD - b_width - 2 * 28
    return max(min(avail / 2, 380.0), 80.0)


def _colour_bar(p: QtGui.QPainter, t: Theme, at: QtCore.QRectF, scale: Scale,
                label: str) -> None:
    """Label above, the map over the scale's range, and low / middle / high numbers below."""
    line = text_height(t.font(*SMALL_FONT))
    x, y, w = at.x(), at.y(), at.width()
    p.setFont(t.font(*SMALL_FONT))
    p.setPen(t.text)
    label = QtGui.QFontMetricsF(t.font(*SMALL_FONT)).elidedText(
        label, QtCore.Qt.TextElideMode.ElideRight, w + 20)
    p.drawText(QtCore.QRectF(x, y, w + 20, line),
               QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop, label)
    values = np.linspace(scale.low, scale.high, 256)
    rgb = np.ascontiguousarray(to_rgb(values, scale)[None, :, :])
    image = QtGui.QImage(rgb.data, 256, 1, 256 * 3, QtGui.QImage.Format.Format_RGB888)
    bar = QtCore.QRectF(x, y + line + 1, w, 16)
    p.drawImage(bar, image)
    p.setPen(QtGui.QPen(t.outline, 1))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRect(bar)
    ny = bar.bottom() + 2
    p.setPen(t.text)
    top = QtCore.Qt.AlignmentFlag.AlignTop
    flags = (QtCore.Qt.AlignmentFlag.AlignLeft, QtCore.Qt.AlignmentFlag.AlignHCenter,
             QtCore.Qt.AlignmentFlag.AlignRight)
    for text, align, left in zip(legend_numbers(scale), flags, (x, x + w / 2 - 60, x + w - 120),
                                 strict=True):
        p.drawText(QtCore.QRectF(left, ny, 120, line), align | top, text)
