"""The Data dock: controls drive the Session, and the plane shows the model's own numbers."""

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from app.session import Session
from model.contours import contour_segments
from model.datasets import DATASETS, make_dataset
from model.session_file import parse_session
from tests.conftest import show_widget
from widgets import csv_dialog
from widgets.colormap import NON_FINITE_RGB, Scale, to_rgb
from widgets.data_colours import PALETTE, OutputStyle, contour_levels, output_rgb
from widgets.data_panel import MESSAGE, DataPanel
from widgets.data_plot import MAP_ALPHA

ORANGE, BLUE = (179, 88, 6), (33, 102, 172)  # the diverging map's two ends
CIRCLE = {"network": {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 1},
          "data": {"dataset": "circle", "seed": 3}}


def make_panel(qtbot, obj=CIRCLE):
    session = Session(parse_session(obj))
    panel = show_widget(qtbot, DataPanel(session), 380, 520)
    return session, panel


def combo_items(combo):
    return [combo.itemData(i) for i in range(combo.count())]


def test_dataset_combo_lists_the_built_ins_by_problem(qtbot):
    session, panel = make_panel(qtbot)
    c = panel.controls
    assert combo_items(c.dataset) == ["xor", "perceptron7", "circle", "gaussians", "spiral",
                                      "moons", "iris", "digits"]
    assert c.dataset.currentData() == "circle"
    spiral = c.dataset.findData("spiral")
    assert c.dataset.itemData(spiral, QtCore.Qt.ItemDataRole.ToolTipRole) == \
        DATASETS["spiral"].description
    c.problem.setCurrentIndex(c.problem.findData("regression"))
    assert combo_items(c.dataset) == ["plane"]
    assert session.spec.data.name == "plane" and session.spec.data.problem == "regression"
    assert not panel.discretise.isEnabled()


def test_regenerate_makes_the_dataset_make_dataset_makes(qtbot):
    session, panel = make_panel(qtbot)
    c = panel.controls
    c.points.setValue(200)
    c.noise.setValue(0.15)
    c.test_ratio.setValue(0.3)
    c.seed.setValue(7)
    qtbot.mouseClick(c.regenerate, QtCore.Qt.MouseButton.LeftButton)
    want = make_dataset("circle", n_points=200, noise=0.15, test_ratio=0.3, seed=7)
    got = session.spec.data
    for key in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(got, key), getattr(want, key))
    assert len(panel.plot.train.data) == 140 and len(panel.plot.test.data) == 60


def test_controls_follow_the_session_without_echo(qtbot):
    session, panel = make_panel(qtbot)
    resets = []
    session.reset.connect(lambda: resets.append(1))
    assert session.set_dataset("moons", noise=0.2, seed=5)
    c = panel.controls
    assert (c.dataset.currentData(), c.points.value(), c.noise.value(), c.seed.value()) == \
        ("moons", 500, pytest.approx(0.2), 5)
    assert resets == [1]  # the refresh did not edit the session a second time
    assert session.undo_stack.undo_label == "Use the moons data"
    session.set_dataset("iris")
    assert not c.noise.isEnabled() and c.points.isEnabled()  # fixed data, subsampling allowed
    session.set_dataset("perceptron7")
    assert not c.points.isEnabled() and not c.noise.isEnabled()


def test_cancelled_dataset_change_puts_the_combo_back(qtbot):
    session, panel = make_panel(qtbot)
    session.train_for(0.01)
    session.confirm = lambda question: False
    panel.controls.dataset.setCurrentIndex(panel.controls.dataset.findData("spiral"))
    assert session.spec.data.name == "circle"
    assert panel.controls.dataset.currentData() == "circle"


def test_refused_regenerate_keeps_the_values_and_the_data(qtbot):
    session, panel = make_panel(qtbot)
    problems = []
    session.problem.connect(problems.append)
    c = panel.controls
    c.points.setValue(2)
    c.test_ratio.setValue(0.9)  # 2 of 2 rows would be test data
    c.regenerate.click()
    assert problems and "test_ratio" in problems[0]
    assert len(session.spec.data.x_train) == 250 and c.points.value() == 2


def binary_expected(out, threshold=0.5, half=0.5):
    return to_rgb(out - threshold, Scale(-half, half))


def test_map_pixels_are_the_output_through_the_diverging_map(qtbot):
    session, panel = make_panel(qtbot)
    session.train_for(0.1)
    panel.flush()
    maps = session.plane_maps()
    out = maps.output[..., 0]
    rgba = panel.plot_image()
    assert rgba.shape == (100, 100, 4) and (rgba[..., 3] == MAP_ALPHA).all()
    for row, col in ((0, 0), (10, 70), (50, 50), (99, 3)):
        np.testing.assert_array_equal(rgba[row, col, :3], binary_expected(out[row, col]))
    # The ImageItem holds the same picture with row 0 at the bottom (the view's y grows up).
    np.testing.assert_array_equal(panel.plot.image.image[99 - 10, 70], rgba[10, 70])
    # Discretised: the end colours, split at 0.5.
    panel.discretise.setChecked(True)
    hard = panel.plot_image()[..., :3]
    np.testing.assert_array_equal(hard[out >= 0.5], np.broadcast_to(BLUE, hard[out >= 0.5].shape))
    np.testing.assert_array_equal(hard[out < 0.5], np.broadcast_to(ORANGE, hard[out < 0.5].shape))


def test_tanh_output_is_split_at_zero(qtbot):
    obj = {"network": {"layers": [2, 3, 1], "activations": ["tanh", "tanh"], "seed": 2},
           "data": {"dataset": "gaussians", "seed": 1}}
    session, panel = make_panel(qtbot, obj)
    out = session.plane_maps().output[..., 0]
    np.testing.assert_array_equal(panel.plot_image()[7, 42, :3],
                                  binary_expected(out[7, 42], threshold=0.0, half=1.0))
    assert "boundary 0" in panel.legend.text()


def test_points_counts_and_class_colours(qtbot):
    session, panel = make_panel(qtbot)
    data = session.spec.data
    assert len(panel.plot.train.data) == len(data.x_train) == 250
    assert len(panel.plot.test.data) == len(data.x_test) == 250
    np.testing.assert_allclose(panel.plot.train.data["x"], data.x_train[:, 0])
    want = np.where(data.y_train >= 0.5, BLUE, ORANGE)  # (n, 1) broadcast to (n, 3)
    np.testing.assert_array_equal(panel.point_colours("train"), want)
    want_test = np.where(data.y_test >= 0.5, BLUE, ORANGE)
    np.testing.assert_array_equal(panel.point_colours("test"), want_test)
    panel.show_test.setChecked(False)
    assert not panel.plot.test.isVisible()


def test_mini_batch_rings_and_the_sample_ring(qtbot):
    session, panel = make_panel(qtbot)
    rows = session.batch_rows()
    assert len(panel.plot.batch.data) == session.batch_size == 10
    np.testing.assert_array_equal(panel.batch_rows_shown(), rows)
    x = session.spec.data.x_train
    np.testing.assert_allclose(panel.plot.batch.data["x"], x[rows, 0])
    session.set_sample(3)
    panel.flush()
    np.testing.assert_allclose([panel.plot.sample.data["x"][0], panel.plot.sample.data["y"][0]],
                               x[rows[3]])
    session.set_sample("mean")
    panel.flush()
    assert len(panel.plot.sample.data) == 0
    for _ in range(session.n_steps):  # the next iteration rings the next mini-batch
        session.next_step()
    panel.flush()
    assert not np.array_equal(panel.batch_rows_shown(), rows)
    np.testing.assert_array_equal(panel.batch_rows_shown(), session.batch_rows())


def test_feature_boxes_set_the_network_inputs(qtbot):
    session, panel = make_panel(qtbot)
    boxes = panel.controls.feature_boxes
    assert [k for k, b in boxes.items() if b.isChecked()] == ["x1", "x2"]
    boxes["x1^2"].click()
    assert session.spec.features == ("x1", "x2", "x1^2")
    assert session.network.sizes[0] == 3
    boxes["x1"].click()
    boxes["x2"].click()
    assert session.spec.features == ("x1^2",) and session.network.sizes[0] == 1
    boxes["x1^2"].click()  # the last one: refused in place
    assert boxes["x1^2"].isChecked() and session.spec.features == ("x1^2",)
    assert "At least one" in boxes["x1^2"].toolTip()
    # The map still follows the model's output through the features.
    out = session.plane_maps().output[..., 0]
    np.testing.assert_array_equal(panel.plot_image()[30, 60, :3], binary_expected(out[30, 60]))


def test_iris_says_there_is_no_plane(qtbot):
    obj = {"network": {"layers": [4, 5, 3], "activations": ["tanh", "softmax"],
                       "loss": "cross_entropy"}, "data": {"dataset": "iris"}}
    session, panel = make_panel(qtbot, obj)
    assert panel.stack.currentIndex() == MESSAGE
    assert panel.message_label.text().startswith("4 inputs: no input plane to draw")
    assert not any(b.isEnabled() for b in panel.controls.feature_boxes.values())
    assert not panel.view_controls.isVisible()


def test_digits_show_the_sample_image(qtbot):
    obj = {"network": {"layers": [64, 10, 10], "activations": ["tanh", "softmax"],
                       "loss": "cross_entropy"}, "data": {"dataset": "digits"}}
    session, panel = make_panel(qtbot, obj)
    data, rows = session.spec.data, session.batch_rows()
    for sample in (0, 4):
        session.set_sample(sample)
        panel.flush()
        x = data.x_train[rows[sample]].reshape(8, 8)
        np.testing.assert_array_equal(panel.digit_pixels(), 255 - np.rint(255 * x))
        label = int(np.argmax(data.y_train[rows[sample]]))
        assert f"class {label}" in panel.image_caption.text()
        assert (f"Sample {sample + 1} of the mini-batch (training row {rows[sample] + 1})"
                in panel.image_caption.text())  # rows counted from 1, as samples are
    rect = panel.digit.image_rect()
    assert rect.width() == rect.height() and rect.width() >= 8 * 20  # big enough to see
    # The drawn picture is the sample: read the middle of pixel (r, c) back from the screen.
    grab = panel.digit.grab().toImage()
    cell = rect.width() // 8
    for r, c in ((2, 3), (5, 5)):
        colour = grab.pixelColor(rect.x() + c * cell + cell // 2, rect.y() + r * cell + cell // 2)
        assert colour.red() == panel.digit_pixels()[r, c]


def test_training_changes_the_map(qtbot):
    session, panel = make_panel(qtbot)
    before = panel.plot_image().copy()
    session.set_training(learning_rate=3.0)  # so that a short run moves colours visibly
    while session.iterations_done < 200:
        session.train_for(0.02)
    panel.flush()
    after = panel.plot_image()
    assert not np.array_equal(before, after)
    out = session.plane_maps().output[..., 0]
    np.testing.assert_array_equal(after[..., :3], binary_expected(out))


def test_map_is_only_recomputed_for_new_maps(qtbot, monkeypatch):
    session, panel = make_panel(qtbot)
    calls = []
    real = panel.plot.set_map
    monkeypatch.setattr(panel.plot, "set_map", lambda *a: (calls.append(1), real(*a)))
    session.set_sample(2)  # same parameters: rings move, the image stays
    panel.flush()
    assert calls == []
    session.go_to_step(session.n_steps - 1)  # the update step: the new weights
    panel.flush()
    assert calls == [1]


def test_hidden_panel_does_not_redraw(qtbot):
    session = Session(parse_session(CIRCLE))
    panel = DataPanel(session)
    qtbot.addWidget(panel)
    session.train_for(0.01)
    panel.flush()
    assert panel.redraw_count == 0
    panel.resize(380, 520)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.redraw_count == 1
    np.testing.assert_array_equal(panel.plot_image()[0, 0, :3],
                                  binary_expected(session.plane_maps().output[0, 0, 0]))


def test_regression_map_and_contours(qtbot):
    obj = {"network": {"layers": [2, 6, 1], "activations": ["tanh", "linear"], "loss": "mse"},
           "data": {"dataset": "plane"}}
    session, panel = make_panel(qtbot, obj)
    data = session.spec.data
    scale = Scale.symmetric(np.concatenate([data.y_train, data.y_test]))
    out = session.plane_maps().output[..., 0]
    np.testing.assert_array_equal(panel.plot_image()[20, 80, :3], to_rgb(out[20, 80], scale))
    np.testing.assert_array_equal(panel.point_colours("train"), to_rgb(data.y_train[:, 0], scale))
    segments = panel.plot.segments
    assert len(segments) > 0
    assert len(panel.plot.contours.xData) == 2 * len(segments)
    lo, hi = session.plane_maps().extent[:2]
    assert segments[..., 0].min() >= lo and segments[..., 0].max() <= hi


def _undirected(seg) -> list:
    return sorted(tuple(sorted(map(tuple, np.round(s, 12)))) for s in seg)


def test_contour_segments_by_hand():
    v = np.tile(np.arange(5.0), (3, 1))  # value = column index; points are (row, column)
    seg = contour_segments(v, 2.5)
    assert _undirected(seg) == _undirected([[[0, 2.5], [1, 2.5]], [[1, 2.5], [2, 2.5]]])
    assert len(contour_segments(v, 9.0)) == 0
    saddle = np.array([[1.0, 0.0], [0.0, 1.0]])  # centre 0.5 ≥ 0.5: the 1s are joined
    assert _undirected(contour_segments(saddle, 0.5)) == _undirected(
        [[[0, 0.5], [0.5, 1]], [[1, 0.5], [0.5, 0]]])
    style = OutputStyle("regression", Scale(-1.0, 1.0))
    np.testing.assert_allclose(contour_levels(style), [-0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75])


def test_multiclass_colours_by_hand():
    style = OutputStyle("multiclass", Scale(-1.0, 1.0), n_classes=3)
    out = np.array([[[0.6, 0.2, 0.2], [0.1, 0.1, 0.8]], [[1 / 3, 1 / 3, 1 / 3], [np.nan, 0, 1]]])
    rgb = output_rgb(out, style)
    assert tuple(PALETTE[0]) == (230, 159, 0)
    # confidence 0.6 of 3 classes: t = (0.6 − 1/3) / (2/3) = 0.4 of the way from white
    np.testing.assert_array_equal(rgb[0, 0], [245, 217, 153])
    np.testing.assert_array_equal(rgb[1, 0], [255, 255, 255])  # a coin toss is white
    np.testing.assert_array_equal(rgb[1, 1], NON_FINITE_RGB)
    hard = output_rgb(out, style, discretise=True)
    np.testing.assert_array_equal(hard[0, 1], PALETTE[2])


def test_non_finite_output_is_magenta(qtbot):
    session, panel = make_panel(qtbot)
    out = session.plane_maps().output.copy()
    out[5, 6, 0], out[7, 8, 0] = np.nan, np.inf
    panel.plot.set_map(out, session.plane_maps().extent, panel._style, False)
    rgba = panel.plot_image()
    np.testing.assert_array_equal(rgba[5, 6, :3], NON_FINITE_RGB)
    np.testing.assert_array_equal(rgba[7, 8, :3], NON_FINITE_RGB)
    np.testing.assert_array_equal(rgba[5, 7, :3], binary_expected(out[5, 7, 0]))


def test_import_csv_goes_to_set_data(qtbot, monkeypatch):
    session, panel = make_panel(qtbot)
    raw = make_dataset("gaussians", n_points=40, seed=2)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: ("/tmp/points.csv", "")))
    monkeypatch.setattr(csv_dialog, "import_csv", lambda parent, path: (raw, {"csv": path}))
    panel.controls.import_button.click()
    assert session.spec.data is raw
    assert panel.controls.dataset.currentText() == "File: points.csv"
    assert not panel.controls.regenerate.isEnabled()
    assert panel.controls.points.value() == 40  # the file's rows, shown greyed
    assert panel.controls.test_ratio.value() == pytest.approx(0.5)
    assert len(panel.plot.train.data) == len(raw.x_train)


def test_usable_at_dock_size(qtbot):
    session, panel = make_panel(qtbot)
    assert panel.minimumSizeHint().width() <= 370  # room for the dock frame
    assert panel.plot.height() >= 180
    legend = panel.legend.geometry()
    assert legend.bottom() <= panel.height() and legend.height() >= panel.legend.fontMetrics(
    ).height()
    assert panel.legend.font().pointSize() >= 10
