"""A session as a runnable, readable training script (numpy or PyTorch).

The scripts are assembled from plain text templates under ``resources/code/``: each file
holds named sections (a line ``#@ name`` starts one), ``$name`` placeholders are filled
with ``string.Template``. ``common.py.tmpl`` has what both scripts share (the docstring,
the settings, ``main``, the numbers); ``numpy.py.tmpl`` and ``torch.py.tmpl`` their own
code, one section per activation, loss, regulariser and optimiser, so a script holds only
what its session uses. The numbers (initial weights, the training split) are written with
``repr`` and so read back bit for bit; the numpy script spells out the app's arithmetic
(``model.trace.descend``) and the torch one uses ``torch.nn.Sequential`` and
``torch.optim``: both reproduce ``main.py train`` (tests compare them to 1e-9).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from string import Template

import numpy as np

from model.errors import ValidationError
from model.session_file import SessionSpec, atomic_write_text

CODE_DIR = Path(__file__).resolve().parent.parent / "resources" / "code"
FORMATS = {"numpy": ("numpy", "the forward pass and backpropagation's four equations "
                     "(BP1–BP4) written out"),
           "torch": ("PyTorch", "torch.nn.Sequential layers trained by torch.optim, "
                     "with autograd doing backpropagation")}
WIDTH = 99  # ruff's line length is 100
OPTIMIZER_CLASS = {"sgd": "GradientDescent", "momentum": "Momentum", "adam": "Adam"}


def sections(name: str) -> dict[str, str]:
    """The ``#@ name`` sections of ``resources/code/<name>.py.tmpl``."""
    found, current = {}, None
    for line in (CODE_DIR / f"{name}.py.tmpl").read_text(encoding="utf-8").splitlines(True):
        if line.startswith("#@ "):
            current = line[3:].strip()
            found[current] = ""
        elif current is not None:
            found[current] += line
    return found


def training_script(spec: SessionSpec, fmt: str, source: str = "session.json",
                    script: str = "train.py") -> str:
    """The text of a script that trains ``spec`` as ``main.py train`` does."""
    if fmt not in FORMATS:
        raise ValidationError("--format", f"must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if spec.network.is_perceptron:
        raise ValidationError("network.activations", "a perceptron (step activation) learns "
                              "by the perceptron rule, which export-code does not write; use "
                              "a sigmoid output")
    common, own = sections("common"), sections(fmt)
    s = spec.training.optimizer
    reg = s.regularization if s.regularization_rate else "none"
    values = {"library": FORMATS[fmt][0], "library_words": FORMATS[fmt][1], "format": fmt,
              "source": source, "script": script, **_settings(spec, reg), **_numbers(spec),
              "regularizer_code": own[f"regularizer {reg}"].rstrip() + "\n",
              "optimizer_code": own[f"optimizer {s.optimizer}"].rstrip() + "\n"}
    values["optimizer_settings"] = Template(common[f"settings {s.optimizer}"]
                                            + common[f"settings {reg}"]).substitute(values)
    net = spec.network
    loss_key = (f"cross_entropy {net.activations[-1].name}" if net.loss.name == "cross_entropy"
                else net.loss.name)
    values.update((_numpy_parts if fmt == "numpy" else _torch_parts)(spec, own, loss_key, reg))
    for key in ("header", "settings", "main", "numbers"):
        values[key] = Template(common[key]).substitute(values).rstrip() + "\n"
    text = Template(own["script"]).substitute(values)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def _settings(spec: SessionSpec, reg: str) -> dict:
    """The architecture and training settings, as Python literals and as words."""
    net, s = spec.network, spec.training.optimizer
    eta = f"η = {s.learning_rate!r}"
    words = {"sgd": f"gradient descent, {eta}", "momentum": f"momentum, {eta}, μ = {s.momentum!r}",
             "adam": f"Adam, {eta}, β₁ = {s.beta1!r}, β₂ = {s.beta2!r}, ε = {s.epsilon!r}"}
    return {
        "shape": "-".join(map(str, net.sizes)),
        "loss_words": f"{net.loss.name} after a {net.activations[-1].name} output",
        "optimizer_words": words[s.optimizer],
        "regularizer_words": "none" if reg == "none" else
                             f"{reg.upper()}, λ = {s.regularization_rate!r}",
        "sizes": repr(list(net.sizes)),
        "activations": json.dumps([a.name for a in net.activations]),
        "learning_rate": repr(s.learning_rate), "batch_size": spec.training.batch_size,
        "shuffle": spec.training.shuffle, "seed": spec.training.seed,
        "momentum": repr(s.momentum), "beta1": repr(s.beta1), "beta2": repr(s.beta2),
        "epsilon": repr(s.epsilon), "regularization_rate": repr(s.regularization_rate),
    }


def _numbers(spec: SessionSpec) -> dict:
    """The initial parameters and the training split as exact literals."""
    features = ", ".join(spec.features)
    return {"n_samples": len(spec.data.x_train),
            "features_note": f"\n# Its inputs are the session's features: {features}."
                             if spec.features else "",
            "weights": _literal(spec.network.weights), "biases": _literal(spec.network.biases),
            "x": _literal(spec.data.x_train), "y": _literal(spec.data.y_train)}


def _numpy_parts(spec: SessionSpec, own: dict, loss_key: str, reg: str) -> dict:
    net = spec.network
    used = list(dict.fromkeys(a.name for a in net.activations))
    out = net.activations[-1].name
    if loss_key.startswith("cross_entropy"):
        error = loss_key
    else:
        error = "softmax" if out == "softmax" else "elementwise"
    loss_code = own[f"loss {loss_key}"]
    if loss_key.startswith("cross_entropy"):
        loss_code = own["xlogy"] + "\n" + loss_code
    table = "\n".join(f'    "{n}": ({n}, {n + "_prime" if n != "softmax" else None}),'
                      for n in used)
    return {"activations_code": "\n".join(own[f"activation {n}"] for n in used).rstrip() + "\n",
            "sigma_table": table, "loss_code": loss_code.rstrip() + "\n",
            "output_error_code": own[f"output_error {error}"].rstrip() + "\n",
            "optimizer_class": OPTIMIZER_CLASS[spec.training.optimizer.optimizer]}


def _torch_parts(spec: SessionSpec, own: dict, loss_key: str, reg: str) -> dict:
    net = spec.network
    modules = []
    for l, act in enumerate(net.activations, start=2):
        n_in, n_out = net.sizes[l - 2], net.sizes[l - 1]
        modules.append(f"        torch.nn.Linear({n_in}, {n_out}),  # layer {l}: z = W a + b")
        if l == net.n_layers and net.loss.name == "cross_entropy":
            modules.append(f"        # (the output's {act.name} is inside the loss, below)")
        elif act.name != "linear":
            modules.append(own[f"module {act.name}"].rstrip())
    arctan = any(a.name == "arctan" for a in net.activations)
    return {"modules": "\n".join(modules),
            "modules_code": ("\n" + own["arctan"].rstrip() + "\n\n") if arctan else "",
            "loss_code": own[f"loss {loss_key}"].rstrip() + "\n",
            "after_backward": ("            add_l1_gradient(model)\n" if reg == "l1" else "")}


def _literal(value, indent: str = "") -> str:
    """Arrays (nested lists of them too) as a Python literal of exact floats, one row per
    line, wrapped to WIDTH columns."""
    if not isinstance(value, list) and np.ndim(value) == 1:
        return _wrap([repr(float(v)) for v in value], indent)
    inner = indent + "    "
    return "[\n" + "".join(f"{inner}{_literal(item, inner)},\n" for item in value) + indent + "]"


def _wrap(numbers: list[str], indent: str) -> str:
    rows: list[list[str]] = []
    row: list[str] = []
    for number in numbers:
        if row and len(indent) + len(", ".join([*row, number])) + 3 > WIDTH:
            rows.append(row)
            row = []
        row.append(number)
    rows.append(row)
    return "[" + (",\n" + indent + " ").join(", ".join(r) for r in rows) + "]"


def export_code(spec: SessionSpec, fmt: str, path: str | os.PathLike,
                source: str = "session.json") -> Path:
    """Write the script to ``path`` atomically; returns the path."""
    path = Path(path)
    atomic_write_text(path, training_script(spec, fmt, source, path.name))
    return path
