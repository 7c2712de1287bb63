"""The training-insight docks in the main window: Gradient flow, Histograms, Confusion
matrix, and File → Export training log. ``add_insight(window)`` is called once by
``MainWindow.__init__`` after its menus exist and before its default layout is captured.

Gradient flow sits as a tab behind Loss (the same x axis, iterations); Histograms and
Confusion matrix as tabs behind Matrices. A tab not in front is not visible, so it does
not redraw (DockPanel's policy) until someone looks at it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.insight import write_training_log
from model.errors import ValidationError
from widgets.confusion_panel import ConfusionPanel
from widgets.dock_scroll import panel_of
from widgets.flow_panel import FlowPanel
from widgets.histogram_panel import HistogramPanel


def add_insight(window) -> None:
    """Add the docks (View menu entries beside the others) and the export action."""
    bottom = QtCore.Qt.DockWidgetArea.BottomDockWidgetArea
    s = window.session
    window.flow = window.add_dock("flow", "Gradient flow", FlowPanel(s), bottom)
    window.tabifyDockWidget(window.docks["loss"], window.docks["flow"])
    # each tabbed at once: side by side, even for a moment, they would widen the window
    window.histograms = window.add_dock("histograms", "Histograms", HistogramPanel(s), bottom,
                                        after_diagram=True)
    window.tabifyDockWidget(window.docks["matrices"], window.docks["histograms"])
    window.confusion = window.add_dock("confusion", "Confusion matrix", ConfusionPanel(s),
                                       bottom, after_diagram=True)
    window.tabifyDockWidget(window.docks["matrices"], window.docks["confusion"])
    window.docks["loss"].raise_()
    window.docks["matrices"].raise_()
    for name in ("flow", "histograms", "confusion"):
        dock = window.docks[name]
        dock.visibilityChanged.connect(panel_of(dock).set_in_view)  # a tab behind: no redraws
        window.view_menu.insertAction(window.act_reset_layout, dock.toggleViewAction())
    window.act_export_log = window._action(
        "Export training &log…", lambda: export_log_dialog(window),
        tip="One CSV row per epoch: costs, accuracies, gradient and weight norms per layer")
    file_menu = window.act_export_trace.associatedObjects()
    menus = [m for m in file_menu if isinstance(m, QtWidgets.QMenu)]
    if menus:
        actions = menus[0].actions()
        after = actions.index(window.act_export_trace) + 1
        menus[0].insertAction(actions[after] if after < len(actions) else None,
                              window.act_export_log)


def export_log_dialog(window) -> Path | None:
    """Ask where, then write the training log of the epochs recorded so far."""
    session = window.session
    session.stop()
    start = str(Path(window.export_folder) / "training-log.csv")
    path, _ = QtWidgets.QFileDialog.getSaveFileName(window, "Export training log", start,
                                                    "Training log CSV (*.csv)")
    if not path:
        return None
    try:
        written = write_training_log(session, path)
    except (ValidationError, OSError) as err:
        QtWidgets.QMessageBox.warning(window, "Cannot export training log", str(err))
        return None
    window.export_folder = str(written.parent)
    window.statusBar().showMessage(
        f"Training log of {len(session.flow.rows):,} epochs written to {written}", 6000)
    return written
