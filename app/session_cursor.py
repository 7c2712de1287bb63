"""The cursor over one session's training: which step of which iteration is shown, exactly.

Qt-free (numpy and ``model/`` only): the Session wraps it and tells the widgets what moved.

The current iteration's whole trace is computed when the iteration begins (the trainer is
then already past it); the cursor walks its steps. ``history`` holds the trainer snapshot
taken before each iteration, so stepping back across an update restores that snapshot and
recomputes the earlier iteration, bit for bit. The loss curves grow as iterations are
passed and are cut back with them; a loss that stops being finite is noticed once.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from app.readout import Readout
from app.session_flow import FlowRecord
from model import kernel
from model.flow import measured
from model.history import StepHistory
from model.kernel import NUMPY, Pace, engine_for
from model.loss_history import LossHistory
from model.metrics import Score, metric_for, score
from model.network import Network
from model.notation import num
from model.scaling import unscaled
from model.session_file import SessionSpec, TrainingSettings
from model.stepview import (
    MEAN,
    StepView,
    backward_end,
    check_steppable,
    cost_known,
    forward_end,
    step_view,
)
from model.trace import Step, Trace
from model.training import Snapshot, Trainer
from model.training_log import epoch_record

if TYPE_CHECKING:
    from app.train_worker import Update

Sample = int | str  # a row of the mini-batch (0-based) or MEAN


@dataclass(frozen=True)
class Saved:
    """What Undo brings back: the session, its step history and loss curves, the cursor."""

    spec: SessionSpec
    history: StepHistory
    losses: LossHistory
    iterations_done: int
    step_index: int
    sample: Sample
    flow: FlowRecord | None = None  # the gradient flow and the training log


class Cursor:
    """One session's trainer, history and loss curves, and the step shown of its iteration.

    ``iterations_done`` counts the iterations whose update has been passed; ``trace`` is
    the iteration after them, ``step_index`` the step of it shown, ``sample`` the row of
    the mini-batch shown (or the batch mean).
    """

    def __init__(self, spec: SessionSpec) -> None:
        """Start ``spec`` at the step and sample its view names; a network the steps cannot
        walk through raises ValidationError."""
        check_steppable(spec.network)
        self.spec = spec
        self.trainer: Trainer = spec.make_trainer()
        self.history = StepHistory.within(self.trainer.snapshot().nbytes)
        self.losses = LossHistory()
        self.flow = FlowRecord(spec.network.n_layers)  # gradient flow, training log
        self.iterations_done = 0
        self.finite_iteration = 0  # where to step back to after a divergence
        self._diverged_told = False
        self._scored: tuple[Snapshot, object, Score, Score | None] | None = None
        self.sample: Sample = 0
        self.begin_iteration()
        view = spec.view
        self.step_index = min(int(view.get("step", 0)), self.n_steps - 1)
        sample = view.get("sample", 0)
        self.sample = sample if sample == MEAN else min(int(sample), self.batch_size - 1)

    # --- reading ------------------------------------------------------------------------

    @property
    def network(self) -> Network:
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
    def step(self) -> Step:
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
    def at_oldest(self) -> bool:
        """On the first step of the oldest iteration kept: nothing before it to go back to."""
        return self.step_index == 0 and self.iterations_done <= self.history.oldest

    def view(self) -> StepView:
        """Everything the diagram draws at the cursor."""
        return step_view(self.trace, self.step_index, self.sample)

    @property
    def metric(self) -> str:
        """What the data are judged by besides the cost: "accuracy" or "r2"."""
        return metric_for(self.spec.data.problem)

    def batch_cost(self) -> float | None:
        """The mini-batch's cost C at the cursor (``readout().batch_cost``), or None before
        the pass has reached the loss step; without the whole-set scores readout computes."""
        return self.trace.loss if cost_known(self.step) else None

    def readout(self) -> Readout:
        """The iteration shown and its costs, as every panel shows them (app/readout.py).

        The whole-set scores are computed once per starting point of an iteration (the
        snapshot before it) and data, however often the panels ask."""
        snap, data = self.history.current, self.spec.data
        if self._scored is None or self._scored[0] is not snap or self._scored[1] is not data:
            net = Network(self.network.sizes, self.network.activations, self.network.loss,
                          list(snap.weights), list(snap.biases))
            test = score(net, data.x_test, data.y_test, self.metric) if len(
                data.x_test) else None
            self._scored = (snap, data, score(net, data.x_train, data.y_train, self.metric),
                            test)
        _, _, train, test = self._scored
        return Readout(count=self.iterations_done + 1, epoch=self.epoch + 1,
                       iteration=self.iteration, per_epoch=self.trainer.iterations_per_epoch,
                       batch_cost=self.batch_cost(),
                       train=train, test=test, metric=self.metric)

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

    # --- iterations ---------------------------------------------------------------------

    def begin_iteration(self, pin: bool = False, engine: str = NUMPY) -> None:
        """Record the state before the next iteration, then trace that iteration whole (by
        the reference). The snapshot names the arithmetic of the iterations after it, for a
        replay across it: the reference's when stepping; ``engine`` when training elsewhere
        goes on from here (the training process's frames)."""
        self.trainer.engine = engine
        self.history.record(self.iterations_done, self.trainer.snapshot(), pin)
        with np.errstate(all="ignore"):  # overflow is shown (marked colours, a dialog)
            self.trace: Trace = self.trainer.train_iteration()
        self.step_index = 0
        if isinstance(self.sample, int) and self.sample >= self.batch_size:
            self.sample = 0

    def complete_iteration(self, stepping: bool = True) -> None:
        """Record the finished iteration's loss (and the epoch's, if it closed one), and its
        gradient flow when stepping (training records the iterations ``measured`` names)."""
        self.iterations_done += 1
        self.losses.iteration.append(self.iterations_done, self.trace.loss)
        if stepping or measured(self.iterations_done):
            self.flow.add_trace(self.iterations_done, self.trace)
        if self.trainer.epoch > self.history.current.epoch:
            self.record_epoch()

    def record_epoch(self, epoch: int | None = None, net: Network | None = None) -> None:
        """The cost and metric over the whole training and test sets after an epoch (by
        default the one just finished here, with the current parameters)."""
        data, losses = self.spec.data, self.losses
        epoch = self.trainer.epoch if epoch is None else epoch
        net = self.network if net is None else net
        record = epoch_record(epoch, net, data, self.metric)  # one pass of each set
        self.flow.add_epoch(record.row)  # the training log's row
        train, test = record.train, record.test
        losses.epoch_train.append(epoch, train.cost)
        losses.metric_train.append(epoch, train.metric)
        if test is not None:
            losses.epoch_test.append(epoch, test.cost)
            losses.metric_test.append(epoch, test.metric)

    def restart_iteration(self, snap: Snapshot) -> None:
        """The current iteration again from a changed starting point (an edit in place); the
        cursor stays on its step and sample. The snapshot is pinned: replays from older
        ones must not skip it."""
        step, sample = self.step_index, self.sample
        self.trainer.restore(snap)
        self.begin_iteration(pin=True)
        self.step_index = step
        self.sample = sample if not isinstance(sample, int) else min(sample, self.batch_size - 1)

    # --- moving -------------------------------------------------------------------------

    def next_step(self) -> bool:
        """One step on; past the update into the next iteration, which returns True (its
        loss is now on the curve)."""
        if self.step_index < self.n_steps - 1:
            self.step_index += 1
            return False
        self.complete_iteration()
        self.begin_iteration()
        return True

    def previous_step(self) -> bool:
        """One step back; from an iteration's first step to the last of the one before,
        recomputed exactly, which returns True (the curves were cut back). Call it only
        when not ``at_oldest``."""
        if self.step_index > 0:
            self.step_index -= 1
            return False
        self.back_to(self.iterations_done - 1)
        self.step_index = self.n_steps - 1
        return True

    def go_to_iteration(self, n: int) -> None:
        """Back to the first step of iteration ``n`` (0-based, clamped to what is kept)."""
        self.back_to(max(self.history.oldest, min(int(n), self.iterations_done)))
        self.step_index = 0

    def back_to(self, n: int) -> None:
        """Iteration ``n`` becomes the current one, exactly as it was; the curves are cut."""
        self.iterations_done = n
        self.trainer.restore(self.history.at(n, self._replay))
        self.begin_iteration()
        self.losses.iteration.truncate_after(n)
        self.losses.truncate_epochs_after(self.history.current.epoch)
        self.flow.truncate_after(n, self.history.current.epoch)

    def _replay(self, snap: Snapshot, count: int) -> Snapshot:
        """The state ``count`` iterations after ``snap``, recomputed exactly."""
        self.trainer.restore(snap)
        with np.errstate(all="ignore"):  # in the snapshot's arithmetic (model.kernel)
            self.trainer.run(count)
        return self.trainer.snapshot()

    def go_to_step(self, index: int) -> None:
        self.step_index = max(0, min(int(index), self.n_steps - 1))

    def finish_pass(self) -> None:
        """Jump to the end of the pass the cursor is in (forward: loss; backward: gradients)."""
        f_end, b_end = forward_end(self.trace), backward_end(self.trace)
        if self.step_index < f_end:
            self.step_index = f_end
        elif self.step_index < b_end:
            self.step_index = b_end
        else:
            self.step_index = self.n_steps - 1

    def set_sample(self, sample: Sample) -> None:
        """Show one sample of the mini-batch (0-based) or the batch mean (``"mean"``)."""
        if sample != MEAN:
            sample = max(0, min(int(sample), self.batch_size - 1))
        self.sample = sample

    # --- training at full speed ---------------------------------------------------------

    def train_for(self, seconds: float) -> int:
        """Run iterations for about ``seconds``; the number run (the shown one included).

        All but the last run without a trace (``Trainer.stretch``), recording the loss and
        a checkpoint now and then; the last is traced and shown at its last step. Where the
        compiled kernel trains this network (``model.kernel.engine_for``) the shown
        iteration is run again in its arithmetic, as the training process does: every
        iteration of a run at full speed is then the kernel's, and replays are exact."""
        trainer, history, losses = self.trainer, self.history, self.losses
        engine = engine_for(trainer.net)
        if engine != NUMPY:
            kernel.warm()  # the first run in a process loads numba's code: not in the slice
        deadline = time.perf_counter() + seconds
        if engine == NUMPY:
            self.complete_iteration(stepping=False)  # the traced iteration shown till now
            done, finite = 1, math.isfinite(self.trace.loss)
        else:
            trainer.restore(history.current)
            trainer.engine = engine
            history.record(self.iterations_done, trainer.snapshot())  # the kernel from here
            done, finite = 0, True
        pace = Pace(history.every, engine)
        with np.errstate(all="ignore"):
            while finite and (not done or time.perf_counter() < deadline):
                n = self.iterations_done
                if pace.checkpoint(n):
                    history.record(n, trainer.snapshot())
                epoch = trainer.epoch
                batch, point = trainer.stretch(n, pace.every)
                if point is not None:
                    self.flow.add(n + 1, point)
                self.iterations_done = n + len(batch)
                losses.iteration.extend(np.arange(n + 1, self.iterations_done + 1), batch)
                if trainer.epoch > epoch:
                    self.record_epoch()
                done += len(batch)
                finite = bool(np.isfinite(batch).all())
        self.begin_iteration()
        self.step_index = self.n_steps - 1
        return done

    def apply_updates(self, updates: Sequence[Update]) -> bool:
        """What training elsewhere did (the worker's frames): losses, epoch costs and
        checkpoints into the curves and the history; the newest state becomes the iteration
        shown (traced here, at its last step). False when there was nothing."""
        if not updates:
            return False
        net = self.network
        for update in updates:
            self.losses.iteration.extend(update.losses[:, 0], update.losses[:, 1])
            for epoch, weights, biases in update.epochs:
                self.record_epoch(epoch, Network(net.sizes, net.activations, net.loss,
                                                 weights, biases))
            for n, snap in update.checkpoints:
                self.history.record(n, snap)
            for n, point in update.flow:
                self.flow.add(n, point)
        last = updates[-1]
        self.iterations_done = last.n
        self.trainer.restore(last.now)
        self.begin_iteration(engine=NUMPY if last.stopped else last.now.engine)
        self.step_index = self.n_steps - 1
        return True

    # --- divergence ---------------------------------------------------------------------

    def diverged_now(self) -> bool:
        """Whether the loss has just stopped being finite: true once per divergence."""
        last = self.losses.iteration.last
        lost = last is not None and not math.isfinite(last)
        newly = lost and not self._diverged_told
        self._diverged_told = lost
        return newly

    def divergence(self) -> str:
        """After a divergence: set ``finite_iteration`` (the last iteration whose loss was
        finite, to step back to) and say what happened."""
        curve = self.losses.iteration
        finite = curve.x[np.isfinite(curve.y)]
        self.finite_iteration = max(int(finite[-1]) - 1, self.history.oldest) if len(
            finite) else self.history.oldest
        eta = num(self.training.optimizer.learning_rate)
        last = curve.last if curve.last is not None else math.nan  # a divergence has a last
        what = (f"The batch cost C became {num(last)} at iteration {int(curve.x[-1])} "
                f"(epoch {self.epoch + 1}): the numbers overflowed.")
        data = self.spec.data
        found = unscaled(data.x_train)
        if found is not None:  # the likelier cause: one η cannot suit every input's weights
            return (f"{what} The {found.describe(data.x_train, data.feature_names)}: "
                    f"unscaled inputs are the likelier cause. Scale them (Standard, or "
                    f"min-max, when importing the CSV), or try a learning rate smaller "
                    f"than η = {eta}.")
        return (f"{what} The learning rate η = {eta} is probably too high for this network "
                f"and data; try a smaller one, or another initialisation.")

    # --- undo ---------------------------------------------------------------------------

    def capture(self) -> Saved:
        """Everything needed to come back here exactly (the arrays are copies)."""
        return Saved(replace(self.spec, network=self.network.copy()), self.history.copy(),
                     copy.deepcopy(self.losses), self.iterations_done, self.step_index,
                     self.sample, self.flow.copy())

    def reinstate(self, saved: Saved) -> None:
        """Come back to a captured state exactly (parameters, history, curves, cursor)."""
        self.spec = replace(saved.spec, network=saved.spec.network.copy())
        self.trainer = self.spec.make_trainer()
        self.history = saved.history.copy()
        self.trainer.restore(self.history.current)
        self.losses = copy.deepcopy(saved.losses)
        self.flow = (saved.flow.copy() if saved.flow is not None
                     else FlowRecord(self.spec.network.n_layers))
        self.iterations_done = saved.iterations_done
        self.begin_iteration()
        self.step_index, self.sample = saved.step_index, saved.sample
