"""The Landscape dock: the training cost around the current parameters, and the path there.

The plane goes through the parameters at the cursor (θ, the state before the current
iteration) along two chosen parameters (edges or neurons picked on the diagram: a weight or
a bias) or two random filter-normalised directions with a seed. The grid is computed in a
background thread (``LandscapeJob``) with a progress bar, only while the dock is visible;
the optimiser's path (the history's snapshots, ``StepHistory.items``) is projected onto the
plane as training runs, its points off the plane drawn hollow and said in a note. When the
parameters move far from the plane's centre (``model.landscape.far_from_centre``) a new
plane is drawn through them, at most once a second.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6 import QtCore, QtWidgets

from model import landscape as ls
from model.errors import ValidationError
from model.network import Network
from model.notation import cost_label, num
from widgets.landscape_job import LandscapeJob
from widgets.landscape_plot import LandscapePlot
from widgets.throttle import TRAINING_REFRESH_MS, Throttle

WEIGHTS, RANDOM = "weights", "random"
MAX_PATH_POINTS = 2000  # the newest kept snapshots drawn
RECENTRE_S = 1.0  # a new plane through moving parameters at most this often
PROGRESS_AFTER_MS = 150  # quick grids finish before a progress bar would flicker
WARNING = "#7f3b08"  # the hollow off-plane points' colour: a caution, not an error
INK = "#1a1a1a"

Key = tuple[int, int, int | None]  # (layer 2..L, j, k) of a weight, (layer, j, None) a bias


def parameter_keys(net: Network) -> list[Key]:
    """Every weight, then every bias, as (layer, j, k) / (layer, j, None), 0-based j, k."""
    keys: list[Key] = [(i + 2, j, k) for i, w in enumerate(net.weights)
                       for j in range(w.shape[0]) for k in range(w.shape[1])]
    keys += [(i + 2, j, None) for i, b in enumerate(net.biases) for j in range(len(b))]
    return keys


class LandscapePanel(QtWidgets.QWidget):
    """Controls over a LandscapePlot, fed from the Session."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.plane: ls.Plane | None = None
        self.seen: ls.PathOnPlane | None = None
        self.axes: list[Key] = parameter_keys(session.network)[:2]
        self._projected: dict[int, tuple[object, float, float, float]] = {}  # id → (snap, u, v, r)
        self._stale = True  # a new plane is wanted (drawn when visible)
        self._last_start = -1e9
        self.job = LandscapeJob(self)
        self.job.progressed.connect(self._progressed)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self._build()
        self._path_throttle = Throttle(self._update_path, TRAINING_REFRESH_MS, self)
        self._catch_up = QtCore.QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.timeout.connect(lambda: self.set_shown(self.shown))
        session.changed.connect(self._path_throttle.request)
        session.reset.connect(self._reset)
        session.selection_changed.connect(self._selection_changed)
        self._selection_changed()
        self._show_axes()

    # --- controls -------------------------------------------------------------------------

    def _build(self) -> None:
        self.mode = QtWidgets.QComboBox(self)
        self.mode.addItem("two parameters", WEIGHTS)
        self.mode.addItem("random directions", RANDOM)
        self.mode.setToolTip("Axes along two weights (or biases) picked on the diagram, or "
                             "two random directions normalised per neuron (Li et al. 2018)")
        self.axis_buttons = []
        for n in (1, 2):
            button = QtWidgets.QPushButton(f"selected → axis {n}", self)
            button.setToolTip("Use the edge (its weight) or the neuron (its bias) selected on "
                              f"the diagram as axis {n}")
            button.clicked.connect(lambda _c=False, i=n - 1: self.use_selected(i))
            self.axis_buttons.append(button)
        self.seed = QtWidgets.QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setPrefix("seed ")
        self.span = QtWidgets.QDoubleSpinBox(self)
        self.span.setRange(0.01, 1000.0)
        self.span.setDecimals(2)
        self.span.setValue(ls.DEFAULT_SPAN)
        self.span.setPrefix("span ± ")
        self.span.setToolTip("u and v run from −span to +span around θ")
        self.grid = QtWidgets.QSpinBox(self)
        self.grid.setRange(ls.MIN_GRID, ls.MAX_GRID)
        self.grid.setValue(ls.DEFAULT_GRID)
        self.grid.setPrefix("grid ")
        self.grid.setToolTip(f"values of u and of v ({ls.MIN_GRID}..{ls.MAX_GRID})")
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self._progress_timer = QtCore.QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(lambda: self.progress.setVisible(self.job.running))
        column = QtWidgets.QVBoxLayout()  # beside the plot: the dock is wide and short
        column.setSpacing(4)
        for w in (self.mode, *self.axis_buttons, self.seed, self.span, self.grid, self.progress):
            w.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)  # arrow keys stay the window's
            column.addWidget(w)
        column.addStretch(1)
        self.note = QtWidgets.QLabel(self)
        self.note.setObjectName("landscapeNote")
        self.note.setWordWrap(True)
        self.plot = LandscapePlot(self, picture=False)
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(6)
        row.addLayout(column)
        row.addWidget(self.plot, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(row, 1)
        layout.addWidget(self.note)
        self.mode.currentIndexChanged.connect(lambda _i: self._settings_changed())
        self.seed.valueChanged.connect(lambda _v: self._settings_changed())
        self.span.valueChanged.connect(lambda _v: self._settings_changed())
        self.grid.valueChanged.connect(lambda _v: self._settings_changed())

    @property
    def kind(self) -> str:
        return self.mode.currentData()

    def set_random(self, seed: int = 0) -> None:
        self.seed.setValue(int(seed))
        self.mode.setCurrentIndex(self.mode.findData(RANDOM))

    def set_axes(self, first: Key, second: Key) -> None:
        """Two parameters as the axes (keys as ``parameter_keys`` writes them)."""
        self.axes = [tuple(first), tuple(second)]
        self.mode.setCurrentIndex(self.mode.findData(WEIGHTS))
        self._settings_changed()

    def use_selected(self, axis: int) -> None:
        """The diagram's selected edge (its weight) or neuron (its bias) as axis 1 or 2."""
        key = self._selected_key()
        if key is None:
            return
        self.axes[axis] = key
        self.mode.setCurrentIndex(self.mode.findData(WEIGHTS))
        self._settings_changed()

    def _selected_key(self) -> Key | None:
        sel = self.session.selection
        if sel.edge is not None:
            return tuple(sel.edge)
        if sel.neuron is not None and sel.neuron[0] >= 2:
            return (sel.neuron[0], sel.neuron[1], None)
        return None

    def _selection_changed(self) -> None:
        chosen = self._selected_key() is not None
        for button in self.axis_buttons:
            button.setEnabled(chosen)

    def _show_axes(self) -> None:
        weights = self.kind == WEIGHTS
        for button in self.axis_buttons:
            button.setVisible(weights)
        self.seed.setVisible(not weights)

    def _settings_changed(self) -> None:
        self._show_axes()
        self.request()

    def _reset(self) -> None:
        """A new network or data: axes that no longer exist fall back to the first two."""
        keys = parameter_keys(self.session.network)
        if any(key not in keys for key in self.axes) or self.axes[0] == self.axes[1]:
            self.axes = keys[:2]
        self.plane = None  # the old plane's parameters may not even have the new shapes
        self._projected.clear()
        self.request()

    # --- the plane and its grid -----------------------------------------------------------

    def theta(self) -> Network:
        """The parameters at the cursor (before the current iteration), as a network."""
        net, snap = self.session.network, self.session.history.current
        return Network(net.sizes, net.activations, net.loss, list(snap.weights),
                       list(snap.biases))

    def make_plane(self) -> ls.Plane:
        """The plane the controls ask for, through θ now; ValidationError if there is none."""
        net = self.theta()
        if self.kind == RANDOM:
            d1, d2 = ls.random_directions(net, self.seed.value())
            seed = self.seed.value()
        else:
            if len(self.axes) < 2 or self.axes[0] == self.axes[1]:
                raise ValidationError("axes", "choose two different parameters")
            d1, d2 = (ls.parameter_direction(net, *key) for key in self.axes)
            seed = None
        return ls.make_plane(net, d1, d2, self.span.value(), self.grid.value(), seed)

    @property
    def shown(self) -> bool:
        """On screen: visible, and not a tab behind another dock."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def set_shown(self, shown: bool) -> None:
        """The dock came into view (its tab raised, or shown): catch up with what changed."""
        if shown and self._stale:
            self._start()
        elif shown:
            self._path_throttle.request()

    def request(self) -> None:
        """A new plane through θ now: computed at once if the dock is on screen, else when
        it comes into view."""
        self._stale = True
        if self.shown:
            self._start()

    def _start(self) -> None:
        self._stale = False
        try:
            plane = self.make_plane()
        except ValidationError as err:
            self.job.cancel()
            self.plane = None  # no path over a plane that is not what the controls say
            self._say(err.problem, WARNING)
            return
        data = self.session.spec.data
        self._last_start = time.monotonic()
        self.job.start(plane.network(self.session.network), data.x_train, data.y_train, plane)
        self.progress.setValue(0)
        self._progress_timer.start(PROGRESS_AFTER_MS)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._catch_up.start(0)  # once laid out: catch up if on screen

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(int(100 * done / max(total, 1)))

    def _finished(self, land: ls.Landscape) -> None:
        self.progress.hide()
        self.plane = land.plane
        self._projected.clear()
        self.plot.show_landscape(land)
        self._update_path()

    def _failed(self, problem: str) -> None:
        self.progress.hide()
        self._say(problem, WARNING)

    # --- the path -------------------------------------------------------------------------

    def _update_path(self) -> None:
        """Project the history's snapshots (cached per snapshot) and say how far off the
        plane they are; a new plane when θ has gone far from this one's centre."""
        if self.plane is None or not self.shown:
            return
        snaps = [snap for _n, snap in self.session.history.items()][-MAX_PATH_POINTS:]
        new = [s for s in snaps if id(s) not in self._projected]
        if new:
            seen = ls.project(self.plane, new)
            for s, u, v, r in zip(new, seen.u, seen.v, seen.residual, strict=True):
                self._projected[id(s)] = (s, float(u), float(v), float(r))
        rows = [self._projected[id(s)][1:] for s in snaps]
        self._projected = {id(s): self._projected[id(s)] for s in snaps}
        u, v, r = (np.array(c) for c in zip(*rows, strict=True))
        self.seen = ls.PathOnPlane(u, v, r)
        self.plot.show_path(self.seen)
        self._describe()
        if ls.far_from_centre(self.plane, self.seen) and not self.job.running:
            wait = self._last_start + RECENTRE_S - time.monotonic()
            if wait <= 0:
                self._start()
            else:  # look again then, even if nothing else changes
                self._catch_up.start(int(wait * 1000) + 1)  # set_shown → a new plane

    def _describe(self) -> None:
        seen, plane = self.seen, self.plane
        off = seen.off(plane)
        centre = (f"{cost_label('train')} = {num(self.plot.landscape.centre_cost)} at the "
                  f"centre · white dot: θ now")
        if off.any():
            self._say(f"{centre} · the path leaves the plane: {int(off.sum())} of "
                      f"{len(off)} points, up to {num(float(seen.residual.max()))} off it "
                      f"(the plane reaches {num(plane.half_width)}), drawn hollow where "
                      "they project", WARNING)
        else:
            self._say(f"{centre} · the path's {len(off)} points lie on the plane", INK)

    def _say(self, text: str, colour: str) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {colour}")
