"""The Practice dock in the main window, and Run → Practice. ``add_practice(window)`` is called
once by ``MainWindow.__init__`` after its menus exist and before its default layout is
captured: the dock is a tab behind the Inspector, hidden until asked for (a lesson that
lists "practice" in its docks, or Run → Practice).
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from widgets.practice_panel import PracticePanel


def add_practice(window) -> PracticePanel:
    right = QtCore.Qt.DockWidgetArea.RightDockWidgetArea
    panel = window.add_dock("practice", "Practice", PracticePanel(window.session,
                                                                   window.lesson_player), right)
    dock = window.docks["practice"]
    window.tabifyDockWidget(window.docks["inspector"], dock)
    window.docks["inspector"].raise_()
    dock.hide()
    window.view_menu.insertAction(window.act_reset_layout, dock.toggleViewAction())

    def show_dock() -> None:
        dock.show()
        dock.raise_()

    panel.asked.connect(show_dock)
    window.act_practice = window._action(
        "&Practice: predict each step", lambda on: _practise(window, on), checkable=True,
        tip="Before each step, type the chosen neuron's number; hints and solutions follow")
    panel.toggle.toggled.connect(window.act_practice.setChecked)
    menus = [m for m in window.act_train.associatedObjects() if isinstance(m, QtWidgets.QMenu)]
    if menus:
        actions = menus[0].actions()
        after = actions.index(window.act_train) + 1
        menus[0].insertAction(actions[after] if after < len(actions) else None,
                              window.act_practice)
    window.presentation.active_changed.connect(panel.set_hall)
    return panel


def _practise(window, on: bool) -> None:
    window.practice.set_enabled(on)
    if on:
        dock = window.docks["practice"]
        dock.show()
        dock.raise_()
