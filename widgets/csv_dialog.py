"""The CSV import dialog: preview a file, choose columns and options, import it as a Dataset.

The model does all the reading (``model.csv_import``): the dialog shows ``preview_csv``'s
first rows and calls ``load_csv`` with the chosen options. Files up to ``LIVE_CHECK_BYTES``
are loaded on every change, so an error (with its row and column) shows at once and Import
is enabled only when the choices load; bigger files are loaded once, when Import is pressed.
Either way a refused file keeps the dialog open with the message in red. The preview table
is ``widgets.csv_preview``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from model.csv_import import CsvTable, load_csv, preview_csv
from model.datasets import MAX_TEST_RATIO, Dataset
from model.errors import ValidationError
from widgets.csv_preview import CsvPreview, bad_cell, rows_are_lines

PREVIEW_ROWS = 20
LIVE_CHECK_BYTES = 1 << 20  # ~0.2 s per load; above this, load only on Import
HEADERS = (("Auto", "auto"), ("First row is header", True), ("No header", False))
DELIMITERS = (("Auto", None), ("Comma  ,", ","), ("Semicolon  ;", ";"), ("Tab", "\t"))
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
PROBLEMS = (("Classification", "classification"), ("Regression", "regression"))
SCALINGS = (("None", "none"), ("Min-max to [0, 1]", "minmax"), ("Standard (mean 0, sd 1)",
                                                                 "standard"))
ERROR_STYLE = ("QLabel { color: #a50f15; background: #fde0dd; border: 2px solid #cb181d;"
               " border-radius: 4px; padding: 6px; font-weight: bold; }")


def _combo(parent, choices) -> QtWidgets.QComboBox:
    combo = QtWidgets.QComboBox(parent)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def _select(combo: QtWidgets.QComboBox, value) -> None:
    for i in range(combo.count()):
        if combo.itemData(i) == value and type(combo.itemData(i)) is type(value):
            combo.setCurrentIndex(i)
            return


def _looks_like_regression(values: list[str]) -> bool:
    """A target of numbers with fractions is a quantity; integers or words are class labels."""
    try:
        numbers = [float(v) for v in values]
    except ValueError:
        return False
    return bool(numbers) and any(not n.is_integer() for n in numbers)


class CsvImportDialog(QtWidgets.QDialog):
    """Preview a CSV file, choose inputs, targets and options; ``dataset`` is set on Import.

    ``source`` is then the session file's ``data`` section: the keyword arguments of
    ``load_csv`` (taken from ``Dataset.params``) with the path as given under ``csv``.
    """

    def __init__(self, path: str | Path, parent=None):
        super().__init__(parent)
        self.path = path
        self.dataset: Dataset | None = None
        self.source: dict | None = None
        self.table_data: CsvTable | None = None
        self._inputs: set[int] = set()
        self._targets: list[int] = []
        self._problem_chosen = False  # the user picked one: stop guessing it from the target
        self._checked: tuple[dict, Dataset] | None = None  # last successful load and its options
        self._lines_exact = False  # preview row i is file line i + 1 (+1 with a header)
        try:
            self._live = Path(path).stat().st_size <= LIVE_CHECK_BYTES
        except (OSError, ValueError):
            self._live = True  # the preview reports the problem
        name = Path(path).name
        self.setWindowTitle(f"Import CSV — {name}")
        self.resize(820, 640)
        self._build(name)
        self._reload_preview()

    # ----- building -----

    def _build(self, name: str) -> None:
        file_row = self._build_file_row(name)
        self.table = CsvPreview(self)
        choices = QtWidgets.QHBoxLayout()
        for box in self._build_roles():
            choices.addWidget(box, 1)
        choices.addWidget(self._build_options(), 1)
        self._build_footer()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(QtWidgets.QLabel(f"Preview: the first {PREVIEW_ROWS} data rows", self))
        layout.addWidget(self.table, 3)
        layout.addLayout(choices, 2)
        layout.addWidget(self.error_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)

    def _build_file_row(self, name: str) -> QtWidgets.QHBoxLayout:
        self.file_label = QtWidgets.QLabel(f"File: {name}", self)
        self.file_label.setToolTip(str(Path(self.path).resolve()))
        font = self.file_label.font()
        font.setBold(True)
        self.file_label.setFont(font)
        self.header_combo = _combo(self, HEADERS)
        self.delimiter_combo = _combo(self, DELIMITERS)
        self.header_combo.currentIndexChanged.connect(self._reload_preview)
        self.delimiter_combo.currentIndexChanged.connect(self._reload_preview)
        file_row = QtWidgets.QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        for text, combo in (("Header:", self.header_combo), ("Delimiter:", self.delimiter_combo)):
            file_row.addWidget(QtWidgets.QLabel(text, self))
            file_row.addWidget(combo)
        return file_row

    def _build_roles(self) -> tuple[QtWidgets.QGroupBox, QtWidgets.QGroupBox]:
        self.input_list = QtWidgets.QListWidget(self)
        self.target_list = QtWidgets.QListWidget(self)
        self.input_list.itemChanged.connect(self._input_toggled)
        self.target_list.itemChanged.connect(self._target_toggled)
        return (self._group("Inputs (blue in the preview)", self.input_list),
                self._group("Target (orange in the preview)", self.target_list))

    def _build_options(self) -> QtWidgets.QGroupBox:
        self.problem_combo = _combo(self, PROBLEMS)
        self.one_hot_check = QtWidgets.QCheckBox("One-hot encode class labels", self)
        self.one_hot_check.setChecked(True)
        self.one_hot_check.setToolTip("One output per class; unchecked, two classes become "
                                      "a single 0/1 output")
        self.scaling_combo = _combo(self, SCALINGS)
        self.scaling_combo.setToolTip("scikit-learn's MinMaxScaler or StandardScaler, fitted "
                                      "on the training rows only")
        self.test_ratio_spin = QtWidgets.QDoubleSpinBox(self)
        self.test_ratio_spin.setRange(0.0, MAX_TEST_RATIO)
        self.test_ratio_spin.setSingleStep(0.05)
        self.test_ratio_spin.setDecimals(2)
        self.test_ratio_spin.setValue(0.2)
        self.test_ratio_spin.setToolTip("Fraction of the rows held out as the test set")
        self.seed_spin = QtWidgets.QSpinBox(self)
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip("Seed of the shuffle that splits train and test rows")
        options = QtWidgets.QFormLayout()
        options.addRow("Problem:", self.problem_combo)
        options.addRow("", self.one_hot_check)
        options.addRow("Scaling:", self.scaling_combo)
        options.addRow("Test ratio:", self.test_ratio_spin)
        options.addRow("Seed:", self.seed_spin)
        options_box = QtWidgets.QGroupBox("Options", self)
        options_box.setLayout(options)
        self.problem_combo.currentIndexChanged.connect(self._problem_changed)
        self.one_hot_check.toggled.connect(self._check)
        self.scaling_combo.currentIndexChanged.connect(self._check)
        self.test_ratio_spin.valueChanged.connect(self._check)
        self.seed_spin.valueChanged.connect(self._check)
        return options_box

    def _build_footer(self) -> None:
        """The error and summary lines, and the Import/Cancel buttons."""
        self.error_label = QtWidgets.QLabel(self)
        self.error_label.setObjectName("csvError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.summary_label = QtWidgets.QLabel(self)
        self.summary_label.setWordWrap(True)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _group(self, title: str, widget: QtWidgets.QWidget) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox(title, self)
        QtWidgets.QVBoxLayout(box).addWidget(widget)
        return box

    # ----- what is chosen -----

    @property
    def input_columns(self) -> list[int]:
        """0-based indices of the input columns, in file order."""
        return sorted(self._inputs)

    @property
    def target_columns(self) -> list[int]:
        """0-based indices of the target columns, in file order."""
        return list(self._targets)

    def column_name(self, index: int) -> str:
        header = self.table_data.header if self.table_data else None
        if header and index < len(header) and header[index]:
            return header[index]
        return f"column {index + 1}"

    def _column_key(self, index: int):
        """A column for the session file: its name when that is unique, else its index."""
        header = self.table_data.header if self.table_data else None
        if header and header[index] and header.count(header[index]) == 1:
            return header[index]
        return index

    def options(self) -> dict:
        """The keyword arguments of load_csv for the current choices."""
        return {
            "header": self.header_combo.currentData(),
            "input_columns": [self._column_key(i) for i in self.input_columns],
            "target_columns": [self._column_key(i) for i in self.target_columns],
            "problem": self.problem_combo.currentData(),
            "one_hot": self.one_hot_check.isChecked(),
            "scaling": self.scaling_combo.currentData(),
            "test_ratio": round(self.test_ratio_spin.value(), 2),
            "seed": self.seed_spin.value(),
            "delimiter": self.delimiter_combo.currentData(),
        }

    # ----- preview and column roles -----

    def _reload_preview(self) -> None:
        old = self.table_data
        try:
            table = preview_csv(self.path, header=self.header_combo.currentData(),
                                max_rows=PREVIEW_ROWS,
                                delimiter=self.delimiter_combo.currentData())
        except ValidationError as err:
            self.table_data = None
            self._inputs, self._targets = set(), []
            self._fill_table()
            self._fill_lists()
            self._show_error(str(err))
            return
        self.table_data = table
        self._lines_exact = rows_are_lines(self.path, PREVIEW_ROWS)
        if old is None or old.n_columns != table.n_columns:
            self._default_roles()
        self._header_hint()
        self._fill_table()
        self._fill_lists()
        self._check()

    def _default_roles(self) -> None:
        """The last column is the target; every other numeric column is an input."""
        n = self.table_data.n_columns
        self._targets = [n - 1]
        self._inputs = {i for i in range(n - 1) if self.table_data.numeric_columns[i]}
        self._guess_problem()

    def _guess_problem(self) -> None:
        if self._problem_chosen or len(self._targets) != 1 or self.table_data is None:
            return
        column = self._targets[0]
        values = [r[column] for r in self.table_data.rows if column < len(r)]
        problem = "regression" if _looks_like_regression(values) else "classification"
        self.problem_combo.blockSignals(True)
        _select(self.problem_combo, problem)
        self.problem_combo.blockSignals(False)
        self.one_hot_check.setEnabled(problem == "classification")

    def _header_hint(self) -> None:
        found = "header found" if self.table_data.header else "no header"
        self.header_combo.setItemText(0, f"Auto ({found})")

    def _fill_table(self) -> None:
        n = self.table_data.n_columns if self.table_data else 0
        self.table.show_rows(self.table_data, [self.column_name(i) for i in range(n)],
                             self._lines_exact)

    def _tint_table(self, bad: tuple[int, int] | None = None) -> None:
        self.table.tint(self.table_data, self._inputs, self._targets, bad)

    def _fill_lists(self) -> None:
        table = self.table_data
        n = table.n_columns if table else 0
        for widget in (self.input_list, self.target_list):
            widget.blockSignals(True)
            widget.clear()
            for i in range(n):
                text = self.column_name(i)
                if not table.numeric_columns[i]:
                    text += "  (text)"
                item = QtWidgets.QListWidgetItem(text, widget)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, i)
            widget.blockSignals(False)
        self._sync_lists()
        if self._targets:  # a wide file: bring the default target (the last column) into view
            self.target_list.scrollToItem(self.target_list.item(self._targets[0]))

    def _sync_lists(self) -> None:
        """Show the roles: a target column cannot also be an input, so it is greyed there."""
        checkable = (QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
        for widget, chosen in ((self.input_list, self._inputs), (self.target_list,
                                                                 set(self._targets))):
            widget.blockSignals(True)
            for i in range(widget.count()):
                item = widget.item(i)
                is_target = i in self._targets
                if widget is self.input_list:
                    item.setFlags(QtCore.Qt.ItemFlag.ItemIsUserCheckable if is_target
                                  else checkable)
                    item.setToolTip("is the target" if is_target else "")
                else:
                    item.setFlags(checkable)
                state = QtCore.Qt.CheckState.Checked if i in chosen else \
                    QtCore.Qt.CheckState.Unchecked
                item.setCheckState(state)
            widget.blockSignals(False)

    def _input_toggled(self, item: QtWidgets.QListWidgetItem) -> None:
        column = item.data(QtCore.Qt.ItemDataRole.UserRole)
        if item.checkState() == QtCore.Qt.CheckState.Checked:
            self._inputs.add(column)
        else:
            self._inputs.discard(column)
        self._roles_changed()

    def _target_toggled(self, item: QtWidgets.QListWidgetItem) -> None:
        self.set_target_column(item.data(QtCore.Qt.ItemDataRole.UserRole),
                               item.checkState() == QtCore.Qt.CheckState.Checked)

    def set_target_column(self, column: int, on: bool = True) -> None:
        """Make a column a target (the only one for classification) or stop it being one.

        A new target stops being an input; a numeric column that stops being the target
        becomes an input again.
        """
        was = set(self._targets)
        if on:
            keep = self._targets if self.problem_combo.currentData() == "regression" else []
            self._targets = sorted(set(keep) | {column})
        else:
            self._targets = [c for c in self._targets if c != column]
        numeric = self.table_data.numeric_columns
        for c in was - set(self._targets):
            if numeric[c]:
                self._inputs.add(c)
        self._inputs -= set(self._targets)
        self._guess_problem()
        self._roles_changed()

    def _roles_changed(self) -> None:
        self._sync_lists()
        self._check()

    def _problem_changed(self) -> None:
        self._problem_chosen = True
        self.one_hot_check.setEnabled(self.problem_combo.currentData() == "classification")
        self._check()

    # ----- checking and importing -----

    def _check(self) -> None:
        """Enable Import only when the current choices load (or, for a big file, may load)."""
        if self.table_data is None:
            return
        options = self.options()
        self._checked = None
        try:
            if not options["input_columns"]:
                raise ValidationError("csv.input_columns", "choose at least one input column")
            if not options["target_columns"]:
                raise ValidationError("csv.target_columns", "choose a target column")
            if not self._live:
                self._show_ok("The whole file is read and checked when you press Import.")
                return
            dataset = load_csv(self.path, **options)
        except ValidationError as err:
            self._show_error(str(err))
            return
        self._checked = (options, dataset)
        self._show_ok(self._describe(dataset))

    def _describe(self, ds: Dataset) -> str:
        n_in, n_out = ds.x_train.shape[1], ds.y_train.shape[1]
        rows = len(ds.x_train) + len(ds.x_test)
        text = (f"Ready: {rows} rows ({len(ds.x_train)} training, {len(ds.x_test)} test), "
                f"{n_in} input{'s' * (n_in != 1)} → {n_out} output{'s' * (n_out != 1)}")
        if ds.class_names:
            text += f"; classes: {', '.join(ds.class_names)}"
        delimiter = ds.params.get("delimiter")
        if self.delimiter_combo.currentData() is None and delimiter in DELIMITER_NAMES:
            self.delimiter_combo.setItemText(0, f"Auto ({DELIMITER_NAMES[delimiter]})")
        return text + "."

    def _show_error(self, message: str) -> None:
        self.error_label.setText(f"Cannot import: {message}")
        self.error_label.show()
        self.summary_label.clear()
        self.ok_button.setEnabled(False)
        bad = bad_cell(message, self.table_data, self._lines_exact)
        self._tint_table(bad)
        self.table.scroll_to_cell(bad)

    def _show_ok(self, summary: str) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self.summary_label.setText(summary)
        self.ok_button.setEnabled(True)
        self._tint_table()

    def accept(self) -> None:
        """Load with the current choices; on a refusal show why and stay open."""
        options = self.options()
        if self._checked is not None and self._checked[0] == options:
            dataset = self._checked[1]
        else:
            QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
            try:
                dataset = load_csv(self.path, **options)
            except ValidationError as err:
                self._show_error(str(err))
                return
            finally:
                QtWidgets.QApplication.restoreOverrideCursor()
        self.dataset = dataset
        self.source = dict(dataset.params)  # load_csv's own record of its arguments
        super().accept()


def import_csv(parent, path: str | Path) -> tuple[Dataset, dict] | None:
    """Run the import dialog modally: (dataset, session data section), or None if cancelled."""
    dialog = CsvImportDialog(path, parent)
    try:
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted or dialog.dataset is None:
            return None
        return dialog.dataset, dialog.source
    finally:
        dialog.deleteLater()
