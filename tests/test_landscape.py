"""The loss landscape's numbers: the grid against direct evaluation, the directions, the path."""

import time

import numpy as np
import pytest

from bench.landscape import TARGET_S as LANDSCAPE_TARGET_S
from model import landscape as ls
from model.contours import contour_levels, contour_segments
from model.errors import ValidationError
from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.training import Trainer


def data(n=40, d=2, m=1, seed=0, classes=False):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    if classes:
        y = np.eye(m)[rng.integers(0, m, n)]
    else:
        y = (rng.random((n, m)) > 0.5).astype(float)
    return x, y


def moved(net, plane, u, v):
    """θ + u·d₁ + v·d₂ as an ordinary network, for direct evaluation."""
    out = net.copy()
    for dst, w, a, b in zip(out.weights + out.biases, [*plane.weights, *plane.biases],
                            [*plane.d1.weights, *plane.d1.biases],
                            [*plane.d2.weights, *plane.d2.biases], strict=True):
        dst[...] = w + u * a + v * b
    return out


NETS = [
    (([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "cross_entropy"), {}),
    (([2, 5, 3], ["relu", "softmax"], "cross_entropy"), {"m": 3, "classes": True}),
    (([3, 4, 2], ["leaky_relu", "linear"], "mse"), {"d": 3, "m": 2}),
    (([2, 1], ["sigmoid"], "quadratic"), {}),
]


@pytest.mark.parametrize(("arch", "shape"), NETS)
@pytest.mark.parametrize("kind", ["random", "weights", "bias"])
def test_the_grid_is_the_cost_evaluated_directly_at_its_points(arch, shape, kind):
    sizes, acts, loss = arch
    net = Network.create(sizes, acts, loss, init="xavier", seed=4)
    x, y = data(**shape)
    if kind == "random":
        d1, d2 = ls.random_directions(net, seed=7)
    elif kind == "weights":
        d1 = ls.parameter_direction(net, len(sizes), 0, 0)
        d2 = ls.parameter_direction(net, 2, net.sizes[1] - 1, net.sizes[0] - 1)
    else:
        d1 = ls.parameter_direction(net, 2, 0)  # a bias
        d2 = ls.parameter_direction(net, len(sizes), 0, 0)
    plane = ls.make_plane(net, d1, d2, span=1.5, grid=9)
    land = ls.grid_costs(net, x, y, plane, budget=20_000)  # several chunks
    assert land.cost.shape == (9, 9)
    rng = np.random.default_rng(1)
    for i, j in [(0, 0), (8, 8), (0, 8), *rng.integers(0, 9, size=(6, 2))]:
        direct = moved(net, plane, plane.u[i], plane.v[j]).cost(x, y)
        assert land.cost[i, j] == pytest.approx(direct, rel=1e-12, abs=1e-15)


def test_the_centre_of_an_odd_grid_is_the_current_cost():
    net = Network.create([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "cross_entropy", seed=2)
    x, y = data(250)
    plane = ls.make_plane(net, *ls.random_directions(net, 0), span=2.0, grid=41)
    land = ls.grid_costs(net, x, y, plane)
    assert plane.u[20] == 0 and plane.u[0] == -2.0 and plane.u[-1] == 2.0
    assert land.cost[20, 20] == pytest.approx(net.cost(x, y), rel=1e-13)
    assert land.centre_cost == net.cost(x, y)


def test_filter_normalised_directions_have_each_neurons_norm_and_no_biases():
    net = Network.create([3, 6, 4, 2], ["tanh", "relu", "sigmoid"], init="he", seed=5)
    net.weights[0][2] = 0.0  # a neuron with no incoming weights gets none in the direction
    d1, d2 = ls.random_directions(net, seed=11)
    for d in (d1, d2):
        for w, dw in zip(net.weights, d.weights, strict=True):
            np.testing.assert_allclose(np.linalg.norm(dw, axis=1), np.linalg.norm(w, axis=1),
                                       rtol=1e-13)
        assert all(not b.any() for b in d.biases)
    assert not np.allclose(d1.vector, d2.vector)
    again = ls.random_directions(net, seed=11)  # the seed is the whole story
    np.testing.assert_array_equal(again[0].vector, d1.vector)
    assert d1.label == "direction 1 (seed 11)" and d2.label == "direction 2 (seed 11)"
    other = ls.random_directions(net, seed=12)[0]
    assert not np.allclose(other.vector, d1.vector)


def test_a_chosen_weight_is_a_unit_vector_and_its_axis_reads_its_value():
    net = Network.create([2, 3, 1], "sigmoid", seed=1)
    d = ls.parameter_direction(net, 2, 2, 1)  # W⁽²⁾[3][2], 1-based
    assert d.vector.sum() == 1.0 and np.linalg.norm(d.vector) == 1.0
    assert d.weights[0][2, 1] == 1.0
    assert d.origin == net.weights[0][2, 1]
    assert d.name == "weight w₃₂⁽²⁾" and d.label == d.name
    b = ls.parameter_direction(net, 3, 0)
    assert b.biases[1][0] == 1.0 and b.name == "bias b₁⁽³⁾"


@pytest.mark.parametrize(("args", "words"), [
    ((4, 0, 0), "the layers with weights are 2..3"),
    ((1, 0, 0), "the layers with weights are 2..3"),
    ((2, 3, 0), "layer 2 has neurons 1..3"),
    ((3, 0, 3), "layer 2 has neurons 1..3"),
])
def test_an_edge_that_does_not_exist_is_refused_with_the_limits(args, words):
    net = Network.create([2, 3, 1], "sigmoid", seed=1)
    with pytest.raises(ValidationError, match=words):
        ls.parameter_direction(net, *args)


def test_a_plane_needs_a_span_a_grid_and_two_directions():
    net = Network.create([2, 3, 1], "sigmoid", seed=1)
    d1, d2 = ls.random_directions(net)
    for span in (0.0, -1.0, float("nan"), float("inf"), 2e6):
        with pytest.raises(ValidationError, match="span"):
            ls.make_plane(net, d1, d2, span=span)
    for grid in (1, 402):
        with pytest.raises(ValidationError, match="between 2 and 401"):
            ls.make_plane(net, d1, d2, grid=grid)
    with pytest.raises(ValidationError, match="parallel"):
        ls.make_plane(net, d1, d1)
    zero = Network.create([2, 3, 1], "sigmoid", weights=[np.zeros((3, 2)), np.zeros((1, 3))])
    with pytest.raises(ValidationError, match="zero"):
        ls.make_plane(zero, *ls.random_directions(zero))


def test_the_path_of_sgd_on_a_two_parameter_model_lies_on_the_plane():
    """w and b of one linear neuron: the plane along both is the whole parameter space."""
    net = Network.create([1, 1], ["linear"], "quadratic", weights=[[[0.3]]], biases=[[-0.2]])
    x = np.linspace(-1, 1, 12)[:, None]
    y = 2.0 * x + 0.5
    plane = ls.make_plane(net, ls.parameter_direction(net, 2, 0, 0),
                          ls.parameter_direction(net, 2, 0), span=3.0, grid=5)
    trainer = Trainer(net, Optimizer(OptimizerSettings("sgd", 0.3)), x, y, batch_size=4, seed=1)
    snaps = [trainer.snapshot()]
    for _ in range(30):
        trainer.train_iteration()
        snaps.append(trainer.snapshot())
    seen = ls.project(plane, snaps)
    assert np.max(seen.residual) < 1e-12 and not seen.off(plane).any()
    np.testing.assert_allclose(seen.u, [s.weights[0][0, 0] - 0.3 for s in snaps], atol=1e-15)
    np.testing.assert_allclose(seen.v, [s.biases[0][0] + 0.2 for s in snaps], atol=1e-15)
    assert seen.u[0] == 0 and seen.v[0] == 0
    assert ls.far_from_centre(plane, seen) == (max(abs(seen.u[-1]), abs(seen.v[-1])) > 1.5)


def test_projection_recovers_plane_coordinates_and_measures_the_distance_off_it():
    net = Network.create([2, 4, 1], "tanh", seed=3)
    plane = ls.make_plane(net, *ls.random_directions(net, 2), span=1.0, grid=3)
    on = moved(net, plane, 0.3, -0.7)
    off = moved(net, plane, 0.3, -0.7)
    off.biases[0][1] += 0.05  # biases are in no direction: straight off the plane
    seen = ls.project(plane, [plane, on, off])
    np.testing.assert_allclose(seen.u, [0, 0.3, 0.3], atol=1e-12)
    np.testing.assert_allclose(seen.v, [0, -0.7, -0.7], atol=1e-12)
    np.testing.assert_allclose(seen.residual, [0, 0, 0.05], atol=1e-12)
    assert ls.project(plane, []).u.shape == (0,)


def test_a_cancelled_grid_stops_at_a_chunk():
    net = Network.create([2, 8, 1], "tanh", seed=0)
    x, y = data(50)
    plane = ls.make_plane(net, *ls.random_directions(net), grid=30)
    calls = []
    with pytest.raises(ls.Cancelled):
        ls.grid_costs(net, x, y, plane, lambda done, total: calls.append(done) or len(calls) < 3,
                      budget=50_000)
    assert len(calls) == 3 and calls[-1] < 900


@pytest.mark.timing
def test_a_64_by_64_landscape_of_a_2_8_8_1_network_on_250_points_is_one_evaluation():
    """The issue's figure, 0.5 s, is the bench's (``landscape_s``: 0.35–0.47 s in full
    runs). Here, on 2 shared cores whose speed moves by half (a best of three read
    0.52–0.64 s for the same code an hour after it read under 0.5), the test holds the
    line at twice the target: evaluating the grid one point at a time takes 1.0–1.6 s."""
    net = Network.create([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "cross_entropy", seed=0)
    x, y = data(250)
    plane = ls.make_plane(net, *ls.random_directions(net), grid=64)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        ls.grid_costs(net, x, y, plane)
        best = min(best, time.perf_counter() - start)
    assert best <= 2 * LANDSCAPE_TARGET_S, f"{best:.3f} s"


def test_contours_of_a_cone_are_circles_and_saddles_split():
    g = np.linspace(-1, 1, 41)
    u, v = np.meshgrid(g, g, indexing="ij")
    seg = contour_segments(np.hypot(u, v), 0.5)
    r = np.hypot(*(-1 + seg.reshape(-1, 2).T * (g[1] - g[0])))
    assert len(seg) > 40 and np.allclose(r, 0.5, atol=2e-3)
    assert len(contour_segments(u * v, 0.0)) > 0
    nan = np.hypot(u, v)
    nan[10:30, 10:30] = np.nan
    assert len(contour_segments(nan, 0.5)) < len(seg)
    np.testing.assert_allclose(contour_levels(0.0, 1.0, 3), [0.25, 0.5, 0.75])
    np.testing.assert_allclose(contour_levels(0.01, 100, 3, log=True), [0.1, 1, 10])
