"""The lesson the editor is writing (widgets/lesson_editor.py): Qt-free, checked on demand.

A ``LessonDraft`` is a lesson file's object held as plain data: the header, the session it
starts from (a session file's JSON), and ``DraftStep``s (an action dict as the file writes
it, a caption, speaker notes). Steps are inserted, moved, duplicated and deleted freely;
``lesson()`` parses the whole draft with the loader (app/lessons.py), so a draft that
saves is a lesson that loads and plays. ``record`` appends what Record mode saw, merging
it into the step before when nothing else happened between (five Next: one ``next`` with
count 5) and that step's caption is still the one Record wrote.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from app.lesson_writer import lesson_to_json, save_lesson
from app.lessons import FORMAT, LESSON_DIR, VERSION, Lesson, parse_lesson
from model.errors import ValidationError

_COUNTED = {"next": "count", "previous": "count", "train": "epochs"}  # counts add up
_LAST_WINS = ("select", "select_edge", "sample", "scale", "docks", "set_data",
              "set_architecture", "go_to_step")  # the later replaces the earlier


@dataclass
class DraftStep:
    action: dict  # {"do": name, …arguments}, JSON values
    caption: str
    notes: str = ""
    recorded: bool = False  # made by Record mode, caption not edited since

    def to_json(self) -> dict:
        out = {**self.action, "caption": self.caption}
        if self.notes:
            out["notes"] = self.notes
        return out


@dataclass
class LessonDraft:
    header: dict  # format, version, name, title, order, summary, view, session/perceptron, docks
    steps: list[DraftStep] = field(default_factory=list)
    path: Path | None = None  # where it was opened from / last saved to
    base_dir: Path = LESSON_DIR  # relative CSV paths of its session are read from here
    dirty: bool = False

    # --- making one ---------------------------------------------------------------------

    @classmethod
    def from_lesson(cls, lesson: Lesson) -> LessonDraft:
        obj = lesson_to_json(lesson)
        steps = [DraftStep({k: v for k, v in s.items() if k not in ("caption", "notes")},
                           s["caption"], s.get("notes", "")) for s in obj.pop("steps")]
        base = lesson.path.parent if lesson.path is not None else LESSON_DIR
        path = None if lesson.path is None or lesson.path.parent == LESSON_DIR else lesson.path
        return cls(obj, steps, path, base)

    @classmethod
    def from_session(cls, session_json: dict, title: str = "My lesson",
                     docks: tuple[str, ...] = ()) -> LessonDraft:
        """A network lesson starting from a session (``SessionSpec.to_json()``)."""
        header = {"format": FORMAT, "version": VERSION, "name": "my-lesson", "title": title,
                  "order": 100, "summary": "", "view": "network",
                  "session": copy.deepcopy(session_json), "docks": list(docks)}
        return cls(header, [DraftStep({"do": "show"}, "Here is the network we start from.")],
                   dirty=True)

    # --- reading ------------------------------------------------------------------------

    @property
    def view(self) -> str:
        return str(self.header.get("view", "network"))

    def to_json(self) -> dict:
        return {**copy.deepcopy(self.header), "steps": [s.to_json() for s in self.steps]}

    def lesson(self) -> Lesson:
        """The draft as a lesson; ValidationError naming the step and field if it is not one."""
        return parse_lesson(json.loads(json.dumps(self.to_json())), base_dir=self.base_dir,
                            path=self.path)

    def problem(self) -> str | None:
        try:
            self.lesson()
        except ValidationError as err:
            return str(err)
        return None

    # --- editing ------------------------------------------------------------------------

    def _changed(self) -> None:
        self.dirty = True

    def insert(self, i: int, step: DraftStep) -> int:
        i = max(0, min(i, len(self.steps)))
        self.steps.insert(i, step)
        self._changed()
        return i

    def remove(self, i: int) -> None:
        if len(self.steps) > 1:  # a lesson has at least one step
            del self.steps[i]
            self._changed()

    def duplicate(self, i: int) -> int:
        s = self.steps[i]
        return self.insert(i + 1, DraftStep(copy.deepcopy(s.action), s.caption, s.notes))

    def move(self, src: int, dst: int) -> None:
        """Step ``src`` to position ``dst`` (as the list shows it after the move)."""
        step = self.steps.pop(src)
        self.steps.insert(max(0, min(dst, len(self.steps))), step)
        self._changed()

    def set_caption(self, i: int, text: str) -> None:
        if self.steps[i].caption != text:
            self.steps[i].caption = text
            self.steps[i].recorded = False
            self._changed()

    def set_notes(self, i: int, text: str) -> None:
        if self.steps[i].notes != text:
            self.steps[i].notes = text
            self._changed()

    def set_action(self, i: int, action: dict) -> None:
        if self.steps[i].action != action:
            self.steps[i].action = dict(action)
            self._changed()

    def set_header(self, key: str, value) -> None:
        if self.header.get(key) != value:
            self.header[key] = value
            self._changed()

    # --- Record mode --------------------------------------------------------------------

    def record(self, after: int, action: dict, caption: str) -> int:
        """Put a recorded action after step ``after``: merged into it when it was recorded
        too and has the same kind; returns the index of the step that holds it."""
        if 0 <= after < len(self.steps):
            last = self.steps[after]
            merged = _merged(last.action, action) if last.recorded else None
            if merged is not None:
                last.action = merged
                last.caption = caption_for(merged)
                self._changed()
                return after
        return self.insert(after + 1, DraftStep(dict(action), caption, recorded=True))

    # --- files --------------------------------------------------------------------------

    def save(self, path: str | Path | None = None) -> Path:
        """Check, then write atomically (to ``path`` or where it came from)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValidationError("", "no file name yet")
        lesson = self.lesson()
        save_lesson(lesson, target)
        self.path, self.dirty = target, False
        return target


def _merged(old: dict, new: dict) -> dict | None:
    do = new["do"]
    if old["do"] != do:
        return None
    if do in _COUNTED:
        key = _COUNTED[do]
        return {**old, key: old[key] + new[key]}
    if do in _LAST_WINS:
        return dict(new)
    if do == "set_training":
        return {**old, **new}
    if do in ("set_weight", "set_bias") and all(
            old[k] == new[k] for k in ("layer", "j", "k") if k in new):
        return dict(new)  # the same weight typed again
    return None


def caption_for(action: dict) -> str:
    """The caption Record mode writes for an action: what happened, its numbers bound."""
    do = action["do"]
    n = action.get("count", 1)
    if do in ("next", "previous"):
        word = "forward" if do == "next" else "back"
        return f"Step {word}." if n == 1 else f"{n} steps {word}."
    if do == "select":
        if action.get("neuron") is None:
            return "Nothing selected."
        return "This neuron: z = {z}, a = {a}, δ = {delta}."
    if do == "select_edge":
        w = f"[{action['layer']}][{action['j'] + 1}][{action['k'] + 1}]"
        return f"This weight: w = {{w{w}}}, ∂C/∂w = {{dw{w}}}."
    if do == "sample":
        return "The batch mean." if action["sample"] == "mean" else "Another sample."
    if do == "set_weight":
        w = f"[{action['layer']}][{action['j'] + 1}][{action['k'] + 1}]"
        return f"The weight is now {{w{w}}}; the cost {{batch_cost}}."
    if do == "set_bias":
        return f"The bias is now {{b[{action['layer']}][{action['j'] + 1}]}}."
    if do == "train":
        return "After {epoch} epochs the training cost is {train_cost}."
    if do == "set_training":
        return "New training settings: η = {eta}, batch size {batch_size}."
    return {"set_data": "Other data.", "set_architecture": "Another architecture.",
            "docks": "Look at these panels.", "scale": "Another colour scale.",
            "go_to_step": "Another step.", "start": "Back to the start.",
            "finish_pass": "The pass finished.", "reinitialise": "Fresh weights."
            }.get(do, "Look.")
