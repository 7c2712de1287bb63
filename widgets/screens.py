"""The screens the window can present on: one function, so tests can give it fake screens.

``screens()`` is ``QGuiApplication.screens()`` (the primary first, as Qt lists them). A
screen here needs only ``geometry()`` (a QRect in the virtual desktop) and ``name()``;
``show_full_screen`` puts a top-level widget full screen on one, by Qt's own screen when it
is a real QScreen, else (a test's fake screen) by its geometry.
"""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets


def screens() -> list:
    """The screens, as Qt lists them (the test seam: monkeypatch this function)."""
    return list(QtGui.QGuiApplication.screens())


def show_full_screen(widget: QtWidgets.QWidget, screen) -> None:
    """``widget`` (a top-level window) full screen on ``screen``."""
    rect = screen.geometry()
    if isinstance(screen, QtGui.QScreen):
        widget.setScreen(screen)
        widget.setGeometry(rect)
        widget.showFullScreen()
        handle = widget.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
    else:  # a test's screen, unknown to Qt: its rectangle
        widget.setGeometry(rect)
        widget.show()
