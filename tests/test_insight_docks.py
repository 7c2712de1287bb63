"""The Gradient flow and Histograms docks: what they draw, read back from their pyqtgraph
items; the histograms' model; the docks and the export in the main window."""

import numpy as np
import pytest

from app.session import Session
from model.histograms import counts, pick_moments, ridge, shared_edges, trace_values
from model.notation import num, symbol
from model.session_file import parse_session
from tests.conftest import show_widget
from tests.test_history import spec

# --- the histograms' model ----------------------------------------------------------------


def test_shared_bins_cover_every_row_and_are_symmetric_for_signed_values():
    a, b = np.array([-0.5, 0.1, 2.0]), np.array([0.0, np.nan, -3.0])
    edges = shared_edges([a, b], bins=6, symmetric=True)
    assert edges[0] == -3.0 and edges[-1] == 3.0 and len(edges) == 7
    hist, bad = counts(b, edges)
    assert hist.sum() == 2 and bad == 1
    assert shared_edges([np.array([0.25, 0.25])], bins=4)[[0, -1]].tolist() == [-0.25, 0.75]
    r = ridge([10, 20], [a, b], "w", bins=6)
    assert r.counts.tolist() == [[0, 0, 1, 1, 0, 1], [1, 0, 0, 1, 0, 0]]
    assert r.iterations == (10, 20) and r.nonfinite == (0, 1)


def test_what_a_step_has_computed():
    s = Session()
    t = s.trace
    kinds = [step.kind for step in t.steps]
    assert trace_values(t, 0, 2, "a") is None  # the input step: no a⁽²⁾ yet
    forward3 = kinds.index("forward") + 1  # layer 3's forward step
    assert trace_values(t, forward3, 3, "a") is t.layer(3).a
    bp1 = kinds.index("output_error")
    assert trace_values(t, bp1 - 1, 3, "delta") is None
    assert trace_values(t, bp1, 3, "delta") is t.layer(3).delta
    assert trace_values(t, bp1, 2, "delta") is None  # BP2 comes next
    assert trace_values(t, len(kinds) - 1, 2, "w") is t.W_after(2)  # the update step
    assert trace_values(t, 0, 2, "w") is t.W_before(2)


def test_moments_are_spread_over_the_history_and_end_with_the_newest():
    assert pick_moments([0, 1, 2]) == [0, 1, 2]
    its = list(range(0, 1000, 50)) + list(range(1000, 1050))
    picked = pick_moments(its, 8)
    assert picked[-1] == len(its) - 1 and picked[0] == 0 and len(picked) <= 8
    assert np.all(np.diff([its[i] for i in picked]) >= 100)  # about 1049 / 7 apart


# --- the Gradient flow dock -------------------------------------------------------------


@pytest.fixture
def stepped():
    s = Session(spec())
    for _ in range(3 * s.n_steps):
        s.next_step()
    s.train_for(0.05)
    return s


def test_the_flow_dock_draws_the_sessions_series(qtbot, stepped):
    from widgets.flow_panel import FlowPanel

    panel = show_widget(qtbot, FlowPanel(stepped), 1000, 360)
    panel.flush()
    for measure in ("delta", "grad", "ratio"):
        assert len(panel.curves[measure]) == stepped.network.n_layers - 1
        for layer, curve in enumerate(panel.curves[measure], start=2):
            c = stepped.flow.curve(measure, layer)
            keep = c.y > 0
            np.testing.assert_array_equal(curve.xData, c.x[keep])
            np.testing.assert_array_equal(curve.yData, c.y[keep])
        assert panel.plots[measure].ctrl.logYCheck.isChecked()  # log scale
    colours = {panel.curves["delta"][i].opts["pen"].color().name() for i in range(2)}
    assert len(colours) == 2  # one colour per layer


def test_hovering_the_flow_dock_names_the_iteration_and_the_exact_values(qtbot, stepped):
    from widgets.flow_panel import FlowPanel, measure_symbol

    panel = show_widget(qtbot, FlowPanel(stepped), 1000, 360)
    panel.flush()
    assert "(the latest)" in panel.readout.text()
    text = panel.hover(2)
    assert text == panel.hover_text and panel.readout.text() == "iteration 2"
    assert text.splitlines()[0] == "iteration 2"
    for measure in ("delta", "grad", "ratio"):
        value = stepped.flow.curve(measure, 3).y[1]
        assert f"{measure_symbol(measure, 3)} = {num(value)}" in text
    assert panel.markers["grad"].isVisible() and panel.markers["grad"].value() == 2
    assert measure_symbol("ratio", 2) == f"‖Δ{symbol('W', 2)}‖ / ‖{symbol('W', 2)}‖"
    panel.hover(None)
    assert not panel.markers["grad"].isVisible()


def test_the_flow_dock_follows_training_and_stepping_back(qtbot, stepped):
    from widgets.flow_panel import FlowPanel

    panel = show_widget(qtbot, FlowPanel(stepped), 1000, 360)
    n = stepped.iterations_done
    stepped.go_to_iteration(2)
    panel.flush()
    assert panel.curves["grad"][0].xData.tolist() == [1, 2]
    assert n > 2


# --- the Histograms dock --------------------------------------------------------------------


def test_the_histograms_front_row_is_the_step_shown(qtbot):
    from widgets.histogram_panel import HistogramPanel

    s = Session(spec())
    for _ in range(3 * s.n_steps):
        s.next_step()
    s.go_to_step(s.n_steps - 2)  # the gradients step: every a and δ computed
    panel = show_widget(qtbot, HistogramPanel(s), 1000, 400)
    for index, what in ((0, "w"), (1, "a"), (2, "delta")):
        panel.quantity.setCurrentIndex(index)
        for layer in range(2, s.network.n_layers + 1):
            values = trace_values(s.trace, s.step_index, layer, what)
            edges, shown = panel.front_counts(layer)
            assert np.array_equal(shown, np.histogram(values, edges)[0])
            assert edges[0] <= np.min(values) and edges[-1] >= np.max(values)
        lr = panel.shown[0]
        assert lr.ridge.iterations[-1] == s.iterations_done
        assert len(lr.ridge.iterations) == 4  # iterations 0, 1, 2 and the one shown
    title = panel.plots[0].titleLabel.text
    assert str(symbol("δ", 2)) in title and "errors" in title


def test_a_quantity_not_computed_yet_has_no_front_row(qtbot):
    from widgets.histogram_panel import HistogramPanel

    s = Session(spec())
    panel = show_widget(qtbot, HistogramPanel(s), 1000, 400)
    panel.quantity.setCurrentIndex(2)  # δ at the input step
    assert panel.front_counts(2) is None
    assert "not computed yet" in panel.plots[0].titleLabel.text
    assert not panel.rows[0][-1].isVisible()
    assert "not computed yet" in panel.hover_text(2, 0.0, 0.0)


def test_the_histograms_hover_names_row_bin_and_count(qtbot):
    from widgets.histogram_panel import HistogramPanel

    s = Session(spec())
    for _ in range(2 * s.n_steps):
        s.next_step()
    panel = show_widget(qtbot, HistogramPanel(s), 1000, 400)
    panel.flush()
    r = panel.shown[0].ridge
    b = int(np.argmax(r.counts[-1]))
    middle = (r.edges[b] + r.edges[b + 1]) / 2
    text = panel.hover_text(2, middle, 0.0)
    assert text.startswith(f"{symbol('W', 2)} at the step shown: {r.counts[-1][b]:,} of")
    assert f"[{num(r.edges[b])}, {num(r.edges[b + 1])})" in text
    older = panel.hover_text(2, middle, 1.0)
    assert f"iteration {r.iterations[-2]:,}" in older


# --- in the window ------------------------------------------------------------------------


def test_the_window_has_the_insight_docks_and_the_log_export(qtbot, tmp_path, monkeypatch):
    from PySide6 import QtWidgets

    from widgets.dock_scroll import panel_of
    from widgets.main_window import MainWindow

    s = Session(parse_session({
        "network": {"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"],
                    "loss": "cross_entropy"},
        "training": {"batch_size": 4},
        "data": {"dataset": "xor"}}))
    window = show_widget(qtbot, MainWindow(s), 1400, 900)
    for name, title in (("flow", "Gradient flow"), ("histograms", "Histograms"),
                        ("confusion", "Confusion matrix")):
        dock = window.docks[name]
        assert dock.objectName() == f"dock_{name}" and dock.windowTitle() == title
        assert dock.toggleViewAction() in window.view_menu.actions()
        assert not panel_of(dock).in_view  # a tab behind Loss or Matrices: no redraws
    assert window.flow.redraw_count <= 1
    before = window.flow.redraw_count
    s.train_epochs(3)
    assert window.flow.redraw_count == before  # behind a tab
    window.docks["flow"].raise_()
    qtbot.waitUntil(lambda: window.flow.in_view)
    assert window.flow.redraw_count == before + 1  # drawn once, when looked at
    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_export_log in file_menu.actions()
    target = tmp_path / "log.csv"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    from widgets.insight_docks import export_log_dialog

    assert export_log_dialog(window) == target
    lines = target.read_text().splitlines()
    assert lines[0].startswith("epoch,train_cost,test_cost") and len(lines) == 1 + 3
    s.dirty = False
