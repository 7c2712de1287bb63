"""The matrices dock: each layer's weights, biases and their gradients as heatmaps.

Per non-input layer l, two rows: W^l beside b^l with one colour bar (the layer's
parameters), and ∂C/∂W^l beside ∂C/∂b^l with another. Cell (j, k) is row j (neuron j of
layer l) and column k (neuron k of layer l−1), row 0 at the top, centred at view
coordinates (k, j). Colours use the app's diverging map on a symmetric scale per row; the
gradients stay hatched until the gradients step computes them. NaN and ±inf show magenta
through the image (the image draws them transparent over a magenta underlay).
Hovering a cell names it in words and tells the Session which edge is under the mouse;
clicking selects it; the selected and hovered edges are outlined in both matrices.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import edge_words, indexed, neuron_words, num, short, symbol
from model.trace import STEP_KINDS, StepKind
from widgets.colormap import DIVERGING_LUT, NON_FINITE_RGB, Scale
from widgets.dock_panel import DockPanel
from widgets.throttle import TRAINING_REFRESH_MS

INK = "#1a1a1a"
MUTED = "#555555"
TICK_POINTS = 11
TITLE_POINTS = 12
HOVER_POINTS = 13
HEADING_POINTS = 14
CELL_PX = 26  # preferred height of one matrix row on screen
MIN_DATA_PX, MAX_DATA_PX = 80, 260  # 80: room for the rotated "j (layer l)"
BIAS_WIDTH = 72
BAR_AXIS_PX = 68
BOTTOM_AXIS_PX = 50  # the same for W and b, so their rows line up
CONVENTION = ("Row j: neuron j of layer l; column k: neuron k of layer l−1; both count from 1, "
              "so W⁽ˡ⁾[j][k] is wⱼₖ⁽ˡ⁾. Orange < 0 < blue; magenta: not a number.")
IDLE_TEXT = "Hover a cell for its value; click a weight to select its edge."
GRADIENTS_AT = STEP_KINDS.index(StepKind.GRADIENTS)


def colour_map() -> pg.ColorMap:
    return pg.ColorMap(np.linspace(0, 1, len(DIVERGING_LUT)), DIVERGING_LUT)


def symmetric_levels(*arrays: np.ndarray) -> tuple[float, float]:
    """(−m, m) with m the largest finite |value| of all ``arrays`` (the colour scale)."""
    scale = Scale.symmetric(np.concatenate([np.ravel(a) for a in arrays]))
    return scale.low, scale.high


def index_ticks(n: int, max_ticks: int) -> list[tuple[float, str]]:
    """Neuron numbers (from 1, as everywhere people read them) at cell centres: 1 and then
    every round step (1, 5, 10, …), so at most ``max_ticks`` show; cell i is neuron i + 1."""
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9)
                if (n if s == 1 else 1 + n // s) <= max(max_ticks, 1))
    numbers = range(1, n + 1) if step == 1 else [1, *range(step, n + 1, step)]
    return [(i - 1, str(i)) for i in numbers]


def _compact_ticks(values, _scale, _spacing) -> list[str]:
    return [short(v) if abs(v) > 1e-15 else "0" for v in values]  # 1e-15: a tick at 0


def _font(points: int, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _title(plot: pg.PlotItem, text: str, colour: str) -> None:
    """Set a plot's title only when it changes: each setTitle lays out rich text (~1 ms)."""
    if getattr(plot, "_shown_title", None) != (text, colour):
        plot._shown_title = (text, colour)
        plot.setTitle(text, size=f"{TITLE_POINTS}pt", color=colour)


def _pen(width: float, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
    pen = pg.mkPen(INK, width=width, style=style)
    pen.setCosmetic(True)
    return pen


class Heatmap:
    """One matrix in its own plot: the image, its magenta underlay and two outline marks."""

    def __init__(self, plot: pg.PlotItem, cmap: pg.ColorMap, row_label: str, col_label: str,
                 missing: str):
        self.plot = plot
        self.values = np.zeros((0, 0))
        self.missing = missing  # what the hatch says while the numbers do not exist yet
        plot.invertY(True)  # row 0 at the top, as a matrix is written
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.getViewBox().disableAutoRange()
        for name, label in (("left", row_label), ("bottom", col_label)):
            axis = plot.getAxis(name)
            axis.setTickFont(_font(TICK_POINTS))
            axis.setPen(pg.mkPen(INK))
            axis.setTextPen(pg.mkPen(INK))
            axis.enableAutoSIPrefix(False)
            if name == "bottom":
                axis.setHeight(BOTTOM_AXIS_PX)
            if label:
                axis.setLabel(label, **{"font-size": f"{TICK_POINTS}pt", "color": INK})
        self.underlay = QtWidgets.QGraphicsRectItem()
        self.underlay.setBrush(QtGui.QColor(*NON_FINITE_RGB))
        self.underlay.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.hatch = QtWidgets.QGraphicsRectItem()
        self.hatch.setBrush(QtGui.QBrush(QtGui.QColor("#9a9a9a"),
                                         QtCore.Qt.BrushStyle.BDiagPattern))
        self.hatch.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.note = pg.TextItem(missing, color=MUTED, anchor=(0.5, 0.5),
                                fill=pg.mkBrush(255, 255, 255, 230))
        self.note.setFont(_font(TITLE_POINTS))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(cmap)
        self.selected = QtWidgets.QGraphicsRectItem()
        self.selected.setPen(_pen(3))
        self.hovered = QtWidgets.QGraphicsRectItem()
        self.hovered.setPen(_pen(2, QtCore.Qt.PenStyle.DashLine))
        for z, item in enumerate((self.underlay, self.hatch, self.image, self.hovered,
                                  self.selected, self.note)):
            item.setZValue(z)
            plot.addItem(item)
        self.mark(self.selected, None)
        self.mark(self.hovered, None)
        self.note.setVisible(False)
        plot.getViewBox().sigResized.connect(lambda _vb: self._fit())

    def set(self, values: np.ndarray, levels: tuple[float, float]) -> None:
        """Show ``values`` (2-D) on the fixed ``levels``; non-finite cells show magenta."""
        values = np.asarray(values, dtype=float)
        resized = values.shape != self.values.shape
        self.values = values
        finite = np.isfinite(values)
        shown = values if finite.all() else np.where(finite, values, np.nan)
        self.image.setImage(shown, autoLevels=False, levels=levels)
        if resized:  # after setImage: the image's rect is scaled from its pixel size
            self._resize(*values.shape)
        self.set_available(True)

    def set_available(self, available: bool) -> None:
        """False: the numbers do not exist yet at this step, so hide them behind a hatch."""
        self.image.setVisible(available)
        self.underlay.setVisible(available and not np.isfinite(self.values).all())
        self.hatch.setVisible(not available)
        self.note.setVisible(not available and bool(self.missing))

    def _resize(self, rows: int, cols: int) -> None:
        rect = QtCore.QRectF(-0.5, -0.5, cols, rows)
        self.image.setRect(rect)
        self.underlay.setRect(rect)
        self.hatch.setRect(rect)
        self.note.setPos((cols - 1) / 2, (rows - 1) / 2)
        self.plot.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0)
        self._fit()

    def _fit(self) -> None:
        """Whole-number ticks only, as many as fit (cells have indices, not positions), and
        the short form of the "missing" note when the long one does not fit."""
        rows, cols = self.values.shape
        vb = self.plot.getViewBox()
        fits = vb.width() > QtGui.QFontMetrics(_font(TITLE_POINTS)).horizontalAdvance(
            self.missing) + 12
        self.note.setText(self.missing if fits else "not yet")
        self.plot.getAxis("left").setTicks([index_ticks(rows, int(vb.height() // 24))])
        self.plot.getAxis("bottom").setTicks([index_ticks(cols, int(vb.width() // 48))])

    def cell_at(self, scene_pos: QtCore.QPointF) -> tuple[int, int] | None:
        """(row, column) under a scene point, or None outside the matrix."""
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        j, k = int(np.floor(p.y() + 0.5)), int(np.floor(p.x() + 0.5))
        rows, cols = self.values.shape
        return (j, k) if 0 <= j < rows and 0 <= k < cols else None

    def mark(self, item: QtWidgets.QGraphicsRectItem, cell: tuple[int, int] | None) -> None:
        """Outline ``cell`` with ``item`` (hidden when None or outside the matrix)."""
        rows, cols = self.values.shape
        if cell is None or not (0 <= cell[0] < rows and 0 <= cell[1] < cols):
            item.setVisible(False)
            return
        item.setRect(QtCore.QRectF(cell[1] - 0.5, cell[0] - 0.5, 1, 1))
        item.setVisible(True)


class LayerRows(pg.GraphicsLayoutWidget):
    """Layer l's W^l | b^l | colour bar over ∂C/∂W^l | ∂C/∂b^l | colour bar."""

    mouse_left = QtCore.Signal()

    def __init__(self, layer: int, n_out: int, cmap: pg.ColorMap, parent=None):
        super().__init__(parent, show=False)
        self.layer = layer
        self.setBackground("w")
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        data_px = max(MIN_DATA_PX, min(MAX_DATA_PX, n_out * CELL_PX))
        rows_label, cols_label = f"j (layer {layer})", f"k (layer {layer - 1})"
        self.w = self._heatmap(0, 0, cmap, rows_label, cols_label, data_px)
        self.b = self._heatmap(0, 1, cmap, "", " ", data_px)
        self.grad_w = self._heatmap(1, 0, cmap, rows_label, cols_label, data_px,
                                    "not computed yet")
        self.grad_b = self._heatmap(1, 1, cmap, "", " ", data_px)
        self.param_bar = self._bar(0, 2, cmap, [self.w.image, self.b.image])
        self.grad_bar = self._bar(1, 2, cmap, [self.grad_w.image, self.grad_b.image])
        self.ci.layout.setColumnStretchFactor(0, 1)
        self.ci.setSpacing(6)
        self.setFixedHeight(2 * (data_px + 95))

    def _heatmap(self, row: int, col: int, cmap, rows_label: str, cols_label: str,
                 data_px: int, missing: str = "") -> Heatmap:
        plot = self.addPlot(row=row, col=col)
        plot.setMinimumHeight(data_px + 80)
        if col:  # the bias column: a bottom axis as tall as W's keeps their rows aligned
            plot.setFixedWidth(BIAS_WIDTH)
            plot.hideAxis("left")
        return Heatmap(plot, cmap, rows_label, cols_label, missing)

    def _bar(self, row: int, col: int, cmap, images) -> pg.ColorBarItem:
        bar = pg.ColorBarItem(values=(-1, 1), width=16, colorMap=cmap, interactive=False,
                              pen=INK, colorMapMenu=False)
        bar.axis.setTickFont(_font(TICK_POINTS))
        bar.axis.setPen(pg.mkPen(INK))
        bar.axis.setTextPen(pg.mkPen(INK))
        bar.axis.enableAutoSIPrefix(False)
        bar.axis.setWidth(BAR_AXIS_PX)  # fixed: the plots must not shift as the numbers change
        bar.axis.tickStrings = _compact_ticks  # "1 × 10⁻⁵", not "0.00001" (which did not fit)
        bar.setImageItem(images)
        self.addItem(bar, row=row, col=col)
        return bar

    def heatmaps(self) -> dict[str, Heatmap]:
        return {"w": self.w, "b": self.b, "grad_w": self.grad_w, "grad_b": self.grad_b}

    def wheelEvent(self, event) -> None:
        """Leave the wheel to the scroll area around: the heatmaps do not zoom."""
        event.ignore()

    def leaveEvent(self, event) -> None:
        self.mouse_left.emit()
        super().leaveEvent(event)


class MatricesPanel(DockPanel):
    """Every layer's W, b, ∂C/∂W and ∂C/∂b, hoverable, in a vertical scroll area."""

    def __init__(self, session, parent=None):
        # While training runs the numbers change faster than anyone reads them: a few
        # redraws a second, and the training keeps the time. A hover or a click only
        # moves the outlines, at once.
        super().__init__(session, parent, training_ms=TRAINING_REFRESH_MS,
                         follows=("reset", "changed", "selection_changed"),
                         at_once=("reset", "selection_changed"))
        self.cmap = colour_map()
        self.rows: list[LayerRows] = []
        self._hover: tuple | None = None  # ("w" | "b" | "grad_w" | "grad_b", l, j[, k])

        self.hover_label = QtWidgets.QLabel(IDLE_TEXT, self)
        self.hover_label.setObjectName("matrixHover")
        self.hover_label.setToolTip(CONVENTION)  # the reading convention, one hover away
        self.hover_label.setWordWrap(True)
        self.hover_label.setFont(_font(HOVER_POINTS, bold=True))
        self.hover_label.setMinimumHeight(2 * self.hover_label.fontMetrics().height() + 4)
        self.hover_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.hover_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        self.scroll = QtWidgets.QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QtWidgets.QWidget()
        self.content_layout = QtWidgets.QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll.setWidget(self.content)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.hover_label)
        layout.addWidget(self.scroll, 1)
        self.start()

    # --- building and drawing -------------------------------------------------------------

    def rebuild(self) -> None:
        """New network: one pair of heatmap rows per non-input layer."""
        while self.content_layout.count():
            widget = self.content_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # not drawn over the new rows until it is deleted
                widget.deleteLater()
        self.rows = []
        self._hover = None
        sizes = self.session.network.sizes
        for l in range(2, len(sizes) + 1):
            heading = QtWidgets.QLabel(f"Layer {l}  ←  layer {l - 1}", self.content)
            heading.setFont(_font(HEADING_POINTS, bold=True))
            self.content_layout.addWidget(heading)
            row = LayerRows(l, sizes[l - 1], self.cmap, self.content)
            row.scene().sigMouseMoved.connect(lambda pos, r=row: self._mouse_moved(r, pos))
            row.scene().sigMouseClicked.connect(lambda ev, r=row: self._clicked(r, ev))
            row.mouse_left.connect(self._mouse_left)
            self.content_layout.addWidget(row)
            self.rows.append(row)
        self.content_layout.addStretch(1)

    def redraw(self, what: frozenset[str]) -> None:
        """New numbers; only the outlines and the words when just the selection moved."""
        if what == {"selection_changed"}:
            self._selection_changed()
        else:
            self.refresh()

    def gradients_known(self) -> bool:
        """Whether the cursor has reached the gradients step (BP3, BP4) of this iteration."""
        return STEP_KINDS.index(self.session.step.kind) >= GRADIENTS_AT

    def refresh(self) -> None:
        """Cursor moved: new numbers into the existing images, on symmetric levels."""
        view, trace = self.session.view(), self.session.trace
        known = self.gradients_known()
        updated = self.session.step.kind == StepKind.UPDATE
        for row in self.rows:
            l = row.layer
            w, b = view.W(l), view.b(l)
            levels = symmetric_levels(w, b)
            row.w.set(w, levels)
            row.b.set(b[:, None], levels)
            row.param_bar.setLevels(levels)
            n_out, n_in = w.shape
            _title(row.w.plot, f"{symbol('W', l)}  ({n_out} × {n_in})"
                   + (", updated" if updated else ""), INK)
            _title(row.b.plot, f"{symbol('b', l)}", INK)
            gw, gb = trace.layer(l).grad_weights, trace.layer(l).grad_biases
            glevels = symmetric_levels(gw, gb)
            row.grad_w.set(gw, glevels)
            row.grad_b.set(gb[:, None], glevels)
            row.grad_bar.setLevels(glevels)
            row.grad_w.set_available(known)
            row.grad_b.set_available(known)
            row.grad_bar.setVisible(known)
            title = f"∂C/∂{symbol('W', l)}" + ("  (batch mean)" if known else "")
            _title(row.grad_w.plot, title, INK if known else MUTED)
            _title(row.grad_b.plot, f"∂C/∂{symbol('b', l)}", INK if known else MUTED)
        self._selection_changed()

    def _selection_changed(self) -> None:
        sel = self.session.selection
        for row in self.rows:
            for key, edge in (("selected", sel.edge), ("hovered", sel.hovered_edge)):
                cell = edge[1:] if edge is not None and edge[0] == row.layer else None
                for heatmap in (row.w, row.grad_w):
                    heatmap.mark(getattr(heatmap, key), cell)
        self.hover_label.setText(self.describe_current())

    # --- hover and click ------------------------------------------------------------------

    def _hit(self, row: LayerRows, scene_pos) -> tuple | None:
        for kind, heatmap in row.heatmaps().items():
            cell = heatmap.cell_at(scene_pos)
            if cell is not None:
                return (kind, row.layer, *cell) if kind in ("w", "grad_w") \
                    else (kind, row.layer, cell[0])
        return None

    def _mouse_moved(self, row: LayerRows, scene_pos) -> None:
        self._hover = self._hit(row, scene_pos)
        edge = self._hover[1:] if self._hover and len(self._hover) == 4 else None
        self.session.hover_edge(edge)
        self.hover_label.setText(self.describe_current())

    def _mouse_left(self) -> None:
        self._hover = None
        self.session.hover_edge(None)
        self.hover_label.setText(self.describe_current())

    def _clicked(self, row: LayerRows, event) -> None:
        hit = self._hit(row, event.scenePos())
        if hit is not None and len(hit) == 4:
            self.session.select_edge(hit[1:])

    # --- words ----------------------------------------------------------------------------

    def describe_current(self) -> str:
        """The hovered cell here, else the edge hovered elsewhere, else the selected edge."""
        sel = self.session.selection
        if self._hover is not None:
            return self.describe(self._hover)
        if sel.hovered_edge is not None:
            return self.describe(("w", *sel.hovered_edge))
        if sel.edge is not None:
            return "Selected: " + self.describe(("w", *sel.edge))
        return IDLE_TEXT

    def describe(self, cell: tuple) -> str:
        """E.g. "W⁽³⁾[1][2] = 0.123456 — from neuron 2 of layer 2 to neuron 1 of layer 3"
        (the cell's row and column counted from 1, as the axes and words count)."""
        kind, l, j, *k = cell
        if not 2 <= l < len(self.rows) + 2:
            return IDLE_TEXT
        view, layer = self.session.view(), self.session.trace.layer(l)
        w_sym, b_sym = symbol("W", l), symbol("b", l)
        array, name = {"w": (view.W(l), f"{w_sym}"), "b": (view.b(l), f"{b_sym}"),
                       "grad_w": (layer.grad_weights, f"∂C/∂{w_sym}"),
                       "grad_b": (layer.grad_biases, f"∂C/∂{b_sym}")}[kind]
        index = (j, *k)
        if any(not 0 <= n < size for n, size in zip(index, array.shape, strict=True)):
            return IDLE_TEXT
        where = indexed(name, *index)
        words = edge_words(l, j, k[0]) if k else f"bias of {neuron_words(l, j)}"
        if kind.startswith("grad") and not self.gradients_known():
            return f"{where} — not computed yet (gradients step) — {words}"
        return f"{where} = {num(array[index])} — {words}"

