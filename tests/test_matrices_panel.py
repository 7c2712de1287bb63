"""The matrices dock: orientation, colours, symmetric levels, hover, selection, gradients."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from app.session import Session
from model.notation import num
from model.session_file import parse_session
from tests.conftest import show_widget
from widgets.colormap import NON_FINITE_RGB, Scale, to_rgb
from widgets.matrices_panel import CONVENTION, MatricesPanel, index_ticks

SPEC = {  # 3-2-1: W² is 2 × 3, so a transposed or flipped picture cannot pass
    "network": {"layers": [3, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "quadratic",
                "seed": 5},
    "training": {"batch_size": 2, "learning_rate": 0.5, "shuffle": False},
    "data": {"inputs": [[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 0]],
             "targets": [[0], [1], [1], [0]]},
}


@pytest.fixture
def shown(qtbot):
    session = Session(parse_session(SPEC))
    panel = show_widget(qtbot, MatricesPanel(session), 520, 900)
    return session, panel


def cell_point(row, heatmap, j: int, k: int) -> QtCore.QPoint:
    """Where the centre of cell (j, k) of ``heatmap`` is, in ``row``'s viewport pixels."""
    scene = heatmap.plot.getViewBox().mapViewToScene(QtCore.QPointF(k, j))
    return row.mapFromScene(scene)


def pixel(panel, row, heatmap, j: int, k: int) -> tuple[int, int, int]:
    """The colour on screen at the centre of cell (j, k)."""
    point = row.viewport().mapTo(panel, cell_point(row, heatmap, j, k))
    c = panel.grab().toImage().pixelColor(point)
    return c.red(), c.green(), c.blue()


def close(rgb, expected, tol: int = 6) -> bool:
    return all(abs(int(a) - int(b)) <= tol for a, b in zip(rgb, expected, strict=True))


def test_weights_are_drawn_row_j_column_k_row_0_on_top(shown):
    session, panel = shown
    w, b = session.view().weights[0], session.view().biases[0]
    row = panel.rows[0]
    assert w.shape == (2, 3)
    top, bottom = cell_point(row, row.w, 0, 0), cell_point(row, row.w, 1, 2)
    assert top.y() < bottom.y() and top.x() < bottom.x()  # row 0 at the top, column 0 left
    assert np.array_equal(row.w.image.image, w)
    scale = Scale.symmetric(np.concatenate([w.ravel(), b]))
    for j in range(2):
        for k in range(3):
            assert close(pixel(panel, row, row.w, j, k), to_rgb(w[j, k], scale)), (j, k)
    assert close(pixel(panel, row, row.b, 1, 0), to_rgb(b[1], scale))


def test_levels_are_symmetric(shown):
    session, panel = shown
    view = session.view()
    for i, row in enumerate(panel.rows):
        limit = max(np.abs(view.weights[i]).max(), np.abs(view.biases[i]).max())
        assert tuple(row.w.image.getLevels()) == (-limit, limit)
        assert tuple(row.param_bar.levels()) == (-limit, limit)


def test_hover_names_the_cell_and_tells_the_session(shown, qtbot):
    session, panel = shown
    row = panel.rows[0]
    QTest.mouseMove(row.viewport(), cell_point(row, row.w, 1, 2))
    qtbot.waitUntil(lambda: session.selection.hovered_edge is not None)
    assert session.selection.hovered_edge == (2, 1, 2)
    value = session.view().weights[0][1, 2]
    assert panel.hover_label.text() == (f"W⁽²⁾[2][3] = {num(value)} — from neuron 3 of layer 1 "
                                        "to neuron 2 of layer 2")  # 1-based, as the words
    assert row.w.hovered.isVisible() and row.grad_w.hovered.isVisible()
    QtWidgets.QApplication.sendEvent(row, QtCore.QEvent(QtCore.QEvent.Type.Leave))
    assert session.selection.hovered_edge is None


def test_hover_on_a_bias(shown, qtbot):
    session, panel = shown
    row = panel.rows[1]
    QTest.mouseMove(row.viewport(), cell_point(row, row.b, 0, 0))
    qtbot.waitUntil(lambda: panel.hover_label.text().startswith("b⁽³⁾[1]"))
    assert f"= {num(session.view().biases[1][0])} — bias of neuron 1 of layer 3" in \
        panel.hover_label.text()
    assert session.selection.hovered_edge is None


def test_click_selects_and_selection_is_outlined(shown, qtbot):
    session, panel = shown
    row = panel.rows[0]
    session.select_edge((2, 0, 1))
    for heatmap in (row.w, row.grad_w):
        assert heatmap.selected.isVisible()
        assert heatmap.selected.rect() == QtCore.QRectF(0.5, -0.5, 1, 1)  # around (k=1, j=0)
    assert not panel.rows[1].w.selected.isVisible()
    assert panel.hover_label.text().startswith("Selected: W⁽²⁾[1][2] = ")
    QTest.mouseClick(row.viewport(), QtCore.Qt.MouseButton.LeftButton,
                     QtCore.Qt.KeyboardModifier.NoModifier, cell_point(row, row.w, 1, 0))
    qtbot.waitUntil(lambda: session.selection.edge == (2, 1, 0))


def test_gradients_hidden_until_their_step(shown):
    session, panel = shown
    row = panel.rows[0]
    assert session.step.kind == "input"
    assert not row.grad_w.image.isVisible() and row.grad_w.hatch.isVisible()
    session.select_edge((2, 1, 1))
    assert "∂C/∂W⁽²⁾" not in panel.hover_label.text()
    assert "not computed yet" in panel.describe(("grad_w", 2, 1, 1))
    while session.step.kind != "gradients":
        session.next_step()
    assert row.grad_w.image.isVisible() and not row.grad_w.hatch.isVisible()
    grad = session.trace.layers[0].grad_weights
    assert np.array_equal(row.grad_w.image.image, grad)
    limit = max(np.abs(grad).max(), np.abs(session.trace.layers[0].grad_biases).max())
    assert tuple(row.grad_w.image.getLevels()) == (-limit, limit)
    assert panel.describe(("grad_w", 2, 1, 1)).startswith(f"∂C/∂W⁽²⁾[2][2] = {num(grad[1, 1])}")


def test_non_finite_values_are_magenta(shown):
    session, panel = shown
    row = panel.rows[0]
    session.trace.weights_before[0][1, 0] = np.nan  # as after a diverged update
    session.trace.weights_before[0][0, 2] = np.inf
    session.changed.emit()
    assert pixel(panel, row, row.w, 1, 0) == NON_FINITE_RGB
    assert pixel(panel, row, row.w, 0, 2) == NON_FINITE_RGB
    assert not close(pixel(panel, row, row.w, 0, 0), NON_FINITE_RGB, tol=60)
    limit = np.abs(row.w.image.getLevels()).max()
    assert np.isfinite(limit) and limit > 0


def test_reset_rebuilds_for_the_new_network(shown):
    session, panel = shown
    spec = dict(SPEC, network=dict(SPEC["network"], layers=[3, 4, 2, 1],
                                   activations=["relu", "tanh", "sigmoid"]))
    session.open_spec(parse_session(spec))
    assert [r.layer for r in panel.rows] == [2, 3, 4]
    assert panel.rows[1].w.image.image.shape == (2, 4)


def test_wheel_scrolls_the_panel_not_the_heatmaps(shown):
    _session, panel = shown
    row = panel.rows[0]
    before = row.w.plot.getViewBox().viewRange()
    pos = QtCore.QPointF(cell_point(row, row.w, 0, 0))
    wheel = QtGui.QWheelEvent(pos, row.viewport().mapToGlobal(pos), QtCore.QPoint(),
                              QtCore.QPoint(0, -120), QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.NoModifier,
                              QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    QtWidgets.QApplication.sendEvent(row.viewport(), wheel)
    assert not wheel.isAccepted()  # so Qt passes it on to the scroll area
    assert row.w.plot.getViewBox().viewRange() == before


def test_axes_count_neurons_from_one():
    assert index_ticks(3, 10) == [(0, "1"), (1, "2"), (2, "3")]
    assert index_ticks(20, 5) == [(0, "1"), (4, "5"), (9, "10"), (14, "15"), (19, "20")]
    assert index_ticks(784, 12)[:3] == [(0, "1"), (99, "100"), (199, "200")]
    assert all(len(index_ticks(n, m)) <= m for n in (1, 7, 64, 784) for m in (1, 3, 8, 30))


def test_titles_and_convention_use_the_notation(shown):
    _, panel = shown
    row = panel.rows[1]
    assert row.w.plot.titleLabel.text.startswith("W⁽³⁾")
    assert row.b.plot.titleLabel.text == "b⁽³⁾"
    assert "count from 1" in CONVENTION and "wⱼₖ⁽ˡ⁾" in CONVENTION
