"""The diagram's legend strip: two colour bars with their numbers (neurons, edges) and the
bias key; on a projector the cost too.

The desk sets the two bars side by side, labels above and low / middle / high numbers
below. A projector's type does not fit that at 1280 px: there each entry is one item
(label, low number, bar, high number; the bias key; the cost) and the items flow into as
many rows as the width needs, or (diagram.chrome chooses, by the neurons' size) stack in
a column on the right, each label word-wrapped above its bar. Rows and the column are
measured once per geometry from the longest labels and numbers any step can show, so
the legend never jumps between steps and never cuts an item.

After "Check every parameter" the edges show their check's relative error, not the edges'
scale, so the check's key takes the edges' bar's place: on the desk over the bar (its
words on the labels' line, its classes beside the bias key), on a projector as an item
of its own (its words, then each class's colour and bound), measured among the variants.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from PySide6 import QtCore, QtGui

from model.notation import short
from widgets.colormap import Scale, to_rgb
from widgets.diagram.check_classes import CLASSES
from widgets.diagram.painted import elide
from widgets.diagram.text import (
    EDGE_QUANTITY,
    NEURON_QUANTITY,
    ZERO_SCALE,
    legend_entries,
    legend_numbers,
)
from widgets.diagram.theme import (
    BACKGROUND,
    PAD,
    SMALL_FONT,
    Theme,
    metrics,
    text_height,
    text_width,
)

BAR_FLOORS = 5.0  # a projector's colour bar is this many times its type floor long
ROW_GAP = 0.35  # of a line, between two rows of projector items
WORST_NUMBER = -0.888  # numbers are measured as wide as short() writes this
SIDE_FLOORS = 13.5  # a legend column is at least this many type floors wide
WIDEST_NUMBER = -8.88e-8  # a column's numbers are measured as wide as short() writes this
WRAP = int(QtCore.Qt.TextFlag.TextWordWrap)
_INNER_BREAK = re.compile(r"([|/])(?=\S)")
BAR_LINES = 2.0  # a column's bar and its numbers take this many lines under the label
CHECK_LABELS = ("edges: gradient check's relative error", "edges: gradient check's error",
                "edges: gradient check")  # the longest that takes no more room than the bar
CHECK_LABEL = CHECK_LABELS[0]


def legend_height(theme: Theme, width: float = 0.0, n_layers: int = 3) -> float:
    """The strip's height: the desk's two lines and bar, or a projector's rows."""
    line = text_height(theme.font(*SMALL_FONT))
    if not theme.projector:
        return line * 2 + 16 + 2 * 8
    rows = projector_rows(theme, width, n_layers)
    return rows * line + (rows - 1) * ROW_GAP * line + 2 * _pad(theme)


def paint_legend(p: QtGui.QPainter, s) -> None:
    """The legend of scene ``s`` in its theme's arrangement (none if the theme has none)."""
    c, t = s.chrome, s.theme
    if not t.legend:
        return
    white = QtGui.QColor(255, 255, 255)
    if c.legend_x is not None:  # a column: over whatever a zoomed picture slid under it
        p.fillRect(QtCore.QRectF(c.legend_x - PAD / 2, c.area.top, c.width, c.height), white)
    else:
        p.fillRect(QtCore.QRectF(0, c.legend_y, c.width, c.height - c.legend_y), white)
        p.setPen(QtGui.QPen(QtGui.QColor(215, 215, 215), 1))
        p.drawLine(QtCore.QPointF(PAD, c.legend_y), QtCore.QPointF(c.width - PAD, c.legend_y))
    entries = legend_entries(s.plan, s.view.edge_quantity)
    checked = s.check is not None
    if not t.projector:
        _paint_desk(p, t, entries, c.legend_y, c.width)
        if checked:
            _paint_check_desk(p, s)
    elif c.legend_x is not None:
        width = c.width - PAD - c.legend_x
        items = _fitted(_items(entries, s.view.loss, checked), t, len(s.plan.quantities), width)
        _paint_column(p, t, items, c.legend_x, c.area.top, width)
    else:
        items = _fitted(_items(entries, s.view.loss, checked), t, len(s.plan.quantities))
        _paint_items(p, t, items, c.legend_y + _pad(t), c.width, len(s.plan.quantities))


def legend_bars(s) -> tuple[float, float]:
    """How wide the desk legend's two colour bars are (the edges' starts at PAD + the
    neurons' + 28): ``desk_bars`` for scene ``s``."""
    return desk_bars(s.theme, legend_entries(s.plan, s.view.edge_quantity), s.chrome.width)


def desk_bars(t: Theme, entries, width: float) -> tuple[float, float]:
    """The neurons' and the edges' bar widths: what is left beside the bias key, split in
    two (80 to 380 px each); where the neurons' label would not fit over its bar (and the
    gap after it), its bar takes more of the two, as long as the edges' label still fits
    between its bar's start and the picture's edge (it may pass over the bias key)."""
    (n_label, _), (e_label, _), (b_text, _) = entries
    f = t.font(*SMALL_FONT)
    avail = width - 2 * PAD - (22 + text_width(f, b_text)) - 2 * 28
    bar = max(min(avail / 2, 380.0), 80.0)
    need = text_width(f, n_label) + 2 - (bar + 20)  # what the neurons' label lacks
    spare = width - 2 * PAD - bar - 28 - (text_width(f, e_label) + 2)  # the edges' room
    if need <= 0 or avail / 2 < 80.0:
        return bar, bar
    more = min(need, spare, bar - 80.0)
    return bar + max(more, 0.0), bar - max(more, 0.0)


# --- the desk -------------------------------------------------------------------------------

def _paint_desk(p: QtGui.QPainter, t: Theme, entries, top: float, width: float) -> None:
    """Two colour bars with their numbers (neurons, edges) and the bias key. The bias key
    sits on the bars' line, so the edges' label may reach over it to the picture's edge,
    the neurons' up to the edges' label (``desk_bars``)."""
    (n_label, n_scale), (e_label, e_scale), (b_text, b_scale) = entries
    n_bar, e_bar = desk_bars(t, entries, width)
    y = top + 8
    _colour_bar(p, t, QtCore.QRectF(PAD, y, n_bar, 0), n_scale, n_label, n_bar + 20)
    _colour_bar(p, t, QtCore.QRectF(PAD + n_bar + 28, y, e_bar, 0), e_scale, e_label,
                width - 2 * PAD - n_bar - 28)
    x = PAD + n_bar + e_bar + 56
    line = text_height(t.font(*SMALL_FONT))
    _bias_square(p, t, b_scale, QtCore.QRectF(x, y + line + 1, 14, 14))
    p.setFont(t.font(*SMALL_FONT))
    p.setPen(t.text)
    p.drawText(QtCore.QPointF(x + 22, y + line + 13), b_text)


def _paint_check_desk(p: QtGui.QPainter, s) -> None:
    """The key, over the legend's edge colour bar (the edges no longer show that scale):
    its words on the labels' line, reaching over the bias key as the edges' label does;
    its classes on the bars' line beside the bias key, then on the numbers' line."""
    t, c = s.theme, s.chrome
    f = t.font(*SMALL_FONT)
    line = text_height(f)
    n_bar, e_bar = legend_bars(s)
    left, top = PAD + n_bar + 24, c.legend_y + 8  # the labels' line (_paint_desk)
    beside = PAD + n_bar + e_bar + 48  # where the bias key begins, less a gap
    right = c.width - PAD
    rows = [(top + line + 1, beside), (top + 2 * line + 1, right)]  # (y, right end)
    p.fillRect(QtCore.QRectF(left, c.legend_y + 4, right - left, line + 5), BACKGROUND)
    p.fillRect(QtCore.QRectF(left, rows[0][0], beside - left, line), BACKGROUND)
    p.fillRect(QtCore.QRectF(left, rows[1][0], right - left, c.height - rows[1][0]),
               BACKGROUND)
    p.setFont(f)
    p.setPen(t.text)
    p.drawText(QtCore.QRectF(left + 4, top, right - left - 4, line),
               QtCore.Qt.AlignmentFlag.AlignLeft, CHECK_LABEL)
    _paint_classes(p, t, left + 4, rows[0][0], line, [end for _y, end in rows])


def _colour_bar(p: QtGui.QPainter, t: Theme, at: QtCore.QRectF, scale: Scale,
                label: str, room: float) -> None:
    """Label above (``room`` px for it), the map over the scale's range, and low / middle /
    high numbers below."""
    f = t.font(*SMALL_FONT)
    line = text_height(f)
    x, y, w = at.x(), at.y(), at.width()
    p.setFont(f)
    p.setPen(t.text)
    label = elide(p, metrics(f), label, room)
    p.drawText(QtCore.QRectF(x, y, room, line),
               QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop, label)
    bar = QtCore.QRectF(x, y + line + 1, w, 16)
    _bar_image(p, t, bar, scale)
    ny = bar.bottom() + 2
    p.setPen(t.text)
    top = QtCore.Qt.AlignmentFlag.AlignTop
    flags = (QtCore.Qt.AlignmentFlag.AlignLeft, QtCore.Qt.AlignmentFlag.AlignHCenter,
             QtCore.Qt.AlignmentFlag.AlignRight)
    for text, align, left in zip(legend_numbers(scale), flags, (x, x + w / 2 - 60, x + w - 120),
                                 strict=True):
        p.drawText(QtCore.QRectF(left, ny, 120, line), align | top, text)


_BAR_IMAGES: dict[tuple[float, float], QtGui.QImage] = {}  # by (low, high): few per run
BAR_IMAGES_KEPT = 16


def _bar_image(p: QtGui.QPainter, t: Theme, bar: QtCore.QRectF, scale: Scale) -> None:
    p.drawImage(bar, bar_image(scale))
    p.setPen(QtGui.QPen(t.outline, 1))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRect(bar)


def bar_image(scale: Scale) -> QtGui.QImage:
    """The colour map over ``scale``'s range, 256 × 1 px; made once per range (a paint
    without new numbers, a hover, finds it again)."""
    key = (scale.low, scale.high)
    image = _BAR_IMAGES.get(key)
    if image is None:
        values = np.linspace(scale.low, scale.high, 256)
        rgb = np.ascontiguousarray(to_rgb(values, scale)[None, :, :])
        image = QtGui.QImage(rgb.data, 256, 1, 256 * 3,
                             QtGui.QImage.Format.Format_RGB888).copy()  # owns its pixels
        if len(_BAR_IMAGES) >= BAR_IMAGES_KEPT:
            del _BAR_IMAGES[next(iter(_BAR_IMAGES))]
        _BAR_IMAGES[key] = image
    return image


def _bias_square(p: QtGui.QPainter, t: Theme, scale: Scale, rect: QtCore.QRectF) -> None:
    rgb = to_rgb(scale.high if scale.high > ZERO_SCALE else 0.0, scale)
    p.setPen(QtGui.QPen(t.outline, 1))
    p.setBrush(QtGui.QColor(*(int(v) for v in rgb)))
    p.drawRect(rect)


# --- a projector ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One unbreakable piece of a projector's legend."""

    kind: str  # "bar", "bias" or "text"
    label: str
    scale: Scale | None = None
    numbers: tuple[str, str] = ("", "")  # a bar's low and high ends


def _pad(t: Theme) -> float:
    return 0.4 * t.px


def _gap(t: Theme) -> float:
    return 0.5 * t.px


def _items(entries, loss, checked: bool = False) -> list[Item]:
    (n_label, n_scale), (e_label, e_scale), (b_text, b_scale) = entries
    edges = Item("check", CHECK_LABEL) if checked else Item("bar", e_label, e_scale,
                                                             _ends(e_scale))
    out = [Item("bar", n_label, n_scale, _ends(n_scale)), edges, Item("bias", b_text, b_scale)]
    if loss is not None:
        out.append(Item("text", f"C = {short(loss)}"))
    return out


def _ends(scale: Scale) -> tuple[str, str]:
    low, _middle, high = legend_numbers(scale)
    return low, high


def item_width(item: Item, t: Theme) -> float:
    f, g = t.font(*SMALL_FONT), _gap(t)
    label = text_width(f, item.label)
    if item.kind in ("bar", "check"):
        return label + g + _line_width(item, t)
    if item.kind == "bias":
        return 0.8 * text_height(f) + g + label
    return label


def _line_width(item: Item, t: Theme) -> float:
    """What follows a bar's or the check's label: low ▬▬▬ high, or the check's classes."""
    return _classes_width(t) if item.kind == "check" else _bar_line_width(item, t)


def _class_gap(t: Theme) -> float:
    """Between two check classes (half of it between a colour and its bound): from the
    type's line, so the desk (whose theme has no px) and a projector space them alike."""
    return 0.45 * text_height(t.font(*SMALL_FONT))


def _class_width(t: Theme, words: str) -> float:
    f = t.font(*SMALL_FONT)
    return 0.9 * text_height(f) + _class_gap(t) / 2 + text_width(f, words)


def _classes_width(t: Theme) -> float:
    return (sum(_class_width(t, words) for *_, words in CLASSES)
            + _class_gap(t) * (len(CLASSES) - 1))


def _class_places(t: Theme, x: float, ends) -> list[tuple[float, int]]:
    """(x, line) of each check class, from ``x`` on: on the next line where it would pass
    its line's right end (``ends``: each line's; the last one's for every line after)."""
    start, row, out = x, 0, []
    for *_, words in CLASSES:
        w = _class_width(t, words)
        if x > start and x + w > ends[min(row, len(ends) - 1)]:
            x, row = start, row + 1
        out.append((x, row))
        x += w + _class_gap(t)
    return out


def _paint_classes(p: QtGui.QPainter, t: Theme, x: float, y: float, line: float,
                   ends=(math.inf,)) -> None:
    """Each check class's colour and bound from ``x`` on the line at ``y``, on as many
    lines as ``ends`` (``_class_places``) make."""
    f, g = t.font(*SMALL_FONT), _class_gap(t)
    left = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
    swatch = 0.9 * line
    for (at, row), (_bound, colour, _pen, words) in zip(_class_places(t, x, ends), CLASSES,
                                                         strict=True):
        top = y + row * line
        p.fillRect(QtCore.QRectF(at, top + 0.25 * line, swatch, 0.5 * line),
                   QtGui.QColor(*colour))
        p.setPen(t.text)
        p.drawText(QtCore.QRectF(at + swatch + g / 2, top, text_width(f, words) + 1, line), left,
                   words)


def _classes_lines(t: Theme, width: float) -> int:
    """Lines the check's classes take in a column ``width`` wide (as _paint_classes)."""
    return 1 + max(row for _x, row in _class_places(t, 0.0, [width]))


def _flow(widths, width: float, t: Theme) -> list[list[int]]:
    """Item indices per row: left to right, a new row where the next would pass the edge."""
    rows: list[list[int]] = [[]]
    x, room, gap = 0.0, width - 2 * PAD, 1.5 * t.px
    for i, w in enumerate(widths):
        if rows[-1] and x + gap + w > room:
            rows.append([])
            x = 0.0
        x += (gap if rows[-1] else 0.0) + w
        rows[-1].append(i)
    return rows


def _worst_items(n_layers: int) -> list[list[Item]]:
    """Every variant of each item a step can show: every neuron and edge quantity, scales
    differing between layers, numbers as wide as short() writes."""
    worst = Scale(WORST_NUMBER, -WORST_NUMBER)
    variants: list[list[Item]] = [[], [], [], [Item("text", f"C = {short(WORST_NUMBER)}")]]
    for quantity in NEURON_QUANTITY:
        for edges in EDGE_QUANTITY:
            plan = _WorstPlan(n_layers, quantity, worst)
            for i, (label, scale) in enumerate(legend_entries(plan, edges)):
                kind = ("bar", "bar", "bias")[i]
                variants[i].append(Item(kind, label, scale, _ends(scale)))
    return variants


def _fitted(items: list[Item], t: Theme, n_layers: int, width: float | None = None
            ) -> list[Item]:
    """The check's item (if shown) with the longest of CHECK_LABELS that takes no more room
    than the edges' bar was measured for (a row's width, or with ``width`` a column's
    height), so the legend keeps its size when the check's key comes or goes."""
    if not any(i.kind == "check" for i in items):
        return items
    edges = _worst_items(n_layers)[1]

    def size(item: Item) -> float:
        return item_width(item, t) if width is None else _column_height(item, t, width)

    room = max(size(v) for v in edges)
    label = next((x for x in CHECK_LABELS if size(Item("check", x)) <= room), CHECK_LABELS[-1])
    return [Item("check", label) if i.kind == "check" else i for i in items]


def projector_rows(t: Theme, width: float, n_layers: int) -> int:
    """Rows the widest items any step can show need at ``width``."""
    pieces = _pieces(_worst_items(n_layers), _splits(t, width, n_layers), t)
    return len(_flow([w for _k, _part, w in pieces], width, t))


def _splits(t: Theme, width: float, n_layers: int) -> list[bool]:
    """Per item: whether a colour bar's label and its bar line take two places in the
    rows, because the widest that item can be at any step would not fit a row alone."""
    room = width - 2 * PAD
    return [any(i.kind in ("bar", "check") for i in v)
            and max(item_width(i, t) for i in v) > room for v in _worst_items(n_layers)]


def _pieces(slots: list[list[Item]], split: list[bool], t: Theme
            ) -> list[tuple[int, str, float]]:
    """(item, part, width) in flow order: each item whole, or its label and its bar line
    where ``split`` says; the widths the widest of each item's variants."""
    f = t.font(*SMALL_FONT)
    out = []
    for k, variants in enumerate(slots):
        if k < len(split) and split[k]:
            out.append((k, "label", max(text_width(f, v.label) for v in variants)))
            out.append((k, "bar", max(_line_width(v, t) for v in variants)))
        else:
            out.append((k, "whole", max(item_width(v, t) for v in variants)))
    return out


def side_legend_size(t: Theme, n_layers: int) -> tuple[float, float]:
    """(width, height) of a legend column holding the tallest items any step can show: a
    bar's two numbers side by side under it, as wide as short() writes them."""
    number = text_width(t.font(*SMALL_FONT), short(WIDEST_NUMBER))
    width = max(SIDE_FLOORS * t.px, 2 * number + 2 * _gap(t))
    height = sum(max(_column_height(item, t, width) for item in v)
                 for v in _worst_items(n_layers))
    return width, height


@dataclass(frozen=True)
class _WorstPlan:
    """What legend_entries reads of a Plan, for the longest labels a step can give."""

    n_layers: int
    quantity: str
    scale: Scale

    @property
    def focus(self) -> int:
        return self.n_layers

    @property
    def quantities(self) -> tuple[str, ...]:
        return (self.quantity,) * self.n_layers

    @property
    def neuron_scales(self) -> tuple[Scale, ...]:
        return (self.scale,) * self.n_layers

    edge_scales = neuron_scales
    bias_scales = neuron_scales

    def neuron_scales_uniform(self) -> bool:
        return False

    def edge_scales_uniform(self) -> bool:
        return False


def _paint_items(p: QtGui.QPainter, t: Theme, items: list[Item], top: float,
                 width: float, n_layers: int) -> None:
    """The items in rows, split as ``projector_rows`` measured them (so never more rows)."""
    f = t.font(*SMALL_FONT)
    line = text_height(f)
    pieces = _pieces([[item] for item in items], _splits(t, width, n_layers), t)
    p.setFont(f)
    for r, row in enumerate(_flow([w for _k, _part, w in pieces], width, t)):
        y, x = top + r * line * (1 + ROW_GAP), PAD
        for i in row:
            k, part, w = pieces[i]
            if part == "bar" and items[k].kind == "check":
                _paint_classes(p, t, x, y, line)
            elif part == "bar":
                _paint_bar_line(p, t, items[k], x, y, line)
            else:
                _paint_item(p, t, items[k], x, y, line, label_only=part == "label")
            x += w + 1.5 * t.px


def _paint_item(p: QtGui.QPainter, t: Theme, item: Item, x: float, y: float,
                line: float, label_only: bool = False) -> None:
    f, g = t.font(*SMALL_FONT), _gap(t)
    left = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter

    def text(value: str, at: float) -> float:
        w = text_width(f, value)
        p.setPen(t.text)
        p.drawText(QtCore.QRectF(at, y, w + 1, line), left, value)
        return at + w

    if item.kind == "bias":
        side = 0.8 * line
        _bias_square(p, t, item.scale, QtCore.QRectF(x, y + (line - side) / 2, side, side))
        text(item.label, x + side + g)
        return
    x = text(item.label, x)
    if item.kind == "check" and not label_only:
        _paint_classes(p, t, x + g, y, line)
    elif item.kind == "bar" and not label_only:
        _paint_bar_line(p, t, item, x + g, y, line)


def _bar_line_width(item: Item, t: Theme) -> float:
    f, g = t.font(*SMALL_FONT), _gap(t)
    return (text_width(f, item.numbers[0]) + g / 2 + BAR_FLOORS * t.px + g / 2
            + text_width(f, item.numbers[1]))


def joined(text: str) -> str:
    """``text`` wrapped only at spaces: a word joiner after each "|" or "/" inside a word
    (Qt would part "|value|" after its first bar and "∂C/∂z" after the slash)."""
    return _INNER_BREAK.sub("\\1\u2060", text)


def _wrapped(t: Theme, text: str, width: float) -> float:
    """The height of ``text`` word-wrapped (at spaces) to ``width`` in the legend's font."""
    room = QtCore.QRectF(0, 0, width, 1e5)
    return metrics(t.font(*SMALL_FONT)).boundingRect(room, WRAP, joined(text)).height()


def _column_height(item: Item, t: Theme, width: float) -> float:
    """An item's height in a legend column: its label wrapped (beside the square for the
    bias key), under a bar's label the bar and its numbers, and the gap after it."""
    line = text_height(t.font(*SMALL_FONT))
    if item.kind == "bias":
        label = _wrapped(t, item.label, width - 0.8 * line - _gap(t))
    else:
        label = _wrapped(t, item.label, width)
    under = {"bar": BAR_LINES * line, "check": _classes_lines(t, width) * line + 0.2 * line}
    return label + under.get(item.kind, 0.0) + 2 * ROW_GAP * line


def _paint_column(p: QtGui.QPainter, t: Theme, items: list[Item], x: float, y: float,
                  width: float) -> None:
    """The items stacked from ``y`` down: each label wrapped, a bar's line under it."""
    f, g = t.font(*SMALL_FONT), _gap(t)
    line = text_height(f)
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
    p.setFont(f)
    for item in items:
        left, room = x, width
        if item.kind == "bias":
            side = 0.8 * line
            _bias_square(p, t, item.scale, QtCore.QRectF(x, y + (line - side) / 2, side, side))
            left, room = x + side + g, width - side - g
        height = _wrapped(t, item.label, room)
        p.setPen(t.text)
        p.drawText(QtCore.QRectF(left, y, room, height), flags | WRAP, joined(item.label))
        if item.kind == "check":
            _paint_classes(p, t, x, y + height + 0.2 * line, line, [x + width])
        if item.kind == "bar":
            bar = QtCore.QRectF(x, y + height + 0.2 * line, width, 0.6 * line)
            _bar_image(p, t, bar, item.scale)
            p.setPen(t.text)
            ends = QtCore.QRectF(x, bar.bottom() + 0.2 * line, width, line)
            for text, align in zip(item.numbers, (QtCore.Qt.AlignmentFlag.AlignLeft,
                                                  QtCore.Qt.AlignmentFlag.AlignRight),
                                   strict=True):
                p.drawText(ends, align | QtCore.Qt.AlignmentFlag.AlignTop, text)
        y += _column_height(item, t, width)


def _paint_bar_line(p: QtGui.QPainter, t: Theme, item: Item, x: float, y: float,
                    line: float) -> None:
    """low ▬▬▬ high, from ``x`` on the line at ``y``."""
    f, g = t.font(*SMALL_FONT), _gap(t)
    left = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
    w = text_width(f, item.numbers[0])
    p.setPen(t.text)
    p.drawText(QtCore.QRectF(x, y, w + 1, line), left, item.numbers[0])
    bar = QtCore.QRectF(x + w + g / 2, y + 0.2 * line, BAR_FLOORS * t.px, 0.6 * line)
    _bar_image(p, t, bar, item.scale)
    high = item.numbers[1]
    p.setPen(t.text)
    p.drawText(QtCore.QRectF(bar.right() + g / 2, y, text_width(f, high) + 1, line), left, high)
