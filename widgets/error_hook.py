"""Errors nobody caught: shown in a dialog with the details, and the app keeps running.

An exception raised in a Qt slot would otherwise only print to a terminal the user may
not have (and PySide6 goes on as if nothing happened). The hook prints the traceback to
stderr too, so a bug report can carry it. Tests keep their own hook (tests/conftest.py),
so there an exception in a slot fails the test instead.
"""

from __future__ import annotations

import sys
import traceback

from PySide6 import QtWidgets

_showing = False  # an error inside the dialog must not open another one


def report(kind, value, tb, parent=None) -> None:
    """Print the traceback and show it in a dialog."""
    global _showing
    details = "".join(traceback.format_exception(kind, value, tb))
    print(details, file=sys.stderr, end="")
    if _showing or QtWidgets.QApplication.instance() is None:
        return
    _showing = True
    try:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Critical, "Something went wrong",
            f"{kind.__name__}: {value}", parent=parent)
        box.setInformativeText("Backprop Studio is still running. What you were doing may "
                               "not have finished; your session is otherwise unchanged. "
                               "The details below help to report the problem.")
        box.setDetailedText(details)
        box.exec()
    finally:
        _showing = False


def install(parent=None) -> None:
    """Make ``report`` the handler of every uncaught exception, Qt slots included."""
    sys.excepthook = lambda kind, value, tb: report(kind, value, tb, parent)
