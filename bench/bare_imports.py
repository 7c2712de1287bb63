"""Child process of ``bench.startup``: the start-up figure's reference.

It imports what the app is built on, and nothing of the app: numpy, PySide6's QtCore,
QtGui and QtWidgets (every Qt module the app imports), and pyqtgraph; then prints
``imported`` and ends at once. Started and timed exactly as ``bench.first_paint`` is, so
the ratio start-up / this says what the app's own imports, window and first paint add to
the interpreter and its libraries, whatever the machine's disk cache and load are doing.
"""

from __future__ import annotations

import os
import sys


def run() -> int:
    import numpy  # noqa: F401
    import pyqtgraph  # noqa: F401
    from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401

    sys.stdout.write("imported\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(run())
