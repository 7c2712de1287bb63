"""Two runs side by side: what run B changes from run A, the words for it, and which of B's
steps shows what A's step shows. Pure functions (no Qt); the app's ``Comparison`` uses them.

Run B starts where run A stands, with the same data, mini-batch order and parameters, and
differs only in what ``Differences`` names. Training settings (η, optimiser, regulariser,
batch size) change as an in-place edit does, so B shares A's past; the network
(architecture, hidden activation, initialiser) comes from ``restructured``, which keeps every
parameter that still fits, except that another initialiser draws every parameter afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from model.architecture import resize_layers
from model.network import Network, check_sizes
from model.notation import (
    activation_name,
    initialiser_name,
    loss_name,
    num,
    optimizer_name,
    regularizer_name,
)
from model.optimizers import OptimizerSettings
from model.session_edits import with_network
from model.session_file import SessionSpec, TrainingSettings
from model.trace import STEP_KINDS, Step
from model.validate import check_int

TRAINING_FIELDS = ("learning_rate", "optimizer", "regularization", "regularization_rate")
NETWORK_FIELDS = ("activation", "init", "hidden")


@dataclass(frozen=True)
class Differences:
    """What run B changes; None: as run A. ``activation`` is every hidden layer's,
    ``hidden`` the hidden layers' sizes (input and output follow the data)."""

    learning_rate: float | None = None
    optimizer: str | None = None
    regularization: str | None = None
    regularization_rate: float | None = None
    batch_size: int | None = None
    activation: str | None = None
    init: str | None = None
    hidden: tuple[int, ...] | None = None

    def training(self) -> dict:
        """The training settings B changes, as ``Session.set_training`` takes them."""
        names = (*TRAINING_FIELDS, "batch_size")
        return {k: getattr(self, k) for k in names if getattr(self, k) is not None}

    @property
    def structural(self) -> bool:
        """Whether B has another network (it then starts a history of its own)."""
        return any(getattr(self, k) is not None for k in NETWORK_FIELDS)

    def check(self, optimizer: OptimizerSettings) -> None:
        """Refuse values no run could train with (ValidationError naming the field)."""
        replace(optimizer, **{k: v for k, v in self.training().items() if k != "batch_size"})
        if self.batch_size is not None:
            check_int("training.batch_size", self.batch_size, low=1, high=1_000_000)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True)
class RunSettings:
    """What a run trains with, as far as the comparison's words tell it apart."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    init: str
    optimizer: OptimizerSettings
    batch_size: int

    @classmethod
    def of(cls, net: Network, init: str, training: TrainingSettings) -> RunSettings:
        """From a run's network and the training settings in force."""
        return cls(tuple(net.sizes), tuple(a.name for a in net.activations), net.loss.name,
                   init, training.optimizer, training.batch_size)


def restructured(spec: SessionSpec, diff: Differences) -> SessionSpec:
    """The session run B starts from when it changes the network (``spec``: run A's at the
    cursor). Hidden layers keep their activation by position (new ones take the last
    hidden layer's, tanh without one) unless ``diff.activation`` sets them all."""
    net = spec.network
    names = [a.name for a in net.activations]
    sizes = net.sizes
    if diff.hidden is not None:
        sizes = check_sizes((net.sizes[0], *diff.hidden, net.sizes[-1]))
    old_hidden = names[:-1]
    fill = old_hidden[-1] if old_hidden else "tanh"
    hidden = [diff.activation or (old_hidden[i] if i < len(old_hidden) else fill)
              for i in range(len(sizes) - 2)]
    sizes, activations, origins = resize_layers(net, sizes, [*hidden, names[-1]])
    if diff.init is not None and diff.init != spec.init:
        origins = [None] * len(sizes)  # another initialiser: every parameter drawn by it
    return with_network(spec, sizes, activations, origins, init=diff.init)


# --- words ----------------------------------------------------------------------------------

def _hidden_words(activations: tuple[str, ...]) -> str:
    hidden = list(dict.fromkeys(activation_name(a) for a in activations[:-1]))
    return "/".join(hidden) if hidden else "no hidden layer"


def _regularizer_words(opt: OptimizerSettings) -> str:
    if opt.regularization == "none":
        return "no regulariser"
    return f"{regularizer_name(opt.regularization)}, λ = {num(opt.regularization_rate)}"


def _items(run: RunSettings) -> dict[str, str]:
    """Each thing the words compare, as they say it for ``run``."""
    opt = run.optimizer
    items = {
        "sizes": "-".join(str(n) for n in run.sizes),
        "activation": _hidden_words(run.activations),
        "output": f"output {activation_name(run.activations[-1])}",
        "loss": loss_name(run.loss),
        "init": f"{initialiser_name(run.init)} init",
        "optimizer": optimizer_name(opt.optimizer),
        "learning_rate": f"η = {num(opt.learning_rate)}",
        "regularizer": _regularizer_words(opt),
        "batch_size": f"batch size {run.batch_size}",
    }
    if opt.optimizer == "momentum":
        items["momentum"] = f"μ = {num(opt.momentum)}"
    return items


def differences(a: RunSettings, b: RunSettings) -> list[tuple[str, str]]:
    """(A's words, B's words) for everything that differs, η first."""
    first = ("learning_rate", "optimizer", "momentum", "regularizer", "batch_size",
             "activation", "output", "sizes", "init", "loss")
    wa, wb = _items(a), _items(b)
    return [(wa.get(k, "—"), wb.get(k, "—")) for k in first if wa.get(k) != wb.get(k)]


def legend(a: RunSettings, b: RunSettings) -> str:
    """"A: η = 0.5 · B: η = 3"; several differences are listed with commas."""
    pairs = differences(a, b)
    if not pairs:
        return "A and B: the same settings"
    return (f"A: {', '.join(x for x, _ in pairs)} · "
            f"B: {', '.join(y for _, y in pairs)}")


def side(a: RunSettings, b: RunSettings, run: str) -> str:
    """One run's half of the legend ("η = 3"), or "the same settings"."""
    pairs = differences(a, b)
    if not pairs:
        return "the same settings"
    return ", ".join(pair[run == "B"] for pair in pairs)


# --- steps ----------------------------------------------------------------------------------

def matching_step(steps_a: tuple[Step, ...] | list[Step], index: int,
                  steps_b: tuple[Step, ...] | list[Step]) -> int:
    """The index of B's step that shows what A's step ``index`` shows.

    The same kind of step; among a kind repeated per layer (forward, backward) the layer
    at the same place between the kind's first and last layer (a single one counts as the
    one nearest the output: the output layer forward, layer L−1 backward). When B has no
    step of that kind (backward, without hidden layers), its last step before it.
    """
    step = steps_a[index]
    same = [i for i, s in enumerate(steps_b) if s.kind == step.kind]
    if not same:
        order = STEP_KINDS.index(step.kind)
        before = [i for i, s in enumerate(steps_b) if STEP_KINDS.index(s.kind) < order]
        return before[-1] if before else 0
    if len(same) == 1:
        return same[0]
    return min(same, key=lambda i: (abs(_place(steps_b[i], steps_b) - _place(step, steps_a)),
                                    -(steps_b[i].layer or 0)))


def _place(step: Step, steps) -> float:
    """Where ``step``'s layer lies among the layers of its kind: 0 the lowest, 1 the highest."""
    layers = [s.layer for s in steps if s.kind == step.kind]
    low, high = min(layers), max(layers)
    return 1.0 if high == low else (step.layer - low) / (high - low)
