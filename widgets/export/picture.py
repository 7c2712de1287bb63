"""One picture of a widget: PNG at any scale (optionally transparent), SVG, the clipboard.

The network diagram is always painted through ``NetworkDiagram.paint_to`` (found by duck
typing), also where it sits inside a larger widget: SVG gets one shape per neuron and edge,
PNG stays sharp at any scale instead of scaling up the diagram's cached screen-resolution
image. Files are written with ``model.atomic_write.atomic_path``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from model.atomic_write import atomic_path
from model.errors import ValidationError
from widgets.speaker_notes import EXPORT_HIDDEN

SCALES = (1.0, 2.0, 4.0)
BACKGROUND = QtGui.QColor(255, 255, 255)


class SkipBackground:
    """A QPainter stand-in that drops opaque white ``fillRect`` calls (the diagram's
    background and text strips) and passes everything else to the real painter."""

    def __init__(self, painter: QtGui.QPainter):
        self._painter = painter

    def fillRect(self, rect, colour, *rest):
        if not rest and isinstance(colour, QtGui.QColor) and colour == BACKGROUND:
            return
        self._painter.fillRect(rect, colour, *rest)

    def __getattr__(self, name: str):
        return getattr(self._painter, name)


def _vector_parts(widget: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The visible widgets inside ``widget`` (itself included) that paint through paint_to."""
    if hasattr(widget, "paint_to"):
        return [widget]
    return [w for w in widget.findChildren(QtWidgets.QWidget)
            if hasattr(w, "paint_to") and w.isVisibleTo(widget)]


@contextlib.contextmanager
def without_private(widget: QtWidgets.QWidget):
    """The widgets inside ``widget`` that exports never show (the speaker notes: property
    EXPORT_HIDDEN) hidden, and the layout done without them, while the picture is made."""
    hidden = [w for w in widget.findChildren(QtWidgets.QWidget)
              if w.property(EXPORT_HIDDEN) and w.isVisibleTo(widget)]
    for w in hidden:
        w.hide()
    if hidden:
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
    try:
        yield
    finally:
        for w in hidden:
            w.show()
        if hidden:
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)


def paint_widget(painter: QtGui.QPainter, widget: QtWidgets.QWidget,
                 transparent: bool = False) -> None:
    """Paint ``widget`` at the painter's origin: Qt's own rendering for everything except the
    diagram, which is painted straight through ``paint_to`` (vectors, any resolution); never
    the speaker notes."""
    with without_private(widget):
        _paint_widget(painter, widget, transparent)


def _paint_widget(painter: QtGui.QPainter, widget: QtWidgets.QWidget,
                  transparent: bool) -> None:
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


def save_image(image: QtGui.QImage, path: str | os.PathLike) -> Path:
    """Save ``image`` as PNG atomically; ValidationError naming the file if it cannot be."""
    with atomic_path(path) as tmp:
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
    with atomic_path(path) as tmp:
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
