"""Two runs side by side: the window's Session is run A, and a second Session, run B,
starts where A stands and differs only in what the user chose (``model.run_pair``).

Run B has the same data, the same mini-batch order (A's epoch order, position and generator)
and the same parameters. A change of training settings (η, optimiser, regulariser, batch
size) is made in B as an in-place edit: B shares A's past, its history and curves included.
A change of network (architecture, hidden activation, initialiser) gives B a history of its
own that starts here.

Every widget and the window keep talking to run A; B follows A's every move:

- a step, a jump, a sample chosen: B shows the same step of the same iteration (and so the
  same mini-batch), ``model.run_pair.matching_step`` for another architecture;
- Train: B trains too, in a worker process of its own when the window gave one. One clock
  takes both runs' frames on the same tick, half as often as one run alone takes its own,
  and tells the widgets of both at once: the window redraws both views in one frame, as
  often as it draws one run alone, and leaves the processes the cores. Neither process
  trains more than most of a history ahead of the other (``TrainWorker.allow``: a run that
  is faster, or given more of the cores, waits), so that at Stop (or one of the runs
  diverging, which stops both) the run that got further can step back, exactly, to the
  other's iteration, and both show the same mini-batch again. Should drawing both
  take the window more than ``PAIR_DRAW_SHARE`` of the time (a slow or busy machine),
  the clock ticks less often (down to ``PAIR_SLOWEST_MS``), so that the window never
  takes the processes' cores; each run's process also sends its epochs' parameters
  half as often, so the window computes as many epoch costs as for one run alone;
- ``end("A")`` drops B; ``end("B")`` makes A take over B's state exactly (weights, history,
  curves, cursor; ``Session.adopt``), undoable. Replacing A (another file, data or network,
  an Undo) ends the comparison keeping A.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import replace

from PySide6 import QtCore

from app.session import Session
from app.session_cursor import Saved
from app.session_driver import FRAME_MS
from app.train_worker import EPOCH_EVERY_S, TrainWorker
from model.history import StepHistory
from model.loss_history import LossHistory
from model.optimizers import Optimizer
from model.run_pair import Differences, RunSettings, legend, matching_step, restructured, side

RUNS = ("A", "B")
PAIR_FRAME_MS = 2 * FRAME_MS  # both runs' frames while both train: half as often
OWN_FRAME_MS = 3_600_000  # each run's own frame timer meanwhile only says it trains there
PAIR_DRAW_SHARE = 0.5  # of the time at most, the window takes and draws both runs' frames
PAIR_SLOWEST_MS = 150  # however slow that is, both runs are drawn 6–7 times a second
PAIR_EPOCH_EVERY_S = 2 * EPOCH_EVERY_S  # each process's epochs, half as often
LEAD_SHARE = 4  # fifths of the shorter history one run may train ahead of the other


def fork(a: Session, differences: Differences, parent: QtCore.QObject | None = None
         ) -> Session:
    """Run B: a Session at A's state with ``differences`` applied (ValidationError if
    they cannot be; A is never changed)."""
    differences.check(a.training.optimizer)
    saved = a.capture()
    if differences.structural:
        spec = restructured(a.current_spec(), differences)
        now = a.history.current
        start = replace(now, weights=tuple(w.copy() for w in spec.network.weights),
                        biases=tuple(b.copy() for b in spec.network.biases),
                        optimizer=Optimizer(now.settings).snapshot())
        history = StepHistory.within(start.nbytes)
        history.record(a.iterations_done, start)
        saved = Saved(spec, history, LossHistory(), a.iterations_done, 0, a.sample)
    b = Session(saved.spec, parent)
    b.cursor.reinstate(saved)
    if differences.training():
        with b.batch(confirm=False):
            b.set_training(**differences.training())
    b.editor.forget()  # B's start is not an edit anyone could undo
    return b


class Comparison(QtCore.QObject):
    """Run B beside the window's Session (run A), kept at A's step."""

    message = QtCore.Signal(str)  # one line for the status bar
    ended = QtCore.Signal(str)  # the run kept: "A" or "B"
    # Both runs stand where they will be drawn and neither has told its widgets yet (a
    # step followed, a frame of both taken): the compare view shares the colour scale.
    aligned = QtCore.Signal()

    def __init__(self, a: Session, differences: Differences,
                 worker: TrainWorker | None = None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.a = a
        self.differences = differences
        self.b = fork(a, differences, self)
        self.b.worker = worker
        self.active = True
        self._busy = False  # moving the runs: their signals must not move them again
        self._scale_mode = a.scale_mode  # A's, given back at the end
        self.share_scale({})
        self.clock = QtCore.QTimer(self)  # both runs' frames, on one tick
        self.clock.setInterval(PAIR_FRAME_MS)
        self.clock.timeout.connect(self._frame)
        self._idle = QtCore.QTimer(self)  # fires once the window has drawn a frame
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._drawn)
        self._tick_s = 0.0  # when the last frame was taken
        self._busy_s = 0.0  # smoothed time from taking a frame to having drawn it
        for run in (a, self.b):
            run.frame_timer.setInterval(OWN_FRAME_MS)
            if run.worker is not None:
                run.worker.epoch_every_s = PAIR_EPOCH_EVERY_S
        a.changed.connect(self._follow)
        a.running_changed.connect(self._a_running)
        a.reset.connect(self._a_replaced)
        self.b.running_changed.connect(self._b_running)
        self.b.diverged.connect(lambda text: self.message.emit(f"Run B: {text}"))
        # How far one run's process may train ahead of the other's and still step back:
        # most of the shorter history (the rest for the kernel's checkpoint spacing). It
        # binds only for a run truly faster (a frame of both comes every 30-250 ms).
        self.lead = max(1, min(a.history.length, self.b.history.length) * LEAD_SHARE // 5)
        self._follow()

    # --- reading ------------------------------------------------------------------------

    def run(self, name: str) -> Session:
        return self.a if name == "A" else self.b

    def settings(self, name: str) -> RunSettings:
        """What run ``name`` trains with now."""
        s = self.run(name)
        return RunSettings.of(s.network, s.spec.init, s.training)

    def legend(self) -> str:
        """What differs: "A: η = 0.5 · B: η = 3"."""
        return legend(self.settings("A"), self.settings("B"))

    def side(self, name: str) -> str:
        """Run ``name``'s half of the legend: "η = 3"."""
        return side(self.settings("A"), self.settings("B"), name)

    @property
    def running(self) -> str:
        return self.a.running or self.b.running

    def share_scale(self, limits: dict[str, float]) -> None:
        """Both runs' diagrams colour by these limits ("locked" scales, one dict for both):
        the compare view puts the larger of the two runs' whole-network scales there."""
        for s in (self.a, self.b):
            s.view_state.scale_mode = "locked"
            s.view_state.locked_scale = limits

    # --- intent (the window may as well call run A: B follows either way) --------------

    def next_step(self) -> None:
        self.a.next_step()

    def previous_step(self) -> None:
        self.a.previous_step()

    def toggle_play(self) -> None:
        self.a.toggle_play()

    def toggle_train(self) -> None:
        self.a.toggle_train()

    def stop(self) -> None:
        self.a.stop()
        self.b.stop()

    def train_epochs(self, n: int) -> None:
        """Train run A ``n`` whole epochs now and run B as many iterations, then tell the
        widgets once (``Session.train_epochs``)."""
        with self._moving():
            self.a.train_epochs(n)
            with self.b.batch(confirm=False):
                while self.b.iterations_done < self.a.iterations_done:
                    self.b.go_to_step(self.b.n_steps - 1)
                    self.b.next_step()
        self._follow()

    def end(self, keep: str = "A") -> None:
        """End the comparison keeping run ``keep``: "A" drops B; "B" makes the window's
        Session B's exact state (undoable)."""
        if not self.active:
            return
        if keep not in RUNS:
            raise ValueError(keep)
        self.active = False
        label = f"Keep run B ({self.side('B')})"
        for signal, slot in ((self.a.changed, self._follow),
                             (self.a.running_changed, self._a_running),
                             (self.a.reset, self._a_replaced)):
            signal.disconnect(slot)
        self.stop()
        self.clock.stop()
        self.a.frame_timer.setInterval(FRAME_MS)
        if self.a.worker is not None:
            self.a.worker.epoch_every_s = EPOCH_EVERY_S
            self.a.worker.allow(None)
        self.a.set_scale_mode(self._scale_mode)  # A's own colour scale again
        if keep == "B":
            self.a.adopt(self.b.capture(), label)
        if self.b.worker is not None:
            self.b.worker.close()
        self.b.setParent(None)
        self.b.deleteLater()
        self.ended.emit(keep)

    # --- keeping B with A ---------------------------------------------------------------

    @contextlib.contextmanager
    def _moving(self) -> Iterator[None]:
        """Move the runs; their signals are told once at the end and do not move them again."""
        was, self._busy = self._busy, True
        try:
            with self.a.batch(confirm=False), self.b.batch(confirm=False):
                yield
        finally:
            self._busy = was

    def _follow(self) -> None:
        """B to A's iteration, step and sample; after training, the run ahead steps back."""
        a, b = self.a, self.b
        if self._busy or not self.active or a.running == "train" or b.running == "train":
            return
        with self._moving():
            na, nb = a.iterations_done, b.iterations_done
            if na == nb + 1:  # A passed an update: so does B
                b.go_to_step(b.n_steps - 1)
                b.next_step()
            elif na > nb:
                a.go_to_iteration(nb)
                a.go_to_step(a.n_steps - 1)
            elif nb > na:
                b.go_to_iteration(na)  # not before B's first iteration, if B began here
            b.go_to_step(matching_step(a.trace.steps, a.step_index, b.trace.steps))
            b.set_sample(a.sample)
            self.aligned.emit()
        self._pace()

    def _pace(self) -> None:
        """Each run's process trains to at most ``lead`` iterations past the other run's."""
        for run, other in ((self.a, self.b), (self.b, self.a)):
            if run.worker is not None:
                run.worker.allow(other.iterations_done + self.lead)

    def _frame(self) -> None:
        """Both runs' frames from their processes, told to the widgets together (one
        redraw of both views); the shared scale first, if either run moved."""
        self._tick_s = time.perf_counter()
        with self.a.batch(confirm=False), self.b.batch(confirm=False):
            took = [run.collect_frame() for run in (self.a, self.b)]
            if any(took) and self.active:
                self.aligned.emit()
                self._pace()
        if any(took) and not self._idle.isActive():  # (started again, it might never fire)
            self._idle.start()

    def _drawn(self) -> None:
        """The window is idle again after a frame: the clock's next interval keeps taking
        and drawing frames to ``PAIR_DRAW_SHARE`` of the time."""
        self._busy_s = 0.7 * self._busy_s + 0.3 * (time.perf_counter() - self._tick_s)
        ms = 1000 * self._busy_s / PAIR_DRAW_SHARE
        self.clock.setInterval(round(min(max(ms, PAIR_FRAME_MS), PAIR_SLOWEST_MS)))

    def _clock_follows(self) -> None:
        """The clock ticks while either run trains."""
        if self.active and "train" in (self.a.running, self.b.running):
            self.clock.start()
        else:
            self.clock.stop()

    def _a_running(self, mode: str) -> None:
        """A trains: B too. A stopped: B stops, and the two show the same iteration."""
        if mode == "train":
            if self.b.running != "train":
                self.b.toggle_train()
            self._pace()
            self._clock_follows()
            return
        self.b.stop()
        self._clock_follows()
        self._follow()

    def _b_running(self, mode: str) -> None:
        """B stopped by itself (its loss diverged): A stops too."""
        if mode != "train" and self.a.running == "train":
            self.a.stop()
        self._clock_follows()

    def _a_replaced(self) -> None:
        """A is another session now (a file, data or network, an Undo): B no longer
        compares with it."""
        if not self._busy:
            self.message.emit("The comparison ended: run A was replaced; run B is gone.")
            self.end("A")
