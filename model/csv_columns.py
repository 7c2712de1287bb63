"""The chosen columns of CSV records as arrays, or a ValidationError naming the exact cell.

``model.csv_import`` reads the file into records; this turns them into inputs and targets:
which column plays which role, numbers checked cell by cell, class labels encoded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from model.datasets import class_targets
from model.errors import ValidationError

MAX_CLASSES = 100
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass
class CsvRecord:
    line: int  # 1-based line where the record starts in the file
    cells: list[str]


def parse_number(cell: str) -> float | None:
    """The float a cell holds (NaN and infinity too), or None if it is no number."""
    try:
        return float(cell)
    except ValueError:
        return None


class Columns:
    """Column names and the 1-based "column 2 ('petal_width')" wording of messages."""

    def __init__(self, header: tuple[str, ...] | None, n_columns: int):
        self.header = header
        self.n = n_columns

    def name(self, index: int) -> str:
        if self.header and self.header[index]:
            return self.header[index]
        return f"column {index + 1}"

    def column(self, index: int) -> str:
        named = f" ({self.header[index]!r})" if self.header and self.header[index] else ""
        return f"column {index + 1}{named}"

    def where(self, line: int, index: int) -> str:
        return f"csv row {line}, {self.column(index)}"

    def resolve(self, chosen, option: str) -> list[int]:
        """0-based indices of columns chosen by name or index (one value or a list)."""
        if isinstance(chosen, (str, Integral)):
            chosen = [chosen]
        try:
            chosen = list(chosen)
        except TypeError:
            raise ValidationError(option, f"expected column names or indices, "
                                          f"got {chosen!r}") from None
        indices = []
        for item in chosen:
            if isinstance(item, str):
                if self.header is None:
                    raise ValidationError(option, f"no column named {item!r}: the file has "
                                                  f"no header row; choose by 0-based index")
                matches = [i for i, h in enumerate(self.header) if h == item]
                if not matches:
                    known = ", ".join(repr(h) for h in self.header)
                    raise ValidationError(option, f"no column named {item!r} "
                                                  f"(column names: {known})")
                if len(matches) > 1:
                    raise ValidationError(option, f"column name {item!r} appears "
                                                  f"{len(matches)} times; choose by index")
                index = matches[0]
            elif isinstance(item, Integral) and not isinstance(item, bool):
                index = int(item)
                if not 0 <= index < self.n:
                    raise ValidationError(option, f"column index {item} is out of range; "
                                                  f"the file has columns 0 to {self.n - 1}")
            else:
                raise ValidationError(option, f"expected a column name or 0-based index, "
                                              f"got {item!r}")
            if index in indices:
                raise ValidationError(option, f"{self.name(index)!r} is chosen twice")
            indices.append(index)
        if not indices:
            raise ValidationError(option, "choose at least one column")
        return indices


def numeric_block(data: list[CsvRecord], columns: list[int], names: Columns) -> np.ndarray:
    """The chosen cells as floats; the first bad cell in file order is reported exactly."""
    cells = [[r.cells[i] for i in columns] for r in data]
    try:
        block = np.array(cells, dtype=np.float64).reshape(len(data), len(columns))
        if np.isfinite(block).all():
            return block
    except ValueError:
        pass
    block = np.empty((len(data), len(columns)))
    for r, (record, row) in enumerate(zip(data, cells, strict=True)):
        for c, (index, cell) in enumerate(zip(columns, row, strict=True)):
            value = parse_number(cell)
            if value is not None and math.isfinite(value):
                block[r, c] = value
                continue
            cell = cell.strip()
            if value is not None:
                problem = f"{cell!r} is not a finite number; NaN and infinity are refused"
            elif not cell:
                problem = "empty cell; expected a number"
            else:
                problem = f"{cell!r} is not a number"
                if _DECIMAL_COMMA.match(cell):
                    problem += " (use a dot as the decimal separator)"
            raise ValidationError(names.where(record.line, index), problem)
    return block


def class_labels(data: list[CsvRecord], column: int, names: Columns):
    """Integer labels in sorted label order (numerically when every label is a number)."""
    cells = [r.cells[column].strip() for r in data]
    values = [parse_number(c) for c in cells]
    for record, cell, value in zip(data, cells, values, strict=True):
        if not cell:
            raise ValidationError(names.where(record.line, column),
                                  "empty cell; every row needs a class label")
        if value is not None and not math.isfinite(value):
            raise ValidationError(names.where(record.line, column),
                                  f"{cell!r} is not a valid class label")
    numbers = [v for v in values if v is not None]
    keys: list[float] | list[str]
    classes: list[float] | list[str]
    if len(numbers) == len(values):
        keys = numbers
        classes = sorted(set(numbers))
        class_names = [str(int(v)) if v.is_integer() else repr(v) for v in classes]
    else:
        keys = cells
        classes = class_names = sorted(set(cells))
    where = f"csv {names.column(column)}"
    if len(classes) > MAX_CLASSES:
        raise ValidationError(where, f"has {len(classes)} different class labels; "
                                     f"classification allows at most {MAX_CLASSES} (is it a "
                                     f"regression target?)")
    if len(classes) < 2:
        raise ValidationError(where, f"has only one class label ({class_names[0]!r}); "
                                     f"classification needs at least 2")
    index = {c: i for i, c in enumerate(classes)}
    return np.array([index[k] for k in keys]), tuple(class_names)


def column_roles(names: Columns, input_columns, target_columns) -> tuple[list[int], list[int]]:
    """(inputs, targets) as 0-based indices: by default the last column is the target and
    every other one an input; no column may be both."""
    if target_columns is None:
        targets = [names.n - 1]
    else:
        targets = names.resolve(target_columns, "csv.target_columns")
    if input_columns is None:
        inputs = [i for i in range(names.n) if i not in targets]
        if not inputs:
            raise ValidationError("csv.input_columns", "no column is left for the inputs")
    else:
        inputs = names.resolve(input_columns, "csv.input_columns")
    both = [i for i in inputs if i in targets]
    if both:
        raise ValidationError("csv.input_columns", f"{names.name(both[0])!r} is both an input "
                                                   f"and a target column")
    return inputs, targets


def target_block(data: list[CsvRecord], targets: list[int], names: Columns, problem: str,
             one_hot: bool) -> tuple[np.ndarray, tuple[str, ...] | None, tuple[str, ...]]:
    """(y, class names or None, target names): class labels encoded, or regression values."""
    if problem != "classification":
        return (numeric_block(data, targets, names), None,
                tuple(names.name(i) for i in targets))
    if len(targets) != 1:
        raise ValidationError("csv.target_columns", f"classification needs exactly one "
                                                    f"target column, got {len(targets)}")
    labels, class_names = class_labels(data, targets[0], names)
    if not one_hot and len(class_names) != 2:
        raise ValidationError("csv.one_hot", f"one_hot=False needs exactly 2 classes, "
                                             f"found {len(class_names)}")
    y = class_targets(labels, len(class_names), one_hot)
    return y, class_names, class_names if one_hot else (names.name(targets[0]),)
