"""Writing lessons (docs/formats.md, "Lesson files"): format 2, read back as it was written.

``lesson_to_json`` gives the JSON object of a parsed ``Lesson`` (the arguments' defaults
written out, tuples as lists, speaker notes only where there are some), so that
``parse_lesson(lesson_to_json(lesson))`` is the same lesson; ``save_lesson`` writes it
atomically (model/atomic_write.py). A CSV path in the lesson's session is written absolute
when the file goes to another folder, so the lesson still finds its data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from app.lessons import FORMAT, VERSION, Lesson, LessonStep
from model.atomic_write import atomic_write_text


def _plain(value):
    """JSON values for what the parser made: tuples as lists, numpy as Python numbers."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def step_to_json(step: LessonStep) -> dict:
    """``{"do": …, arguments…, "caption": …, "notes": …}`` (no notes key when empty)."""
    out = {"do": step.action["do"]}
    out |= {k: _plain(v) for k, v in step.action.items() if k != "do"}
    out["caption"] = step.caption
    if step.notes:
        out["notes"] = step.notes
    return out


def lesson_to_json(lesson: Lesson, folder: Path | None = None) -> dict:
    """The lesson file's object; ``folder``: where it will be written (CSV paths follow)."""
    out: dict = {"format": FORMAT, "version": VERSION, "name": lesson.name,
                 "title": lesson.title, "order": lesson.order}
    if lesson.summary:
        out["summary"] = lesson.summary
    out["view"] = lesson.view
    if lesson.session_spec is not None:
        session = lesson.session_spec.to_json()
        session["data"] = _data_source(session["data"], lesson.path, folder)
        out["session"] = session
    if lesson.perceptron is not None:
        out["perceptron"] = _plain(dict(lesson.perceptron))
    if lesson.docks:
        out["docks"] = list(lesson.docks)
    out["steps"] = [step_to_json(step) for step in lesson.steps]
    return out


def _data_source(data: dict, source: Path | None, folder: Path | None) -> dict:
    """A relative CSV path made absolute when the lesson moves to another folder."""
    csv = data.get("csv")
    if not isinstance(csv, str) or Path(csv).is_absolute() or source is None or folder is None:
        return dict(data)
    old = Path(source).resolve().parent
    if old == Path(folder).resolve():
        return dict(data)
    return {**data, "csv": str(old / csv)}


def lesson_text(lesson: Lesson, folder: Path | None = None) -> str:
    return json.dumps(lesson_to_json(lesson, folder), indent=1, ensure_ascii=False) + "\n"


def save_lesson(lesson: Lesson, path: str | os.PathLike) -> Path:
    """Write ``lesson`` to ``path`` atomically (a temporary file, then a rename)."""
    target = Path(path)
    atomic_write_text(target, lesson_text(lesson, target.parent))
    return target
