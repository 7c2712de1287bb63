"""model.notation: one way to write every symbol and number, and no layer index that reads as a
power."""

import math
import re

import pytest

from model.notation import (
    BP_EQUATIONS,
    FORWARD_EQUATION,
    activation_name,
    applied,
    backward_equation,
    brief,
    derivative,
    edge_words,
    formatted,
    forward_equation,
    indexed,
    loss_name,
    num,
    output_error_equation,
    par,
    read_number,
    short,
    symbol,
)

# A layer index written as a bare superscript, so it reads as a power: a₁², w³₁₁, a²₁, δᴸ,
# W², a¹ (a bare z² stays a square, as in 1 / (1 + z²)).
_LETTER = r"(?<![\wΣ])(?<!Σ )[azδwbWy]\u0304?"
_SUBS, _SUPS = "[₀₁₂₃₄₅₆₇₈₉ⱼₖₓ,]", "[⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ⁺⁻]"
POWER_LIKE = re.compile(rf"{_LETTER}({_SUBS}+{_SUPS}|{_SUPS}+{_SUBS}|[ᴸˡ])"
                        rf"|(?<![\wΣ])W{_SUPS}|(?<![\wΣ])[azδb]¹")
ASCII_INDEX = re.compile(r"[A-Za-zδ]_[\w({]|[A-Za-z)]\^")
SCIENTIFIC_E = re.compile(r"\d[eE][+\-−]?\d")


def readable_as_power(text: str) -> bool:
    return bool(POWER_LIKE.search(text))


# --- symbols ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("made", "text"), [
    (symbol("a", 2, 0), "a₁⁽²⁾"),
    (symbol("z", 3, 1), "z₂⁽³⁾"),
    (symbol("w", 3, 0, 1), "w₁₂⁽³⁾"),
    (symbol("w", 2, 0, 9), "w₁,₁₀⁽²⁾"),
    (symbol("b", 2, 0), "b₁⁽²⁾"),
    (symbol("δ", "L"), "δ⁽ᴸ⁾"),
    (symbol("W", 3), "W⁽³⁾"),
    (symbol("W", "l+1").T, "(W⁽ˡ⁺¹⁾)ᵀ"),
    (symbol("a", "l-1"), "a⁽ˡ⁻¹⁾"),
    (symbol("w", "l", "j", "k"), "wⱼₖ⁽ˡ⁾"),
    (symbol("x", j=0), "x₁"),
    (symbol("a", 2, 0, bar=True), "ā₁⁽²⁾"),
    (symbol("a", 12, 10), "a₁₁⁽¹²⁾"),
])
def test_symbols_put_the_layer_in_parentheses_after_one_based_subscripts(made, text):
    assert f"{made}" == str(made) == made.unicode() == text
    assert not readable_as_power(text)


def test_the_index_convention_is_the_arrays_zero_based_neurons_printed_one_based():
    assert symbol("w", 3, 0, 1) == symbol("w", 3, "1", "2")  # ints +1, letters as given
    assert indexed(symbol("W", 3), 0, 9) == "W⁽³⁾[1][10]"
    assert edge_words(3, 0, 9) == "from neuron 10 of layer 2 to neuron 1 of layer 3"


def test_no_combination_of_indices_reads_as_a_power():
    for base in "azδwbW":
        for layer in (1, 2, 3, 9, 10, 64, "L", "l", "l+1", "l-1"):
            for j in (None, 0, 1, 9, 99):
                for k in (None, 0, 10):
                    if k is not None and j is None:
                        continue
                    text = str(symbol(base, layer, j, k))
                    assert not readable_as_power(text), text
                    assert "⁽" in text and text.endswith("⁾")


def test_the_old_forms_are_caught_by_the_check():
    for old in ("a₁²", "w³₁₁", "δᴸ", "zˡ", "σ′(z₁²) = a₁²(1 − a₁²)", "w³₁,₂", "aₖˡ⁻¹",
                "z²₁", "W³a² + b³", "a¹ = x"):
        assert readable_as_power(old), old
    for fine in ("x₁²", "x₂²", "(a₁⁽²⁾)²", "tanh²(z)", "Σ w²", "(0.5 − 0.25)²", "1 + z²"):
        assert not readable_as_power(fine), fine


def test_latex_form_of_a_symbol():
    assert symbol("w", 2, 0, 9).latex() == "w_{1,10}^{(2)}"
    assert symbol("δ", "L").latex() == r"\delta^{(L)}"
    assert symbol("a", "l-1").latex() == "a^{(l-1)}"
    assert symbol("W", "l+1").T.latex() == r"\left(W^{(l+1)}\right)^\top"
    assert symbol("a", 2, 0, bar=True).latex() == r"\bar{a}_{1}^{(2)}"


def test_bad_indices_are_refused_not_printed_in_ascii():
    with pytest.raises(ValueError):
        str(symbol("a", "q"))
    with pytest.raises(TypeError):
        symbol("a", True)


# --- equations and names ---------------------------------------------------------------------

def test_equations_use_phi_for_any_activation_and_sigma_only_for_the_sigmoid():
    assert BP_EQUATIONS == ("δ⁽ᴸ⁾ = ∇ₐC ⊙ φ′(z⁽ᴸ⁾)", "δ⁽ˡ⁾ = ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)",
                            "∂C/∂bⱼ⁽ˡ⁾ = δⱼ⁽ˡ⁾", "∂C/∂wⱼₖ⁽ˡ⁾ = aₖ⁽ˡ⁻¹⁾ δⱼ⁽ˡ⁾")
    assert FORWARD_EQUATION == "z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = φ(z⁽ˡ⁾)"
    assert forward_equation(2, "sigmoid") == "z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾,   a⁽²⁾ = σ(z⁽²⁾)"
    assert forward_equation(3, "relu").endswith("a⁽³⁾ = ReLU(z⁽³⁾)")
    assert forward_equation(3, "linear").endswith("a⁽³⁾ = z⁽³⁾")
    assert backward_equation(2, "tanh") == "δ⁽²⁾ = ((W⁽³⁾)ᵀ δ⁽³⁾) ⊙ tanh′(z⁽²⁾)"
    assert output_error_equation(3, "sigmoid", "cross_entropy") == \
        "δ⁽³⁾ = ∇ₐC ⊙ σ′(z⁽³⁾) = a⁽³⁾ − y"
    assert output_error_equation(3, "softmax", "cross_entropy") == "δ⁽³⁾ = Jᵀ ∇ₐC = a⁽³⁾ − y"
    assert output_error_equation(4, "linear", "mse") == "δ⁽⁴⁾ = ∇ₐC ⊙ φ′(z⁽⁴⁾)"
    assert applied("sigmoid", "0.5") == "σ(0.5)" and derivative("leaky_relu", "z") == "LReLU′(z)"
    for text in (*BP_EQUATIONS, FORWARD_EQUATION):
        assert not readable_as_power(text) and not ASCII_INDEX.search(text)


def test_one_display_name_per_activation_and_loss():
    from model.activations import ACTIVATIONS
    from model.losses import LOSSES

    names = {n: activation_name(n) for n in ACTIVATIONS}
    assert names == {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
                     "leaky_relu": "leaky ReLU", "linear": "linear", "arctan": "arctan",
                     "softmax": "softmax", "step": "step"}
    assert all(ACTIVATIONS[n].display == names[n] for n in ACTIVATIONS)
    assert {n: loss_name(n) for n in LOSSES} == {
        "quadratic": "quadratic", "mse": "mean squared error", "cross_entropy": "cross-entropy"}
    assert all(loss.display == loss_name(n) for n, loss in LOSSES.items())


def test_model_formulas_follow_the_notation():
    from model.activations import ACTIVATIONS
    from model.losses import LOSSES

    texts = [t for a in ACTIVATIONS.values() for t in (a.formula, a.derivative_formula)]
    texts += [loss.formula for loss in LOSSES.values()]
    for text in texts:
        assert not readable_as_power(text) and not ASCII_INDEX.search(text), text


# --- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("x", "exact", "labels"), [
    (0.0, "0", "0"),
    (-0.0, "0", "0"),
    (-1.4e-6, "−1.4 × 10⁻⁶", "−1.4 × 10⁻⁶"),
    (1e308, "1 × 10³⁰⁸", "1 × 10³⁰⁸"),
    (123456.7, "123457", "1.23 × 10⁵"),
    (0.7345219, "0.734522", "0.735"),
    (-0.25, "−0.25", "−0.25"),
    (2.0, "2", "2"),
    (float("nan"), "NaN", "NaN"),
    (float("inf"), "∞", "∞"),
    (float("-inf"), "−∞", "−∞"),
])
def test_num_and_short(x, exact, labels):
    assert num(x) == exact
    assert short(x) == labels


def test_a_nonzero_value_never_shows_as_zero_and_zero_never_as_minus_zero():
    for x in (1e-300, -1e-300, 5e-324, -1.4e-6, 0.004, -0.00049, 1e-5):
        for f in (num, short, brief, par):
            text = f(x)
            assert re.search(r"[1-9]", text.split("×")[0]), (x, text)
            assert "e" not in text and "-" not in text
    assert num(-0.0) == short(-0.0) == brief(-0.0) == par(-0.0) == "0"


def test_par_wraps_negatives_only():
    assert par(-0.25) == "(−0.25)" and par(0.25) == "0.25" and par(-1.4e-6) == "(−1.4 × 10⁻⁶)"


def test_brief_is_two_significant_digits():
    assert brief(0.734) == "0.73" and brief(-0.00312) == "−0.0031" and brief(12.3) == "12"


@pytest.mark.parametrize("x", [0.0, -1.4e-6, 1e308, 123456.7, 0.1 + 0.2, -2.5e-12, 7.0, 1e-5,
                               float("inf"), float("-inf")])
@pytest.mark.parametrize("digits", [2, 3, 6])
def test_a_shown_number_reads_back_as_the_value_it_rounds(x, digits):
    assert read_number(num(x, digits)) == float(f"{x:.{digits}g}")


def test_read_number_takes_what_people_type_too():
    assert read_number(" −0.5 ") == -0.5 and read_number("1e-06") == 1e-6
    assert read_number("2.5 × 10⁻³") == 0.0025
    with pytest.raises(ValueError):
        read_number("a lot")
    assert math.isnan(read_number("nan"))


@pytest.mark.parametrize(("x", "spec", "text"), [
    (-0.038098, ".4f", "−0.0381"),
    (-1.4e-6, ".2f", "−1.4 × 10⁻⁶"),  # not "−0.00": the saturation lesson's point
    (-1.4e-6, ".1e", "−1.4 × 10⁻⁶"),
    (-0.0, ".2f", "0.00"),
    (0.0, ".4f", "0.0000"),
    (0.5, ".0%", "50%"),
    (0.001, ".0%", "0.1%"),
    (3.882384, ".7g", "3.882384"),
    (2.0, "", "2"),
])
def test_formatted_keeps_a_caption_spec_but_never_hides_a_value(x, spec, text):
    assert formatted(x, spec) == text
