import pytest

from model.descent1d import gradient_descent_1d, parabola, parabola_prime


def test_descent_from_four_matches_the_seeds():
    xs = gradient_descent_1d(parabola_prime, 4.0, 0.01, 3)
    assert xs == pytest.approx([4.0, 3.96, 3.9208, 3.882384], abs=1e-12)


def test_descent_from_zero_matches_the_seeds():
    xs = gradient_descent_1d(parabola_prime, 0.0, 0.01, 3)
    assert xs == pytest.approx([0.0, 0.04, 0.0792, 0.117616], abs=1e-12)


def test_too_large_a_rate_overshoots_and_diverges():
    xs = gradient_descent_1d(parabola_prime, 4.0, 1.1, 10)
    # x − 2 is multiplied by (1 − 2η) = −1.2 every step: it flips side and grows
    assert xs[1] == pytest.approx(2 - 2.4)
    assert parabola(xs[-1]) > parabola(xs[0]) * 30
