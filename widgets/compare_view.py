"""The centre of the window during a comparison: both runs' diagrams and decision maps.

Each run has a pane: its title (what it changes, where it stands), its ``NetworkDiagram``
and its data picture (a ``DataPanel`` without the controls that would change the data: the
output map under the points on 2-D data). The panes stand side by side, each diagram over
its map or beside it, or stacked, each diagram beside its map: whichever gives the
networks the most room (``arrangement``; a 1280×720 desk window with its docks leaves the
centre ~330 px of height, where a diagram over its map would have no room for the
network). Both diagrams are drawn in the projector's layout at the desk's type (no caption:
the step is the same in both, and the step bar and Inspector say it; the legend where it
leaves the neurons the most room), and the data's legend, the same for both, is shown once.

One colour scale for both: before either diagram recolours, the view works out each run's
whole-network scale of every signed quantity (the diagram's own ``make_plan``, so the rule
is the diagram's) and gives both runs the larger (``Comparison.share_scale``). Both runs
move together (``app.comparison``): when both have moved and before either tells its
widgets (``Comparison.aligned``), both scales are worked out once, so both diagrams are
recoloured with the final shared scale, once per frame.
The decision maps share theirs by construction: the same data, the same classes' colours.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import short
from widgets.data_panel import DataPanel
from widgets.diagram import NetworkDiagram
from widgets.diagram.plan import make_plan
from widgets.diagram.theme import DESK_SMALL_PX
from widgets.step_bar import step_title
from widgets.throttle import Throttle

TITLE_PX = 24
RUN_GAP_PX = 8  # between the two runs' panes
TEXT_GAP_PX = 2  # the view's spacing between its rows
TITLE_POINTS = 13
LEGEND_POINTS = 12
TITLE_REFRESH_MS = 100  # the titles' numbers while training: ten times a second
MAP_TRAINING_MS = 100  # the decision maps while training (the runs' processes need the cores)
QWIDGETSIZE_MAX = 16_777_215  # Qt's "no maximum"
RUN_COLOURS = {"A": "#2166ac", "B": "#d55e00"}  # the Loss dock's colours of the two runs


def _font(points: int, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


ARRANGEMENTS = ((False, False), (False, True), (True, True))  # (stacked, beside)
MAP_SHARE = 0.4  # of a pane's width or height, at most, for its map


def pane_width(width: float, stacked: bool) -> float:
    """A run's pane's width when the runs have ``width``: all of it, or half of it less
    the gap."""
    return width if stacked else (width - RUN_GAP_PX) / 2


def diagram_size(width: float, height: float, stacked: bool, beside: bool
                 ) -> tuple[int, int]:
    """A diagram's size when the runs have ``width`` × ``height``: the panes side by side
    or ``stacked``, each diagram over its map or ``beside`` it (a square map, as wide as
    the pane is tall, at most ``MAP_SHARE`` of its width)."""
    pane_w = pane_width(width, stacked)
    pane_h = (height - RUN_GAP_PX) / 2 if stacked else height
    pane_h -= TITLE_PX
    if beside:
        return round(pane_w - min(pane_h, MAP_SHARE * pane_w)), round(pane_h)
    return round(pane_w), round((1 - MAP_SHARE) * pane_h)


def arrangement(width: float, height: float, radius) -> tuple[bool, bool]:
    """(stacked, beside) giving the biggest neurons, ``radius(w, h)`` saying how big a
    diagram of w × h draws them (0: its titles would be cut); where none has room for
    whole titles, the widest diagrams (they cut the fewest); ties: the first."""
    def score(a: tuple[bool, bool]) -> tuple[float, int]:
        w, h = diagram_size(width, height, *a)
        return radius(w, h), w
    return max(ARRANGEMENTS, key=score)


def network_limits(session) -> dict[str, float]:
    """A run's whole-network limit of each signed quantity it shows now (the diagram's own
    rule: "locked" with nothing locked yet takes the network scale)."""
    limits: dict[str, float] = {}
    make_plan(session.view(), session.trace, session.network.activations, "locked", limits,
              edges=False)
    return limits


def larger(*limits: dict[str, float]) -> dict[str, float]:
    """Each quantity's larger limit."""
    out: dict[str, float] = {}
    for one in limits:
        for key, value in one.items():
            out[key] = max(value, out.get(key, 0.0))
    return out


class RunPane(QtWidgets.QWidget):
    """One run: title, diagram, data picture."""

    def __init__(self, comparison, name: str, parent=None):
        super().__init__(parent)
        self.comparison, self.name = comparison, name
        session = comparison.run(name)
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName(f"runTitle{name}")
        self.title.setFont(_font(TITLE_POINTS, bold=True))
        self.title.setStyleSheet(f"color: {RUN_COLOURS[name]}")
        self.title.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                 QtWidgets.QSizePolicy.Policy.Preferred)
        self.diagram = NetworkDiagram(session, self)
        self.diagram.setMinimumSize(200, 100)
        self.diagram.set_editable(False)
        self.diagram.set_legend(False)  # one for both runs (CompareView.scale_legend)
        self.diagram.set_presentation(px=DESK_SMALL_PX, high_contrast=False)
        self.data = DataPanel(session, self)
        self.data.controls.hide()  # the data is the comparison's, the same for both runs
        self.data.view_controls.hide()  # Discretise, Show test data: the Data dock's
        self.data.plot.setMinimumHeight(100)
        self.data.stack.setMinimumHeight(100)  # (its image page asks more: not shown here)
        self.data.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # keys step the runs
        self.data.throttle_training(MAP_TRAINING_MS)
        self.inner = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)
        self.inner.addWidget(self.diagram, 3)  # over its map: 3:2 (MAP_SHARE)
        self.inner.addWidget(self.data, 2)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 2)
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addLayout(self.inner, 1)
        self._titles = Throttle(self.refresh_title, TITLE_REFRESH_MS, self)
        session.changed.connect(self._titles.request)
        session.losses_changed.connect(self._titles.request)
        self.refresh_title()

    def refresh_title(self) -> None:
        if not self.comparison.active:
            return  # run B may be gone
        s = self.comparison.run(self.name)
        loss = s.losses.iteration.last
        latest = f" · loss {short(loss)}" if loss is not None else ""
        self.title.setText(f"Run {self.name}: {self.comparison.side(self.name)} · "
                           f"iteration {s.iterations_done + 1}{latest}")
        self.title.setToolTip(f"{self.title.text()} · {step_title(s.step)}")


class LegendStrip(QtWidgets.QWidget):
    """The colour legend of both runs, once: they share one scale (run A's diagram paints
    it, ``NetworkDiagram.paint_legend_strip``; the diagrams themselves draw none)."""

    def __init__(self, diagram: NetworkDiagram, parent=None):
        super().__init__(parent)
        self.setObjectName("compareScaleLegend")
        self.diagram = diagram
        diagram.painted.connect(self.update)  # its numbers are the step's

    def fit(self, width: int) -> None:
        self.setFixedHeight(self.diagram.legend_strip_height(width))

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtGui.QColor(255, 255, 255))
        self.diagram.paint_legend_strip(painter, self.width(), self.height())
        painter.end()


class CompareView(QtWidgets.QWidget):
    """Run A and run B, side by side (or stacked, where that gives them more room), one
    colour scale."""

    def __init__(self, comparison, parent=None):
        super().__init__(parent)
        self.comparison = comparison
        # Before the diagrams connect: the shared scale is set when they recolour. Each
        # run's own limits are remade only when that run stands somewhere else.
        self._limits: dict[str, dict[str, float]] = {}
        self._at: dict[str, tuple] = {}  # where each run stood then (its trace kept)
        comparison.aligned.connect(self._aligned)  # methods, not lambdas: the
        comparison.a.changed.connect(self._a_moved)  # connections end with the view
        comparison.b.changed.connect(self._b_moved)
        self._aligned()
        self.rescale()
        self.legend = QtWidgets.QLabel(self)
        self.legend.setObjectName("compareViewLegend")
        self.legend.setFont(_font(LEGEND_POINTS))
        self.legend.setWordWrap(True)
        self.panes = {name: RunPane(comparison, name, self) for name in ("A", "B")}
        self.runs = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.runs.setSpacing(RUN_GAP_PX)
        for pane in self.panes.values():
            self.runs.addWidget(pane, 1)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 0)
        column.setSpacing(TEXT_GAP_PX)
        column.addWidget(self.legend)
        column.addLayout(self.runs, 1)
        self.scale_legend = LegendStrip(self.panes["A"].diagram, self)
        column.addWidget(self.scale_legend)
        # The data's legend is the same for both runs: A's, once, under both panes.
        self.data_legend = self.panes["A"].data.legend
        self.panes["A"].data.layout().removeWidget(self.data_legend)
        self.data_legend.setParent(self)
        self.panes["B"].data.legend.hide()
        column.addWidget(self.data_legend)
        for name in ("A", "B"):
            comparison.run(name).changed.connect(self.refresh_legend)
        self.refresh_legend()
        # Keys step the runs (the window's shortcuts): the view, not a plot, takes focus.
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)

    def set_projector(self, floor: float | None) -> None:
        """Presentation mode: both diagrams in the projector's theme at ``floor`` px (the
        titles, legend and maps are raised by the presentation's Projector); None: desk."""
        for pane in self.panes.values():
            if floor is None:
                pane.diagram.set_presentation(px=DESK_SMALL_PX, high_contrast=False)
            else:
                pane.diagram.set_presentation(px=floor, high_contrast=True)
        self.arrange()

    @property
    def stacked(self) -> bool:
        """Whether the runs are stacked rather than side by side."""
        return self.runs.direction() == QtWidgets.QBoxLayout.Direction.TopToBottom

    def rescale(self, changed: str | None = None) -> None:
        """Give both runs the larger of their colour scales (before the diagrams recolour);
        ``changed``: the run that moved (its limits are remade if it stands elsewhere)."""
        if not self.comparison.active:
            return
        if changed is not None:
            run = self.comparison.run(changed)
            at = (run.trace, run.step_index, run.sample, run.scale_mode)
            was = self._at.get(changed)
            if was is not None and was[0] is at[0] and was[1:] == at[1:]:
                return  # made for this very state (at ``aligned``)
            self._limits[changed], self._at[changed] = network_limits(run), at
        self.comparison.share_scale(larger(*self._limits.values()))

    def _aligned(self) -> None:
        """Both runs moved, neither has told its widgets: both scales once, then shared."""
        for name in ("A", "B"):
            self.rescale(name)

    def _a_moved(self) -> None:
        self.rescale("A")

    def _b_moved(self) -> None:
        self.rescale("B")

    def refresh_legend(self) -> None:
        if self.comparison.active:
            self.legend.setText(f"{self.comparison.legend()} · one colour scale for both "
                                f"runs · the same data, mini-batch order and start")

    @property
    def beside(self) -> bool:
        """Whether each diagram has its map beside it rather than under it."""
        return self.panes["A"].inner.direction() == QtWidgets.QBoxLayout.Direction.LeftToRight

    def arrange(self, width: int | None = None, height: int | None = None) -> None:
        """The panes and each pane's diagram and map as ``arrangement`` says for the room
        the runs have (the view less its legends)."""
        width = self.width() if width is None else width
        height = self.height() if height is None else height
        self.scale_legend.fit(width)
        height -= (self.legend.heightForWidth(width) + self.data_legend.heightForWidth(width)
                   + self.scale_legend.height() + 4 * TEXT_GAP_PX)
        stacked, beside = arrangement(width, height, self.panes["A"].diagram.radius_at)
        direction = QtWidgets.QBoxLayout.Direction
        self.runs.setDirection(direction.TopToBottom if stacked else direction.LeftToRight)
        map_w = QWIDGETSIZE_MAX
        if beside:
            diagram_w = diagram_size(width, height, stacked, beside)[0]
            map_w = round(pane_width(width, stacked) - diagram_w)
        for pane in self.panes.values():
            pane.inner.setDirection(direction.LeftToRight if beside else direction.TopToBottom)
            pane.data.setMaximumWidth(map_w)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        self.arrange(event.size().width(), event.size().height())
        super().resizeEvent(event)
