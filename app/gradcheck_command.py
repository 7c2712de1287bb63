"""``main.py gradcheck``: backprop against central differences on a session's first mini-batch.

Every weight and bias is checked (``model.gradcheck``): backprop's ∂C/∂w of the batch cost
(data term) beside (C(w+h) − C(w−h)) / (2h). One line per layer gives its worst relative
error and whose it is; the exit status is 1 if any exceeds ``TOLERANCE`` (10⁻⁵), 0 if none
does, and 2 for bad input. The first mini-batch is the one the session's first iteration
trains on (the trainer's seeded order), as the window shows it at iteration 1.
"""

from __future__ import annotations

from model.errors import ValidationError
from model.gradcheck import DEFAULT_H, TOLERANCE, CheckAll, Probe
from model.notation import num, symbol
from model.session_file import load_session
from model.validate import check_number

MAX_H = 1.0


def gradcheck_lines(session: str, h: float | None = None) -> tuple[list[str], bool]:
    """The lines to print and whether backprop agreed everywhere (ValidationError for bad
    input: a bad file, an h out of (0, 1], a perceptron)."""
    h = check_number("--h", DEFAULT_H if h is None else h, low=0.0, open_low=True, high=MAX_H)
    spec = load_session(session)
    net, data = spec.network, spec.data
    if net.is_perceptron:
        raise ValidationError("network.activations", "a perceptron with the step activation "
                                                     "has no gradient to check")
    rows = spec.make_trainer().next_batch()
    run = CheckAll(Probe(net, data.x_train[rows], data.y_train[rows], h)).run()
    lines = [f"gradient check on the first mini-batch ({len(rows)} samples), "
             f"h = {num(h)}, {run.total:,} parameters; a relative error above "
             f"{num(TOLERANCE)} is a disagreement"]
    agree = True
    for layer in range(2, net.n_layers + 1):
        worst, where = run.worst(layer)
        bad = not worst <= TOLERANCE  # NaN (overflow) counts as a disagreement
        agree &= not bad
        j, k = where if where is not None else (0, None)
        name = symbol("b", layer, j) if k is None else symbol("w", layer, j, k)
        lines.append(f"layer {layer}: worst relative error {num(worst)} ({name})"
                     + ("  DISAGREES" if bad else ""))
    return lines, agree
