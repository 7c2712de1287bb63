"""The diagram's text as painted, for the legibility audit: where each string went, at what
pixel size, whether it had to be cut to its box, and which strings had to be shortened.

The widget paints through a ``RecordingPainter`` (a QPainter that notes every ``drawText``);
painting code shortens text only through ``elide``, which tells a recording painter what
it cut. Exports paint with a plain QPainter: nothing is recorded there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui

from widgets.projector import font_px

CLIP_SLACK = 0.5  # px a glyph box may pass its room by (antialiasing) before it counts as cut


@dataclass(frozen=True)
class PaintedText:
    """One ``drawText``: the text's own box (widget px), its pixel size and its words."""

    rect: QtCore.QRectF
    px: float
    text: str
    clipped: bool  # the box passes the room it was given (drawText cuts it there)


class RecordingPainter(QtGui.QPainter):
    """A QPainter that keeps a ``PaintedText`` of every string it draws (``texts``) and the
    strings ``elide`` had to shorten (``elided``).

    A paint only notes each ``drawText``'s arguments, font and transform (copies); the
    boxes are measured when ``texts`` is first read (the audit reads them, a paint does
    not), with the same metrics as at the time of drawing."""

    def __init__(self, device):
        super().__init__(device)
        self.record = Recorded()
        self.elided = self.record.elided

    def drawText(self, *args) -> None:  # noqa: N802 (Qt's name)
        super().drawText(*args)
        first = args[0]
        place = (QtCore.QPointF(first) if isinstance(first, (QtCore.QPointF, QtCore.QPoint))
                 else QtCore.QRectF(first))
        self.record.raw.append(((place, *args[1:]), self.font(), self.transform()))

    @property
    def texts(self) -> list[PaintedText]:
        return self.record.texts


class Recorded:
    """The strings of one paint: noted while painting, measured on first reading."""

    def __init__(self) -> None:
        self.raw: list[tuple[tuple, QtGui.QFont, QtGui.QTransform]] = []
        self.elided: list[str] = []
        self._texts: list[PaintedText] | None = None

    @property
    def texts(self) -> list[PaintedText]:
        if self._texts is None:
            self._texts = [_measure(*entry) for entry in self.raw]
        return self._texts


def _measure(args: tuple, f: QtGui.QFont, transform: QtGui.QTransform) -> PaintedText:
    metrics = QtGui.QFontMetricsF(f)
    first = args[0]
    if isinstance(first, QtCore.QPointF):
        text = args[1]
        box = QtCore.QRectF(first.x(), first.y() - metrics.ascent(),
                            metrics.horizontalAdvance(text), metrics.height())
        clipped = False
    else:
        room = first
        flags, text = (args[1], args[2]) if len(args) >= 3 else (0, args[1])
        box = metrics.boundingRect(room, _int(flags), text)
        clipped = not room.adjusted(-CLIP_SLACK, -CLIP_SLACK,
                                    CLIP_SLACK, CLIP_SLACK).contains(box)
    return PaintedText(transform.mapRect(box), font_px(f), str(text), clipped)


def _int(flags) -> int:
    return flags if isinstance(flags, int) else int(flags.value)


def elide(p, metrics: QtGui.QFontMetricsF, text: str, width: float) -> str:
    """``text`` cut to ``width`` px with "…"; a recording painter notes the cut."""
    out = metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, width)
    if out != text:
        note_elided(p, text)
    return out


def note_elided(p, text: str) -> None:
    """Tell a recording painter that ``text`` was drawn shortened."""
    if isinstance(p, RecordingPainter):
        p.elided.append(text)
