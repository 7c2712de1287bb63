"""Where training stands and what it costs, at the cursor: the one record every panel reads.

The Loss dock's headline, the status bar, the diagram's header, the Inspector and a
lesson's caption all show the same iteration, epoch and costs, so they all read them from
``Session.readout()`` (made here, Qt-free) and write them with ``model.notation``'s names:

- the **batch cost C** of the iteration shown: its mini-batch's cost, what its update
  uses; known once the pass has reached the loss step (``None`` before);
- the **training cost** and the **test cost**: the whole training and test sets, at the
  parameters the iteration shown starts from (the same parameters C is computed with; at
  an epoch's first iteration, the value the per-epoch curve recorded for the epoch before),
  each beside its metric (accuracy or R², ``model.metrics``).

The iteration shown is the one the cursor is in: counted from the session's start
(``count``), and within its epoch (``iteration`` of ``per_epoch``), both 1-based as the
status bar counts. Its batch cost joins the per-iteration curve, at x = ``count``, once its
update has been passed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from model.metrics import Score
from model.notation import cost_text, metric_text


@dataclass(frozen=True)
class Readout:
    """The iteration shown and its costs (see the module's docstring)."""

    count: int  # the iteration shown, counted from the session's start (1-based)
    epoch: int  # the epoch it belongs to (1-based)
    iteration: int  # its number within that epoch (1-based)
    per_epoch: int  # iterations per epoch
    batch_cost: float | None  # C of its mini-batch; None before the pass reaches the loss
    train: Score  # the whole training set, at the parameters the iteration starts from
    test: Score | None  # the whole test set (None: no test data)
    metric: str  # "accuracy" or "r2"

    @property
    def epochs_done(self) -> int:
        """Epochs completed before the iteration shown."""
        return self.epoch - 1

    @property
    def diverged(self) -> bool:
        """A cost shown is NaN or infinite."""
        values = [self.batch_cost, self.train.cost]
        return any(v is not None and not math.isfinite(v) for v in values)

    def where(self) -> str:
        """"epoch 3 · iteration 8 of 45"."""
        return f"epoch {self.epoch} · iteration {self.iteration} of {self.per_epoch}"

    def batch_text(self) -> str:
        """"batch cost C = 0.144" (or that it is not computed yet in this pass)."""
        return cost_text("batch", self.batch_cost)

    def set_texts(self) -> list[str]:
        """"training cost = 0.0117 (accuracy 98.3%)", and the same for the test set when
        there is one: one text per set (without a metric that is undefined, as R² of a
        single row)."""
        sets = [("train", self.train)] + ([("test", self.test)] if self.test else [])
        return [cost_text(part, s.cost) + ("" if math.isnan(s.metric) else
                                           f" ({metric_text(self.metric, s.metric)})")
                for part, s in sets]
