"""What every step's builder shares: the lines it fills, the trace by layer, shortened sums.

A line is math text (model.mathtext.Math: Unicode that can also write itself as LaTeX)
made of parts joined by " = ", the last part the trace's own number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from model.mathtext import Math, join, m, words
from model.notation import edge_words, factor, neuron_words, number, symbol
from model.stepview import MEAN, pick
from model.trace import Trace

Array = np.ndarray

MAX_TERMS = 6  # a longer sum shows its MAX_TERMS largest nonzero terms and counts the rest


def elided_sum(terms: Sequence[object], values: Sequence[float] | np.ndarray) -> Math:
    """``terms`` joined by " + ", each worth ``values[i]`` (what it adds to the sum).

    A sum of more than MAX_TERMS + 1 terms keeps its MAX_TERMS largest nonzero terms (by
    magnitude, NaN and ∞ first, in their original order) and says how many smaller and
    zero terms it left out: "… (+3 smaller terms, +7 zero terms)". So no nonzero term is
    ever hidden while a zero one shows; a sum of zeros keeps its first term.
    """
    n = len(terms)
    if n <= MAX_TERMS + 1:
        return join(terms, " + ")
    size = np.abs(np.asarray(values, dtype=float))
    size = np.where(np.isnan(size), np.inf, size)
    nonzero = np.flatnonzero(size != 0)
    ranked = nonzero[np.argsort(-size[nonzero], kind="stable")]
    kept = sorted(ranked[:MAX_TERMS]) if len(ranked) else [0]
    smaller = len(nonzero) - len(kept) if len(ranked) else 0
    zero = n - len(kept) - smaller
    counts = [f"+{c} {what} term{'s' if c > 1 else ''}"
              for c, what in ((smaller, "smaller"), (zero, "zero")) if c]
    return m(join([terms[i] for i in kept], " + "), " + ", "…", " (", words(", ".join(counts)),
             ")")


def batch_mean(values: Array) -> Math:
    """(1/n)(v₁ + v₂ + …): a mean over the batch, written out."""
    return m(f"(1/{len(values)})(", elided_sum([factor(v) for v in values], values), ")")


def product(x: float, y: float) -> Math:
    """x·y of two shown numbers: 0.5·(−0.25)."""
    return m(factor(x), "·", factor(y))


@dataclass
class Lines:
    """The substituted lines a builder fills, and the exact number each one ends in."""

    text: list[Math] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, *parts: object, value: float) -> None:
        """One line: ``parts`` = … = value (the trace's number, as ``num`` prints it)."""
        self.text.append(join([*map(m, parts), number(value)], " = "))
        self.values[key] = float(value)


class Context:
    """The trace's arrays by layer number, and who is shown."""

    def __init__(self, trace: Trace, sample, network, settings):
        self.trace = trace
        self.n = len(trace.input)
        self.sample = sample
        self.mean = sample == MEAN
        self.network = network
        self.loss = network.loss
        self.settings = settings
        self.big_l = trace.n_layers

    def a(self, l: int) -> Array:
        return self.trace.a(l)

    def z(self, l: int) -> Array:
        return self.trace.layer(l).z

    def delta(self, l: int) -> Array:
        return self.trace.layer(l).delta

    def act(self, l: int):
        return self.network.activation(l)

    def shown(self, values: Array) -> Array:
        return pick(values, self.sample)

    def prime(self, l: int) -> Array:
        return self.act(l).prime(self.z(l), self.a(l))

    @property
    def who(self) -> str:
        return "batch mean" if self.mean else f"sample {self.sample + 1}"


# --- words -------------------------------------------------------------------------------------

def neuron_subject(l: int, j: int, ctx: Context) -> Math:
    return words(f"for {neuron_words(l, j)}, {ctx.who}")


def edge_subject(l: int, j: int, k: int) -> Math:
    return m(words("for the weight "), symbol("w", l, j, k), words(f" {edge_words(l, j, k)}"))


def mean_note(what: object) -> Math:
    return m(what, words(" is computed for each sample; the batch mean is its average. "
                         "Choose one sample to see the equation with its numbers."))
