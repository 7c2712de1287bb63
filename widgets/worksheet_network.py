"""The network of a worksheet drawn for print (black on white, in points): layers in
columns, each input's value on its left, each target on the output's right, biases above
the neurons and weights on the edges — or, when the edges are too crowded to label, the
weights and biases in one table per layer below the picture (``WeightTable``).

Every symbol and number comes from model.notation. Nothing here knows the page: a block
is told its rectangle.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from model.network import Network
from model.notation import activation_name, num, symbol
from model.worksheet import Given

INK = QtGui.QColor("#111111")
GREY = QtGui.QColor("#666666")
EDGE = QtGui.QColor("#9a9a9a")
FAMILY = "DejaVu Sans"
SIDE = 74.0  # room for "x₁ = 0.05" left of the inputs and "y₁ = 0.01" right of the outputs
HEADER = 16.0  # the layer names above the columns
MAX_SPACING = 72.0  # between neuron centres, points


def font(size: float, bold: bool = False) -> QtGui.QFont:
    f = QtGui.QFont(FAMILY)
    f.setPointSizeF(size)
    f.setBold(bold)
    f.setHintingPreference(QtGui.QFont.HintingPreference.PreferNoHinting)
    f.setFeature(QtGui.QFont.Tag("liga"), 0)  # "fi" stays two letters in copied text
    return f


_DEVICE: list[QtGui.QImage] = []


def metrics(f: QtGui.QFont) -> QtGui.QFontMetricsF:
    """Font metrics at 72 dots per inch, the pages' own: a point is a unit everywhere."""
    if not _DEVICE:
        image = QtGui.QImage(4, 4, QtGui.QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(72 / 0.0254))
        image.setDotsPerMeterY(round(72 / 0.0254))
        _DEVICE.append(image)
    return QtGui.QFontMetricsF(f, _DEVICE[0])


def label(painter: QtGui.QPainter, centre: QtCore.QPointF, text: str, size: float = 8.5,
          colour: QtGui.QColor = INK, boxed: bool = False,
          align: QtCore.Qt.AlignmentFlag = QtCore.Qt.AlignmentFlag.AlignCenter) -> None:
    """``text`` centred on ``centre`` (or its left/right edge there), on white if boxed."""
    f = font(size)
    fm = metrics(f)
    w, h = fm.horizontalAdvance(text) + 4, fm.height()
    left = {QtCore.Qt.AlignmentFlag.AlignLeft: centre.x(),
            QtCore.Qt.AlignmentFlag.AlignRight: centre.x() - w}.get(align, centre.x() - w / 2)
    rect = QtCore.QRectF(left, centre.y() - h / 2, w, h)
    if boxed:
        painter.fillRect(rect, QtGui.QColor("white"))
    painter.setFont(f)
    painter.setPen(colour)
    painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)


def text_width(text: str, size: float = 8.5) -> float:
    return metrics(font(size)).horizontalAdvance(text) + 4


class NetworkPicture:
    """The drawing block: ``height`` for the page's width, then ``paint`` into a rect."""

    keep = 0

    def __init__(self, net: Network, given: Given):
        self.net, self.given = net, given
        self.sizes = net.sizes

    @property
    def spacing(self) -> float:
        return min(MAX_SPACING, 250.0 / max(self.sizes))

    @property
    def radius(self) -> float:
        return min(13.0, self.spacing * 0.3)

    def height(self, width: float) -> float:
        return HEADER + self.spacing * max(self.sizes) + 10

    def columns(self, rect: QtCore.QRectF) -> list[float]:
        n = len(self.sizes)
        left, right = rect.left() + SIDE, rect.right() - SIDE
        return [left + (right - left) * i / (n - 1) for i in range(n)]

    def rows(self, rect: QtCore.QRectF, n: int) -> list[float]:
        middle = rect.top() + HEADER + (rect.height() - HEADER) / 2
        return [middle + (j - (n - 1) / 2) * self.spacing for j in range(n)]

    def edge_labels_fit(self, width: float) -> bool:
        """Weights on the edges only when every label clears both neurons and its
        neighbours; else tables (``WeightTable``) carry them."""
        rect = QtCore.QRectF(0, 0, width, self.height(width))
        xs = self.columns(rect)
        gap = xs[1] - xs[0]
        for layer in range(2, len(self.sizes) + 1):
            n_dst = self.sizes[layer - 1]
            t = 1 / (n_dst + 1) if self.sizes[layer - 2] > 1 else 0.5
            widest = max(text_width(self._edge_text(layer, j, k))
                         for j in range(n_dst) for k in range(self.sizes[layer - 2]))
            if t * gap - widest / 2 < self.radius + 3 or (1 - t) * gap - widest / 2 < self.radius:
                return False
            if self.sizes[layer - 2] > 1 and self.spacing / (n_dst + 1) < 13:
                return False
        return True

    def _edge_text(self, layer: int, j: int, k: int) -> str:
        value = self.given.weights[layer - 2][j, k]
        return f"{symbol('w', layer, j, k)} = {num(value)}"

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        xs = self.columns(rect)
        ys = [self.rows(rect, n) for n in self.sizes]
        on_edges = self.edge_labels_fit(rect.width())
        self._edges(painter, xs, ys, on_edges)
        self._neurons(painter, xs, ys, on_edges)
        self._headers(painter, rect, xs)
        painter.restore()

    def _edges(self, painter, xs, ys, on_edges: bool) -> None:
        painter.setPen(QtGui.QPen(EDGE, 0.9))
        for i in range(1, len(xs)):
            for y_dst in ys[i]:
                for y_src in ys[i - 1]:
                    painter.drawLine(QtCore.QPointF(xs[i - 1], y_src),
                                     QtCore.QPointF(xs[i], y_dst))
        if not on_edges:
            return
        for i in range(1, len(xs)):
            layer, n_dst = i + 1, len(ys[i])
            t = 1 / (n_dst + 1) if len(ys[i - 1]) > 1 else 0.5
            for j, y_dst in enumerate(ys[i]):
                for k, y_src in enumerate(ys[i - 1]):
                    at = QtCore.QPointF(xs[i - 1] + t * (xs[i] - xs[i - 1]),
                                        y_src + t * (y_dst - y_src))
                    label(painter, at, self._edge_text(layer, j, k), boxed=True)

    def _neurons(self, painter, xs, ys, on_edges: bool) -> None:
        r, last = self.radius, len(xs) - 1
        for i, (x, column) in enumerate(zip(xs, ys, strict=True)):
            layer = i + 1
            for j, y in enumerate(column):
                centre = QtCore.QPointF(x, y)
                painter.setPen(QtGui.QPen(INK, 1.2))
                painter.setBrush(QtGui.QColor("#f4f4f4" if i == 0 else "white"))
                painter.drawEllipse(centre, r, r)
                if i == 0:
                    label(painter, centre, f"{symbol('x', j=j)}", size=min(9.0, r * 0.75))
                    text = f"{symbol('x', j=j)} = {num(self.given.inputs[j])}"
                    label(painter, QtCore.QPointF(x - r - 4, y), text, size=9,
                          align=QtCore.Qt.AlignmentFlag.AlignRight)
                    continue
                if on_edges:
                    bias = self.given.biases[i - 1][j]
                    # above and to the left: the edges leaving to the right carry labels
                    label(painter, QtCore.QPointF(x + r, y - r - 7),
                          f"{symbol('b', layer, j)} = {num(bias)}", boxed=True,
                          align=QtCore.Qt.AlignmentFlag.AlignRight)
                if i == last:
                    text = f"{symbol('y', j=j)} = {num(self.given.targets[j])}"
                    label(painter, QtCore.QPointF(x + r + 4, y), text, size=9,
                          align=QtCore.Qt.AlignmentFlag.AlignLeft)

    def _headers(self, painter, rect: QtCore.QRectF, xs) -> None:
        last = len(xs)
        for layer, x in enumerate(xs, start=1):
            if layer == 1:
                text = "layer 1: input"
            else:
                act = activation_name(self.net.activation(layer).name)
                text = f"layer {layer}{': output' if layer == last else ''} · {act}"
            label(painter, QtCore.QPointF(x, rect.top() + 6), text, size=7.5, colour=GREY)


class WeightTable:
    """W⁽ˡ⁾ and b⁽ˡ⁾ of one layer as a grid: a row per neuron j, a column per input k."""

    ROW = 15.0
    CELL = 44.0
    keep = 0

    def __init__(self, given: Given, layer: int):
        self.layer = layer
        self.w = given.weights[layer - 2]
        self.b = given.biases[layer - 2]

    def height(self, width: float) -> float:
        return self.ROW * (self.w.shape[0] + 2) + 6

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        painter.save()
        n_j, n_k = self.w.shape
        first = rect.left() + 70
        x_of = [first + self.CELL * (k + 0.5) for k in range(n_k)]
        x_bias = first + self.CELL * (n_k + 0.5) + 10
        top = rect.top() + self.ROW / 2
        label(painter, QtCore.QPointF(rect.left(), top),
              f"layer {self.layer}: weights {symbol('w', self.layer, 'j', 'k')} "
              f"(row j, column k) and biases {symbol('b', self.layer, 'j')}", size=8.5,
              align=QtCore.Qt.AlignmentFlag.AlignLeft)
        y = top + self.ROW
        for k, x in enumerate(x_of):
            label(painter, QtCore.QPointF(x, y), f"k = {k + 1}", size=7.5, colour=GREY)
        label(painter, QtCore.QPointF(x_bias, y), f"{symbol('b', self.layer, 'j')}", size=7.5,
              colour=GREY)
        painter.setPen(QtGui.QPen(GREY, 0.5))
        painter.drawLine(QtCore.QPointF(first, y + self.ROW / 2),
                         QtCore.QPointF(x_bias + self.CELL / 2, y + self.ROW / 2))
        for j in range(n_j):
            y += self.ROW
            label(painter, QtCore.QPointF(first - 6, y), f"j = {j + 1}", size=7.5, colour=GREY,
                  align=QtCore.Qt.AlignmentFlag.AlignRight)
            for k, x in enumerate(x_of):
                label(painter, QtCore.QPointF(x, y), num(self.w[j, k]), size=8.5)
            label(painter, QtCore.QPointF(x_bias, y), num(self.b[j]), size=8.5)
        painter.restore()
