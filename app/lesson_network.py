"""A network lesson's caption numbers, read from the Session at this moment (docs/formats.md).

The costs name which cost they are (``batch_cost``: the current iteration's mini-batch,
``train_cost``/``test_cost``: the whole training or test data); quantities of one neuron or
weight may be indexed as their symbols are read (``{delta[3][1]}``, ``{w[3][1][2]}``), for
the sample shown (or the batch mean) and the parameters the current iteration starts from.
The ``nudge`` action's numerical derivative is quoted while the cursor stays in the
iteration it was measured in.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from app.lesson_captions import Indexed, Number
from app.lessons import with_loss
from model.gradcheck import Nudge, nudge_weight, parameter_count
from model.losses import get_loss, output_delta
from model.trace import Trace

NAN = float("nan")


def nudge(session, layer: int, j: int, k: int, h: float) -> Nudge:
    """The current mini-batch's cost with W⁽ˡ⁾[j, k] as the iteration starts and nudged by h."""
    t = session.trace
    net = session.network.copy()
    for l in range(2, net.n_layers + 1):
        net.W(l)[...] = t.W_before(l)
        net.b(l)[...] = t.b_before(l)
    return nudge_weight(net, t.input, t.target, layer, j, k, h)


# the nudged weight (layer, j, k 0-based), the result, and the iteration's trace it used
Probe = tuple[tuple[int, int, int], Nudge, Trace]


def network_values(session, probe: Probe | None = None) -> dict:
    """Every network placeholder's value (a dict for ``str.format_map``)."""
    s = session
    data, net = s.spec.data, s.current_spec().network
    with np.errstate(all="ignore"):
        train = net.cost(data.x_train, data.y_train)
        test = net.cost(data.x_test, data.y_test) if len(data.x_test) else NAN
        out = {"batch_cost": s.trace.loss, "train_cost": train, "test_cost": test,
               "loss": s.trace.loss, "train_loss": train, "test_loss": test,
               "accuracy": _accuracy(net, data.x_train, data.y_train),
               "test_accuracy": _accuracy(net, data.x_test, data.y_test),
               "eta": s.training.optimizer.learning_rate}
    best = s.losses.epoch_test
    i = int(np.nanargmin(best.y)) if best.n and np.isfinite(best.y).any() else None
    out |= {"best_test_cost": NAN if i is None else best.y[i],
            "best_epoch": NAN if i is None else best.x[i]}
    if probe is not None and probe[2] is s.trace:  # a later iteration makes it stale
        (layer, j, k), n, _ = probe
        grad = s.trace.layer(layer).grad_weights[j, k]
        out |= {"h": n.h, "nudged_cost": n.nudged_cost, "numeric": n.slope,
                "difference": abs(n.slope - grad)}
    else:
        out |= dict.fromkeys(("h", "nudged_cost", "numeric", "difference"), NAN)
    values = {k: Number(v) for k, v in out.items()}
    values |= _shown(s)
    return {**values, "epoch": s.epoch, "iteration": s.iteration,
            "iterations": s.iterations_done, "batch_size": s.batch_size,
            "per_epoch": s.trainer.iterations_per_epoch, "layers": net.n_layers,
            "parameters": parameter_count(net)}


def _shown(session) -> dict:
    """z, a, φ′(z), δ of the selected neuron (bare) or any neuron (indexed), the weights,
    biases and gradients of the iteration, and the first output's cost and error, for the
    sample shown (or the batch mean); NaN where there is none."""
    t, sample = session.trace, session.sample
    net = session.network
    rows = slice(None) if sample == "mean" else slice(sample, sample + 1)

    def shown(arr) -> float:
        return float(np.mean(arr[rows], axis=0))

    def neuron(what: str):
        def read(layer: int, j: int) -> float:
            if what == "a" and layer == 1:
                return shown(t.input[:, j - 1])
            lt = t.layer(layer)
            if what == "slope":
                act = net.activation(layer)
                if act.prime is None:
                    return NAN
                return shown(act.prime(lt.z, lt.a)[:, j - 1])
            return shown(getattr(lt, what)[:, j - 1])
        return read

    selected = session.selection.neuron
    out: dict[str, Number] = {}
    for what in ("z", "a", "slope", "delta"):
        read = neuron(what)
        bare = NAN
        if selected is not None and (selected[0] > 1 or what == "a"):
            bare = read(selected[0], selected[1] + 1)
        out[what] = Indexed(bare, read, 2)
    out["w"] = Indexed(NAN, lambda l, j, k: t.W_before(l)[j - 1, k - 1], 3)
    out["b"] = Indexed(NAN, lambda l, j: t.b_before(l)[j - 1], 2)
    out["dw"] = Indexed(NAN, lambda l, j, k: t.layer(l).grad_weights[j - 1, k - 1], 3)
    out["db"] = Indexed(NAN, lambda l, j: t.layer(l).grad_biases[j - 1], 2)
    a_out, y = t.layers[-1].a[rows], t.target[rows]

    def cost_as(name: str) -> float:
        with np.errstate(all="ignore"):
            return float(get_loss(name, net.activations[-1]).value(a_out, y))

    def error_as(name: str) -> float:
        loss = get_loss(name, net.activations[-1])
        with np.errstate(all="ignore"):
            d = output_delta(loss, net.activations[-1], t.layers[-1].z[rows], a_out, y)
        return float(np.mean(d[:, 0]))

    own = net.loss.name
    out["sample_cost"] = Indexed(cost_as(own), cost_as, 1)
    out["sample_loss"] = Number(cost_as(own))
    out["output_error"] = Indexed(error_as(own), error_as, 1)
    out["output"] = Number(shown(t.layers[-1].a[:, 0]))
    out["target"] = Number(shown(t.target[:, 0]))
    return out


def _accuracy(net, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of samples classified right (one output: a > ½; several: the largest)."""
    if not len(x):
        return NAN
    a = net.predict(x)
    if a.shape[1] == 1:
        return float(np.mean((a > 0.5) == (y > 0.5)))
    return float(np.mean(np.argmax(a, axis=1) == np.argmax(y, axis=1)))


def restart_spec(spec, loss: str | None = None):
    """A fresh copy of the lesson's session (parameters, data, settings) to start again from,
    learning with ``loss`` if given."""
    net = spec.network.copy() if loss is None else with_loss(spec.network, loss)
    return replace(spec, network=net, view=dict(spec.view), path=None)

