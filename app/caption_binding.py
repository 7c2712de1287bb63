"""Captions bound to live values: what the caption editor completes, previews and flags.

``placeholders`` lists what a step's caption may quote (app/lesson_captions.PLACEHOLDERS,
with the indexed forms of the selected neuron and edge: ``{z[2][1]}``, ``{w[3][1][2]}``);
``fill`` is the caption as the player says it (the app's number format); ``refusal`` the
loader's one-line refusal of an unknown placeholder; ``literals`` finds numbers typed into
a caption that equal a live value as printed ("this caption quotes 0.149; bind it to
{train_cost}?") and ``bind`` makes the one-click fix.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass

from app.lesson_captions import INDEXED, NEEDS_INDEX, PLACEHOLDERS, Number, check_caption
from model.errors import ValidationError
from model.losses import LOSSES, get_loss
from model.notation import MINUS

# A number as a caption types it: optional sign (true minus too), digits, a decimal part.
_NUMBER = re.compile(r"(?<![\w.{\[])([-−]?\d+(?:\.\d+)?)(?![\w\]}])(?!\.\d)")


def placeholders(view: str, spec=None, neuron=None, edge=None) -> list[str]:
    """What a caption of ``view`` may quote now, bare names first, then the selected
    neuron's (layer, j 0-based) and edge's (layer, j, k 0-based) indexed forms."""
    names = [p for p in PLACEHOLDERS[view]
             if not (view == "network" and p in NEEDS_INDEX)]
    if view != "network" or spec is None:
        return names
    if neuron is not None:
        layer, j = neuron
        kinds = ("activation",) if layer == 1 else ("neuron", "activation")
        names += [f"{p}[{layer}][{j + 1}]" for p, kind in INDEXED.items() if kind in kinds]
    if edge is not None:
        layer, j, k = edge
        names += [f"{p}[{layer}][{j + 1}][{k + 1}]" for p, kind in INDEXED.items()
                  if kind == "edge"]
    for loss in LOSSES:
        try:
            get_loss(loss, spec.network.activations[-1])
        except ValidationError:
            continue
        names += [f"{p}[{loss}]" for p, kind in INDEXED.items() if kind == "loss"]
    return names


def refusal(caption: str, view: str, spec=None) -> str | None:
    """The loader's refusal of this caption (unknown placeholder named), or None."""
    try:
        check_caption("caption", caption, view, spec)
    except ValidationError as err:
        return err.problem
    return None


def fill(caption: str, values: dict) -> str:
    """The caption as the player says it, placeholders filled with the app's numbers."""
    try:
        return caption.format_map(values)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return caption


def value_of(name: str, values: dict):
    """The value placeholder ``name`` (``z[2][1]``) stands for, or None."""
    try:
        value, _ = string.Formatter().get_field(name, (), values)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return None
    return value


@dataclass(frozen=True)
class Literal:
    text: str  # the number as typed
    start: int
    end: int
    name: str  # the placeholder it equals
    spec: str  # the format that prints it as typed ("" or ".3f")

    @property
    def message(self) -> str:
        return f"this caption quotes {self.text}; bind it to {{{self.name}}}?"

    @property
    def replacement(self) -> str:
        return f"{{{self.name}:{self.spec}}}" if self.spec else f"{{{self.name}}}"


def _outside_braces(caption: str) -> list[tuple[int, int]]:
    """Spans of ``caption`` that are literal text (not inside a {placeholder})."""
    spans, start, depth = [], 0, 0
    for i, c in enumerate(caption):
        if c == "{":
            if depth == 0:
                spans.append((start, i))
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                start = i + 1
    if depth == 0:
        spans.append((start, len(caption)))
    return spans


def literals(caption: str, names: list[str], values: dict) -> list[Literal]:
    """Numbers typed in ``caption`` that print exactly as one of the live values ``names``
    (first match in order). Whole numbers count only from 10 on (not "2 inputs")."""
    live = []
    for name in names:
        v = value_of(name, values)
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
            live.append((name, float(v)))
    found = []
    for lo, hi in _outside_braces(caption):
        for m in _NUMBER.finditer(caption, lo, hi):
            text = m[1]
            decimals = len(text.split(".")[1]) if "." in text else 0
            if decimals == 0 and abs(float(text.replace(MINUS, "-"))) < 10:
                continue
            for name, v in live:
                spec = _spec_printing(text, v, decimals)
                if spec is not None:
                    found.append(Literal(text, m.start(1), m.end(1), name, spec))
                    break
    return found


def _spec_printing(text: str, v: float, decimals: int) -> str | None:
    """The format spec under which ``v`` prints as ``text`` (as a caption prints it)."""
    typed = text.replace("-", MINUS)
    if format(Number(v), "") == typed:
        return ""
    if decimals and format(Number(v), f".{decimals}f") == typed:
        return f".{decimals}f"
    if not decimals and float(v).is_integer() and f"{int(v)}" == text.replace(MINUS, "-"):
        return ""
    return None


def bind(caption: str, literal: Literal) -> str:
    """The one-click fix: the typed number replaced by its placeholder."""
    return caption[:literal.start] + literal.replacement + caption[literal.end:]
