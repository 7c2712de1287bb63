"""Edits and Undo: every change a user makes to the session, each one undoable.

Two kinds of edit:

* in place: a weight, a bias or a training setting of the current iteration. The iteration
  is recomputed from its changed start; the cursor, the history before it and the loss
  curves stay, and Play or Train goes on.
* a new session: architecture, data, input features, initialisation, the training order,
  built by ``model.session_edits`` (which keeps every parameter that still fits). Training
  starts again from it, after asking when there was progress to lose.

Undo keeps the whole state before an edit (``app.session_cursor.Saved``) and brings it back exactly.
Layers are numbered 1..L here, as on the diagram.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from app.session_cursor import Saved
from app.undo import UndoStack
from model import architecture, session_edits
from model.datasets import Dataset, make_dataset
from model.errors import ValidationError, as_on_the_diagram
from model.network import Network, layer_slot
from model.notation import num, symbol
from model.optimizers import Optimizer, OptimizerSettings
from model.session_file import SessionSpec
from model.stepview import check_steppable
from model.training import Snapshot
from model.validate import check_int, check_number

if TYPE_CHECKING:
    from app.session import Session

_RESTART_KEYS = {"seed", "shuffle"}  # training settings that start training over
Plan = Callable[[Network], architecture.Edit]


class Editor:
    """The edits of one Session and its undo stack."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self.undo_stack = UndoStack()

    # --- undo ---------------------------------------------------------------------------

    def undo(self) -> None:
        if self.undo_stack.undo_label:
            self._s._reinstate(self.undo_stack.undo(self._s.cursor.capture()))

    def redo(self) -> None:
        if self.undo_stack.redo_label:
            self._s._reinstate(self.undo_stack.redo(self._s.cursor.capture()))

    def adopt(self, saved: Saved, label: str) -> None:
        """Take over another run's captured state (a comparison's run B), undoably."""
        self._s.stop()
        self.undo_stack.push(label, self._s.cursor.capture())
        self._s._reinstate(saved)
        self._s._tell("message", f"{label}.")

    def forget(self) -> None:
        """Another file: nothing to undo or redo."""
        self.undo_stack.clear()
        self._s._tell("undo_changed")

    # --- the two kinds of edit ----------------------------------------------------------

    def _refuse(self, err: ValidationError) -> bool:
        """Announce a refused edit, naming layers as the diagram does (1 = input)."""
        self._s._tell("problem", as_on_the_diagram(err))
        return False

    def _replace(self, label: str, make: Callable[[SessionSpec], SessionSpec],
                 restarts: bool = True) -> bool:
        """Apply an edit that yields a new session; training starts again from it."""
        s = self._s
        s.stop()
        try:
            new = make(s.current_spec())
            check_steppable(new.network)
        except ValidationError as err:
            return self._refuse(err)
        if restarts and s.iterations_done > 0 and s._batches.confirming and not s.confirm(
                f"{label} starts training again: the loss curves and the step history are "
                f"cleared. The trained weights that still fit are kept, and Edit → Undo "
                f"brings everything back."):
            return False
        self.undo_stack.push(label, s.cursor.capture())
        new.training = replace(new.training, epochs_done=0)
        new.path = s.spec.path
        s._install(new)
        s.files.set_dirty()
        s._tell("undo_changed")
        s._tell("message", f"{label}.")
        return True

    def _edit_current(self, label: str, change: Callable[[Snapshot], Snapshot]) -> bool:
        """Apply an edit to the parameters or settings of the current iteration, in place.

        The iteration is recomputed from its changed starting point, the cursor stays on
        its step; history before it and the loss curves are kept. Training or playing
        goes on (a learning rate can be tuned while the network learns).
        """
        s = self._s
        running = s.running
        s.stop()
        try:
            snap = change(s.history.current)
        except ValidationError as err:
            return self._refuse(err)
        self.undo_stack.push(label, s.cursor.capture())
        s.cursor.restart_iteration(snap)
        s.files.set_dirty()
        s._tell("undo_changed")
        s._tell("changed")
        if running == "train":
            s.toggle_train()
        elif running == "play":
            s.toggle_play()
        return True

    # --- parameters and training settings (in place) ------------------------------------

    def _check_neuron(self, layer: object, j: object, first: int = 2) -> tuple[int, int]:
        sizes = self._s.network.sizes
        layer = check_int("layer", layer, low=first, high=len(sizes))
        j = check_int(f"neuron of layer {layer}", j, high=sizes[layer - 1] - 1)
        return layer, j

    def set_weight(self, layer: int, j: int, k: int, value: object) -> bool:
        """Set W^layer[j, k] (0-based j, k) of the current iteration to ``value``."""
        try:
            layer, j = self._check_neuron(layer, j)
            k = check_int(f"input of layer {layer}", k, high=self._s.network.W(layer).shape[1] - 1)
            name = str(symbol("w", layer, j, k))
            value = check_number(name, value, low=-1e6, high=1e6)
        except ValidationError as err:
            return self._refuse(err)

        return self._edit_current(f"Set {name} = {num(value)}",
                                  lambda snap: _with_entry(snap, "weights", layer, (j, k), value))

    def set_bias(self, layer: int, j: int, value: object) -> bool:
        """Set b^layer[j] (0-based j) of the current iteration to ``value``."""
        try:
            layer, j = self._check_neuron(layer, j)
            name = str(symbol("b", layer, j))
            value = check_number(name, value, low=-1e6, high=1e6)
        except ValidationError as err:
            return self._refuse(err)

        return self._edit_current(f"Set {name} = {num(value)}",
                                  lambda snap: _with_entry(snap, "biases", layer, j, value))

    def set_training(self, **changes: Any) -> bool:
        """Change training settings. The update rule and batch size change from the current
        iteration on (training is not reset); a new seed or shuffling starts over."""
        restart = {k: changes.pop(k) for k in list(changes) if k in _RESTART_KEYS}
        if restart:
            if not self._replace("Change the training order", lambda spec: replace(
                    spec, training=replace(spec.training, **restart))):
                return False
            if not changes:
                return True
        opt_fields = set(OptimizerSettings.__dataclass_fields__)
        unknown = set(changes) - opt_fields - {"batch_size"}
        if unknown:
            raise TypeError(f"unknown training settings: {', '.join(sorted(unknown))}")

        def change(snap: Snapshot) -> Snapshot:
            opt = {k: v for k, v in changes.items() if k in opt_fields}
            settings = replace(snap.settings, **opt)
            batch = snap.batch_size
            if "batch_size" in changes:
                batch = min(check_int("training.batch_size", changes["batch_size"], low=1,
                                      high=1_000_000), len(self._s.trainer.x))
            state = snap.optimizer
            if settings.optimizer != snap.settings.optimizer:
                state = Optimizer(settings).snapshot()  # a new rule starts with no memory
            return replace(snap, settings=settings, batch_size=batch, optimizer=state)

        words = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in changes.items())
        return self._edit_current(f"Set {words}", change)

    # --- architecture (a new session) ---------------------------------------------------

    def _rebuild(self, label: str, plan: Plan) -> bool:
        def make(spec: SessionSpec) -> SessionSpec:
            sizes, activations, origins = plan(spec.network)
            return session_edits.with_network(spec, sizes, activations, origins)
        return self._replace(label, make)

    def add_neuron(self, layer: int) -> bool:
        return self._rebuild(f"Add a neuron to layer {layer}",
                             lambda net: architecture.add_neuron(net, layer - 1))

    def remove_neuron(self, layer: int, j: int | None = None) -> bool:
        return self._rebuild(f"Remove a neuron from layer {layer}",
                             lambda net: architecture.remove_neuron(net, layer - 1, j))

    def add_layer(self, at: int, size: int | None = None, activation: str | None = None) -> bool:
        """Insert a hidden layer so that it becomes layer ``at`` (2..L)."""
        return self._rebuild(f"Add hidden layer {at}",
                             lambda net: architecture.new_layer(net, at - 1, size, activation))

    def remove_layer(self, layer: int) -> bool:
        return self._rebuild(f"Remove hidden layer {layer}",
                             lambda net: architecture.remove_layer(net, layer - 1))

    def set_architecture(self, sizes: Any, activations: Any, loss: str | None = None) -> bool:
        """The whole architecture from the form (hidden sizes and activations may change)."""
        def make(spec: SessionSpec) -> SessionSpec:
            new_sizes, acts, origins = architecture.resize_layers(spec.network, sizes,
                                                                  activations)
            return session_edits.with_network(spec, new_sizes, acts, origins, loss=loss)
        return self._replace("Change the architecture", make)

    def reinitialise(self, init: str | None = None, seed: int | None = None) -> bool:
        return self._replace("Re-initialise the weights",
                             lambda spec: session_edits.reinitialised(spec, init, seed))

    # --- data (a new session) -----------------------------------------------------------

    def set_dataset(self, name: str, **params: Any) -> bool:
        """A built-in dataset (regenerated with ``params``); input features are kept."""
        def make(spec: SessionSpec) -> SessionSpec:
            raw = make_dataset(name, **params)
            source = {"dataset": name, **{k: v for k, v in raw.params.items() if k != "name"}}
            features = spec.features if raw.x_train.shape[1] == 2 else ()
            return session_edits.with_data(spec, raw, source, features)
        return self._replace(f"Use the {name} data", make)

    def set_data(self, raw: Dataset, source: dict) -> bool:
        """Data from elsewhere (the CSV dialog): ``source`` is the session file's data section."""
        return self._replace(f"Use the data of {source.get('csv', 'the file')}",
                             lambda spec: session_edits.with_data(spec, raw, source))

    def set_features(self, features: Any) -> bool:
        return self._replace("Change the input features",
                             lambda spec: session_edits.with_features(spec, features))


def _with_entry(snap: Snapshot, field: Literal["weights", "biases"], layer: int,
                index: int | tuple[int, int], value: float) -> Snapshot:
    """``snap`` with one entry of layer ``layer``'s weights or biases changed (a copy)."""
    arrays = list(getattr(snap, field))
    i = layer_slot(layer, len(arrays) + 1)
    arrays[i] = arrays[i].copy()
    arrays[i][index] = value
    if field == "weights":
        return replace(snap, weights=tuple(arrays))
    return replace(snap, biases=tuple(arrays))

