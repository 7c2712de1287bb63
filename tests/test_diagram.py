"""The network diagram, driven like a user and checked by what it shows (pixels, texts)."""

import time

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from app.session import Session
from model.notation import num
from model.session_file import parse_session
from widgets.colormap import Scale, bin_index, bin_rgb, to_rgb
from widgets.diagram import NetworkDiagram
from widgets.diagram.plan import N_COLOUR_BINS

# XOR demo (2-2-1 sigmoid, batch 4) step indices
INPUT, FORWARD_2, FORWARD_3, LOSS, OUTPUT_ERROR, BACKWARD_2, GRADIENTS, UPDATE = range(8)
LEFT = QtCore.Qt.MouseButton.LeftButton
WHITE = (255, 255, 255)


def make(qtbot, session=None, size=(1000, 700)):
    session = session or Session()
    w = NetworkDiagram(session)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return session, w


def diagram_image(w, width: int, height: int) -> QtGui.QImage:
    """The diagram fitted into a ``width`` × ``height`` image, as exports paint it."""
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    painter = QtGui.QPainter(image)
    try:
        w.paint_to(painter, width, height)
    finally:
        painter.end()
    return image


def pixel(image, point) -> tuple[int, int, int]:
    c = image.pixelColor(point.toPoint())
    return c.red(), c.green(), c.blue()


def neuron_pixels(w, layer: int, n: int):
    image = w.grab().toImage()
    return [pixel(image, w.neuron_center(layer, j)) for j in range(n)]


def hover(w, point: QtCore.QPointF) -> None:
    """Move the mouse to ``point`` (via a corner: Qt drops a move to where it already is)."""
    QTest.mouseMove(w, QtCore.QPoint(1, 1))
    QTest.mouseMove(w, point.toPoint())


def rgb(values, scale):
    return [tuple(int(c) for c in row) for row in to_rgb(np.asarray(values), scale)]


def exact(v: float) -> str:
    return num(v)


def big_session(sizes, seed=0):
    rng = np.random.default_rng(seed)
    n_out = sizes[-1]
    return Session(parse_session({
        "network": {"layers": sizes, "activations": ["relu"] * (len(sizes) - 2) + ["sigmoid"],
                    "loss": "quadratic", "seed": 1},
        "training": {"batch_size": 4, "learning_rate": 0.1},
        "data": {"inputs": rng.random((4, sizes[0])).round(3).tolist(),
                 "targets": np.eye(n_out)[rng.integers(0, n_out, 4)].tolist()},
    }))


def test_forward_step_colours_computed_layers_and_leaves_the_rest_empty(qtbot):
    session, w = make(qtbot)
    w.set_show_values(False)
    session.set_sample(2)  # XOR row (1, 0): the inputs differ
    session.go_to_step(FORWARD_2)
    trace = session.trace
    assert neuron_pixels(w, 1, 2) == rgb(trace.input[2], Scale.symmetric(trace.input))
    assert neuron_pixels(w, 2, 2) == rgb(trace.layers[0].a[2], Scale(0.0, 1.0))
    assert neuron_pixels(w, 3, 1) == [WHITE]  # not computed yet in this pass
    session.go_to_step(FORWARD_3)
    assert neuron_pixels(w, 3, 1) == rgb(trace.layers[1].a[2], Scale(0.0, 1.0))


def test_backward_step_colours_deltas_on_the_network_or_layer_scale(qtbot):
    session, w = make(qtbot)
    w.set_show_values(False)
    session.go_to_step(OUTPUT_ERROR)
    assert neuron_pixels(w, 2, 2) == [WHITE, WHITE]  # δ⁽²⁾ not computed yet
    session.go_to_step(BACKWARD_2)
    d2, d3 = (lt.delta for lt in session.trace.layers)
    network = Scale.symmetric(np.concatenate([d2.ravel(), d3.ravel()]))
    assert neuron_pixels(w, 2, 2) == rgb(d2[0], network)
    assert neuron_pixels(w, 3, 1) == rgb(d3[0], network)
    session.set_scale_mode("layer")
    assert neuron_pixels(w, 2, 2) == rgb(d2[0], Scale.symmetric(d2))
    assert neuron_pixels(w, 2, 2) != rgb(d2[0], network)


def test_values_inside_neurons_are_drawn_and_can_be_hidden(qtbot):
    session, w = make(qtbot)
    session.go_to_step(BACKWARD_2)
    rect = w.neuron_rect(3, 0).toRect().adjusted(6, 6, -6, -6)
    with_text = w.grab(rect).toImage()
    w.set_show_values(False)
    plain = w.grab(rect).toImage()
    assert with_text != plain
    colours = {plain.pixel(x, y) for x in range(plain.width()) for y in range(plain.height())
               if (x - plain.width() / 2) ** 2 + (y - plain.height() / 2) ** 2 < 200}
    assert len(colours) == 1  # a plain disc of the value's colour


def test_thick_edge_midpoint_has_the_colour_of_its_weight(qtbot):
    session, w = make(qtbot)
    session.set_scale_mode("layer")
    session.go_to_step(FORWARD_2)
    weights = session.view().edge_values[1][0]  # W⁽³⁾: the two edges into the output
    k = int(np.argmax(np.abs(weights)))  # the strongest of its layer: the thickest pen
    scale = Scale.symmetric(weights)
    expected = tuple(int(c) for c in bin_rgb(N_COLOUR_BINS)[bin_index(weights[k], scale,
                                                                      N_COLOUR_BINS)])
    got = pixel(w.grab().toImage(), w.edge_midpoint(3, 0, k))
    assert got == expected
    assert np.abs(np.subtract(got, to_rgb(weights[k], scale))).max() <= 12
    assert got != (240, 240, 240)


def test_gradient_steps_colour_edges_by_the_gradient(qtbot):
    session, w = make(qtbot)
    session.set_scale_mode("layer")
    session.go_to_step(GRADIENTS)
    grads = session.trace.layers[1].grad_weights[0]
    k = int(np.argmax(np.abs(grads)))
    scale = Scale.symmetric(grads)
    expected = tuple(int(c) for c in bin_rgb(N_COLOUR_BINS)[bin_index(grads[k], scale,
                                                                      N_COLOUR_BINS)])
    assert pixel(w.grab().toImage(), w.edge_midpoint(3, 0, k)) == expected
    assert "Edges: gradient ∂C/∂w" in w.headline_lines()[1]


def test_clicks_select_neurons_and_edges_and_empty_space_clears(qtbot):
    session, w = make(qtbot)
    QTest.mouseClick(w, LEFT, pos=w.neuron_center(2, 1).toPoint())
    assert session.selection.neuron == (2, 1)
    QTest.mouseClick(w, LEFT, pos=w.edge_midpoint(3, 0, 1).toPoint())
    assert session.selection.edge == (3, 0, 1)
    empty = QtCore.QPointF(w.edge_midpoint(2, 0, 0).x(), w.neuron_rect(2, 0).top() - 60)
    QTest.mouseClick(w, LEFT, pos=empty.toPoint())
    assert session.selection.neuron is None and session.selection.edge is None


def test_selected_neuron_gets_a_dark_ring(qtbot):
    session, w = make(qtbot)
    ring = w.neuron_rect(2, 0).topRight() + QtCore.QPointF(0, w.neuron_rect(2, 0).height() / 2)
    probe = (ring + QtCore.QPointF(5.5, 0)).toPoint()
    assert pixel(w.grab().toImage(), QtCore.QPointF(probe)) != (0, 0, 0)
    session.select_neuron(2, 0)
    assert max(pixel(w.grab().toImage(), QtCore.QPointF(probe))) < 40


def test_hovering_an_edge_reports_it_and_shows_exact_numbers(qtbot):
    session, w = make(qtbot)
    session.go_to_step(GRADIENTS)
    hover(w, w.edge_midpoint(3, 0, 1))
    assert session.selection.hovered_edge == (3, 0, 1)
    text = w.toolTip()
    w3 = session.view().weights[1][0, 1]
    g3 = session.trace.layers[1].grad_weights[0, 1]
    assert f"w₁₂⁽³⁾ = {exact(w3)} (from neuron 2 of layer 2 to neuron 1 of layer 3)" in text
    assert f"∂C/∂w₁₂⁽³⁾ = {exact(g3)}" in text
    hover(w, w.neuron_center(3, 0))
    assert session.selection.hovered_edge is None


def test_hovered_edge_from_elsewhere_is_drawn_on_top(qtbot):
    session, w = make(qtbot)
    at = w.edge_midpoint(2, 0, 0) + QtCore.QPointF(0, 3)  # just beside a thin edge
    before = pixel(w.grab().toImage(), at)
    session.hover_edge((2, 0, 0))  # e.g. from the matrices dock
    after = pixel(w.grab().toImage(), at)
    assert before != after and max(after) < 60


def test_neuron_tooltip_has_exact_values_and_says_what_is_not_computed(qtbot):
    session, w = make(qtbot)
    session.go_to_step(FORWARD_2)
    hover(w, w.neuron_center(3, 0))
    assert "z₁⁽³⁾ = not computed yet in this pass" in w.toolTip()
    hover(w, w.neuron_center(2, 1))
    lt = session.trace.layers[0]
    text = w.toolTip()
    assert f"z₂⁽²⁾ = {exact(lt.z[0, 1])}" in text
    assert f"a₂⁽²⁾ = {exact(lt.a[0, 1])}" in text
    assert "δ₂⁽²⁾ = not computed yet in this pass" in text
    session.go_to_step(BACKWARD_2)
    hover(w, w.neuron_center(2, 1))
    assert f"δ₂⁽²⁾ = {exact(lt.delta[0, 1])}" in w.toolTip()


def test_legend_numbers_follow_the_scale_mode(qtbot):
    session, w = make(qtbot)
    session.go_to_step(BACKWARD_2)
    d2, d3 = (lt.delta for lt in session.trace.layers)
    assert np.abs(d3).max() > np.abs(d2).max()  # so per-layer and network limits differ
    label, numbers = w.legend_lines()[0]
    assert label.startswith("neurons: error δ")
    assert numbers[2] == f"{np.abs(d3).max():.3g}"
    session.set_scale_mode("layer")
    label, numbers = w.legend_lines()[0]
    assert label.endswith("(layer 2)")
    assert numbers[2] == f"{np.abs(d2).max():.3g}"
    session.set_scale_mode("locked")
    locked = w.legend_lines()
    assert session.locked_scale["delta"] == pytest.approx(np.abs(d3).max())
    session.go_to_step(OUTPUT_ERROR)
    assert w.legend_lines()[0][1] == locked[0][1]


def test_headline_says_what_is_shown(qtbot):
    session, w = make(qtbot)
    session.set_sample(1)
    session.go_to_step(FORWARD_2)
    caption, line = w.headline_lines()
    assert caption == session.step.caption
    assert "Neurons: activation a · Edges: weight w · sample 2 of 4" in line
    session.set_sample("mean")
    assert "batch mean" in w.headline_lines()[1]


def test_zoom_and_pan(qtbot):
    session, w = make(qtbot)
    a, b = w.neuron_center(1, 0), w.neuron_center(1, 1)
    w.zoom_in()
    a2, b2 = w.neuron_center(1, 0), w.neuron_center(1, 1)
    assert b2.y() - a2.y() == pytest.approx(1.25 * (b.y() - a.y()))
    start = QtCore.QPoint(int(w.edge_midpoint(2, 0, 0).x()), int(w.neuron_rect(2, 0).top() - 50))
    QTest.mousePress(w, LEFT, pos=start)
    QTest.mouseMove(w, start + QtCore.QPoint(30, 20))
    QTest.mouseRelease(w, LEFT, pos=start + QtCore.QPoint(30, 20))
    assert w.neuron_center(1, 0) == a2 + QtCore.QPointF(30, 20)
    assert session.selection.neuron is None
    w.fit()
    assert w.neuron_center(1, 0) == a


def test_ctrl_wheel_zooms_about_the_mouse(qtbot):
    session, w = make(qtbot)
    at = w.neuron_center(3, 0)
    radius = w.neuron_rect(3, 0).width()
    wheel = QtGui.QWheelEvent(at, w.mapToGlobal(at), QtCore.QPoint(), QtCore.QPoint(0, 240),
                              QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.ControlModifier,
                              QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    QtWidgets.QApplication.sendEvent(w, wheel)
    assert w.neuron_rect(3, 0).width() == pytest.approx(radius * 1.25 ** 2)
    assert (w.neuron_center(3, 0) - at).manhattanLength() < 1e-6


@pytest.mark.timing
def test_big_network_paints_fast_and_says_how_many_edges_are_hidden(qtbot):
    session = big_session([784, 128, 10])
    session, w = make(qtbot, session, size=(1280, 800))
    started = time.perf_counter()
    image = w.grab().toImage()
    assert time.perf_counter() - started < 0.5
    assert image.width() == 1280
    note = w.headline_lines()[2]  # level of detail (diagram_lod): the strongest edges only
    assert note.startswith("showing the 2,400 strongest of 101,632 edges")
    assert "the other 99,232 as grey bands" in note
    session.go_to_step(GRADIENTS)
    assert "(by |∂C/∂w|)" in w.headline_lines()[2]


def test_64_32_10_shows_output_labels_and_every_neuron(qtbot):
    session, w = make(qtbot, big_session([64, 32, 10]), size=(1280, 800))
    w.set_show_values(False)
    session.go_to_step(2)  # forward into the sigmoid output
    out = session.trace.layers[1].a[0]
    assert neuron_pixels(w, 3, 10) == rgb(out, Scale(0.0, 1.0))
    rects = [w.neuron_rect(1, j) for j in range(64)]  # an 8×8 grid, row-major (diagram_lod)
    assert all(not r.intersects(s) for i, r in enumerate(rects) for s in rects[i + 1:])
    assert rects[1].left() > rects[0].right() and rects[8].top() > rects[0].bottom()
    assert rects[8].left() == rects[0].left()
    assert w.neuron_rect(3, 0).width() >= 40  # outputs keep big, legible circles


def test_exported_image_differs_between_forward_and_backward(qtbot):
    session, w = make(qtbot)
    session.go_to_step(FORWARD_2)
    forward = diagram_image(w, 1280, 800)
    assert (forward.width(), forward.height()) == (1280, 800)
    session.go_to_step(BACKWARD_2)
    backward = diagram_image(w, 1280, 800)
    assert (backward.width(), backward.height()) == (1280, 800)
    assert forward != backward
