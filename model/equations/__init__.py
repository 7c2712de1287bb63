"""The inspector's text: a step's equation, and the same equation with one neuron's numbers.

Symbols and numbers are written by model.notation (its docstring has the index convention):
the app's selections are 0-based, so neuron j = 0 of layer 2 is a₁⁽²⁾, and W⁽²⁾[0, 1] is
w₁₂⁽²⁾. Every text is built from parts (model.mathtext), so the same explanation is shown
as Unicode and written as LaTeX or Markdown (``formats``) without reparsing a string.

Every substituted line ends in "= value", where value is the trace's own number (z, a, δ,
gradient, updated parameter) printed by ``num``; ``Explanation.values`` holds those exact
floats, one per line. Intermediate numbers are rounded for reading, so a product of the
shown factors may differ from the result in its last digit; the result never does. A long
sum keeps its largest nonzero terms and counts the others (``elided_sum``).

Modules: lines (shared machinery, shortened sums), forward, backward, update (one builder
per step kind), derivation (``explain``), formats (text, LaTeX, Markdown).
"""

from model.equations.derivation import BP_TITLES, Explanation, explain, layer_sizes, target
from model.equations.lines import MAX_TERMS, batch_mean, elided_sum

__all__ = ["BP_TITLES", "MAX_TERMS", "Explanation", "batch_mean", "elided_sum", "explain",
           "layer_sizes", "target"]
