"""The lesson's caption under the step bar: what to say at this step, in large type.

Shows the lesson's title, "step i of n" and the caption (word-wrapped, at least two lines
tall), with ◀ / ▶ buttons that call the player. The buttons never take focus, so the
arrow keys and Space keep reaching the window. ``set_scale`` enlarges every font for
presentation mode. A caption that would take more than three lines at the bar's width is
set smaller (down to 70 %), so a long worked equation never squeezes the diagram away.
With no lesson open the bar's content is hidden.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

CAPTION_POINTS = 16.0
TITLE_POINTS = 12.0
BUTTON_POINTS = 18.0
MAX_LINES = 3  # a longer caption is set smaller rather than push the diagram off the screen
SMALLEST = 0.7  # … but never below this share of the bar's own size
INK = "#1a1a1a"
MUTED = "#444444"


def _font(points: float, bold: bool = False) -> QtGui.QFont:
    f = QtGui.QFont()
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


class CaptionBar(QtWidgets.QFrame):
    """Title, step counter and caption of the open lesson, between ◀ and ▶ buttons."""

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.scale = 1.0
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
        """Multiply every font size by ``factor`` (presentation mode uses about 1.6)."""
        self.scale = float(factor)
        self.caption.setFont(_font(CAPTION_POINTS * self.scale))
        self._fit_caption()
        self.title.setFont(_font(TITLE_POINTS * self.scale, bold=True))
        self.counter.setFont(_font(TITLE_POINTS * self.scale))
        self.title.setStyleSheet(f"color: {MUTED};")
        self.counter.setStyleSheet(f"color: {MUTED};")
        side = round(48 * self.scale)
        for button in (self.prev_button, self.next_button):
            button.setFont(_font(BUTTON_POINTS * self.scale))
            button.setFixedSize(side, side)
        self.caption.setMinimumHeight(2 * self.caption.fontMetrics().lineSpacing() + 4)

    def _fit_caption(self) -> None:
        """The largest size, from the scale's down to SMALLEST of it, that keeps the caption
        within MAX_LINES lines at the label's current width."""
        text, width = self.caption.text(), self.caption.contentsRect().width()
        points = largest = CAPTION_POINTS * self.scale
        if text and width > 100:
            flags = int(QtCore.Qt.TextFlag.TextWordWrap)
            while points > largest * SMALLEST:
                metrics = QtGui.QFontMetrics(_font(points))
                height = metrics.boundingRect(0, 0, width, 10_000, flags, text).height()
                if height <= MAX_LINES * metrics.lineSpacing():
                    break
                points = max(points * 0.93, largest * SMALLEST)
        if abs(points - self.caption.font().pointSizeF()) > 0.01:
            self.caption.setFont(_font(points))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_caption()

    def caption_points(self) -> float:
        return self.caption.font().pointSizeF()

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
        self.caption.setText(p.caption)
        self._fit_caption()
        self.prev_button.setEnabled(p.index > 0)
        self.next_button.setEnabled(not p.at_end)
