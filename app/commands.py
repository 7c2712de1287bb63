"""The headless sub-commands (trace, train): no Qt imported, files written only on success.

``train`` may be stopped with Ctrl-C: it finishes the iteration in progress, saves what was
trained so far (and its log) and raises ``Interrupted``, which ``main.py`` reports on one
line with exit status 130, the shell's code for a SIGINT.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from app.terminal_bar import TerminalBar
from model.atomic_write import atomic_write_text
from model.errors import ValidationError
from model.notation import num
from model.perceptron import train_perceptron
from model.session_file import SessionSpec, load_session, save_session
from model.trace import iterate
from model.training_log import EpochRow, epoch_row, log_csv
from model.validate import check_int

MAX_EPOCHS = 1_000_000


def check_out(out: str, suffixes: tuple[str, ...], field: str = "--out") -> Path:
    """The --out path (or another option's, ``field``), refused before any work if its type
    or folder is wrong."""
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        raise ValidationError(field, f"{out}: must end in {' or '.join(suffixes)}")
    if path.is_dir():
        raise ValidationError(field, f"{out}: is a folder")
    if not path.parent.exists():
        raise ValidationError(field, f"{out}: folder {path.parent} does not exist")
    return path


def trace_command(session: str, out: str) -> dict:
    """One iteration on the first mini-batch, in file order, written as JSON to ``out``."""
    out_path = check_out(out, (".json",))
    spec = load_session(session)
    net = spec.network
    n = min(spec.training.batch_size, len(spec.data.x_train))
    x, y = spec.data.x_train[:n], spec.data.y_train[:n]
    if net.is_perceptron:
        result = _perceptron_trace(spec, x, y)
    else:
        result = iterate(net, spec.make_trainer().optimizer, x, y).to_json()
    atomic_write_text(out_path, json.dumps(result, indent=1) + "\n")
    return result


def _perceptron_trace(spec: SessionSpec, x, y) -> dict:
    """A perceptron's iteration is one pass of the perceptron rule over the first batch."""
    run = train_perceptron(spec.network, x, y, spec.training.optimizer.learning_rate,
                           max_epochs=1)
    return {
        "kind": "perceptron",
        "updates": [
            {"index": u.index, "x": u.x.tolist(), "y": u.y.tolist(),
             "prediction": u.prediction.tolist(), "changed": u.changed, "caption": u.caption,
             "weights_before": u.weights_before.tolist(),
             "weights_after": u.weights_after.tolist()}
            for u in run.updates
        ],
        "after": {"weights": [w.tolist() for w in spec.network.weights],
                  "biases": [b.tolist() for b in spec.network.biases]},
    }


class Interrupted(Exception):
    """Ctrl-C stopped ``train`` after ``epochs`` whole epochs; ``written`` was saved."""

    def __init__(self, epochs: int, written: list[Path]):
        super().__init__(f"interrupted after {epochs} epochs; saved "
                         f"{' and '.join(str(p) for p in written)}")
        self.epochs, self.written = epochs, written


class _Stop:
    """Whether Ctrl-C was pressed (a second one interrupts at once, as usual)."""

    requested = False


@contextlib.contextmanager
def _ctrl_c() -> Iterator[_Stop]:
    """While inside, the first SIGINT only sets ``requested``; the old handler comes back
    with it (and when the block ends)."""
    stop = _Stop()

    def handler(_sig, _frame) -> None:
        stop.requested = True
        signal.signal(signal.SIGINT, previous)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: no signals to catch
        yield stop
        return
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def train_command(session: str, epochs: int, out: str, stream=None,
                  log: str | None = None) -> float:
    """Train ``epochs`` epochs headless, show progress on a terminal, save to ``out`` and,
    with ``log``, the training log (model.training_log) as CSV.

    Returns the final loss over the whole training set. Ctrl-C stops after the current
    iteration; what was trained is saved and ``Interrupted`` raised.
    """
    check_int("--epochs", epochs, low=1, high=MAX_EPOCHS)
    out_path = check_out(out, (".json",))
    log_path = check_out(log, (".csv",), "--log") if log is not None else None
    if log_path is not None and log_path.resolve() == out_path.resolve():
        raise ValidationError("--log", f"{log}: is the --out file")
    spec = load_session(session)
    stream = sys.stderr if stream is None else stream
    net, data = spec.network, spec.data
    if net.is_perceptron and log_path is not None:
        raise ValidationError("--log", "a perceptron learns by the perceptron rule and has no "
                                       "gradients to log; train it without --log")
    rows: list[EpochRow] = []
    with _ctrl_c() as stop:
        if net.is_perceptron:
            done = _train_perceptron(spec, epochs, stop)
        else:
            done = _train_network(spec, epochs, stop, TerminalBar(epochs, stream, "epoch"),
                                  rows if log_path is not None else None)
    loss = net.cost(data.x_train, data.y_train)
    spec.training = replace(spec.training, epochs_done=spec.training.epochs_done + done)
    save_session(spec, out_path)
    written = [out_path]
    if log_path is not None:
        atomic_write_text(log_path, log_csv(rows, net.n_layers))
        written.append(log_path)
    if stop.requested:
        raise Interrupted(done, written)
    return loss


def _train_network(spec: SessionSpec, epochs: int, stop: _Stop, bar: TerminalBar,
                   rows: list[EpochRow] | None) -> int:
    """Whole epochs (fewer if stopped), a log row after each; the epochs completed."""
    trainer, data = spec.make_trainer(), spec.data
    while trainer.epoch < epochs and not stop.requested:
        start, losses = trainer.epoch, []
        while trainer.epoch == start and not stop.requested:
            losses.append(trainer.fast_iteration())  # the same arithmetic as a traced one
        if trainer.epoch > start:
            bar.show(trainer.epoch, f"loss {num(float(np.mean(losses)))}")
            if rows is not None:
                rows.append(epoch_row(trainer.epoch, spec.network, data))
    bar.close()
    return trainer.epoch


def _train_perceptron(spec: SessionSpec, epochs: int, stop: _Stop) -> int:
    """The perceptron rule epoch by epoch until an epoch makes no mistake."""
    net, data, done = spec.network, spec.data, 0
    while done < epochs and not stop.requested:
        run = train_perceptron(net, data.x_train, data.y_train,
                               spec.training.optimizer.learning_rate, max_epochs=1)
        done += run.epochs
        if run.converged:
            break
    return done


