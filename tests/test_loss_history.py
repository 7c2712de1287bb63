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
