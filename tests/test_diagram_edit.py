"""Neuron maps, the +/− controls and editing parameters on the diagram, driven like a user."""

import numpy as np
import pytest
from PySide6 import QtCore
from PySide6.QtTest import QTest

from app.session import Session
from model.errors import ValidationError
from model.notation import num
from model.session_file import parse_session
from tests.conftest import show_widget
from widgets.colormap import Scale, to_rgb
from widgets.diagram import NetworkDiagram
from widgets.diagram.edit import parse_value
from widgets.diagram.maps import sample_cells

LEFT = QtCore.Qt.MouseButton.LeftButton
ALT = QtCore.Qt.KeyboardModifier.AltModifier
NO_MOD = QtCore.Qt.KeyboardModifier.NoModifier


def circle(layers=(2, 4, 1), acts=("tanh", "sigmoid")):
    return Session(parse_session({
        "network": {"layers": list(layers), "activations": list(acts), "seed": 1},
        "data": {"dataset": "circle", "seed": 3}}))


def make(qtbot, session, size=(1280, 800)):
    return show_widget(qtbot, NetworkDiagram(session), *size)


def colour(image, x: int, y: int) -> tuple[int, int, int]:
    c = image.pixelColor(x, y)
    return c.red(), c.green(), c.blue()


def map_pixels(w, layer: int, j: int, image=None):
    """(pixel colour, expected row, expected column) at a grid of points inside the map."""
    image = image or w.grab().toImage()
    rect = w.map_rect(layer, j)
    side = int(rect.width())
    cells = sample_cells(w.session.plane_maps().resolution, side)
    inner = range(side // 5, side - side // 5, 7)  # away from the rounded corners
    return [(colour(image, int(rect.x()) + px, int(rect.y()) + py), cells[py], cells[px])
            for py in inner for px in inner]


def test_map_pixels_are_the_neurons_values_over_the_plane(qtbot):
    session = circle()
    w = make(qtbot, session)
    planes = session.plane_maps()
    for j in range(4):  # tanh: its range −1 … 1
        got = map_pixels(w, 2, j)
        want = [tuple(int(c) for c in to_rgb(planes.neuron(2, j)[r, c], Scale(-1.0, 1.0)))
                for _, r, c in got]
        assert [g for g, _, _ in got] == want
        assert len(set(want)) > 5  # a real picture, not one flat colour
    got = map_pixels(w, 3, 0)  # sigmoid: 0 … 1 around 0.5
    want = [tuple(int(c) for c in to_rgb(planes.neuron(3, 0)[r, c] - 0.5, Scale(-0.5, 0.5)))
            for _, r, c in got]
    assert [g for g, _, _ in got] == want


def test_map_sits_beside_the_neuron_without_covering_it(qtbot):
    session = circle()
    w = make(qtbot, session)
    rect, disc = w.map_rect(2, 0), w.neuron_rect(2, 0)
    assert rect.width() >= 40
    assert rect.right() < disc.left()
    assert abs(rect.center().y() - disc.center().y()) <= 1


def test_maps_change_as_training_moves_the_weights(qtbot):
    session = circle()
    w = make(qtbot, session)
    before = [g for g, _, _ in map_pixels(w, 2, 0)]
    for _ in range(40):
        session.next_step()
    after = map_pixels(w, 2, 0)
    assert [g for g, _, _ in after] != before
    planes = session.plane_maps()
    assert [g for g, _, _ in after] == [
        tuple(int(c) for c in to_rgb(planes.neuron(2, 0)[r, c], Scale(-1.0, 1.0)))
        for _, r, c in after]


def test_maps_can_be_hidden(qtbot):
    session = circle()
    w = make(qtbot, session)
    rect = w.map_rect(2, 0)
    centre = rect.center().toPoint()
    shown = colour(w.grab().toImage(), centre.x(), centre.y())
    w.set_show_maps(False)
    assert w.map_rect(2, 0) is None
    hidden = w.grab().toImage()
    assert colour(hidden, centre.x(), centre.y()) != shown


def test_no_maps_for_four_inputs(qtbot):
    session = Session(parse_session({
        "network": {"layers": [4, 5, 3], "activations": ["tanh", "softmax"],
                    "loss": "cross_entropy", "seed": 1},
        "data": {"dataset": "iris", "seed": 0}}))
    w = make(qtbot, session)
    assert session.plane_maps() is None
    assert w.map_rect(2, 0) is None and w.map_rect(3, 0) is None
    assert not any("neuron maps" in line for line in w.headline_lines())


def test_wide_layer_has_no_maps_and_the_headline_says_so(qtbot):
    session = circle((2, 20, 4, 1), ("relu", "tanh", "sigmoid"))
    w = make(qtbot, session)
    assert w.map_rect(2, 0) is None
    assert w.map_rect(3, 0) is not None
    assert "neuron maps not drawn for layer 2 (over 16 neurons)" in w.headline_lines()


def test_hovering_a_neuron_shows_its_map_enlarged(qtbot):
    session = circle()
    w = make(qtbot, session)
    assert w.hover_map_rect() is None
    QTest.mouseMove(w, QtCore.QPoint(1, 1))
    QTest.mouseMove(w, w.neuron_center(2, 1).toPoint())
    rect = w.hover_map_rect()
    assert rect.width() == 180
    image = w.grab().toImage()
    values = session.plane_maps().neuron(2, 1)
    res = values.shape[0]
    for fx, fy in ((0.3, 0.3), (0.5, 0.7), (0.8, 0.2)):
        x, y = int(rect.x() + fx * 180), int(rect.y() + fy * 180)
        r, c = int((y - rect.y() + 0.5) * res / 180), int((x - rect.x() + 0.5) * res / 180)
        near = {tuple(int(v) for v in to_rgb(values[rr, cc], Scale(-1.0, 1.0)))
                for rr in (r - 1, r, r + 1) for cc in (c - 1, c, c + 1)}
        assert colour(image, x, y) in near
    QTest.mouseMove(w, QtCore.QPoint(1, 1))
    assert w.hover_map_rect() is None


def click(w, kind: str, layer: int) -> None:
    QTest.mouseClick(w, LEFT, pos=w.control_rect(kind, layer).center().toPoint())


def test_plus_under_a_hidden_layer_adds_a_neuron(qtbot):
    session = circle()
    w = make(qtbot, session)
    rect = w.control_rect("add_neuron", 2)
    assert rect.width() >= 22 and rect.height() >= 22
    click(w, "add_neuron", 2)
    assert session.network.sizes == (2, 5, 1)
    click(w, "remove_neuron", 2)
    assert session.network.sizes == (2, 4, 1)


def test_minus_at_one_neuron_is_refused(qtbot):
    session = circle((2, 1, 1))
    w = make(qtbot, session)
    problems = []
    session.problem.connect(problems.append)
    weights = [x.copy() for x in session.network.weights]
    click(w, "remove_neuron", 2)
    assert session.network.sizes == (2, 1, 1)
    assert all(np.array_equal(a, b) for a, b in zip(weights, session.network.weights,
                                                    strict=True))
    assert problems == ["Layer 2: has only 1 neuron; remove the layer instead"]


def test_layer_controls_insert_and_remove_hidden_layers(qtbot):
    session = circle()
    w = make(qtbot, session)
    assert w.control_rect("add_layer", 3) is not None
    assert w.control_rect("remove_layer", 3) is None  # the output layer stays
    click(w, "add_layer", 3)
    assert session.network.sizes == (2, 4, 4, 1)
    click(w, "remove_layer", 2)
    assert session.network.sizes == (2, 4, 1)


def test_controls_are_hidden_while_training_runs(qtbot):
    session = circle()
    w = make(qtbot, session)
    at = w.control_rect("add_neuron", 2).center().toPoint()
    session.toggle_train()
    try:
        assert w.control_rect("add_neuron", 2) is None
        QTest.mouseClick(w, LEFT, pos=at)
        assert session.network.sizes == (2, 4, 1)
    finally:
        session.stop()
    assert w.control_rect("add_neuron", 2) is not None


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def open_weight_editor(w, edge):
    QTest.mouseDClick(w, LEFT, pos=w.edge_midpoint(*edge).toPoint())
    assert w.editor is not None
    return w.editor


def test_double_click_an_edge_and_type_a_weight(qtbot):
    session = circle()
    w = make(qtbot, session)
    before = session.history.current.weights[1][0, 1]
    editor = open_weight_editor(w, (3, 0, 1))
    assert editor.line.text() == num(before)
    assert editor.name == "w₁₂⁽³⁾"
    editor.line.selectAll()
    QTest.keyClicks(editor.line, "0.5")
    QTest.keyClick(editor.line, QtCore.Qt.Key.Key_Return)
    assert w.editor is None
    snap = session.history.current
    assert snap.weights[1][0, 1] == 0.5
    x = session.trace.input
    a2 = np.tanh(x @ snap.weights[0].T + snap.biases[0])
    a3 = sigmoid(a2 @ snap.weights[1].T + snap.biases[1])
    np.testing.assert_allclose(session.trace.layers[-1].a, a3, rtol=1e-12)
    assert session.undo_stack.undo_label.startswith("Set w")


def test_a_number_copied_from_a_tooltip_reads_back():
    assert parse_value("w", "−2.5 × 10⁻³") == -0.0025
    with pytest.raises(ValidationError, match="must be ≤ 1 × 10⁶"):
        parse_value("w", "1.5 × 10⁶")


@pytest.mark.parametrize(("text", "reason"), [
    ("abc", "“abc” is not a number"),
    ("nan", "must be a number, not NaN"),
    ("1e400", "1e400 is too large"),
    ("2e6", "must be ≤ 1 × 10⁶"),
])
def test_bad_text_is_refused_with_the_reason_and_changes_nothing(qtbot, text, reason):
    session = circle()
    w = make(qtbot, session)
    weights = [a.copy() for a in session.history.current.weights]
    output = session.trace.layers[-1].a.copy()
    editor = open_weight_editor(w, (2, 1, 0))
    editor.line.selectAll()
    QTest.keyClicks(editor.line, text)
    QTest.keyClick(editor.line, QtCore.Qt.Key.Key_Return)
    assert w.editor is editor and editor.isVisible()
    assert reason in editor.error and editor.error.startswith("w₂₁⁽²⁾")
    assert editor.message.isVisible() and editor.line.toolTip() == editor.error
    assert "#c62828" in editor.line.styleSheet()
    assert all(np.array_equal(a, b) for a, b in zip(weights, session.history.current.weights,
                                                    strict=True))
    np.testing.assert_array_equal(session.trace.layers[-1].a, output)
    assert not session.undo_stack.undo_label
    QTest.keyClick(editor.line, QtCore.Qt.Key.Key_Backspace)  # typing clears the red
    assert editor.error == "" and "#c62828" not in editor.line.styleSheet()


def test_escape_cancels_the_editor(qtbot):
    session = circle()
    w = make(qtbot, session)
    before = session.history.current.weights[1].copy()
    editor = open_weight_editor(w, (3, 0, 2))
    editor.line.selectAll()
    QTest.keyClicks(editor.line, "0.9")
    QTest.keyClick(editor.line, QtCore.Qt.Key.Key_Escape)
    assert w.editor is None
    np.testing.assert_array_equal(session.history.current.weights[1], before)


def test_double_click_a_neuron_edits_its_bias(qtbot):
    session = circle()
    w = make(qtbot, session)
    QTest.mouseDClick(w, LEFT, pos=w.neuron_center(2, 1).toPoint())
    editor = w.editor
    assert editor.name == "b₂⁽²⁾"
    editor.line.selectAll()
    QTest.keyClicks(editor.line, "-0.25")
    QTest.keyClick(editor.line, QtCore.Qt.Key.Key_Enter)
    snap = session.history.current
    assert snap.biases[0][1] == -0.25
    x = session.trace.input
    np.testing.assert_allclose(session.trace.layers[0].z[:, 1],
                               x @ snap.weights[0][1] - 0.25, rtol=1e-12)
    QTest.mouseDClick(w, LEFT, pos=w.neuron_center(1, 0).toPoint())
    assert w.editor is None  # inputs have no bias


def test_alt_drag_nudges_a_weight_by_a_tenth_per_20_px_as_one_edit(qtbot):
    session = circle()
    w = make(qtbot, session)
    edge = (3, 0, 1)
    before = float(session.history.current.weights[1][0, 1])
    start = w.edge_midpoint(*edge).toPoint()
    QTest.mousePress(w, LEFT, ALT, start)
    QTest.mouseMove(w, start + QtCore.QPoint(0, -20))
    QTest.mouseMove(w, start + QtCore.QPoint(0, -41))
    assert session.history.current.weights[1][0, 1] == before  # nothing until release
    QTest.mouseRelease(w, LEFT, ALT, start + QtCore.QPoint(0, -41))
    assert session.history.current.weights[1][0, 1] == pytest.approx(before + 0.2, abs=1e-12)
    session.undo()
    assert session.history.current.weights[1][0, 1] == before
    assert not session.undo_stack.undo_label  # it was one edit
    QTest.mousePress(w, LEFT, ALT, start)
    QTest.mouseMove(w, start + QtCore.QPoint(0, 20))
    QTest.mouseRelease(w, LEFT, ALT, start + QtCore.QPoint(0, 20))
    assert session.history.current.weights[1][0, 1] == pytest.approx(before - 0.1, abs=1e-12)
    assert session.network.sizes == (2, 4, 1) and session.selection.neuron is None
    QTest.mouseClick(w, LEFT, NO_MOD, start)
    assert session.selection.edge == edge  # a plain click still selects
