"""The confusion matrix: counts by hand, the dock's numbers read back, cells that pick samples."""

import numpy as np
import pytest
from PySide6 import QtCore

from app.insight import confusion_at, shown_network
from app.session import Session
from model.confusion import classes_of, confusion
from model.metrics import accuracy
from model.session_file import parse_session
from tests.conftest import show_widget

TARGETS = np.eye(3)[[0, 0, 1, 1, 1, 2, 2]]
OUTPUTS = np.array([[.8, .1, .1], [.2, .7, .1], [.1, .8, .1], [.3, .3, .4], [.1, .6, .3],
                    [.1, .1, .8], [np.nan, .5, .5]])


def test_counts_by_hand():
    m = confusion(OUTPUTS, TARGETS)
    # true 0: one right, one as 1; true 1: two right, one as 2; true 2: one right, one NaN
    assert m.counts.tolist() == [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    assert m.unpredicted == 1 and m.accuracy == pytest.approx(4 / 7)
    np.testing.assert_allclose(m.normalised(), [[.5, .5, 0], [0, 2 / 3, 1 / 3], [0, 0, .5]])
    assert m.rows(1, 2).tolist() == [3] and m.rows(0, 1).tolist() == [1]
    assert m.rows(2, 2).tolist() == [5]  # the NaN row is in no cell


def test_one_output_is_class_1_above_a_half():
    assert classes_of(np.array([[0.2], [0.5], [0.51], [np.inf]])).tolist() == [0, 0, 1, -1]
    m = confusion(np.array([[0.9], [0.4], [0.6]]), np.array([[1.0], [1.0], [0.0]]))
    assert m.counts.tolist() == [[0, 1], [1, 1]]  # rows: true 0, true 1


def test_accuracy_is_the_panels_accuracy():
    s = Session()
    for _ in range(40):
        s.next_step()
    net, data = shown_network(s), s.spec.data
    assert confusion_at(s, "train").accuracy == accuracy(net.predict(data.x_train),
                                                         data.y_train)


MOONS = {
    "network": {"layers": [2, 6, 1], "activations": ["tanh", "sigmoid"],
                "loss": "cross_entropy", "seed": 1},
    "training": {"learning_rate": 0.3, "batch_size": 10},
    "data": {"dataset": "moons", "n_points": 90, "noise": 0.2, "test_ratio": 0.3, "seed": 0},
}


def _session():
    s = Session(parse_session(MOONS))
    for _ in range(5 * s.n_steps):
        s.next_step()
    return s


@pytest.fixture
def dock(qtbot):
    from widgets.confusion_panel import ConfusionPanel

    s = _session()
    panel = show_widget(qtbot, ConfusionPanel(s), 520, 520)
    panel.flush()
    return s, panel


def test_the_dock_shows_the_counts_of_the_parameters_shown(dock):
    s, panel = dock
    direct = confusion(shown_network(s).predict(s.spec.data.x_train), s.spec.data.y_train)
    k = direct.n_classes
    shown = [[int(panel.texts[i * k + j].toPlainText().replace(",", "")) for j in range(k)]
             for i in range(k)]
    assert shown == direct.counts.tolist()
    assert panel.image.image.shape == (k, k)
    assert "on the training set" in panel.summary.text()
    panel.test_part.setChecked(True)
    panel.normalised.setChecked(True)
    test = confusion(shown_network(s).predict(s.spec.data.x_test), s.spec.data.y_test)
    from model.notation import formatted

    expected = [[formatted(v, ".0%") if np.isfinite(v) else "—" for v in row]
                for row in test.normalised()]
    assert [[panel.texts[i * k + j].toPlainText() for j in range(k)] for i in range(k)] == expected


def test_clicking_a_cell_highlights_its_samples_in_the_data_dock(dock, qtbot):
    from widgets.data_panel import DataPanel

    s, panel = dock
    data_panel = show_widget(qtbot, DataPanel(s), 400, 600)
    m = panel.matrix
    i, j = 1, 0  # true class 1 predicted as 0, or the first wrong cell with samples
    wrong = [(a, b) for a in range(2) for b in range(2) if a != b and m.counts[a, b]]
    i, j = wrong[0] if wrong else (i, j)
    centre = panel.plot.getViewBox().mapViewToScene(QtCore.QPointF(float(j), float(i)))
    view_pos = panel.view.mapFromScene(centre)
    qtbot.mouseClick(panel.view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=view_pos)
    assert panel.cell == (int(i), int(j))
    rows = m.rows(int(i), int(j))
    assert s.highlight is not None and s.highlight.part == "train"
    assert s.highlight.rows.tolist() == rows.tolist() and len(rows) == m.counts[i, j] > 0
    data_panel.flush()
    shown = np.column_stack([data_panel.plot.highlight.data["x"],
                             data_panel.plot.highlight.data["y"]])
    np.testing.assert_array_equal(shown, s.spec.plane_data.x_train[rows])
    assert f"{len(rows)} highlighted" in data_panel.legend.text()
    panel.select_cell(panel.cell)  # the same cell again would be a click; clear it
    panel.select_cell(None)
    assert s.highlight is None


def test_digits_cells_list_their_images(qtbot):
    from widgets.confusion_panel import ConfusionPanel

    s = Session()
    s.set_dataset("digits")
    panel = show_widget(qtbot, ConfusionPanel(s), 520, 600)
    panel.flush()
    m = panel.matrix
    assert m.n_classes == 10
    i, j = map(int, np.unravel_index(np.argmax(m.counts), m.counts.shape))
    panel.select_cell((i, j))
    shown = min(int(m.counts[i, j]), 60)
    assert panel.samples.isVisibleTo(panel)
    labels = [panel.samples.item(n).text() for n in range(shown)]
    assert labels == [str(r + 1) for r in m.rows(i, j)[:shown]]


def test_a_regression_has_no_matrix(qtbot):
    from widgets.confusion_panel import ConfusionPanel

    s = Session(parse_session({
        "network": {"layers": [1, 3, 1], "activations": ["tanh", "linear"]},
        "data": {"inputs": [[0], [1], [2]], "targets": [[0], [1], [4]],
                 "problem": "regression"}}))
    panel = show_widget(qtbot, ConfusionPanel(s), 400, 400)
    panel.flush()
    assert panel.matrix is None and "regression" in panel.summary.text()
    assert not panel.view.isVisibleTo(panel)
