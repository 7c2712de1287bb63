"""Backprop Studio: see a neural network's forward and backward passes, step by step.

python main.py                                   open the GUI on the default demo
python main.py SESSION.json                      open a saved session
python main.py --lesson NAME                     open a built-in lesson
python main.py trace SESSION --out T.json        every array of one iteration, as JSON
python main.py train SESSION --epochs N --out S.json   train headless, save the result
python main.py render [SESSION] [--lesson NAME] --out F.png|F.svg|F.gif [--step N | --steps A:B]
               [--what window|diagram|loss|matrices|...] [--scale S] [--delay MS] [--transparent]
python main.py convert MODEL.onnx --out SESSION.json [--data-from OTHER.json | --dataset NAME]
python main.py convert SESSION.json --out MODEL.onnx [--float32]
python main.py export-code SESSION --format torch|numpy --out train.py

Headless commands exit 0 on success and 2 with one line on stderr for bad input.
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("trace", "train", "render", "convert", "export-code")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    trace = sub.add_parser("trace", help="write every array of one iteration as JSON")
    trace.add_argument("session")
    trace.add_argument("--out", required=True)
    train = sub.add_parser("train", help="train headless and save the trained session")
    train.add_argument("session")
    train.add_argument("--epochs", type=int, required=True)
    train.add_argument("--out", required=True)
    render = sub.add_parser("render", help="render the window or a part of it to PNG, SVG "
                                           "or GIF, one step or a range of steps")
    render.add_argument("session", nargs="?", help="a session file (default: the XOR demo)")
    render.add_argument("--out", required=True,
                        help="F.png, F.svg (vectors) or F.gif; with --steps, F.png gives "
                             "numbered frames F-001.png …")
    render.add_argument("--lesson", help="open this built-in lesson instead of a session")
    render.add_argument("--step", type=int, default=None,
                        help="press Next this many times first (with --lesson: the lesson "
                             "step to show, 1..n)")
    render.add_argument("--steps", help="FROM:TO, both included: one frame per step")
    render.add_argument("--what", default="window",
                        help="window, diagram, loss, matrices, inspector, data, settings "
                             "or lesson")
    render.add_argument("--scale", type=float, default=None,
                        help="pixel scale, e.g. 2 for print (PNG, GIF)")
    render.add_argument("--delay", type=int, default=None,
                        help="GIF frame delay in ms (default 800)")
    render.add_argument("--transparent", action="store_true",
                        help="PNG of the diagram without its white background")
    from app.bridge_commands import add_parsers

    add_parsers(sub)  # convert, export-code
    return parser


def _fail(message: str) -> int:
    print(f"main.py: error: {message}", file=sys.stderr)
    return 2


def run_headless(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    import numpy as np

    from app.commands import trace_command, train_command
    from app.render import render_command
    from model.errors import ValidationError

    try:
        with np.errstate(all="ignore"):
            if args.command == "trace":
                trace_command(args.session, args.out)
                print(f"wrote {args.out}")
            elif args.command in ("convert", "export-code"):
                from app.bridge_commands import run

                print("\n".join(run(args)))
            elif args.command == "render":
                written = render_command(args.session, args.out, args.step, args.what,
                                         args.scale, steps=args.steps, lesson=args.lesson,
                                         delay=args.delay, transparent=args.transparent)
                print(f"wrote {written[0]}" if len(written) == 1 else
                      f"wrote {len(written)} frames {written[0]} … {written[-1]}")
            else:
                loss = train_command(args.session, args.epochs, args.out)
                print(f"final loss {loss:.10g}")
                print(f"wrote {args.out}")
    except ValidationError as err:
        return _fail(str(err))
    except MemoryError:
        return _fail("not enough memory for this session; use a smaller network or dataset")
    except OSError as err:
        return _fail(f"{err.filename or ''}: {err.strerror or err}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return run_headless(argv)
    if argv and argv[0] in ("-h", "--help"):
        _parser().print_help()
        return 0
    from app.gui import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
