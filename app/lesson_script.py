"""``main.py lesson NAME|PATH --script``: the lecture script a lecturer rehearses from.

The lesson is played headless, step by step as Next plays it in the window, and each step
is printed with its number, its caption with every placeholder filled in (the player's
caption: the very text the caption bar shows) and its speaker notes. Markdown or plain
text; ``--out`` is written atomically, and everything is checked before anything is.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from app.explain_command import check_out_file
from model.atomic_write import atomic_write_text
from model.errors import ValidationError

FORMATS = ("markdown", "text")
SUFFIXES = {".md": "markdown", ".markdown": "markdown"}
WIDTH = 78  # the text format's line length (a printed page)


@dataclass(frozen=True)
class ScriptStep:
    number: int  # 1-based, as the caption bar counts
    caption: str  # filled in, as the caption bar shows it
    notes: str


def check_script_format(fmt: str | None, out: str | None) -> str:
    """As given, else from --out's suffix (.md → markdown), else text."""
    if fmt is None:
        return SUFFIXES.get(Path(out).suffix.lower(), "text") if out else "text"
    if fmt not in FORMATS:
        raise ValidationError("--format", f"must be markdown or text, got {fmt!r}")
    return fmt


def play_script(player) -> list[ScriptStep]:
    """Every step of the player's open lesson, from the first, played with Next."""
    lesson = player.lesson
    if lesson is None:
        return []
    player.go_to(0)
    steps = []
    while True:
        steps.append(ScriptStep(player.index + 1, player.caption,
                                lesson.steps[player.index].notes))
        if player.at_end:
            return steps
        if player.asking:  # an exercise's "ask": the script reveals, as the hall's key does
            player.reveal(record=False)
        player.next()


def render_script(title: str, summary: str, steps: list[ScriptStep], fmt: str) -> str:
    n = len(steps)
    if fmt == "markdown":
        out = [f"# {title}", ""] + ([summary, ""] if summary else [])
        for s in steps:
            out += [f"## Step {s.number} of {n}", "", s.caption, ""]
            if s.notes:
                out += [f"> {line}" if line else ">" for line in s.notes.splitlines()] + [""]
        return "\n".join(out)
    out = [title, "=" * min(len(title), WIDTH), ""]
    if summary:
        out += [*textwrap.wrap(summary, WIDTH), ""]
    for s in steps:
        out += [f"Step {s.number} of {n}", *_wrapped(s.caption, "  ")]
        if s.notes:
            out += _wrapped(s.notes, "  Notes: ", "         ")
        out.append("")
    return "\n".join(out)


def _wrapped(text: str, first: str, rest: str | None = None) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, WIDTH, initial_indent=first if not lines else
                               (rest or first), subsequent_indent=rest or first,
                               break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def lesson_script(name_or_path: str, fmt: str | None = None, out: str | None = None) -> str:
    """The lecture script as ``fmt``, written to ``out`` if given; ValidationError on bad
    input, before anything is written."""
    from PySide6 import QtCore

    from app.lesson_player import LessonPlayer
    from app.session import Session

    fmt = check_script_format(fmt, out)
    out_path = check_out_file(out)
    _app = QtCore.QCoreApplication.instance() or QtCore.QCoreApplication([])
    player = LessonPlayer(Session())
    player.open(name_or_path)
    lesson = player.lesson
    assert lesson is not None
    text = render_script(lesson.title, lesson.summary, play_script(player), fmt)
    if out_path is not None:
        atomic_write_text(out_path, text)
    return text
