"""Windows fit their screen: a geometry saved on a bigger screen, or the first start's
default size, is clamped to the current screen's available geometry. The window is
checked on a 1280×720 screen (the offscreen platform configured in a child process: the
test process's own screen is 800×800, smaller than the desk layout's minimum size)."""

import json
import subprocess
import sys
import textwrap

from PySide6 import QtCore, QtWidgets

from widgets.dock_scroll import DockScroll
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
    least = window.minimumSizeHint()
    print(unfitted.width() > available.width(), available.contains(window.frameGeometry()),
          first.width() <= available.width() and first.height() <= available.height(),
          least.width(), least.height())
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
    too_big, restored, first, least_w, least_h = result.stdout.split()
    # every dock scrolls when short: the desk layout's minimum leaves room for a task bar
    assert int(least_w) <= 1260 and int(least_h) <= 680, (least_w, least_h)
    assert restored == "True"  # the 1900×1150 saved on a big desk is inside a 720-px screen
    assert too_big == "True" and first == "True"  # the first start's 1600×960 is brought in


def test_a_short_dock_scrolls_its_panel_whole(qtbot):
    """Under its panel's minimum a dock scrolls: the panel keeps its size, no text is cut."""
    panel = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(panel)
    labels = [QtWidgets.QLabel(f"line {i + 1} of the panel") for i in range(12)]
    for label in labels:
        column.addWidget(label)
    scroll = DockScroll(panel)
    qtbot.addWidget(scroll)
    least = panel.minimumSizeHint()
    scroll.resize(least.width() + 40, 150)
    scroll.show()
    qtbot.waitExposed(scroll)
    assert least.height() > 150
    assert panel.height() == least.height()  # not squeezed: each label keeps its height
    assert all(label.height() >= label.minimumSizeHint().height() for label in labels)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() == least.height() - scroll.viewport().height()
    bar.setValue(bar.maximum())
    assert not labels[-1].visibleRegion().isEmpty() and labels[0].visibleRegion().isEmpty()
    # its minimum is at most a share of the screen (and never under MIN_SIDE)
    room = scroll.screen().availableGeometry()
    assert scroll.minimumSizeHint().height() == max(96, int(0.22 * room.height()))
