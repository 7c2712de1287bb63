"""The Data dock: choose and regenerate the data, pick input features, see the data and what
the network makes of it (TensorFlow Playground's data panel and output view in one dock).

The controls live in ``widgets.data_controls``, the pictures in ``widgets.data_plot``, their
colours in ``widgets.data_colours``; this file arranges them and keeps them current.
The picture is redrawn on ``changed`` and ``reset`` only, at most about 30 times a second
(as the loss dock), and not at all while the dock is hidden; the output image is recomputed
only when ``Session.plane_maps()`` hands back a different object.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import formatted, num, short
from model.stepview import MEAN
from widgets.colormap import NON_FINITE_RGB
from widgets.data_colours import (
    OutputStyle,
    binary_end_colours,
    class_colours,
    contour_levels,
    hex_colour,
    output_style,
    point_rgb,
)
from widgets.data_controls import DataControls
from widgets.data_plot import DigitView, PlanePlot
from widgets.dock_panel import DockPanel

REDRAW_INTERVAL_MS = 33
CONTROL_POINTS = 11
LEGEND_POINTS = 11
MESSAGE_POINTS = 14
INK = "#1a1a1a"
PLANE, MESSAGE, IMAGE = range(3)


def _font(points: int, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _swatch(rgb) -> str:
    return f"<span style='color:{hex_colour(rgb)}'>■</span>"


class DataPanel(DockPanel):
    """Dataset controls, input features, and the plane (or the sample's image) with a legend."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent, follows=("reset", "changed", "highlighted"),
                         at_once=("reset",),
                         interval_ms=REDRAW_INTERVAL_MS, skip_hidden=True)
        self._maps_shown = None  # the PlaneMaps the image was made from
        self._style: OutputStyle | None = None
        self._rows_shown = np.zeros(0, dtype=np.intp)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self.controls = DataControls(session, self)
        layout.addWidget(self.controls)
        layout.addWidget(self._build_view_controls())
        self.stack = QtWidgets.QStackedWidget(self)
        self.plot = PlanePlot(self.stack)
        self.plot.setMinimumHeight(180)
        self.message_label = QtWidgets.QLabel(self.stack)
        self.message_label.setFont(_font(MESSAGE_POINTS))
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.message_label)
        self.stack.addWidget(self._build_image_page())
        layout.addWidget(self.stack, 1)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setObjectName("dataLegend")
        self.legend.setFont(_font(LEGEND_POINTS))
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
        layout.addWidget(self.legend)
        self.start()

    # --- building ---------------------------------------------------------------------------

    def _build_view_controls(self) -> QtWidgets.QWidget:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.view_controls = QtWidgets.QWidget(self)
        self.view_controls.setLayout(row)
        self.discretise = QtWidgets.QCheckBox("Discretise", self)
        self.discretise.setToolTip("Show hard class regions instead of the output's shades")
        self.show_test = QtWidgets.QCheckBox("Show test data", self)
        self.show_test.setToolTip("Draw the test points (hollow rings)")
        self.show_test.setChecked(True)
        for box in (self.discretise, self.show_test):
            box.setFont(_font(CONTROL_POINTS))
            box.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Space must reach the window
            row.addWidget(box)
        row.addStretch(1)
        self.discretise.toggled.connect(self._discretise_toggled)
        self.show_test.toggled.connect(self.plot_test_visible)
        return self.view_controls

    def _build_image_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget(self)
        box = QtWidgets.QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.image_caption = QtWidgets.QLabel(page)
        self.image_caption.setFont(_font(MESSAGE_POINTS - 1))
        self.image_caption.setWordWrap(True)
        self.image_caption.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.digit = DigitView(page)
        box.addWidget(self.image_caption)
        box.addWidget(self.digit, 1)
        return page

    # --- following the Session ----------------------------------------------------------------

    def rebuild(self) -> None:
        """New data or network: controls, points and style from the Session (then a redraw)."""
        self.controls.refresh()
        spec = self.session.spec
        plane, data = spec.plane_data, spec.data
        self.view_controls.setVisible(plane is not None)
        self.discretise.setEnabled(data.problem == "classification")
        self.show_test.setEnabled(plane is not None and len(plane.x_test) > 0)
        net = self.session.network
        self._style = output_style(data.problem, net.activations[-1], net.sizes[-1],
                                   np.concatenate([data.y_train, data.y_test]))
        self._maps_shown = None
        if plane is not None:
            self.stack.setCurrentIndex(PLANE)
            maps = self.session.plane_maps()
            self.plot.set_axes(plane.feature_names, maps.extent)
            self.plot.set_points(plane.x_train, point_rgb(plane.y_train, self._style),
                                 plane.x_test, point_rgb(plane.y_test, self._style))
            self.plot_test_visible(self.show_test.isChecked())
        elif data.image_shape is not None:
            self.stack.setCurrentIndex(IMAGE)
        else:
            self.stack.setCurrentIndex(MESSAGE)
            n_in = data.x_train.shape[1]
            self.message_label.setText(
                f"{n_in} inputs: no input plane to draw.\n\nThe plane needs data with two "
                f"inputs (x₁, x₂); the diagram and the loss show how training goes.")

    def highlighted_points(self) -> np.ndarray:
        """(n, 2) where the samples highlighted elsewhere (a confusion cell) lie."""
        h, plane = self.session.highlight, self.session.spec.plane_data
        if h is None or plane is None:
            return np.zeros((0, 2))
        return (plane.x_train if h.part == "train" else plane.x_test)[h.rows]

    def plot_test_visible(self, on: bool) -> None:
        """The "Show test data" switch."""
        self.plot.test.setVisible(bool(on))

    # --- drawing ----------------------------------------------------------------------------

    def _discretise_toggled(self, _on: bool) -> None:
        self._maps_shown = None  # the map is remade in the other style
        self.flush()

    def _sample_row(self, rows: np.ndarray) -> int | None:
        sample = self.session.sample
        return None if sample == MEAN else int(rows[sample])

    def redraw(self, what: frozenset[str]) -> None:
        """The map (only when ``plane_maps()`` changed), the mini-batch rings, the legend."""
        rows = np.asarray(self.session.batch_rows())
        self._rows_shown = rows.copy()
        spec = self.session.spec
        if spec.plane_data is not None:
            maps = self.session.plane_maps()
            if maps is not self._maps_shown:
                self.plot.set_map(maps.output, maps.extent, self._style,
                                  self.discretise.isChecked())
                self._maps_shown = maps
            self.plot.set_rings(rows, self._sample_row(rows))
            self.plot.set_highlight(self.highlighted_points())
        elif spec.data.image_shape is not None:
            self._draw_image_sample(rows)
        self.legend.setText(self._legend_text())

    def _draw_image_sample(self, rows: np.ndarray) -> None:
        data, sample = self.session.spec.data, self.session.sample
        view = self.session.view()
        if sample == MEAN:
            self.digit.set_sample(data.x_train[rows].mean(axis=0), data.image_shape)
            text = f"Mean of the {len(rows)} images of this mini-batch"
        else:
            row = int(rows[sample])
            self.digit.set_sample(data.x_train[row], data.image_shape)
            text = (f"Sample {sample + 1} of the mini-batch (training row {row + 1}): "
                    f"{self._class_name(data.y_train[row])}")
            out = view.output
            if out is not None and len(out) > 1 and np.isfinite(out).all():
                guess = int(np.argmax(out))
                text += (f" · network: {self._class_name(np.eye(len(out))[guess])} "
                         f"({formatted(out[guess], '.0%')})")
        self.image_caption.setText(text)

    def _class_name(self, target: np.ndarray) -> str:
        data = self.session.spec.data
        if data.problem != "classification":
            return ", ".join(short(v) for v in target)
        k = int(np.argmax(target)) if len(target) > 1 else int(target[0] >= 0.5)
        name = data.class_names[k] if data.class_names else str(k)
        return f"class {name}" if name.isdigit() else name

    # --- legend -----------------------------------------------------------------------------

    def _legend_text(self) -> str:
        spec, style = self.session.spec, self._style
        data = spec.data
        n_train, n_test, n_batch = len(data.x_train), len(data.x_test), len(self._rows_shown)
        if spec.plane_data is None:
            what = "images" if data.image_shape is not None else "points"
            line = (f"{n_train} training, {n_test} test {what} · mini-batch of {n_batch}")
            return line + (" · dark = ink" if data.image_shape is not None else "")
        lines = [self._colour_words(style),
                 f"● {n_train} train &nbsp;○ {n_test} test &nbsp;◯ mini-batch of {n_batch} "
                 f"(thick: the sample shown)"]
        if self.session.highlight is not None:
            h = self.session.highlight
            lines.append(f"<span style='color:#b2182b'>◇</span> {len(h.rows)} highlighted: "
                         f"{h.label or 'picked elsewhere'}")
        if self._maps_shown is not None and not np.isfinite(self._maps_shown.output).all():
            lines.append(f"{_swatch(NON_FINITE_RGB)} the output is not a number there")
        return "<br>".join(lines)

    def _colour_words(self, style: OutputStyle) -> str:
        data = self.session.spec.data
        if style.kind == "binary":
            names = data.class_names or ("0", "1")
            words = [f"class {n}" if n.isdigit() else n for n in names]
            ends = binary_end_colours()
            hard = " (discretised)" if self.discretise.isChecked() else ""
            return (f"{_swatch(ends[0])} {words[0]} &nbsp;{_swatch(ends[1])} {words[1]} · "
                    f"map: output{hard}, boundary {num(style.threshold)}")
        if style.kind == "multiclass":
            names = data.class_names or tuple(str(i) for i in range(style.n_classes))
            swatches = " ".join(f"{_swatch(c)} {n}" for c, n in
                                zip(class_colours(style.n_classes), names, strict=False))
            return swatches + (" · pale: unsure" if not self.discretise.isChecked() else "")
        lim = style.scale.high
        step = float(np.diff(contour_levels(style))[0])
        ends = binary_end_colours()
        return (f"{data.target_names[0]}: {_swatch(ends[0])} {short(-lim)} … "
                f"{_swatch(ends[1])} {short(lim)} · lines: output every {short(step)}")

    # --- for tests and screenshots ----------------------------------------------------------

    def plot_image(self) -> np.ndarray:
        """The RGBA output map last drawn, (res, res, 4), row 0 = top (x₂ largest)."""
        return self.plot.rgba

    def point_colours(self, which: str = "train") -> np.ndarray:
        """(n, 3) uint8 colours read back from the scatter item: fill (train) or ring (test)."""
        item = self.plot.train if which == "train" else self.plot.test
        field = "brush" if which == "train" else "pen"
        colours = [p.color() for p in item.data[field]]
        return np.array([(c.red(), c.green(), c.blue()) for c in colours],
                        dtype=np.uint8).reshape(-1, 3)

    def batch_rows_shown(self) -> np.ndarray:
        """Training rows ringed as the current mini-batch at the last redraw."""
        return self._rows_shown.copy()

    def digit_pixels(self) -> np.ndarray:
        """The image sample last drawn, uint8 grey (255 = paper, 0 = full ink)."""
        return self.digit.pixels
