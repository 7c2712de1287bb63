"""The Confusion matrix dock: which true class the network predicts as which (classification).

Rows are the true classes, columns the predicted ones (model.confusion), on the training or
the test set, as counts or row-normalised (each row's share: what becomes of that class),
for the parameters the cursor shows, redrawn as training runs (throttled as the other
docks). Clicking a cell highlights its samples: the Data dock rings them on the input
plane (through ``Session.highlight_samples``), and for image data (digits) this dock lists
their images. Hover says the cell in words.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from app.insight import confusion_at
from model.confusion import Confusion
from model.notation import formatted
from widgets.dock_panel import DockPanel
from widgets.insight_style import (
    LABEL_POINTS,
    READOUT_POINTS,
    style_plot,
)
from widgets.plot_style import INK, TICK_POINTS, font
from widgets.throttle import TRAINING_REFRESH_MS

REDRAW_INTERVAL_MS = 100
MAX_CELL_TEXT = 20  # classes up to which every cell shows its number
MAX_IMAGES = 60  # images listed for one cell
THUMB_PX = 48
# White → the diverging map's blue: one hue, so more is darker (sequential, as counts are).
CELL_LUT = np.stack([np.linspace(255, c, 256) for c in (33, 102, 172)], axis=1).astype(np.uint8)


def class_labels(data, k: int) -> list[str]:
    names = data.class_names if data.class_names and len(data.class_names) >= k else None
    return list(names[:k]) if names else [str(i) for i in range(k)]


class ConfusionPanel(DockPanel):
    """Part and mode switches, the matrix, and the samples of the cell clicked."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent, follows=("reset", "changed"),
                         interval_ms=REDRAW_INTERVAL_MS, training_ms=TRAINING_REFRESH_MS,
                         skip_hidden=True)
        self.matrix: Confusion | None = None
        self.cell: tuple[int, int] | None = None  # the cell clicked (true, predicted)
        controls = self._build_controls()
        self.summary = self._text_label("confusionSummary")
        self._build_matrix()
        self.cell_words = self._text_label("confusionCell")
        self.samples = QtWidgets.QListWidget(self)
        self.samples.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.samples.setIconSize(QtCore.QSize(THUMB_PX, THUMB_PX))
        self.samples.setFont(font(TICK_POINTS))
        self.samples.setMaximumHeight(2 * THUMB_PX + 44)
        self.samples.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.samples.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.cell_words)
        layout.addWidget(self.samples)
        self.start()

    def _build_controls(self) -> QtWidgets.QGridLayout:
        """Training or test set, counts or row-normalised: two rows (the dock shares the
        bottom of the window with others)."""
        self.test_part = QtWidgets.QRadioButton("test set", self)
        self.train_part = QtWidgets.QRadioButton("training set", self)
        self.train_part.setChecked(True)
        self.normalised = QtWidgets.QCheckBox("row-normalised", self)
        self.normalised.setToolTip("Each row divided by its class's number of samples: the "
                                   "share of class i predicted as j")
        row = QtWidgets.QGridLayout()
        for i, w in enumerate((self.train_part, self.test_part, self.normalised)):
            w.setFont(font(LABEL_POINTS))
            w.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Space must reach the window
            row.addWidget(w, i // 2, i % 2)
        row.setColumnStretch(2, 1)
        self.train_part.toggled.connect(lambda _on: self._part_changed())
        self.normalised.toggled.connect(lambda _on: self.flush_now())
        return row

    def _build_matrix(self) -> None:
        """The plot: the cells' image, their numbers (made when drawn), the clicked cell's
        outline; clicks and hovers on it."""
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setBackground("w")
        self.view.setMinimumHeight(180)
        self.plot = self.view.addPlot()
        style_plot(self.plot)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)  # true class 1 at the top, as the matrix is written
        self.plot.setAspectLocked(True)
        for name, label in (("left", "true class"), ("bottom", "predicted class")):
            self.plot.getAxis(name).setLabel(label, **{"font-size": f"{LABEL_POINTS}pt",
                                                       "color": INK})
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(CELL_LUT)
        self.plot.addItem(self.image)
        self.outline = QtWidgets.QGraphicsRectItem()
        pen = pg.mkPen("#b2182b", width=3)
        pen.setCosmetic(True)
        self.outline.setPen(pen)
        self.outline.setVisible(False)
        self.plot.addItem(self.outline)
        self.texts: list[pg.TextItem] = []
        self.view.scene().sigMouseClicked.connect(self._clicked)
        self.view.scene().sigMouseMoved.connect(self._moved)

    def _text_label(self, name: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self)
        label.setObjectName(name)
        label.setFont(font(READOUT_POINTS))
        label.setWordWrap(True)
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @property
    def part(self) -> str:
        return "train" if self.train_part.isChecked() else "test"

    def flush_now(self) -> None:
        self._pending.add("changed")
        self.flush()

    # --- following the Session ----------------------------------------------------------

    def rebuild(self) -> None:
        data = self.session.spec.data
        classify = data.problem == "classification"
        self.test_part.setEnabled(classify and len(data.x_test) > 0)
        if not self.test_part.isEnabled():
            self.train_part.setChecked(True)
        self.select_cell(None)

    def redraw(self, what: frozenset[str]) -> None:
        self.matrix = confusion_at(self.session, self.part)
        self.view.setVisible(self.matrix is not None)
        if self.matrix is None:
            data = self.session.spec.data
            self.summary.setText("A confusion matrix needs a classification problem; this "
                                 "one is a regression." if data.problem != "classification"
                                 else "No test data in this session.")
            return
        self._draw_matrix(self.matrix)
        if self.cell is not None:
            self.select_cell(self.cell, announce=False)

    def _draw_matrix(self, m: Confusion) -> None:
        k = m.n_classes
        values = self.shown_values()
        self.image.setImage(np.nan_to_num(values / max(np.nanmax(values), 1e-300)
                                          if not self.normalised.isChecked()
                                          else values, nan=0.0),
                            levels=(0.0, 1.0), autoLevels=False)
        self.image.setRect(QtCore.QRectF(-0.5, -0.5, k, k))
        labels = class_labels(self.session.spec.data, k)
        ticks = [[(i, label) for i, label in enumerate(labels)], []]
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTicks(ticks)
        self.plot.setRange(xRange=(-0.5, k - 0.5), yRange=(-0.5, k - 0.5), padding=0.02)
        self._cell_texts(values, k)
        where = "training set" if self.part == "train" else "test set"
        extra = (f" · {m.unpredicted:,} outputs not finite (no prediction)"
                 if m.unpredicted else "")
        self.summary.setText(f"accuracy {formatted(m.accuracy, '.1%')} on the {where} "
                             f"({len(m.true):,} samples){extra} · click a cell for its samples")

    def shown_values(self) -> np.ndarray:
        """The numbers in the cells: counts, or each row's shares when row-normalised."""
        assert self.matrix is not None
        return (self.matrix.normalised() if self.normalised.isChecked()
                else self.matrix.counts.astype(float))

    def cell_text(self, i: int, j: int) -> str:
        v = self.shown_values()[i, j]
        if self.normalised.isChecked():
            return "—" if np.isnan(v) else formatted(v, ".0%")
        return f"{int(v):,}"

    def _cell_texts(self, values: np.ndarray, k: int) -> None:
        wanted = k * k if k <= MAX_CELL_TEXT else 0
        while len(self.texts) < wanted:
            t = pg.TextItem(anchor=(0.5, 0.5))
            t.setFont(font(TICK_POINTS, bold=True))
            self.plot.addItem(t)
            self.texts.append(t)
        for n, t in enumerate(self.texts):
            t.setVisible(n < wanted)
        top = np.nanmax(values) if values.size else 0
        for n in range(wanted):
            i, j = divmod(n, k)
            dark = top > 0 and values[i, j] > 0.55 * (top if not self.normalised.isChecked()
                                                       else 1.0)
            self.texts[n].setText(self.cell_text(i, j), color="w" if dark else INK)
            self.texts[n].setPos(j, i)

    # --- cells ------------------------------------------------------------------------------

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        if self.matrix is None or not self.plot.getViewBox().sceneBoundingRect().contains(
                scene_pos):
            return None
        p = self.plot.getViewBox().mapSceneToView(scene_pos)
        j, i = int(np.floor(p.x() + 0.5)), int(np.floor(p.y() + 0.5))
        k = self.matrix.n_classes
        return (i, j) if 0 <= i < k and 0 <= j < k else None

    def cell_words_for(self, i: int, j: int) -> str:
        assert self.matrix is not None
        labels = class_labels(self.session.spec.data, self.matrix.n_classes)
        count = int(self.matrix.counts[i, j])
        of = int(np.sum(self.matrix.true == i))
        name = f"class {labels[i]}" if labels[i].isdigit() else labels[i]
        share = f" ({formatted(count / of, '.1%')} of {name})" if of else ""
        return f"true {labels[i]}, predicted {labels[j]}: {count:,} samples{share}"

    def select_cell(self, cell: tuple[int, int] | None, announce: bool = True) -> None:
        """Highlight the samples of cell (true, predicted) everywhere; None: none."""
        self.cell = cell
        if cell is None or self.matrix is None:
            self.outline.setVisible(False)
            self.samples.hide()
            self.cell_words.setText("")
            if announce and self.session.highlight is not None:
                self.session.highlight_samples(None)
            return
        i, j = cell
        rows = self.matrix.rows(i, j)
        self.outline.setRect(QtCore.QRectF(j - 0.5, i - 0.5, 1, 1))
        self.outline.setVisible(True)
        words = self.cell_words_for(i, j)
        self.cell_words.setText(words + self._rows_words(rows))
        self.session.highlight_samples(self.part, rows, words)
        self._list_images(rows)

    def _rows_words(self, rows: np.ndarray) -> str:
        data = self.session.spec.data
        if self.session.spec.plane_data is not None:
            return " · ringed in the Data dock"
        if data.image_shape is not None or not len(rows):
            return ""
        shown = ", ".join(str(r + 1) for r in rows[:20])
        return f" · rows {shown}" + (f" … (+{len(rows) - 20} more)" if len(rows) > 20 else "")

    def _list_images(self, rows: np.ndarray) -> None:
        data = self.session.spec.data
        self.samples.clear()
        if data.image_shape is None or not len(rows):
            self.samples.hide()
            return
        x = data.x_train if self.part == "train" else data.x_test
        for r in rows[:MAX_IMAGES]:
            item = QtWidgets.QListWidgetItem(QtGui.QIcon(_thumbnail(x[r], data.image_shape)),
                                             f"{r + 1}")
            item.setToolTip(f"{'training' if self.part == 'train' else 'test'} row {r + 1}")
            self.samples.addItem(item)
        if len(rows) > MAX_IMAGES:
            self.samples.addItem(f"+{len(rows) - MAX_IMAGES:,} more")
        self.samples.show()

    def _part_changed(self) -> None:
        self.select_cell(None)
        self.flush_now()

    def _clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            self.select_cell(None if cell == self.cell else cell)

    def _moved(self, pos) -> None:
        cell = self.cell_at(pos)
        if cell is not None:
            self.view.setToolTip(self.cell_words_for(*cell))


def _thumbnail(values: np.ndarray, shape: tuple[int, int]) -> QtGui.QPixmap:
    """An image sample as a small grey picture, ink dark (as the Data dock draws it)."""
    v = np.asarray(values, dtype=float).reshape(shape)
    low, high = min(0.0, float(v.min())), max(1.0, float(v.max()))
    pixels = np.ascontiguousarray(255 - np.rint(255 * (v - low) / (high - low)).astype(np.uint8))
    h, w = pixels.shape
    image = QtGui.QImage(pixels.data, w, h, w, QtGui.QImage.Format.Format_Grayscale8).copy()
    return QtGui.QPixmap.fromImage(image).scaled(
        THUMB_PX, THUMB_PX, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        QtCore.Qt.TransformationMode.FastTransformation)

