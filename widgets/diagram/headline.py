"""Drawing the opaque strip at the top a zoomed diagram slides under: the headline (caption,
what the colours mean, notes on what is not drawn); the legend at the bottom is
diagram.legend's. On a projector the strip holds the notes only, word-wrapped, never cut:
the caption bar and the Inspector say the caption, the legend and the step bar what the
colours mean and which step and sample this is.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from widgets.diagram.lod import headline_with_lod
from widgets.diagram.painted import elide, note_elided
from widgets.diagram.scene import Scene
from widgets.diagram.theme import (
    BACKGROUND,
    CAPTION_FONTS,
    HEADLINE_FONT,
    NOTE_FONT,
    PAD,
    PROJECTOR_NOTE_LINES,
    metrics,
)


def paint_headline(p: QtGui.QPainter, s: Scene) -> None:
    """The caption (shrunk, or wrapped onto a second line, to fit), what is shown, the note."""
    c, t = s.chrome, s.theme
    p.fillRect(QtCore.QRectF(0, 0, c.width, c.header), BACKGROUND)
    room = c.width - 2 * PAD
    caption, line, *note = scene_headline(s)
    y = PAD * 0.6
    if t.projector:
        for text in note:
            y = _text_block(p, t.font(*NOTE_FONT), t.muted, text, y, room, PROJECTOR_NOTE_LINES)
        return
    f, lines = caption_font(s, caption, room)
    y = _text_block(p, f, t.text, caption, y, room, lines) + 2
    line = fitted_line(line, metrics(t.font(*HEADLINE_FONT)), room)
    y = _text_block(p, t.font(*HEADLINE_FONT), t.text, line, y, room, 1)
    for text in note:
        y = _text_block(p, t.font(*NOTE_FONT), t.muted, text, y, room, 1)


def caption_font(s: Scene, caption: str, room: float) -> tuple[QtGui.QFont, int]:
    """The caption's font and lines: the biggest of CAPTION_FONTS it fits on one line in;
    where the chrome made room for two, the biggest it fits on two lines in; else the
    smallest (and the caption is elided)."""
    t = s.theme
    fonts = [t.font(*g) for g in CAPTION_FONTS]
    one = next((f for f in fonts if metrics(f).horizontalAdvance(caption) <= room), None)
    if one is not None:
        return one, 1
    if not s.chrome.caption_wraps:
        return fonts[-1], 1
    two = next((f for f in fonts[1:] if _wrapped_lines(metrics(f), caption, room) <= 2),
               fonts[-1])
    return two, 2


def _wrapped_lines(m: QtGui.QFontMetricsF, text: str, room: float) -> int:
    box = m.boundingRect(QtCore.QRectF(0, 0, room, 1e6), int(QtCore.Qt.TextFlag.TextWordWrap),
                         text)
    return round(box.height() / m.lineSpacing())


def _elided_lines(p, m: QtGui.QFontMetricsF, text: str, room: float, lines: int) -> str:
    """``text`` as it fits on ``lines`` word-wrapped lines: whole, or cut at a word and
    ended with "…" (noted as elided)."""
    if _wrapped_lines(m, text, room) <= lines:
        return text
    words = text.split(" ")
    while len(words) > 1 and _wrapped_lines(m, " ".join(words) + "…", room) > lines:
        words.pop()
    note_elided(p, text)
    return " ".join(words) + "…"


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
    m = metrics(f)
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
    rect = QtCore.QRectF(PAD, y, room, m.height())
    if lines == 1:
        text = elide(p, m, text, room)
    else:
        text = _elided_lines(p, m, text, room, lines)
        flags |= QtCore.Qt.TextFlag.TextWordWrap
        rect.setHeight(max(m.boundingRect(rect.adjusted(0, 0, 0, 1e6), int(flags.value),
                                          text).height(), m.height() * lines))
    p.setFont(f)
    p.setPen(colour)
    p.drawText(rect, flags, text)
    return rect.bottom()
