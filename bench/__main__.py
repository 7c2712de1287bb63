"""``python -m bench [--quick] [--json FILE]``: measure, print the table, write the JSON.

The environment (one BLAS thread, offscreen Qt) is set before anything imports numpy, so
every module that needs numpy or Qt is imported inside ``main``.
"""

from __future__ import annotations

import argparse
import sys

from bench import env

env.configure()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats and shorter walls (about 30 s on a quiet machine)")
    parser.add_argument("--json", metavar="FILE", help="also write the medians as JSON here")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table as Markdown (for docs/performance.md)")
    parser.add_argument("--vs-playground", action="store_true",
                        help="also measure TensorFlow Playground in headless Chromium in this "
                             "run (../shared/playground/measure.sh, about 50 s) and report "
                             "the ratios; skipped with a note without Chromium or node")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    import json
    import time

    from bench import run
    from bench.plan import FULL, QUICK
    from bench.report import markdown_table, table, to_json

    plan = QUICK if args.quick else FULL
    start = time.perf_counter()
    def say(text: str) -> None:
        print(f"bench: {time.perf_counter() - start:5.1f} s  {text}", file=sys.stderr)

    figures, meta = run.measure(plan, quick=args.quick, say=say,
                                vs_playground=args.vs_playground)
    meta["total_s"] = round(time.perf_counter() - start, 1)
    print(markdown_table(figures) if args.markdown else table(figures))
    print(f"\n{meta['date']} · {meta['cpu_count']} CPUs · Python {meta['python']} · numpy "
          f"{meta['numpy']} · PySide6 {meta['PySide6']} · "
          f"{'quick' if args.quick else 'full'} run, {meta['total_s']} s · load average "
          f"{' → '.join(str(x) for x in meta['load_average_1min'])}")
    if args.vs_playground:
        print(meta["playground"])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(to_json(figures, meta), out, indent=1)
            out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
