"""The Data dock's controls: the dataset and its parameters, CSV import, input features.

Every control writes to the Session (``set_dataset``, ``set_data``, ``set_features``);
``refresh()`` sets them all back from the Session with their signals blocked, so showing
the state never edits it. A refused or cancelled change puts the Session's values back,
except for Regenerate, whose values stay on screen to be corrected.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from model.datasets import DATASETS, MAX_POINTS, MAX_TEST_RATIO, PROBLEMS
from model.features import DEFAULT_FEATURES, FEATURES
from widgets.number_field import IntField, RealField

CONTROL_POINTS = 11
MAX_SEED = 999_999  # any seed makes data; six digits keep the box narrow
NO_LAST_FEATURE = "At least one input feature is needed: the network must see something."


def _font(points: int, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


class DataControls(QtWidgets.QWidget):
    """Problem, dataset, points, noise, test ratio, seed, Regenerate, Import CSV, features."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._last_choice = {"classification": "circle", "regression": "plane"}
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._build_data_controls())
        layout.addLayout(self._build_feature_controls())
        self.refresh()

    def _control(self, widget: QtWidgets.QWidget, tip: str = "") -> QtWidgets.QWidget:
        widget.setFont(_font(CONTROL_POINTS))
        if tip:
            widget.setToolTip(tip)
        if isinstance(widget, QtWidgets.QComboBox):  # narrow docks: elide, do not widen
            widget.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(6)
        if isinstance(widget, QtWidgets.QAbstractSpinBox):
            widget.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)  # no wheel edits
        else:
            widget.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Space must reach the window
        return widget

    def _label(self, text: str, buddy: QtWidgets.QWidget) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text, self)
        label.setFont(_font(CONTROL_POINTS))
        label.setBuddy(buddy)
        return label

    def _build_data_controls(self) -> QtWidgets.QGridLayout:
        self.problem = self._control(QtWidgets.QComboBox(self), "Which kind of data to list")
        for problem in PROBLEMS:
            self.problem.addItem(problem.capitalize(), problem)
        self.dataset = self._control(QtWidgets.QComboBox(self), "A built-in dataset")
        self.points = self._control(IntField("Points", self), "Number of points (train + test)")
        self.noise = self._control(RealField("Noise", self),
                                   "Gaussian jitter σ, as a fraction of the box half-width")
        self.noise.setRange(0.0, 1.0)
        self.noise.setSingleStep(0.05)
        self.test_ratio = self._control(RealField("Test ratio", self),
                                        "Share of the points kept out of training")
        self.test_ratio.setRange(0.0, MAX_TEST_RATIO)
        self.test_ratio.setSingleStep(0.1)
        self.seed = self._control(IntField("Seed", self), "Random seed: same seed, same data")
        self.seed.setRange(0, MAX_SEED)
        self.regenerate = self._control(QtWidgets.QPushButton("Regenerate", self),
                                        "Make the dataset again with these values")
        self.import_button = self._control(QtWidgets.QPushButton("Import CSV…", self),
                                           "Use the rows of a CSV file as data")
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(3)
        cells = (("Problem", self.problem, 0, 0, 3), ("Data", self.dataset, 1, 0, 3),
                 ("Points", self.points, 2, 0, 1), ("Noise", self.noise, 2, 2, 1),
                 ("Test ratio", self.test_ratio, 3, 0, 1), ("Seed", self.seed, 3, 2, 1))
        for text, widget, row, col, span in cells:  # the combos get the full width
            grid.addWidget(self._label(text, widget), row, col)
            grid.addWidget(widget, row, col + 1, 1, span)
        grid.addWidget(self.regenerate, 4, 0, 1, 2)
        grid.addWidget(self.import_button, 4, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.problem.currentIndexChanged.connect(self._problem_chosen)
        self.dataset.currentIndexChanged.connect(self._dataset_chosen)
        self.regenerate.clicked.connect(self._regenerate_clicked)
        self.import_button.clicked.connect(self.import_csv)
        return grid

    def _build_feature_controls(self) -> QtWidgets.QGridLayout:
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        title = QtWidgets.QLabel("Input features", self)
        title.setFont(_font(CONTROL_POINTS, bold=True))
        grid.addWidget(title, 0, 0, 1, 4)
        self.feature_boxes: dict[str, QtWidgets.QCheckBox] = {}
        for i, (key, (label, _fn)) in enumerate(FEATURES.items()):
            box = self._control(QtWidgets.QCheckBox(label, self))
            box.toggled.connect(lambda _on, k=key: self._feature_toggled(k))
            grid.addWidget(box, 1 + i // 4, i % 4)
            self.feature_boxes[key] = box
        return grid

    def refresh(self) -> None:
        """Every control from the Session (signals blocked: no edit echoes back)."""
        spec = self.session.spec
        data, source = spec.data, spec.data_source
        name = source.get("dataset")
        builtin = DATASETS.get(name)
        if builtin is not None:
            self._last_choice[builtin.problem] = name
        controls = (self.problem, self.dataset, self.points, self.noise, self.test_ratio,
                    self.seed, *self.feature_boxes.values())
        blockers = [QtCore.QSignalBlocker(w) for w in controls]
        self.problem.setCurrentIndex(max(0, self.problem.findData(data.problem)))
        self._fill_datasets(data.problem, name, source)
        n_rows = len(data.x_train) + len(data.x_test)
        params = {"n_points": n_rows, "noise": 0.0, "test_ratio": len(data.x_test) / n_rows,
                  "seed": 0}  # a file's values, shown greyed
        if builtin is not None:
            params.update(builtin.defaults)
        params.update({k: v for k, v in {**source, **data.params}.items() if k in params})
        self.points.setRange(1, (builtin.n_available or MAX_POINTS) if builtin else n_rows)
        self.points.setValue(int(params["n_points"]))
        self.noise.setValue(float(params["noise"]))
        self.test_ratio.setValue(float(params["test_ratio"]))
        self.seed.setValue(int(params["seed"]))
        fixed = builtin is not None and builtin.n_available is not None
        self.points.setEnabled(builtin is not None and (not fixed or builtin.subsample))
        self.noise.setEnabled(builtin is not None and not fixed)
        self.noise.setToolTip("Fixed data takes no noise" if fixed else
                              "Gaussian jitter σ, as a fraction of the box half-width")
        for w in (self.test_ratio, self.seed, self.regenerate):
            w.setEnabled(builtin is not None)
        self.regenerate.setToolTip("Make the dataset again with these values" if builtin else
                                   "Regenerate makes built-in datasets; import the file "
                                   "again to change it")

        checked = (spec.features or DEFAULT_FEATURES) if spec.plane_data is not None else ()
        for key, box in self.feature_boxes.items():
            box.setEnabled(spec.plane_data is not None)
            box.setChecked(key in checked)
            box.setToolTip(NO_LAST_FEATURE if key in checked and len(checked) == 1 else
                           f"Feed {FEATURES[key][0]} to the network as an input"
                           if spec.plane_data is not None else
                           f"Features are computed from 2 inputs (x₁, x₂); this data has "
                           f"{data.x_train.shape[1]}")
        del blockers

    def _fill_datasets(self, problem: str, current: str | None, source: dict) -> None:
        self.dataset.clear()
        if current not in DATASETS:
            where = source.get("csv")
            self.dataset.addItem(f"File: {Path(where).name}" if where else "Data in the session",
                                 None)
            self.dataset.setItemData(0, where or "Inputs and targets stored in the session file",
                                     QtCore.Qt.ItemDataRole.ToolTipRole)
        for name, ds in DATASETS.items():
            if ds.problem == problem:
                self.dataset.addItem(name, name)
                self.dataset.setItemData(self.dataset.count() - 1, ds.description,
                                         QtCore.Qt.ItemDataRole.ToolTipRole)
        self.dataset.setCurrentIndex(max(0, self.dataset.findData(current)))

    def _problem_chosen(self, _index: int) -> None:
        problem = self.problem.currentData()
        name = self._last_choice.get(problem) or next(
            n for n, ds in DATASETS.items() if ds.problem == problem)
        self._use_dataset(name)

    def _dataset_chosen(self, _index: int) -> None:
        name = self.dataset.currentData()
        if name is not None:
            self._use_dataset(name)

    def _use_dataset(self, name: str) -> None:
        """A dataset picked from the menu: its default size and noise, the seed shown."""
        if not self.session.set_dataset(name, seed=self.seed.value()):
            self.refresh()  # refused or cancelled: show what is in force

    def _regenerate_clicked(self) -> None:
        """The chosen dataset again with the values shown (kept on screen if refused)."""
        name = self.dataset.currentData()
        if name is None:
            return
        self.session.set_dataset(
            name, n_points=self.points.value() if self.points.isEnabled() else None,
            noise=self.noise.value() if self.noise.isEnabled() else None,
            test_ratio=round(self.test_ratio.value(), 6), seed=self.seed.value())

    def import_csv(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Import CSV", "", "CSV files (*.csv *.tsv *.txt);;All files (*)")
        if not path:
            return
        from widgets import csv_dialog  # the import dialog and its parser: when first used

        result = csv_dialog.import_csv(self, path)
        if result is not None:
            self.session.set_data(*result)

    def _feature_toggled(self, key: str) -> None:
        keys = [k for k, box in self.feature_boxes.items() if box.isChecked()]
        if not keys:  # refused in place: the last feature stays checked
            box = self.feature_boxes[key]
            with QtCore.QSignalBlocker(box):
                box.setChecked(True)
            QtWidgets.QToolTip.showText(box.mapToGlobal(box.rect().bottomLeft()),
                                        NO_LAST_FEATURE, box)
            return
        if not self.session.set_features(keys):
            self.refresh()
