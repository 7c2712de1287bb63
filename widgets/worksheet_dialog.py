"""File → Export worksheet…: the options of ``main.py worksheet`` with a preview of the pages
as they print, then a PDF (and, if asked, the key as JSON) written where the user says.

The dialog is given the session to make the sheet from (``SessionSpec``) and its title; it
knows no window. The preview is the pages drawn by widgets.worksheet_pdf at screen size,
redrawn a moment after an option changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.worksheet_command import spec_worksheet, write_key
from model.errors import ValidationError
from model.questions import QUESTION_KINDS
from model.session_file import SessionSpec
from model.worksheet import KIND_TITLES, MAX_SEED, MAX_VARIANTS, Worksheet
from widgets.number_field import IntField
from widgets.screen_fit import window_screen
from widgets.worksheet_pdf import page_images, write_pdf

PAPER_NAMES = (("a4", "A4"), ("letter", "Letter"))
PREVIEW_ZOOM = 0.9  # pixels per point in the preview


class WorksheetDialog(QtWidgets.QDialog):
    """Variants, seed, kinds of question, paper; the pages previewed; Save writes."""

    def __init__(self, spec: SessionSpec, title: str, parent=None, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Export worksheet")
        available = window_screen(parent or self).availableGeometry()
        self.resize(min(900, available.width() - 40), min(760, available.height() - 60))
        self.spec, self.title = spec, title
        self.folder = folder or str(Path.home())
        self.sheet: Worksheet | None = None
        self.written: list[Path] = []
        self.variants, self.seed = IntField("Sheets"), IntField("Seed")
        self.variants.setRange(1, MAX_VARIANTS)
        self.seed.setRange(0, min(MAX_SEED, 2**31 - 1))
        self.seed.setToolTip("Seed 0: the session's own numbers; any other seed draws fresh "
                             "ones. Sheet i has seed S+i−1.")
        self.paper = QtWidgets.QComboBox()
        for key, name in PAPER_NAMES:
            self.paper.addItem(name, key)
        self.kinds = {k: QtWidgets.QCheckBox(KIND_TITLES[k]) for k in QUESTION_KINDS}
        self.with_key = QtWidgets.QCheckBox("Also write the answer key as JSON")
        self.problem = QtWidgets.QLabel()
        self.problem.setObjectName("worksheet_problem")
        self.problem.setStyleSheet("color: #b00020")
        self.pages = QtWidgets.QVBoxLayout()
        self._layout()
        self._timer = QtCore.QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        for box in (self.variants, self.seed):
            box.valueChanged.connect(self._timer.start)
        self.paper.currentIndexChanged.connect(self._timer.start)
        for check in self.kinds.values():
            check.setChecked(True)
            check.toggled.connect(self._timer.start)
        self.refresh()

    def _layout(self) -> None:
        form = QtWidgets.QFormLayout()
        form.addRow("Sheets (variants)", self.variants)
        form.addRow("Seed", self.seed)
        form.addRow("Paper", self.paper)
        kinds = QtWidgets.QGridLayout()
        for i, check in enumerate(self.kinds.values()):
            kinds.addWidget(check, i // 3, i % 3)
        form.addRow("Questions", kinds)
        form.addRow("", self.with_key)
        holder = QtWidgets.QWidget()
        holder.setLayout(self.pages)
        self.pages.setAlignment(QtCore.Qt.AlignmentFlag.AlignHCenter)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setObjectName("worksheet_preview")
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save PDF…",
                                             QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save_dialog)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def chosen_kinds(self) -> tuple[str, ...]:
        return tuple(k for k, check in self.kinds.items() if check.isChecked())

    def refresh(self) -> None:
        """Make the sheet for the options and redraw the preview (or say why not)."""
        while self.pages.count():
            item = self.pages.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.sheet = None
        try:
            if not self.chosen_kinds():
                raise ValidationError("Questions", "choose at least one kind of step")
            self.sheet = spec_worksheet(self.spec, self.title, self.variants.value(),
                                        self.seed.value(), self.chosen_kinds())
        except ValidationError as err:
            self.problem.setText(str(err))
            self.problem.show()
            self.save_button.setEnabled(False)
            return
        self.problem.hide()
        self.save_button.setEnabled(True)
        for image in page_images(self.sheet, self.paper.currentData(), PREVIEW_ZOOM):
            page = QtWidgets.QLabel()
            page.setPixmap(QtGui.QPixmap.fromImage(image))
            page.setStyleSheet("border: 1px solid #999")
            self.pages.addWidget(page)

    def save(self, path: str | Path) -> list[Path]:
        """Write the PDF (and the key beside it, K = the PDF's name with .json)."""
        if self._timer.isActive():
            self._timer.stop()
            self.refresh()
        if self.sheet is None:
            raise ValidationError("", self.problem.text())
        pdf = Path(path).with_suffix(".pdf")
        written = [write_pdf(self.sheet, pdf, self.paper.currentData())]
        if self.with_key.isChecked():
            key = pdf.with_name(pdf.stem + "-key.json")
            write_key(self.sheet, key)
            written.append(key)
        self.written = written
        self.folder = str(pdf.parent)
        return written

    def save_dialog(self) -> None:
        start = str(Path(self.folder) / "worksheet.pdf")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save worksheet", start,
                                                        "PDF (*.pdf)")
        if not path:
            return
        try:
            self.save(path)
        except (ValidationError, OSError) as err:
            QtWidgets.QMessageBox.warning(self, "Cannot save the worksheet", str(err))
            return
        self.accept()


def sheet_title(window) -> str:
    """The open lesson's title, else the session file's name (or "XOR demo" unsaved)."""
    lesson = window.lesson_player.lesson
    if lesson is not None:
        return lesson.title
    path = window.session.spec.path
    return Path(path).stem.replace("_", " ") if path is not None else "Backprop Studio session"


def export_worksheet(window) -> WorksheetDialog:
    """File → Export worksheet…: the dialog on the session as it stands now."""
    window.session.stop()
    dialog = WorksheetDialog(window.session.current_spec(), sheet_title(window), window,
                             folder=window.export_folder)
    dialog.setObjectName("worksheet_dialog")
    if dialog.exec() and dialog.written:
        window.export_folder = dialog.folder
        window.statusBar().showMessage(
            "Worksheet written to " + " and ".join(str(p) for p in dialog.written), 6000)
    return dialog
