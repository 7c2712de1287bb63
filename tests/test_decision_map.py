"""Decision maps: extent, grid orientation, values equal to the network's own forward pass."""

import numpy as np
import pytest

from model.decision_map import PlaneMaps, plane_extent, plane_grid, plane_maps
from model.errors import ValidationError
from model.features import expand
from model.network import Network


def test_extent_pads_ten_percent_of_the_span():
    ext = plane_extent(np.array([[0.0, 0.0], [2.0, 1.0], [1.0, 0.5]]))
    assert ext == pytest.approx((-0.2, 2.2, -0.1, 1.1), abs=1e-15)
    assert all(type(v) is float for v in ext)


def test_extent_of_a_flat_axis_pads_half_a_unit():
    assert plane_extent([[1.0, 3.0], [1.0, 5.0]]) == pytest.approx((0.5, 1.5, 2.8, 5.2))
    assert plane_extent([[2.0, -1.0]]) == (1.5, 2.5, -1.5, -0.5)


def test_extent_refuses_other_shapes():
    with pytest.raises(ValidationError, match=r"^x: needs points of shape \(n, 2\)"):
        plane_extent(np.zeros((4, 3)))
    with pytest.raises(ValidationError, match="^x: "):
        plane_extent(np.zeros((0, 2)))


def test_grid_is_cell_centres_top_row_first():
    grid = plane_grid((0.0, 4.0, 0.0, 2.0), 2)
    np.testing.assert_array_equal(grid, [[1.0, 1.5], [3.0, 1.5], [1.0, 0.5], [3.0, 0.5]])
    assert plane_grid((-1, 1, -1, 1), 50).shape == (2500, 2)


@pytest.mark.parametrize("extent, resolution, field", [
    ((0, 1, 0, 1), 1, "resolution"),
    ((0, 1, 0, 1), 401, "resolution"),
    ((0, 1, 0, 1), 2.5, "resolution"),
    ((0, 1, 0), 10, "extent"),
    ((1, 1, 0, 1), 10, "extent.x1_max"),
    ((0, 1, 2, 1), 10, "extent.x2_max"),
    ((0, float("nan"), 0, 1), 10, "extent.x1_max"),
])
def test_grid_refuses(extent, resolution, field):
    with pytest.raises(ValidationError) as err:
        plane_grid(extent, resolution)
    assert err.value.field == field


def x2_network() -> Network:
    """a^2 = x₂ exactly: one linear neuron with W = [[0, 1]], b = 0."""
    return Network.create([2, 1], "linear", weights=[[[0.0, 1.0]]], biases=[[0.0]])


def test_orientation_top_row_is_x2_max():
    maps = plane_maps(x2_network(), (-1.0, 1.0, 0.0, 4.0), resolution=4)
    img = maps.output[:, :, 0]
    # rows are x₂ = 3.5, 2.5, 1.5, 0.5 from the top, the same along every row
    np.testing.assert_array_equal(img, np.repeat([[3.5], [2.5], [1.5], [0.5]], 4, axis=1))
    np.testing.assert_array_equal(maps.neuron(2, 0), img)


def random_net() -> Network:
    net = Network.create([2, 4, 3, 2], ["tanh", "relu", "sigmoid"], seed=5, init="he")
    for b in net.biases:
        b[:] = np.linspace(-0.3, 0.4, len(b))
    return net


EXTENT = (-1.5, 2.5, -1.0, 3.0)
RES = 20


@pytest.mark.parametrize("row, col", [(0, 0), (3, 17), (19, 19), (19, 0), (10, 5)])
def test_values_equal_forward_at_hand_points(row, col):
    net = random_net()
    maps = plane_maps(net, EXTENT, resolution=RES)
    step = 4.0 / RES  # both axes span 4
    point = np.array([[-1.5 + (col + 0.5) * step, 3.0 - (row + 0.5) * step]])
    _, acts = net.forward(point)
    for l in range(2, 5):
        np.testing.assert_allclose(maps.neuron(l, 0)[row, col], acts[l - 1][0, 0], rtol=1e-13)
        np.testing.assert_allclose(maps.layers[l - 2][row, col], acts[l - 1][0], rtol=1e-13)


def test_shapes_and_neuron_indexing():
    maps = plane_maps(random_net(), EXTENT, resolution=RES)
    assert isinstance(maps, PlaneMaps)
    assert [m.shape for m in maps.layers] == [(20, 20, 4), (20, 20, 3), (20, 20, 2)]
    assert maps.output.shape == (20, 20, 2) and maps.output.dtype == np.float64
    assert maps.neuron(3, 2).shape == (20, 20)
    np.testing.assert_array_equal(maps.neuron(4, 1), maps.output[:, :, 1])
    assert maps.extent == EXTENT and maps.resolution == 20
    assert not maps.output.flags.writeable
    for layer, j, field in [(1, 0, "layer"), (5, 0, "layer"), (2, 4, "neuron")]:
        with pytest.raises(ValidationError) as err:
            maps.neuron(layer, j)
        assert err.value.field == field


def test_features_expand_the_grid_first():
    net = Network.create([3, 2, 1], ["tanh", "sigmoid"], seed=2)
    names = ["x1x2", "x1", "x2^2"]
    maps = plane_maps(net, (0.0, 2.0, 0.0, 2.0), resolution=2, features=names)
    # row 1, col 0 is the point (0.5, 0.5): features x1 = 0.5, x2² = 0.25, x1x2 = 0.25
    np.testing.assert_array_equal(expand([[0.5, 0.5]], names), [[0.5, 0.25, 0.25]])
    expected = net.predict(np.array([[0.5, 0.25, 0.25]]))[0, 0]
    np.testing.assert_allclose(maps.output[1, 0, 0], expected, rtol=1e-14)


def test_input_count_must_match():
    net = Network.create([3, 1], "sigmoid")
    with pytest.raises(ValidationError, match=r"takes 3 inputs .* 2 coordinates"):
        plane_maps(net, EXTENT)
    with pytest.raises(ValidationError, match=r"takes 3 inputs .* 2 features"):
        plane_maps(net, EXTENT, features=["x1", "sin_x1"])


def test_non_finite_values_pass_through():
    net = Network.create([2, 1], "linear", weights=[[[1e308, 1e308]]], biases=[[0.0]])
    out = plane_maps(net, (1.0, 3.0, 1.0, 3.0), resolution=3).output
    assert np.isposinf(out).all()


def test_too_many_values_refused():
    net = Network.create([2, 1000, 1000, 1], "relu")
    with pytest.raises(ValidationError, match=r"^resolution: 400×400 .*at most 111$"):
        plane_maps(net, EXTENT, resolution=400)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear", "leaky_relu"])
def test_a_picture_is_float32_within_its_precision_of_the_exact_maps(activation):
    net = Network.create([2, 6, 5, 1], activation, seed=3)
    exact = plane_maps(net, EXTENT, resolution=30)
    picture = plane_maps(net, EXTENT, resolution=30, picture=True)
    for e, p in zip(exact.layers, picture.layers, strict=True):
        assert p.dtype == np.float32 and e.dtype == np.float64
        np.testing.assert_allclose(p, e, rtol=1e-5, atol=1e-6)


def test_a_picture_that_would_overflow_float32_is_computed_in_float64():
    # z = 1e30·x₁·1e10 overflows float32 (max 3.4e38) but not float64: the exact values
    # are finite, so the picture must not call them infinite
    net = Network.create([2, 1, 1], "linear", weights=[[[1e30, 0.0]], [[1e10]]],
                         biases=[[0.0], [0.0]])
    picture = plane_maps(net, (1.0, 3.0, 1.0, 3.0), resolution=3, picture=True)
    assert picture.output.dtype == np.float64
    assert np.isfinite(picture.output).all()
    np.testing.assert_array_equal(picture.output,
                                  plane_maps(net, (1.0, 3.0, 1.0, 3.0), resolution=3).output)
