"""model.mathtext: math text is the Unicode the app shows, and writes the same as LaTeX from
its parts; nothing that is not declared with its LaTeX gets in."""

import copy
import pickle

import pytest

from model.mathtext import VOCABULARY, Math, m, tok, words
from model.notation import (
    BP_EQUATIONS,
    derivative,
    factor,
    number,
    symbol,
)


def test_math_is_the_unicode_it_shows():
    text = m(symbol("δ", 3, 0), " = ", symbol("a", 3, 0), " − ", symbol("y", None, 0))
    assert text == "δ₁⁽³⁾ = a₁⁽³⁾ − y₁" and isinstance(text, str)
    assert f"[{text}]" == "[δ₁⁽³⁾ = a₁⁽³⁾ − y₁]"
    assert text.latex() == r"\delta_{1}^{(3)} = a_{1}^{(3)} - y_{1}"


def test_fragments_outside_the_vocabulary_are_refused():
    for bad in ("≈", "exp(", "σ′", "−0.5", "ln(2)"):
        with pytest.raises(ValueError):
            m(bad)
    with pytest.raises(ValueError):
        words("a − y")
    assert m("(1/n) ") == "(1/n) " and m("exp", "(", "x", ")").latex() == r"\exp(x)"
    assert all(leaf.tex.isascii() for leaf in VOCABULARY.values())


def test_a_control_word_never_runs_into_a_letter():
    assert m("μ", "v").latex() == r"\mu v"
    assert m("λ", symbol("w", 2, 0, 1)).latex() == r"\lambda w_{12}^{(2)}"
    assert m(number(0.5), "·", number(2)).latex() == r"0.5 \cdot 2"


def test_prose_and_math_in_running_text_and_in_equations():
    caption = m(words("scaled by "), derivative("sigmoid", symbol("z", 2)), words(". 50% & more"))
    assert caption.latex(inline=True) == r"scaled by $\sigma'(z^{(2)})$. 50\% \& more"
    assert caption.latex() == r"\text{scaled by }\sigma'(z^{(2)})\text{. 50\% \& more}"
    assert caption.capitalized() == "Scaled by σ′(z⁽²⁾). 50% & more"
    assert caption.capitalized().latex(inline=True).startswith("Scaled by $")


def test_a_line_splits_on_its_own_equals_signs_only():
    inner = m(symbol("a", 2, 0), " = ", symbol("x", None, 0))
    line = m(inner, " = ", number(0.25), " = ", factor(-1.4e-6))
    parts = line.split_at(" = ")
    assert parts == ["a₁⁽²⁾ = x₁", "0.25", "(−1.4 × 10⁻⁶)"]
    assert parts[2].latex() == r"(-1.4 \times 10^{-6})"


def test_copies_keep_the_parts():
    for made in (*BP_EQUATIONS, tok("m̂", r"\hat{m}"), Math()):
        for twin in (copy.deepcopy(made), pickle.loads(pickle.dumps(made))):
            assert twin == made and twin.latex() == made.latex()
    assert Math() == "" and not Math()
