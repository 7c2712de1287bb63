"""Record mode: what the lecturer does to the Session becomes lesson actions.

Widgets send intent to the Session by calling its methods (app/session.py), so the
recorder listens there: while on, it stands in front of the Session's intent methods (an
attribute of the instance, removed when it stops) and, after each call the Session
accepted, hands the matching action dict of the lesson format to ``on_action``. Only the
outermost call counts: ``train_epochs`` stepping through its iterations is one ``train``.
The window's dock toggles come through ``docks_shown`` (the Session has no docks).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from model.session_file import SessionSpec

Action = dict


def _neuron(session, layer=None, j=None) -> Action:
    return {"do": "select", "neuron": None if layer is None or j is None else [layer, j]}


def _edge(session, edge=None) -> Action | None:
    if edge is None:
        return None
    layer, j, k = (int(v) for v in edge)
    return {"do": "select_edge", "layer": layer, "j": j, "k": k}


def _weight(session, layer, j, k, _value) -> Action:
    value = float(session.current_spec().network.W(layer)[j, k])  # as stored, bit for bit
    return {"do": "set_weight", "layer": layer, "j": j, "k": k, "value": value}


def _bias(session, layer, j, _value) -> Action:
    value = float(session.current_spec().network.b(layer)[j])
    return {"do": "set_bias", "layer": layer, "j": j, "value": value}


def data_action(spec: SessionSpec) -> Action | None:
    """The ``set_data`` action that makes ``spec``'s data (built-in datasets only)."""
    src = spec.data_source
    if "dataset" not in src:
        return None  # CSV or inline data: not a lesson action
    out = {"do": "set_data", "dataset": src["dataset"]}
    out |= {k: src[k] for k in ("n_points", "noise", "test_ratio", "seed") if k in src}
    out["features"] = list(spec.features)
    return out


def _architecture(session, *_args, **_kw) -> Action:
    net = session.network
    return {"do": "set_architecture", "layers": list(net.sizes),
            "activations": [a.name for a in net.activations]}


def _training(session, **changes) -> Action:
    return {"do": "set_training", **changes}


# Session method -> the action it records, from (session, *the call's arguments)
_INTENTS: dict[str, Callable[..., Action | None]] = {
    "next_step": lambda s: {"do": "next", "count": 1},
    "previous_step": lambda s: {"do": "previous", "count": 1},
    "go_to_step": lambda s, i: {"do": "go_to_step", "step": int(i)},
    "go_to_start": lambda s: {"do": "start"},
    "finish_pass": lambda s: {"do": "finish_pass"},
    "select_neuron": _neuron,
    "select_edge": _edge,
    "set_sample": lambda s, sample: {"do": "sample", "sample": sample},
    "set_weight": _weight,
    "set_bias": _bias,
    "train_epochs": lambda s, n: {"do": "train", "epochs": int(n)},
    "set_training": _training,
    "set_architecture": _architecture,
    "add_neuron": _architecture, "remove_neuron": _architecture,
    "add_layer": _architecture, "remove_layer": _architecture,
    "set_dataset": lambda s, *a, **k: data_action(s.spec),
    "set_features": lambda s, *a, **k: data_action(s.spec),
    "reinitialise": lambda s, init=None, seed=None: {
        "do": "reinitialise", **({"init": init} if init else {}),
        **({"seed": int(seed)} if seed is not None else {})},
    "set_scale_mode": lambda s, mode: {"do": "scale", "mode": mode},
}
RECORDED_METHODS = tuple(_INTENTS)


class Recorder:
    """Stands in front of the Session's intent methods while ``on``."""

    def __init__(self, session, on_action: Callable[[Action], None]) -> None:
        self.session = session
        self.on_action = on_action
        self.on = False
        self._depth = 0
        self.paused = False  # the editor's own playback is not recorded

    def start(self) -> None:
        if self.on:
            return
        for name in RECORDED_METHODS:
            original = getattr(self.session, name)
            setattr(self.session, name, self._wrap(name, original))
        self.on = True

    def stop(self) -> None:
        if not self.on:
            return
        for name in RECORDED_METHODS:
            self.session.__dict__.pop(name, None)
        self.on = False

    def docks_shown(self, names) -> None:
        if self.on and not self.paused:
            self.on_action({"do": "docks", "show": list(names)})

    def _wrap(self, name: str, original: Callable) -> Callable:
        make = _INTENTS[name]

        @functools.wraps(original)
        def call(*args, **kwargs):
            self._depth += 1
            try:
                result = original(*args, **kwargs)
            finally:
                self._depth -= 1
            if self._depth == 0 and not self.paused and result is not False:
                action = make(self.session, *args, **kwargs)
                if action is not None:
                    self.on_action(action)
            return result
        return call
