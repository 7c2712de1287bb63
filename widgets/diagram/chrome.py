"""The strips around the diagram's columns (headline, titles, scale row, controls, legend)
and the area left for the columns, for one image size and theme.

Text is measured with Qt's font metrics in the theme's sizes: the one place text is measured
for layout. On a projector (widgets.diagram.theme) the headline holds only notes, the output
labels are stacked, and the legend goes where it leaves the neurons bigger: a strip of rows
along the bottom, or a column on the right (a 16:9 screen has width to spare, not height).
"""

from __future__ import annotations

import itertools
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
from widgets.diagram.text import (
    LABEL_DETAILS,
    SHORT_WORDS,
    TITLE_FORMS,
    input_label,
    layer_title,
    output_label,
)
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
LABELS_KEEP = 0.4  # side labels are drawn if the columns keep this share of the width …
LABELS_KEEP_PROJECTOR = 0.35  # … on a projector this
WIDEST_OUTPUT = -8.88e-8  # a saturated output, as wide as short() writes a number
LABEL_PARTS = "   "  # what parts an output label ("y = 1   a = 0.734"): its parts are stacked
SIDE_GAP = 24  # px between the output labels and a legend column
EDGE = 12.0  # px a title keeps from the picture's sides (the active one's band takes 8)
GAP = 20.0  # px between two titles of a row (the band around the active one takes 8)
OVER = 0.25  # a moved title keeps its column within its middle half
SIDE_COST = 0.95  # a projector's legend goes in a column if its neurons are 1/0.95 bigger,
LABELS_COST = 0.75  # leaves the side labels out if they are 1/0.75 bigger,
STACK_COST = 0.93  # stacks its titles on two lines if they are 1/0.93 bigger,
SHORT_COST = 0.65  # writes them short (text.layer_title) if they are 1/0.65 bigger
FORM_COST = {"line": 1.0, "stacked": STACK_COST, "short": SHORT_COST}
TARGET_RADIUS = 1.2  # type floors: a projector's neurons are 48 px across at a 20 px floor,
# and every arrangement that reaches it beats every one that does not; next come those
SMALLEST_RADIUS = 24.0  # px whose neurons are at least 48 px across on any screen
TITLE_PARTS = " · "  # where a stacked title is parted ("Layer 2" over "tanh")
WORD_GAP = 14.0  # px between a short row's words and layer 1's number (its band takes 8)


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
    title_form: str = "line"  # layer titles on one line, stacked on two (title_parts) or
    #                            short (text.layer_title): text.TITLE_FORMS
    label_detail: str = "full"  # what the side labels say (text.LABEL_DETAILS)

    @property
    def title_lines(self) -> int:
        return 2 if self.title_form == "stacked" else 1


@dataclass(frozen=True)
class _Frame:
    """What every arrangement of one picture shares."""

    width: int
    height: int
    header: float
    title_y: float
    wraps: bool
    controls: bool
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
    in ``theme``'s sizes. Titles that do not fit on one line have their parts stacked
    (chrome.title_parts), and where that does not fit either they are written short
    (text.layer_title). On a projector every arrangement is tried (the legend along the
    bottom or in a column on the right; side labels or not; each form of title); of those
    whose titles fit, one whose neurons reach TARGET_RADIUS is taken first, and then the
    biggest neurons (a legend column, leaving labels out and stacking or shortening titles
    each cost something: short titles are taken only where nothing else fits).
    """
    t = theme
    if t.projector:  # notes only (diagram.headline), each on up to two lines
        wraps = False
        header = PAD * 0.6 + (text_height(t.font(*NOTE_FONT)) * PROJECTOR_NOTE_LINES
                              * (int(capped) + notes))
    else:
        wraps = max(text_width(t.font(*CAPTION_FONTS[-1]), c) for c in captions) > width - 2 * PAD
        header = PAD + text_height(t.font(*CAPTION_FONT)) * (2 if wraps else 1) + 4
        header += text_height(t.font(*HEADLINE_FONT))
        header += text_height(t.font(*NOTE_FONT)) * (int(capped) + notes)
    f = _Frame(width, height, header, header + (3 if t.projector else 6), wraps, controls,
               tuple(sizes), tuple(activation_names), tuple(feature_names), tuple(target_names))
    strip_y = height - (legend_height(t, width, len(sizes)) if t.legend else PAD / 2)
    if not t.projector:  # the first form of title that fits (short if none does)
        forms = [_fit(f, t, strip_y, None, form=form) for form in TITLE_FORMS]
        return next((c for c in forms if _titles_fit(c, f, t)), forms[-1])
    side_w, side_h = side_legend_size(t, len(sizes))
    places = [(strip_y, None)] + ([(height - PAD / 2, width - PAD - side_w)] if t.legend
                                  else [])
    best, score = None, (False, False, -1.0)
    for (legend_y, legend_x), labels, form in itertools.product(places, (True, False),
                                                                TITLE_FORMS):
        c = _fit(f, t, legend_y, legend_x, labels, form)
        c = _fit(f, t, legend_y, legend_x, labels, form, _radius(c, f.sizes, t))
        if legend_x is not None and c.area.top + side_h > height - PAD / 2:
            continue
        r = _radius(c, f.sizes, t)
        value = (r >= TARGET_RADIUS * t.px, r >= SMALLEST_RADIUS,  # big enough first,
                 r * (1.0 if c.side_labels else LABELS_COST)  # then the least cost
                 * (1.0 if legend_x is None else SIDE_COST) * FORM_COST[form])
        if value > score and _titles_fit(c, f, t):
            best, score = c, value
    return best or _fit(f, t, strip_y, None, form="short")


def _fit(f: _Frame, t: Theme, legend_y: float, legend_x: float | None, labels: bool = True,
         form: str = "line", radius: float | None = None) -> Chrome:
    """The chrome with the legend at ``legend_y`` (a strip) or ``legend_x`` (a column);
    side labels where they fit, unless not ``labels``; titles in ``form``
    (text.TITLE_FORMS); margins for neurons of ``radius`` (None: the largest the theme
    allows)."""
    sizes, tight = f.sizes, t.projector  # a projector's strips keep only what they need
    reach = MAX_RADIUS * t.scale if radius is None else radius + 6.0
    title_lines = 2 if form == "stacked" else 1
    top = (f.title_y + title_lines * text_height(t.font(*TITLE_FONT)) + TITLE_GAP
           + text_height(t.font(*SMALL_FONT)) + (4 if tight else 10))
    top += MAX_RADIUS * t.scale * (0.1 if tight else 0.2)
    footer_y = legend_y - text_height(t.font(*SMALL_FONT)) - (2 if tight else 6)
    bottom = footer_y - (4 if tight else 8) - (STRIP if f.controls else 0.0)
    area_h = max(bottom - top, 40.0)
    column = 0.0 if legend_x is None else f.width - legend_x + SIDE_GAP
    keep = LABELS_KEEP_PROJECTOR if tight else LABELS_KEEP
    for detail in LABEL_DETAILS:  # less and less said, before nothing at all
        in_w, out_w = _side_label_widths(sizes, f.feature_names, f.target_names, area_h, t,
                                         detail)
        room = f.width - column - in_w - out_w - 2 * (PAD + reach)
        side_labels = labels and room >= keep * (f.width - column)
        if side_labels:
            break
    if not side_labels:  # a narrow window: the columns need the room more than the labels
        in_w = out_w = 0.0
    first, last = _title_reach(t, f, form)
    left = max(PAD + reach + in_w, PAD + first)
    right = max(PAD + reach + out_w + column, PAD + last)
    area = Area(left, top, max(f.width - left - right, 40.0), area_h)
    return Chrome(f.width, f.height, area, f.header, f.title_y, footer_y, legend_y, side_labels,
                  f.wraps, bottom + 4.0 if f.controls else None, legend_x, form, detail)


def title_parts(title: str, lines: int) -> list[str]:
    """A layer title on its ``lines``: whole, or stacked at its first " · "."""
    if lines == 1 or TITLE_PARTS not in title:
        return [title]
    head, tail = title.split(TITLE_PARTS, 1)
    return [head, tail]


def _title_reach(t: Theme, f: _Frame, form: str) -> tuple[float, float]:
    """How far layer 1's title reaches left of its column and layer L's right of its own
    (in bold: either may be the active one), a short row's words included."""
    first, last = (_title_width(t, layer_title(layer, f.sizes, f.activation_names, form)[0],
                                form == "stacked", True) / 2 for layer in (1, len(f.sizes)))
    if form == "short":
        first += WORD_GAP + max(word_widths(t))
    return first, last


def word_widths(t: Theme) -> tuple[float, float]:
    """The short rows' words (text.SHORT_WORDS) as wide as they are drawn: the titles' in
    the title font, the sizes' in the small one."""
    return (text_width(t.font(*TITLE_FONT), SHORT_WORDS[0]),
            text_width(t.font(*SMALL_FONT), SHORT_WORDS[1]))


def _title_width(t: Theme, title: str, stacked: bool, bold: bool) -> float:
    font = t.font(*(TITLE_ACTIVE_FONT if bold else TITLE_FONT))
    return max(text_width(font, part) for part in title_parts(title, 2 if stacked else 1)) + 4


def neuron_radius(c: Chrome, sizes, activation_names, t: Theme) -> float:
    """The neurons' radius in ``c``, or 0 where its layer titles would not be written
    whole in words (elided, or short: text.layer_title); a view choosing between sizes
    for a diagram compares these."""
    frame = _Frame(c.width, c.height, c.header, c.title_y, c.caption_wraps, False,
                   tuple(sizes), tuple(activation_names), (), ())
    if c.title_form == "short" or not _titles_fit(c, frame, t):
        return 0.0
    return _radius(c, sizes, t)


def _radius(c: Chrome, sizes, t: Theme) -> float:
    """The neurons' radius the columns would get in ``c``'s area (diagram.layout's rule)."""
    columns = [n for n in sizes if n <= SHARED_RADIUS] or [min(sizes)]
    spacing = min(c.area.height / max(columns), MAX_SPACING * t.scale)
    gap = c.area.width / max(len(sizes) - 1, 1)
    return min(t.fill * spacing, MAX_RADIUS * t.scale, t.gap_fill * gap)


def _titles_fit(c: Chrome, f: _Frame, t: Theme) -> bool:
    """Whether the layer titles and size lines fit over columns spread across ``c``'s area
    without shortening, whichever layer's title is the active one (in bold)."""
    n = len(f.sizes)
    xs = [c.area.left + c.area.width * i / max(n - 1, 1) for i in range(n)]
    titles, subs = zip(*(layer_title(i + 1, f.sizes, f.activation_names, c.title_form)
                         for i in range(n)), strict=True)
    stacked = c.title_form == "stacked"
    plain = [_title_width(t, x, stacked, False) for x in titles]
    bold = [_title_width(t, x, stacked, True) for x in titles]
    rows = [plain[:i] + [bold[i]] + plain[i + 1:] for i in range(n)]
    rows.append([text_width(t.font(*SMALL_FONT), x) + 4 for x in subs])
    title_word, size_word = word_widths(t)
    words = [title_word] * n + [size_word]  # what each row says before layer 1's
    for widths, word in zip(rows, words, strict=True):
        lefts = spread(xs, widths, c.width)
        if lefts is None or (c.title_form == "short"
                             and lefts[0] - WORD_GAP - word < EDGE):
            return False
    return True


def spread(xs, widths, width: float) -> list[float] | None:
    """Left edges of boxes ``widths`` wide, one per x (in order), as near their x as they
    can be with GAP between neighbours, EDGE from the picture's sides and each x within
    its box's middle (OVER); None when no such row exists.

    Neighbours that would touch are pooled into one group, placed where its boxes are on
    average centred on their xs (the least squared shift); then each box is moved into
    its allowed range, rightwards from the left and back from the right."""
    n = len(xs)
    low = [max(x - (1 - OVER) * w, EDGE) for x, w in zip(xs, widths, strict=True)]
    high = [min(x - OVER * w, width - EDGE - w) for x, w in zip(xs, widths, strict=True)]
    lefts = _pooled(xs, widths, width)
    for order in (lefts, low):  # the pooled row made to fit, else the leftmost one
        row = list(order)
        for i in range(n):
            row[i] = max(row[i], low[i], row[i - 1] + widths[i - 1] + GAP if i else low[i])
        for i in range(n - 1, -1, -1):
            if i + 1 < n:
                row[i] = min(row[i], row[i + 1] - GAP - widths[i])
            row[i] = min(row[i], high[i])
        if all(low[i] - 0.01 <= row[i] <= high[i] + 0.01 for i in range(n)) and all(
                row[i] + widths[i] + GAP <= row[i + 1] + 0.01 for i in range(n - 1)):
            return row
    return None


def _pooled(xs, widths, width: float) -> list[float]:
    """Left edges with touching neighbours pooled into groups centred on their xs."""
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
    return lefts


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
    """A side label's lines: each part of an output label on its own ("y = 1" over
    "a = 0.734"), so the labels take little width from the columns."""
    return text.split(LABEL_PARTS)


def _side_label_widths(sizes, feature_names, target_names, area_h: float,
                       t: Theme, detail: str = "full") -> tuple[float, float]:
    """Room the x labels (left) and y labels (right) take, 0 where neurons are too close
    for their lines of text or the layer is a grid; ``detail`` as ``text.LABEL_DETAILS``.
    Only labels that are shown are measured (a 784-pixel input layer has none)."""
    line = text_height(t.font(*LABEL_FONT))
    label_font = t.font(*LABEL_FONT)

    def room(texts, n: int) -> float:
        """The widest line of ``texts`` plus the gap, if the labels of a column of ``n``
        neurons are shown at all, else 0."""
        if n > WIDE_LAYER:
            return 0.0
        split = [label_lines(text, t) for text in texts]
        if min(area_h / n, MAX_SPACING * t.scale) < line * max(len(x) for x in split):
            return 0.0
        return LABEL_GAP * t.scale + max(text_width(label_font, part) for x in split for part in x)

    return (room([input_label(n, -0.888, detail) for n in feature_names], sizes[0])
            if sizes[0] <= WIDE_LAYER else 0.0,
            room([output_label(n, -0.888, WIDEST_OUTPUT, detail) for n in target_names],
                 sizes[-1]) if sizes[-1] <= WIDE_LAYER else 0.0)
