"""Lesson files (docs/formats.md, "Lesson files"): a guided walk a lecturer reads aloud.

A lesson is JSON: which view it shows, the session (or perceptron points) it starts from,
and steps, each one action, the caption said after it and the lecturer's speaker notes.
Loading validates as strictly as a session file: unknown keys, unknown actions,
out-of-range arguments and captions with unknown placeholders are refused with the field
named (``steps[3].do: unknown action 'jump'``), so a lesson that loads plays to its end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from app import lesson_arguments as arg
from app.lesson_actions import RECORDED, REQUIRED, advance
from app.lesson_arguments import DOCKS
from app.lesson_ask import ask_arguments, check_ask
from app.lesson_captions import PLACEHOLDERS, Number, check_caption
from app.lesson_perceptron import parse_perceptron
from app.line_ask import check_line_ask, line_ask_arguments
from model.descent1d import FUNCTIONS
from model.errors import ValidationError
from model.losses import LOSSES, get_loss
from model.network import Network
from model.optimizers import OptimizerSettings
from model.session_file import SessionSpec, check_fits, check_keys, parse_session
from model.stepview import check_steppable
from model.validate import check_int, check_number

FORMAT = "backprop-studio-lesson"
VERSION = 2  # written; 2 added speaker notes and the actions Record mode makes
READS = (1, 2)  # the versions this program loads
MAX_NOTES = 4_000  # characters of speaker notes per step
LESSON_DIR = Path(__file__).resolve().parent.parent / "resources" / "lessons"
MAX_LESSON_BYTES = 10 * 1024 * 1024
MAX_TRAIN_EPOCHS = 5_000  # "train" runs synchronously: bounded so a lesson never hangs
VIEWS = ("network", "perceptron", "activations", "descent")

_TOP_KEYS = {"format", "version", "name", "title", "order", "summary", "view", "session",
             "perceptron", "docks", "steps", "comment"}
__all__ = ["PLACEHOLDERS", "Lesson", "LessonStep", "Number", "actions", "list_lessons",
           "load_lesson", "parse_lesson"]

@dataclass(frozen=True)
class LessonStep:
    """One step: ``action`` (``{"do": name, …arguments}``, defaults filled in), then
    ``caption``; ``notes`` are for the lecturer only."""

    caption: str
    action: dict
    notes: str = ""


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    order: int
    summary: str
    view: str
    docks: tuple[str, ...]
    steps: tuple[LessonStep, ...]
    session_spec: SessionSpec | None  # view "network": the session the lesson starts from
    perceptron: dict | None  # view "perceptron": points, labels, weights, bias, learning_rate
    path: Path | None


# --- finding lessons -------------------------------------------------------------------------

def list_lessons() -> list[Lesson]:
    """The built-in lessons, sorted by their ``order``."""
    lessons = [load_lesson_file(p) for p in sorted(LESSON_DIR.glob("*.json"))]
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.name))


def lesson_names() -> list[str]:
    return [lesson.name for lesson in list_lessons()]


def load_lesson(name_or_path: str | Path) -> Lesson:
    """A built-in lesson by name (``perceptron``), or a lesson file by path."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".json") or "/" in text:
        return load_lesson_file(Path(text))
    for path in sorted(LESSON_DIR.glob("*.json")):
        lesson = load_lesson_file(path)
        if lesson.name == text:
            return lesson
    raise ValidationError("lesson", f"unknown lesson {text!r}; known: "
                                    f"{', '.join(lesson_names())}")


def load_lesson_file(path: Path) -> Lesson:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise ValidationError("", f"{path}: larger than {MAX_LESSON_BYTES // 2**20} MB; "
                                      "not a lesson file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError("", f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ValidationError("", f"{path}: not a text file (not UTF-8)") from None
    except OSError as err:
        raise ValidationError("", f"{path}: cannot read ({err.strerror})") from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValidationError("", f"{path}: not valid JSON (line {err.lineno}, column "
                                  f"{err.colno}: {err.msg})") from None
    return parse_lesson(obj, base_dir=path.parent, path=path)


# --- parsing ---------------------------------------------------------------------------------

def parse_lesson(obj, base_dir: Path | None = None, path: Path | None = None) -> Lesson:
    """Validate a decoded lesson object (ValidationError naming the field on anything bad)."""
    check_keys("", obj, _TOP_KEYS, required=("name", "title", "view", "steps"))
    if "format" in obj and obj["format"] != FORMAT:
        raise ValidationError("format", f"expected {FORMAT!r}, got {obj['format']!r}")
    if "version" in obj and (isinstance(obj["version"], bool) or obj["version"] not in READS):
        raise ValidationError("version", f"this program reads versions 1 and {VERSION}, "
                                         f"got {obj['version']!r}")
    name = _text(obj, "name")
    if not all(c.isalnum() or c in "-_" for c in name):
        raise ValidationError("name", f"use letters, digits, '-' and '_' only, got {name!r}")
    title = _text(obj, "title")
    summary = _text(obj, "summary", required=False)
    order = check_int("order", obj.get("order", 0), high=10_000)
    view = obj["view"]
    if view not in VIEWS:
        raise ValidationError("view", f"unknown view {view!r}; known: {', '.join(VIEWS)}")
    spec = perceptron = None
    for key, owner in (("session", "network"), ("perceptron", "perceptron")):
        if view == owner and key not in obj:
            raise ValidationError(key, f"is missing (a {view!r} lesson needs it)")
        if view != owner and key in obj:
            raise ValidationError(key, f"only a {owner!r} lesson has one; this one's view is "
                                       f"{view!r}")
    if view == "network":
        spec = _parse_session(obj["session"], base_dir)
    if view == "perceptron":
        perceptron = parse_perceptron(obj["perceptron"])
    docks = _parse_docks(obj.get("docks", []))
    steps = _parse_steps(obj["steps"], view, spec, perceptron)
    return Lesson(name, title, order, summary, view, docks, steps, spec, perceptron, path)


def _parse_session(obj, base_dir) -> SessionSpec:
    try:
        spec = parse_session(obj, base_dir)
        check_steppable(spec.network)
    except ValidationError as err:
        raise ValidationError(f"session.{err.field}" if err.field else "session",
                              err.problem) from None
    return spec


def _parse_docks(value) -> tuple[str, ...]:
    return arg.distinct_names("docks", value, DOCKS, "dock names", "dock", empty_ok=True)


# --- steps and their actions -----------------------------------------------------------------

_TRAINING = {"optimizer": (arg.unchecked, None), "learning_rate": (arg.unchecked, None),
             "momentum": (arg.unchecked, None), "regularization": (arg.unchecked, None),
             "regularization_rate": (arg.unchecked, None),
             "batch_size": (lambda f, v: check_int(f, v, low=1, high=1_000_000), None),
             "seed": (arg.seed, None), "shuffle": (arg.boolean, None)}


# action -> {argument: (checker, default; _REQUIRED when it must be given)}
_REQUIRED = REQUIRED
_ACTIONS: dict[str, dict[str, dict]] = {
    "network": {
        "show": {},
        "next": {"count": (arg.count, 1)},
        "previous": {"count": (arg.count, 1)},
        "go_to_step": {"step": (arg.unchecked, _REQUIRED)},
        "finish_pass": {},
        "start": {},
        "select": {"neuron": (arg.unchecked, _REQUIRED)},
        "sample": {"sample": (arg.unchecked, _REQUIRED)},
        "train": {"epochs": (lambda f, v: check_int(f, v, low=1, high=MAX_TRAIN_EPOCHS),
                             _REQUIRED)},
        "set_training": _TRAINING,
        "reinitialise": {"init": (arg.initialiser, None), "seed": (arg.seed, None)},
        "set_weight": {"layer": (arg.unchecked, _REQUIRED), "j": (arg.unchecked, _REQUIRED),
                       "k": (arg.unchecked, _REQUIRED), "value": (arg.real, _REQUIRED)},
        "set_bias": {"layer": (arg.unchecked, _REQUIRED), "j": (arg.unchecked, _REQUIRED),
                     "value": (arg.real, _REQUIRED)},
        "restart": {"loss": (arg.one_of(LOSSES, "loss"), None), **_TRAINING},
        "nudge": {"layer": (arg.unchecked, _REQUIRED), "j": (arg.unchecked, _REQUIRED),
                  "k": (arg.unchecked, _REQUIRED),
                  "h": (lambda f, v: check_number(f, v, low=-1.0, high=1.0), _REQUIRED)},
        "ask": ask_arguments(_REQUIRED),  # app/lesson_ask.py: the student predicts a number
        **RECORDED,  # select_edge, docks, scale, set_data, set_architecture (format 2)
    },
    "perceptron": {
        "show": {},
        "start": {"weights": (arg.weights, None), "bias": (arg.real, None),
                  "learning_rate": (arg.positive, None)},
        "point": {"point": (arg.unchecked, _REQUIRED)},
        "present": {"count": (arg.count, 1)},
        "epoch": {},
        "until_converged": {"max_epochs": (lambda f, v: check_int(f, v, low=1, high=10_000),
                                           100)},
        "ask": line_ask_arguments(),  # app/line_ask.py: the student types a line's w and b
    },
    "activations": {
        "show": {},
        "plot": {"functions": (arg.functions, _REQUIRED), "derivative": (arg.boolean, False),
                 "z_range": (arg.z_range, (-6.0, 6.0)), "mark": (arg.mark, None)},
    },
    "descent": {
        "show": {},
        "start": {"x0": (arg.real, _REQUIRED), "learning_rate": (arg.positive, _REQUIRED),
                  "centre": (arg.real, 2.0), "function": (arg.one_of(FUNCTIONS, "function"),
                                                       "parabola")},
        "iterate": {"count": (arg.count, 1)},
        "until": {"precision": (arg.positive, _REQUIRED), "max_steps": (arg.count, 1000)},
    },
}
_FIRST_ACTION = {"activations": "plot", "descent": "start"}  # the view has nothing to draw before


def actions(view: str) -> tuple[str, ...]:
    """The action names a lesson of ``view`` may use."""
    return tuple(_ACTIONS[view])


def arguments(view: str, do: str) -> dict[str, bool]:
    """An action's arguments, each True when it must be given (the lesson editor's form)."""
    return {k: default is _REQUIRED for k, (_, default) in _ACTIONS[view][do].items()}


def _parse_steps(value, view: str, spec: SessionSpec | None,
                 perceptron: dict | None) -> tuple[LessonStep, ...]:
    if not isinstance(value, list) or not value:
        raise ValidationError("steps", "must be a non-empty list of steps")
    if len(value) > 1000:
        raise ValidationError("steps", f"{len(value)} steps; at most 1,000")
    steps = []
    start = spec
    for i, obj in enumerate(value):
        where = f"steps[{i}]"
        if not isinstance(obj, dict):
            raise ValidationError(where, f"must be a JSON object, got {type(obj).__name__}")
        do = obj.get("do", "show")
        known = _ACTIONS[view]
        if not isinstance(do, str) or do not in known:
            raise ValidationError(f"{where}.do", f"unknown action {do!r} for a {view!r} lesson; "
                                                 f"known: {', '.join(known)}")
        if i == 0 and view in _FIRST_ACTION and do != _FIRST_ACTION[view]:
            raise ValidationError(f"{where}.do", f"a {view!r} lesson starts with "
                                                 f"{_FIRST_ACTION[view]!r}, got {do!r}")
        args = known[do]
        check_keys(where, obj, {"caption", "notes", "do", *args})
        action = {"do": do}
        for key, (check, default) in args.items():
            if key in obj:
                action[key] = check(f"{where}.{key}", obj[key])
            elif default is _REQUIRED:
                raise ValidationError(f"{where}.{key}", f"is missing (action {do!r} needs it)")
            elif default is not None:
                action[key] = default
        if view == "network":
            assert spec is not None and start is not None  # parsed for every network lesson
            _check_network_action(where, action, spec)
            spec = with_loss_spec(start, action.get("loss")) if do == "restart" else spec
            spec = advance(where, action, spec)  # the network later steps see
        if view == "perceptron" and do in ("point", "ask"):
            assert perceptron is not None  # parsed for every perceptron lesson
            if do == "ask":
                check_line_ask(where, action, perceptron)
            else:
                check_int(f"{where}.point", action["point"], high=len(perceptron["points"]) - 1)
        caption = _caption(where, obj, view, spec)
        steps.append(LessonStep(caption, action, _notes(where, obj)))
    return tuple(steps)


def _caption(where: str, obj: dict, view: str, spec: SessionSpec | None) -> str:
    """The step's caption, its placeholders checked against the network as it is then."""
    if "caption" not in obj:
        raise ValidationError(f"{where}.caption", "is missing")
    caption = obj["caption"]
    if not isinstance(caption, str) or not caption.strip():
        raise ValidationError(f"{where}.caption", "must be a non-empty string")
    check_caption(f"{where}.caption", caption, view, spec)
    return caption


def _notes(where: str, obj: dict) -> str:
    """Speaker notes (format 2): text for the lecturer, never shown to the hall."""
    notes = obj.get("notes", "")
    if not isinstance(notes, str):
        raise ValidationError(f"{where}.notes", "must be text")
    if len(notes) > MAX_NOTES:
        raise ValidationError(f"{where}.notes", f"{len(notes):,} characters; at most "
                                                f"{MAX_NOTES:,}")
    return notes


def _check_network_action(where: str, action: dict, spec: SessionSpec) -> None:
    """Arguments that depend on the lesson's network: layers, neurons, steps, samples."""
    sizes = spec.network.sizes
    do = action["do"]
    if do == "go_to_step":
        check_int(f"{where}.step", action["step"], high=2 * len(sizes) + 1)
    elif do == "select" and action["neuron"] is not None:
        neuron = action["neuron"]
        if not isinstance(neuron, list) or len(neuron) != 2:
            raise ValidationError(f"{where}.neuron", f"must be [layer, j] or null, got {neuron!r}")
        layer = check_int(f"{where}.neuron[0]", neuron[0], low=1, high=len(sizes))
        check_int(f"{where}.neuron[1]", neuron[1], high=sizes[layer - 1] - 1)
        action["neuron"] = (layer, neuron[1])
    elif do == "sample" and action["sample"] != "mean":
        batch = min(spec.training.batch_size, len(spec.data.x_train))
        check_int(f"{where}.sample", action["sample"], high=batch - 1)
    elif do in ("set_weight", "set_bias", "nudge"):
        layer = check_int(f"{where}.layer", action["layer"], low=2, high=len(sizes))
        check_int(f"{where}.j", action["j"], high=sizes[layer - 1] - 1)
        if do != "set_bias":
            check_int(f"{where}.k", action["k"], high=sizes[layer - 2] - 1)
        if do == "nudge" and action["h"] == 0:
            raise ValidationError(f"{where}.h", "must not be 0 (the nudge divides by it)")
    elif do == "ask":
        check_ask(where, action, sizes)
    elif do in ("set_training", "restart"):
        if do == "set_training" and len(action) == 1:
            raise ValidationError(where, "set_training needs at least one setting")
        if "loss" in action:
            _check_loss(f"{where}.loss", spec, action["loss"])
        opt = {k: v for k, v in action.items()
               if k in OptimizerSettings.__dataclass_fields__}
        try:
            OptimizerSettings(**{**spec.training.optimizer.to_dict(), **opt})
        except ValidationError as err:
            raise ValidationError(f"{where}.{err.field.removeprefix('training.')}",
                                  err.problem) from None


def _check_loss(field: str, spec: SessionSpec, loss: str) -> None:
    """The lesson's network with another loss must still fit its output and data."""
    try:
        check_fits(with_loss(spec.network, loss), spec.data)
    except ValidationError as err:
        raise ValidationError(field, err.problem) from None


def with_loss_spec(spec: SessionSpec, loss: str | None) -> SessionSpec:
    """The lesson's session as a ``restart`` leaves it (another loss, maybe)."""
    return spec if loss is None else replace(spec, network=with_loss(spec.network, loss))


def with_loss(net: Network, loss: str) -> Network:
    """A copy of ``net`` (same parameters) that learns with ``loss``."""
    new = net.copy()
    new.loss = get_loss(loss, net.activations[-1], "loss")
    return new


# --- small checks ----------------------------------------------------------------------------

def _text(obj, key: str, required: bool = True) -> str:
    value = obj.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError(key, "must be a non-empty string" if required else "must be text")
    return value
