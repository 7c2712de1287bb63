"""File → Export trace: the current iteration's every z, a, δ and gradient as CSV or JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

from model.atomic_write import atomic_write_text
from model.errors import ValidationError
from model.trace_csv import trace_csv


def export_trace(session, path: str | os.PathLike) -> Path:
    """The current iteration's trace: ``.csv`` (model.trace_csv) or ``.json`` (as written by
    ``main.py trace``), chosen by the suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = trace_csv(session.trace)
    elif suffix == ".json":
        text = json.dumps(session.trace.to_json(), indent=1) + "\n"
    else:
        raise ValidationError("path", f"{path}: must end in .csv or .json")
    atomic_write_text(path, text)
    return path
