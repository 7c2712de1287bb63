"""Pictures for slides and notes: PNG (1×/2×/4×, optionally transparent), SVG (vectors),
the clipboard, a range of steps as numbered PNG frames or an animated GIF, and the current
iteration's trace as CSV or JSON.

Every file is written beside its target under a temporary name and then renamed over it,
so a failed or cancelled export never leaves a half-written file. The network diagram is
always painted through ``NetworkDiagram.paint_to`` (found by duck typing), also where it
sits inside a larger widget: SVG gets one shape per neuron and edge, PNG stays sharp at any
scale instead of scaling up the diagram's cached screen-resolution image.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from model.errors import ValidationError
from model.session_file import atomic_write_text
from model.trace_csv import trace_csv

SCALES = (1.0, 2.0, 4.0)
BACKGROUND = QtGui.QColor(255, 255, 255)
STRIP_BACKGROUND = QtGui.QColor(242, 242, 242)
STRIP_TEXT = QtGui.QColor(33, 33, 33)
STRIP_RULE = QtGui.QColor(190, 190, 190)
MAX_STRIP_LINES = 8  # a caption longer than this is cut
MIN_DELAY_MS, MAX_DELAY_MS = 20, 60_000


class ExportCancelled(Exception):
    """The user cancelled a sequence export; nothing of it was kept."""


class SkipBackground:
    """A QPainter stand-in that drops opaque white ``fillRect`` calls (the diagram's
    background and text strips) and passes everything else to the real painter."""

    def __init__(self, painter: QtGui.QPainter):
        self._painter = painter

    def fillRect(self, rect, colour, *rest):  # noqa: N802 (QPainter's name)
        if not rest and isinstance(colour, QtGui.QColor) and colour == BACKGROUND:
            return
        self._painter.fillRect(rect, colour, *rest)

    def __getattr__(self, name: str):
        return getattr(self._painter, name)


# --- one picture ------------------------------------------------------------------------


def _vector_parts(widget: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The visible widgets inside ``widget`` (itself included) that paint through paint_to."""
    if hasattr(widget, "paint_to"):
        return [widget]
    return [w for w in widget.findChildren(QtWidgets.QWidget)
            if hasattr(w, "paint_to") and w.isVisibleTo(widget)]


def paint_widget(painter: QtGui.QPainter, widget: QtWidgets.QWidget,
                 transparent: bool = False) -> None:
    """Paint ``widget`` at the painter's origin: Qt's own rendering for everything except the
    diagram, which is painted straight through ``paint_to`` (vectors, any resolution)."""
    if hasattr(widget, "paint_to"):
        widget.paint_to(painter, widget.width(), widget.height(), background=not transparent)
        return
    parts = _vector_parts(widget)
    region = QtGui.QRegion(widget.rect())
    rects = []
    for part in parts:
        rect = QtCore.QRect(part.mapTo(widget, QtCore.QPoint(0, 0)), part.size())
        region -= QtGui.QRegion(rect)
        rects.append((part, rect))
    flags = QtWidgets.QWidget.RenderFlag.DrawChildren
    if not transparent:
        flags |= QtWidgets.QWidget.RenderFlag.DrawWindowBackground
    if not region.isEmpty():
        # QGraphicsView (pyqtgraph's plots) hides QWidget.render with another one
        QtWidgets.QWidget.render(widget, painter, region.boundingRect().topLeft(), region, flags)
    for part, rect in rects:
        painter.save()
        painter.translate(QtCore.QPointF(rect.topLeft()))
        painter.setClipRect(QtCore.QRectF(0, 0, rect.width(), rect.height()))
        part.paint_to(painter, rect.width(), rect.height(), background=not transparent)
        painter.restore()


def widget_image(widget: QtWidgets.QWidget, scale: float = 1.0,
                 transparent: bool = False) -> QtGui.QImage:
    """The widget painted into an image ``scale`` times its size (device pixel ratio: text
    and lines are drawn at that resolution, not enlarged afterwards). With ``transparent``
    nothing is painted behind the picture (only the diagram leaves its background out;
    other widgets that fill their own background keep it)."""
    size = widget.size()
    image = QtGui.QImage(round(size.width() * scale), round(size.height() * scale),
                         QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(QtCore.Qt.GlobalColor.transparent if transparent else BACKGROUND)
    painter = QtGui.QPainter(image)
    try:
        paint_widget(painter, widget, transparent)
    finally:
        painter.end()
    return image


@contextlib.contextmanager
def _atomic(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path`` (same suffix) that replaces it on success."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_image(image: QtGui.QImage, path: str | os.PathLike) -> Path:
    """Save ``image`` as PNG atomically; ValidationError naming the file if it cannot be."""
    with _atomic(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise ValidationError("path", f"{path}: could not be written")
    return Path(path)


def export_png(widget: QtWidgets.QWidget, path: str | os.PathLike, scale: float = 1.0,
               transparent: bool = False) -> Path:
    """``widget`` as a PNG of ``scale`` × its size; ``transparent``: alpha where no paint."""
    return save_image(widget_image(widget, scale, transparent), path)


def export_svg(widget: QtWidgets.QWidget, path: str | os.PathLike) -> Path:
    """``widget`` as SVG: the diagram as one shape per neuron and drawn edge, pyqtgraph plots
    as paths, other widgets as Qt renders them (images only where they paint images)."""
    from PySide6 import QtSvg

    w, h = widget.width(), widget.height()
    with _atomic(path) as tmp:
        gen = QtSvg.QSvgGenerator()
        gen.setFileName(str(tmp))
        gen.setSize(QtCore.QSize(w, h))
        gen.setViewBox(QtCore.QRect(0, 0, w, h))
        gen.setResolution(round(widget.logicalDpiX()))  # point sizes as on screen
        gen.setTitle(widget.windowTitle() or "Backprop Studio")
        gen.setDescription("Exported from Backprop Studio")
        painter = QtGui.QPainter()
        if not painter.begin(gen):
            raise ValidationError("path", f"{path}: could not be written")
        try:
            paint_widget(painter, widget)
        finally:
            painter.end()
    return Path(path)


def copy_to_clipboard(widget: QtWidgets.QWidget, scale: float = 2.0) -> QtGui.QImage:
    """Put ``widget``'s picture (``scale`` × its size) on the clipboard; returns the image."""
    image = widget_image(widget, scale)
    QtGui.QGuiApplication.clipboard().setImage(image)
    return image


# --- a range of steps -------------------------------------------------------------------


def frame_pattern(path: str | os.PathLike) -> str:
    """``F.png`` → ``F-{:03d}.png``: the numbered frames' names (F-001.png, F-002.png …)."""
    path = Path(path)
    stem = str(path.with_suffix("")).replace("{", "{{").replace("}", "}}")
    return stem + "-{:03d}" + path.suffix


def grab_steps(advance: Callable[[int], None], grab: Callable[[], QtGui.QImage], count: int,
               progress: Callable[[int, int], bool | None] | None = None
               ) -> Iterator[QtGui.QImage]:
    """``count`` pictures: ``advance(i)`` moves to the i-th step (0-based), ``grab()`` takes
    it. ``progress(done, count)`` is called before each and at the end; False cancels
    (ExportCancelled)."""
    for i in range(count):
        if progress is not None and progress(i, count) is False:
            raise ExportCancelled
        advance(i)
        yield grab()
    if progress is not None:
        progress(count, count)


def export_frames(advance: Callable[[int], None], grab: Callable[[], QtGui.QImage],
                  count: int, path_pattern: str,
                  progress: Callable[[int, int], bool | None] | None = None) -> list[Path]:
    """Frames 1..count as PNGs named ``path_pattern.format(n)`` (see ``frame_pattern``).
    On cancel or error the frames written so far are removed again."""
    written: list[Path] = []
    try:
        for n, image in enumerate(grab_steps(advance, grab, count, progress), start=1):
            written.append(save_image(image, path_pattern.format(n)))
    except BaseException:
        for p in written:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    return written


def check_delay(delay_ms) -> int:
    """A GIF frame delay in ms, rounded to the 10 ms the format stores."""
    from model.validate import check_int

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
    with _atomic(path) as tmp:
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


# --- what can be exported, and how to step -----------------------------------------------


@dataclass(frozen=True)
class StepSource:
    """A numbered range of steps an export can move over (1..count, as shown on screen)."""

    label: str  # "Step" or "Lesson step"
    count: int
    go_to: Callable[[int], None]  # 1-based
    caption: Callable[[], str]
    current: Callable[[], int]  # the step shown now (1-based), restored after an export


def session_steps(session) -> StepSource:
    """The steps of the session's current iteration (the step bar's numbers)."""
    return StepSource("Step", session.n_steps, lambda n: session.go_to_step(n - 1),
                      lambda: session.step.caption, lambda: session.step_index + 1)


def lesson_steps(player) -> StepSource:
    """The open lesson's steps (the caption bar's numbers)."""
    return StepSource("Lesson step", player.n_steps, lambda n: player.go_to(n - 1),
                      lambda: player.caption, lambda: player.index + 1)


def window_targets(window) -> dict[str, QtWidgets.QWidget]:
    """What a MainWindow offers to export: the diagram, the whole window, each dock's
    widget by its name, and the lesson's own view while one shows instead of the diagram."""
    targets = {"diagram": window.diagram, "window": window}
    targets.update({name: dock.widget() for name, dock in window.docks.items()})
    central = window.central_view() if hasattr(window, "central_view") else window.diagram
    if central is not window.diagram:
        targets["lesson"] = central
    return targets


def window_steps(window) -> StepSource:
    """The lesson's steps while a lesson is open, else the current iteration's."""
    player = getattr(window, "lesson_player", None)
    if player is not None and player.lesson is not None:
        return lesson_steps(player)
    return session_steps(window.session)


# --- the trace --------------------------------------------------------------------------


def export_trace(session, path: str | os.PathLike) -> Path:
    """The current iteration's trace: ``.csv`` (model.trace_csv) or ``.json`` (as written by
    ``main.py trace``), chosen by the suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = trace_csv(session.trace)
    elif suffix == ".json":
        text = json.dumps(session.trace.to_json(), indent=1) + "\n"
    else:
        raise ValidationError("path", f"{path}: must end in .csv or .json")
    atomic_write_text(path, text)
    return path
