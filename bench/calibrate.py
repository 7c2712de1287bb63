"""``python -m bench.calibrate``: measure the same-run references alone, for their nominals.

A ratio target is the absolute target over the reference's nominal value: its time (or
rate) on this machine when quiet. This prints, for every reference, the 10th percentile of
many short samples (the 90th for rates): on a shared machine the fastest tenth is the
nearest thing to a quiet median. Copy the figures into the constants it names.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable

from bench import env

env.configure()

SAMPLES = 60
STARTS = 15


def _quiet(values: list[float], higher_is_better: bool = False) -> float:
    """The 10th percentile of times (90th of rates): the fastest tenth."""
    deciles = statistics.quantiles(values, n=10)
    return deciles[-1] if higher_is_better else deciles[0]


def _say(constant: str, values: list[float], unit: str, higher: bool = False) -> None:
    print(f"{constant:<45} {_quiet(values, higher):10.4g} {unit}   (median "
          f"{statistics.median(values):.4g}, {len(values)} samples)")


def _samples(measure: Callable[[], float], n: int) -> list[float]:
    return [measure() for _ in range(n)]


def main() -> int:
    from bench import qtloop, reference_numpy, reference_paint, startup
    from bench.live import WINDOW_SIZE
    from bench.paint import DIAGRAM_SIZE

    canvas = reference_paint.canvas(*DIAGRAM_SIZE)
    target = reference_paint.image(*DIAGRAM_SIZE)
    _say("reference_paint.RENDER_NOMINAL_MS",
         _samples(lambda: reference_paint.render_ms(canvas, target), SAMPLES), "ms")
    reference_paint.close(canvas)

    window = reference_paint.canvas(*WINDOW_SIZE)
    counter = qtloop.PaintCounter(window)

    def update() -> float:
        qtloop.settle(2)
        return reference_paint.update_ms(window, counter)

    _say("reference_paint.REPAINT_NOMINAL_MS", _samples(update, SAMPLES), "ms")
    reference_paint.close(window)

    with tempfile.TemporaryDirectory(prefix="bench-calibrate-") as folder:
        startup.startup_s(folder, startup.BARE)
        _say("startup.BARE_NOMINAL_S",
             _samples(lambda: startup.startup_s(folder, startup.BARE), STARTS), "s")

    for network in reference_numpy.NOMINAL_EPOCHS_PER_S:
        loop = reference_numpy.Loop([int(n) for n in network.split("-")], 10)
        loop.per_s(0.1)
        epochs = [loop.per_s(0.25) / (reference_numpy.ROWS // 10) for _ in range(20)]
        _say(f"reference_numpy.NOMINAL_EPOCHS_PER_S[{network!r}]", epochs, "epochs/s",
             higher=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
