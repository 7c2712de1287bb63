"""``main.py worksheet``: a printable worksheet (PDF) of a session's or lesson's network, and
its answer key as JSON.

Every argument is checked and every variant computed before anything is written; the PDF
is drawn by the widgets side (``draw``: no Qt is imported here), both files are written
atomically, so bad input writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.commands import check_out
from model.atomic_write import atomic_write_text
from model.errors import ValidationError
from model.session_file import SessionSpec, load_session
from model.worksheet import OWN_SEED, Worksheet, make_worksheet, parse_kinds

PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class WorksheetJob:
    """A checked ``worksheet`` request."""

    out: Path
    key: Path | None
    paper: str


def check_job(out: str, key: str | None, paper: str) -> WorksheetJob:
    out_path = check_out(out, (".pdf",))
    key_path = check_out(key, (".json",), "--key") if key is not None else None
    if key_path is not None and key_path.resolve() == out_path.resolve():
        raise ValidationError("--key", f"{key}: is the --out file")
    if paper not in PAPERS:
        raise ValidationError("--paper", f"unknown paper {paper!r}; choose a4 or letter")
    return WorksheetJob(out_path, key_path, paper)


def source_spec(session: str | None, lesson: str | None) -> tuple[SessionSpec, str]:
    """The session (file or lesson's) a sheet is made from, and the sheet's title."""
    if (session is None) == (lesson is None):
        raise ValidationError("", "give a SESSION file or --lesson NAME (one of them)")
    if lesson is not None:
        from app.lessons import load_lesson

        found = load_lesson(lesson)
        if found.session_spec is None:
            raise ValidationError("--lesson", f"{lesson!r} has no network (its view is "
                                              f"{found.view}); choose a network lesson")
        return found.session_spec, found.title
    assert session is not None
    return load_session(session), Path(session).stem.replace("_", " ")


def spec_worksheet(spec: SessionSpec, title: str, variants: int = 1, seed: int = OWN_SEED,
                   kinds: tuple[str, ...] | None = None) -> Worksheet:
    """The worksheet of a loaded session (also what File → Export worksheet… makes)."""
    net = spec.network
    return make_worksheet(title, net, spec.training.optimizer, spec.data.x_train,
                          spec.data.y_train, variants, seed,
                          kinds if kinds is not None else parse_kinds(None))


def write_key(sheet: Worksheet, path: Path) -> None:
    atomic_write_text(path, json.dumps(sheet.key_json(), indent=1, ensure_ascii=False) + "\n")


def worksheet_command(session: str | None, out: str, *, lesson: str | None = None,
                      key: str | None = None, variants: int = 1, seed: int | None = None,
                      questions: str | None = None, paper: str = "a4",
                      draw: Callable[[Worksheet, Path, str], None]) -> list[Path]:
    """Check, compute, then write the PDF (``draw``) and the key; the files written."""
    job = check_job(out, key, paper)
    kinds = parse_kinds(questions)
    spec, title = source_spec(session, lesson)
    sheet = spec_worksheet(spec, title, variants, OWN_SEED if seed is None else seed, kinds)
    draw(sheet, job.out, job.paper)
    written = [job.out]
    if job.key is not None:
        write_key(sheet, job.key)
        written.append(job.key)
    return written
