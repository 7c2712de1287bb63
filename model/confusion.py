"""The confusion matrix of a classifier: which true class is predicted as which.

Row i is the true class i, column j the predicted class j (scikit-learn's convention), so
the diagonal counts the right answers and a row, normalised, says what becomes of class i.
The class of an output follows the one rule the app uses for accuracy: one output is class
1 when a⁽ᴸ⁾ > ½ (the target when y > ½); several outputs, the largest. A sample whose output
is not finite (a diverged network) is predicted as no class: it is counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def classes_of(outputs: Array) -> Array:
    """The class (0-based) of each row of outputs or targets; −1 where not finite."""
    out = np.asarray(outputs, dtype=float)
    if out.shape[1] == 1:
        k = (out[:, 0] > 0.5).astype(np.intp)
    else:
        k = np.argmax(np.where(np.isfinite(out), out, -np.inf), axis=1).astype(np.intp)
    k[~np.isfinite(out).all(axis=1)] = -1
    return k


@dataclass(frozen=True)
class Confusion:
    """Counts (true class × predicted class) and each sample's two classes."""

    counts: Array  # (K, K) int
    true: Array  # (n,) the samples' true classes
    predicted: Array  # (n,) −1 where the output was not finite

    @property
    def n_classes(self) -> int:
        return len(self.counts)

    @property
    def unpredicted(self) -> int:
        """Samples whose output was not finite (in no column)."""
        return int(np.sum(self.predicted < 0))

    @property
    def accuracy(self) -> float:
        """The share of samples predicted right (NaN without samples)."""
        n = len(self.true)
        return float(np.trace(self.counts) / n) if n else float("nan")

    def normalised(self) -> Array:
        """Each row divided by the number of samples of that true class (NaN for a class
        without samples): the share of class i predicted as j."""
        totals = np.bincount(self.true, minlength=self.n_classes).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.counts / totals[:, None]

    def rows(self, i: int, j: int) -> Array:
        """The samples (row numbers of the data) of true class i predicted as j."""
        return np.flatnonzero((self.true == i) & (self.predicted == j))


def n_classes_of(targets: Array) -> int:
    """How many classes one-hot (or one 0/1 column of) targets stand for."""
    return max(2, np.asarray(targets).shape[1])


def confusion(outputs: Array, targets: Array) -> Confusion:
    """The confusion matrix of network ``outputs`` against ``targets`` (both (n, n_L))."""
    k = n_classes_of(targets)
    true = classes_of(targets)
    predicted = classes_of(outputs) if len(outputs) else np.zeros(0, np.intp)
    ok = predicted >= 0
    counts = np.bincount(true[ok] * k + predicted[ok], minlength=k * k).reshape(k, k)
    return Confusion(counts, true, predicted)
