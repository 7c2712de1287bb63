"""Typed numbers are never silently altered: refused with the field, the limit and the text.

Each case types, key by key, what a user typed when Qt's spin boxes changed it behind their
back (Points "1e308" became 1308, a test ratio "1.00" became 0.00, a hidden size 100000000
became 100, a GIF range "to 20" became 2), then presses Enter or leaves the field.
"""

import pytest
from PySide6 import QtCore, QtWidgets

from app.session import Session
from model.session_file import parse_session
from tests.conftest import show_widget
from widgets import export
from widgets.csv_dialog import CsvImportDialog
from widgets.data_panel import DataPanel
from widgets.diagram import NetworkDiagram
from widgets.export_dialog import ExportDialog
from widgets.number_field import REFUSED_STYLE, IntField, RealField
from widgets.settings_panel import SettingsPanel

CIRCLE = {"network": {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 1},
          "data": {"dataset": "circle", "seed": 3}}


def type_into(qtbot, field, text: str, finish=QtCore.Qt.Key.Key_Return) -> None:
    """Select what the field shows, type ``text`` key by key, then finish editing."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    if finish is None:  # leave the field instead
        field.clearFocus()
        QtWidgets.QApplication.sendEvent(
            field, QtCore.QEvent(QtCore.QEvent.Type.FocusOut))
    else:
        qtbot.keyClick(field, finish)


def test_points_1e308_is_refused_and_the_points_stay(qtbot):
    session = Session(parse_session(CIRCLE))
    panel = show_widget(qtbot, DataPanel(session), 380, 520)
    points = panel.controls.points
    seen, told = [], []
    points.valueChanged.connect(seen.append)
    points.refused.connect(told.append)
    type_into(qtbot, points, "1e308")
    assert points.value() == 500 and points.text() == "500" and seen == []
    assert points.refusal == ("Points: “1e308” is above the largest allowed, 100000; it stays "
                              "500.")
    assert told == [points.refusal] and points.toolTip() == points.refusal
    assert points.styleSheet() == REFUSED_STYLE
    type_into(qtbot, points, "200")  # a good number is taken, and the field is clean again
    assert points.value() == 200 and points.refusal == "" and points.styleSheet() == ""
    assert points.toolTip() == "Number of points (train + test)"


def test_test_ratio_1_is_refused_in_the_data_dock_and_the_csv_dialog(qtbot, tmp_path):
    session = Session(parse_session(CIRCLE))
    panel = show_widget(qtbot, DataPanel(session), 380, 520)
    ratio = panel.controls.test_ratio
    type_into(qtbot, ratio, "1.00")
    assert ratio.value() == pytest.approx(0.5)
    assert ratio.refusal == ("Test ratio: “1.00” is above the largest allowed, 0.9; it stays "
                             "0.50.")
    path = tmp_path / "data.csv"
    path.write_text("x1,x2,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    dialog = show_widget(qtbot, CsvImportDialog(path), 800, 600)
    ratio = dialog.test_ratio_spin
    type_into(qtbot, ratio, "1.00", finish=None)  # leaving the field finishes too
    assert ratio.value() == pytest.approx(0.2) and dialog.options()["test_ratio"] == 0.2
    assert ratio.refusal == ("Test ratio: “1.00” is above the largest allowed, 0.9; it stays "
                             "0.20.")


def test_hidden_size_100000000_is_refused_and_the_draft_keeps_its_size(qtbot):
    session = Session(parse_session(CIRCLE))
    panel = show_widget(qtbot, SettingsPanel(session), 380, 600)
    spin = panel.hidden_rows[0][0]
    type_into(qtbot, spin, "100000000")
    assert spin.value() == 4 and panel.draft()[0] == (2, 4, 1)
    assert spin.refusal == ("Layer 2 (hidden) size: “100000000” is above the largest allowed, "
                            "256; it stays 4.")
    assert not panel.apply_button.isEnabled()  # nothing changed: nothing to apply


def test_gif_range_to_20_is_refused_and_the_range_stays(qtbot, tmp_path):
    session = Session()
    diagram = show_widget(qtbot, NetworkDiagram(session), 800, 500)
    dialog = ExportDialog({"diagram": diagram}, export.session_steps(session),
                          folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_choice("diagram", "gif")
    count = session.n_steps
    assert dialog.last.value() == count
    type_into(qtbot, dialog.last, "20")
    assert dialog.last.value() == count
    assert dialog.last.refusal == (f"Last step: “20” is above the largest allowed, {count}; "
                                   f"it stays {count}.")


@pytest.mark.parametrize(("text", "why"), [
    ("abc", "is not a number (a whole number is needed)"),
    ("2.5", "is not a whole number"),
    ("0", "is below the smallest allowed, 1"),
    ("inf", "is not a finite number"),
])
def test_a_whole_number_field_says_what_is_wrong(qtbot, text, why):
    field = IntField("Batch size")
    qtbot.addWidget(field)
    field.setRange(1, 50)
    field.setValue(10)
    field.show()
    type_into(qtbot, field, text)
    assert field.value() == 10
    assert field.refusal == f"Batch size: “{text}” {why}; it stays 10."


def test_a_real_field_keeps_its_decimals_and_reads_the_screens_numbers(qtbot):
    field = RealField("Noise")
    qtbot.addWidget(field)
    field.setRange(0.0, 1.0)
    field.setDecimals(2)
    field.setValue(0.1)
    field.show()
    type_into(qtbot, field, "0.125")
    assert field.value() == pytest.approx(0.1)
    assert field.refusal == "Noise: “0.125” has more decimals than the 2 this field keeps; " \
                            "it stays 0.10."
    QtWidgets.QApplication.clipboard().setText("2.5 × 10⁻¹")  # copied from the screen
    field.selectAll()
    qtbot.keyClick(field, QtCore.Qt.Key.Key_V, QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Return)
    assert field.value() == pytest.approx(0.25) and field.refusal == ""
