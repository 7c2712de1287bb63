"""``python -m bench.compare_live [--seconds S] [--repeats N]``: two runs training live side
by side, each against one run alone (issue 18: each ≥ 0.6 of one run alone).

The main window is shown offscreen at 1600×960 as in ``bench.live``. For 2-8-8-1 and
Playground's default setup: one run trains alone (Train, as a user presses it) for the
repeats, then Run → Compare… with run B the same as A (the same work, so the figures
compare like with like), Train, and both runs' iterations are counted over the same wall
windows. Printed: iterations per second, median over the repeats, and each run's ratio to
one run alone. Alternating solo and pair repeats would be fairer on a busy machine; the
warm-up and several repeats keep the noise visible instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from bench import env

env.configure()

TARGET = 0.6


def _count(sessions, seconds: float, repeats: int) -> list[list[float]]:
    """Iterations per second of each session over ``repeats`` windows of ``seconds``."""
    from bench import qtloop

    rates: list[list[float]] = [[] for _ in sessions]
    for _ in range(repeats):
        start = [s.iterations_done for s in sessions]
        wall = qtloop.spin(seconds)
        for i, s in enumerate(sessions):
            rates[i].append((s.iterations_done - start[i]) / wall)
    return rates


def measure(window, obj: dict, seconds: float, repeats: int, warmup: float) -> dict:
    """Median it/s of one run alone, and of runs A and B side by side."""
    from bench import qtloop, setups
    from model.run_pair import Differences

    session = window.session
    session.open_spec(setups.spec(obj))
    qtloop.settle()
    session.toggle_train()
    qtloop.spin(warmup)
    (alone,) = _count([session], seconds, repeats)
    session.stop()
    session.open_spec(setups.spec(obj))
    comparison = window.compare.start(Differences())
    qtloop.settle()
    session.toggle_train()
    qtloop.spin(warmup)
    pair_a, pair_b = _count([comparison.a, comparison.b], seconds, repeats)
    comparison.end("A")
    qtloop.settle()
    return {"alone": statistics.median(alone), "A": statistics.median(pair_a),
            "B": statistics.median(pair_b)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare_live",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="wall time of a repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args(argv)
    from bench import live, setups

    window = live.make_window()
    rows = []
    for name, obj in (("2-8-8-1", setups.network_object("2-8-8-1")),
                      ("Playground default", setups.playground_default())):
        got = measure(window, obj, args.seconds, args.repeats, args.warmup)
        rows.append((name, got))
    live.close_window(window)
    print(f"{'setup':<20} {'alone it/s':>11} {'A it/s':>9} {'B it/s':>9} "
          f"{'A/alone':>8} {'B/alone':>8}  target ≥ {TARGET}")
    ok = True
    for name, got in rows:
        ra, rb = got["A"] / got["alone"], got["B"] / got["alone"]
        ok &= min(ra, rb) >= TARGET
        print(f"{name:<20} {got['alone']:>11.0f} {got['A']:>9.0f} {got['B']:>9.0f} "
              f"{ra:>8.2f} {rb:>8.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
