"""The equation inspector: what the current step computes, with one neuron's numbers in it.

All text comes from ``model.equations.explain`` and ``Session.readout()``; this widget only
lays it out, large enough for a lecture hall: where training stands (iteration, epoch and
batch cost C, as every panel says them), the caption, the step's equation, the substituted
lines (aligned on their "=" signs, selectable so a student can copy a number), and Nielsen's
four BP equations with the ones the step applies highlighted.

In presentation mode (``set_projector``) every text is set in pixels, at least the
projector's floor, and the dock is laid out to show the whole derivation without scrolling:
the BP list shrinks to a row of four chips (the applied ones lit) with only the applied
equations written out, and the type is the largest of a few steps down to the floor at
which everything fits (without the heading, which repeats the step's caption, if need
be); where even that is too tall, ``crowded`` asks for a wider column.
"""

from __future__ import annotations

import html
import re

from PySide6 import QtCore, QtGui, QtWidgets

from model.equations import BP_TITLES, explain
from model.notation import BP_EQUATIONS, unbroken
from widgets.dock_panel import DockPanel
from widgets.gradcheck_box import GradCheckBox
from widgets.throttle import TRAINING_REFRESH_MS

MATH_FAMILIES = ["DejaVu Sans", "Noto Sans", "Cambria Math", "STIX Two Math", "sans-serif"]
HIGHLIGHT_BG = "#ffe7a3"  # not a value colour: the diverging map's orange/blue mean numbers
HIGHLIGHT_EDGE = "#b8860b"
HIGHLIGHT_TEXT = "#1a1a1a"
LONG_LHS = 9  # characters; a longer left side of an equation goes on its own row
_OPERATOR = re.compile(r" (=|←) ")
_SELECTABLE = (QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
               | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)


BASE_POINTS = "basePoints"
BP_TITLE_POINTS = 11
SMALLEST_POINTS = 11  # the desk's smallest size: the projector's floor
PROJECTOR_STEPS = (0.06, 0.04, 0.02, 0.0)  # each desk point above 11 adds this to the floor


def _font(points: float, bold: bool = False, italic: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setFamilies(MATH_FAMILIES)
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _label(parent, points: int, bold: bool = False, italic: bool = False,
           selectable: bool = False) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    label.setFont(_font(points, bold, italic))
    label.setProperty(BASE_POINTS, points)  # what set_scale multiplies
    label.setWordWrap(True)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(_SELECTABLE)
    return label


def line_html(line: str) -> str:
    """One substituted line as a table aligned on its operators, the result in bold.

    "z = w·a + b = 0.1·0.2 + 0.3 = 0.32" becomes rows  z | = | w·a + b  /  | = | 0.1·0.2 …
    so a wrapped sum keeps its hanging indent. A long left side gets a row of its own,
    so the numbers keep the dock's width (a bare "name = value" stays on one row).
    """
    parts = _OPERATOR.split(line)
    lhs = html.escape(parts[0])
    own_row = len(parts[0]) > LONG_LHS and len(parts) > 3
    rows = [f"<tr><td colspan='3'>{lhs}</td></tr>"] if own_row else []
    for i in range(1, len(parts), 2):
        left = lhs if i == 1 and not own_row else ""
        text = html.escape(parts[i + 1])
        if i == len(parts) - 2:
            text = f"<b>{text}</b>"
        rows.append(f"<tr><td style='white-space:pre'>{left}</td>"
                    f"<td style='padding:0 6px'>{parts[i]}</td><td width='100%'>{text}</td></tr>")
    return "<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>"


class Inspector(DockPanel):
    """A dock's content: the equation of the step at the cursor for the selected neuron."""

    crowded = QtCore.Signal()  # presenting: even at the floor the derivation needs more room

    def __init__(self, session, parent=None):
        # Laying out the rich text costs milliseconds: while training runs, numbers that
        # change every frame cannot be read anyway, so redraw a few times a second.
        super().__init__(session, parent, skip_hidden=True, training_ms=TRAINING_REFRESH_MS,
                         follows=("reset", "changed", "selection_changed", "running_changed"))
        self.explanation = None
        self.scale = 1.0
        self.floor: float | None = None  # presentation mode's smallest text (px)
        self.step = 0.0  # the projector type's step that fits (PROJECTOR_STEPS)
        self._bp_state = None
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        self.scroll = scroll
        body = QtWidgets.QWidget(scroll)
        body.setMinimumHeight(1)  # the scroll area then sizes it by its height-for-width, not
        # by its minimum size hint (word-wrapped labels at their narrowest: too tall)
        scroll.setWidget(body)
        self._body = body
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)

        self.where = _label(body, 12, selectable=True)  # the readout, as every panel says it
        self.where.setObjectName("inspectorWhere")
        layout.addWidget(self.where)
        self.caption = _label(body, 16, bold=True)
        self.symbolic = _label(body, 15, selectable=True)
        self.subject = _label(body, 12, italic=True)
        layout.addWidget(self.caption)
        layout.addWidget(self.symbolic)
        layout.addWidget(self.subject)
        self.lines_box = QtWidgets.QVBoxLayout()
        self.lines_box.setSpacing(6)
        layout.addLayout(self.lines_box)
        self.line_labels: list[QtWidgets.QLabel] = []
        self.note = _label(body, 12)
        layout.addWidget(self.note)

        layout.addStretch(1)
        # The BP list stays in view below the scrolling text: it is the map of the pass.
        self.gradient_check = GradCheckBox(session, self)  # backprop beside a finite difference
        outer.addWidget(self.gradient_check)
        outer.addWidget(self._build_bp_box())
        self.start()

    def _build_bp_box(self) -> QtWidgets.QWidget:
        """The four BP equations under a heading (presenting: a row of chips instead)."""
        bp_box = QtWidgets.QWidget(self)
        bp_layout = QtWidgets.QVBoxLayout(bp_box)
        bp_layout.setContentsMargins(12, 4, 12, 10)
        bp_layout.setSpacing(3)
        self.bp_heading = _label(bp_box, 12, bold=True)
        self.bp_heading.setText("The four equations of backpropagation")
        bp_layout.addWidget(self.bp_heading)
        self.bp_chips = _label(bp_box, 14)  # presentation: BP1 … BP4, the applied ones lit
        self.bp_chips.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.bp_chips.hide()
        bp_layout.addWidget(self.bp_chips)
        self._bp_box = bp_box
        self.bp_labels = []
        for _ in BP_EQUATIONS:
            label = _label(bp_box, 14)
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)
            label.setContentsMargins(8, 3, 8, 3)
            bp_layout.addWidget(label)
            self.bp_labels.append(label)
        self._set_bp_texts()
        return bp_box

    def set_scale(self, factor: float) -> None:
        """Every font times ``factor``; 1 is the desk's size."""
        self.scale = float(factor)
        self._set_fonts()

    def set_projector(self, floor: float | None) -> None:
        """Presentation mode's type: nothing under ``floor`` px, the BP list as chips, the
        largest type at which the whole derivation fits; None: the desk's again."""
        self.floor = None if floor is None else float(floor)
        projector = self.floor is not None
        self.bp_heading.setVisible(not projector)
        self.bp_chips.setVisible(projector)
        self.gradient_check.setVisible(not projector)  # a desk tool: the hall needs the derivation
        self._bp_state = None
        if self.explanation is not None:
            self._set_bp(self.explanation.bp)
        self._fit()

    def size_of(self, points: float) -> str:
        """A desk size as now drawn, for CSS: points at the desk, pixels on a projector."""
        if self.floor is None:
            return f"{points * self.scale:g}pt"
        return f"{round(self.floor * (1 + (points - SMALLEST_POINTS) * self.step))}px"

    def _set_fonts(self) -> None:
        for label in self.findChildren(QtWidgets.QLabel):
            self._size(label)
        self._set_bp_texts()

    def _size(self, label: QtWidgets.QLabel) -> None:
        """A label of a desk size (its BASE_POINTS) at that size as now drawn."""
        base = label.property(BASE_POINTS)
        if base is None:
            return
        font = label.font()
        if self.floor is None:
            font.setPointSizeF(float(base) * self.scale)
        else:
            font.setPixelSize(int(self.size_of(float(base))[:-2]))
        label.setFont(font)

    def fits(self) -> bool:
        """Whether the whole derivation and the BP list show without scrolling: their
        heights for the dock's width (the labels' own measure: no layout pass needed)."""
        for box in (self._body, self._bp_box):  # cached heights-for-width may be of older text
            for layout in [box.layout(), *box.layout().findChildren(QtWidgets.QLayout)]:
                layout.invalidate()
        body = self._body.layout().totalHeightForWidth(self.scroll.width())
        bp = self._bp_box.layout().totalHeightForWidth(self.width())
        return body + bp + self.layout().spacing() <= self.height()

    def _fit(self) -> None:
        """Projector: the largest type step at which everything fits; failing that, without
        the heading (it repeats the step's caption, which the step bar and the lesson's
        caption say too), again from the largest step down to the floor."""
        self.caption.setVisible(True)
        self._scroll_bar(needed=True)
        if self.floor is None:
            self.step = 0.0
            self._set_fonts()
            return
        if self.height() <= 0 or not self.isVisible():
            return
        for heading in (True, False):
            self.caption.setVisible(heading)
            for step in PROJECTOR_STEPS:
                self.step = step
                self._set_fonts()
                if self.fits():
                    self._scroll_bar(needed=False)
                    return
        self.crowded.emit()  # presentation widens the dock's column

    def _scroll_bar(self, needed: bool) -> None:
        """A derivation measured to fit the whole width gets no scroll bar: Qt's scroll
        area, once it showed one, measures the text at the narrower width and keeps it."""
        policy = QtCore.Qt.ScrollBarPolicy
        self.scroll.setVerticalScrollBarPolicy(policy.ScrollBarAsNeeded if needed
                                               else policy.ScrollBarAlwaysOff)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.floor is not None:
            self._fit()

    def _set_bp_texts(self) -> None:
        size = self.size_of(BP_TITLE_POINTS)
        for i, (label, equation, title) in enumerate(
                zip(self.bp_labels, BP_EQUATIONS, BP_TITLES, strict=True)):
            label.setText(f"BP{i + 1}&nbsp;&nbsp; {html.escape(equation)}&nbsp;&nbsp; "
                          f"<span style='font-size:{size}; font-weight:normal'>{title}</span>")

    def redraw(self, what: frozenset[str]) -> None:
        """Re-read the step, sample and selection from the session and show their equation."""
        s = self.session
        e = explain(s.trace, s.step_index, s.sample, s.network, s.spec.training.optimizer,
                    s.selection.neuron, s.selection.edge)
        self.explanation = e
        r = s.readout()
        self.where.setText(unbroken(f"{r.where().capitalize()} · {r.batch_text()}"))
        self.caption.setText(e.caption)
        self.symbolic.setText(e.symbolic)
        self.subject.setText(e.subject[:1].upper() + e.subject[1:])
        self._set_lines(e.substituted)
        self.note.setText(e.note)
        self.note.setVisible(bool(e.note))
        self._set_bp(e.bp)
        if self.floor is not None:
            self._fit()

    def _set_lines(self, lines: tuple[str, ...]) -> None:
        while len(self.line_labels) < len(lines):
            label = QtWidgets.QLabel(self._body)
            label.setFont(_font(14))
            label.setProperty(BASE_POINTS, 14)
            self._size(label)
            label.setWordWrap(True)
            label.setTextFormat(QtCore.Qt.TextFormat.RichText)
            label.setTextInteractionFlags(_SELECTABLE)
            self.lines_box.addWidget(label)
            self.line_labels.append(label)
        for i, label in enumerate(self.line_labels):
            label.setVisible(i < len(lines))
            if i < len(lines):
                label.setText(line_html(lines[i]))

    def _set_bp(self, active: tuple[int, ...]) -> None:
        palette = self.palette()
        text = palette.color(QtGui.QPalette.ColorRole.WindowText)
        base = palette.color(QtGui.QPalette.ColorRole.Window)
        dim = QtGui.QColor((text.red() + base.red()) // 2, (text.green() + base.green()) // 2,
                           (text.blue() + base.blue()) // 2).name()
        if (active, dim) == self._bp_state:
            return  # restyling is slow; the palette enters the key for theme switches
        self._bp_state = (active, dim)
        chips = []
        for i in range(len(self.bp_labels)):
            style = (f"background:{HIGHLIGHT_BG}; color:{HIGHLIGHT_TEXT}; font-weight:bold"
                     if i + 1 in active else f"color:{dim}")
            chips.append(f"<span style='{style}'>&nbsp;BP{i + 1}&nbsp;</span>")
        self.bp_chips.setText("&nbsp;&nbsp;".join(chips))
        for i, label in enumerate(self.bp_labels):
            on = i + 1 in active
            label.setVisible(on or self.floor is None)
            label.setStyleSheet(
                f"background:{HIGHLIGHT_BG}; color:{HIGHLIGHT_TEXT}; font-weight:bold;"
                f"border-left:5px solid {HIGHLIGHT_EDGE}; border-radius:3px;" if on
                else f"color:{dim}; border-left:5px solid transparent;")
