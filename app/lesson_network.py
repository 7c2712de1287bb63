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
from model.metrics import Score
from model.network import init_std
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


def network_values(session, probe: Probe | None = None, start=None) -> dict:
    """Every network placeholder's value (a dict for ``str.format_map``); ``start``: the
    lesson's own session (``start_train_cost``)."""
    s = session
    net = s.current_spec().network
    r = s.readout()  # the costs and metrics every panel shows (app/readout.py)
    test = r.test if r.test is not None else Score(NAN, NAN)
    accuracy, r2 = r.metric == "accuracy", r.metric == "r2"
    out = {"batch_cost": NAN if r.batch_cost is None else r.batch_cost,
           "train_cost": r.train.cost, "test_cost": test.cost,
           "train_accuracy": r.train.metric if accuracy else NAN,
           "test_accuracy": test.metric if accuracy else NAN,
           "train_r2": r.train.metric if r2 else NAN, "test_r2": test.metric if r2 else NAN,
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
    out |= {"chance_cost": chance_cost(net, s.spec.data),
            "start_train_cost": NAN if start is None else start_cost(start)}
    values = {k: Number(v) for k, v in out.items()}
    values |= _shown(s)
    values |= _layer_values(s)
    return {**values, "epoch": r.epochs_done, "iteration": r.iteration,
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
    out["output_error"] = Indexed(error_as(own), error_as, 1)
    out["output"] = Number(shown(t.layers[-1].a[:, 0]))
    out["target"] = Number(shown(t.target[:, 0]))
    return out


def chance_cost(net, data) -> float:
    """The training cost of an output that says nothing: ½ from a sigmoid output, 1/n each
    from a softmax's n, the targets' mean from any other (e.g. ln 2 for cross-entropy)."""
    y = data.y_train
    name = net.activations[-1].name
    if name == "sigmoid":
        guess = np.full(y.shape, 0.5)
    elif name == "softmax":
        guess = np.full(y.shape, 1.0 / y.shape[1])
    else:
        guess = np.broadcast_to(np.mean(y, axis=0), y.shape)
    with np.errstate(all="ignore"):
        return float(net.loss.value(guess, y))


_START: dict[int, tuple[object, float]] = {}  # id(spec) -> (spec, its cost); a few lessons


def start_cost(spec) -> float:
    """The training cost of the lesson's session as its file gives it, before any step."""
    known = _START.get(id(spec))
    if known is None or known[0] is not spec:
        if len(_START) > 16:
            _START.clear()
        known = _START[id(spec)] = (spec, float(spec.network.cost(spec.data.x_train,
                                                                  spec.data.y_train)))
    return known[1]


def _layer_values(session) -> dict:
    """``{mean_delta[l]}``: the mean |δ⁽ˡ⁾| over the mini-batch's samples and the layer's
    neurons, this iteration; ``{init_sd[l]}``: the standard deviation the session's
    initialiser draws W⁽ˡ⁾ with."""
    t, spec = session.trace, session.spec
    sizes = spec.network.sizes
    return {"mean_delta": Indexed(NAN, lambda l: float(np.mean(np.abs(t.layer(l).delta))), 1),
            "init_sd": Indexed(NAN, lambda l: init_std(spec.init, sizes[l - 2], sizes[l - 1]),
                               1)}


def restart_spec(spec, loss: str | None = None):
    """A fresh copy of the lesson's session (parameters, data, settings) to start again from,
    learning with ``loss`` if given."""
    net = spec.network.copy() if loss is None else with_loss(spec.network, loss)
    return replace(spec, network=net, view=dict(spec.view), path=None)

