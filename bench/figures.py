"""One measured figure: its repeats, median and spread, the target beside it, and the
same-run reference each repeat was paired with (``Reference``) with the ratio to it.

A figure with a reference is judged twice: on its absolute median against ``target``, and
on the median of its per-repeat ratios (figure / reference) against ``ratio_target``, the
target in units of the reference on a quiet machine (``target / nominal``). It passes if
either holds, so a figure that missed only because the whole machine was slow (its
reference was slow too) still passes, and the table says which test it passed.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass
class Reference:
    """A fixed workload timed beside a figure: one value per repeat, in the figure's unit.

    ``nominal`` is the reference's median on this machine when quiet (a constant beside
    the workload's code): it turns the absolute target into the ratio target (None: the
    figure has no target, the ratio is only reported).
    """

    name: str  # shown in the table: which workload it is
    values: list[float]
    nominal: float | None = None

    @property
    def median(self) -> float:
        return float(statistics.median(self.values))


@dataclass
class Figure:
    """``key`` (and ``network``, when ``keyed``) say where the median goes in the JSON."""

    key: str
    network: str | None
    values: list[float]
    unit: str
    target: float | None = None
    higher_is_better: bool = True
    reference: str = ""  # a comparison figure quoted beside it (Playground's)
    keyed: bool = True  # False: the JSON holds one number, ``network`` is only shown
    same_run: Reference | None = None  # measured interleaved with ``values``

    def __post_init__(self) -> None:
        if self.same_run is not None and len(self.same_run.values) != len(self.values):
            raise ValueError(f"{self.key}: {len(self.values)} repeats but "
                             f"{len(self.same_run.values)} reference values")

    @property
    def median(self) -> float:
        return float(statistics.median(self.values))

    @property
    def low(self) -> float:
        return float(min(self.values))

    @property
    def high(self) -> float:
        return float(max(self.values))

    @property
    def ratios(self) -> list[float]:
        """Each repeat over the reference measured beside it (empty without a reference)."""
        if self.same_run is None:
            return []
        return [v / r for v, r in zip(self.values, self.same_run.values, strict=True)]

    @property
    def ratio(self) -> float | None:
        """The median of the per-repeat ratios."""
        return float(statistics.median(self.ratios)) if self.same_run is not None else None

    @property
    def ratio_target(self) -> float | None:
        if self.target is None or self.same_run is None or self.same_run.nominal is None:
            return None
        return self.target / self.same_run.nominal

    def _meets(self, value: float | None, target: float | None) -> bool | None:
        if value is None or target is None:
            return None
        return value >= target if self.higher_is_better else value <= target

    @property
    def absolute_passed(self) -> bool | None:
        """Whether the median meets the target (None: no target)."""
        return self._meets(self.median, self.target)

    @property
    def ratio_passed(self) -> bool | None:
        """Whether the median ratio meets the ratio target (None: no reference or target)."""
        return self._meets(self.ratio, self.ratio_target)

    @property
    def passed(self) -> bool | None:
        """The absolute test or the ratio test holds (None: no target)."""
        if self.target is None:
            return None
        return bool(self.absolute_passed or self.ratio_passed)

    @property
    def verdict(self) -> str:
        """'pass', 'pass (ratio)' or 'pass (absolute)' when only one test held, 'FAIL', ''."""
        if self.passed is None:
            return ""
        if not self.passed:
            return "FAIL"
        if self.ratio_passed is None or self.ratio_passed == self.absolute_passed:
            return "pass"
        return "pass (ratio)" if self.ratio_passed else "pass (absolute)"


def ratio(key: str, network: str, live: Figure, alone: Figure, target: float) -> Figure:
    """Each live repeat over the headless median: the median is the ratio of the medians."""
    return Figure(key, network, [v / alone.median for v in live.values], "×", target)
