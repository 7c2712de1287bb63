"""Windows fit their screen: a geometry saved on a bigger screen, or the first start's
default size, is clamped to the current screen's available geometry. The window is
checked on a 1280×720 screen (the offscreen platform configured in a child process: the
test process's own screen is 800×800, smaller than the desk layout's minimum size)."""

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6 import QtCore

from widgets.screen_fit import fit_rect

CHECK = textwrap.dedent("""
    import sys
    from PySide6 import QtCore, QtGui, QtWidgets
    from app.session import Session
    from widgets.main_window import MainWindow
    from widgets.screen_fit import fit_to_screen

    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat,
                             QtCore.QSettings.Scope.UserScope, sys.argv[1])
    app = QtWidgets.QApplication([])
    available = QtGui.QGuiApplication.primaryScreen().availableGeometry()
    big = MainWindow(Session())
    big.show()
    big.setGeometry(100, 80, 1900, 1150)  # a layout saved on a 1920×1200 desk
    big.save_layout()
    big.hide()
    window = MainWindow(Session())
    window.restore_layout()
    fit_to_screen(window)  # as widgets.gui does: before showing and once shown
    window.show()
    app.processEvents()
    fit_to_screen(window)
    app.processEvents()
    first = MainWindow(Session())  # the first start: 1600×960 by default
    unfitted = first.size()
    fit_to_screen(first)
    print(unfitted.width() > available.width(), available.contains(window.frameGeometry()),
          first.width() <= available.width() and first.height() <= available.height())
""")


def test_fit_rect_shrinks_and_moves_inside():
    screen = QtCore.QRect(0, 0, 1280, 720)
    assert fit_rect(QtCore.QRect(100, 50, 1600, 960), screen) == QtCore.QRect(0, 0, 1280, 720)
    assert fit_rect(QtCore.QRect(900, 600, 800, 400), screen) == QtCore.QRect(480, 320, 800, 400)
    assert fit_rect(QtCore.QRect(-50, -20, 300, 200), screen) == QtCore.QRect(0, 0, 300, 200)
    inside = QtCore.QRect(10, 10, 300, 200)
    assert fit_rect(inside, screen) == inside
    second = QtCore.QRect(1920, 0, 1280, 1024)  # a screen right of the first
    assert fit_rect(QtCore.QRect(1900, 100, 2000, 900), second) == QtCore.QRect(1920, 100,
                                                                                1280, 900)


@pytest.mark.xfail(strict=True, reason="open in issue 14: with the insight, landscape and "
                   "confusion docks the desk layout's minimum size is 1373×779, more than a "
                   "1280×720 screen; the window cannot be clamped until those docks can shrink")
def test_a_layout_saved_on_a_big_screen_is_clamped_to_a_720_px_one(repo_root, tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "projector", "x": 0, "y": 0,
                                               "width": 1280, "height": 720,
                                               "logicalDpi": 96, "dpr": 1}]}))
    env_platform = f"offscreen:configfile={config}"
    result = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path)], cwd=repo_root,
                            capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": env_platform})
    assert result.returncode == 0, result.stderr
    too_big, restored, first = result.stdout.split()
    assert restored == "True"  # the 1900×1150 saved on a big desk is inside a 720-px screen
    assert too_big == "True" and first == "True"  # the first start's 1600×960 is brought in
