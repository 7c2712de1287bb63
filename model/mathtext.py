"""Math text that knows its parts, so one build is written as Unicode or as LaTeX.

A ``Math`` is a ``str`` whose value is the Unicode the app shows (every panel keeps using it
as text), and it keeps the parts it was built from, so ``latex()`` writes the same thing for
TeX from those parts — never by reading the Unicode back. Its parts are leaves (a Unicode
text and its LaTeX, either math or words), ``Symbol``s of ``model.notation`` (anything with
``unicode()`` and ``latex()``) and other Math.

Build with ``m(*parts)``. A ``str`` part is either a fragment of ``VOCABULARY`` (" − ", "·",
" ⊙ ", "Σₖ ", "∂C/∂", …, each declared with its LaTeX), or plain ASCII that reads the same in
both (digits, brackets, "/", " + ", single-letter variables: "(1/n)"); anything else is
refused, so no Unicode can reach the LaTeX unnoticed. Prose goes in ``words()``: plain in
running text, ``\\text{}`` inside an equation. Pure Python; ``model.notation`` builds on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN = re.compile(r"[A-Za-z0-9()\[\]/+,.=|! ]*")
_WORD = re.compile(r"[A-Za-z]{2}")  # two letters are a word (exp, ln), not two variables
_CONTROL_WORD_END = re.compile(r"\\[A-Za-z]+$")
_TEXT_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class Leaf:
    """The smallest part: its Unicode, its LaTeX, and whether it is prose or math."""

    text: str
    tex: str
    words: bool = False

    def unicode(self) -> str:
        return self.text

    def latex(self) -> str:
        return self.tex


class Math(str):
    """Unicode text (the ``str`` itself) that can also write itself as LaTeX."""

    parts: tuple

    def __new__(cls, parts=()) -> Math:
        parts = tuple(parts)
        self = super().__new__(cls, "".join(p.unicode() for p in parts))
        self.parts = parts
        return self

    def __getnewargs__(self):  # copy and pickle rebuild from the parts
        return (self.parts,)

    def unicode(self) -> str:
        return str.__str__(self)

    def leaves(self):
        """Every leaf, in order; a Symbol counts as one math leaf."""
        for part in self.parts:
            if isinstance(part, Math):
                yield from part.leaves()
            elif isinstance(part, Leaf):
                yield part
            else:
                yield Leaf(part.unicode(), part.latex())

    def runs(self) -> list[tuple[bool, list[Leaf]]]:
        """The leaves in stretches of prose and of math: [(is_words, leaves), …]."""
        out: list[tuple[bool, list[Leaf]]] = []
        for leaf in self.leaves():
            if out and out[-1][0] == leaf.words:
                out[-1][1].append(leaf)
            else:
                out.append((leaf.words, [leaf]))
        return out

    def capitalized(self) -> Math:
        """The same text starting with a capital letter (a subject opening a sentence)."""
        leaves = list(self.leaves())
        if leaves and leaves[0].words and leaves[0].text:
            first = leaves[0]
            leaves[0] = Leaf(first.text[0].upper() + first.text[1:],
                             first.tex[0].upper() + first.tex[1:], words=True)
        return Math(leaves)

    def split_at(self, separator: str) -> list[Math]:
        """The top-level stretches between the parts that are ``separator`` (" = ")."""
        sep = _part(separator)
        pieces: list[list] = [[]]
        for part in self.parts:
            if part == sep and isinstance(part, Leaf):
                pieces.append([])
            else:
                pieces[-1].append(part)
        return [Math(p) for p in pieces]

    def latex(self, inline: bool = False) -> str:
        """LaTeX for a math environment, prose in ``\\text{}``; with ``inline``, for running
        text instead: prose as it is (escaped) and each stretch of math in ``$…$``."""
        if not inline:
            return _joined(rf"\text{{{_escaped(leaf.tex)}}}" if leaf.words else leaf.tex
                           for leaf in self.leaves())
        return "".join(_escaped("".join(leaf.tex for leaf in leaves)) if is_words
                       else _inline_math([leaf.tex for leaf in leaves])
                       for is_words, leaves in self.runs())

    def __add__(self, other) -> Math:
        return m(self, other)


def _inline_math(pieces: list[str]) -> str:
    body = _joined(pieces)
    stripped = body.strip()
    if not stripped:
        return body
    lead = body[:len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()):]
    return f"{lead}${stripped}${trail}"


def _joined(pieces) -> str:
    """LaTeX pieces in a row, with a space where a control word meets a letter (\\cdot a)."""
    out = ""
    for piece in pieces:
        if piece and out and piece[0].isalpha() and _CONTROL_WORD_END.search(out):
            out += " "
        out += piece
    return out


def _escaped(text: str) -> str:
    return "".join(_TEXT_SPECIALS.get(c, c) for c in text)


def words(text: str) -> Math:
    """Prose (ASCII only: a symbol or number inside it is its own part)."""
    if not text.isascii():
        raise ValueError(f"words() takes ASCII prose; build {text!r}'s math as parts")
    return Math((Leaf(text, text, words=True),))


def tok(text: str, tex: str) -> Math:
    """One math leaf with its LaTeX, for what the vocabulary does not hold."""
    return Math((Leaf(text, tex),))


def m(*parts) -> Math:
    """Math from parts: Math, Leaf, Symbol, an int, or a ``str`` fragment (see the module)."""
    return Math(tuple(_part(p) for p in parts))


def join(parts, separator) -> Math:
    """``parts`` with ``separator`` (a part) between them."""
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append(separator)
        out.append(part)
    return m(*out)


def _part(part):
    if isinstance(part, Math | Leaf):
        return part
    if isinstance(part, bool):
        raise TypeError(f"not a part of math text: {part!r}")
    if isinstance(part, int):
        text = str(part)
        return Leaf(text.replace("-", "−"), text)
    if isinstance(part, str):
        if part in VOCABULARY:
            return VOCABULARY[part]
        if _PLAIN.fullmatch(part) and not _WORD.search(part):
            return Leaf(part, part)
        raise ValueError(f"{part!r} is not in the math vocabulary: add it with its LaTeX, "
                         "or use tok()/words()")
    if hasattr(part, "unicode") and hasattr(part, "latex"):
        return part
    raise TypeError(f"not a part of math text: {part!r}")


VOCABULARY: dict[str, Leaf] = {text: Leaf(text, tex) for text, tex in {
    " = ": " = ",
    " ← ": r" \leftarrow ",
    " − ": " - ",
    "−": "-",
    " + ": " + ",
    "·": r" \cdot ",
    " ⊙ ": r" \odot ",
    " × ": r" \times ",
    " ≠ ": r" \neq ",
    ",   ": r",\quad ",
    ",  ": r",\quad ",
    "  ": r"\quad ",
    "Σ ": r"\sum ",
    "Σₖ ": r"\sum_{k} ",
    "Σⱼ ": r"\sum_{j} ",
    "Σₓ ": r"\sum_{x} ",
    "∂": r"\partial ",
    "∂C/∂": r"\partial C/\partial ",
    "∂Cₓ/∂": r"\partial C_{x}/\partial ",
    "∇ₐC": r"\nabla_{a} C",
    "Cₓ": "C_{x}",
    "½": r"\tfrac{1}{2}",
    "‖": r"\|",
    "²": "^{2}",
    "′": "'",
    "ᵀ": r"^\top",
    "…": r"\dots",
    "ln ": r"\ln ",
    "ln": r"\ln",
    "exp": r"\exp",
    "sign": r"\operatorname{sign}",
    "η": r"\eta",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ε": r"\varepsilon",
    "Δ": r"\Delta ",
}.items()}
