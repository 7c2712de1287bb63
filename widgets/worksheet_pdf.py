"""A worksheet (model.worksheet) as printable pages: PDF through QPdfWriter, or page images
for a preview. A4 or Letter, portrait, drawn in points.

Each variant gets its question pages — a title with a name line, what the network is, the
network with its given numbers, then a table per kind of step (the equation to use named,
a blank box per answer) — and then its own answer-key pages, which start on a new page and
are the only pages with answers. Tables break across pages with their header repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6 import QtCore, QtGui

from model.atomic_write import atomic_path
from model.notation import neuron_words, num, symbol, unbroken
from model.questions import Question
from model.trace import StepKind
from model.worksheet import KIND_TITLES, Variant, Worksheet
from widgets.worksheet_network import GREY, INK, NetworkPicture, WeightTable, font, label, metrics

PAPERS = {"a4": QtGui.QPageSize.PageSizeId.A4, "letter": QtGui.QPageSize.PageSizeId.Letter}
MARGIN = 50.0  # points, every side
ROW = 21.0  # a question's row: a box tall enough to write in
KEY_ROW = 16.0
COLUMNS = (("#", 24.0), ("find", 0.0), ("symbol", 80.0), ("answer", 104.0))  # 0: the rest
FIND = {"z": "weighted input, {n}", "a": "activation, {n}", "delta": "error, {n}",
        "db": "bias gradient, {n}", "dw": "weight gradient, {e}",
        "w_new": "updated weight, {e}", "b_new": "updated bias, {n}",
        "cost": "cost C of this sample"}


def find_text(q: Question) -> str:
    """What a row asks for, in words: "weighted input, neuron 1 of layer 2"; an edge as
    "from neuron 2 to neuron 1 of layer 3" (its start is in the layer before)."""
    layer, j = q.layer, (q.neuron or 1) - 1
    n = neuron_words(layer, j) if layer else ""
    e = f"from neuron {q.edge_from} to {n}" if q.edge_from else ""
    return FIND.get(q.quantity, q.quantity).format(n=n, e=e)


# --- blocks: each knows its height for a width and paints itself into a rect ------------------

@dataclass
class Text:
    text: str
    size: float = 9.5
    bold: bool = False
    colour: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(INK))
    space: float = 4.0  # below
    keep: int = 0  # how many following blocks must share its page

    def __post_init__(self) -> None:
        self.text = unbroken(self.text)  # "η = 0.01" never split at its "="

    def _flags(self) -> int:
        return int(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.TextFlag.TextWordWrap)

    def height(self, width: float) -> float:
        box = metrics(font(self.size, self.bold)).boundingRect(
            QtCore.QRectF(0, 0, width, 10_000), self._flags(), self.text)
        return box.height() + self.space

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        painter.setFont(font(self.size, self.bold))
        painter.setPen(self.colour)
        painter.drawText(rect, self._flags(), self.text)


@dataclass
class Rule:
    """A name line: "Name ____  Date ____" with the variant at the right."""

    right: str
    keep: int = 0

    def height(self, width: float) -> float:
        return 30.0

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        y = rect.top() + 16
        label(painter, QtCore.QPointF(rect.left(), y - 6), "Name", size=9,
              align=QtCore.Qt.AlignmentFlag.AlignLeft)
        painter.setPen(QtGui.QPen(INK, 0.6))
        painter.drawLine(QtCore.QPointF(rect.left() + 34, y), QtCore.QPointF(rect.left() + 230, y))
        label(painter, QtCore.QPointF(rect.left() + 246, y - 6), "Date", size=9,
              align=QtCore.Qt.AlignmentFlag.AlignLeft)
        painter.drawLine(QtCore.QPointF(rect.left() + 276, y), QtCore.QPointF(rect.left() + 350, y))
        label(painter, QtCore.QPointF(rect.right(), y - 6), self.right, size=9, colour=GREY,
              align=QtCore.Qt.AlignmentFlag.AlignRight)


def _cells(rect: QtCore.QRectF) -> list[QtCore.QRectF]:
    fixed = sum(w for _, w in COLUMNS)
    x, cells = rect.left(), []
    for _, w in COLUMNS:
        width = w or rect.width() - fixed
        cells.append(QtCore.QRectF(x, rect.top(), width, rect.height()))
        x += width
    return cells


@dataclass
class Header:
    """A table's column names; repeated at the top of a page a table continues on."""

    key: bool
    keep: int = 1

    def height(self, width: float) -> float:
        return 16.0

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        names = ("#", "find", "symbol", "value" if self.key else "your answer")
        painter.setFont(font(8, True))
        painter.setPen(GREY)
        for cell, name in zip(_cells(rect), names, strict=True):
            painter.drawText(cell.adjusted(4, 0, -4, 0), int(QtCore.Qt.AlignmentFlag.AlignLeft
                             | QtCore.Qt.AlignmentFlag.AlignVCenter), name)
        painter.setPen(QtGui.QPen(INK, 0.8))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())


@dataclass
class Row:
    number: int
    question: Question
    key: bool
    keep: int = 0

    def height(self, width: float) -> float:
        return KEY_ROW if self.key else ROW

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        cells = _cells(rect)
        middle = int(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter)
        texts = (str(self.number), find_text(self.question), str(self.question.symbol))
        for cell, text, size in zip(cells, texts, (8.5, 9.0, 10.5), strict=False):
            room = cell.width() - 8
            while size > 6.5 and metrics(font(size)).horizontalAdvance(text) > room:
                size -= 0.5  # a long description shrinks to fit; never cut
            painter.setFont(font(size))
            painter.setPen(GREY if cell is cells[0] else INK)
            painter.drawText(cell.adjusted(4, 0, -4, 0), middle, text)
        box = cells[3].adjusted(2, 3, -2, -3)
        if self.key:
            painter.setFont(font(10, True))
            painter.drawText(box.adjusted(4, 0, -2, 0), middle, num(self.question.value))
        else:
            painter.setPen(QtGui.QPen(INK, 0.7))
            painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
        painter.setPen(QtGui.QPen(QtGui.QColor("#d0d0d0"), 0.5))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())


# --- what a sheet says ----------------------------------------------------------------------------

def _equations(variant: Variant, kind: str, layers: set[int]) -> list[str]:
    """The equations a kind's questions use, from the trace's own steps."""
    found: list[str] = []
    for step in variant.trace.steps:
        if step.kind == StepKind(kind) and (step.layer is None or step.layer in layers
                                            or kind == "loss"):
            if str(step.equation) not in found:
                found.append(str(step.equation))
    return found


def _use(sheet: Worksheet, variant: Variant, kind: str, layers: set[int]) -> str:
    text = "   ".join(_equations(variant, kind, layers))
    if kind == "update":
        text += f"   with η = {num(sheet.optimizer.learning_rate)}"
    return f"Use  {text}"


def _tables(sheet: Worksheet, variant: Variant, key: bool) -> list:
    blocks: list = []
    for number, kind in enumerate(dict.fromkeys(q.kind for q in variant.questions), start=1):
        asked = [(i, q) for i, q in enumerate(variant.questions, start=1) if q.kind == kind]
        use = _use(sheet, variant, kind, {q.layer for _, q in asked if q.layer})
        blocks.append(Text(f"{number}  {KIND_TITLES.get(kind, kind)}", 11.5, True, space=2,
                           keep=3))
        blocks.append(Text(use, 9.5, colour=QtGui.QColor(GREY), space=5, keep=2))
        blocks.append(Header(key))
        rows = [Row(i, q, key) for i, q in asked]
        if len(rows) > 2:
            rows[-2].keep = 1  # a table never ends with one row alone on a page
        blocks += rows
        blocks.append(Text("", 4, space=6))
    return blocks


def _given_line(variant: Variant) -> str:
    g = variant.given
    xs = ", ".join(f"{symbol('x', j=j)} = {num(v)}" for j, v in enumerate(g.inputs))
    ys = ", ".join(f"{symbol('y', j=j)} = {num(v)}" for j, v in enumerate(g.targets))
    return f"Given: {xs};  targets {ys}"


def question_blocks(sheet: Worksheet, variant: Variant, width: float) -> list:
    count = len(sheet.variants)
    picture = NetworkPicture(sheet.network, variant.given)
    blocks: list = [
        Text("BACKPROPAGATION WORKSHEET", 8, True, QtGui.QColor(GREY), space=1),
        Text(sheet.title, 16, True, space=4),
        Rule(f"sheet {variant.number} of {count} · seed {variant.seed}"),
        Text(f"{sheet.network_words()}. Update: {sheet.update_words()}.", 9.5, space=2),
        *[Text(line, 9.5, space=2) for line in sheet.function_lines()],
        Text("", 2, space=2),
        Text("This sheet works one training sample, as a mini-batch of one: the cost, the "
             "errors and the gradients are this sample's, and the update uses them. Answer "
             "every blank to at least three significant digits; each step uses the ones "
             "before it.", 9, colour=QtGui.QColor(GREY), space=8),
        picture,
    ]
    if not picture.edge_labels_fit(width):
        blocks += [WeightTable(variant.given, layer) for layer in range(2, len(
            sheet.network.sizes) + 1)]
    return blocks + [Text("", 4, space=6)] + _tables(sheet, variant, key=False)


def key_blocks(sheet: Worksheet, variant: Variant) -> list:
    return [Text(f"ANSWER KEY · sheet {variant.number} of {len(sheet.variants)} · seed "
                 f"{variant.seed}", 8, True, QtGui.QColor(GREY), space=1),
            Text(sheet.title, 16, True, space=4),
            Text(_given_line(variant), 9, colour=QtGui.QColor(GREY), space=4),
            Text("Computed from the numbers given on the sheet; accept an answer within "
                 "three significant digits.", 9, colour=QtGui.QColor(GREY), space=10)
            ] + _tables(sheet, variant, key=True)


# --- pages ------------------------------------------------------------------------------------

@dataclass
class Page:
    running: str  # the line at the top
    placed: list = field(default_factory=list)  # (block, y, height)


def paginate(blocks: list, running: str, size: QtCore.QSizeF) -> list[Page]:
    """Blocks down pages; a table's Header comes back on a page its Rows continue on."""
    width, bottom = size.width() - 2 * MARGIN, size.height() - MARGIN
    pages, y, header = [Page(running)], MARGIN, None
    for i, block in enumerate(blocks):
        if isinstance(block, Header):
            header = block
        elif not isinstance(block, Row):
            header = None
        h = block.height(width)
        need = h + sum(b.height(width) for b in blocks[i + 1:i + 1 + block.keep])
        if y + need > bottom and pages[-1].placed:
            pages.append(Page(running))
            y = MARGIN
            if isinstance(block, Row) and header is not None:
                pages[-1].placed.append((header, y, header.height(width)))
                y += header.height(width)
        pages[-1].placed.append((block, y, h))
        y += h
    return pages


def sheet_pages(sheet: Worksheet, paper: str = "a4") -> tuple[list[Page], QtCore.QSizeF]:
    size = QtGui.QPageSize(PAPERS[paper]).size(QtGui.QPageSize.Unit.Point)
    width = size.width() - 2 * MARGIN
    pages: list[Page] = []
    for v in sheet.variants:
        tag = f"{sheet.title} · sheet {v.number} of {len(sheet.variants)}"
        pages += paginate(question_blocks(sheet, v, width), tag, size)
        pages += paginate(key_blocks(sheet, v), f"ANSWER KEY · {tag}", size)
    return pages, size


def paint_page(painter: QtGui.QPainter, page: Page, size: QtCore.QSizeF, number: int,
               total: int) -> None:
    width = size.width() - 2 * MARGIN
    label(painter, QtCore.QPointF(MARGIN, MARGIN / 2), page.running, size=7.5, colour=GREY,
          align=QtCore.Qt.AlignmentFlag.AlignLeft)
    label(painter, QtCore.QPointF(size.width() - MARGIN, size.height() - MARGIN / 2),
          f"page {number} of {total}", size=7.5, colour=GREY,
          align=QtCore.Qt.AlignmentFlag.AlignRight)
    label(painter, QtCore.QPointF(MARGIN, size.height() - MARGIN / 2),
          "Backprop Studio", size=7.5, colour=GREY, align=QtCore.Qt.AlignmentFlag.AlignLeft)
    for block, y, h in page.placed:
        painter.save()
        block.paint(painter, QtCore.QRectF(MARGIN, y, width, h))
        painter.restore()


def write_pdf(sheet: Worksheet, path: str | Path, paper: str = "a4") -> Path:
    """The whole worksheet as one PDF, written atomically."""
    pages, size = sheet_pages(sheet, paper)
    with atomic_path(path) as tmp:
        writer = QtGui.QPdfWriter(str(tmp))
        writer.setPageSize(QtGui.QPageSize(PAPERS[paper]))
        writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
        writer.setResolution(72)
        writer.setTitle(f"Backpropagation worksheet: {sheet.title}")
        writer.setCreator("Backprop Studio")
        painter = QtGui.QPainter(writer)
        try:
            for n, page in enumerate(pages, start=1):
                if n > 1:
                    writer.newPage()
                paint_page(painter, page, size, n, len(pages))
        finally:
            painter.end()
    return Path(path)


def page_images(sheet: Worksheet, paper: str = "a4", zoom: float = 1.0) -> list[QtGui.QImage]:
    """The pages as images, ``zoom`` pixels per point (the preview)."""
    pages, size = sheet_pages(sheet, paper)
    images = []
    for n, page in enumerate(pages, start=1):
        image = QtGui.QImage(round(size.width() * zoom), round(size.height() * zoom),
                             QtGui.QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(72 / 0.0254))
        image.setDotsPerMeterY(round(72 / 0.0254))
        image.fill(QtGui.QColor("white"))
        painter = QtGui.QPainter(image)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
        painter.scale(zoom, zoom)
        paint_page(painter, page, size, n, len(pages))
        painter.end()
        images.append(image)
    return images


def draw_command(sheet: Worksheet, path: Path, paper: str) -> None:
    """``main.py worksheet``'s drawing: a QGuiApplication offscreen if none is running."""
    import os

    if QtGui.QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        draw_command.app = QtGui.QGuiApplication([])  # type: ignore[attr-defined]
    write_pdf(sheet, path, paper)
