"""The ``convert`` and ``export-code`` commands: ONNX in and out, and a training script out.

    convert MODEL.onnx --out SESSION.json [--data-from OTHER.json | --dataset NAME] [--loss L]
    convert SESSION.json --out MODEL.onnx [--float32]
    export-code SESSION --format torch|numpy --out train.py

No Qt, and ``onnx`` only once a command runs. Every argument and the input file are checked
before anything is written; bad input raises ValidationError (exit 2, one line) and leaves
no output file. Each command returns the lines to print.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.commands import check_out
from model.errors import ValidationError
from model.losses import LOSSES
from model.session_file import load_session, save_session

COMMANDS = ("convert", "export-code")
FORMATS = ("torch", "numpy")


def add_parsers(sub) -> None:
    """The two sub-commands on main.py's argparse sub-parsers."""
    convert = sub.add_parser("convert", help="ONNX model → session file, or session → ONNX")
    convert.add_argument("source", help="MODEL.onnx or SESSION.json")
    convert.add_argument("--out", required=True, help="SESSION.json or MODEL.onnx")
    convert.add_argument("--data-from", help="take the data and training settings of this "
                                             "session file (ONNX → session)")
    convert.add_argument("--dataset", help="use this built-in dataset (ONNX → session)")
    convert.add_argument("--loss", help=f"{', '.join(LOSSES)} (ONNX → session; default: "
                                        "cross_entropy after sigmoid/softmax, else quadratic)")
    convert.add_argument("--float32", action="store_true",
                         help="write 32-bit floats (session → ONNX; default float64)")
    code = sub.add_parser("export-code", help="write a runnable training script of a session")
    code.add_argument("session")
    code.add_argument("--format", required=True, choices=FORMATS)
    code.add_argument("--out", required=True, help="train.py")


def run(args) -> list[str]:
    """Dispatch parsed arguments of either command."""
    if args.command == "convert":
        return convert_command(args.source, args.out, args.data_from, args.dataset, args.loss,
                               args.float32)
    return export_code_command(args.session, args.format, args.out)


def convert_command(source: str, out: str, data_from: str | None = None,
                    dataset: str | None = None, loss: str | None = None,
                    float32: bool = False) -> list[str]:
    """ONNX → session (with data) or session → ONNX, decided by the source's suffix."""
    kind = Path(source).suffix.lower()
    if kind == ".onnx":
        if float32:
            raise ValidationError("--float32", "only when writing ONNX (SESSION.json → "
                                               "MODEL.onnx)")
        if loss is not None and loss not in LOSSES:
            raise ValidationError("--loss", f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")
        out_path = check_out(out, (".json",))
        from model.onnx_session import onnx_session

        spec, notes = onnx_session(source, data_from, dataset, loss)
        if "csv" in spec.data_source:  # beside the new file, as a session's CSV is read
            spec.data_source["csv"] = _relative(spec.data_source["csv"], out_path.parent)
        save_session(spec, out_path)
        return [f"note: {n}" for n in notes] + [f"wrote {out_path}"]
    if kind != ".json":
        raise ValidationError("convert", f"{source}: must be a MODEL.onnx or a SESSION.json")
    for flag, value in (("--data-from", data_from), ("--dataset", dataset), ("--loss", loss)):
        if value is not None:
            raise ValidationError(flag, "only when reading ONNX (MODEL.onnx → SESSION.json)")
    out_path = check_out(out, (".onnx",))
    from model.onnx_export import save_onnx

    spec = load_session(source)
    save_onnx(spec.network, out_path, float32)
    note = ["note: the network's inputs are the session's features "
            f"({', '.join(spec.features)}), computed outside the model"] if spec.features else []
    return note + [f"wrote {out_path} ({'float32' if float32 else 'float64'}, "
                   f"layers {'-'.join(map(str, spec.network.sizes))})"]


def _relative(path: str, folder: Path) -> str:
    try:
        return os.path.relpath(path, folder)
    except ValueError:  # another drive (Windows): keep it absolute
        return path


def export_code_command(session: str, fmt: str, out: str) -> list[str]:
    """A runnable torch or numpy script that trains the session as ``train`` does."""
    if fmt not in FORMATS:
        raise ValidationError("--format", f"must be one of {', '.join(FORMATS)}, got {fmt!r}")
    out_path = check_out(out, (".py",))
    from app.code_export import export_code

    spec = load_session(session)
    export_code(spec, fmt, out_path, source=Path(session).name)
    return [f"wrote {out_path} (run: python {out_path.name} --epochs 100 --out weights.json)"]
