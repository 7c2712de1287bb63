"""The lecture script (``main.py lesson NAME --script``): formats, files, refusals. That its
captions are the window's, step by step, is tested in tests/test_lesson_presenting.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.lesson_player import LessonPlayer
from app.lesson_script import lesson_script, play_script, render_script
from app.lessons import LESSON_DIR, list_lessons, load_lesson
from app.session import Session
from model.errors import ValidationError

ROOT = Path(__file__).resolve().parent.parent


def test_markdown_and_text_scripts_hold_every_step_and_note(qapp, tmp_path):
    lesson = load_lesson("gradient-descent")
    player = LessonPlayer(Session())
    player.open("gradient-descent")
    steps = play_script(player)
    md = render_script(lesson.title, lesson.summary, steps, "markdown")
    assert md.startswith(f"# {lesson.title}\n\n{lesson.summary}\n")
    for s in steps:
        assert f"## Step {s.number} of {len(steps)}\n\n{s.caption}\n" in md
    noted = [s for s in steps if s.notes]
    assert noted, "the lesson has speaker notes"
    assert f"> {noted[0].notes.splitlines()[0]}" in md
    text = render_script(lesson.title, lesson.summary, steps, "text")
    assert text.splitlines()[:2] == [lesson.title, "=" * len(lesson.title)]
    assert max(len(line) for line in text.splitlines()) <= 78
    words = " ".join(text.split())
    for s in steps:
        assert f"Step {s.number} of {len(steps)} {' '.join(s.caption.split())}" in words
    assert "Notes: " + " ".join(noted[0].notes.split()) in words


def test_a_lesson_file_from_anywhere_with_notes(qapp, tmp_path):
    obj = json.loads((LESSON_DIR / "08-gradient-descent.json").read_text("utf-8"))
    obj["steps"] = obj["steps"][:3]
    obj["steps"][2]["notes"] = "Ask: which way does x move if the slope is negative?"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(obj), "utf-8")
    out = tmp_path / "script.md"
    text = lesson_script(str(path), out=str(out))  # .md: markdown
    assert out.read_text("utf-8") == text
    assert "## Step 3 of 3\n\nFirst step: x = 4 − 0.01 × 2(4 − 2) = 3.96." in text
    assert "> Ask: which way does x move if the slope is negative?" in text


@pytest.mark.parametrize("change, message", [
    ({"notes": 5}, "steps[1].notes: must be text"),
    ({"notes": "x" * 4001}, "steps[1].notes: 4,001 characters; at most 4,000"),
    ({"note": "typo"}, "steps[1]"),
])
def test_bad_notes_are_refused_naming_the_step(change, message):
    obj = json.loads((LESSON_DIR / "08-gradient-descent.json").read_text("utf-8"))
    obj["steps"][1].update(change)
    from app.lessons import parse_lesson

    with pytest.raises(ValidationError) as err:
        parse_lesson(obj)
    assert str(err.value).startswith(message)
    obj["steps"][1] = {**obj["steps"][1], "notes": "y" * 4000}
    obj["steps"][1].pop("note", None)
    assert parse_lesson(obj).steps[1].notes == "y" * 4000


def run(*args):
    return subprocess.run([sys.executable, "main.py", "lesson", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_command_line(tmp_path):
    res = run("perceptron", "--script", "--format", "markdown")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("# ") and "## Step 1 of " in res.stdout
    res = run("nosuch", "--script")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.startswith("main.py: error: lesson: unknown lesson 'nosuch'; known: ")
    assert len(res.stderr.splitlines()) == 1


@pytest.mark.parametrize("args, words", [
    ({"fmt": "pdf"}, "--format: must be markdown or text, got 'pdf'"),
    ({"name_or_path": "none.json"}, "none.json: no such file"),
    ({"out": "no/f.md"}, "--out: "),
])
def test_bad_arguments_are_refused_in_one_line_before_anything_is_written(qapp, tmp_path,
                                                                         args, words):
    args = {"name_or_path": "perceptron", **args}
    for key in ("name_or_path", "out"):
        if key in args and args[key] != "perceptron":
            args[key] = str(tmp_path / args[key])
    with pytest.raises(ValidationError) as err:
        lesson_script(**args)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_script_without_script_is_a_usage_error():
    res = run("perceptron")
    assert res.returncode == 2 and "--script" in res.stderr
    assert len(res.stderr.splitlines()) == 1


def test_every_built_in_lesson_has_speaker_notes():
    for lesson in list_lessons():
        noted = [step.notes for step in lesson.steps if step.notes]
        assert len(noted) >= min(3, len(lesson.steps)), lesson.name
        assert all(20 <= len(n) <= 400 and "{" not in n for n in noted), lesson.name
