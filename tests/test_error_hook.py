"""An uncaught exception in a slot is shown with its details and the app keeps running."""

import sys

import pytest
from PySide6 import QtCore, QtWidgets

from widgets import error_hook


@pytest.mark.qt_no_exception_capture  # this test is about the app's own hook
def test_an_exception_in_a_slot_opens_a_dialog_with_the_traceback(qtbot, monkeypatch, capsys):
    shown = []

    def fake_exec(box):
        shown.append((box.windowTitle(), box.text(), box.detailedText()))
        return 0

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", fake_exec)
    previous = sys.excepthook
    error_hook.install()
    try:
        def broken_slot():
            raise ZeroDivisionError("the slot divided by zero")

        timer = QtCore.QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(broken_slot)
        timer.start(0)
        qtbot.waitUntil(lambda: bool(shown), timeout=2000)
        later = []
        QtCore.QTimer.singleShot(0, lambda: later.append(1))
        qtbot.waitUntil(lambda: bool(later), timeout=2000)  # the event loop goes on
    finally:
        sys.excepthook = previous
    title, text, details = shown[0]
    assert title == "Something went wrong"
    assert text == "ZeroDivisionError: the slot divided by zero"
    assert "broken_slot" in details and "Traceback" in details
    assert "ZeroDivisionError" in capsys.readouterr().err
