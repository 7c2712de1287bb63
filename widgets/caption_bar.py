"""The lesson's caption under the step bar: what to say at this step, in large type.

Shows the lesson's title, "step i of n" and the caption (word-wrapped, at least two lines
tall), with ◀ / ▶ buttons that call the player. The buttons never take focus, so the
arrow keys and Space keep reaching the window. ``set_scale`` enlarges every font;
``set_projector`` sets them in pixels for presentation mode (never under the projector's
floor). A lesson's caption keeps one size and the bar one height across all its steps:
the largest size, down to 70 % (a projector: down to the floor), at which the lesson's
longest caption takes at most three lines at the bar's width, so the picture above never
jumps between steps and a long worked equation never squeezes the diagram away.
With no lesson open the bar's content is hidden.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.lessons import Number
from widgets.projector import font_px, px_per_point

CAPTION_POINTS = 16.0
TITLE_POINTS = 12.0
BUTTON_POINTS = 18.0
MAX_LINES = 3  # a longer caption is set smaller rather than push the diagram off the screen
SMALLEST = 0.7  # … but never below this share of the bar's own size
INK = "#1a1a1a"
MUTED = "#444444"
PROJECTOR_CAPTION = 1.0  # a projector's caption, in floors: every pixel of height is the
# diagram's (a 3-line caption at 1.2 floors cost a 7-8-8-1 network its 48 px neurons)
WIDE_NUMBER = Number(0.888888)  # what a caption's placeholders are measured as


def _font(size: float, bold: bool = False, px: bool = False) -> QtGui.QFont:
    """A font of ``size`` points (``px``: pixels)."""
    f = QtGui.QFont()
    if px:
        f.setPixelSize(max(round(size), 1))
    else:
        f.setPointSizeF(size)
    f.setBold(bold)
    return f


class _Wide(dict):
    def __missing__(self, key):
        return WIDE_NUMBER


class CaptionBar(QtWidgets.QFrame):
    """Title, step counter and caption of the open lesson, between ◀ and ▶ buttons."""

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.scale = 1.0
        self.floor: float | None = None  # presentation mode's smallest text (px)
        self._fitted_for = None  # the lesson the caption's size was chosen for
        self.setObjectName("captionBar")
        self.setStyleSheet(f"#captionBar {{ background: #f6f4ee; border-top: 1px solid #cccccc; }}"
                           f" QLabel {{ color: {INK}; background: transparent; }}")
        self.content = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(self.content)
        row.setContentsMargins(8, 6, 8, 8)
        row.setSpacing(12)
        self.prev_button = self._button("◀", "Previous lesson step", player.previous)
        self.next_button = self._button("▶", "Next lesson step", player.next)

        self.title = QtWidgets.QLabel(self.content)
        self.title.setObjectName("lessonTitle")
        self.title.setWordWrap(True)  # a long title must not widen a 1280-px projector window
        self.counter = QtWidgets.QLabel(self.content)
        self.counter.setObjectName("lessonCounter")
        self.counter.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight
                                  | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.caption = QtWidgets.QLabel(self.content)
        self.caption.setObjectName("lessonCaption")
        self.caption.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # captions contain "<"
        self.caption.setWordWrap(True)
        self.caption.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft
                                  | QtCore.Qt.AlignmentFlag.AlignTop)
        self.caption.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.caption.installEventFilter(self)  # its width decides its size (_fit_caption)
        self._probe = QtWidgets.QLabel()  # never shown: lays out every caption to measure it
        self._probe.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self._probe.setWordWrap(True)

        heading = QtWidgets.QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.counter)
        middle = QtWidgets.QVBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(2)
        middle.addLayout(heading)
        middle.addWidget(self.caption, 1)
        row.addWidget(self.prev_button, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(middle, 1)
        row.addWidget(self.next_button, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)

        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.content)
        self.set_scale(1.0)
        player.changed.connect(self.refresh)
        player.opened.connect(self.refresh)
        player.closed.connect(self.refresh)
        self.refresh()

    def _button(self, text: str, tip: str, slot) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton(self.content)
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # keys must reach the window
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def set_scale(self, factor: float) -> None:
        """Multiply every font size by ``factor``."""
        self.scale = float(factor)
        self._set_fonts()

    def set_projector(self, floor: float | None) -> None:
        """Presentation mode: every font in pixels, none under ``floor``; None: points."""
        self.floor = None if floor is None else float(floor)
        self._set_fonts()

    def set_buttons_shown(self, shown: bool) -> None:
        """◀ / ▶ beside the caption, or not (presenting, the step bar above has them)."""
        for b in (self.prev_button, self.next_button):
            b.setVisible(shown)

    def _size(self, points: float) -> float:
        """A desk size as now drawn: points × the scale, or on a projector its pixels."""
        if self.floor is None:
            return points * self.scale
        return max(self.floor, self.floor * points / TITLE_POINTS)

    def _set_fonts(self) -> None:
        px = self.floor is not None
        self.title.setFont(_font(self._size(TITLE_POINTS), bold=True, px=px))
        self.counter.setFont(_font(self._size(TITLE_POINTS), px=px))
        self.title.setStyleSheet(f"color: {MUTED};")
        self.counter.setStyleSheet(f"color: {MUTED};")
        font = _font(self._size(BUTTON_POINTS), px=px)
        side = round(2 * font_px(font))
        for b in (self.prev_button, self.next_button):
            b.setFont(font)
            b.setFixedSize(side, side)
        self._fit_caption()

    def _caption_range(self) -> tuple[float, float]:
        """(largest, smallest) caption size, in the unit the fonts are set in."""
        if self.floor is None:
            largest = CAPTION_POINTS * self.scale
            return largest, largest * SMALLEST
        return PROJECTOR_CAPTION * self.floor, self.floor

    def _texts(self) -> list[str]:
        """Every caption of the open lesson, placeholders as wide numbers (or the one
        shown, when the lesson's steps are unknown)."""
        steps = getattr(self.player.lesson, "steps", None)
        if not steps:
            return [self.caption.text()] if self.caption.text() else []
        out = []
        for step in steps:
            try:
                out.append(step.caption.format_map(_Wide()))
            except (ValueError, TypeError):
                out.append(step.caption)
        return out

    def _fit_caption(self) -> None:
        """The largest size in ``_caption_range`` at which the lesson's longest caption
        takes at most MAX_LINES lines at the label's width; the label as tall as that
        caption needs, so the bar keeps its height across the lesson's steps."""
        texts, width = self._texts(), self.caption.width()
        largest, smallest = self._caption_range()
        px = self.floor is not None
        size = largest

        def height(size: float) -> tuple[int, int]:
            """The tallest caption at ``size`` as the label lays it out (a probe label)."""
            probe = self._probe
            probe.setFont(_font(size, px=px))
            tallest = 0
            for text in texts:
                probe.setText(text)
                tallest = max(tallest, probe.heightForWidth(width))
            return tallest, probe.fontMetrics().lineSpacing()

        measured = bool(texts) and width > 100
        while measured and size > smallest:
            tallest, line = height(size)
            if tallest <= MAX_LINES * line:
                break
            size = max(size * 0.93, smallest)
        font = _font(size, px=px)
        if font != self.caption.font():
            self.caption.setFont(font)
        tallest, line = height(size) if measured else (0, self.caption.fontMetrics().lineSpacing())
        self.caption.setFixedHeight(max(2 * line + 4, tallest))  # not what the tool bar or
        # a size hint guesses: exactly the lesson's tallest caption

    def eventFilter(self, obj, event) -> bool:
        """The caption label got a new width: its size and height are chosen for it."""
        if (obj is self.caption and event.type() == QtCore.QEvent.Type.Resize
                and event.size().width() != event.oldSize().width()):
            self._fit_caption()
        return super().eventFilter(obj, event)

    def caption_points(self) -> float:
        return font_px(self.caption.font()) / px_per_point()

    def caption_px(self) -> float:
        return font_px(self.caption.font())

    def refresh(self) -> None:
        p = self.player
        lesson = p.lesson
        self.content.setVisible(lesson is not None)
        if lesson is None:
            self.title.setText("")
            self.counter.setText("")
            self.caption.setText("")
            return
        self.title.setText(lesson.title)
        self.counter.setText(f"step {p.index + 1} of {p.n_steps}")
        if lesson is not self._fitted_for or not getattr(lesson, "steps", None):
            self.caption.setText(p.caption)
            self._fitted_for = lesson
            self._fit_caption()
        else:
            self.caption.setText(p.caption)
        self.prev_button.setEnabled(p.index > 0)
        self.next_button.setEnabled(not p.at_end)
