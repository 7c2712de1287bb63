"""CSV import: good files load to exact arrays, every bad file names its row, column and problem."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import csv_import
from model.csv_import import MAX_CSV_BYTES, load_csv, preview_csv
from model.datasets import Dataset
from model.errors import ValidationError

IRIS_LIKE = """sepal,petal_width,species
5.1,0.2,setosa
7.0,1.4,versicolor
6.3,2.5,virginica
4.9,0.2,setosa
"""


def write(tmp_path, text: str, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def error_of(source, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        load_csv(source, **kwargs)
    return info.value


# --- good files ------------------------------------------------------------------------------


def test_header_string_labels_one_hot_in_sorted_order(tmp_path):
    ds = load_csv(write(tmp_path, IRIS_LIKE))
    np.testing.assert_array_equal(ds.x_train, [[5.1, 0.2], [7.0, 1.4], [6.3, 2.5], [4.9, 0.2]])
    np.testing.assert_array_equal(ds.y_train, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])
    assert ds.x_test.shape == (0, 2) and ds.y_test.shape == (0, 3)
    assert ds.feature_names == ("sepal", "petal_width")
    assert ds.class_names == ds.target_names == ("setosa", "versicolor", "virginica")
    assert ds.problem == "classification" and ds.name == "data.csv"


def test_without_header_numeric_labels_sort_numerically(tmp_path):
    ds = load_csv(write(tmp_path, "1,2,10\n3,4,2\n5,6,10.0\n7,8,3\n"))
    assert ds.class_names == ("2", "3", "10")  # 10 and 10.0 are one class
    np.testing.assert_array_equal(ds.y_train, [[0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 1, 0]])
    np.testing.assert_array_equal(ds.x_train, [[1, 2], [3, 4], [5, 6], [7, 8]])
    assert ds.feature_names == ("column 1", "column 2")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_are_sniffed(tmp_path, delimiter):
    text = IRIS_LIKE.replace(",", delimiter)
    ds = load_csv(write(tmp_path, text))
    assert ds.feature_names == ("sepal", "petal_width")
    assert ds.x_train[1].tolist() == [7.0, 1.4]
    assert ds.params["delimiter"] == delimiter


def test_columns_chosen_by_name_and_by_index(tmp_path):
    path = write(tmp_path, IRIS_LIKE)
    by_name = load_csv(path, input_columns=["petal_width"], target_columns="species")
    by_index = load_csv(path, input_columns=[1], target_columns=[2])
    np.testing.assert_array_equal(by_name.x_train, [[0.2], [1.4], [2.5], [0.2]])
    np.testing.assert_array_equal(by_name.x_train, by_index.x_train)
    np.testing.assert_array_equal(by_name.y_train, by_index.y_train)


def test_binary_without_one_hot_is_one_0_1_column(tmp_path):
    ds = load_csv(write(tmp_path, "a,label\n1,no\n2,yes\n3,no\n"), one_hot=False)
    np.testing.assert_array_equal(ds.y_train, [[0], [1], [0]])
    assert ds.class_names == ("no", "yes") and ds.target_names == ("label",)
    assert load_csv("a,label\n1,no\n2,yes\n").y_train.shape == (2, 2)  # one-hot by default


def test_regression_targets_are_the_chosen_numeric_columns():
    ds = load_csv("x,y1,y2\n1,2,3\n4,5,6\n7,8,9\n", problem="regression",
                  target_columns=["y1", "y2"])
    np.testing.assert_array_equal(ds.x_train, [[1], [4], [7]])
    np.testing.assert_array_equal(ds.y_train, [[2, 3], [5, 6], [8, 9]])
    assert ds.target_names == ("y1", "y2") and ds.class_names is None


def test_minmax_maps_training_inputs_to_exactly_0_1_per_column():
    rows = "\n".join(f"{i * 3 - 7},{i * i},{i % 2}" for i in range(20))
    ds = load_csv(rows + "\n", scaling="minmax", test_ratio=0.25, seed=1)
    assert ds.x_train.min(axis=0).tolist() == [0.0, 0.0]
    assert ds.x_train.max(axis=0).tolist() == [1.0, 1.0]
    assert len(ds.x_train) == 15 and len(ds.x_test) == 5


def test_standard_scaling_gives_mean_0_std_1_on_train():
    rows = "\n".join(f"{i * 3 - 7},{i * i},{i % 2}" for i in range(20))
    ds = load_csv(rows + "\n", scaling="standard", test_ratio=0.5, seed=2)
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1, atol=1e-12)
    assert not np.allclose(ds.x_test.mean(axis=0), 0)  # fitted on train only


@pytest.mark.parametrize("scaling", ["minmax", "standard"])
def test_scaling_overflow_is_refused_not_silently_wrong(scaling):
    err = error_of("1e308,1\n-1e308,0\n", scaling=scaling)
    assert err.field == "csv.scaling" and "too large" in err.problem


def test_split_is_seeded_and_zero_ratio_keeps_file_order():
    rows = "".join(f"{i},{i % 2}\n" for i in range(10))
    plain = load_csv(rows)
    assert plain.x_train.ravel().tolist() == list(range(10))
    a = load_csv(rows, test_ratio=0.3, seed=4)
    b = load_csv(rows, test_ratio=0.3, seed=4)
    c = load_csv(rows, test_ratio=0.3, seed=5)
    assert len(a.x_test) == 3 and len(a.x_train) == 7
    np.testing.assert_array_equal(a.x_test, b.x_test)
    assert not np.array_equal(a.x_train, c.x_train)
    assert sorted(np.concatenate([a.x_train, a.x_test]).ravel()) == list(range(10))


def test_params_reload_relative_path_against_base_dir(tmp_path):
    write(tmp_path, IRIS_LIKE, name="flowers.csv")
    ds = load_csv("flowers.csv", base_dir=tmp_path, scaling="minmax", test_ratio=0.5, seed=3,
                  target_columns="species")
    params = dict(ds.params)
    assert params == {"csv": "flowers.csv", "header": "auto", "input_columns": None,
                      "target_columns": ["species"], "problem": "classification",
                      "one_hot": True, "scaling": "minmax", "test_ratio": 0.5, "seed": 3,
                      "delimiter": ","}
    again = load_csv(params.pop("csv"), **params, base_dir=tmp_path)
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    np.testing.assert_array_equal(again.y_test, ds.y_test)


def test_bom_crlf_quotes_blank_lines_and_spaces_are_tolerated(tmp_path):
    text = '\ufeff"a", "b" ,c\r\n\r\n 1 ,"2",x\r\n3,4, y\r\n\r\n'
    ds = load_csv(write(tmp_path, text))
    np.testing.assert_array_equal(ds.x_train, [[1, 2], [3, 4]])
    assert ds.feature_names == ("a", "b") and ds.class_names == ("x", "y")


def test_forced_header_and_no_header(tmp_path):
    assert error_of("1,2\n3,4\n", header=True).problem.endswith("found 1")
    path = write(tmp_path, "1,2,0\n3,4,1\n5,6,0\n")
    assert load_csv(path, header=True).feature_names == ("1", "2")
    assert len(load_csv(path, header=True).x_train) == 2
    assert len(load_csv(path, header=False).x_train) == 3


def test_preview_shows_first_rows_header_and_numeric_columns(tmp_path):
    body = "".join(f"{i},{i / 2},label{i % 3}\n" for i in range(50))
    table = preview_csv(write(tmp_path, "n;half;name\n".replace(";", ",") + body), max_rows=5)
    assert table.header == ("n", "half", "name")
    assert table.rows == [["0", "0.0", "label0"], ["1", "0.5", "label1"],
                          ["2", "1.0", "label2"], ["3", "1.5", "label0"],
                          ["4", "2.0", "label1"]]
    assert table.n_columns == 3 and table.numeric_columns == (True, True, False)
    headerless = preview_csv("1;2\n3;4\n")
    assert headerless.header is None and headerless.rows == [["1", "2"], ["3", "4"]]


def test_preview_reads_only_the_start_of_a_file(tmp_path):
    # The broken bytes far below the preview window are never decoded.
    text = "a,b\n" + "1,2\n" * 5000
    path = write(tmp_path, text.encode() + b"\xff\xfe,1\n")
    assert len(preview_csv(path).rows) == 20
    assert "row 5002" in str(error_of(path))


# --- bad files -------------------------------------------------------------------------------


def test_missing_file_and_folder(tmp_path):
    err = error_of(tmp_path / "nope.csv")
    assert "file not found" in str(err) and "nope.csv" in str(err)
    assert "is a folder" in str(error_of(tmp_path))
    assert str(error_of("")) == "csv: no file given"


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, IRIS_LIKE)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # chmod 000 does not stop root
    assert str(error_of(path)) == f"csv: cannot read '{path}': Permission denied"


def test_not_utf8_names_the_row(tmp_path):
    path = write(tmp_path, "a,b\n1,2\n3,caf\xe9\n", encoding="latin-1")
    err = error_of(path)
    assert err.field == "csv row 3"
    assert "not UTF-8 text" in str(err) and "0xe9" in str(err)


def test_binary_file_is_refused(tmp_path):
    err = error_of(write(tmp_path, b"a,b\n1,\x00\x01\n2,3\n"))
    assert err.field == "csv row 2" and "NUL" in str(err)


@pytest.mark.parametrize("text, problem", [
    ("", "the file is empty"),
    ("\n\n  \n", "the file is empty"),
    ("a,b,c\n", "needs at least 2 data rows; the file has only one row"),
    ("1,2,3\n", "needs at least 2 data rows; the file has only one row"),
    ("a,b,c\n1,2,3\n", "needs at least 2 data rows; found 1"),
])
def test_empty_and_too_short_files(tmp_path, text, problem):
    err = error_of(write(tmp_path, text))
    assert str(err) == f"csv: {problem}"


def test_ragged_row_names_row_and_cell_counts():
    text = "a,b,c,d\n" + "1,2,3,4\n" * 5 + "1,2,3\n"
    assert str(error_of(text)) == "csv: row 7 has 3 cells, expected 4"


@pytest.mark.parametrize("cell, problem", [
    ("abc", "'abc' is not a number"),
    ("", "empty cell; expected a number"),
    ("nan", "'nan' is not a finite number"),
    ("inf", "'inf' is not a finite number"),
    ("-Infinity", "'-Infinity' is not a finite number"),
])
def test_bad_numeric_cell_names_row_column_and_problem(cell, problem):
    text = f"sepal,petal_width,species\n1,2,a\n3,4,b\n5,{cell},a\n"
    err = error_of(text)
    assert err.field == "csv row 4, column 2 ('petal_width')"
    assert str(err).startswith(f"csv row 4, column 2 ('petal_width'): {problem}")


def test_bad_cell_without_header_and_first_bad_cell_in_file_order():
    err = error_of("1,2,a\n3,x,b\n y,4,a\n")
    assert str(err) == "csv row 2, column 2: 'x' is not a number"


def test_decimal_comma_gets_a_hint():
    err = error_of("a;b;c\n1;2;x\n1,5;2;y\n")
    assert "'1,5' is not a number (use a dot" in str(err)
    assert err.field == "csv row 3, column 1 ('a')"


def test_bad_regression_target_cell():
    err = error_of("x,y\n1,2\n3,?\n", problem="regression")
    assert str(err) == "csv row 3, column 2 ('y'): '?' is not a number"


@pytest.mark.parametrize("kwargs, field, problem", [
    ({"target_columns": "kind"}, "csv.target_columns", "no column named 'kind'"),
    ({"input_columns": [0, 5]}, "csv.input_columns", "column index 5 is out of range"),
    ({"input_columns": [-1]}, "csv.input_columns", "column index -1 is out of range"),
    ({"input_columns": ["sepal", "species"]}, "csv.input_columns",
     "'species' is both an input and a target"),
    ({"input_columns": [0, 0]}, "csv.input_columns", "'sepal' is chosen twice"),
    ({"input_columns": []}, "csv.input_columns", "choose at least one column"),
    ({"input_columns": [1.5]}, "csv.input_columns", "column name or 0-based index"),
    ({"target_columns": [1, 2]}, "csv.target_columns", "exactly one target column, got 2"),
    ({"one_hot": False}, "csv.one_hot", "needs exactly 2 classes, found 3"),
    ({"scaling": "zscore"}, "csv.scaling", "none, minmax, standard"),
    ({"problem": "ranking"}, "csv.problem", "classification, regression"),
    ({"header": "yes"}, "csv.header", "'auto', True or False"),
    ({"delimiter": "ab"}, "csv.delimiter", "one character"),
    ({"test_ratio": 1.0}, "csv.test_ratio", "between 0 and 0.9"),
    ({"seed": -2}, "csv.seed", "non-negative integer"),
])
def test_bad_options_name_the_option(kwargs, field, problem):
    err = error_of(IRIS_LIKE, **kwargs)
    assert err.field == field and problem in err.problem


def test_column_name_without_header():
    err = error_of("1,2,0\n3,4,1\n", target_columns="y")
    assert "no header row" in str(err)


def test_too_many_columns():
    text = ",".join(["1"] * 1001) + "\n" + ",".join(["2"] * 1001) + "\n"
    assert str(error_of(text)) == "csv: the file has 1001 columns; the limit is 1000"


def test_too_many_rows_is_refused_stating_the_limit(monkeypatch):
    assert csv_import.MAX_CSV_ROWS == 1_000_000
    monkeypatch.setattr(csv_import, "MAX_CSV_ROWS", 10)
    assert load_csv("".join(f"{i},{i % 2}\n" for i in range(10))).x_train.shape == (10, 1)
    err = error_of("".join(f"{i},{i % 2}\n" for i in range(11)))
    assert str(err) == "csv: the file has more than 10 data rows; that is the limit"


def test_too_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    assert MAX_CSV_BYTES == 200 * 1024 * 1024
    path = write(tmp_path, IRIS_LIKE)
    monkeypatch.setattr(csv_import, "MAX_CSV_BYTES", 10)
    assert "limit of 0 MB" in str(error_of(path))


def test_more_than_100_classes_and_only_one_class():
    many = "x,kind\n" + "".join(f"{i},k{i}\n" for i in range(101))
    err = error_of(many)
    assert err.field == "csv column 2 ('kind')"
    assert "has 101 different class labels" in err.problem and "at most 100" in err.problem
    one = error_of("x,kind\n1,a\n2,a\n")
    assert one.field == "csv column 2 ('kind')" and "only one class label ('a')" in one.problem
    assert error_of("1,a\n2,a\n").field == "csv column 2"


def test_bad_class_label_cells():
    err = error_of("x,kind\n1,a\n2,\n")
    assert str(err) == "csv row 3, column 2 ('kind'): empty cell; every row needs a class label"
    assert "'nan' is not a valid class label" in str(error_of("x,kind\n1,1\n2,nan\n"))


def test_not_a_path_or_text():
    assert "expected a file path or CSV text" in str(error_of(42))


# --- fuzz ------------------------------------------------------------------------------------

CSVISH = st.text(alphabet=st.sampled_from(list("0123456789.,;\t\n\r\"' -eainfxyz\x00é")),
                 max_size=120)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(CSVISH, st.text(max_size=80)), scaling=st.sampled_from(
    ["none", "minmax", "standard"]), problem=st.sampled_from(["classification", "regression"]),
    test_ratio=st.sampled_from([0.0, 0.3]))
def test_random_text_loads_or_raises_validation_error(text, scaling, problem, test_ratio):
    try:
        ds = load_csv(text + "\n", scaling=scaling, problem=problem, test_ratio=test_ratio)
    except ValidationError:
        return
    assert isinstance(ds, Dataset)
    assert np.isfinite(ds.x_train).all() and len(ds.x_train) >= 1
