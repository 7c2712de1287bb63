"""An animated GIF of a range of steps, optionally with each step's caption burned in under
the picture in type large enough to read projected."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6 import QtCore, QtGui

from model.atomic_write import atomic_path
from model.errors import ValidationError
from model.validate import check_int

STRIP_BACKGROUND = QtGui.QColor(242, 242, 242)
STRIP_TEXT = QtGui.QColor(33, 33, 33)
STRIP_RULE = QtGui.QColor(190, 190, 190)
MAX_STRIP_LINES = 8  # a caption longer than this is cut
MIN_DELAY_MS, MAX_DELAY_MS = 20, 60_000


def check_delay(delay_ms) -> int:
    """A GIF frame delay in ms, rounded to the 10 ms the format stores."""
    delay = check_int("delay", delay_ms, low=MIN_DELAY_MS, high=MAX_DELAY_MS)
    return max(MIN_DELAY_MS, int(round(delay / 10)) * 10)


def with_caption(image: QtGui.QImage, caption: str, counter: str = "") -> QtGui.QImage:
    """``image`` with a strip under it holding ``caption`` word-wrapped in type large enough
    to read projected (≥ 20 px, up to MAX_STRIP_LINES lines, then cut) and ``counter``
    (e.g. "step 3 of 9") at the right. The strip is as tall as the caption needs."""
    ratio = image.devicePixelRatio()
    w, h = image.width() / ratio, image.height() / ratio
    f = QtGui.QFont()
    f.setPixelSize(round(max(20.0, min(36.0, w / 50))))
    metrics = QtGui.QFontMetricsF(f)
    pad = round(f.pixelSize() * 0.6)
    counter_w = metrics.horizontalAdvance(counter) + pad if counter else 0.0
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.TextFlag.TextWordWrap
    room = max(w - 2 * pad - counter_w, 40.0)
    needed = metrics.boundingRect(QtCore.QRectF(0, 0, room, 1e5), flags, caption).height()
    text_h = min(max(needed, metrics.lineSpacing()), MAX_STRIP_LINES * metrics.lineSpacing())
    strip = round(text_h + 2 * pad)
    out = QtGui.QImage(round(w * ratio), round((h + strip) * ratio),
                       QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    out.setDevicePixelRatio(ratio)
    out.fill(STRIP_BACKGROUND)
    p = QtGui.QPainter(out)
    try:
        p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
        p.drawImage(QtCore.QPointF(0, 0), image)
        p.setPen(QtGui.QPen(STRIP_RULE, 1))
        p.drawLine(QtCore.QPointF(0, h + 0.5), QtCore.QPointF(w, h + 0.5))
        p.setPen(STRIP_TEXT)
        p.setFont(f)
        p.setClipRect(QtCore.QRectF(0, h + pad, w, text_h))
        p.drawText(QtCore.QRectF(pad, h + pad, room, text_h), flags, caption)
        if counter:
            p.drawText(QtCore.QRectF(w - pad - counter_w, h + pad, counter_w, text_h),
                       QtCore.Qt.AlignmentFlag.AlignRight, counter)
    finally:
        p.end()
    return out


def _pil_rgb(image: QtGui.QImage):
    """The image as a Pillow RGB image, composited on white."""
    from PIL import Image

    rgba = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    w, h = rgba.width(), rgba.height()
    pil = Image.frombuffer("RGBA", (w, h), bytes(rgba.constBits()), "raw", "RGBA",
                           rgba.bytesPerLine(), 1)
    flat = Image.new("RGB", (w, h), (255, 255, 255))
    flat.paste(pil, mask=pil.getchannel("A"))
    return flat


def export_gif(frames: Iterable[QtGui.QImage], path: str | os.PathLike, delay_ms: int,
               caption_strip: Iterable[str] | Callable[[], str] | None = None,
               total: int | None = None) -> Path:
    """An animated GIF, one frame per image of ``frames`` (which may be a lazy generator such
    as ``grab_steps``), ``delay_ms`` each, looping forever. ``caption_strip``: a caption per
    frame (a sequence, or a callable read right after each frame is taken) burned in under
    the picture; each caption is a str, with the counter "i / total" at the right (``total``
    defaults to the number of frames or captions, when known), or a (caption, counter)
    pair. Without a strip, a frame identical to the one before lengthens it instead of
    adding one (Pillow merges them); with a strip, the counter keeps frames apart."""
    delay = check_delay(delay_ms)
    if total is None:
        sized = frames if hasattr(frames, "__len__") else caption_strip
        total = len(sized) if hasattr(sized, "__len__") else None
    # Pillow keeps every frame in memory while it writes anyway; holding them first lets
    # frames whose captions need more lines be matched in height by padding the others
    pictures = list(_gif_frames(frames, caption_strip, total))
    if not pictures:
        raise ValidationError("frames", "nothing to export: no frames")
    pictures = _same_height(pictures)
    with atomic_path(path) as tmp:
        pictures[0].save(tmp, format="GIF", save_all=True, append_images=pictures[1:],
                         duration=delay, loop=0, disposal=1, optimize=False)
    return Path(path)


def _same_height(pictures: list) -> list:
    """Palette images padded at the bottom, in their last row's colour, to the tallest."""
    from PIL import Image

    height = max(pic.height for pic in pictures)
    out = []
    for pic in pictures:
        if pic.height < height:
            grown = Image.new("P", (pic.width, height), pic.getpixel((0, pic.height - 1)))
            grown.putpalette(pic.getpalette())
            grown.paste(pic, (0, 0))
            pic = grown
        out.append(pic)
    return out


def _gif_frames(frames, caption_strip, total: int | None):
    """Pillow palette images of the frames, each with its caption strip when asked for."""
    from PIL import Image

    captions = None
    if caption_strip is not None and not callable(caption_strip):
        captions = iter(caption_strip)
    for i, image in enumerate(frames):
        if caption_strip is not None:
            caption = caption_strip() if captions is None else next(captions, "")
            if isinstance(caption, str):
                caption = (caption, f"{i + 1} / {total}" if total else str(i + 1))
            image = with_caption(image, *caption)
        yield _pil_rgb(image).quantize(256, method=Image.Quantize.MEDIANCUT,
                                       dither=Image.Dither.NONE)
