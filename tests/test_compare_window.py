"""Run → Compare… in the window, driven as a user drives it: the form, Next, Train/Stop,
the two diagrams with one colour scale, the Loss dock's overlay, ending keeping run B."""

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from app.session import Session
from model.run_pair import Differences
from model.session_file import parse_session
from tests.conftest import open_window
from tests.test_comparison import PLAYGROUND, same_arrays, shown
from widgets.compare_dialog import CompareDialog
from widgets.compare_view import CompareView, arrangement

Key = QtCore.Qt.Key


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, Session(parse_session(PLAYGROUND)), size=(1600, 960),
                       activate=True)


def fill_form(qtbot, learning_rate: str):
    """Once the Compare… form is open: type η and press OK."""
    def fill():
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, CompareDialog)
        dialog.learning_rate.setText(learning_rate)
        dialog.accept()
    QtCore.QTimer.singleShot(0, fill)


@pytest.mark.alone  # A and B train in two processes: under -n 2 B can fall far behind
def test_compare_next_train_stop_and_keep_b(window, qtbot):
    a = window.session
    fill_form(qtbot, "0.3")
    window.compare.act_compare.trigger()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window)
    c = window.compare.comparison
    assert c is not None and isinstance(window.central_view(), CompareView)
    b = c.b
    assert b.training.optimizer.learning_rate == 0.3
    assert not window.compare.act_compare.isEnabled()
    label = window.loss.findChild(QtWidgets.QLabel, "compareLegend")
    assert label.text().startswith("A: η = 0.03 · B: η = 0.3")
    for _ in range(a.n_steps + 2):
        qtbot.keyClick(window, Key.Key_Right)
        assert shown(a) == shown(b)  # the same step of the same mini-batch
    assert a.iterations_done == 1 and a.step_index == 2
    view = window.central_view()
    pane_b = view.panes["B"]
    assert pane_b.diagram.session is b and view.panes["A"].diagram.session is a
    qtbot.waitUntil(lambda: pane_b.title.text().startswith("Run B: η = 0.3 · iteration 2"))

    qtbot.keyClick(window, Key.Key_T)  # Train: both
    assert a.running == "train" and b.running == "train"
    qtbot.waitUntil(lambda: min(a.iterations_done, b.iterations_done) > 200, timeout=20_000)
    qtbot.keyClick(window, Key.Key_T)  # Stop: both, at the same iteration
    assert a.running == b.running == ""
    assert shown(a) == shown(b)
    window.loss.flush()
    overlay = window.loss.overlay
    np.testing.assert_array_equal(overlay.iteration_curve.getOriginalDataset()[1],
                                  b.losses.iteration.y)  # not getData(): peak-downsampled
    assert overlay.legend_names()[:2] == ["A: η = 0.03", "B: η = 0.3"]

    kept = (shown(b), [w.copy() for w in b.view().weights], b.losses.iteration.y.copy())
    window.compare.act_keep_b.trigger()
    assert window.compare.comparison is None and window.central_view() is window.diagram
    assert window.loss.overlay is None
    label = window.loss.findChild(QtWidgets.QLabel, "compareLegend")
    assert label is None or not label.isVisible()
    assert a.training.optimizer.learning_rate == 0.3 and shown(a) == kept[0]
    assert same_arrays(a.view().weights, kept[1])
    np.testing.assert_array_equal(a.losses.iteration.y, kept[2])
    assert window.docks["data"].isVisible()  # hidden while comparing, back now
    assert window.act_undo.text().startswith("&Undo keep run B")


def test_both_diagrams_share_one_colour_scale(window, qtbot):
    c = window.compare.start(Differences(learning_rate=1.0))
    c.train_epochs(30)
    qtbot.wait(50)
    view = window.central_view()
    left, right = (view.panes[n].diagram.legend_lines() for n in ("A", "B"))
    assert left == right  # the same numbers on both legends
    assert not same_arrays(c.a.view().weights, c.b.view().weights)
    window.compare.end("A")
    assert window.session.scale_mode == "network"


def test_the_form_starts_at_run_as_values_and_refuses_bad_ones(window, qtbot):
    dialog = CompareDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert not dialog.differences()  # nothing changed: B the same as A
    dialog = CompareDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.learning_rate.setText("fast")
    dialog.accept()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert "not a number" in dialog.error.text()
    dialog.learning_rate.setText("0.03")
    dialog.hidden.setText("8, 8")
    dialog.activation.setCurrentIndex(dialog.activation.findData("relu"))
    dialog.init.setCurrentIndex(dialog.init.findData("he"))
    dialog.accept()
    assert dialog.differences() == Differences(hidden=(8, 8), activation="relu", init="he")


def test_runs_are_side_by_side_or_stacked_as_the_room_says(window, qtbot):
    """The arrangement whose diagrams draw the biggest neurons with whole titles."""
    def radius(w, h):  # a 4-layer network: titles need 400 px; neurons as the room gives
        return 0.0 if w < 400 else min(w / 8, h / 5)
    assert arrangement(1170, 480, radius) == (False, False)  # side by side, maps under
    assert arrangement(2000, 300, radius) == (False, True)  # maps beside the diagrams
    assert arrangement(700, 1000, radius) == (True, True)  # too narrow for two columns
    window.compare.start(Differences(batch_size=5))
    view = window.central_view()
    view.resize(1500, 700)
    assert not view.stacked and not view.beside
    d = view.panes["A"].diagram
    assert d.radius_at(d.width(), d.height()) > 0  # its titles are whole
    view.resize(500, 1000)  # narrow: A over B, each diagram beside its map
    assert view.stacked and view.beside


def test_replacing_the_session_ends_the_comparison(window, qtbot):
    window.compare.start(Differences(learning_rate=0.1))
    window.session.open_spec(parse_session(PLAYGROUND))
    assert window.compare.comparison is None and window.central_view() is window.diagram
    assert window.compare.act_compare.isEnabled()


def test_a_comparison_while_presenting_is_in_the_projectors_type(window, qtbot):
    """Run → Compare… begun while presenting at 1280×720: both runs' diagrams in the
    projector's theme, the titles, legend and maps at the 20 px floor (the audit's
    measures), and back to the desk's on leaving."""
    from tests.legibility_audit import audit
    from widgets.diagram.theme import DESK_SMALL_PX

    window.presentation.enter(QtCore.QSize(1280, 720))
    window.compare.start(Differences(learning_rate=1.0))
    qtbot.wait(30)
    view = window.central_view()
    assert isinstance(view, CompareView)
    for pane in view.panes.values():
        assert pane.diagram.theme.px == 20 and pane.diagram.theme.projector
        assert pane.diagram.presenting
        assert pane.title.font().pixelSize() >= 20
    assert view.legend.font().pixelSize() >= 20
    problems = audit(window, 20)
    assert not problems, "\n".join(problems)
    window.presentation.leave()
    qtbot.wait(10)
    for pane in view.panes.values():  # the desk's type, laid out as on a projector
        assert pane.diagram.theme.px == DESK_SMALL_PX and not pane.diagram.theme.legend
    assert view.legend.font().pixelSize() <= 0  # the desk's points again


def test_a_1280x720_desk_window_shows_both_networks_whole_and_one_legend(qtbot):
    """The centre of a 1280×720 window with its docks is ~400 px tall: both networks are
    still drawn, with whole titles, the window stays on the screen, and the colour legend
    (one scale for both) is drawn once, under both runs."""
    w = open_window(qtbot, Session(parse_session(PLAYGROUND)), size=(1280, 720))
    w.compare.start(Differences(learning_rate=0.3))
    qtbot.wait(50)
    view = w.central_view()
    assert w.height() <= 720 and view.stacked and view.beside
    for pane in view.panes.values():
        d = pane.diagram
        d.grab()
        texts = [t.text for t in d.painted_texts]
        assert "Layer 4 · output" in texts and not d.elided_texts, texts
        assert not any(t.startswith("neurons:") for t in texts)  # no legend of its own
        assert d.radius_at(d.width(), d.height()) >= 4
        assert not d.presenting  # the desk: a click selects, it does not spotlight
    strip = view.scale_legend.grab().toImage()
    assert strip.height() == view.panes["A"].diagram.legend_strip_height(strip.width())
    pixels = np.array([[strip.pixelColor(x, y).getRgb()[:3]
                        for x in range(0, strip.width(), 2)]
                       for y in range(0, strip.height(), 2)])
    orange = (pixels[..., 0] > 180) & (pixels[..., 2] < 120)  # the bars' negative end
    blue = (pixels[..., 2] > 150) & (pixels[..., 0] < 100)  # and their positive end
    assert orange.sum() > 20 and blue.sum() > 20
    w.compare.end("A")
