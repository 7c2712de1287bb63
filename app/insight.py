"""What the training-insight docks show, computed from the Session's state (Qt-free).

The widgets draw; the numbers come from here and from ``model/``: the histograms of the
step shown and of earlier moments (``Ridges``, cached per iteration, since the earlier
moments are evaluated anew from the history's snapshots), and the confusion matrix of the
parameters shown (``confusion_at``). ``session`` is anything with the Session's reading
attributes (``trace``, ``step_index``, ``history``, ``network``, ``spec``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.commands import check_out
from model.atomic_write import atomic_write_text
from model.confusion import Confusion, confusion
from model.histograms import RIDGE_ROWS, Ridge, layer_values, pick_moments, ridge, trace_values
from model.network import Network
from model.trace import Trace
from model.training_log import log_csv


def shown_network(session) -> Network:
    """The network with the parameters the cursor shows: before the current iteration's
    update, or after it on the update step (as the Data dock's map)."""
    t: Trace = session.trace
    after = session.step_index == len(t.steps) - 1
    net = session.network
    return Network(net.sizes, net.activations, net.loss,
                   t.weights_after if after else t.weights_before,
                   t.biases_after if after else t.biases_before)


def moments(session, rows: int = RIDGE_ROWS) -> list[tuple[int, Network]]:
    """Up to ``rows`` kept moments of training (iterations done, parameters then), evenly
    spread over the history, oldest first; the last is the current iteration's start."""
    items = session.history.items()
    net = session.network
    picked = pick_moments([n for n, _s in items], rows)
    return [(items[i][0], Network(net.sizes, net.activations, net.loss, list(items[i][1].weights),
                                  list(items[i][1].biases))) for i in picked]


@dataclass(frozen=True)
class LayerRidge:
    """One layer's histograms: earlier moments and the step shown (the last row)."""

    layer: int
    ridge: Ridge
    computed: bool  # False: the step shown has not computed this quantity of this layer yet


class Ridges:
    """The histograms of one quantity for every layer, the earlier moments' values kept
    until the iteration changes (they cost a forward and backward pass per moment)."""

    def __init__(self, rows: int = RIDGE_ROWS):
        self.rows = rows
        self._key: tuple | None = None
        self._earlier: tuple[list[int], list[list]] = ([], [])

    def layers(self, session, what: str) -> list[LayerRidge]:
        """Per layer 2..L, the ridge of ``what`` ("w", "a", "delta"): the moments before
        the current iteration on its mini-batch, then the step shown."""
        t = session.trace
        key = (t, what, session.history.newest)
        if self._key is None or self._key[0] is not t or self._key[1:] != key[1:]:
            picked = moments(session, self.rows)[:-1]  # the newest is the iteration shown
            self._earlier = ([n for n, _net in picked],
                             [layer_values(net, t.input, t.target, what) for _n, net in picked])
            self._key = key
        iterations, earlier = self._earlier
        out = []
        for layer in range(2, session.network.n_layers + 1):
            now = trace_values(t, session.step_index, layer, what)
            values = [v[layer - 2] for v in earlier]
            ns = list(iterations)
            if now is not None:
                values.append(now)
                ns.append(session.iterations_done)
            out.append(LayerRidge(layer, ridge(ns, values, what), now is not None))
        return out


def confusion_at(session, part: str) -> Confusion | None:
    """The confusion matrix of the parameters shown on the training ("train") or test
    ("test") data; None if the data are not a classification or that part is empty."""
    data = session.spec.data
    if data.problem != "classification":
        return None
    x, y = (data.x_train, data.y_train) if part == "train" else (data.x_test, data.y_test)
    if not len(x):
        return None
    with np.errstate(all="ignore"):
        return confusion(shown_network(session).predict(x), y)


def write_training_log(session, path) -> Path:
    """The training log of the epochs the window recorded (``FlowRecord.rows``) as the
    ``train --log`` CSV, written atomically; returns the path. While training ran in the
    training process, epochs closing faster than 100 a second were not all costed."""
    out = check_out(str(path), (".csv",))
    atomic_write_text(out, log_csv(session.flow.rows, session.network.n_layers))
    return out
