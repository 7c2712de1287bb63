"""Checks shared by every loader: each one raises ValidationError naming the field."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from model.errors import ValidationError
from model.notation import num


def check_number(field: str, value, *, low=None, high=None, open_low=False,
                 open_high=False) -> float:
    """A finite real number within [low, high] (open ends on request)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, f"must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValidationError(field, f"must be finite, got {value!r}")
    if low is not None and (value < low or (open_low and value == low)):
        raise ValidationError(field,
                              f"must be {'>' if open_low else '≥'} {num(low)}, got {value!r}")
    if high is not None and (value > high or (open_high and value == high)):
        raise ValidationError(field,
                              f"must be {'<' if open_high else '≤'} {num(high)}, got {value!r}")
    return float(value)


def check_int(field: str, value, *, low: int = 0, high: int | None = None) -> int:
    """A whole number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValidationError(field, f"must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low:,} and {high:,}" if high is not None else f"≥ {low:,}"
        raise ValidationError(field, f"must be {bound}, got {value}")
    return int(value)


def float_array(value, field: str, shape: tuple[int | None, ...]) -> np.ndarray:
    """A finite float64 array from nested lists; ``None`` in ``shape`` accepts any length."""
    if isinstance(value, str | bytes | dict) or _has_bool(value):
        raise ValidationError(field, f"must be a {_shape_words(shape)} of numbers")
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValidationError(
            field, f"must be a {_shape_words(shape)} of numbers (ragged or not numeric)"
        ) from None
    wrong = arr.ndim != len(shape) or any(
        s is not None and s != n for s, n in zip(shape, arr.shape, strict=True)
    )
    if wrong:
        want = tuple("any" if s is None else s for s in shape)
        raise ValidationError(field, f"expected shape {want}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = "".join(f"[{i}]" for i in bad)
        raise ValidationError(f"{field}{where}", f"{arr[tuple(bad)]} is not a finite number")
    return arr


def _has_bool(value) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, list | tuple):
        return any(_has_bool(v) for v in value)
    return False


def _shape_words(shape: tuple[int | None, ...]) -> str:
    if len(shape) == 1:
        return "list"
    return "list of lists" if len(shape) == 2 else "nested list"


def check_file(path: Path, a_kind: str, kinds: str, limit: int) -> None:
    """Refuse a file that is missing, unreadable, a folder or over ``limit`` bytes, naming
    what it should have been ("a session file") and whose limit it is ("session files")."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ValidationError("", f"{path}: no such file") from None
    except OSError as err:
        raise ValidationError("", f"{path}: cannot read ({err.strerror})") from None
    if path.is_dir():
        raise ValidationError("", f"{path}: is a folder, not {a_kind}")
    if size > limit:
        raise ValidationError("", f"{path}: {size / 2**20:.0f} MB; {kinds} are limited to "
                                  f"{limit // 2**20} MB")

