"""Child process of ``bench.startup``: start the app exactly as ``python main.py`` does and
exit the moment its main window has first been painted.

``MainWindow.show`` is wrapped to watch the diagram (the window's centre) for its first
paint event; a zero-delay timer then fires once that whole window pass is done, prints
``painted`` and ends the process at once (no teardown is timed). Importing
``widgets.main_window`` here first costs nothing extra: main.py imports it before showing.
"""

from __future__ import annotations

import os
import sys

GIVE_UP_MS = 30_000


def _watch_first_paint(window) -> None:
    from PySide6 import QtCore

    class FirstPaint(QtCore.QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QtCore.QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QtCore.QTimer.singleShot(0, _painted)
            return False

    window._first_paint = FirstPaint(window)
    window.diagram.installEventFilter(window._first_paint)
    QtCore.QTimer.singleShot(GIVE_UP_MS, lambda: os._exit(3))  # never hang the bench


def _painted() -> None:
    sys.stdout.write("painted\n")
    sys.stdout.flush()
    os._exit(0)


def run() -> int:
    import main
    from widgets.main_window import MainWindow

    show = MainWindow.show

    def show_and_watch(self):
        _watch_first_paint(self)
        show(self)

    MainWindow.show = show_and_watch
    return main.main([])


if __name__ == "__main__":
    sys.exit(run())
