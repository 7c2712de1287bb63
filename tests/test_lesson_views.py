"""Lesson views and the caption bar, driven by the real lesson player on the built-in lessons
(and by hand-made states where a lesson never goes): what is drawn is read back and compared
with hand-computed numbers."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6 import QtCore

from app.lesson_player import ActivationsState, LessonPlayer, PerceptronState
from model.activations import ACTIVATIONS
from model.notation import num
from tests.conftest import show_widget
from widgets.caption_bar import CaptionBar
from widgets.lesson_views import LESSON_VIEWS, ActivationsView, DescentView, PerceptronView
from widgets.lesson_views.activations import SATURATION_SLOPE, saturation_bound

ORANGE, BLUE = (179, 88, 6), (33, 102, 172)  # the diverging map's ends (colormap stops)


def _view(qtbot, cls, lesson: str, step: int):
    player = LessonPlayer(None)  # lessons that are not about a network need no Session
    view = show_widget(qtbot, cls(player), 900, 600)
    player.open(lesson)
    player.go_to(step)
    return player, view


def _pixel(plot, x: float, y: float) -> tuple[int, int, int]:
    """The colour the plot shows at data point (x, y)."""
    scene = plot.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(x, y))
    at = plot.mapFromScene(scene)
    colour = plot.grab().toImage().pixelColor(at.x(), at.y())
    return colour.red(), colour.green(), colour.blue()


def test_lesson_views_registry():
    assert LESSON_VIEWS == {"perceptron": PerceptronView, "activations": ActivationsView,
                            "descent": DescentView}


def test_num_formats_six_significant_digits_with_true_minus():
    assert num(3.9208) == "3.9208"
    assert num(0.41999999999999993) == "0.42"
    assert num(-0.6) == "−0.6"
    assert num(2.1762284e-05) == "2.17623 × 10⁻⁵"
    assert num(-0.0) == "0"


# --- perceptron ------------------------------------------------------------------------------

def test_perceptron_first_update_line_points_ring_and_numbers(qtbot):
    player, view = _view(qtbot, PerceptronView, "perceptron", 2)  # the first presentation
    p = player.perceptron
    # Point 1 (0.8, 0.4), y = 0: z = 0.5·0.8 + 0.5·0.4 − 0.5 = 0.1 > 0, f = 1, wrong, so
    # w = (0.5, 0.5) − 0.1·(0.8, 0.4) = (0.42, 0.46) and b = −0.5 − 0.1 = −0.6.
    assert np.allclose(p.w, [0.42, 0.46]) and math.isclose(p.b, -0.6)
    (x0, x1), _ = view.view_range()
    xs, ys = view.line.getData()
    assert np.allclose(xs, [x0, x1])
    assert np.allclose(ys, [(0.6 - 0.42 * x0) / 0.46, (0.6 - 0.42 * x1) / 0.46])
    # the half-plane f = 1 lies beyond the line: every corner of its polygon has w·x + b ≥ 0
    poly = view.tint.polygon()
    corners = np.array([[poly[i].x(), poly[i].y()] for i in range(poly.size())])
    assert len(corners) >= 3
    assert np.all(corners @ np.array([0.42, 0.46]) - 0.6 >= -1e-9)

    ring = view.ring.data
    assert (ring["x"][0], ring["y"][0]) == (0.8, 0.4)
    brushes = [b.color().getRgb()[:3] for b in view.points.data["brush"]]
    assert brushes == [BLUE if label else ORANGE for label in [0, 0, 1, 1, 1, 0, 1]]
    # (0.4, 0.6) and (0.4, 0.5) are class 1 but 0.42·0.4 + 0.46·x₂ − 0.6 < 0: wrong side
    crosses = view.crosses.data
    assert sorted(zip(crosses["x"], crosses["y"], strict=True)) == [(0.4, 0.5), (0.4, 0.6)]

    text = view.panel.text()
    for part in ("Epoch 1", "mistakes: <b>1</b>", "step(0.1) = <b>1</b>",
                 "(0.5, 0.5) → <b>(0.42, 0.46)", "−0.5 → <b>−0.6</b>", "wrong"):
        assert part in text
    # the points are drawn in the map's ends: read the pixels back (no cross on these two)
    assert _pixel(view.plot, 0.3, 0.1) == ORANGE
    assert _pixel(view.plot, 0.8, 0.8) == BLUE


def test_perceptron_right_answer_and_convergence_with_faded_trail(qtbot):
    player, view = _view(qtbot, PerceptronView, "perceptron", 3)  # point 2: already right
    assert "right" in view.panel.text() and "→" not in view.panel.text().split("Point 2")[1]
    player.go_to(9)  # until converged
    p = player.perceptron
    assert p.converged and not p.errors.any()
    assert len(view.crosses.data) == 0
    assert "converged" in view.panel.text()
    n_old = min(len(p.trail) - 1, 12)
    assert len(view.trail.getData()[0]) == 2 * n_old  # one segment per earlier line


def test_perceptron_without_a_line_says_so(qtbot):
    class Fake(QtCore.QObject):
        changed = QtCore.Signal()
        opened = QtCore.Signal()

    player = Fake()
    player.perceptron = PerceptronState(
        np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0.0, 1.0]), np.zeros(2), 0.0, 0.5, None,
        0, 0, False, 0, ((0.0, 0.0, 0.0),))
    view = show_widget(qtbot, PerceptronView(player), 900, 600)
    assert len(view.line.xData) == 0
    assert "no line" in view.panel.text() and "f = 0 everywhere" in view.panel.text()
    assert view.tint.polygon().size() == 0  # b = 0: f = 0 everywhere, nothing tinted
    player.perceptron = PerceptronState(player.perceptron.x, player.perceptron.y, np.zeros(2),
                                        0.3, 0.5, None, 0, 0, False, 0, ((0.3, 0.0, 0.0),))
    player.changed.emit()
    assert view.tint.polygon().size() == 4  # b > 0: the whole view is f = 1
    assert "f = 1 everywhere" in view.panel.text()


# --- activations -----------------------------------------------------------------------------

def test_activations_curves_equal_the_model_and_derivatives_are_dashed(qtbot):
    player, view = _view(qtbot, ActivationsView, "activations", 2)  # sigmoid and σ′, −6..6
    z, a = view.curves[("sigmoid", False)].getData()
    assert z[0] == -6 and z[-1] == 6
    assert np.allclose(a, ACTIVATIONS["sigmoid"].fn(z))
    middle = np.argmin(np.abs(z))
    assert z[middle] == 0 and a[middle] == 0.5  # σ(0) = ½
    z, d = view.curves[("sigmoid", True)].getData()
    assert d[np.argmin(np.abs(z))] == 0.25  # σ′(0) = ¼
    assert math.isclose(d[0], math.exp(-6) / (1 + math.exp(-6)) ** 2)
    pen = view.curves[("sigmoid", True)].opts["pen"]
    assert pen.style() == QtCore.Qt.PenStyle.DashLine
    assert view.curves[("sigmoid", False)].opts["pen"].style() == QtCore.Qt.PenStyle.SolidLine
    assert view.region_bounds() == []  # no saturation mark in this step
    assert "σ′(z) = σ(z)(1 − σ(z))" in view.panel.text()


def test_activations_saturation_region_is_where_the_slope_is_005(qtbot):
    player, view = _view(qtbot, ActivationsView, "activations", 3)  # sigmoid, −10..10, marked
    # σ(1 − σ) = 0.05 → σ = (1 − √0.8)/2, z = ln(σ/(1 − σ)) ≈ −2.8872
    s = (1 - math.sqrt(1 - 4 * SATURATION_SLOPE)) / 2
    z_star = -math.log(s / (1 - s))
    assert math.isclose(z_star, 2.887, abs_tol=5e-4)
    (l0, l1), (r0, r1) = view.region_bounds()
    assert (l0, r1) == (-10.0, 10.0)
    assert math.isclose(l1, -z_star, rel_tol=1e-9) and math.isclose(r0, z_star, rel_tol=1e-9)
    assert any(label.toPlainText() == "saturation:\nσ′ ≈ 0" for label in view.labels)
    # inside the shaded band the plot is darker than the white outside it
    inside, outside = _pixel(view.plot, -6.0, 0.6), _pixel(view.plot, -1.0, 0.9)
    assert sum(inside) < sum(outside)

    player.go_to(5)  # sigmoid and tanh: tanh saturates sooner, at 1 − tanh² = 0.05
    assert math.isclose(saturation_bound("tanh"), math.atanh(math.sqrt(0.95)), rel_tol=1e-9)
    lines = view.bound_lines()
    assert np.allclose(sorted(lines["tanh"]), [-math.atanh(math.sqrt(0.95)),
                                               math.atanh(math.sqrt(0.95))])
    (_, l1), (r0, _) = view.region_bounds()  # grey where both are saturated: the wider bound
    assert math.isclose(r0, z_star) and math.isclose(l1, -z_star)
    assert saturation_bound("relu") is None and saturation_bound("step") is None


def test_activations_step_and_relu_slope_are_broken_at_zero(qtbot):
    class Fake(QtCore.QObject):
        changed = QtCore.Signal()
        opened = QtCore.Signal()

    player = Fake()
    player.activations = ActivationsState(("step", "relu"), True, (-2.0, 2.0), None)
    view = show_widget(qtbot, ActivationsView(player), 900, 600)
    for key in (("step", False), ("relu", True)):
        z, y = view.curves[key].getData()
        assert np.isnan(y[z == 0]).sum() == 1  # no vertical riser drawn at the jump
    z, y = view.curves[("relu", False)].getData()
    assert np.isfinite(y).all() and np.allclose(y, np.maximum(z, 0))


# --- gradient descent ------------------------------------------------------------------------

def test_descent_plots_the_iterates_and_lists_them(qtbot):
    player, view = _view(qtbot, DescentView, "gradient-descent", 2)
    d = player.descent
    assert d.xs == (4, 3.96)  # 4 − 0.01 · 2(4 − 2)
    xs, ys = view.points.getData()
    assert np.allclose(xs, d.xs) and np.allclose(ys, [4.0, (3.96 - 2) ** 2])
    assert view.current.data["x"][0] == 3.96
    text = view.panel.text()
    assert "3.96" in text and "3.8416" in text and "3.92" in text and "0.01" in text
    player.next()  # 3.96 − 0.01 · 3.92 = 3.9208
    assert "3.9208" in view.panel.text()
    assert np.allclose(view.points.getData()[0], [4, 3.96, 3.9208])
    assert "diverging" not in view.panel.text()


def test_descent_zooms_out_when_diverging(qtbot):
    player, view = _view(qtbot, DescentView, "gradient-descent", 10)  # x₀ = 4, η = 1.1
    (x0, x1), _ = view.plot.getPlotItem().getViewBox().viewRange()
    assert x0 <= 0.5 and x1 >= 4  # the start point and the minimum are in view
    player.go_to(13)  # ten steps: |x − 2| = 2 · 1.2¹⁰ ≈ 12.38
    d = player.descent
    assert d.diverging
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    assert x0 <= min(d.xs) and x1 >= max(d.xs)
    assert y1 >= max((x - 2) ** 2 for x in d.xs)
    assert "diverging: η too large" in view.panel.text()
    assert np.allclose(view.points.getData()[0], d.xs)


# --- caption bar -----------------------------------------------------------------------------

class FakePlayer(QtCore.QObject):
    changed = QtCore.Signal()
    opened = QtCore.Signal()
    closed = QtCore.Signal()

    def __init__(self):
        super().__init__()
        self.lesson = SimpleNamespace(title="Gradient descent on a parabola")
        self.index, self.n_steps, self.caption = 1, 5, "First step: x = 3.96 < 4."
        self.calls: list[str] = []

    @property
    def at_end(self):
        return self.index >= self.n_steps - 1

    def next(self):
        self.calls.append("next")

    def previous(self):
        self.calls.append("previous")


def test_caption_bar_shows_the_step_and_drives_the_player(qtbot):
    player = FakePlayer()
    bar = show_widget(qtbot, CaptionBar(player), 900, 140)
    assert bar.caption.text() == "First step: x = 3.96 < 4."
    assert bar.counter.text() == "step 2 of 5"
    assert bar.title.text() == "Gradient descent on a parabola"
    assert bar.caption_points() == 16
    assert bar.caption.minimumHeight() >= 2 * bar.caption.fontMetrics().lineSpacing()
    qtbot.mouseClick(bar.next_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.prev_button, QtCore.Qt.MouseButton.LeftButton)
    assert player.calls == ["next", "previous"]
    for button in (bar.next_button, bar.prev_button):
        assert button.focusPolicy() == QtCore.Qt.FocusPolicy.NoFocus
    bar.set_scale(1.6)
    assert math.isclose(bar.caption_points(), 25.6)
    player.index = 4
    player.changed.emit()
    assert bar.counter.text() == "step 5 of 5" and not bar.next_button.isEnabled()
    player.lesson = None
    player.closed.emit()
    assert not bar.content.isVisible() and bar.caption.text() == ""


def test_caption_bar_follows_the_real_player(qtbot):
    player = LessonPlayer(None)
    bar = show_widget(qtbot, CaptionBar(player), 900, 160)
    assert not bar.content.isVisible()
    player.open("gradient-descent")
    assert bar.content.isVisible() and bar.counter.text() == "step 1 of 14"
    assert "x₀ = 4" in bar.caption.text()
    qtbot.mouseClick(bar.next_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.next_button, QtCore.Qt.MouseButton.LeftButton)
    assert player.index == 2 and "= 3.96" in bar.caption.text()
    qtbot.mouseClick(bar.prev_button, QtCore.Qt.MouseButton.LeftButton)
    assert player.index == 1 and bar.counter.text() == "step 2 of 14"


@pytest.mark.parametrize("cls,lesson,step", [(PerceptronView, "perceptron", 2),
                                             (ActivationsView, "activations", 3),
                                             (DescentView, "gradient-descent", 13)])
def test_views_use_legible_fonts_and_clear_when_closed(qtbot, cls, lesson, step):
    player, view = _view(qtbot, cls, lesson, step)
    assert view.panel.font().pointSizeF() >= 12
    axis = view.plot.getPlotItem().getAxis("bottom")
    assert axis.style["tickFont"].pointSizeF() >= 12
    assert view.panel.text()
    player.close()
    assert view.panel.text() == ""
    drawn = {PerceptronView: "points", ActivationsView: "curves", DescentView: "points"}[cls]
    item = getattr(view, drawn)
    assert (len(item) if isinstance(item, dict) else len(item.data)) == 0


def test_a_long_caption_is_set_smaller_to_stay_within_three_lines(qtbot):
    player = FakePlayer()
    bar = show_widget(qtbot, CaptionBar(player), 700, 200)
    bar.set_scale(1.6)
    full = bar.caption_points()
    player.caption = "BP2: δ⁽²⁾ = ((W⁽³⁾)ᵀδ³) ⊙ σ′(z⁽²⁾) = 0.036350 × 0.241301. " * 3
    player.changed.emit()
    small = bar.caption_points()
    assert 0.7 * full <= small < full
    metrics = bar.caption.fontMetrics()
    height = metrics.boundingRect(0, 0, bar.caption.contentsRect().width(), 10_000,
                                  int(QtCore.Qt.TextFlag.TextWordWrap), player.caption).height()
    assert height <= 3 * metrics.lineSpacing() or small == pytest.approx(0.7 * full, rel=0.08)
    player.caption = "Short again."
    player.changed.emit()
    assert bar.caption_points() == full


# --- the curriculum's additions: a point looked at, w·x + b ≥ 0, the double well ---------------

def test_perceptron_view_rings_the_point_looked_at_and_says_its_side(qtbot):
    player, view = _view(qtbot, PerceptronView, "linear-models", 3)  # u = (0, 2), b = −3
    ring = view.ring.data
    assert (ring["x"][0], ring["y"][0]) == (0.0, 2.0)
    text = view.panel.text()
    assert "Point 1" in text and "w·x = 2" in text and "step(−1) = <b>0</b>" in text
    assert "wrong side" in text and "→" not in text  # nothing learned
    player.go_to(7)  # the exercise's answer: w = (0, 1), b = −1
    assert "right side" in view.panel.text()


def test_perceptron_view_shows_the_introductions_rule_from_w_zero(qtbot):
    player, view = _view(qtbot, PerceptronView, "perceptron-run", 2)  # w = 0, b = 0, ≥
    text = view.panel.text()
    assert "f = 1 when w·x + b ≥ 0" in text and "f = 1 everywhere" in text
    assert view.tint.polygon().size() == 4  # every point is on the line, so class 1
    player.next()  # point 1: w·x + b = 0 ≥ 0, so f = 1, wrong
    assert "w·x + b = 0 ≥ 0" in view.panel.text() and "wrong" in view.panel.text()


def test_descent_view_draws_the_double_well_and_why_it_stopped(qtbot):
    from model.descent1d import double_well

    player, view = _view(qtbot, DescentView, "descent-details", 7)  # from 2 to the local minimum
    grid, curve = view.curve.getData()
    assert np.allclose(curve, [double_well(x) for x in grid])
    (x0, x1), (y0, y1) = view.plot.getPlotItem().getViewBox().viewRange()
    assert x0 <= -1.8 and x1 >= 2.0 and y0 < double_well(-1.0574)  # both valleys in view
    text = view.panel.text()
    assert "x⁴ − 2x² + x/2" in text and "stopped" in text and "precision 0.0001" in text
    player.go_to(5)  # the step limit stopped this one
    assert "100 steps, the most allowed" in view.panel.text()
