import numpy as np

from model.loss_history import Curve


def test_curve_keeps_every_point_until_full():
    c = Curve(capacity=100)
    for i in range(1, 51):
        c.append(i, 1.0 / i)
    np.testing.assert_array_equal(c.x, np.arange(1, 51))
    assert c.last == 1 / 50


def test_curve_stays_bounded_and_evenly_spaced_on_long_runs():
    c = Curve(capacity=1000)
    for i in range(1, 100_001):
        c.append(i, float(i))
    assert c.n <= 1000
    steps = np.diff(c.x)
    assert np.all(steps == steps[0]) and steps[0] == c.stride
    np.testing.assert_array_equal(c.y, c.x)  # each kept y still belongs to its x
    assert c.x[-1] > 99_000  # the recent end is kept


def test_truncate_forgets_later_points():
    c = Curve(capacity=100)
    for i in range(1, 21):
        c.append(i, float(i))
    c.truncate_after(12)
    assert c.x[-1] == 12 and c.n == 12


def test_extend_keeps_exactly_the_points_append_keeps():
    # capacity 4: 1..4 fill it, 5 doubles the stride (2, 4 kept), 6 and 8 join them,
    # 10 doubles it again: 4 and 8 are left, with stride 4
    one, block = Curve(capacity=4), Curve(capacity=4)
    xs, ys = np.arange(1, 11), np.arange(1, 11) / 10
    for x, y in zip(xs, ys, strict=True):
        one.append(int(x), float(y))
    block.extend(xs[:3], ys[:3])
    block.extend(xs[3:], ys[3:])
    assert block.stride == one.stride == 4
    np.testing.assert_array_equal(block.x, [4.0, 8.0])
    np.testing.assert_array_equal(block.x, one.x)
    np.testing.assert_array_equal(block.y, [0.4, 0.8])
