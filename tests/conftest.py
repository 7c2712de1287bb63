"""Test-wide setup: no screen, one BLAS thread, Qt exceptions reach pytest-qt."""

import os
import sys
import tempfile
import threading
from pathlib import Path

import pytest

# Before anything imports Qt or numpy: no display needed, deterministic BLAS sums.
# (Subprocesses started by tests inherit these through os.environ.)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ.setdefault(_var, "1")
# Recovery files (app/recovery.py) go to a throw-away folder, never the user's: a GUI
# started by a test must not find one and ask to restore it.
os.environ.setdefault("BACKPROP_STUDIO_RECOVERY_DIR", tempfile.mkdtemp(prefix="bps-recovery-"))

# pyqtgraph can install its own sys/threading excepthook (pyqtgraph.exceptionHandling)
# that prints and carries on. pytest-qt fails a test on an exception raised in a Qt slot
# or virtual by putting its own sys.excepthook in place for each test phase; restore the
# default hooks now so that no pyqtgraph hook sits around or underneath it.
import pyqtgraph  # noqa: E402, F401

sys.excepthook = sys.__excepthook__
threading.excepthook = threading.__excepthook__

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (where main.py, model/, app/ and widgets/ live)."""
    return REPO_ROOT


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory):
    """QSettings (window layout, recent files) go to a fresh folder, never the user's."""
    from PySide6 import QtCore

    folder = str(tmp_path_factory.mktemp("settings"))
    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat,
                             QtCore.QSettings.Scope.UserScope, folder)
    yield folder


def show_widget(qtbot, widget, width: int, height: int):
    """Register, size and show a widget the way the tests look at it; returns it."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def forget_changes(window):
    """pytest-qt closes a main window after the test: nothing must be left to ask about."""
    if getattr(window, "compare", None) is not None:
        window.compare.end("A")  # run B's worker ends with it
    window.session.stop()
    window.session.dirty = False


def open_window(qtbot, session=None, size: tuple[int, int] | None = None,
                activate: bool = False):
    """A MainWindow over ``session`` (the default demo), shown and exposed, closed quietly."""
    from app.session import Session
    from widgets.main_window import MainWindow

    w = MainWindow(session if session is not None else Session())
    qtbot.addWidget(w, before_close_func=forget_changes)
    if size is not None:
        w.resize(*size)
    w.show()
    if activate:
        w.activateWindow()
    qtbot.waitExposed(w)
    return w
