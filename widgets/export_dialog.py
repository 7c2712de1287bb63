"""File → Export: a picture of the diagram, the window or a dock for slides; or a range of
steps as numbered PNG frames or an animated GIF.

The dialog knows no window: it is given the exportable widgets by name and, for ranges, an
``widgets.export.StepSource`` (the session's steps or the open lesson's). It moves over the
range itself and puts the step shown back afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from model.errors import ValidationError
from widgets import export
from widgets.number_field import IntField

FORMATS = (  # (key, label, suffix)
    ("png", "PNG image", ".png"),
    ("svg", "SVG (vectors)", ".svg"),
    ("frames", "PNG frames, one per step", ".png"),
    ("gif", "Animated GIF, one frame per step", ".gif"),
)
SEQUENCES = ("frames", "gif")
TITLES = {"diagram": "Network diagram", "window": "Whole window", "lesson": "Lesson view"}


class ExportDialog(QtWidgets.QDialog):
    """Choose what, format, scale and (for sequences) the steps; ``export()`` writes."""

    def __init__(self, targets: dict[str, QtWidgets.QWidget],
                 steps: export.StepSource | None = None, parent=None, folder: str = "",
                 presenting: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(520)
        self.targets = dict(targets)
        self.steps = steps
        self.presenting = presenting
        self.folder = folder or str(Path.home())
        self.written: list[Path] = []
        form = QtWidgets.QFormLayout()
        self._build_picture_rows(form)
        self._build_range_rows(form)
        self._build_file_row(form)

        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(
            "Export", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._export_clicked)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        for combo in (self.what, self.format):
            combo.currentIndexChanged.connect(self._refresh)
        self._refresh()

    def _build_picture_rows(self, form: QtWidgets.QFormLayout) -> None:
        """What, format, scale, transparency."""
        self.what = QtWidgets.QComboBox()
        for name in self.targets:
            self.what.addItem(TITLES.get(name, f"{name.capitalize()} panel"), name)
        form.addRow("What:", self.what)

        self.format = QtWidgets.QComboBox()
        for key, label, _suffix in FORMATS:
            if key in SEQUENCES and self.steps is None:
                continue
            self.format.addItem(label, key)
        form.addRow("Format:", self.format)

        self.scale = QtWidgets.QComboBox()
        for s in export.SCALES:
            self.scale.addItem(f"{s:g}×", s)
        self.scale.setCurrentIndex(1)
        form.addRow("Scale:", self.scale)

        self.transparent = QtWidgets.QCheckBox("Transparent background (the diagram only)")
        form.addRow("", self.transparent)
        # While presenting, the pictures look like the screen (projector type and colours);
        # unchecked, the diagram is drawn in the desk's style (panels are always as shown).
        self.as_shown = QtWidgets.QCheckBox("As presented: projector type and colours")
        self.as_shown.setChecked(self.presenting)
        self.as_shown.setVisible(self.presenting)
        form.addRow("", self.as_shown)

    def _build_range_rows(self, form: QtWidgets.QFormLayout) -> None:
        """The steps of a sequence, its frame delay and caption strip."""
        steps = self.steps
        unit = (steps.label if steps else "Step").lower()
        self.first, self.last = IntField(f"First {unit}"), IntField(f"Last {unit}")
        count = steps.count if steps is not None else 1
        for box in (self.first, self.last):
            box.setRange(1, max(count, 1))
        if steps is not None:
            self.first.setValue(steps.current())
            self.last.setValue(count)
        span = QtWidgets.QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QtWidgets.QLabel("to"))
        span.addWidget(self.last)
        span.addWidget(QtWidgets.QLabel(f"of {count}"), 1)
        self.range_label = QtWidgets.QLabel(f"{steps.label if steps else 'Step'}s:")
        form.addRow(self.range_label, span)

        self.delay = IntField("Delay per frame")
        self.delay.setRange(export.MIN_DELAY_MS, export.MAX_DELAY_MS)
        self.delay.setSingleStep(100)
        self.delay.setSuffix(" ms")
        self.delay.setValue(800)
        form.addRow("Delay per frame:", self.delay)
        self.caption = QtWidgets.QCheckBox("Caption strip under each frame")
        form.addRow("", self.caption)

    def _build_file_row(self, form: QtWidgets.QFormLayout) -> None:
        self.path = QtWidgets.QLineEdit()
        browse = QtWidgets.QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File:", row)

    # --- reading the controls -----------------------------------------------------------

    def kind(self) -> str:
        return self.format.currentData()

    def target_name(self) -> str:
        return self.what.currentData()

    def suffix(self) -> str:
        return next(s for k, _label, s in FORMATS if k == self.kind())

    def set_choice(self, what: str, kind: str) -> None:
        """Pick the target and format by key (for the window's shortcuts and tests)."""
        self.what.setCurrentIndex(self.what.findData(what))
        self.format.setCurrentIndex(self.format.findData(kind))

    def _refresh(self) -> None:
        kind, what = self.kind(), self.target_name()
        sequence = kind in SEQUENCES
        self.scale.setEnabled(kind != "svg")
        self.transparent.setEnabled(what == "diagram" and kind in ("png", "frames"))
        if not self.transparent.isEnabled():
            self.transparent.setChecked(False)
        for w in (self.first, self.last, self.range_label):
            w.setEnabled(sequence)
        self.delay.setEnabled(kind == "gif")
        self.caption.setEnabled(kind == "gif")
        # the diagram's headline and the window's step bar or caption bar say it already
        self.caption.setChecked(kind == "gif" and what not in ("diagram", "window"))
        text = self.path.text().strip()
        path = Path(text) if text else Path(self.folder) / what
        if path.stem in self.targets:  # a name the dialog made: follow the target
            path = path.with_name(what)
        self.path.setText(str(path.with_suffix(self.suffix())))

    def _browse(self) -> None:
        label = next(label for k, label, _s in FORMATS if k == self.kind())
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), f"{label} (*{self.suffix()})")
        if path:
            self.path.setText(str(Path(path).with_suffix(self.suffix())))

    # --- writing ------------------------------------------------------------------------

    def export(self) -> list[Path]:
        """Write what the controls say; returns the files written ([] when cancelled).
        Bad choices raise ValidationError; the step shown is restored after a sequence."""
        kind, widget = self.kind(), self.targets[self.target_name()]
        path = Path(self.path.text().strip()).with_suffix(self.suffix())
        if not path.parent.is_dir():
            raise ValidationError("File", f"{path}: folder {path.parent} does not exist")
        scale = float(self.scale.currentData())
        transparent = self.transparent.isEnabled() and self.transparent.isChecked()
        first, last = self.first.value(), self.last.value()
        if kind in SEQUENCES and first > last:
            raise ValidationError("Steps", f"from {first} is after to {last}")
        diagram = self.targets.get("diagram")
        style = getattr(diagram, "set_exports_as_shown", None)
        before = getattr(diagram, "exports_as_shown", False)
        if style is not None and self.presenting:
            style(self.as_shown.isChecked())
        try:
            if kind == "png":
                return [export.export_png(widget, path, scale, transparent)]
            if kind == "svg":
                return [export.export_svg(widget, path)]
            return self._sequence(kind, widget, path, first, last, scale, transparent)
        finally:
            if style is not None:
                style(before)

    def _sequence(self, kind, widget, path, first, last, scale, transparent) -> list[Path]:
        steps, count = self.steps, last - first + 1
        shown = steps.current()
        dialog = QtWidgets.QProgressDialog("Exporting frames…", "Cancel", 0, count, self)
        dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> bool:
            dialog.setValue(done)
            dialog.setLabelText(f"Frame {min(done + 1, total)} of {total}…")
            QtWidgets.QApplication.processEvents()
            return not dialog.wasCanceled()

        def advance(i: int) -> None:
            steps.go_to(first + i)

        def grab() -> QtGui.QImage:
            QtWidgets.QApplication.processEvents()
            return export.widget_image(widget, scale, transparent)

        def caption() -> tuple[str, str]:
            return steps.caption(), f"{steps.label.lower()} {steps.current()} of {steps.count}"

        try:
            if kind == "frames":
                return export.export_frames(advance, grab, count,
                                            export.frame_pattern(path), progress)
            frames = export.grab_steps(advance, grab, count, progress)
            strip = caption if self.caption.isChecked() else None
            return [export.export_gif(frames, path, self.delay.value(), strip, count)]
        except export.ExportCancelled:
            return []
        finally:
            dialog.close()
            steps.go_to(shown)

    def _export_clicked(self) -> None:
        try:
            self.written = self.export()
        except (ValidationError, OSError) as err:
            QtWidgets.QMessageBox.warning(self, "Cannot export", str(err))
            return
        if self.written:
            self.folder = str(self.written[0].parent)
            self.accept()
