"""The same things under other names: what the classic introductions write for what this app
writes, for a student reading both (docs/notation.md, "Other texts, other names"; Help →
Notation in other texts). One table, shown in both places.
"""

from __future__ import annotations

from model.notation import PHI, SIGMA, symbol

_z, _a, _d = symbol("z", "l", "j"), symbol("a", "L"), symbol("δ", "l", "j")

# (the quantity, how this app writes it, how other texts write it)
CROSSWALK: tuple[tuple[str, str, str], ...] = (
    ("weighted input of a neuron", f"{_z} = Σₖ wⱼₖ⁽ˡ⁾aₖ⁽ˡ⁻¹⁾ + bⱼ⁽ˡ⁾", "s, sⱼˡ"),
    ("activation function", f"{PHI} for any; {SIGMA} for the sigmoid only",
     f"f; {SIGMA} for any activation"),
    ("cost", "C; Cₓ for one sample", "J; g(a); loss L"),
    ("learning rate", "η", "ε; α"),
    ("counting layers", "from 1, the input too: a 3-4-5 network has L = 3 and a⁽¹⁾ = x",
     "only layers with weights (a 3-4-5 network 'has two layers'); or from 0, a⁽⁰⁾ = x"),
    ("counting neurons", "from 1: a₁⁽²⁾ is the first neuron of layer 2",
     "from 0: a₂ is the third neuron"),
    ("layer index", f"parenthesised superscript: {symbol('a', 2, 0)}, {symbol('w', 3, 0, 1)}",
     "a bare superscript, aˡ, wⱼₖˡ (not a power)"),
    ("network output", f"{_a}", "ŷ"),
    ("one neuron's weights", "row j of W⁽ˡ⁾", "a vector wⱼˡ; wᵀ in w·x = wᵀx"),
    ("error of a neuron", f"{_d} = ∂C/∂{_z}", "δⱼˡ = ∂J/∂sⱼˡ"),
    ("squared-error costs", "quadratic (1/n) Σₓ ½‖y − a‖²; mean squared error (1/(n·m)) Σₓ Σⱼ "
                            "(yⱼ − aⱼ)²", "MSE for either, with 1/(2n) or 1/n"),
    ("the bias", "b beside w", "folded in: w′ = [w; b], x′ = [x; 1]"),
)
