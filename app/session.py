"""The Session: owns the model, the data, the step cursor and the history; speaks in signals.

Widgets read what they draw from here (``view()``, ``spec``, ``losses``, ``selection``) and
send intent back by calling methods (``next_step()``, ``select_neuron()``, …). They never
talk to each other.

The cursor: the current iteration's whole trace is computed when the iteration begins
(the trainer is then already past it); the cursor walks its steps. ``history`` holds the
trainer snapshot taken before each iteration, so stepping back across an update restores
that snapshot and recomputes the earlier iteration, bit for bit.
"""

from __future__ import annotations

import copy
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PySide6 import QtCore

from app.train_worker import TrainWorker, WorkerGone
from app.undo import UndoStack
from model import architecture, session_edits
from model.datasets import Dataset, make_dataset
from model.decision_map import PlaneMaps, plane_extent, plane_maps
from model.errors import ValidationError
from model.history import StepHistory
from model.loss_history import LossHistory
from model.network import Network, layer_slot
from model.notation import num, symbol
from model.optimizers import Optimizer, OptimizerSettings
from model.session_file import SessionSpec, TrainingSettings, load_session, save_session
from model.stepview import MEAN, StepView, backward_end, check_steppable, forward_end, step_view
from model.trace import Trace
from model.training import Snapshot, Trainer
from model.validate import check_int, check_number

DEMO = Path(__file__).resolve().parent.parent / "resources" / "sessions" / "xor_demo.json"
SCALE_MODES = ("layer", "network", "locked")
TRAIN_SHARE = 0.75  # of the time while training runs live; drawing gets the rest
FRAME_MS = 15  # how often the window looks for the training process's next frame
MAX_SLICE_S = 0.04  # a frame at least every ~40 ms of training, however slow the drawing
MAP_RESOLUTION = 100  # TensorFlow Playground's density for its decision maps
_RESTART_KEYS = {"seed", "shuffle"}  # training settings that start training over


@dataclass(frozen=True)
class _Saved:
    """What Undo brings back: the session, its step history and loss curves, the cursor."""

    spec: SessionSpec
    history: StepHistory
    losses: LossHistory
    iterations_done: int
    step_index: int
    sample: int | str


@dataclass(frozen=True)
class Selection:
    """What the user pointed at. Layers are numbered 1..L; an edge is (layer, j, k) of W^layer."""

    neuron: tuple[int, int] | None = None
    edge: tuple[int, int, int] | None = None
    hovered_edge: tuple[int, int, int] | None = None


class Session(QtCore.QObject):
    """One open session and everything the window shows of it."""

    reset = QtCore.Signal()  # a different network or data: rebuild, then redraw
    changed = QtCore.Signal()  # cursor, parameters or shown sample moved: redraw
    selection_changed = QtCore.Signal()
    losses_changed = QtCore.Signal()
    running_changed = QtCore.Signal(str)  # "", "play" or "train"
    message = QtCore.Signal(str)  # one line for the status bar
    dirty_changed = QtCore.Signal(bool)
    undo_changed = QtCore.Signal()
    problem = QtCore.Signal(str)  # an edit was refused: the window shows why
    diverged = QtCore.Signal(str)  # the loss became NaN or infinite; training stopped

    def __init__(self, spec: SessionSpec | None = None, parent=None):
        super().__init__(parent)
        self.play_timer = QtCore.QTimer(self)
        self.play_timer.timeout.connect(self._play_tick)
        self.train_timer = QtCore.QTimer(self)
        self.train_timer.setInterval(0)
        self.train_timer.timeout.connect(self._train_slice)
        # With a worker (the window sets one), Train runs in a second process and this
        # timer collects its frames; without, Train runs here in slices (train_timer).
        self.worker: TrainWorker | None = None
        self.frame_timer = QtCore.QTimer(self)
        self.frame_timer.setInterval(FRAME_MS)
        self.frame_timer.timeout.connect(self._frame_tick)
        self.play_interval_ms = 700
        self.frame_budget_s = 1 / 60  # the shortest training slice between two frames
        self._slice_end: float | None = None
        self._draw_s = 0.0  # smoothed time the window takes between two slices
        self.scale_mode = "network"
        self.locked_scale: dict[str, float] = {}
        self.map_resolution = MAP_RESOLUTION
        self.undo_stack = UndoStack()
        # Asked before an edit throws away training progress; the window puts a dialog here.
        self.confirm: Callable[[str], bool] = lambda question: True
        self._install(spec if spec is not None else load_session(DEMO))

    # --- state --------------------------------------------------------------------------

    def _install(self, spec: SessionSpec) -> None:
        check_steppable(spec.network)
        self.stop()
        self.spec = spec
        self.trainer: Trainer = spec.make_trainer()
        self.history = StepHistory.within(self.trainer.snapshot().nbytes)
        self.losses = LossHistory()
        self.iterations_done = 0  # iterations whose update has been passed
        self._diverged_told = False
        self.finite_iteration = 0  # where to step back to after a divergence
        self.sample: int | str = 0
        self.selection = Selection()
        self.dirty = False
        self._maps: tuple[Trace, bool, int, PlaneMaps] | None = None
        self._extent = None
        self._begin_iteration()
        view = spec.view
        self.step_index = min(int(view.get("step", 0)), len(self.trace.steps) - 1)
        sample = view.get("sample", 0)
        self.sample = sample if sample == MEAN else min(int(sample), self.batch_size - 1)
        self.reset.emit()
        self.changed.emit()
        self.losses_changed.emit()

    def _begin_iteration(self, pin: bool = False) -> None:
        self.history.record(self.iterations_done, self.trainer.snapshot(), pin)
        with np.errstate(all="ignore"):  # overflow is shown (marked colours, a dialog)
            self.trace: Trace = self.trainer.train_iteration()
        self.step_index = 0
        if self.sample != MEAN and self.sample >= self.batch_size:
            self.sample = 0

    @property
    def network(self):
        return self.trainer.net

    @property
    def batch_size(self) -> int:
        return len(self.trace.input)

    @property
    def training(self) -> TrainingSettings:
        """The training settings in force for the current iteration."""
        snap = self.history.current
        return replace(self.spec.training, optimizer=snap.settings, batch_size=snap.batch_size)

    def batch_rows(self) -> np.ndarray:
        """Rows of the training data (``spec.data.x_train``) in the current mini-batch."""
        snap = self.history.current
        return snap.order[snap.position:snap.position + snap.batch_size]

    @property
    def step(self):
        return self.trace.steps[self.step_index]

    @property
    def n_steps(self) -> int:
        return len(self.trace.steps)

    @property
    def epoch(self) -> int:
        """Epochs completed before the current iteration."""
        return self.history.current.epoch

    @property
    def iteration(self) -> int:
        """The current iteration's number within its epoch (1-based)."""
        return self.history.current.position // self.trainer.batch_size + 1

    @property
    def running(self) -> str:
        if self.train_timer.isActive() or self.frame_timer.isActive():
            return "train"
        return "play" if self.play_timer.isActive() else ""

    def view(self) -> StepView:
        """Everything the diagram draws at the cursor."""
        return step_view(self.trace, self.step_index, self.sample)

    # --- stepping -----------------------------------------------------------------------

    def next_step(self) -> None:
        if self.step_index < self.n_steps - 1:
            self.step_index += 1
        else:
            self._complete_iteration()
            self._begin_iteration()
        self.changed.emit()
        self._check_divergence()

    def _check_divergence(self) -> None:
        """A non-finite loss stops Play and Train and says why, once per divergence; the
        window offers to step back to the last iteration whose loss was finite."""
        curve = self.losses.iteration
        last = curve.last
        if last is None or math.isfinite(last) or self._diverged_told:
            self._diverged_told = last is not None and not math.isfinite(last)
            return
        self._diverged_told = True
        self.stop()
        finite = curve.x[np.isfinite(curve.y)]
        self.finite_iteration = max(int(finite[-1]) - 1, self.history.oldest) if len(
            finite) else self.history.oldest
        eta = self.training.optimizer.learning_rate
        self.diverged.emit(
            f"The loss became {last} at iteration {int(curve.x[-1])} (epoch "
            f"{self.epoch + 1}): the numbers overflowed. The learning rate η = {num(eta)} is "
            f"probably too high for this network and data; try a smaller one, or another "
            f"initialisation.")

    def _complete_iteration(self, announce: bool = True) -> None:
        """Record the finished iteration's loss (and the epoch's, if it closed one)."""
        self.iterations_done += 1
        self.losses.iteration.append(self.iterations_done, self.trace.loss)
        if self.trainer.epoch > self.history.current.epoch:
            self._record_epoch()
        self._set_dirty()
        if announce:
            self.losses_changed.emit()

    def _record_epoch(self, epoch: int | None = None, net: Network | None = None) -> None:
        """The cost over the whole training and test sets after an epoch (by default the
        one just finished here, with the current parameters)."""
        data = self.spec.data
        epoch = self.trainer.epoch if epoch is None else epoch
        net = self.network if net is None else net
        with np.errstate(all="ignore"):
            self.losses.epoch_train.append(epoch, net.cost(data.x_train, data.y_train))
            if len(data.x_test):
                self.losses.epoch_test.append(epoch, net.cost(data.x_test, data.y_test))

    def previous_step(self) -> None:
        if self.step_index > 0:
            self.step_index -= 1
        elif self.iterations_done > self.history.oldest:
            self._back_to(self.iterations_done - 1)
            self.step_index = self.n_steps - 1
        else:
            self.message.emit("This is the oldest step kept in the history.")
            return
        self.changed.emit()

    def go_to_iteration(self, n: int) -> None:
        """Back to the first step of iteration ``n`` (0-based), exactly as it was."""
        self.stop()
        self._back_to(max(self.history.oldest, min(int(n), self.iterations_done)))
        self.step_index = 0
        self.changed.emit()

    def _back_to(self, n: int) -> None:
        self.iterations_done = n
        self.trainer.restore(self.history.at(n, self._replay))
        self._begin_iteration()
        self.losses.iteration.truncate_after(n)
        self.losses.epoch_train.truncate_after(self.history.current.epoch)
        self.losses.epoch_test.truncate_after(self.history.current.epoch)
        self.losses_changed.emit()

    def _replay(self, snap: Snapshot, count: int) -> Snapshot:
        """The state ``count`` iterations after ``snap``, recomputed exactly."""
        self.trainer.restore(snap)
        with np.errstate(all="ignore"):
            for _ in range(count):
                self.trainer.fast_iteration()
        return self.trainer.snapshot()

    def go_to_start(self) -> None:
        """Back to the first step of the current iteration."""
        self.step_index = 0
        self.changed.emit()

    def go_to_step(self, index: int) -> None:
        self.step_index = max(0, min(int(index), self.n_steps - 1))
        self.changed.emit()

    def finish_pass(self) -> None:
        """Jump to the end of the pass the cursor is in (forward: loss; backward: gradients)."""
        f_end, b_end = forward_end(self.trace), backward_end(self.trace)
        if self.step_index < f_end:
            self.step_index = f_end
        elif self.step_index < b_end:
            self.step_index = b_end
        else:
            self.step_index = self.n_steps - 1
        self.changed.emit()

    def set_sample(self, sample: int | str) -> None:
        """Show one sample of the mini-batch (0-based) or the batch mean (``"mean"``)."""
        if sample != MEAN:
            sample = max(0, min(int(sample), self.batch_size - 1))
        self.sample = sample
        self.changed.emit()

    # --- play and train -----------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.stop()
        else:
            self.stop()
            self.play_timer.start(self.play_interval_ms)
            self.running_changed.emit("play")

    def set_play_interval(self, ms: int) -> None:
        self.play_interval_ms = max(30, int(ms))
        if self.play_timer.isActive():
            self.play_timer.setInterval(self.play_interval_ms)

    def _play_tick(self) -> None:
        self.next_step()

    def toggle_train(self) -> None:
        if self.running == "train":
            self.stop()
            return
        self.stop()
        if self.worker is not None and self.worker.available and math.isfinite(self.trace.loss):
            try:  # the iteration shown is redone there, from the state before it
                self.worker.start(self.trainer, self.history.current, self.iterations_done,
                                  self.history.every)
                self.frame_timer.start()
            except WorkerGone as err:
                self.message.emit(f"Training in this window: {err}.")
        if not self.frame_timer.isActive():
            self._slice_end, self._draw_s = None, 0.0
            self.train_timer.start()
        self.running_changed.emit("train")

    def stop(self) -> None:
        was = self.running if hasattr(self, "play_timer") else ""
        self.play_timer.stop()
        self.train_timer.stop()
        if self.frame_timer.isActive():
            self.frame_timer.stop()
            try:
                self._apply_updates(self.worker.stop())
            except WorkerGone as err:
                self.message.emit(f"Training stopped: {err}.")
        if was:
            self.running_changed.emit("")

    def _frame_tick(self) -> None:
        """Take what the training process has done since the last frame, ask for the next.
        Should the process die, training goes on here from the last frame applied."""
        try:
            updates = self.worker.poll()
        except WorkerGone as err:
            self.frame_timer.stop()
            self.message.emit(f"{err}; training goes on in this window.")
            self._slice_end, self._draw_s = None, 0.0
            self.train_timer.start()
            return
        if not updates:
            return
        self._apply_updates(updates)
        if self.worker.running:
            self.worker.request_frame()
        else:  # it stopped by itself: the loss is no longer finite
            self.frame_timer.stop()
            self.running_changed.emit("")
            self._check_divergence()

    def _apply_updates(self, updates) -> None:
        """Losses, epoch costs and checkpoints into the curves and the history; the
        newest state becomes the iteration shown (traced here, at its last step)."""
        if not updates:
            return
        curves = self.losses
        for update in updates:
            for x, y in update.losses:
                curves.iteration.append(int(x), float(y))
            for epoch, weights, biases in update.epochs:
                self._record_epoch(epoch, Network(self.network.sizes, self.network.activations,
                                                  self.network.loss, weights, biases))
            for n, snap in update.checkpoints:
                self.history.record(n, snap)
        last = updates[-1]
        self.iterations_done = last.n
        self.trainer.restore(last.now)
        self._begin_iteration()
        self.step_index = self.n_steps - 1
        self._set_dirty()
        self.losses_changed.emit()
        self.changed.emit()

    def _train_slice(self) -> None:
        """Train for a slice, then let the window redraw once.

        The slice is three times what the window took to draw last time (smoothed), so
        training keeps three quarters of the time however much there is to draw, and at
        least one frame budget; frames never come more than MAX_SLICE_S apart."""
        now = time.perf_counter()
        if self._slice_end is not None:
            self._draw_s = 0.8 * self._draw_s + 0.2 * (now - self._slice_end)
        budget = TRAIN_SHARE / (1 - TRAIN_SHARE) * self._draw_s
        self.train_for(min(max(budget, self.frame_budget_s), MAX_SLICE_S))
        self._slice_end = time.perf_counter()

    def train_for(self, seconds: float) -> int:
        """Run iterations for about ``seconds``; the view is told once at the end.

        All but the last run without a trace (``Trainer.fast_iteration``), recording the
        loss and a checkpoint now and then; the last is traced so the view shows it."""
        deadline = time.perf_counter() + seconds
        trainer, history, losses = self.trainer, self.history, self.losses
        self._complete_iteration(announce=False)  # the traced iteration shown till now
        done, finite = 1, math.isfinite(self.trace.loss)
        with np.errstate(all="ignore"):
            while finite and time.perf_counter() < deadline:
                n = self.iterations_done
                if history.wants(n):
                    history.record(n, trainer.snapshot())
                epoch = trainer.epoch
                loss = trainer.fast_iteration()
                self.iterations_done = n + 1
                losses.iteration.append(n + 1, loss)
                if trainer.epoch > epoch:
                    self._record_epoch()
                done += 1
                finite = math.isfinite(loss)
        self._begin_iteration()
        self.step_index = self.n_steps - 1
        self.losses_changed.emit()
        self.changed.emit()
        self._check_divergence()
        return done

    # --- selection ----------------------------------------------------------------------

    def select_neuron(self, layer: int | None, j: int | None = None) -> None:
        neuron = None if layer is None else (int(layer), int(j))
        self.selection = replace(self.selection, neuron=neuron, edge=None)
        self.selection_changed.emit()

    def select_edge(self, edge: tuple[int, int, int] | None) -> None:
        self.selection = replace(self.selection, edge=edge)
        self.selection_changed.emit()

    def hover_edge(self, edge: tuple[int, int, int] | None) -> None:
        if edge != self.selection.hovered_edge:
            self.selection = replace(self.selection, hovered_edge=edge)
            self.selection_changed.emit()

    def set_scale_mode(self, mode: str) -> None:
        """Colour scale of signed values: per layer, whole network, or locked at current."""
        if mode not in SCALE_MODES:
            raise ValueError(mode)
        self.scale_mode = mode
        self.locked_scale = {}
        self.changed.emit()

    # --- files --------------------------------------------------------------------------

    def mark_dirty(self) -> None:
        """Unsaved changes (a session restored after a crash is not the file on disk)."""
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool = True) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def open(self, path: str | Path) -> None:
        """Replace the session by a file's; raises ValidationError and changes nothing if bad."""
        self.open_spec(load_session(path))

    def open_spec(self, spec: SessionSpec) -> None:
        self._install(spec)
        self.undo_stack.clear()
        self.undo_changed.emit()

    def current_spec(self) -> SessionSpec:
        """The session as it stands at the cursor: parameters before the current iteration."""
        snap = self.history.current
        net = self.network.copy()
        for dst, src in zip(net.weights + net.biases, [*snap.weights, *snap.biases],
                            strict=True):
            dst[...] = src
        training = replace(self.training, epochs_done=self.spec.training.epochs_done + snap.epoch)
        view = {"sample": self.sample, "step": self.step_index}
        return replace(self.spec, network=net, training=training, view=view)

    def save(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path is not None else self.spec.path
        if target is None:
            raise ValueError("no file name yet")
        save_session(self.current_spec(), target)
        self.spec.path = target
        self._set_dirty(False)
        return target

    # --- decision maps ------------------------------------------------------------------

    def plane_maps(self) -> PlaneMaps | None:
        """Every neuron over the input plane for the parameters at the cursor (2-D data only).

        Computed in one batched forward pass of the grid, and again only when the
        parameters shown change (another iteration, or the update step's new weights).
        """
        data = self.spec.plane_data
        if data is None:
            return None
        after = self.step_index == self.n_steps - 1
        key = (after, self.map_resolution)
        if self._maps is None or self._maps[0] is not self.trace or self._maps[1:3] != key:
            t = self.trace
            net = Network(self.network.sizes, self.network.activations, self.network.loss,
                          t.weights_after if after else t.weights_before,
                          t.biases_after if after else t.biases_before)
            if self._extent is None:
                self._extent = plane_extent(np.concatenate([data.x_train, data.x_test]))
            with np.errstate(all="ignore"):
                maps = plane_maps(net, self._extent, self.map_resolution,
                                  features=self.spec.features or None)
            self._maps = (self.trace, *key, maps)
        return self._maps[3]

    # --- edits and undo -----------------------------------------------------------------

    def _capture(self) -> _Saved:
        return _Saved(replace(self.spec, network=self.network.copy()), self.history.copy(),
                      copy.deepcopy(self.losses), self.iterations_done, self.step_index,
                      self.sample)

    def _reinstate(self, saved: _Saved) -> None:
        """Come back to a captured state exactly (parameters, history, curves, cursor)."""
        self.stop()
        self.spec = replace(saved.spec, network=saved.spec.network.copy())
        self.trainer = self.spec.make_trainer()
        self.history = saved.history.copy()
        self.trainer.restore(self.history.current)
        self.losses = copy.deepcopy(saved.losses)
        self.iterations_done = saved.iterations_done
        self.selection = Selection()
        self._maps, self._extent = None, None
        self._begin_iteration()
        self.step_index, self.sample = saved.step_index, saved.sample
        self._set_dirty()
        self.undo_changed.emit()
        self.reset.emit()
        self.changed.emit()
        self.losses_changed.emit()

    def undo(self) -> None:
        if self.undo_stack.undo_label:
            self._reinstate(self.undo_stack.undo(self._capture()))

    def redo(self) -> None:
        if self.undo_stack.redo_label:
            self._reinstate(self.undo_stack.redo(self._capture()))

    def _refuse(self, err: ValidationError | str) -> bool:
        """Announce a refused edit, naming layers as the diagram does (1 = input)."""
        text = re.sub(r"network\.layers\[(\d+)\]", lambda m: f"Layer {int(m[1]) + 1}",
                      str(err))
        self.problem.emit(text)
        return False

    def _replace(self, label: str, make: Callable[[SessionSpec], SessionSpec],
                 restarts: bool = True) -> bool:
        """Apply an edit that yields a new session; training starts again from it."""
        self.stop()
        try:
            new = make(self.current_spec())
            check_steppable(new.network)
        except ValidationError as err:
            return self._refuse(err)
        if restarts and self.iterations_done > 0 and not self.confirm(
                f"{label} starts training again: the loss curves and the step history are "
                f"cleared. The trained weights that still fit are kept, and Edit → Undo "
                f"brings everything back."):
            return False
        self.undo_stack.push(label, self._capture())
        new.training = replace(new.training, epochs_done=0)
        new.path = self.spec.path
        self._install(new)
        self._set_dirty()
        self.undo_changed.emit()
        self.message.emit(f"{label}.")
        return True

    def _edit_current(self, label: str, change: Callable[[Snapshot], Snapshot]) -> bool:
        """Apply an edit to the parameters or settings of the current iteration, in place.

        The iteration is recomputed from its changed starting point, the cursor stays on
        its step; history before it and the loss curves are kept. Training or playing
        goes on (a learning rate can be tuned while the network learns).
        """
        running = self.running
        self.stop()
        try:
            snap = change(self.history.current)
        except ValidationError as err:
            return self._refuse(err)
        self.undo_stack.push(label, self._capture())
        step, sample = self.step_index, self.sample
        self.trainer.restore(snap)
        self._begin_iteration(pin=True)  # replays from older snapshots must not skip it
        self.step_index = step
        self.sample = sample if sample == MEAN else min(sample, self.batch_size - 1)
        self._set_dirty()
        self.undo_changed.emit()
        self.changed.emit()
        if running == "train":
            self.toggle_train()
        elif running == "play":
            self.toggle_play()
        return True

    def _check_neuron(self, layer, j, first: int = 2) -> tuple[int, int]:
        sizes = self.network.sizes
        layer = check_int("layer", layer, low=first, high=len(sizes))
        j = check_int(f"neuron of layer {layer}", j, high=sizes[layer - 1] - 1)
        return layer, j

    def set_weight(self, layer: int, j: int, k: int, value) -> bool:
        """Set W^layer[j, k] (0-based j, k) of the current iteration to ``value``."""
        try:
            layer, j = self._check_neuron(layer, j)
            k = check_int(f"input of layer {layer}", k, high=self.network.W(layer).shape[1] - 1)
            name = str(symbol("w", layer, j, k))
            value = check_number(name, value, low=-1e6, high=1e6)
        except ValidationError as err:
            return self._refuse(err)

        return self._edit_current(f"Set {name} = {num(value)}",
                                  lambda snap: _with_entry(snap, "weights", layer, (j, k), value))

    def set_bias(self, layer: int, j: int, value) -> bool:
        """Set b^layer[j] (0-based j) of the current iteration to ``value``."""
        try:
            layer, j = self._check_neuron(layer, j)
            name = str(symbol("b", layer, j))
            value = check_number(name, value, low=-1e6, high=1e6)
        except ValidationError as err:
            return self._refuse(err)

        return self._edit_current(f"Set {name} = {num(value)}",
                                  lambda snap: _with_entry(snap, "biases", layer, j, value))

    def set_training(self, **changes) -> bool:
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
                                      high=1_000_000), len(self.trainer.x))
            state = snap.optimizer
            if settings.optimizer != snap.settings.optimizer:
                state = Optimizer(settings).snapshot()  # a new rule starts with no memory
            return replace(snap, settings=settings, batch_size=batch, optimizer=state)

        words = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in changes.items())
        return self._edit_current(f"Set {words}", change)

    # architecture (layers are numbered 1..L as on the diagram)

    def _rebuild(self, label: str, plan) -> bool:
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
        def plan(net):
            hidden = [a.name for a in net.activations[:-1]]
            act = activation or (hidden[min(at - 2, len(hidden) - 1)] if hidden else "tanh")
            n = size or (net.sizes[at - 2] if at > 2 else max(2, min(net.sizes[1:-1] or (4,))))
            return architecture.insert_layer(net, at - 1, min(n, 8) if size is None else n, act)
        return self._rebuild(f"Add hidden layer {at}", plan)

    def remove_layer(self, layer: int) -> bool:
        return self._rebuild(f"Remove hidden layer {layer}",
                             lambda net: architecture.remove_layer(net, layer - 1))

    def set_architecture(self, sizes, activations, loss: str | None = None) -> bool:
        """The whole architecture from the form (hidden sizes and activations may change)."""
        def make(spec: SessionSpec) -> SessionSpec:
            new_sizes, acts, origins = architecture.resize_layers(spec.network, sizes,
                                                                  activations)
            return session_edits.with_network(spec, new_sizes, acts, origins, loss=loss)
        return self._replace("Change the architecture", make)

    def reinitialise(self, init: str | None = None, seed: int | None = None) -> bool:
        return self._replace("Re-initialise the weights",
                             lambda spec: session_edits.reinitialised(spec, init, seed))

    # data

    def set_dataset(self, name: str, **params) -> bool:
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

    def set_features(self, features) -> bool:
        return self._replace("Change the input features",
                             lambda spec: session_edits.with_features(spec, features))


def _with_entry(snap: Snapshot, field: str, layer: int, index, value: float) -> Snapshot:
    """``snap`` with one entry of layer ``layer``'s weights or biases changed (a copy)."""
    arrays = list(getattr(snap, field))
    i = layer_slot(layer, len(arrays) + 1)
    arrays[i] = arrays[i].copy()
    arrays[i][index] = value
    return replace(snap, **{field: tuple(arrays)})
