"""An explanation written out for people who paste worked steps into notes.

- ``text``: the Inspector's Unicode, line by line.
- ``latex``: real LaTeX math, written from the texts' parts (model.mathtext), not from their
  Unicode: prose as paragraphs with inline ``$…$``, the step's equation in ``\\[ … \\]`` and
  the substituted lines in one ``align*`` (amsmath), one row per "=", aligned on it.
- ``markdown``: for handouts: a heading, the caption and notes as prose with their symbols
  in code spans, and the equations as Unicode in fenced ``text`` code blocks, so they read
  the same in any Markdown viewer, with no math extension needed.
"""

from __future__ import annotations

from model.equations.derivation import BP_TITLES, Explanation
from model.mathtext import Math, words
from model.notation import BP_EQUATIONS

FORMATS = ("text", "latex", "markdown")
_MARKDOWN_SPECIALS = set("\\`*_[]<>|")


def render(e: Explanation, fmt: str, title: str) -> str:
    """``e`` as ``fmt`` (one of FORMATS) under ``title`` ("Step 5 of 8"), ending in a newline."""
    writers = {"text": _text, "latex": _latex, "markdown": _markdown}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return "\n".join(writers[fmt](e, title)) + "\n"


def _math(text: str) -> Math:
    """A text of the explanation as math text (a step made elsewhere may carry plain prose)."""
    return text if isinstance(text, Math) else words(text)


def _bp(e: Explanation) -> list[tuple[str, Math]]:
    return [(f"BP{i} ({BP_TITLES[i - 1]})", BP_EQUATIONS[i - 1]) for i in e.bp]


def _text(e: Explanation, title: str) -> list[str]:
    out = [title, str(e.caption), "", str(e.symbolic), "", f"{e.subject.capitalized()}:"]
    out += [f"  {line}" for line in e.substituted]
    if e.note:
        out += ["", str(e.note)]
    if e.bp:
        out += ["", *(f"{name}: {equation}" for name, equation in _bp(e))]
    return out


def _latex(e: Explanation, title: str) -> list[str]:
    out = [r"% Backprop Studio: the Inspector's derivation; needs \usepackage{amsmath}",
           rf"\noindent\textbf{{{title}.}} {_math(e.caption).latex(inline=True)}",
           rf"\[ {_math(e.symbolic).latex()} \]",
           rf"\noindent {e.subject.capitalized().latex(inline=True)}:",
           r"\begin{align*}"]
    rows = []
    for line in e.substituted:
        first, *rest = line.split_at(" = ")
        rows.append(f"  {first.latex()} &= {rest[0].latex()}")
        rows += [f"  &= {part.latex()}" for part in rest[1:]]
    out += [row + r" \\" for row in rows[:-1]] + rows[-1:]
    out.append(r"\end{align*}")
    if e.note:
        out += [rf"\noindent {e.note.latex(inline=True)}", ""]
    for name, equation in _bp(e):
        out += [rf"\noindent {name}: ${equation.latex()}$", ""]
    return out


def _markdown(e: Explanation, title: str) -> list[str]:
    out = [f"## {title}", "", _md_prose(_math(e.caption)), "", "```text", str(e.symbolic), "```",
           "", f"*{_md_prose(e.subject.capitalized())}:*", "", "```text", *e.substituted, "```"]
    if e.note:
        out += ["", f"> {_md_prose(e.note)}"]
    if e.bp:
        out += ["", *(f"- **{name}**: `{equation}`" for name, equation in _bp(e))]
    return out


def _md_prose(text: Math) -> str:
    """Prose escaped for Markdown, each stretch of math in a code span."""
    out = []
    for is_words, leaves in text.runs():
        run = "".join(leaf.text for leaf in leaves)
        if is_words:
            out.append("".join(f"\\{c}" if c in _MARKDOWN_SPECIALS else c for c in run))
        elif run.strip():
            lead, trail = run[:len(run) - len(run.lstrip())], run[len(run.rstrip()):]
            out.append(f"{lead}`{run.strip()}`{trail}")
    return "".join(out)
