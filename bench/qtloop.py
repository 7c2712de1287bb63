"""The Qt side of measuring: one application, private settings, spinning the event loop.

The bench lets the real event loop run (timers, posted update requests, paints) instead of
calling widgets directly, so a figure includes what a user's window would do in that time.
"""

from __future__ import annotations

import sys
import tempfile
import time

from PySide6 import QtCore, QtWidgets

_SETTINGS_DIR: tempfile.TemporaryDirectory | None = None


def _quiet(mode, context, message: str) -> None:
    """Qt's messages, minus the offscreen plugin's note about size hints (said every show)."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def application() -> QtWidgets.QApplication:
    """The QApplication, made once; window settings go to a throw-away folder."""
    global _SETTINGS_DIR
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["bench"])
    if _SETTINGS_DIR is None:
        QtCore.qInstallMessageHandler(_quiet)
        _SETTINGS_DIR = tempfile.TemporaryDirectory(prefix="bench-settings-")
        fmt = QtCore.QSettings.Format.IniFormat
        QtCore.QSettings.setDefaultFormat(fmt)
        QtCore.QSettings.setPath(fmt, QtCore.QSettings.Scope.UserScope, _SETTINGS_DIR.name)
    return app


def spin(seconds: float) -> float:
    """Run the event loop for about ``seconds`` as ``app.exec()`` would; returns the wall time."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    start = time.perf_counter()
    loop.exec()
    return time.perf_counter() - start


def settle(rounds: int = 3) -> None:
    """Deliver what is pending (posted events, deferred deletes, update requests)."""
    app = application()
    for _ in range(rounds):
        app.sendPostedEvents()
        app.processEvents()
        time.sleep(0.005)
        app.processEvents()


class PaintCounter(QtCore.QObject):
    """Counts the paint events a widget receives (an event filter; it changes nothing)."""

    def __init__(self, widget: QtWidgets.QWidget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
        return False


def show(widget: QtWidgets.QWidget, width: int, height: int) -> None:
    """Show a top-level widget at a size and let its first paint happen."""
    widget.resize(width, height)
    widget.show()
    settle()
