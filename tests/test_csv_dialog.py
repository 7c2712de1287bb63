"""The CSV import dialog: defaults, column roles, errors shown in the dialog, the result."""

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from model.csv_import import load_csv
from tests.conftest import show_widget
from widgets import csv_dialog
from widgets.csv_dialog import CsvImportDialog, import_csv
from widgets.csv_preview import ERROR_TINT, INPUT_TINT, TARGET_TINT

CHECKED, UNCHECKED = QtCore.Qt.CheckState.Checked, QtCore.Qt.CheckState.Unchecked
GOOD = "a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n10,11,12,1\n"
SOURCE_KEYS = {"csv", "header", "input_columns", "target_columns", "problem", "one_hot",
               "scaling", "test_ratio", "seed", "delimiter"}


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def make(qtbot, path):
    return show_widget(qtbot, CsvImportDialog(path), 800, 600)


def checked(widget: QtWidgets.QListWidget) -> list[int]:
    return [i for i in range(widget.count()) if widget.item(i).checkState() == CHECKED]


def click_import(qtbot, dialog):
    qtbot.mouseClick(dialog.ok_button, QtCore.Qt.MouseButton.LeftButton)


def assert_refused(qtbot, dialog, text):
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == f"Cannot import: {text}"
    assert not dialog.ok_button.isEnabled()
    click_import(qtbot, dialog)  # a disabled button does nothing
    dialog.accept()  # and Enter-like acceptance loads, fails and stays open
    assert dialog.isVisible()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.dataset is None and dialog.source is None


def test_good_file_defaults_preview_and_import(qtbot, tmp_path):
    path = write(tmp_path, GOOD)
    dialog = make(qtbot, str(path))
    assert dialog.file_label.text() == "File: data.csv"
    assert dialog.table.rowCount() == 4 and dialog.table.columnCount() == 4
    headers = [dialog.table.horizontalHeaderItem(i).text() for i in range(4)]
    assert headers == ["a", "b", "c", "label"]
    assert dialog.table.item(2, 1).text() == "8"
    # File rows as the error messages number them: the header is row 1.
    assert dialog.table.verticalHeaderItem(0).text() == "2"
    assert dialog.target_columns == [3] and checked(dialog.target_list) == [3]
    assert dialog.input_columns == [0, 1, 2] and checked(dialog.input_list) == [0, 1, 2]
    assert dialog.problem_combo.currentData() == "classification"
    assert dialog.header_combo.currentText() == "Auto (header found)"
    assert dialog.delimiter_combo.currentText() == "Auto (comma)"
    assert not dialog.error_label.isVisible()
    assert dialog.summary_label.text() == ("Ready: 4 rows (3 training, 1 test), 3 inputs → "
                                           "2 outputs; classes: 0, 1.")

    dialog.test_ratio_spin.setValue(0.0)
    click_import(qtbot, dialog)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    ds = dialog.dataset
    np.testing.assert_array_equal(ds.x_train, [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    np.testing.assert_array_equal(ds.y_train, [[1, 0], [0, 1], [1, 0], [0, 1]])
    assert ds.feature_names == ("a", "b", "c") and ds.class_names == ("0", "1")
    src = dialog.source
    assert set(src) == SOURCE_KEYS
    assert src == {"csv": str(path), "header": "auto", "input_columns": ["a", "b", "c"],
                   "target_columns": ["label"], "problem": "classification", "one_hot": True,
                   "scaling": "none", "test_ratio": 0.0, "seed": 0, "delimiter": ","}
    again = load_csv(src["csv"], **{k: v for k, v in src.items() if k != "csv"})
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    np.testing.assert_array_equal(again.y_train, ds.y_train)


def test_split_and_scaling_equal_load_csv(qtbot, tmp_path):
    rows = "\n".join(f"{i},{i * i % 7},{i % 2}" for i in range(30))
    path = write(tmp_path, "x1,x2,y\n" + rows + "\n")
    dialog = make(qtbot, path)
    dialog.test_ratio_spin.setValue(0.3)
    dialog.seed_spin.setValue(5)
    dialog.scaling_combo.setCurrentIndex(dialog.scaling_combo.findData("minmax"))
    click_import(qtbot, dialog)
    ds, src = dialog.dataset, dialog.source
    assert (src["test_ratio"], src["seed"], src["scaling"]) == (0.3, 5, "minmax")
    want = load_csv(path, test_ratio=0.3, seed=5, scaling="minmax")
    assert ds.x_train.shape == (21, 2) and ds.x_test.shape == (9, 2)
    for key in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(ds, key), getattr(want, key))
    assert ds.x_train.min() == 0.0 and ds.x_train.max() == 1.0  # fitted on training rows
    again = load_csv(src["csv"], **{k: v for k, v in src.items() if k != "csv"})
    np.testing.assert_array_equal(again.x_test, ds.x_test)


def test_three_text_labels_one_hot(qtbot, tmp_path):
    path = write(tmp_path, "w,h,kind\n1,2,cat\n3,4,dog\n5,6,eel\n7,8,cat\n")
    dialog = make(qtbot, path)
    assert dialog.input_list.item(2).text() == "kind  (text)"
    assert dialog.one_hot_check.isChecked() and dialog.one_hot_check.isEnabled()
    dialog.test_ratio_spin.setValue(0.0)
    click_import(qtbot, dialog)
    ds = dialog.dataset
    assert ds.y_train.shape == (4, 3) and ds.class_names == ("cat", "dog", "eel")
    np.testing.assert_array_equal(ds.y_train, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])


def test_one_hot_off_with_three_classes_is_refused(qtbot, tmp_path):
    dialog = make(qtbot, write(tmp_path, "w,kind\n1,cat\n3,dog\n5,eel\n7,cat\n"))
    dialog.one_hot_check.setChecked(False)
    assert_refused(qtbot, dialog, "csv.one_hot: one_hot=False needs exactly 2 classes, found 3")
    dialog.one_hot_check.setChecked(True)
    assert dialog.ok_button.isEnabled() and not dialog.error_label.isVisible()


@pytest.mark.parametrize("text, message", [
    ("a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n", "csv: row 4 has 2 cells, expected 3"),
    ("a,b,c\n1,2,3\n", "csv: needs at least 2 data rows; found 1"),
    ("1,2,3\n", "csv: needs at least 2 data rows; the file has only one row"),
])
def test_bad_file_shows_the_error_in_the_dialog(qtbot, tmp_path, text, message):
    dialog = make(qtbot, write(tmp_path, text))
    assert_refused(qtbot, dialog, message)


def test_empty_file(qtbot, tmp_path):
    dialog = make(qtbot, write(tmp_path, ""))
    assert dialog.table.rowCount() == 0 and dialog.input_list.count() == 0
    assert_refused(qtbot, dialog, "csv: the file is empty")


def test_text_in_a_numeric_column_names_row_and_column(qtbot, tmp_path):
    rows = [f"{i},{i + 1},{i % 2}" for i in range(30)]
    rows[23] = "23,oops,1"  # beyond the preview: the column looks numeric there
    dialog = make(qtbot, write(tmp_path, "a,b,y\n" + "\n".join(rows) + "\n"))
    assert dialog.input_columns == [0, 1]
    assert_refused(qtbot, dialog, "csv row 25, column 2 ('b'): 'oops' is not a number")
    dialog.input_list.item(1).setCheckState(UNCHECKED)  # drop the bad column: it loads
    assert dialog.ok_button.isEnabled() and not dialog.error_label.isVisible()


def test_bad_cell_in_the_preview_is_red(qtbot, tmp_path):
    path = write(tmp_path, "a,b,y\n1,2,0\n3,n/a,1\n5,6,0\n")
    dialog = make(qtbot, path)
    assert dialog.input_columns == [0]  # a text column is not an input by default
    dialog.input_list.item(1).setCheckState(CHECKED)
    assert "csv row 3, column 2 ('b'): 'n/a' is not a number" in dialog.error_label.text()
    image = dialog.table.viewport().grab().toImage()

    def fill(row, column):
        rect = dialog.table.visualItemRect(dialog.table.item(row, column))
        return image.pixelColor(rect.left() + 3, rect.top() + 3).name()

    assert fill(1, 1) == ERROR_TINT.name()
    assert fill(0, 1) == INPUT_TINT.name()
    assert fill(0, 2) == TARGET_TINT.name()


def test_changing_the_target_updates_the_inputs(qtbot, tmp_path):
    dialog = make(qtbot, write(tmp_path, "a,b,c,d\n1,2,3,0\n4,5,6,1\n7,8,9,0\n"))
    assert dialog.input_columns == [0, 1, 2] and dialog.target_columns == [3]
    dialog.target_list.item(1).setCheckState(CHECKED)
    assert dialog.target_columns == [1] and checked(dialog.target_list) == [1]
    assert dialog.input_columns == [0, 2, 3] and checked(dialog.input_list) == [0, 2, 3]
    enabled = QtCore.Qt.ItemFlag.ItemIsEnabled
    assert not dialog.input_list.item(1).flags() & enabled  # a target cannot be an input
    assert dialog.input_list.item(3).flags() & enabled
    assert dialog.table.item(0, 1).background().color() == TARGET_TINT
    assert dialog.table.item(0, 3).background().color() == INPUT_TINT
    dialog.test_ratio_spin.setValue(0.0)
    click_import(qtbot, dialog)
    assert dialog.source["input_columns"] == ["a", "c", "d"]
    assert dialog.source["target_columns"] == ["b"]
    assert dialog.dataset.class_names == ("2", "5", "8")


def test_regression_guess_and_several_targets(qtbot, tmp_path):
    dialog = make(qtbot, write(tmp_path, "x,y1,y2\n1,0.5,2.5\n2,1.5,3.5\n3,2.5,4.5\n"))
    assert dialog.problem_combo.currentData() == "regression"
    assert not dialog.one_hot_check.isEnabled()
    dialog.target_list.item(1).setCheckState(CHECKED)
    assert dialog.target_columns == [1, 2] and dialog.input_columns == [0]
    dialog.test_ratio_spin.setValue(0.0)
    click_import(qtbot, dialog)
    np.testing.assert_array_equal(dialog.dataset.y_train, [[0.5, 2.5], [1.5, 3.5], [2.5, 4.5]])
    assert dialog.dataset.target_names == ("y1", "y2")


def test_no_header_names_columns_and_uses_indices(qtbot, tmp_path):
    path = write(tmp_path, "1;2;0\n3;4;1\n5;6;0\n")
    dialog = make(qtbot, path)
    assert dialog.header_combo.currentText() == "Auto (no header)"
    assert dialog.delimiter_combo.currentText() == "Auto (semicolon)"
    headers = [dialog.table.horizontalHeaderItem(i).text() for i in range(3)]
    assert headers == ["column 1", "column 2", "column 3"]
    assert dialog.target_list.item(2).text() == "column 3"
    dialog.test_ratio_spin.setValue(0.0)
    click_import(qtbot, dialog)
    src = dialog.source
    assert (src["input_columns"], src["target_columns"], src["delimiter"]) == ([0, 1], [2], ";")
    assert dialog.dataset.feature_names == ("column 1", "column 2")


def test_header_and_delimiter_choices_reload_the_preview(qtbot, tmp_path):
    dialog = make(qtbot, write(tmp_path, "a,b,y\n1,2,0\n3,4,1\n"))
    dialog.header_combo.setCurrentIndex(dialog.header_combo.findData(False))
    assert dialog.table.rowCount() == 3 and dialog.table.item(0, 0).text() == "a"
    assert_refused(qtbot, dialog, "csv row 1, column 1: 'a' is not a number")
    dialog.delimiter_combo.setCurrentIndex(dialog.delimiter_combo.findData(";"))
    assert dialog.table.columnCount() == 1 and dialog.target_columns == [0]
    assert_refused(qtbot, dialog, "csv.input_columns: choose at least one input column")


def test_big_file_is_checked_on_import_and_the_dialog_stays_open(qtbot, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr(csv_dialog, "LIVE_CHECK_BYTES", 0)
    rows = [f"{i},{i + 1},{i % 2}" for i in range(30)]
    rows[23] = "23,oops,1"
    dialog = make(qtbot, write(tmp_path, "a,b,y\n" + "\n".join(rows) + "\n"))
    assert dialog.ok_button.isEnabled()
    assert dialog.summary_label.text() == ("The whole file is read and checked when you "
                                           "press Import.")
    click_import(qtbot, dialog)
    assert dialog.isVisible() and dialog.dataset is None
    assert dialog.error_label.text() == ("Cannot import: csv row 25, column 2 ('b'): 'oops' "
                                         "is not a number")
    assert not dialog.ok_button.isEnabled()
    dialog.input_list.item(1).setCheckState(UNCHECKED)
    assert dialog.ok_button.isEnabled()
    click_import(qtbot, dialog)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.dataset.x_train.shape == (24, 1) and dialog.source["input_columns"] == ["a"]


def _press_later(button):
    def press():
        dialog = QtWidgets.QApplication.activeModalWidget()
        dialog.buttons.button(button).click()
    QtCore.QTimer.singleShot(0, press)


def test_import_csv_returns_result_or_none(qtbot, tmp_path):
    path = write(tmp_path, GOOD)
    _press_later(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
    assert import_csv(None, path) is None
    _press_later(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    dataset, source = import_csv(None, path)
    assert dataset.x_train.shape[1] == 3 and source["target_columns"] == ["label"]
