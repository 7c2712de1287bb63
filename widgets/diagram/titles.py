"""Drawing the words above and below the columns: each layer's title and size line (on the
band while the layer is computed), and each layer's scale in the row under the columns when
layers are coloured on different scales.

A row of titles uses the space it has: each is centred on its column, then moved aside
(staying over its column) where it would touch a neighbour or leave the picture; only a
row that cannot fit so is elided, each title to the room between its neighbours. Zoomed
in, the nearest column off each side keeps its title at the edge where there is room.
Titles written short (chrome.Chrome.title_form) have the rows' words before layer 1's.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from widgets.diagram.chrome import (
    EDGE,
    TITLE_GAP,
    TITLE_PARTS,
    WORD_GAP,
    spread,
    title_parts,
)
from widgets.diagram.layout import MAX_RADIUS
from widgets.diagram.painted import note_elided
from widgets.diagram.scene import Scene
from widgets.diagram.text import SHORT_WORDS, layer_title, scale_text
from widgets.diagram.theme import (
    BACKGROUND,
    SMALL_FONT,
    TITLE_ACTIVE_FONT,
    TITLE_FONT,
    metrics,
    text_height,
    text_width,
)

Array = np.ndarray

SYMBOL = {"a": "a", "delta": "δ", "w": "w", "grad_w": "∂C/∂w"}


def paint_titles_and_scales(p: QtGui.QPainter, s: Scene) -> None:
    """Layer titles above the columns; each layer's scale below them when layers differ."""
    c, lay, plan = s.chrome, s.layout, s.plan
    strip = c.area.top - c.header - MAX_RADIUS * s.theme.scale * 0.2
    p.fillRect(QtCore.QRectF(0, c.header, c.width, strip), BACKGROUND)
    rows = title_rows(s)
    for i in rows:
        paint_layer_title(p, s, i, rows)
    if c.title_form == "short" and 0 in rows:
        _paint_words(p, s, rows[0])
    footer = []  # (x, text): each layer's scale under it, each gap's between its columns
    if not plan.neuron_scales_uniform():
        for i, (x, scale) in enumerate(zip(lay.xs, plan.neuron_scales, strict=True)):
            if scale is not None:
                symbol = "x" if i == 0 else SYMBOL[plan.quantities[i]]
                footer.append((float(x), f"{symbol} {scale_text(scale)}"))
    if not plan.edge_scales_uniform():
        symbol = SYMBOL[s.view.edge_quantity]
        for i, scale in enumerate(plan.edge_scales):
            footer.append((float(lay.xs[i] + lay.xs[i + 1]) / 2,
                           f"{symbol} {scale_text(scale)}"))
    footer = sorted(f for f in footer if 0 <= f[0] <= c.width)
    if footer:
        small = s.theme.font(*SMALL_FONT)
        texts = [text for _, text in footer]
        placed = place_row([small] * len(footer), texts, [x for x, _ in footer],
                           c.footer_y, c.width)
        p.setFont(small)
        p.setPen(s.theme.muted)
        for (rect, text), full in zip(placed, texts, strict=True):
            if text != full:
                note_elided(p, full)
            p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _paint_words(p: QtGui.QPainter, s: Scene, first) -> None:
    """The short rows' words (text.SHORT_WORDS), right-aligned before layer 1's title and
    size; a word without room there (zoomed in) is left out and noted."""
    t = s.theme
    for (rect, _), word, font in zip(first, SHORT_WORDS, (t.font(*TITLE_FONT),
                                                          t.font(*SMALL_FONT)), strict=True):
        right = rect.left() - WORD_GAP
        w = text_width(font, word)
        if right - w < EDGE:
            note_elided(p, word)
            continue
        p.setFont(font)
        p.setPen(t.muted)
        p.drawText(QtCore.QRectF(right - w - 2, rect.top(), w + 4, rect.height()),
                   QtCore.Qt.AlignmentFlag.AlignCenter, word)


TitleRows = dict[int, tuple[tuple[QtCore.QRectF, str], tuple[QtCore.QRectF, str]]]
_LAST: list = []  # [(chrome, layout, theme, layer, activation names), rows, texts] of the last


def title_rows(s: Scene) -> TitleRows:
    """Layer index → ((title box, title), (size box, size line)) for every title drawn.

    They depend only on the geometry, the theme, the active layer and the activations, so
    the last paint's rows are reused while those are the same objects (a new step in
    another layer, a resize, zoom or theme makes them anew)."""
    key = (s.chrome, s.layout, s.theme, s.view.step.layer, tuple(s.activation_names))
    if not _LAST or not _same(_LAST[0], key):
        _LAST[:] = [key, _title_rows(s), _make_texts(s)]
    return _LAST[1]


def _same(a: tuple, b: tuple) -> bool:
    return all(x is y for x, y in zip(a[:3], b[:3], strict=True)) and a[3:] == b[3:]


def _title_rows(s: Scene) -> TitleRows:
    c, lay = s.chrome, s.layout
    shown = [i for i in range(len(lay.xs)) if 0 <= lay.xs[i] <= c.width]
    titles, sizes = _texts(s)
    t = s.theme
    top = place_row([_title_font(s, i) for i in shown], [titles[i] for i in shown],
                    [float(lay.xs[i]) for i in shown], c.title_y, c.width, c.title_lines)
    y2 = c.title_y + c.title_lines * text_height(t.font(*TITLE_FONT)) + TITLE_GAP
    small = t.font(*SMALL_FONT)
    under = place_row([small] * len(shown), [sizes[i] for i in shown],
                      [float(lay.xs[i]) for i in shown], y2, c.width)
    rows = {i: (a, b) for i, a, b in zip(shown, top, under, strict=True)}
    room = _room(lay.xs, c.width)
    for i in range(len(lay.xs)):  # zoomed in: the nearest column off each side, held at
        if i in rows or _beyond(lay.xs, i, c.width):  # the edge where there is room
            continue
        a = _centred(_title_font(s, i), titles[i], float(lay.xs[i]), c.title_y, room, c.width)
        if not any(a[0].adjusted(3, 0, -3, 0).intersects(r[0][0]) for r in rows.values()):
            rows[i] = (a, _centred(small, sizes[i], float(lay.xs[i]), y2, room, c.width))
    return rows


def _texts(s: Scene) -> tuple[list[str], list[str]]:
    """Each layer's title and size line (the last ``title_rows``' when it was this scene's)."""
    if _LAST and _same(_LAST[0], (s.chrome, s.layout, s.theme, s.view.step.layer,
                                  tuple(s.activation_names))):
        return _LAST[2]
    return _make_texts(s)


def _make_texts(s: Scene) -> tuple[list[str], list[str]]:
    titles, sizes = [], []
    form = s.chrome.title_form
    for i in range(len(s.layout.xs)):
        title, sub = layer_title(i + 1, s.layout.sizes, s.activation_names, form)
        grid = s.layout.grid(i)
        if form != "short" and grid is not None and (grid.square or grid.cols > 1):
            sub += f" · {grid.rows}×{grid.cols}" if grid.square else f" · {grid.cols} columns"
        titles.append(title)
        sizes.append(sub)
    return titles, sizes


def _title_font(s: Scene, i: int) -> QtGui.QFont:
    t = s.theme
    return t.font(*TITLE_ACTIVE_FONT) if s.view.step.layer == i + 1 else t.font(*TITLE_FONT)


def place_row(fonts, texts, xs, y: float, width: float,
              lines: int = 1) -> list[tuple[QtCore.QRectF, str]]:
    """Boxes for one row of texts centred on ``xs``, moved apart where they would touch
    (each still over its x; titles on ``lines`` lines, chrome.title_parts); elided to the
    room between neighbours only if that fails."""
    parts = [title_parts(t, lines) for t in texts]
    widths = [max(text_width(f, p) for p in ps) + 4 for f, ps in zip(fonts, parts,
                                                                       strict=True)]
    lefts = spread(xs, widths, width)
    if lefts is None:
        room = _room(np.asarray(xs), width)
        return [_centred(f, t, x, y, room, width) for f, t, x in zip(fonts, texts, xs,
                                                                     strict=True)]
    return [(QtCore.QRectF(left, y, w, text_height(f) * len(ps)), "\n".join(ps))
            for left, w, f, ps in zip(lefts, widths, fonts, parts, strict=True)]


def _room(xs: Array, width: float) -> float:
    """The closest two columns' distance, less a margin (what an elided title may take)."""
    return float(np.min(np.diff(xs))) - 12 if len(xs) > 1 else width


def _beyond(xs: Array, i: int, width: float) -> bool:
    """Whether column ``i`` is off screen behind another off-screen column (zoomed in): only
    the nearest one on each side keeps its title, held at the edge."""
    if xs[i] < 0:
        return i + 1 < len(xs) and xs[i + 1] < 0
    if xs[i] > width:
        return i > 0 and xs[i - 1] > width
    return False


def paint_layer_title(p: QtGui.QPainter, s: Scene, i: int, rows=None) -> None:
    """Layer ``i + 1``'s title (on the band while it is computed) and its size line, where
    ``title_rows`` (``rows``, if made already) put them."""
    row = (title_rows(s) if rows is None else rows).get(i)
    if row is None:
        return
    (rect, title), (size_rect, sub) = row
    for shown, full in zip((title.replace("\n", TITLE_PARTS), sub), (t[i] for t in _texts(s)),
                           strict=True):
        if shown != full:
            note_elided(p, full)
    t = s.theme
    is_active = s.view.step.layer == i + 1
    f = _title_font(s, i)
    if is_active:
        p.setPen(QtGui.QPen(t.band.darker(115), 0))
        p.setBrush(t.band)
        p.drawRoundedRect(rect.adjusted(-8, -3, 8, 3), 8, 8)
    p.setFont(f)
    p.setPen(t.text if is_active else t.muted)
    p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, title)
    p.setFont(t.font(*SMALL_FONT))
    p.setPen(t.muted)
    p.drawText(size_rect, QtCore.Qt.AlignmentFlag.AlignCenter, sub)


def _centred(f: QtGui.QFont, text: str, x: float, y: float, room: float, width: float):
    """(rect, text) centred on x, elided to ``room`` px and kept inside the image."""
    m = metrics(f)
    text = m.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, max(room, 20.0))
    w = m.horizontalAdvance(text) + 4
    left = min(max(x - w / 2, EDGE), width - w - EDGE)
    return QtCore.QRectF(left, y, w, m.height()), text
