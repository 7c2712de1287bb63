"""Train in a second process while the window draws: both cores at work, nothing waits.

In one process, every millisecond spent drawing is one not spent training (the window
kept ~half the time however the work was sliced). Here the child process trains at full
speed and the window asks for a *frame* whenever it is ready to draw one: the losses,
checkpoints and each finished epoch's parameters since the last frame, and the state now
(the window computes the epoch costs over the whole training and test sets itself: for
the digits that is a quarter of the training's time, better spent on the other core).
The child never gets ahead of what the window can take (one frame in flight) and never
waits for it.

The child imports only numpy and ``model/`` (Qt-free by rule). Messages are JSON plus
``.npz`` (``model.snapshot_codec``), never pickle. The child runs exactly the arithmetic
of ``Trainer.fast_iteration``, so the window's history replays its iterations bit for bit.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from model.flow import FlowPoint, measured
from model.kernel import Pace, engine_for, warm
from model.network import Network
from model.optimizers import Optimizer
from model.snapshot_codec import pack, snapshot_from, snapshot_parts, unpack
from model.training import Snapshot, Trainer

CHECK_S = 0.002  # the child looks at its pipe this often while training
EPOCH_EVERY_S = 0.03  # epoch costs: at most this often (the window computes them)
STOP_TIMEOUT_S = 5.0
ROOT = Path(__file__).resolve().parent.parent
_SIZE = struct.Struct("<Q")
# The child trains on one core while the window draws on the other: BLAS pools of two
# threads in both processes spin against each other on 2 cores (a 0.2 ms product of the
# digits' epoch record took 9 ms). Its products split rows and columns, never the sum, so
# the bits do not depend on the number of threads.
ONE_CORE = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                     "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")}


class Pipe:
    """Length-prefixed messages over a pair of byte streams (the child's stdin/stdout)."""

    def __init__(self, reading, writing):
        self._in, self._out = reading, writing

    def send_bytes(self, data: bytes) -> None:
        self._out.write(_SIZE.pack(len(data)) + data)
        self._out.flush()

    def recv_bytes(self) -> bytes:
        head = self._read(_SIZE.size)
        return self._read(_SIZE.unpack(head)[0])

    def poll(self, timeout: float = 0.0) -> bool:
        """Whether a message has (begun to) arrive within ``timeout`` seconds."""
        return bool(select.select([self._in], [], [], timeout)[0])

    def _read(self, n: int) -> bytes:
        """Exactly ``n`` bytes (the streams are unbuffered, so ``select`` sees all data)."""
        parts, left = [], n
        while left:
            chunk = self._in.read(left)
            if not chunk:
                raise EOFError("the other side closed the pipe")
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)

    def close(self) -> None:
        for stream in (self._in, self._out):
            try:
                stream.close()
            except OSError:
                pass


# --- the child ------------------------------------------------------------------------------


def serve(conn) -> None:
    """The training process: wait for "start", train until "stop" or a non-finite loss.
    "warm" (from ``TrainWorker.prepare``, a process started ahead of Train) loads the
    compiled kernel while nobody waits: about a second from numba's cache, several on an
    empty one. A process started by Train itself loads it only for a network it suits."""
    sender = Sender(conn)
    try:
        while True:
            try:
                header, arrays = unpack(conn.recv_bytes())
            except (EOFError, OSError):
                return
            if header["kind"] == "quit":
                return
            if header["kind"] == "warm":
                warm()
            if header["kind"] == "start":
                try:
                    _train(sender, header, arrays)
                except (EOFError, OSError):
                    return  # the window went away mid-run: nobody to tell
            # a "frame" or "stop" that arrives while idle is stale: the run already ended
    finally:
        sender.close()


class Sender:
    """Writes messages from a thread of its own: a frame bigger than the pipe's buffer
    (64 kB) waits there for the window to read it, while training goes on."""

    def __init__(self, conn):
        self.conn = conn
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def poll(self, timeout: float = 0.0) -> bool:
        return self.conn.poll(timeout)

    def recv_bytes(self) -> bytes:
        return self.conn.recv_bytes()

    def send_bytes(self, data: bytes) -> None:
        self._queue.put(data)

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            try:
                self.conn.send_bytes(data)
            except OSError:
                return  # the window is gone; the read side will notice

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(1.0)


def _train(conn, setup: dict, arrays: dict) -> None:
    snap = snapshot_from(setup["snapshot"], arrays, "now_")
    net = Network.create(setup["sizes"], setup["activations"], setup["loss"],
                         weights=[w.copy() for w in snap.weights],
                         biases=[b.copy() for b in snap.biases])
    x, y = arrays["x"], arrays["y"]
    trainer = Trainer(net, Optimizer(snap.settings), x, y, snap.batch_size,
                      shuffle=setup["shuffle"])
    trainer.restore(snap)
    trainer.engine = engine_for(net)  # the window's history replays in the same one
    n, pace = setup["n"], Pace(setup["every"], trainer.engine)
    epoch_every_s = float(setup.get("epoch_every_s", EPOCH_EVERY_S))
    frame = Frame()
    if trainer.engine != snap.engine:  # the history must know where the kernel took over
        frame.checkpoints.append((n, trainer.snapshot()))
    wanted = True  # the window wants the first frame as soon as there is one
    until = setup.get("until")  # no iteration beyond this one until told (two runs' pace)
    sent = -1  # the iteration of the last frame sent: at the ceiling, no frame repeats it
    next_check = time.perf_counter() + CHECK_S
    next_epoch = 0.0
    with np.errstate(all="ignore"):
        while True:
            waiting = until is not None and n >= until
            finite = True
            if not waiting:
                if pace.checkpoint(n) and not (frame.checkpoints
                                               and frame.checkpoints[-1][0] == n):
                    frame.checkpoints.append((n, trainer.snapshot()))
                epoch = trainer.epoch
                want_epoch = time.perf_counter() >= next_epoch
                most = None if until is None else until - n
                losses = _iterations(trainer, n, pace.every, frame, want_epoch, most)
                n += len(losses)
                if trainer.epoch > epoch and want_epoch:
                    # its costs are the window's work: the parameters go, 33 epochs a second
                    # at most (XOR's one-iteration epochs would swamp the window otherwise)
                    frame.epochs.append((trainer.epoch, [w.copy() for w in net.weights],
                                         [b.copy() for b in net.biases]))
                    next_epoch = time.perf_counter() + epoch_every_s
                finite = bool(np.isfinite(losses).all())
                if finite and time.perf_counter() < next_check:
                    continue
            next_check = time.perf_counter() + CHECK_S
            stop = not finite
            # at the ceiling, wait for the window's word rather than spin
            while conn.poll(CHECK_S if waiting and not stop else 0.0):
                header = unpack(conn.recv_bytes())[0]
                wanted |= header["kind"] == "frame"
                stop |= header["kind"] == "stop"
                if header["kind"] == "until":
                    until = header["n"]
                waiting = False  # one message at a time while waiting: look again
            if stop:
                conn.send_bytes(frame.message(n, trainer.snapshot(), "stopped"))
                return
            if wanted and n > sent:
                conn.send_bytes(frame.message(n, trainer.snapshot(), "frame"))
                frame, wanted, sent = Frame(), False, n


def _iterations(trainer: Trainer, n: int, every: int, frame: Frame,
                stop_at_epoch: bool, most: int | None = None) -> np.ndarray:
    """The iterations after ``n`` (``Trainer.stretch``, at most ``most``), their losses and
    flow in ``frame``."""
    losses, point = trainer.stretch(n, every, stop_at_epoch, most)
    if point is not None:
        frame.flow.append([n + 1, *point.row()])
    frame.add_losses(n + 1, losses)
    return losses


def recording_iteration(trainer: Trainer, n: int, flow: list[list[float]]) -> float:
    """Iteration ``n`` (counted once done) at full speed, its gradient flow appended to
    ``flow`` as [n, FlowPoint.row()…] when ``model.flow.measured`` names it (the window
    records the same iterations); returns the batch loss."""
    if measured(n):
        loss, point = trainer.measured_iteration()
        flow.append([n, *point.row()])
        return loss
    return trainer.fast_iteration()


class Frame:
    """What the child learnt since the last frame it sent."""

    def __init__(self):
        self._losses: list[np.ndarray] = []  # (k, 2) blocks: iteration number, loss
        self.epochs: list[tuple[int, list, list]] = []  # epoch, its final W and b
        self.checkpoints: list[tuple[int, Snapshot]] = []
        self.flow: list[list[float]] = []  # iteration, then FlowPoint.row()

    def add_losses(self, first: int, losses: np.ndarray) -> None:
        """The batch losses of iterations ``first``, ``first`` + 1, …"""
        numbers = np.arange(first, first + len(losses), dtype=float)
        self._losses.append(np.column_stack([numbers, losses]))

    @property
    def losses(self) -> np.ndarray:
        return np.concatenate(self._losses) if self._losses else np.zeros((0, 2))

    def message(self, n: int, now: Snapshot, kind: str) -> bytes:
        header, arrays = snapshot_parts(now, "now_")
        head: dict[str, Any] = {"kind": kind, "n": n, "now": header, "checkpoints": []}
        for i, (m, snap) in enumerate(self.checkpoints):
            part, more = snapshot_parts(snap, f"c{i}_")
            head["checkpoints"].append([m, part])
            arrays |= more
        arrays["losses"] = self.losses
        arrays["flow"] = np.array(self.flow, dtype=float).reshape(
            len(self.flow), 1 + 3 * len(now.weights))
        head["epochs"] = [epoch for epoch, _w, _b in self.epochs]
        for i, (_epoch, weights, biases) in enumerate(self.epochs):
            arrays |= {f"e{i}_w{j}": w for j, w in enumerate(weights)}
            arrays |= {f"e{i}_b{j}": b for j, b in enumerate(biases)}
        return pack(head, arrays)


# --- the window's side ----------------------------------------------------------------------


class Update:
    """A frame as the Session applies it."""

    def __init__(self, data: bytes):
        header, arrays = unpack(data)
        self.stopped = header["kind"] == "stopped"
        self.n: int = header["n"]
        self.now = snapshot_from(header["now"], arrays, "now_")
        self.checkpoints = [(m, snapshot_from(part, arrays, f"c{i}_"))
                            for i, (m, part) in enumerate(header["checkpoints"])]
        self.losses: np.ndarray = arrays["losses"]  # (k, 2): iteration number, loss
        n_layers = header["now"]["layers"]
        self.flow = [(int(row[0]), FlowPoint.from_row(row[1:])) for row in arrays["flow"]]
        self.epochs = [(epoch, [arrays[f"e{i}_w{j}"] for j in range(n_layers)],
                        [arrays[f"e{i}_b{j}"] for j in range(n_layers)])
                       for i, epoch in enumerate(header["epochs"])]  # epoch, its W and b


class WorkerGone(RuntimeError):
    """The training process ended or cannot be started; training goes on in the window."""


class TrainWorker:
    """The child process (``python -m app.train_worker``), started on first use and kept
    for the next run. POSIX only (it waits on the pipe with ``select``); elsewhere the
    Session trains in slices itself."""

    available = os.name == "posix"

    def __init__(self):
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Pipe | None = None  # set with the process, dropped with it
        self.running = False
        # Epochs' parameters at most this often (two runs side by side: each half as often,
        # so the window computes as many epoch costs as for one run alone).
        self.epoch_every_s = EPOCH_EVERY_S
        # No iteration beyond this one (two runs side by side keep within each other's
        # history); None: train on until stopped.
        self.until: int | None = None
        self._lost = ""  # why a message could not be sent: the next poll raises it

    @property
    def _pipe(self) -> Pipe:
        assert self._conn is not None  # used only while the process is there
        return self._conn

    def prepare(self) -> None:
        """Start the process now, ahead of the first Train (the window does, once shown):
        its interpreter, numpy and the compiled kernel load while nobody waits. Quietly
        nothing if it cannot start: ``start`` tries again and says why."""
        if self.available and not self.running:
            with contextlib.suppress(OSError, WorkerGone):
                self._spawn()
                self._send({"kind": "warm"})

    def _spawn(self) -> None:
        """The process, started unless it is there and alive."""
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(  # a fresh interpreter: never fork Qt
                [sys.executable, "-m", "app.train_worker"], cwd=ROOT,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
                env=os.environ | ONE_CORE)
            self._conn = Pipe(self._process.stdout, self._process.stdin)

    def start(self, trainer: Trainer, start: Snapshot, n: int, every: int) -> None:
        """Train from ``start`` (the state before iteration ``n``) until ``stop``."""
        self._lost = ""
        try:
            self._spawn()
            while self._pipe.poll():  # anything left from an earlier run is stale
                self._pipe.recv_bytes()
        except (OSError, EOFError) as err:
            self.close()
            raise WorkerGone(f"the training process could not start: {err}") from err
        net = trainer.net
        header, arrays = snapshot_parts(start, "now_")
        arrays |= {"x": trainer.x, "y": trainer.y}
        self._send({"kind": "start", "n": n, "every": every, "snapshot": header,
                    "sizes": list(net.sizes), "activations": [a.name for a in net.activations],
                    "loss": net.loss.name, "shuffle": trainer.shuffle,
                    "epoch_every_s": self.epoch_every_s, "until": self.until}, arrays)
        self.running = True

    def allow(self, until: int | None) -> None:
        """Train no further than iteration ``until`` (None: no limit), from now on."""
        if until == self.until:
            return
        self.until = until
        if self.running:
            with contextlib.suppress(WorkerGone):  # gone: the next poll says so
                self._send({"kind": "until", "n": until})

    def poll(self) -> list[Update]:
        """Frames that have arrived (none waiting: never blocks). WorkerGone if the child
        died: the updates it sent before are lost, the history before them is not."""
        if self._lost:
            lost, self._lost = self._lost, ""
            raise WorkerGone(lost)
        out = []
        try:
            while self.running and self._pipe.poll():
                update = Update(self._pipe.recv_bytes())
                out.append(update)
                self.running = not update.stopped
        except (OSError, EOFError, ValueError) as err:
            self.close()
            raise WorkerGone(f"the training process ended unexpectedly ({err})") from err
        return out

    def request_frame(self) -> None:
        if self.running:
            with contextlib.suppress(WorkerGone):  # gone: the next poll says so
                self._send({"kind": "frame"})

    def stop(self) -> list[Update]:
        """Stop the run; returns the frames up to and including the final one."""
        if not self.running:
            return []
        self._send({"kind": "stop"})
        out = []
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while self.running and self._pipe.poll(max(0.0, deadline - time.monotonic())):
            out.extend(self.poll())
        if self.running:  # the child did not answer: start afresh next time
            self.close()
        return out

    def _send(self, header: dict, arrays=None) -> None:
        try:
            self._pipe.send_bytes(pack(header, arrays))
        except (OSError, ValueError) as err:
            self.close()
            self._lost = f"the training process ended unexpectedly ({err})"
            raise WorkerGone(self._lost) from err

    def close(self) -> None:
        """End the child process (the window is closing, or the child failed)."""
        self.running = False
        if self._process is None:
            return
        process, conn = self._process, self._pipe
        self._process, self._conn = None, None
        try:
            conn.send_bytes(pack({"kind": "quit"}))
        except (OSError, ValueError):
            pass
        conn.close()
        try:
            process.wait(1.0)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":  # the child: python -m app.train_worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the window's to handle
    # the raw, unbuffered stdin (a BufferedReader's), so that select sees every byte
    serve(Pipe(sys.stdin.buffer.raw, sys.stdout.buffer))  # type: ignore[union-attr]
