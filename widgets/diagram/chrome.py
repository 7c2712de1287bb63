"""The strips around the diagram's columns (headline, titles, scale row, controls, legend)
and the area left for the columns, for one image size and theme.

Text is measured with Qt's font metrics in the theme's sizes: the one place text is measured
for layout. On a projector (widgets.diagram.theme) the headline holds only notes, the output
labels are stacked, and the legend goes where it leaves the neurons bigger: a strip of rows
along the bottom, or a column on the right (a 16:9 screen has width to spare, not height).
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.diagram.controls import STRIP
from widgets.diagram.layout import (
    MAX_RADIUS,
    MAX_SPACING,
    SHARED_RADIUS,
    WIDE_LAYER,
    Area,
)
from widgets.diagram.legend import legend_height, side_legend_size
from widgets.diagram.text import input_label, layer_title, output_label
from widgets.diagram.theme import (
    CAPTION_FONT,
    CAPTION_FONTS,
    HEADLINE_FONT,
    LABEL_FONT,
    NOTE_FONT,
    PAD,
    PROJECTOR_NOTE_LINES,
    SMALL_FONT,
    TITLE_ACTIVE_FONT,
    TITLE_FONT,
    Theme,
    text_height,
    text_width,
)

LABEL_GAP = 10  # between a column and its side labels
TITLE_GAP = 5  # between a layer's title and its size line
LABELS_KEEP = 0.5  # side labels are drawn if the columns keep this share of the width …
LABELS_KEEP_PROJECTOR = 0.35  # … on a projector this (its output labels are stacked)
WIDEST_OUTPUT = -8.88e-8  # a saturated output, as wide as short() writes a number
LABEL_PARTS = "   "  # what parts an output label ("y = 1   a = 0.734"), stacked on a projector
SIDE_GAP = 24  # px between the output labels and a legend column
EDGE = 12.0  # px a title keeps from the picture's sides (the active one's band takes 8)
GAP = 20.0  # px between two titles of a row (the band around the active one takes 8)
OVER = 0.25  # a moved title keeps its column within its middle half
SIDE_COST = 0.95  # a projector's legend goes in a column if its neurons are 1/0.95 bigger
LABELS_COST = 0.9  # … and leaves the side labels out if its neurons are 1/0.9 bigger


@dataclass(frozen=True)
class Chrome:
    """Where the text around the diagram goes, for one image size."""

    width: int
    height: int
    area: Area
    header: float  # bottom of the headline strip
    title_y: float  # top of the layer titles
    footer_y: float  # top of the per-layer scale row
    legend_y: float  # top of the legend strip (a legend column: the picture's bottom)
    side_labels: bool  # x beside the inputs, y and a beside the outputs, where they fit
    caption_wraps: bool  # room for a caption on two lines
    controls_y: float | None = None  # top of the +/− controls strip (None: no strip)
    legend_x: float | None = None  # a legend column's left edge (None: a bottom strip)


@dataclass(frozen=True)
class _Names:
    sizes: tuple[int, ...]
    activation_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]


def make_chrome(width: int, height: int, sizes, activation_names, feature_names,
                target_names, capped: bool, captions, notes: int,
                controls: bool, theme: Theme) -> Chrome:
    """Strips for headline, titles, scale row and legend; the diagram area is what is left.

    ``captions`` are all the steps' captions: the headline gets a second caption line when
    the longest one does not fit on one. ``notes`` extra headline lines are made room for,
    and with ``controls`` a strip for the +/− buttons under the columns. Text is measured
    in ``theme``'s sizes. On a projector, of the legend along the bottom or in a column on
    the right, with or without the side labels, the arrangement whose titles fit and whose
    neurons are biggest (a column and leaving labels out cost a little) is taken.
    """
    t = theme
    names = _Names(tuple(sizes), tuple(activation_names), tuple(feature_names),
                   tuple(target_names))
    if t.projector:  # notes only (diagram.headline), each on up to two lines
        wraps = False
        header = PAD * 0.6 + (text_height(t.font(*NOTE_FONT)) * PROJECTOR_NOTE_LINES
                              * (int(capped) + notes))
    else:
        wraps = max(text_width(t.font(*CAPTION_FONTS[-1]), c) for c in captions) > width - 2 * PAD
        header = PAD + text_height(t.font(*CAPTION_FONT)) * (2 if wraps else 1) + 4
        header += text_height(t.font(*HEADLINE_FONT))
        header += text_height(t.font(*NOTE_FONT)) * (int(capped) + notes)
    tight = t.projector  # a projector's strips keep only the space they need
    title_y = header + (3 if tight else 6)
    top = (title_y + text_height(t.font(*TITLE_FONT)) + TITLE_GAP
           + text_height(t.font(*SMALL_FONT)) + (4 if tight else 10))
    top += MAX_RADIUS * t.scale * (0.1 if tight else 0.2)
    strip_y = height - legend_height(t, width, len(sizes))
    strip = _fit(width, height, header, title_y, top, strip_y, None, names, wraps, controls, t)
    if not t.projector:
        return strip
    side_w, side_h = side_legend_size(t, len(sizes))
    places = [(strip_y, None)]
    if top + side_h <= height - PAD / 2:
        places.append((height - PAD / 2, width - PAD - side_w))
    best, score = strip, -1.0
    for legend_y, legend_x in places:
        for labels in (True, False):
            c = _fit(width, height, header, title_y, top, legend_y, legend_x, names, wraps,
                     controls, t, labels=labels)
            c = _fit(width, height, header, title_y, top, legend_y, legend_x, names, wraps,
                     controls, t, _radius(c, sizes, t), labels)
            value = (_radius(c, sizes, t) * (1.0 if c.side_labels else LABELS_COST)
                     * (1.0 if legend_x is None else SIDE_COST))
            if _titles_fit(c, names, t) and value > score:
                best, score = c, value
    return best


def _fit(width: int, height: int, header: float, title_y: float, top: float, legend_y: float,
         legend_x: float | None, names: _Names, wraps: bool, controls: bool,
         t: Theme, radius: float | None = None, labels: bool = True) -> Chrome:
    """The chrome with the legend at ``legend_y`` (a strip) or ``legend_x`` (a column);
    margins for neurons of ``radius`` (None: the largest the theme allows); side labels
    where they fit, unless not ``labels``."""
    sizes = names.sizes
    reach = MAX_RADIUS * t.scale if radius is None else radius + 6.0
    small = text_height(t.font(*SMALL_FONT))
    footer_y = legend_y - small - (2 if t.projector else 6)
    bottom = footer_y - (4 if t.projector else 8) - (STRIP if controls else 0.0)
    area_h = max(bottom - top, 40.0)
    in_w, out_w = _side_label_widths(sizes, names.feature_names, names.target_names, area_h, t)
    column = 0.0 if legend_x is None else width - legend_x + SIDE_GAP
    columns = LABELS_KEEP_PROJECTOR if t.projector else LABELS_KEEP
    room = width - column - in_w - out_w - 2 * (PAD + reach)
    side_labels = labels and room >= columns * (width - column)
    if not side_labels:  # a narrow window: the columns need the room more than the labels
        in_w = out_w = 0.0
    titles = [layer_title(layer, sizes, names.activation_names)[0] for layer in (1, len(sizes))]
    half_title = [text_width(t.font(*TITLE_ACTIVE_FONT), title) / 2 for title in titles]
    left = max(PAD + reach + in_w, PAD + half_title[0])
    right = max(PAD + reach + out_w + column, PAD + half_title[1])
    area = Area(left, top, max(width - left - right, 40.0), area_h)
    return Chrome(width, height, area, header, title_y, footer_y, legend_y, side_labels,
                  wraps, bottom + 4.0 if controls else None, legend_x)


def _radius(c: Chrome, sizes, t: Theme) -> float:
    """The neurons' radius the columns would get in ``c``'s area (diagram.layout's rule)."""
    columns = [n for n in sizes if n <= SHARED_RADIUS] or [min(sizes)]
    spacing = min(c.area.height / max(columns), MAX_SPACING * t.scale)
    gap = c.area.width / max(len(sizes) - 1, 1)
    return min(t.fill * spacing, MAX_RADIUS * t.scale, t.gap_fill * gap)


def _titles_fit(c: Chrome, names: _Names, t: Theme) -> bool:
    """Whether the layer titles and size lines fit over columns spread across ``c``'s area
    without shortening, whichever layer's title is the active one (in bold)."""
    n = len(names.sizes)
    xs = [c.area.left + c.area.width * i / max(n - 1, 1) for i in range(n)]
    titles, subs = zip(*(layer_title(i + 1, names.sizes, names.activation_names)
                         for i in range(n)), strict=True)
    plain = [text_width(t.font(*TITLE_FONT), x) + 4 for x in titles]
    bold = [text_width(t.font(*TITLE_ACTIVE_FONT), x) + 4 for x in titles]
    rows = [plain[:i] + [bold[i]] + plain[i + 1:] for i in range(n)]
    rows.append([text_width(t.font(*SMALL_FONT), x) + 4 for x in subs])
    return all(spread(xs, widths, c.width) is not None for widths in rows)


def spread(xs, widths, width: float) -> list[float] | None:
    """Left edges of boxes ``widths`` wide, one per x (in order), as near their x as they
    can be with GAP between neighbours and EDGE from the picture's sides; None when a box
    would leave its x out of its middle half, or the row does not fit.

    Neighbours that would touch are pooled into one group, placed where its boxes are on
    average centred on their xs (the least squared shift), until no two groups touch."""
    groups: list[tuple[int, int, float]] = []  # (first, last, left)
    for i in range(len(xs)):
        groups.append(_placed(i, i, xs, widths, width))
        while len(groups) > 1 and (groups[-2][2] + _span(groups[-2], widths) + GAP
                                   > groups[-1][2] + 0.01):
            last, first = groups.pop(), groups.pop()
            groups.append(_placed(first[0], last[1], xs, widths, width))
    lefts = []
    for first, last, left in groups:
        for i in range(first, last + 1):
            lefts.append(left)
            left += widths[i] + GAP
    inside = bool(lefts) and lefts[0] >= EDGE - 0.01 and (
        lefts[-1] + widths[-1] <= width - EDGE + 0.01)
    over = all(lefts[i] + OVER * widths[i] - 0.01 <= xs[i]
               <= lefts[i] + (1 - OVER) * widths[i] + 0.01 for i in range(len(xs)))
    return lefts if (inside and over) or not xs else None


def _span(group: tuple[int, int, float], widths) -> float:
    first, last, _ = group
    return sum(widths[first:last + 1]) + GAP * (last - first)


def _placed(first: int, last: int, xs, widths, width: float) -> tuple[int, int, float]:
    """Group ``first..last`` at the left where its boxes are best centred, kept inside."""
    offsets, at = [], 0.0
    for i in range(first, last + 1):
        offsets.append(xs[i] - widths[i] / 2 - at)
        at += widths[i] + GAP
    span = at - GAP
    left = sum(offsets) / len(offsets)
    return first, last, min(max(left, EDGE), max(width - EDGE - span, EDGE))


def label_lines(text: str, theme: Theme) -> list[str]:
    """A side label's lines: one, or on a projector each part of an output label."""
    return text.split(LABEL_PARTS) if theme.projector else [text]


def _side_label_widths(sizes, feature_names, target_names, area_h: float,
                       t: Theme) -> tuple[float, float]:
    """Room the x labels (left) and y labels (right) take, 0 where neurons are too close
    for their lines of text or the layer is a grid."""
    line = text_height(t.font(*LABEL_FONT))
    label_font = t.font(*LABEL_FONT)

    def widest(texts) -> tuple[float, int]:
        lines = [part for text in texts for part in label_lines(text, t)]
        return (max(text_width(label_font, part) for part in lines),
                max(len(label_lines(text, t)) for text in texts))

    in_w, in_lines = widest([input_label(n, -0.888) for n in feature_names])
    out_w, out_lines = widest([output_label(n, -0.888, WIDEST_OUTPUT) for n in target_names])
    show_in = (min(area_h / sizes[0], MAX_SPACING * t.scale) >= line * in_lines
               and sizes[0] <= WIDE_LAYER)
    show_out = (min(area_h / sizes[-1], MAX_SPACING * t.scale) >= line * out_lines
                and sizes[-1] <= WIDE_LAYER)
    return (LABEL_GAP * t.scale + in_w if show_in else 0.0,
            LABEL_GAP * t.scale + out_w if show_out else 0.0)
