"""The headless sub-commands (trace, train): no Qt imported, files written only on success."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from model.atomic_write import atomic_write_text
from model.errors import ValidationError
from model.notation import num
from model.perceptron import train_perceptron
from model.session_file import SessionSpec, load_session, save_session
from model.trace import iterate
from model.validate import check_int

MAX_EPOCHS = 1_000_000


def check_out(out: str, suffixes: tuple[str, ...]) -> Path:
    """The --out path, refused before any work if its type or folder is wrong."""
    path = Path(out)
    if path.suffix.lower() not in suffixes:
        raise ValidationError("--out", f"{out}: must end in {' or '.join(suffixes)}")
    if path.is_dir():
        raise ValidationError("--out", f"{out}: is a folder")
    if not path.parent.exists():
        raise ValidationError("--out", f"{out}: folder {path.parent} does not exist")
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


def train_command(session: str, epochs: int, out: str, stream=None) -> float:
    """Train ``epochs`` epochs headless, show progress on a terminal, save to ``out``.

    Returns the final loss over the whole training set.
    """
    check_int("--epochs", epochs, low=1, high=MAX_EPOCHS)
    out_path = check_out(out, (".json",))
    spec = load_session(session)
    stream = sys.stderr if stream is None else stream
    net, data = spec.network, spec.data
    if net.is_perceptron:
        run = train_perceptron(net, data.x_train, data.y_train,
                               spec.training.optimizer.learning_rate, max_epochs=epochs)
        done = run.epochs
    else:
        trainer = spec.make_trainer()
        bar = _ProgressBar(epochs, stream)
        for epoch in range(epochs):
            batch_loss = trainer.train_epoch()
            bar.update(epoch + 1, batch_loss)
        bar.close()
        done = epochs
    loss = net.cost(data.x_train, data.y_train)
    spec.training = replace(spec.training, epochs_done=spec.training.epochs_done + done)
    save_session(spec, out_path)
    return loss


class _ProgressBar:
    """A one-line bar redrawn in place on a terminal, at most ~10 times a second."""

    def __init__(self, total: int, stream):
        self.total, self.stream = total, stream
        self.live = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0

    def update(self, done: int, loss: float) -> None:
        now = time.monotonic()
        if not self.live or (now - self.last < 0.1 and done < self.total):
            return
        self.last = now
        width = 30
        filled = int(width * done / self.total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] epoch {done}/{self.total}"
                          f"  loss {num(loss)}")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
