"""The +/− buttons painted on the diagram: neurons per hidden layer, adding and removing layers.

They live in a strip of two rows under the columns (Playground puts its +/− by the layers
too): under each hidden layer "−" and "+" (one neuron less / more) and "× layer" (remove
the layer); one row lower, between two columns, "+ layer" (insert a hidden layer there), so
it is never mistaken for a neuron's "+". They are painted in the overlay and hit-tested by
rectangle. Labels shorten to "×" and "+" when the columns are too close for the words;
columns too close even for those (eight columns in a 1280×720 window's diagram) get no
strip (``overlap``: the diagram then gives the neurons its height; zoomed in, the columns
part and the strip comes back; the Network & training dock edits layers at any size).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui

SIZE = 26.0  # px: height of every control, width of the square ones (≥ 22 to hit)
SPACE = 4.0  # px between the controls of one layer
ROW_GAP = 4.0
STRIP = 2 * SIZE + ROW_GAP + 8.0  # height the chrome reserves for them
FONT = (12.0, True)
TEXT = QtGui.QColor(33, 33, 33)
BORDER = QtGui.QColor(150, 150, 150)
FILL = QtGui.QColor(250, 250, 250)
HOVER_FILL = QtGui.QColor(214, 230, 245)
REMOVE_TEXT = QtGui.QColor(150, 40, 30)


@dataclass(frozen=True)
class Control:
    """One button: what it does (``kind`` on ``layer``), where, its label and tooltip."""

    kind: str  # "remove_neuron", "add_neuron", "remove_layer" or "add_layer"
    layer: int  # the hidden layer; for "add_layer", the number the new layer gets
    rect: QtCore.QRectF
    label: str
    tooltip: str


def _font() -> QtGui.QFont:
    f = QtGui.QFont()
    f.setPointSizeF(FONT[0])
    f.setBold(FONT[1])
    return f


def _width(label: str) -> float:
    if len(label) == 1:
        return SIZE
    return QtGui.QFontMetricsF(_font()).horizontalAdvance(label) + 16.0


def _group(long: bool) -> list[tuple[str, str]]:
    return [("remove_neuron", "−"), ("add_neuron", "+"),
            ("remove_layer", "× layer" if long else "×")]


def _group_width(long: bool) -> float:
    widths = [_width(label) for _, label in _group(long)]
    return sum(widths) + SPACE * (len(widths) - 1) + 6.0  # a little more before "×"


def _tooltip(kind: str, layer: int) -> str:
    return {"remove_neuron": f"Remove a neuron from layer {layer}",
            "add_neuron": f"Add a neuron to layer {layer}",
            "remove_layer": f"Remove hidden layer {layer}",
            "add_layer": f"Insert a hidden layer here (it becomes layer {layer})"}[kind]


def _fits(xs) -> bool:
    """Whether the hidden layers' groups with "× layer" spelt out leave room between them."""
    half = _group_width(True) / 2
    return all(xs[i + 1] - xs[i] >= half * ((0 < i) + (i + 1 < len(xs) - 1)) + 12.0
               for i in range(len(xs) - 1))


def make_controls(xs, y: float) -> tuple[Control, ...]:
    """The controls for columns at ``xs`` (layers 1..L), in two rows from ``y`` down."""
    xs = [float(x) for x in xs]
    n = len(xs)
    long = _fits(xs)
    out = []
    for i in range(1, n - 1):  # hidden layers
        layer = i + 1
        left = xs[i] - _group_width(long) / 2
        for kind, label in _group(long):
            w = _width(label)
            if kind == "remove_layer":
                left += 6.0
            out.append(Control(kind, layer, QtCore.QRectF(left, y, w, SIZE), label,
                               _tooltip(kind, layer)))
            left += w + SPACE
    gap = min((b - a for a, b in zip(xs[:-1], xs[1:], strict=True)), default=0.0)
    label = "+ layer" if _width("+ layer") + 12.0 <= gap else "+"
    w = _width(label)
    y2 = y + SIZE + ROW_GAP
    for i in range(n - 1):
        x = (xs[i] + xs[i + 1]) / 2
        out.append(Control("add_layer", i + 2, QtCore.QRectF(x - w / 2, y2, w, SIZE), label,
                           _tooltip("add_layer", i + 2)))
    return tuple(out)


def overlap(controls) -> bool:
    """Whether any two controls would touch (less than SPACE apart)."""
    rects = [c.rect.adjusted(-SPACE / 2, 0, SPACE / 2, 0) for c in controls]
    return any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def control_at(controls, x: float, y: float) -> Control | None:
    for c in controls:
        if c.rect.contains(QtCore.QPointF(x, y)):
            return c
    return None


def paint_controls(p: QtGui.QPainter, controls, hovered: Control | None) -> None:
    p.setFont(_font())
    for c in controls:
        p.setPen(QtGui.QPen(BORDER, 1.2))
        p.setBrush(HOVER_FILL if c == hovered else FILL)
        p.drawRoundedRect(c.rect, 6, 6)
        p.setPen(REMOVE_TEXT if c.kind == "remove_layer" else TEXT)
        p.drawText(c.rect, QtCore.Qt.AlignmentFlag.AlignCenter, c.label)
