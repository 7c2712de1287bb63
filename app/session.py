"""The Session: the one object widgets know, a thin Qt façade over parts with one job each.

Widgets read what they draw from here (``view()``, ``spec``, ``losses``, ``selection``) and
send intent back by calling methods (``next_step()``, ``select_neuron()``, …). They never
talk to each other. The Session owns the signals and composes (as napari's ViewerModel
composes dims, camera and layers):

    Session
     ├─ cursor      Cursor     app/session_cursor.py  (Qt-free) trainer, history, loss
     │                                                curves, the step shown; exact
     │                                                replay, divergence
     ├─ driver      Driver     app/session_driver.py  Play and Train: timers; the worker
     │                                                process, or slices in this window
     ├─ editor      Editor     app/session_editor.py  edits and Undo
     ├─ view_state  ViewState  app/session_view.py    (Qt-free) selection, hover, colour
     │                                                scale, decision-map cache
     ├─ files       Files      app/session_files.py   open, save, the dirty flag
     └─ _batches    Batches    app/session_batch.py   (Qt-free) signals held in a batch

The parts do the work and announce it through ``_tell`` (never ``signal.emit``), so that
inside ``batch()`` each signal is told once at the end. The attributes widgets have always
read (``trace``, ``history``, ``worker``, ``dirty``, …) stay here and live in one part each.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import numpy as np
from PySide6 import QtCore

from app.readout import Readout
from app.session_batch import Batches, SignalName
from app.session_check import Checker
from app.session_cursor import Cursor, Sample, Saved
from app.session_driver import Driver, Running
from app.session_editor import Editor
from app.session_files import Files
from app.session_flow import FlowRecord
from app.session_view import SCALE_MODES, Edge, Highlight, ScaleMode, Selection, ViewState
from app.train_worker import TrainWorker
from app.undo import UndoStack
from model.datasets import Dataset
from model.decision_map import PlaneMaps
from model.history import StepHistory
from model.loss_history import LossHistory
from model.network import Network
from model.session_file import SessionSpec, TrainingSettings, load_session
from model.stepview import StepView
from model.trace import Step, Trace
from model.training import Trainer

__all__ = ["DEMO", "SCALE_MODES", "Selection", "Session"]

DEMO = Path(__file__).resolve().parent.parent / "resources" / "sessions" / "xor_demo.json"

T = TypeVar("T")


class _Part(Generic[T]):
    """``session.name`` reads and writes ``session.<part>.name``: the flat API widgets know,
    kept where the state lives."""

    def __init__(self, part: str) -> None:
        self._part = part
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Part[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object, owner: type | None = None) -> T | _Part[T]:
        if obj is None:
            return self
        value: T = getattr(getattr(obj, self._part), self._name)
        return value

    def __set__(self, obj: object, value: T) -> None:
        setattr(getattr(obj, self._part), self._name, value)


class Session(QtCore.QObject):
    """One open session and everything the window shows of it."""

    reset = QtCore.Signal()  # a different network or data: rebuild, then redraw
    changed = QtCore.Signal()  # cursor, parameters or shown sample moved: redraw
    selection_changed = QtCore.Signal()
    losses_changed = QtCore.Signal()
    undo_changed = QtCore.Signal()
    running_changed = QtCore.Signal(str)  # "", "play" or "train"
    dirty_changed = QtCore.Signal(bool)
    message = QtCore.Signal(str)  # one line for the status bar
    problem = QtCore.Signal(str)  # an edit was refused: the window shows why
    diverged = QtCore.Signal(str)  # the loss became NaN or infinite; training stopped
    checked = QtCore.Signal()  # the gradient check progressed, finished or was dropped
    highlighted = QtCore.Signal()  # other samples are highlighted (confusion matrix cell)

    # the cursor: where training stands and what is shown of it
    spec = _Part[SessionSpec]("cursor")
    trainer = _Part[Trainer]("cursor")
    history = _Part[StepHistory]("cursor")
    losses = _Part[LossHistory]("cursor")
    flow = _Part[FlowRecord]("cursor")  # gradient flow per iteration, training log per epoch
    trace = _Part[Trace]("cursor")
    iterations_done = _Part[int]("cursor")  # iterations whose update has been passed
    finite_iteration = _Part[int]("cursor")  # where to step back to after a divergence
    step_index = _Part[int]("cursor")
    sample = _Part[Sample]("cursor")
    network = _Part[Network]("cursor")
    batch_size = _Part[int]("cursor")
    training = _Part[TrainingSettings]("cursor")  # in force for the current iteration
    step = _Part[Step]("cursor")
    n_steps = _Part[int]("cursor")
    epoch = _Part[int]("cursor")  # epochs completed before the current iteration
    iteration = _Part[int]("cursor")  # the current iteration's number in its epoch, 1-based
    # how it is looked at
    selection = _Part[Selection]("view_state")
    highlight = _Part[Highlight | None]("view_state")
    scale_mode = _Part[ScaleMode]("view_state")
    locked_scale = _Part[dict[str, float]]("view_state")
    map_resolution = _Part[int]("view_state")
    # play and train
    running = _Part[Running]("driver")
    worker = _Part[TrainWorker | None]("driver")  # the window sets one: Train in a process
    play_timer = _Part[QtCore.QTimer]("driver")
    train_timer = _Part[QtCore.QTimer]("driver")
    frame_timer = _Part[QtCore.QTimer]("driver")
    play_interval_ms = _Part[int]("driver")
    frame_budget_s = _Part[float]("driver")
    # files, undo
    dirty = _Part[bool]("files")
    undo_stack = _Part[UndoStack]("editor")

    cursor: Cursor

    def __init__(self, spec: SessionSpec | None = None,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._batches = Batches(self._emit)
        self.view_state = ViewState()
        self.files = Files(self)
        self.editor = Editor(self)
        self.driver = Driver(self)
        self.checker = Checker(self)  # the gradient check (app/session_check.py)
        # Asked before an edit throws away training progress; the window puts a dialog here.
        self.confirm: Callable[[str], bool] = lambda question: True
        self._install(spec if spec is not None else load_session(DEMO))

    # --- signals and batches ------------------------------------------------------------

    def batch(self, confirm: bool = True) -> contextlib.AbstractContextManager[None]:
        """``with session.batch():`` changes made inside are told once, at the end.

        Each signal that fired is emitted once, with its last arguments, when the
        outermost batch ends (even if it raised), so the widgets redraw once however many
        steps, selections or edits were made. With ``confirm=False`` an edit that restarts
        training does not ask first (a lesson's own edits) and ``confirm`` stays as it is.
        """
        return self._batches.open(confirm)

    def _tell(self, name: SignalName, *args: object) -> None:
        """Emit signal ``name`` now, or when the batch in progress ends (for the parts)."""
        self._batches.tell(name, *args)

    def _emit(self, name: SignalName, args: tuple[object, ...]) -> None:
        getattr(self, name).emit(*args)

    # --- installing a session -----------------------------------------------------------

    def _install(self, spec: SessionSpec) -> None:
        """Show ``spec`` from its start; a bad one raises ValidationError, nothing changes."""
        cursor = Cursor(spec)
        self.stop()
        self.cursor = cursor
        self.files.dirty = False
        self._renewed()

    def _reinstate(self, saved: Saved) -> None:
        """Come back to a captured state exactly (Undo, Redo)."""
        self.stop()
        self.cursor.reinstate(saved)
        self.files.set_dirty()
        self._tell("undo_changed")
        self._renewed()

    def _renewed(self) -> None:
        """Another session is shown: nothing selected, every widget starts over."""
        cleared = self.view_state.forget()
        self._tell("reset")
        self._tell("changed")
        self._tell("losses_changed")
        if cleared:
            self._tell("selection_changed")

    # --- reading ------------------------------------------------------------------------

    def view(self) -> StepView:
        """Everything the diagram draws at the cursor."""
        return self.cursor.view()

    def readout(self) -> Readout:
        """The iteration shown and its costs, the one record every panel shows them from
        (app/readout.py): the Loss dock, the status bar, the diagram, the Inspector, the
        lesson captions."""
        return self.cursor.readout()

    def batch_cost(self) -> float | None:
        """The mini-batch's cost at the cursor, None before the loss step (the diagram's
        headline: no whole-set scores needed)."""
        return self.cursor.batch_cost()

    def batch_rows(self) -> np.ndarray:
        """Rows of the training data (``spec.data.x_train``) in the current mini-batch."""
        return self.cursor.batch_rows()

    def current_spec(self) -> SessionSpec:
        """The session as it stands at the cursor: parameters before the current iteration."""
        return self.cursor.current_spec()

    def plane_maps(self) -> PlaneMaps | None:
        """Every neuron over the input plane at the cursor (2-D data only), cached."""
        return self.view_state.plane_maps(self.cursor, training=self.running == "train")

    # --- stepping -----------------------------------------------------------------------

    def next_step(self) -> None:
        if self.cursor.next_step():  # into the next iteration: the curve grew
            self.files.set_dirty()
            self._tell("losses_changed")
        self._tell("changed")
        self._check_divergence()

    def previous_step(self) -> None:
        if self.cursor.at_oldest:
            self._tell("message", "This is the oldest step kept in the history.")
            return
        if self.cursor.previous_step():  # back across an update: the curves were cut
            self._tell("losses_changed")
        self._tell("changed")

    def go_to_iteration(self, n: int) -> None:
        """Back to the first step of iteration ``n`` (0-based), exactly as it was."""
        self.stop()
        self.cursor.go_to_iteration(n)
        self._tell("losses_changed")
        self._tell("changed")

    def go_to_start(self) -> None:
        """Back to the first step of the current iteration."""
        self.go_to_step(0)

    def go_to_step(self, index: int) -> None:
        self.cursor.go_to_step(index)
        self._tell("changed")

    def finish_pass(self) -> None:
        """Jump to the end of the pass the cursor is in (forward: loss; backward: gradients)."""
        self.cursor.finish_pass()
        self._tell("changed")

    def set_sample(self, sample: Sample) -> None:
        """Show one sample of the mini-batch (0-based) or the batch mean (``"mean"``)."""
        self.cursor.set_sample(sample)
        self._tell("changed")

    def _check_divergence(self) -> None:
        """A non-finite loss stops Play and Train and says why, once per divergence; the
        window offers to step back to the last iteration whose loss was finite."""
        if self.cursor.diverged_now():
            self.stop()
            self._tell("diverged", self.cursor.divergence())

    # --- training -----------------------------------------------------------------------

    def toggle_play(self) -> None:
        self.driver.toggle_play()

    def set_play_interval(self, ms: int) -> None:
        self.driver.set_play_interval(ms)

    def toggle_train(self) -> None:
        self.driver.toggle_train()

    def stop(self) -> None:
        """Stop Play and Train (what the training process did up to now is taken in)."""
        self.driver.stop()

    def collect_frame(self) -> bool:
        """Take the training process's latest frame now (``Driver.collect_frame``)."""
        return self.driver.collect_frame()

    def train_for(self, seconds: float) -> int:
        """Run iterations for about ``seconds``; the view is told once at the end.

        All but the last run without a trace, recording the loss and a checkpoint now and
        then; the last is traced so the view shows it (at its last step)."""
        done = self.cursor.train_for(seconds)
        self._trained()
        self._check_divergence()
        return done

    def train_epochs(self, n: int) -> None:
        """Train ``n`` whole epochs now, iteration by traced iteration, and tell the widgets
        once: the cursor ends on the first step of the iteration that begins the epoch
        after (its loss is the trained network's)."""
        target = self.epoch + n
        with self.batch(), np.errstate(all="ignore"):
            while self.epoch < target:
                self.cursor.go_to_step(self.n_steps - 1)
                self.next_step()

    def _trained(self) -> None:
        """Iterations were run (here or in the training process): unsaved, redraw."""
        self.files.set_dirty()
        self._tell("losses_changed")
        self._tell("changed")

    # --- selection and colour scale -----------------------------------------------------

    def select_neuron(self, layer: int | None, j: int | None = None) -> None:
        self.view_state.select_neuron(layer, j)
        self._tell("selection_changed")

    def select_edge(self, edge: Edge | None) -> None:
        self.view_state.select_edge(edge)
        self._tell("selection_changed")

    def hover_edge(self, edge: Edge | None) -> None:
        if self.view_state.hover_edge(edge):
            self._tell("selection_changed")

    def highlight_samples(self, part: str | None, rows=(), label: str = "") -> None:
        """Highlight rows of the training (``part`` "train") or test data ("test"), e.g.
        a confusion matrix cell's samples; ``part`` None clears the highlight."""
        self.view_state.set_highlight(part, rows, label)
        self._tell("highlighted")

    def set_scale_mode(self, mode: ScaleMode) -> None:
        """Colour scale of signed values: per layer, whole network, or locked at current."""
        self.view_state.set_scale_mode(mode)
        self._tell("changed")

    # --- files --------------------------------------------------------------------------

    def mark_dirty(self) -> None:
        """Unsaved changes (a session restored after a crash is not the file on disk)."""
        self.files.set_dirty(True)

    def open(self, path: str | Path) -> None:
        """Replace the session by a file's; raises ValidationError and changes nothing if bad."""
        self.files.open(path)

    def open_spec(self, spec: SessionSpec) -> None:
        """Replace the session by ``spec`` (nothing to undo after it)."""
        self._install(spec)
        self.editor.forget()

    def save(self, path: str | Path | None = None) -> Path:
        return self.files.save(path)

    # --- copies (a comparison's run B) --------------------------------------------------

    def capture(self) -> Saved:
        """Everything needed to come back to this moment exactly (arrays copied): a
        comparison's run B starts from it, and ``adopt`` takes one in."""
        return self.cursor.capture()

    def adopt(self, saved: Saved, label: str) -> None:
        """This session becomes ``saved`` exactly (parameters, history, curves, cursor): a
        comparison's run B, kept. Undoable as ``label``."""
        self.editor.adopt(saved, label)

    # --- edits and undo (app/session_editor.py says what each keeps) --------------------

    def undo(self) -> None:
        self.editor.undo()

    def redo(self) -> None:
        self.editor.redo()

    def set_weight(self, layer: int, j: int, k: int, value: object) -> bool:
        """Set W^layer[j, k] (0-based j, k) of the current iteration to ``value``."""
        return self.editor.set_weight(layer, j, k, value)

    def set_bias(self, layer: int, j: int, value: object) -> bool:
        """Set b^layer[j] (0-based j) of the current iteration to ``value``."""
        return self.editor.set_bias(layer, j, value)

    def set_training(self, **changes: Any) -> bool:
        return self.editor.set_training(**changes)

    def add_neuron(self, layer: int) -> bool:
        return self.editor.add_neuron(layer)

    def remove_neuron(self, layer: int, j: int | None = None) -> bool:
        return self.editor.remove_neuron(layer, j)

    def add_layer(self, at: int, size: int | None = None, activation: str | None = None) -> bool:
        """Insert a hidden layer so that it becomes layer ``at`` (2..L)."""
        return self.editor.add_layer(at, size, activation)

    def remove_layer(self, layer: int) -> bool:
        return self.editor.remove_layer(layer)

    def set_architecture(self, sizes: Any, activations: Any, loss: str | None = None) -> bool:
        return self.editor.set_architecture(sizes, activations, loss)

    def reinitialise(self, init: str | None = None, seed: int | None = None) -> bool:
        return self.editor.reinitialise(init, seed)

    def set_dataset(self, name: str, **params: Any) -> bool:
        return self.editor.set_dataset(name, **params)

    def set_data(self, raw: Dataset, source: dict) -> bool:
        return self.editor.set_data(raw, source)

    def set_features(self, features: Any) -> bool:
        return self.editor.set_features(features)
