"""One measured figure: its repeats, median and spread, and the issue's target beside it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


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
    def passed(self) -> bool | None:
        """Whether the median meets the target (None: no target)."""
        if self.target is None:
            return None
        if self.higher_is_better:
            return self.median >= self.target
        return self.median <= self.target


def ratio(key: str, network: str, live: Figure, alone: Figure, target: float) -> Figure:
    """Each live repeat over the headless median: the median is the ratio of the medians."""
    return Figure(key, network, [v / alone.median for v in live.values], "×", target)
