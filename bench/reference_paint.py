"""Qt's own drawing speed, measured beside the diagram's: the paint figures' references.

``LinesCanvas`` is a bare QWidget whose paintEvent fills its background and draws 2,400
opaque lines across it in 12 batched ``drawLines`` calls (one pen each: widths 1.05–4.25 px,
flat caps, no antialiasing, the buffer handed over as a pointer into a numpy array). That
is how the diagram draws 64-32-10's 2,368 edges (``widgets/diagram_paint.py``), on Qt's
raster engine alone: no app code, so it changes only when Qt, the machine or its load does.

- Beside ``repaint_ms`` and ``recolour_ms``: ``QWidget.render`` of the canvas into a QImage
  of the diagram's size, exactly as the diagram is rendered.
- Beside ``step_ms``: the canvas as a top-level window of the main window's size,
  ``update()`` → paintEvent → the end of that event-loop pass, as a Next press is timed.

The nominal values stand for the references' medians on this machine when quiet; they turn
the 16 ms targets into ratio targets. Measured 2026-12-02 with ``python -m bench.calibrate``
(the fastest tenth of 60 samples) at a load average of about 1.5, the quietest this shared
machine was that day, cross-checked against the bench's own runs at load 0.5–1.5.
"""

from __future__ import annotations

import time

import numpy as np
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from bench import qtloop

LINES = 2400
GROUPS = 12
RENDER_NOMINAL_MS = 6.8  # render of a 1280×800 canvas into a QImage
REPAINT_NOMINAL_MS = 7.0  # update → painted of a 1600×960 top-level canvas
TIMEOUT_S = 5.0


class LinesCanvas(QtWidgets.QWidget):
    """A bare widget drawing a fixed picture of 2,400 lines, scaled to its size."""

    def __init__(self) -> None:
        super().__init__()
        rng = np.random.default_rng(0)
        # Unit coordinates: lines from a left column to a right column, like a layer gap.
        self._unit = np.column_stack([np.full(LINES, 0.06), rng.uniform(0.05, 0.95, LINES),
                                      np.full(LINES, 0.94), rng.uniform(0.05, 0.95, LINES)])
        self._pens = []
        for g in range(GROUPS):
            pen = QtGui.QPen(QtGui.QColor.fromHsv(g * 30, 200, 190), 1.05 + (g % 5) * 0.8)
            pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
            self._pens.append(pen)

    def paintEvent(self, event) -> None:
        scale = np.array([self.width(), self.height()] * 2, dtype=np.float64)
        lines = np.ascontiguousarray(self._unit * scale)
        p = QtGui.QPainter(self)
        p.fillRect(self.rect(), QtGui.QColor("white"))
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        per_group = LINES // GROUPS
        for g, pen in enumerate(self._pens):
            p.setPen(pen)
            group = lines[g * per_group:(g + 1) * per_group]
            p.drawLines(shiboken6.wrapInstance(group.ctypes.data, QtCore.QLineF), len(group))
        p.end()


def image(width: int, height: int) -> QtGui.QImage:
    """A white ARGB32 premultiplied QImage (the format the diagram renders into)."""
    out = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(QtGui.QColor("white"))
    return out


def render_ms(widget: QtWidgets.QWidget, target: QtGui.QImage) -> float:
    """``QWidget.render`` of ``widget`` (its own paintEvent) into ``target``, in ms."""
    start = time.perf_counter()
    QtWidgets.QWidget.render(widget, target)
    return (time.perf_counter() - start) * 1000


def canvas(width: int, height: int) -> LinesCanvas:
    """The reference canvas shown offscreen at a size and painted once (caches warm)."""
    qtloop.application()
    widget = LinesCanvas()
    qtloop.show(widget, width, height)
    render_ms(widget, image(width, height))
    return widget


def wait_painted(counter: qtloop.PaintCounter, before: int, start: float, what: str) -> float:
    """Process events until ``counter`` has moved past ``before``; ms since ``start``."""
    app = qtloop.application()
    while counter.count == before:
        app.processEvents()
        if time.perf_counter() - start > TIMEOUT_S:
            raise RuntimeError(f"{what} did not repaint")
    return (time.perf_counter() - start) * 1000


def update_ms(widget: QtWidgets.QWidget, counter: qtloop.PaintCounter) -> float:
    """``update()`` to the end of the event-loop pass that painted ``widget``, in ms."""
    before = counter.count
    start = time.perf_counter()
    widget.update()
    return wait_painted(counter, before, start, "the reference canvas")


def close(widget: QtWidgets.QWidget) -> None:
    widget.hide()
    widget.deleteLater()
    qtloop.settle(1)
