"""How long and how often each figure is measured: the full run and ``--quick``."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Plan:
    live_s: float  # wall time of one live-training repeat
    live_warmup_s: float  # training before the first repeat (caches, first paints)
    live_repeats: int
    live_reference_s: float  # the numpy loop before each Playground repeat (and catching up)
    headless_s: float
    headless_repeats: int
    paint_repeats: int  # repaint_ms and recolour_ms, per network
    step_repeats: int  # consecutive Next presses, per network
    startup_repeats: int  # after one throw-away start
    landscape_repeats: int = 5  # the 64×64 grid, after one throw-away evaluation
    compare_repeats: int = 3  # one run alone, then two side by side, per setup
    compare_s: float = 3.0  # wall time of each, after ``compare_warmup_s``
    compare_warmup_s: float = 1.0  # run B's process starts meanwhile

    def to_json(self) -> dict:
        return asdict(self)


FULL = Plan(live_s=3.0, live_warmup_s=1.0, live_repeats=5, live_reference_s=0.25,
            headless_s=1.0, headless_repeats=5, paint_repeats=20, step_repeats=30,
            startup_repeats=5, landscape_repeats=5, compare_repeats=3, compare_s=3.0,
            compare_warmup_s=1.0)
QUICK = Plan(live_s=0.5, live_warmup_s=0.2, live_repeats=2, live_reference_s=0.1,
             headless_s=0.2, headless_repeats=3, paint_repeats=3, step_repeats=6,
             startup_repeats=2, landscape_repeats=2, compare_repeats=1, compare_s=0.4,
             compare_warmup_s=0.1)
