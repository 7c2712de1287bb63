"""The legibility audit's measurements: every text a presenting window shows, as it shows it.

``audit(window, floor)`` returns the problems found (empty: the frame is fit to project):
- the widgets: every visible label, button, box and tab at ``floor`` px or more (rich text
  fragment by fragment; sub- and superscripts are part of a symbol and exempt), its text
  whole (not elided, not cut by its box, its parents or what lies over it), no two text
  widgets on top of each other, the Inspector without a scroll bar;
- the diagram: every string its last paint drew (``NetworkDiagram.painted_texts``) at the
  floor, inside the picture, not cut, none shortened, none over another or over a neuron;
  its share of the window's height and its neurons' size (networks up to 8 wide);
- the plots: every visible pyqtgraph axis's tick and label font, text and legend item.
Each problem names the item and the measured size; the test adds lesson and step.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from widgets.projector import font_px, px_per_point

SLACK = 1.0  # px of antialiasing two boxes may share, or a text may pass its box by
MIN_SHARE = 0.55  # of the window's height, the diagram at least
MIN_NEURON = 48.0  # px across, every neuron of a network up to MAX_WIDE neurons wide
MAX_WIDE = 8
TEXT_WIDGETS = (QtWidgets.QLabel, QtWidgets.QAbstractButton, QtWidgets.QComboBox,
                QtWidgets.QTabBar, QtWidgets.QLineEdit, QtWidgets.QAbstractSpinBox)
SCRIPT = (QtGui.QTextCharFormat.VerticalAlignment.AlignSubScript,
          QtGui.QTextCharFormat.VerticalAlignment.AlignSuperScript)


def audit(window, floor: float) -> list[str]:
    problems = _widgets(window, floor)
    problems += _inspector(window)
    central = window.central_view()
    if central is window.diagram:
        problems += _diagram(window, floor)
    for name, pane in getattr(central, "panes", {}).items():  # a comparison's two runs
        pane.diagram.grab()
        problems += [f"run {name}'s {p}" for p in _painted(pane.diagram, floor)]
    problems += _plots(window, floor)
    return problems


def name(w: QtWidgets.QWidget) -> str:
    text = _text(w)
    label = f" {text[:40]!r}" if text else ""
    return f"{type(w).__name__}{'#' + w.objectName() if w.objectName() else ''}{label}"


# --- widgets --------------------------------------------------------------------------------

def shown_text_widgets(window) -> list[QtWidgets.QWidget]:
    """Every text widget the window shows now, any part of it on screen."""
    out = []
    for w in window.findChildren(QtWidgets.QWidget):
        if (isinstance(w, TEXT_WIDGETS) and w.isVisible() and _text(w)
                and not w.visibleRegion().isEmpty() and not _inside_plot(w)
                and not _stale_tabs(w, window)):
            out.append(w)
    return out


def _stale_tabs(w, window) -> bool:
    """A tab bar QMainWindow keeps for a tab group of which at most one dock is shown (Qt
    leaves it behind, under the tool bar; it is not drawn)."""
    if not isinstance(w, QtWidgets.QTabBar) or w.parent() is not window:
        return False
    shown = {d.windowTitle().replace("&&", "&") for d in window.docks.values() if d.isVisible()}
    if sum(w.tabText(i).replace("&&", "&") in shown for i in range(w.count())) < 2:
        return True
    return not _beside_its_dock(w, window)


def _beside_its_dock(w, window) -> bool:
    """Whether tab bar ``w`` sits against the dock of its current tab, as the one Qt draws
    does; a tab bar Qt keeps from an earlier arrangement of the same group lies elsewhere."""
    title = w.tabText(w.currentIndex()).replace("&&", "&")
    for dock in window.docks.values():
        if dock.isVisible() and dock.windowTitle().replace("&&", "&") == title:
            d, t = dock.geometry(), w.geometry()
            near = min(abs(t.top() - d.bottom()), abs(t.bottom() - d.top()))
            return near <= 8 and t.left() < d.right() and d.left() < t.right()
    return True


def _widgets(window, floor: float) -> list[str]:
    problems = []
    shown = shown_text_widgets(window)
    for w in shown:
        px = min_px(w)
        if px < floor - 0.01:
            problems.append(f"{name(w)}: {px:.1f} px, under {floor:.0f} px")
        problems += [f"{name(w)}: {p}" for p in _whole(w, window)]
    leaves = [w for w in shown if not any(o is not w and w.isAncestorOf(o) for o in shown)]
    boxes = [(w, _window_rect(w, window)) for w in leaves]
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            both = ra.intersected(rb)
            if both.width() > SLACK and both.height() > SLACK:
                problems.append(f"{name(a)} and {name(b)} overlap ({both.width():.0f}×"
                                f"{both.height():.0f} px)")
    return problems


def _text(w) -> str:
    if isinstance(w, QtWidgets.QLabel):
        return w.text()
    if isinstance(w, QtWidgets.QAbstractButton):
        return w.text()
    if isinstance(w, QtWidgets.QComboBox):
        return w.currentText()
    if isinstance(w, QtWidgets.QTabBar):
        return " | ".join(w.tabText(i) for i in range(w.count()))
    if isinstance(w, QtWidgets.QLineEdit):
        return w.text()
    if isinstance(w, QtWidgets.QAbstractSpinBox):
        return w.text()
    return ""


def _inside_plot(w) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QGraphicsView):
            return True
        parent = parent.parentWidget()
    return False


def _window_rect(w, window) -> QtCore.QRectF:
    return QtCore.QRectF(QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)), w.size()))


def min_px(w) -> float:
    """The smallest text size (px) the widget draws; rich text fragment by fragment."""
    if _rich(w):
        return rich_min_px(w.text(), w.font())
    return font_px(w.font())


def _rich(w) -> bool:
    """A label showing rich text (as Qt decides for AutoText)."""
    if not isinstance(w, QtWidgets.QLabel):
        return False
    fmt = w.textFormat()
    return fmt == QtCore.Qt.TextFormat.RichText or (
        fmt == QtCore.Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(w.text()))


def _rich_width(w: QtWidgets.QLabel) -> float:
    """How wide a word-wrapped rich-text label's content is at its width (a table or a
    line that cannot wrap may be wider: the label cuts it)."""
    doc = QtGui.QTextDocument()
    doc.setDefaultFont(w.font())
    doc.setDocumentMargin(0)
    doc.setHtml(w.text())
    indent = 2 * max(w.margin(), 0)
    doc.setTextWidth(w.contentsRect().width() - indent)
    return doc.idealWidth() + indent


def rich_min_px(html: str, font: QtGui.QFont) -> float:
    doc = QtGui.QTextDocument()
    doc.setDefaultFont(font)
    doc.setHtml(html)
    base = font_px(font)
    smallest = float("inf")
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fragment.text().strip() and fmt.verticalAlignment() not in SCRIPT:
                smallest = min(smallest, _fragment_px(fmt, base))
            it += 1
        block = block.next()
    return base if smallest == float("inf") else smallest


def _fragment_px(fmt: QtGui.QTextCharFormat, base: float) -> float:
    pixel = fmt.property(QtGui.QTextFormat.Property.FontPixelSize)
    if pixel:
        px = float(pixel)
    elif fmt.fontPointSize() > 0:
        px = fmt.fontPointSize() * px_per_point()
    else:
        px = base
    adjust = fmt.property(QtGui.QTextFormat.Property.FontSizeAdjustment)
    return px * (1.2 ** int(adjust)) if adjust else px


def _whole(w, window) -> list[str]:
    """Whether the widget's text shows whole: not cut by its own box, its parents or the
    window, and not elided."""
    problems = []
    region = w.visibleRegion()
    if region != QtGui.QRegion(w.rect()):
        seen = region.boundingRect()
        problems.append(f"cut: {seen.width()}×{seen.height()} of {w.width()}×{w.height()} "
                        "px on screen")
    if not window.rect().contains(QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)),
                                               w.size())):
        problems.append("outside the window")
    metrics = QtGui.QFontMetricsF(w.font())
    if isinstance(w, QtWidgets.QLabel):
        box = w.contentsRect()
        if w.wordWrap():
            needed = w.heightForWidth(w.width())
            if needed > w.height() + SLACK:
                problems.append(f"needs {needed} px of height, has {w.height()}")
            if _rich(w):
                wide = _rich_width(w)
                if wide > box.width() + SLACK:
                    problems.append(f"{wide:.0f} px wide in {box.width()} px")
        elif not _rich(w):
            widest = max(metrics.horizontalAdvance(line) for line in w.text().split("\n"))
            if widest > box.width() + SLACK:
                problems.append(f"{widest:.0f} px wide in {box.width()} px")
    elif isinstance(w, QtWidgets.QTabBar):
        for i in range(w.count()):
            needed = metrics.horizontalAdvance(w.tabText(i))
            if needed > w.tabRect(i).width() + SLACK:
                problems.append(f"tab {w.tabText(i)!r} {needed:.0f} px in {w.tabRect(i).width()}")
    elif isinstance(w, QtWidgets.QAbstractButton | QtWidgets.QComboBox):
        hint = w.sizeHint()
        if hint.width() > w.width() + SLACK or metrics.height() > w.height():
            problems.append(f"needs {hint.width()}×{hint.height()} px, has "
                            f"{w.width()}×{w.height()}")
    return problems


def _inspector(window) -> list[str]:
    inspector = window.inspector
    if not inspector.isVisible() or inspector.visibleRegion().isEmpty():
        return []
    bar = inspector.scroll.verticalScrollBar()
    if bar.maximum() > 0:
        return [f"Inspector scrolls: {bar.maximum()} px of its derivation out of view"]
    return []


# --- the diagram ----------------------------------------------------------------------------

def _diagram(window, floor: float) -> list[str]:
    d = window.diagram
    d.grab()  # painted now: its painted_texts are those of this frame
    problems = []
    share = d.height() / window.height()
    if share < MIN_SHARE:
        problems.append(f"diagram {d.height()} px high, {share:.0%} of the window")
    sizes = d.session.network.sizes
    circles = [d.neuron_rect(layer + 1, j) for layer, n in enumerate(sizes)
               if not d.neurons_as_image(layer + 1) for j in range(n)]
    if max(sizes) <= MAX_WIDE:
        small = min(c.width() for c in circles)
        if small < MIN_NEURON - 0.01:
            problems.append(f"neurons {small:.1f} px across, under {MIN_NEURON:.0f}")
    picture = QtCore.QRectF(d.rect())
    for c in circles:
        if not picture.contains(c):
            problems.append(f"neuron at {c.center().x():.0f},{c.center().y():.0f} cut off")
    problems += _painted(d, floor)
    texts = d.painted_texts
    boxes = [t for t in texts if t.text.strip()]
    for i, a in enumerate(boxes):
        inside = [c for c in circles if c.contains(a.rect.center())]
        for c in circles:
            if c in inside:
                continue
            if _overlap(a.rect, _circle_core(c)):
                problems.append(f"diagram text {a.text[:40]!r} over a neuron")
                break
        for b in boxes[i + 1:]:
            if _overlap(a.rect, b.rect):
                problems.append(f"diagram texts {a.text[:30]!r} and {b.text[:30]!r} overlap")
    problems += _bias_and_maps(d, sizes)
    return problems


def _painted(d, floor: float) -> list[str]:
    """A diagram's painted strings: at the floor, whole, inside its picture."""
    problems = [f"diagram text shortened: {text!r}" for text in d.elided_texts]
    picture = QtCore.QRectF(d.rect()).adjusted(-SLACK, -SLACK, SLACK, SLACK)
    for t in d.painted_texts:
        label = f"diagram text {t.text[:40]!r}"
        if t.px < floor - 0.01:
            problems.append(f"{label}: {t.px:.1f} px, under {floor:.0f} px")
        if t.clipped:
            problems.append(f"{label}: cut by its box")
        if not picture.contains(t.rect):
            problems.append(f"{label}: outside the picture")
    return problems


def _overlap(a: QtCore.QRectF, b: QtCore.QRectF) -> bool:
    both = a.intersected(b)
    return both.width() > SLACK and both.height() > SLACK


def _circle_core(c: QtCore.QRectF) -> QtCore.QRectF:
    """The square inside a neuron's circle: text there covers the neuron."""
    inset = c.width() * (1 - 0.7071) / 2
    return c.adjusted(inset, inset, -inset, -inset)


def _bias_and_maps(d, sizes) -> list[str]:
    """No neuron map over another neuron's map, bias square or circle."""
    problems = []
    maps = [(layer, j, d.map_rect(layer, j)) for layer in range(2, len(sizes) + 1)
            for j in range(sizes[layer - 1])]
    maps = [(layer, j, r) for layer, j, r in maps if r is not None]
    others = [(layer, j, d.bias_rect(layer, j)) for layer in range(2, len(sizes) + 1)
              for j in range(sizes[layer - 1])]
    others = [(layer, j, r) for layer, j, r in others if r is not None]
    for i, (layer, j, r) in enumerate(maps):
        for layer2, j2, r2 in maps[i + 1:]:
            if _overlap(r, r2):
                problems.append(f"maps of neurons {layer}:{j + 1} and {layer2}:{j2 + 1} overlap")
        for layer2, j2, r2 in others:
            if _overlap(r, r2):
                problems.append(f"map of {layer}:{j + 1} over the bias of {layer2}:{j2 + 1}")
    return problems


# --- plots ----------------------------------------------------------------------------------

def _plots(window, floor: float) -> list[str]:
    problems = []
    for view in window.findChildren(pg.GraphicsView):
        if not view.isVisible() or view.visibleRegion().isEmpty():
            continue
        owner = type(view.parentWidget()).__name__ if view.parentWidget() else "plot"
        for item in view.scene().items():
            if not item.isVisible():
                continue
            for what, px in _item_sizes(item):
                if px < floor - 0.01:
                    problems.append(f"{owner} {what}: {px:.1f} px, under {floor:.0f} px")
    return problems


def _item_sizes(item) -> list[tuple[str, float]]:
    if isinstance(item, pg.AxisItem):
        out = []
        if item.style.get("showValues", True):
            out.append((f"{item.orientation} ticks", font_px(item.style.get("tickFont")
                                                              or QtGui.QFont())))
        if item.label.isVisible() and item.label.toPlainText().strip():
            out.append((f"{item.orientation} label {item.label.toPlainText()!r}",
                        rich_min_px(item.label.toHtml(), item.label.font())))
        return out
    if isinstance(item, pg.TextItem):
        return [(f"text {item.textItem.toPlainText()[:30]!r}",
                 rich_min_px(item.textItem.toHtml(), item.textItem.font()))]
    if isinstance(item, pg.LabelItem) and item.item.toPlainText().strip():
        return [(f"label {item.item.toPlainText()[:30]!r}",
                 rich_min_px(item.item.toHtml(), item.item.font()))]
    return []
