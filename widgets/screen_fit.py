"""Windows that fit their screen: the first start's default size, and a geometry restored
from a bigger screen (a layout saved at a 1920×1080 desk, reopened on a 1280×720
projector), are brought inside the current screen's available geometry.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets


def fit_rect(rect: QtCore.QRect, available: QtCore.QRect) -> QtCore.QRect:
    """``rect`` no bigger than ``available`` and moved (as little as needed) inside it."""
    w, h = min(rect.width(), available.width()), min(rect.height(), available.height())
    x = min(max(rect.x(), available.x()), available.x() + available.width() - w)
    y = min(max(rect.y(), available.y()), available.y() + available.height() - h)
    return QtCore.QRect(x, y, w, h)


def window_screen(window: QtWidgets.QWidget) -> QtGui.QScreen:
    """The screen the window's middle is on (the primary one if that is off every screen)."""
    screen = QtGui.QGuiApplication.screenAt(window.frameGeometry().center())
    return screen or window.screen() or QtGui.QGuiApplication.primaryScreen()


def fit_to_screen(window: QtWidgets.QWidget) -> None:
    """Shrink and move a normal (not maximised or full-screen) window, its frame included,
    into its screen's available geometry (the desktop without task bars)."""
    if window.windowState() & (QtCore.Qt.WindowState.WindowMaximized
                               | QtCore.Qt.WindowState.WindowFullScreen):
        return
    available = window_screen(window).availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QtCore.QSize(frame.width() - inner.width(), frame.height() - inner.height())
    fitted = fit_rect(frame, available)
    if fitted == frame:
        return
    window.resize(fitted.width() - extra.width(), fitted.height() - extra.height())
    window.move(fitted.topLeft())
