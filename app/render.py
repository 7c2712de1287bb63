"""Headless rendering of the window or one of its parts to PNG (``main.py render``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.commands import check_out
from model.errors import ValidationError
from model.validate import check_int, check_number

WHAT = ("window", "diagram", "loss", "matrices", "inspector")
MAX_STEPS = 1_000_000
WINDOW_SIZE = (1400, 900)


def render_command(session: str | None, out: str, step: int = 0, what: str = "window",
                   scale: float = 1.0) -> Path:
    """Open the session offscreen, press Next ``step`` times, and save ``what`` to ``out``."""
    out_path = check_out(out, (".png",))
    if what not in WHAT:
        raise ValidationError("--what", f"must be one of {', '.join(WHAT)}, got {what!r}")
    check_int("--step", step, high=MAX_STEPS)
    check_number("--scale", scale, low=0.25, high=8.0)
    from model.session_file import load_session
    from model.stepview import check_steppable

    spec = load_session(session) if session else None  # refuse bad files before Qt starts
    if spec is not None:
        check_steppable(spec.network)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import QtCore, QtWidgets

    from app.session import Session
    from widgets.main_window import MainWindow

    QtCore.qInstallMessageHandler(_quiet_offscreen)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    sess = Session(spec)
    window = MainWindow(sess)
    window.resize(*WINDOW_SIZE)
    window.show()
    for _ in range(step):
        sess.next_step()
    app.processEvents()
    window.loss.flush()  # the loss plot coalesces redraws; draw the last one now
    target = {"window": window, "diagram": window.diagram, "loss": window.loss,
              "matrices": window.matrices, "inspector": window.inspector}[what]
    image = grab(target, scale)
    if not image.save(str(out_path)):
        raise ValidationError("--out", f"{out}: could not be written")
    window.session.dirty = False  # nothing to ask about: this window was never the user's
    window.close()
    # Tear down in order while Python is alive; left to interpreter exit, PySide6 may
    # destroy the QApplication before the widgets and crash on the way out.
    window.deleteLater()
    sess.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    QtCore.qInstallMessageHandler(None)  # no Python handler may outlive the interpreter
    return out_path


def _quiet_offscreen(mode, context, message: str) -> None:
    """Drop the offscreen platform's notice about window hints; pass everything else on."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def grab(widget, scale: float = 1.0):
    """The widget painted into an image ``scale`` times its size (crisp, not resampled)."""
    from PySide6 import QtCore, QtGui, QtWidgets

    size = widget.size()
    image = QtGui.QImage(round(size.width() * scale), round(size.height() * scale),
                         QtGui.QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    try:
        # QWidget's own render: QGraphicsView (pyqtgraph's plots) hides it with another one
        QtWidgets.QWidget.render(widget, painter, QtCore.QPoint())
    finally:
        painter.end()
    return image
