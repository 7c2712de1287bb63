"""Backprop Studio: see a neural network's forward and backward passes, step by step.

python main.py                                   open the GUI on the default demo
python main.py SESSION.json                      open a saved session
python main.py --lesson NAME                     open a built-in lesson
python main.py trace SESSION --out T.json        every array of one iteration, as JSON
python main.py train SESSION --epochs N --out S.json [--log LOG.csv]
               train headless, save the result (and one CSV row per epoch)
python main.py gradcheck SESSION [--h H]         backprop against central differences
python main.py landscape SESSION (--weights L:J:K,L:J:K | --random [--seed S]) [--span S]
               [--grid N] --out F.png|F.svg|F.csv     the training cost over a plane
python main.py explain SESSION --step N (--neuron L:J | --edge L:J:K | --bias L:J)
               [--sample S|mean] [--format text|latex|markdown] [--out F]
                                                 the Inspector's derivation for one step
python main.py render [SESSION] [--lesson NAME] --out F.png|F.svg|F.gif [--step N | --steps A:B]
               [--what window|diagram|loss|matrices|...] [--scale S] [--delay MS] [--transparent]
               [--present] [--size WxH]         presentation mode's projector frames, headless
python main.py convert MODEL.onnx --out SESSION.json [--data-from OTHER.json | --dataset NAME]
python main.py convert SESSION.json --out MODEL.onnx [--float32]
python main.py export-code SESSION --format torch|numpy --out train.py
python main.py worksheet (SESSION | --lesson NAME) --out F.pdf [--key K.json] [--variants N]
               [--seed S] [--questions forward,loss,output_error,backward,gradients,update]
               [--paper a4|letter]             a printable worksheet and its answer key

Headless commands exit 0 on success and 2 with one line on stderr for bad input.
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("trace", "train", "render", "landscape", "explain", "convert",
            "export-code", "gradcheck", "worksheet")
INTERRUPTED = 130  # exit status after Ctrl-C (128 + SIGINT), as shells report it


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
    train.add_argument("--log", help="LOG.csv: one row per epoch (costs, accuracies, "
                                     "per-layer gradient and weight norms)")
    check = sub.add_parser("gradcheck", help="backprop's gradient against central "
                                             "differences on the first mini-batch")
    check.add_argument("session")
    check.add_argument("--h", type=float, default=None,
                       help="the central difference's step (default 1e-5)")
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
    render.add_argument("--present", action="store_true",
                        help="presentation mode, as a projector shows it (1280x720 unless "
                             "--size says otherwise)")
    render.add_argument("--size", metavar="WxH",
                        help="the window's size in pixels, e.g. 1280x720 (default 1400x900)")
    _landscape_parser(sub)
    _explain_parser(sub)
    _worksheet_parser(sub)
    from app.bridge_commands import add_parsers

    add_parsers(sub)  # convert, export-code
    return parser


def _explain_parser(sub) -> None:
    explain = sub.add_parser("explain", help="the Inspector's derivation for one step and "
                                             "selection, as text, LaTeX or Markdown")
    explain.add_argument("session")
    explain.add_argument("--step", type=int, required=True,
                         help="N: the step of the first iteration, 1-based as the step bar "
                              "counts")
    chosen = explain.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--neuron", metavar="L:J", help="neuron J of layer L (1-based)")
    chosen.add_argument("--edge", metavar="L:J:K",
                        help="the weight from neuron K of layer L-1 to neuron J of layer L")
    chosen.add_argument("--bias", metavar="L:J", help="the bias of neuron J of layer L")
    explain.add_argument("--sample", default="1",
                         help="S: the sample of the mini-batch (1-based), or mean (default 1)")
    explain.add_argument("--format", default=None,
                         help="text, latex or markdown (default: from --out's .tex or .md, "
                              "else text)")
    explain.add_argument("--out", default=None, help="write to F instead of the terminal")


def _explain(args) -> None:
    from app.explain_command import explain_command

    text = explain_command(args.session, args.step, neuron=args.neuron, edge=args.edge,
                           bias=args.bias, sample=args.sample, fmt=args.format, out=args.out)
    print(f"wrote {args.out}" if args.out else text, end="\n" if args.out else "")


def _worksheet_parser(sub) -> None:
    sheet = sub.add_parser("worksheet", help="a printable worksheet (PDF) with blanks to fill "
                                             "in, answer-key pages and the key as JSON")
    sheet.add_argument("session", nargs="?", help="a session file (or --lesson)")
    sheet.add_argument("--lesson", help="the network of this built-in lesson or lesson file")
    sheet.add_argument("--out", required=True, help="F.pdf")
    sheet.add_argument("--key", help="K.json: every variant's given numbers and answers")
    sheet.add_argument("--variants", type=int, default=1,
                       help="N sheets with different numbers, each with its key (1..200)")
    sheet.add_argument("--seed", type=int, default=None,
                       help="the first sheet's seed; sheet i has seed S+i-1 (default 0: the "
                            "session's own numbers)")
    sheet.add_argument("--questions", default=None,
                       help="the kinds of step asked, comma-separated (default all): "
                            "forward,loss,output_error,backward,gradients,update")
    sheet.add_argument("--paper", default="a4", help="a4 or letter (default a4)")


def _worksheet(args) -> list:
    from app.worksheet_command import worksheet_command

    def draw(sheet, path, paper):  # the PDF is painted by the widgets side, Qt only then
        from widgets.worksheet_pdf import draw_command

        draw_command(sheet, path, paper)

    return worksheet_command(args.session, args.out, lesson=args.lesson, key=args.key,
                             variants=args.variants, seed=args.seed, questions=args.questions,
                             paper=args.paper, draw=draw)


def _landscape_parser(sub) -> None:
    land = sub.add_parser("landscape", help="the training cost over a plane through the "
                                            "session's parameters, as a picture or CSV")
    land.add_argument("session")
    axes = land.add_mutually_exclusive_group(required=True)
    axes.add_argument("--weights", metavar="L:J:K,L:J:K",
                      help="two weights W(L)[J][K] (1-based): u and v are offsets added to them")
    axes.add_argument("--random", action="store_true",
                      help="two random filter-normalised directions (Li et al. 2018)")
    land.add_argument("--seed", type=int, default=None, help="the random directions' seed "
                                                             "(default 0)")
    land.add_argument("--span", type=float, default=1.0, help="u and v run from -S to +S")
    land.add_argument("--grid", type=int, default=41, help="N values of u and of v (2..401)")
    land.add_argument("--out", required=True, help="F.png, F.svg or F.csv (u,v,train_cost)")


def _landscape(args) -> str:
    from app.landscape_command import landscape_command

    def draw(land, path):  # pictures are drawn by the widgets side, Qt imported only then
        from widgets.landscape_plot import save_picture

        return save_picture(land, path)

    return landscape_command(args.session, args.out, weights=args.weights, random=args.random,
                             seed=args.seed, span=args.span, grid=args.grid, draw=draw)


def _train(args) -> int:
    from app.commands import Interrupted, train_command

    try:
        loss = train_command(args.session, args.epochs, args.out, log=args.log)
    except Interrupted as stopped:
        print(stopped, file=sys.stderr)
        return INTERRUPTED
    print(f"final loss {loss:.10g}")
    print(f"wrote {args.out}" + (f" and {args.log}" if args.log else ""))
    return 0


def _gradcheck(args) -> int:
    from app.gradcheck_command import gradcheck_lines

    lines, agree = gradcheck_lines(args.session, args.h)
    print("\n".join(lines))
    return 0 if agree else 1


def _fail(message: str) -> int:
    print(f"main.py: error: {message}", file=sys.stderr)
    return 2


def run_headless(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    import numpy as np

    from model.errors import ValidationError

    try:
        with np.errstate(all="ignore"):
            if args.command == "trace":
                from app.commands import trace_command

                trace_command(args.session, args.out)
                print(f"wrote {args.out}")
            elif args.command in ("convert", "export-code"):
                from app.bridge_commands import run

                print("\n".join(run(args)))
            elif args.command == "render":
                from widgets.render import render_command  # builds a window: widgets/

                written = render_command(args.session, args.out, args.step, args.what,
                                         args.scale, steps=args.steps, lesson=args.lesson,
                                         delay=args.delay, transparent=args.transparent,
                                         size=args.size, present=args.present)
                print(f"wrote {written[0]}" if len(written) == 1 else
                      f"wrote {len(written)} frames {written[0]} … {written[-1]}")
            elif args.command == "landscape":
                print(f"wrote {_landscape(args)}")
            elif args.command == "explain":
                _explain(args)
            elif args.command == "gradcheck":
                return _gradcheck(args)
            elif args.command == "worksheet":
                print("wrote " + " and ".join(str(p) for p in _worksheet(args)))
            else:
                return _train(args)
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
    from widgets.gui import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
