"""The checkers of a lesson step's arguments (app/lessons.py's action table): each takes the
field's name and the JSON value, and returns the value or raises the one ValidationError
naming the field and the limit."""

from __future__ import annotations

from model.activations import ACTIVATIONS
from model.errors import ValidationError
from model.network import INITIALISERS
from model.validate import check_int, check_number, float_array

MAX_COUNT = 10_000  # next / previous / present / iterate counts
# The docks a lesson may show (the top-level "docks" and the "docks" action)
DOCKS = ("data", "inspector", "settings", "loss", "matrices", "flow", "histograms", "confusion",
         "practice")


def distinct_names(field: str, v, known, listed: str, kind: str,
                    empty_ok: bool = False) -> tuple[str, ...]:
    """A JSON list of names from ``known``, none twice (``listed``/``kind`` word the errors)."""
    if not isinstance(v, list) or not (v or empty_ok):
        some = "" if empty_ok else "non-empty "
        raise ValidationError(field, f"must be a {some}list of {listed} from: {', '.join(known)}")
    for i, name in enumerate(v):
        if name not in known:
            raise ValidationError(f"{field}[{i}]", f"unknown {kind} {name!r}; known: "
                                                   f"{', '.join(known)}")
        if name in v[:i]:
            raise ValidationError(f"{field}[{i}]", f"{name!r} is listed twice")
    return tuple(v)


def text(field, v):
    if not isinstance(v, str) or not v.strip():
        raise ValidationError(field, "must be a non-empty string")
    return v


def count(field, v):
    return check_int(field, v, low=1, high=MAX_COUNT)


def real(field, v):
    return check_number(field, v, low=-1e6, high=1e6)


def positive(field, v):
    return check_number(field, v, low=0.0, open_low=True, high=1e6)


def seed(field, v):
    return check_int(field, v, high=2**32 - 1)


def boolean(field, v):
    if not isinstance(v, bool):
        raise ValidationError(field, f"must be true or false, got {v!r}")
    return v


def initialiser(field, v):
    if v not in INITIALISERS:
        raise ValidationError(field, f"unknown initialiser {v!r}; known: "
                                     f"{', '.join(INITIALISERS)}")
    return v


def functions(field, v):
    usable = [n for n, a in ACTIVATIONS.items() if not a.output_only]
    return distinct_names(field, v, usable, "names", "or not element-wise activation")


def z_range(field, v):
    lo, hi = float_array(v, field, (2,)).tolist()
    if not (-1000 <= lo < hi <= 1000):
        raise ValidationError(field, f"must be [lo, hi] with −1000 ≤ lo < hi ≤ 1000, got {v!r}")
    return (lo, hi)


def mark(field, v):
    if v not in (None, "saturation"):
        raise ValidationError(field, f"must be \"saturation\" or null, got {v!r}")
    return v


def unchecked(field, v):  # checked against the session below
    return v


def one_of(known, what):
    def check(field, v):
        if v not in known:
            raise ValidationError(field, f"unknown {what} {v!r}; known: {', '.join(known)}")
        return v
    return check


def weights(field, v):
    return tuple(float_array(v, field, (2,)).tolist())
