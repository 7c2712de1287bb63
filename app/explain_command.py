"""``main.py explain``: the Inspector's derivation for one step and selection, for notes.

The step is the N-th of the session's first iteration, as the step bar counts (1-based);
the selection a neuron L:J, a weight (edge) L:J:K or a bias L:J, all 1-based as people
count them; the sample 1-based or ``mean``. The trace is the one the window shows when it
opens the session. Everything is checked before anything is written, each refusal naming
what exists (the step range, the layer sizes, the batch), and ``--out`` is written
atomically, so bad input leaves no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from model.atomic_write import atomic_write_text
from model.equations import explain, layer_sizes, target
from model.equations.formats import FORMATS, render
from model.errors import ValidationError
from model.session_file import load_session
from model.stepview import MEAN, check_steppable

SUFFIXES = {".tex": "latex", ".md": "markdown", ".markdown": "markdown"}


@dataclass(frozen=True)
class Selection:
    """What was asked for, as typed (1-based), and which option asked."""

    option: str  # "--neuron", "--edge" or "--bias"
    indices: tuple[int, ...]  # (L, J) or (L, J, K)


def parse_selection(neuron: str | None = None, edge: str | None = None,
                    bias: str | None = None) -> Selection:
    """Exactly one of L:J (neuron, bias) or L:J:K (edge), whole numbers from 1."""
    given = [(o, t) for o, t in (("--neuron", neuron), ("--edge", edge), ("--bias", bias))
             if t is not None]
    if len(given) != 1:
        raise ValidationError("", "give exactly one of --neuron L:J, --edge L:J:K, --bias L:J")
    option, text = given[0]
    shape = "L:J:K" if option == "--edge" else "L:J"
    fields = str(text).split(":")
    if len(fields) != shape.count(":") + 1 or not all(f.strip().isdigit() for f in fields):
        raise ValidationError(option, f"must be {shape} with whole numbers from 1, got {text!r}")
    indices = tuple(int(f) for f in fields)
    if min(indices) < 1:
        raise ValidationError(option, f"counts from 1 ({shape}), got {text!r}")
    return Selection(option, indices)


def check_format(fmt: str | None, out: str | None) -> str:
    """The output format: as given, else from --out's suffix (.tex, .md), else text."""
    if fmt is None:
        return SUFFIXES.get(Path(out).suffix.lower(), "text") if out else "text"
    if fmt not in FORMATS:
        raise ValidationError("--format", f"must be text, latex or markdown, got {fmt!r}")
    return fmt


def check_out_file(out: str | None) -> Path | None:
    """--out, refused before any work if it is a folder or its folder is missing."""
    if out is None:
        return None
    path = Path(out)
    if path.is_dir():
        raise ValidationError("--out", f"{out}: is a folder")
    if not path.parent.exists():
        raise ValidationError("--out", f"{out}: folder {path.parent} does not exist")
    return path


def _sizes_words(sizes: list[int]) -> str:
    return f"(layer sizes {'-'.join(map(str, sizes))}, layer 1 the input)"


def check_selection(sel: Selection, sizes: list[int]) -> tuple:
    """(neuron, edge) for ``explain``, 0-based, or ValidationError naming the layer sizes."""
    l, j = sel.indices[:2]
    big_l, typed = len(sizes), ":".join(map(str, sel.indices))
    if sel.option == "--neuron" and l > big_l:
        raise ValidationError(sel.option, f"no layer {l}: layers 1..{big_l}, got {typed} "
                                          f"{_sizes_words(sizes)}")
    if sel.option != "--neuron" and not 2 <= l <= big_l:
        what = "weights" if sel.option == "--edge" else "biases"
        raise ValidationError(sel.option, f"only layers 2..{big_l} have {what}, got {typed} "
                                          f"{_sizes_words(sizes)}")
    if j > sizes[l - 1]:
        raise ValidationError(sel.option, f"layer {l} has neurons 1..{sizes[l - 1]}, got "
                                          f"{typed} {_sizes_words(sizes)}")
    if sel.option != "--edge":
        return (l, j - 1), None
    k = sel.indices[2]
    if k > sizes[l - 2]:
        raise ValidationError(sel.option, f"the weights into layer {l} come from neurons "
                                          f"1..{sizes[l - 2]} of layer {l - 1}, got {typed} "
                                          f"{_sizes_words(sizes)}")
    return None, (l, j - 1, k - 1)


def check_step(step: int, n_steps: int) -> int:
    """The 0-based index of the 1-based ``step``."""
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_steps:
        raise ValidationError("--step", f"must be 1..{n_steps} (the steps of one iteration, "
                                        f"as the step bar counts), got {step}")
    return step - 1


def check_sample(sample: str | int, batch: int) -> int | str:
    """The 0-based sample, or MEAN for "mean"."""
    text = str(sample).strip()
    if text.lower() == MEAN:
        return MEAN
    if not text.isdigit() or not 1 <= int(text) <= batch:
        raise ValidationError("--sample", f"must be 1..{batch} (the mini-batch's samples) or "
                                          f"mean, got {sample!r}")
    return int(text) - 1


def _check_fits_step(step, index: int, sel: Selection, chosen) -> None:
    """A selection in another layer than the step's would silently show another neuron."""
    name = f"step {index + 1} ({step.kind.replace('_', ' ')})"
    if step.layer is not None and sel.indices[0] != step.layer:
        raise ValidationError(sel.option, f"{name} is about layer {step.layer}; select in "
                                          f"layer {step.layer} (e.g. --neuron {step.layer}:1)")
    if step.layer is None and chosen != (sel.indices[0], sel.indices[1] - 1):
        raise ValidationError(sel.option, f"{name} is about layers 2..L; the input layer has "
                                          "no gradients or parameters")


def explain_command(session: str, step: int, *, neuron: str | None = None,
                    edge: str | None = None, bias: str | None = None, sample: str = "1",
                    fmt: str | None = None, out: str | None = None) -> str:
    """The derivation as ``fmt`` (text, latex, markdown); written to ``out`` if given.

    Returns the text. Raises ValidationError, before writing anything, for bad input.
    """
    fmt = check_format(fmt, out)
    out_path = check_out_file(out)
    sel = parse_selection(neuron, edge, bias)
    spec = load_session(session)
    check_steppable(spec.network)
    trainer = spec.make_trainer()
    trace = trainer.train_iteration()
    index = check_step(step, len(trace.steps))
    chosen_neuron, chosen_edge = check_selection(sel, layer_sizes(trace))
    shown = check_sample(sample, len(trace.input))
    (l, j), _ = target(trace.steps[index], trace.n_layers, chosen_neuron, chosen_edge)
    _check_fits_step(trace.steps[index], index, sel, (l, j))
    e = explain(trace, index, shown, trainer.net, spec.training.optimizer, chosen_neuron,
                chosen_edge)
    text = render(e, fmt, f"Step {index + 1} of {len(trace.steps)}")
    if out_path is not None:
        atomic_write_text(out_path, text)
    return text
