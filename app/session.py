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

import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PySide6 import QtCore

from model.loss_history import LossHistory
from model.session_file import SessionSpec, load_session, save_session
from model.stepview import MEAN, StepView, backward_end, forward_end, step_view
from model.trace import Trace
from model.training import Snapshot, Trainer

HISTORY_LENGTH = 2_000  # iterations one can step back through
DEMO = Path(__file__).resolve().parent.parent / "resources" / "sessions" / "xor_demo.json"
SCALE_MODES = ("layer", "network", "locked")


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

    def __init__(self, spec: SessionSpec | None = None, parent=None):
        super().__init__(parent)
        self.play_timer = QtCore.QTimer(self)
        self.play_timer.timeout.connect(self._play_tick)
        self.train_timer = QtCore.QTimer(self)
        self.train_timer.setInterval(0)
        self.train_timer.timeout.connect(self._train_slice)
        self.play_interval_ms = 700
        self.frame_budget_s = 1 / 60
        self.scale_mode = "network"
        self.locked_scale: dict[str, float] = {}
        self._install(spec if spec is not None else load_session(DEMO))

    # --- state --------------------------------------------------------------------------

    def _install(self, spec: SessionSpec) -> None:
        self.stop()
        self.spec = spec
        self.trainer: Trainer = spec.make_trainer()
        self.history: deque[Snapshot] = deque(maxlen=HISTORY_LENGTH)
        self.losses = LossHistory()
        self.iterations_done = 0  # iterations whose update has been passed
        self.sample: int | str = 0
        self.selection = Selection()
        self.dirty = False
        self._begin_iteration()
        view = spec.view
        self.step_index = min(int(view.get("step", 0)), len(self.trace.steps) - 1)
        sample = view.get("sample", 0)
        self.sample = sample if sample == MEAN else min(int(sample), self.batch_size - 1)
        self.reset.emit()
        self.changed.emit()
        self.losses_changed.emit()

    def _begin_iteration(self) -> None:
        self.history.append(self.trainer.snapshot())
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
    def step(self):
        return self.trace.steps[self.step_index]

    @property
    def n_steps(self) -> int:
        return len(self.trace.steps)

    @property
    def epoch(self) -> int:
        """Epochs completed before the current iteration."""
        return self.history[-1].epoch

    @property
    def iteration(self) -> int:
        """The current iteration's number within its epoch (1-based)."""
        return self.history[-1].position // self.trainer.batch_size + 1

    @property
    def running(self) -> str:
        if self.train_timer.isActive():
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

    def _complete_iteration(self, announce: bool = True) -> None:
        """Record the finished iteration's loss (and the epoch's, if it closed one)."""
        self.iterations_done += 1
        self.losses.iteration.append(self.iterations_done, self.trace.loss)
        if self.trainer.epoch > self.history[-1].epoch:
            self._record_epoch()
        self._set_dirty()
        if announce:
            self.losses_changed.emit()

    def _record_epoch(self) -> None:
        data, net = self.spec.data, self.network
        with np.errstate(all="ignore"):
            self.losses.epoch_train.append(self.trainer.epoch, net.cost(data.x_train,
                                                                        data.y_train))
            if len(data.x_test):
                self.losses.epoch_test.append(self.trainer.epoch, net.cost(data.x_test,
                                                                           data.y_test))

    def previous_step(self) -> None:
        if self.step_index > 0:
            self.step_index -= 1
        elif len(self.history) > 1:
            self.history.pop()
            self.trainer.restore(self.history.pop())
            self._begin_iteration()
            self.iterations_done -= 1
            self.losses.iteration.truncate_after(self.iterations_done)
            self.losses.epoch_train.truncate_after(self.history[-1].epoch)
            self.losses.epoch_test.truncate_after(self.history[-1].epoch)
            self.step_index = self.n_steps - 1
            self.losses_changed.emit()
        else:
            self.message.emit("This is the oldest step kept in the history.")
            return
        self.changed.emit()

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
        if self.train_timer.isActive():
            self.stop()
        else:
            self.stop()
            self.train_timer.start()
            self.running_changed.emit("train")

    def stop(self) -> None:
        was = self.running if hasattr(self, "play_timer") else ""
        self.play_timer.stop()
        self.train_timer.stop()
        if was:
            self.running_changed.emit("")

    def _train_slice(self) -> None:
        """Train whole iterations for one frame's budget, then let the view redraw once."""
        self.train_for(self.frame_budget_s)

    def train_for(self, seconds: float) -> int:
        """Run iterations for about ``seconds``; the view is told once at the end."""
        deadline = time.perf_counter() + seconds
        done = 0
        with np.errstate(all="ignore"):
            while True:
                self._complete_iteration(announce=False)  # told once, after the slice
                self.history.append(self.trainer.snapshot())
                self.trace = self.trainer.train_iteration()
                done += 1
                if time.perf_counter() >= deadline:
                    break
        self.step_index = self.n_steps - 1
        self.losses_changed.emit()
        self.changed.emit()
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

    def _set_dirty(self, dirty: bool = True) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def open(self, path: str | Path) -> None:
        """Replace the session by a file's; raises ValidationError and changes nothing if bad."""
        self._install(load_session(path))

    def open_spec(self, spec: SessionSpec) -> None:
        self._install(spec)

    def current_spec(self) -> SessionSpec:
        """The session as it stands at the cursor: parameters before the current iteration."""
        snap = self.history[-1]
        net = self.network.copy()
        for dst, src in zip(net.weights + net.biases, [*snap.weights, *snap.biases],
                            strict=True):
            dst[...] = src
        training = replace(self.spec.training, epochs_done=self.spec.training.epochs_done
                           + snap.epoch)
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
