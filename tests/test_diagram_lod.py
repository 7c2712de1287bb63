"""Level of detail for big networks (diagram_lod, diagram_layout.Grid, diagram_compact):
the strongest edges up to a budget, wide layers as images, zoom bringing neurons back."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from app.session import Session
from model.notation import num
from model.session_file import parse_session
from tests.test_diagram import diagram_image
from widgets.colormap import Scale, bin_index, bin_rgb, to_rgb
from widgets.diagram import NetworkDiagram
from widgets.diagram.layout import Area, Grid, compute_layout, grid_shape
from widgets.diagram.lod import (
    EDGE_BUDGET,
    Gap,
    Lod,
    edges_in_view,
    hull,
    needs_lod,
    shares,
    strongest,
)
from widgets.diagram.plan import N_COLOUR_BINS, make_plan

INPUT, FORWARD_2, FORWARD_3, LOSS, OUTPUT_ERROR, BACKWARD_2, GRADIENTS, UPDATE = range(8)
LEFT = QtCore.Qt.MouseButton.LeftButton


def big_session(sizes, seed=0):
    rng = np.random.default_rng(seed)
    n_out = sizes[-1]
    return Session(parse_session({
        "network": {"layers": sizes, "activations": ["relu"] * (len(sizes) - 2) + ["sigmoid"],
                    "loss": "quadratic", "seed": 1, "init": "xavier"},
        "training": {"batch_size": 4, "learning_rate": 0.1},
        "data": {"inputs": rng.uniform(0.01, 1.0, (4, sizes[0])).round(3).tolist(),
                 "targets": np.eye(n_out)[rng.integers(0, n_out, 4)].tolist()},
    }))


@pytest.fixture(scope="module")
def mnist_like():
    return big_session([784, 128, 10])


def make(qtbot, session, size=(1280, 800)):
    session.set_sample(0)  # the module's session is shared: start from the same view
    session.set_scale_mode("network")
    session.select_neuron(None)
    w = NetworkDiagram(session)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w


def pixel(image, point) -> tuple[int, int, int]:
    c = image.pixelColor(point.toPoint())
    return c.red(), c.green(), c.blue()


def hover(w, point: QtCore.QPointF) -> None:
    QTest.mouseMove(w, QtCore.QPoint(1, 1))
    QTest.mouseMove(w, point.toPoint())


def exact(v: float) -> str:
    return num(v)


def drawn_by_gap(w, n_gaps: int) -> list[set[int]]:
    """Flat indices j·n_(l−1) + k of the drawn edges of each gap."""
    edges = w.drawn_edges()
    sizes = w.session.network.sizes
    return [{int(j) * sizes[g] + int(k) for layer, j, k in edges if layer == g + 2}
            for g in range(n_gaps)]


def assert_strongest(drawn: set[int], strength: np.ndarray, k: int) -> None:
    """``drawn`` holds k edges, none weaker than any edge left out (ties, e.g. relu zeros,
    may go either way)."""
    flat = strength.ravel()
    out = np.ones(flat.size, bool)
    out[list(drawn)] = False
    assert len(drawn) == k
    assert flat[list(drawn)].min() >= flat[out].max()
    if flat[list(drawn)].min() > flat[out].max():
        assert drawn == set(np.argsort(-flat, kind="stable")[:k].tolist())


# --- pure numpy -----------------------------------------------------------------------


def test_budget_is_shared_fairly_between_gaps():
    assert shares([1280, 100_352], 2400).tolist() == [1200, 1200]
    assert shares([10, 100, 5000], 2400).tolist() == [10, 100, 2290]
    assert shares([1280, 32_768, 200_704], 2400).tolist() == [800, 800, 800]
    assert shares([30, 40], 2400).tolist() == [30, 40]


def test_strongest_takes_the_largest_and_nan_first():
    s = np.array([[0.1, 5.0, 0.3], [np.nan, 2.0, 0.2]])
    assert set(strongest(s, None, 2).tolist()) == {1, 3}  # 5.0 and the NaN
    assert set(strongest(s, None, 3).tolist()) == {1, 3, 4}
    assert set(strongest(s, np.array([0, 2, 5]), 2).tolist()) == {2, 5}  # among candidates
    assert strongest(s, None, 0).size == 0


def test_which_networks_get_a_level_of_detail():
    assert not needs_lod([2, 8, 8, 1]) and not needs_lod([30, 40, 20, 3])
    assert needs_lod([64, 32, 10])  # 64 inputs: an 8×8 image
    assert needs_lod([784, 128, 10])
    assert needs_lod([40, 40, 40, 40])  # 4,800 edges


def test_compact_shapes():
    assert grid_shape([784, 128, 10], 0, 560, 300) == (28, 28, True)
    assert grid_shape([64, 32, 10], 0, 560, 300) == (8, 8, True)
    assert grid_shape([784, 128, 10], 1, 560, 300) == (64, 2, False)  # 560 / 64 ≥ 8 px
    assert grid_shape([2, 100, 5], 1, 560, 300) == (50, 2, False)  # not square: inner layer
    assert grid_shape([784, 40, 10], 1, 560, 300) is None  # 40 or fewer: a column


def test_grid_cells_round_trip():
    square = Grid(3, 3, True, 10.0, 20.0, 10.0)
    assert square.centre(5) == (35.0, 35.0)  # row 1, column 2
    assert square.cell_at(9, 35.0, 35.0) == 5 and square.cell_at(9, 9.0, 35.0) is None
    strip = Grid(4, 2, False, 0.0, 0.0, 10.0)  # column-major: 0..3 down, then 4..6
    assert strip.centre(5) == (15.0, 15.0)
    assert strip.cell_at(7, 15.0, 35.0) is None  # cell 7 of a 7-neuron strip is unused


def test_small_layouts_have_no_grids():
    lay = compute_layout([2, 8, 8, 1], Area(0, 0, 900, 500))
    assert lay.grids == ()
    assert lay.neuron_xs(1).tolist() == [300.0] * 8


def test_edges_in_view_are_those_of_the_neurons_in_view():
    lay = compute_layout([3, 2], Area(0, 0, 100, 300))  # x 0 and 100
    assert lay.ys[0].tolist() == [50, 150, 250]
    assert lay.ys[1].tolist() == pytest.approx([150 - 71.4, 150 + 71.4])  # spacing capped
    assert edges_in_view(lay, (-10, -10, 110, 310)) == [None]
    (flat,) = edges_in_view(lay, (-10, 0, 50, 100))  # only input neuron 0 in view
    assert flat.tolist() == [0, 3]  # W[0, 0] and W[1, 0]
    (flat,) = edges_in_view(lay, (40, 140, 60, 160))  # no neuron: the edges crossing it
    # between x = 40 and 60: 250 → 78.6 runs from y 181.4 to 147.1, 50 → 221.4 from 118.6
    # to 152.8; the other four stay above 140 or below 160
    assert flat.tolist() == [2, 3]  # W[0, 2] and W[1, 0]


def test_hull_by_hand():
    pts = np.array([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 0]], float)
    assert hull(pts).tolist() == [[0, 0], [2, 0], [2, 2], [0, 2]]


def test_note_says_how_many_are_hidden_and_by_what():
    lod = Lod((Gap(2, 100_352, 100_352, 1200, "wa"), Gap(3, 1280, 1280, 1200, "w")), False)
    assert lod.note() == ("showing the 2,400 strongest of 101,632 edges (|w·a| into layer 2, "
                          "|w| into layer 3); the other 99,232 as grey bands")
    gaps = (Gap(2, 200_704, 200_704, 800, "wa"), Gap(3, 32_768, 32_768, 800, "w"),
            Gap(4, 1280, 1280, 800, "w"))
    assert "(|w·a| into layer 2, |w| into layers 3 and 4)" in Lod(gaps, False).note()
    zoomed = Lod((Gap(2, 100_352, 300, 300, "wa"), Gap(3, 1280, 0, 0, "wa")), True)
    assert zoomed.note() == "zoomed in: showing all 300 edges in view (101,632 in all)"
    small = Lod((Gap(2, 2048, 300, 300, "wa"), Gap(3, 320, 0, 0, "wa")), True)
    assert small.note() == ""  # 64-32-10: every edge is drawn, zoomed or not


# --- the widget -----------------------------------------------------------------------


@pytest.mark.parametrize("step", [FORWARD_2, BACKWARD_2, GRADIENTS])
def test_784_128_10_draws_the_budget_of_strongest_edges(qtbot, mnist_like, step):
    s = mnist_like
    w = make(qtbot, s)
    s.go_to_step(step)
    assert len(w.drawn_edges()) == EDGE_BUDGET
    t, sample = s.trace, 0
    w2, w3 = t.weights_before
    if step == FORWARD_2:  # |w·a|, a the source activation shown
        expected = [np.abs(w2 * t.input[sample]), np.abs(w3 * t.layers[0].a[sample])]
        measure = "(by |w·a|)"
    elif step == BACKWARD_2:  # |w·δ|, δ the target's error
        expected = [np.abs(w2 * t.layers[0].delta[sample][:, None]),
                    np.abs(w3 * t.layers[1].delta[sample][:, None])]
        measure = "(by |w·δ|)"
    else:
        expected = [np.abs(lt.grad_weights) for lt in t.layers]
        measure = "(by |∂C/∂w|)"
    drawn = drawn_by_gap(w, 2)
    assert [len(d) for d in drawn] == [1200, 1200]  # the budget, shared fairly
    assert_strongest(drawn[0], expected[0], 1200)
    assert_strongest(drawn[1], expected[1], 1200)
    assert measure in w.headline_lines()[2]


def test_the_note_states_the_hidden_count(qtbot, mnist_like):
    w = make(qtbot, mnist_like)
    mnist_like.go_to_step(FORWARD_2)
    lines = w.headline_lines()
    hidden = 784 * 128 + 128 * 10 - EDGE_BUDGET
    assert lines[2] == (f"showing the {EDGE_BUDGET:,} strongest of 101,632 edges (by |w·a|); "
                        f"the other {hidden:,} as grey bands")


def test_input_image_pixels_are_the_colour_map_of_the_inputs(qtbot, mnist_like):
    s = mnist_like
    w = make(qtbot, s)
    s.set_scale_mode("layer")  # the input on its own symmetric scale
    s.go_to_step(FORWARD_2)
    assert w.neurons_as_image(1)
    cell = w.neuron_center(1, 1).x() - w.neuron_center(1, 0).x()
    assert cell > 6
    assert w.neuron_center(1, 28).y() - w.neuron_center(1, 0).y() == pytest.approx(cell)
    assert w.neuron_center(1, 28).x() == w.neuron_center(1, 0).x()  # row-major, 28 a row
    rect = w.grid_rect(1)
    assert rect.width() == rect.height() == pytest.approx(28 * cell)
    image = w.grab().toImage()
    x = s.trace.input[0]
    scale = Scale.symmetric(s.trace.input)
    for j in (0, 27, 28 * 14 + 3, 28 * 27, 783):
        assert pixel(image, w.neuron_center(1, j)) == tuple(int(c) for c in to_rgb(x[j], scale))
    s.set_sample(2)
    image = w.grab().toImage()
    j = 28 * 9 + 17
    assert pixel(image, w.neuron_center(1, j)) == tuple(
        int(c) for c in to_rgb(s.trace.input[2, j], scale))


def test_hover_on_a_pixel_names_its_neuron_and_a_click_selects_it(qtbot, mnist_like):
    s = mnist_like
    w = make(qtbot, s)
    s.go_to_step(FORWARD_2)
    j = 28 * 10 + 5
    r = w.neuron_rect(1, j)
    hover(w, r.center() + QtCore.QPointF(0.3 * r.width(), -0.3 * r.height()))
    text = w.toolTip()
    assert f"Neuron {j + 1} of layer 1 (input)" in text
    assert f"= {exact(s.view().input[j])}" in text
    QTest.mouseClick(w, LEFT, pos=w.neuron_center(1, j).toPoint())
    assert s.selection.neuron == (1, j)
    hidden = w.grid_rect(2)  # the 128 hidden neurons: a strip of columns
    assert hidden is not None and hidden.height() > 2 * hidden.width()
    hover(w, w.neuron_center(2, 70))
    assert "Neuron 71 of layer 2 (ReLU)" in w.toolTip()


def test_zooming_in_draws_neurons_again_and_budgets_the_edges_in_view(qtbot, mnist_like):
    s = mnist_like
    w = make(qtbot, s)
    w.set_show_values(False)
    s.set_scale_mode("layer")
    s.go_to_step(FORWARD_2)
    j = 28 * 14 + 14
    at = w.neuron_center(1, j)
    wheel = QtGui.QWheelEvent(at, w.mapToGlobal(at), QtCore.QPoint(), QtCore.QPoint(0, 1200),
                              QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.ControlModifier,
                              QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    QtWidgets.QApplication.sendEvent(w, wheel)  # 10 notches: ×9.3 about that pixel
    assert not w.neurons_as_image(1)
    r = w.neuron_rect(1, j)
    assert r.width() > 20  # circles again
    image = w.grab().toImage()
    colour = tuple(int(c) for c in to_rgb(s.trace.input[0, j], Scale.symmetric(s.trace.input)))
    assert pixel(image, w.neuron_center(1, j)) == colour
    corner = w.neuron_center(1, j) + QtCore.QPointF(0.47 * r.width(), 0.47 * r.height()) * 1.25
    assert pixel(image, corner) != colour  # between circles: not the neuron's square
    edges = w.drawn_edges()
    assert 0 < len(edges) <= EDGE_BUDGET
    visible = {(1, k) for k in range(784)
               if QtCore.QRectF(w.rect()).contains(w.neuron_center(1, k))}
    visible |= {(2, k) for k in range(128)
                if QtCore.QRectF(w.rect()).contains(w.neuron_center(2, k))}
    assert all((1, int(k)) in visible or (2, int(jj)) in visible
               for layer, jj, k in edges if layer == 2)
    note = w.headline_lines()[2]
    assert note.startswith("zoomed in: showing") and "edges in view" in note
    w.fit()
    assert w.neurons_as_image(1) and len(w.drawn_edges()) == EDGE_BUDGET


def test_export_while_zoomed_shows_the_whole_network(qtbot, mnist_like):
    w = make(qtbot, mnist_like)
    mnist_like.go_to_step(FORWARD_2)
    whole = diagram_image(w, 1280, 800)
    w.zoom_in()
    w.zoom_in()
    assert diagram_image(w, 1280, 800) == whole


def test_spotlight_on_a_neuron_of_a_wide_network_draws_its_edges(qtbot, mnist_like):
    s = mnist_like
    w = make(qtbot, s)
    s.go_to_step(FORWARD_3)
    w.set_presentation(1.5, high_contrast=False)  # edge colours as the map gives them
    j = 7
    w.set_spotlight((2, j))  # 784 edges in and 10 out: drawn batched by colour bin
    out = s.view().edge_values[1][:, j]
    jj = int(np.argmax(np.abs(out)))
    scale = w._plan.edge_scales[1]
    expected = tuple(int(c) for c in bin_rgb(N_COLOUR_BINS)[bin_index(out[jj], scale,
                                                                      N_COLOUR_BINS)])
    image = w.grab().toImage()
    assert pixel(image, w.edge_midpoint(3, jj, j)) == expected
    w.set_presentation(1.0, high_contrast=False)


def test_64_32_10_keeps_every_edge_and_shows_the_inputs_as_an_8x8_grid(qtbot):
    s = big_session([64, 32, 10])
    w = make(qtbot, s)
    s.go_to_step(FORWARD_2)
    assert len(w.drawn_edges()) == 64 * 32 + 32 * 10
    assert len(w.headline_lines()) == 2  # nothing hidden, no note
    assert not w.neurons_as_image(1)  # cells big enough for circles
    rect = w.grid_rect(1)
    assert rect.width() == pytest.approx(rect.height())
    assert w.neuron_rect(1, 9).center() == w.neuron_center(1, 9)


def test_2_8_8_1_draws_every_edge_as_before(qtbot):
    s = Session(parse_session({"network": {"layers": [2, 8, 8, 1], "activations": "tanh",
                                           "loss": "quadratic"},
                               "data": {"dataset": "circle"}}))
    w = make(qtbot, s, (1000, 700))
    s.go_to_step(FORWARD_3)
    old = make_plan(s.view(), s.trace, s.network.activations, s.scale_mode, s.locked_scale)
    assert len(w.drawn_edges()) == 2 * 8 + 8 * 8 + 8 == len(old.rows)
    assert w._plan.rows.tolist() == old.rows.tolist()
    assert [(g.rgb, g.width, g.smooth) for g in w._plan.groups] == \
        [(g.rgb, g.width, g.smooth) for g in old.groups]
    assert all(g.smooth for g in w._plan.groups)  # antialiased, as before
    assert len(w.headline_lines()) == 2
    assert w.grid_rect(2) is None and not w.neurons_as_image(2)
