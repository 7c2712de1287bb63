"""``python -m bench.compare_live [--seconds S] [--repeats N]``: two runs training live side
by side, each against one run alone (issue 18: each ≥ 0.6 of one run alone).

The main window is shown offscreen at 1600×960 as in ``bench.live``. For 2-8-8-1 and
Playground's default setup, each repeat trains one run alone (Train, as a user presses
it), then Run → Compare… with run B the same as A (the same work, so like is compared with
like) and Train; both runs' iterations are counted over the same wall window, after a
warm-up. Printed: the medians of iterations per second and of each repeat's ratio of a
run beside the other to the run alone (alone and pair one after the other see the
machine alike, however busy it is). Exit status 1 if a ratio misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from bench import env

env.configure()

TARGET = 0.6


def _rate(sessions, seconds: float) -> list[float]:
    """Iterations per second of each session over one wall window of ``seconds``."""
    from bench import qtloop

    start = [s.iterations_done for s in sessions]
    wall = qtloop.spin(seconds)
    return [(s.iterations_done - n) / wall for s, n in zip(sessions, start, strict=True)]


def _until_all_train(sessions, longest_s: float = 10.0) -> None:
    """Spin until every run has taken a frame of iterations (run B's process starts
    meanwhile: an interpreter and numpy, which the warm-up alone may not cover)."""
    from bench import qtloop

    start = [s.iterations_done for s in sessions]
    waited = 0.0
    while waited < longest_s and any(
            s.iterations_done == n for s, n in zip(sessions, start, strict=True)):
        waited += qtloop.spin(0.05)


def _train(window, obj: dict, compare: bool, seconds: float, warmup: float) -> list[float]:
    """Open the setup afresh, alone or compared with an identical run B, press Train,
    and count after the warm-up; stop and end the comparison after."""
    from bench import qtloop, setups
    from model.run_pair import Differences

    session = window.session
    session.open_spec(setups.spec(obj))
    runs = [session]
    if compare:
        runs.append(window.compare.start(Differences()).b)
    qtloop.settle()
    session.toggle_train()
    _until_all_train(runs)
    qtloop.spin(warmup)
    rates = _rate(runs, seconds)
    session.stop()
    window.compare.end("A")
    qtloop.settle()
    return rates


def repeats(window, obj: dict, seconds: float, n: int, warmup: float) -> dict[str, list]:
    """Per repeat, it/s of one run alone and of runs A and B side by side: a repeat is
    one run alone, then the pair, one after the other, so both see the machine as it is
    then (other processes come and go)."""
    out: dict[str, list] = {"alone": [], "A": [], "B": []}
    for _ in range(n):
        (one,) = _train(window, obj, False, seconds, warmup)
        a, b = _train(window, obj, True, seconds, warmup)
        for key, value in (("alone", one), ("A", a), ("B", b)):
            out[key].append(value)
    return out


def measure(window, obj: dict, seconds: float, n: int, warmup: float) -> dict:
    """Median it/s of one run alone and of runs A and B side by side, and the median of
    each repeat's ratios (``repeats``)."""
    got = repeats(window, obj, seconds, n, warmup)
    median = statistics.median
    return {"alone": median(got["alone"]), "A": median(got["A"]), "B": median(got["B"]),
            "A/alone": median(a / one for a, one in zip(got["A"], got["alone"], strict=True)),
            "B/alone": median(b / one for b, one in zip(got["B"], got["alone"], strict=True))}


def figures(window, seconds: float, n: int, warmup: float) -> list:
    """``python -m bench``'s ``two_runs_over_one`` per setup: each repeat's slower run
    of the two side by side over the run alone (each run must reach the target)."""
    from bench import setups
    from bench.figures import Figure

    out = []
    for obj in (setups.network_object("2-8-8-1"), setups.playground_default()):
        network = "-".join(str(k) for k in obj["network"]["layers"])
        got = repeats(window, obj, seconds, n, warmup)
        values = [min(a, b) / one
                  for a, b, one in zip(got["A"], got["B"], got["alone"], strict=True)]
        out.append(Figure("two_runs_over_one", network, values, "×", TARGET))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare_live",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="wall time of a repeat")
    parser.add_argument("--repeats", type=int, default=5)
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
        ra, rb = got["A/alone"], got["B/alone"]
        ok &= min(ra, rb) >= TARGET
        print(f"{name:<20} {got['alone']:>11.0f} {got['A']:>9.0f} {got['B']:>9.0f} "
              f"{ra:>8.2f} {rb:>8.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
