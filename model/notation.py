"""Every symbol and number a person reads, written one way (pure Python, no Qt).

Index convention — the one rule, for every function here:

- **Layers** are numbered 1..L as people count them (Nielsen), layer 1 the input. A layer is
  passed as that number, or as a letter expression: ``"l"``, ``"L"``, ``"l+1"``, ``"l-1"``.
- **Neurons** j, k are passed as the arrays' own 0-based indices and printed 1-based:
  ``symbol("a", 2, 0)`` is a₁⁽²⁾, and ``symbol("w", 3, 0, 1)`` is w₁₂⁽³⁾ = ``W(3)[0, 1]``.
  Letters (``"j"``, ``"k"``) print as they are.
- The **layer index** is a parenthesised superscript after the subscripts, so it can never be
  read as a power: a₁⁽²⁾, w₁₂⁽³⁾, δ⁽ᴸ⁾, (W⁽ˡ⁺¹⁾)ᵀ. Subscripts are separated by a comma when
  one of them has two digits or more (w₁,₁₀⁽²⁾).
- σ is the sigmoid only; a general activation is φ: a⁽ˡ⁾ = φ(z⁽ˡ⁾).

Numbers (``num`` and its variants): significant digits, never fixed decimals, so a nonzero
value never reads as 0 or −0 (−1.4 × 10⁻⁶); zero of either sign is "0"; the real minus
sign; one scientific style, "× 10ⁿ" with a superscript exponent (never 1e-06), where
Python's ``g`` format would use an exponent; NaN, ∞ and −∞ as such. ``num`` (6 digits) is
for exact reading (the Inspector, tooltips, hover text, Undo labels), ``short`` (3) for
labels, legends and headlines, ``brief`` (2) where only a few characters fit, ``par`` puts
a negative in parentheses inside a product. docs/notation.md is the reader's page.

A ``Symbol`` knows its parts, so a LaTeX form (``latex()``) is there for exports; the
functions and equations return math text (``model.mathtext.Math``: the Unicode as a ``str``
that also writes itself as LaTeX), and ``number``/``factor`` are ``num``/``par`` as math text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace

from model.mathtext import Math, m, tok

MINUS = "−"
SIGMA = "σ"  # the sigmoid, and nothing else
PHI = "φ"  # any activation: a⁽ˡ⁾ = φ(z⁽ˡ⁾)
PRIME = "′"  # in model.mathtext's vocabulary, as are these
TRANSPOSE = "ᵀ"
EXACT_DIGITS = 6
SHORT_DIGITS = 3
BRIEF_DIGITS = 2

_SUP = dict(zip("0123456789+-−()Ll", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ᴸˡ", strict=True))
_SUB = dict(zip("0123456789+-−ijklmnx", "₀₁₂₃₄₅₆₇₈₉₊₋₋ᵢⱼₖₗₘₙₓ", strict=True))
_LATEX = {"δ": r"\delta", "σ": r"\sigma", "φ": r"\varphi", "η": r"\eta", "λ": r"\lambda",
          "β": r"\beta", "μ": r"\mu"}
_BAR = "\u0304"  # combining macron: x̄ is a batch mean

ACTIVATION_NAMES = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
                    "leaky_relu": "leaky ReLU", "linear": "linear", "arctan": "arctan",
                    "softmax": "softmax", "step": "step"}
LOSS_NAMES = {"quadratic": "quadratic", "mse": "mean squared error",
              "cross_entropy": "cross-entropy"}
# The three costs, one name each in every panel and caption (DESIGN.md), and the metrics
COST_NAMES = {"batch": "batch cost C", "train": "training cost", "test": "test cost"}
COST_KINDS = tuple(COST_NAMES)
METRIC_NAMES = {"accuracy": "accuracy", "r2": "R²"}
SET_NAMES = {"train": "training", "test": "test"}
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "momentum", "adam": "Adam"}
REGULARIZER_NAMES = {"none": "none", "l1": "L1", "l2": "L2"}
INITIALISER_NAMES = {"small_random": "small random", "xavier": "Xavier", "he": "He"}
_FUNCTIONS = {"sigmoid": (SIGMA, r"\sigma"), "tanh": ("tanh", r"\tanh"),
              "relu": ("ReLU", r"\operatorname{ReLU}"),
              "leaky_relu": ("LReLU", r"\operatorname{LReLU}"), "linear": (PHI, r"\varphi"),
              "arctan": ("arctan", r"\arctan"), "softmax": ("softmax", r"\operatorname{softmax}"),
              "step": ("step", r"\operatorname{step}")}


def _mapped(text: str, table: dict[str, str], what: str) -> str:
    try:
        return "".join(table[c] for c in text)
    except KeyError as err:
        raise ValueError(f"{text!r} cannot be written as a {what}") from err


def _layer_text(layer: int | str | None) -> str:
    if layer is None:
        return ""
    if isinstance(layer, bool) or not isinstance(layer, int | str):
        raise TypeError(f"a layer is a number 1..L or a letter expression, not {layer!r}")
    return str(int(layer)) if isinstance(layer, int) else layer.replace("-", MINUS)


def _index_text(index: int | str) -> str:
    if isinstance(index, bool):
        raise TypeError(f"a neuron index is a 0-based int or a letter, not {index!r}")
    return str(int(index) + 1) if not isinstance(index, str) else index


@dataclass(frozen=True)
class Symbol:
    """One symbol as its parts, already in display form (indices 1-based): x₁, a₁⁽²⁾, W⁽³⁾.

    f-strings print the Unicode form (``f"{s}"``); ``latex()`` gives the same for TeX.
    """

    base: str
    layer: str = ""  # "2", "L", "l+1", … ("" for none)
    indices: tuple[str, ...] = ()  # "1", "12", "j", …
    bar: bool = False  # the batch mean
    transposed: bool = False

    @property
    def T(self) -> Symbol:
        return replace(self, transposed=True)

    def unicode(self) -> str:
        base = unicodedata.normalize("NFC", self.base + _BAR) if self.bar else self.base
        sep = "," if any(len(i) > 1 for i in self.indices) else ""
        text = base + sep.join(_mapped(i, _SUB, "subscript") for i in self.indices)
        if self.layer:
            text += _mapped(f"({self.layer})", _SUP, "superscript")
        return f"({text}){TRANSPOSE}" if self.transposed else text

    def latex(self) -> str:
        base = _LATEX.get(self.base, self.base)
        text = rf"\bar{{{base}}}" if self.bar else base
        if self.indices:
            sep = "," if any(len(i) > 1 for i in self.indices) else ""
            text += "_{" + sep.join(self.indices) + "}"
        if self.layer:
            text += "^{(" + self.layer.replace(MINUS, "-") + ")}"
        return rf"\left({text}\right)^\top" if self.transposed else text

    def __str__(self) -> str:
        return self.unicode()


def symbol(base: str, layer: int | str | None = None, j: int | str | None = None,
           k: int | str | None = None, *, bar: bool = False) -> Symbol:
    """``base`` with neuron subscripts j, k (0-based ints, printed 1-based) and layer ``layer``
    (1..L or a letter expression) as a parenthesised superscript: symbol("w", 3, 0, 1) is
    w₁₂⁽³⁾, symbol("x", j=0) is x₁, symbol("W", "l+1").T is (W⁽ˡ⁺¹⁾)ᵀ."""
    indices = tuple(_index_text(i) for i in (j, k) if i is not None)
    return Symbol(base, _layer_text(layer), indices, bar)


def indexed(name: str | Symbol, *indices: int) -> str:
    """A matrix or vector entry with 1-based bracket indices: indexed("W⁽³⁾", 0, 9) is
    W⁽³⁾[1][10] — the same entry as w₁,₁₀⁽³⁾."""
    return f"{name}" + "".join(f"[{_index_text(i)}]" for i in indices)


def neuron_words(layer: int, j: int) -> str:
    """"neuron 2 of layer 3" for the 0-based neuron j = 1 of layer 3."""
    return f"neuron {_index_text(j)} of layer {layer}"


def edge_words(layer: int, j: int, k: int) -> str:
    """The weight w_jk of ``layer`` in words: from its input neuron to its neuron."""
    return f"from {neuron_words(layer - 1, k)} to {neuron_words(layer, j)}"


# --- functions and names ----------------------------------------------------------------------

def activation_name(name: str) -> str:
    """The one display name of an activation ("ReLU", "leaky ReLU", "sigmoid")."""
    return ACTIVATION_NAMES.get(name, name)


def loss_name(name: str) -> str:
    """The one display name of a loss ("quadratic", "cross-entropy")."""
    return LOSS_NAMES.get(name, name)


def optimizer_name(name: str) -> str:
    """The one display name of an update rule ("SGD", "momentum", "Adam")."""
    return OPTIMIZER_NAMES.get(name, name)


def regularizer_name(name: str) -> str:
    """The one display name of a regulariser ("L1", "L2", "none")."""
    return REGULARIZER_NAMES.get(name, name)


def initialiser_name(name: str) -> str:
    """The one display name of an initialiser ("Xavier", "He", "small random")."""
    return INITIALISER_NAMES.get(name, name)


def cost_label(kind: str) -> str:
    """The one name of a cost: "batch cost C" (the mini-batch's, what the update uses),
    "training cost" (the whole training set), "test cost". KeyError for another kind."""
    return COST_NAMES[kind]


def cost_text(kind: str, value: float | None) -> str:
    """"batch cost C = 0.144", "training cost = 0.0117"; a cost not computed yet in this pass
    (None) says so."""
    if value is None:
        return f"{cost_label(kind)} not computed yet"
    return f"{cost_label(kind)} = {short(value)}"


def unbroken(text: str) -> str:
    """``text`` for a label that wraps: "C = 0.144" is never split at its "=" (no-break
    spaces around it)."""
    return text.replace(" = ", "\u00a0=\u00a0")


def metric_label(part: str, metric: str) -> str:
    """"training accuracy", "test R²": the metric of the training or test set."""
    return f"{SET_NAMES[part]} {METRIC_NAMES[metric]}"


def percent(x: float) -> str:
    """A fraction as a percentage to three significant digits: 98.3%, 100%, 6.25%."""
    special = _special(float(x))
    return special if special not in (None, "0") else f"{num(100 * float(x), SHORT_DIGITS)}%"


def metric_text(metric: str, value: float) -> str:
    """"accuracy 98.3%", "R² 0.912": a metric beside the cost it goes with."""
    shown = percent(value) if metric == "accuracy" else short(value)
    return f"{METRIC_NAMES[metric]} {shown}"


LABEL_CHARS = 14  # a feature or class name beside a neuron; longer ones are shortened
_UNIT = re.compile(r"\s*\([^()]*\)$")  # "sepal length (cm)": a trailing unit


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """A data column's name short enough to sit beside a neuron, the full name being in the
    tooltip. A name up to ``limit`` characters stays as it is; a longer one reads its
    underscores as spaces, loses a trailing unit in parentheses ("sepal length (cm)" →
    "sepal length"), then its longest words are cut, to no fewer than four letters, with a
    full stop ("nonflavanoid phenols" → "nonfl. phenols"), and only then is the rest cut
    with "…"."""
    if len(name) <= limit:
        return name
    text = _UNIT.sub("", " ".join(name.replace("_", " ").split())) or name
    words = text.split(" ")
    while (excess := len(" ".join(words)) - limit) > 0:
        cuttable = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if not cuttable:
            break
        longest = max(cuttable, key=lambda i: len(words[i]))
        word = words[longest]
        words[longest] = word[:max(4, len(word) - excess - 1)] + "."
    text = " ".join(words)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def short_labels(names, limit: int = LABEL_CHARS) -> tuple[str, ...]:
    """``short_label`` of each name, cut alike: when one is too long, all read underscores
    as spaces and lose their units ("sepal length", "sepal width", not "sepal width (cm)"
    beside them)."""
    names = tuple(names)
    if any(len(n) > limit for n in names):
        names = tuple(_UNIT.sub("", " ".join(n.replace("_", " ").split())) or n for n in names)
    return tuple(short_label(n, limit) for n in names)


def function_symbol(name: str) -> Math:
    """The activation's letter in equations: σ for the sigmoid, tanh, ReLU, …, φ for linear."""
    return tok(*_FUNCTIONS.get(name, _FUNCTIONS["linear"]))


def applied(name: str, argument: object) -> Math:
    """σ(z⁽²⁾), tanh(z⁽²⁾); the linear activation leaves its argument as it is."""
    return m(argument) if name == "linear" else m(function_symbol(name), "(", argument, ")")


def derivative(name: str, argument: object) -> Math:
    """σ′(z⁽²⁾), tanh′(z⁽²⁾), φ′(z⁽²⁾) for linear."""
    return m(function_symbol(name), PRIME, "(", argument, ")")


# --- equations ----------------------------------------------------------------------------------

def forward_equation(layer: int | str, activation: str = "") -> Math:
    """z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = σ(z⁽ˡ⁾) for a layer (φ without an activation)."""
    prev = layer - 1 if isinstance(layer, int) else f"{layer}-1"
    z = symbol("z", layer)
    act = applied(activation, z) if activation else m(tok(PHI, r"\varphi"), "(", z, ")")
    return m(z, " = ", symbol("W", layer), symbol("a", prev), " + ", symbol("b", layer), ",   ",
             symbol("a", layer), " = ", act)


def output_error_equation(layer: int | str = "L", activation: str = "",
                          loss: str = "") -> Math:
    """BP1 for this output layer: δ⁽ᴸ⁾ = ∇ₐC ⊙ σ′(z⁽ᴸ⁾), with the closed forms of
    cross-entropy after sigmoid or softmax, and softmax's Jacobian J."""
    d, z, a = symbol("δ", layer), symbol("z", layer), symbol("a", layer)
    closed = m(" = ", a, " − ", "y") if loss == "cross_entropy" else m()
    if activation == "softmax":
        jacobian = m("J", TRANSPOSE, " ", "∇ₐC")
        if loss == "cross_entropy":
            return m(d, " = ", jacobian, closed)
        return m(d, " = ", jacobian, ",   ", "J", " = ", "∂", a, "/", "∂", z)
    general = m(d, " = ", "∇ₐC", " ⊙ ", derivative(activation or "φ", z))
    return m(general, closed) if activation == "sigmoid" else general


def backward_equation(layer: int | str = "l", activation: str = "") -> Math:
    """BP2 for a hidden layer: δ⁽ˡ⁾ = ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾) ⊙ σ′(z⁽ˡ⁾)."""
    nxt = layer + 1 if isinstance(layer, int) else f"{layer}+1"
    back = m("(", symbol("W", nxt).T, " ", symbol("δ", nxt), ")")
    return m(symbol("δ", layer), " = ", back, " ⊙ ",
             derivative(activation or "φ", symbol("z", layer)))


BIAS_GRADIENT = m("∂C/∂", symbol("b", "l", "j"), " = ", symbol("δ", "l", "j"))
WEIGHT_GRADIENT = m("∂C/∂", symbol("w", "l", "j", "k"), " = ", symbol("a", "l-1", "k"), " ",
                    symbol("δ", "l", "j"))
BP_EQUATIONS = (output_error_equation(), backward_equation(), BIAS_GRADIENT, WEIGHT_GRADIENT)
FORWARD_EQUATION = forward_equation("l")


# --- numbers ------------------------------------------------------------------------------------

def _typeset(text: str) -> str:
    """Python's number text on screen: "-1.4e-06" → "−1.4 × 10⁻⁶"."""
    mantissa, e, exponent = text.partition("e")
    if e:
        text = f"{mantissa} × 10{_mapped(str(int(exponent)), _SUP, 'superscript')}"
    return text.replace("-", MINUS)


def _special(x: float) -> str | None:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else f"{MINUS}∞"
    return "0" if x == 0 else None


def num(x: float, digits: int = EXACT_DIGITS) -> str:
    """A number for reading, to ``digits`` significant digits (no trailing zeros):
    0.734521, −1.4 × 10⁻⁶, 1 × 10³⁰⁸, 123457, 0 (for −0.0 too), NaN, ∞."""
    x = float(x)
    if x != 0 and math.isfinite(x):  # the common case first: a finite, non-zero number
        text = f"{x:.{max(1, digits)}g}"
        return _typeset(text) if "e" in text else text.replace("-", MINUS)
    special = _special(x)
    return special if special is not None else _typeset(f"{x:.{max(1, digits)}g}")


def short(x: float) -> str:
    """Three significant digits, for labels, legends and headlines: 0.734, −12.3, 0.00312."""
    return num(x, SHORT_DIGITS)


def brief(x: float) -> str:
    """Two significant digits, where only a few characters fit (inside small neurons)."""
    return num(x, BRIEF_DIGITS)


def par(x: float, digits: int = EXACT_DIGITS) -> str:
    """``num`` inside a product or sum: a negative in parentheses, 0.5·(−0.25)."""
    text = num(x, digits)
    return f"({text})" if text.startswith(MINUS) else text


def num_latex(x: float, digits: int = EXACT_DIGITS) -> str:
    """``num`` for TeX, from the same digits: -1.4 \\times 10^{-6}, 0, \\infty."""
    x = float(x)
    special = _special(x)
    if special is not None:
        return {"NaN": r"\mathrm{NaN}", "∞": r"\infty", f"{MINUS}∞": r"-\infty"}.get(special,
                                                                                  special)
    mantissa, e, exponent = f"{x:.{max(1, digits)}g}".partition("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}" if e else mantissa


def number(x: float, digits: int = EXACT_DIGITS) -> Math:
    """``num`` as math text, which also writes itself as LaTeX (``num_latex``)."""
    return tok(num(x, digits), num_latex(x, digits))


def factor(x: float, digits: int = EXACT_DIGITS) -> Math:
    """``par`` as math text: a negative in parentheses, in Unicode and LaTeX alike."""
    text, tex = num(x, digits), num_latex(x, digits)
    return tok(f"({text})", f"({tex})") if text.startswith(MINUS) else tok(text, tex)


_ZERO_LOOKING = re.compile(r"[\s+-]*[0.]*(e[+-]?\d+)?%?\s*")


def formatted(x: float, spec: str) -> str:
    """``x`` under a Python format spec (a caption's ``{x:.4f}``), typeset as ``num`` is:
    the real minus, "× 10ⁿ" for an exponent, "0.00" for −0.0, and a nonzero value the spec
    would round to zero shown with that many significant digits instead (−1.4 × 10⁻⁶)."""
    x = float(x)
    if not spec or _special(x) not in (None, "0"):
        return num(x)
    text = format(0.0 if x == 0 else x, spec)
    if x != 0 and _ZERO_LOOKING.fullmatch(text):
        precision = re.search(r"\.(\d+)", spec)
        digits = int(precision[1]) if precision else EXACT_DIGITS
        return f"{num(100 * x, digits)}%" if spec.endswith("%") else num(x, digits)
    return _typeset(text)


_SCIENTIFIC = re.compile(r"(.*?)\s*[×x]\s*10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_UNSUP = {v: k for k, v in _SUP.items() if k not in "−Ll()"}


def read_number(text: str) -> float:
    """The float a shown number stands for, so text copied from the screen can be typed
    back: "−1.4 × 10⁻⁶", "0.25", "1e-06". ValueError if it is not a number."""
    cleaned = text.strip().replace(MINUS, "-").replace("∞", "inf")
    match = _SCIENTIFIC.fullmatch(cleaned)
    if match:
        cleaned = f"{match[1] or '1'}e{''.join(_UNSUP[c] for c in match[2])}"
    return float(cleaned)


def clock(seconds: float) -> str:
    """Elapsed time as a clock reads: 0:07, 12:05, 1:02:05 (whole seconds, rounded down)."""
    s = max(int(seconds), 0)
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
