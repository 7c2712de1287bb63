"""CSV files as datasets: a quick preview for the import dialog, and a strict loader.

The loader refuses anything doubtful with a ``ValidationError`` that names the row as it
appears in the file (1-based, the header line counts), the 1-based column and its name, so a
student can open the file at that place and fix it. Nothing is guessed silently except the
delimiter (one of , ; tab) and whether the first row is a header.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path

import numpy as np

from model.datasets import (
    PROBLEMS,
    SCALINGS,
    Dataset,
    check_seed,
    check_test_ratio,
    class_targets,
    scale_inputs,
    split_rows,
)
from model.errors import ValidationError

MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_CSV_ROWS = 1_000_000
MAX_CSV_COLUMNS = 1000
MAX_CLASSES = 100
DELIMITERS = (",", ";", "\t")
_SNIFF_RECORDS = 50
_SNIFF_CHARS = 1 << 16
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class CsvTable:
    """What the preview dialog shows: the first rows as text and which columns look numeric."""

    header: tuple[str, ...] | None
    rows: list[list[str]]
    n_columns: int
    numeric_columns: tuple[bool, ...]


@dataclass
class _Record:
    line: int  # 1-based line where the record starts in the file
    cells: list[str]


def _read_text(source, base_dir, max_lines: int | None = None) -> tuple[str, str]:
    """(text, display name) of a CSV path or of CSV text itself (a str with a newline).

    With ``max_lines`` only about that many lines are read, which keeps previews of huge
    files fast.
    """
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        if len(source) > MAX_CSV_BYTES:
            raise ValidationError("csv", f"text is larger than the limit of "
                                         f"{MAX_CSV_BYTES // 2**20} MB")
        return source.removeprefix("\ufeff"), "pasted CSV"
    if not isinstance(source, (str, os.PathLike)):
        raise ValidationError("csv", f"expected a file path or CSV text, got "
                                     f"{type(source).__name__}")
    if not str(source):
        raise ValidationError("csv", "no file given")
    path = Path(source)
    if base_dir is not None and not path.is_absolute():
        path = Path(base_dir) / path
    try:
        if path.is_dir():
            raise ValidationError("csv", f"'{path}' is a folder, not a CSV file")
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ValidationError("csv", f"'{path}' is {size / 2**20:.0f} MB, larger than the "
                                         f"limit of {MAX_CSV_BYTES // 2**20} MB")
        with path.open("rb") as f:
            data = f.read() if max_lines is None else _read_lines(f, max_lines)
    except FileNotFoundError:
        raise ValidationError("csv", f"file not found: '{path}'") from None
    except (OSError, ValueError) as err:  # ValueError: e.g. a NUL byte in the path
        reason = getattr(err, "strerror", None) or str(err)
        raise ValidationError("csv", f"cannot read '{path}': {reason}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ValidationError(f"csv row {line}", f"'{path.name}' is not UTF-8 text (byte "
                                                 f"0x{data[err.start]:02x}); save it as UTF-8 "
                                                 f"CSV") from None
    return text, path.name


def _read_lines(f, max_lines: int) -> bytes:
    """The first max_lines lines; cutting at a newline never splits a UTF-8 character."""
    chunks, newlines = [], 0
    while newlines < max_lines:
        chunk = f.read(1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        newlines += chunk.count(b"\n")
    data = b"".join(chunks)
    end = -1
    for _ in range(max_lines):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data
    return data[:end + 1]


def _check_delimiter(delimiter) -> None:
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1
                                  or delimiter in "\r\n\"" or delimiter.isalnum()):
        raise ValidationError("csv.delimiter", f"must be one character such as ',' ';' or "
                                               f"a tab, got {delimiter!r}")


def _records(text: str, delimiter: str, limit: int | None = None) -> list[_Record]:
    """Non-blank records with their starting line; stops after ``limit`` records.

    Cells keep trailing spaces (float() ignores them); names and labels are stripped where
    they are used, which keeps a million-row file fast.
    """
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ValidationError(f"csv row {line}", "contains NUL characters; is this a binary "
                                                 "file rather than CSV text?")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        skipinitialspace=True)
    records: list[_Record] = []
    line = 0
    while limit is None or len(records) < limit:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise ValidationError(f"csv row {line + 1}", f"cannot be read as CSV: {err}") from None
        start, line = line + 1, reader.line_num
        if len(cells) > 1 or (cells and cells[0].strip()):
            records.append(_Record(start, cells))
    return records


def _sniff(text: str) -> str:
    """The delimiter that splits the first records into the most equal rows of > 1 cell."""
    best, best_score = DELIMITERS[0], 0
    for delimiter in DELIMITERS:
        try:
            records = _records(text[:_SNIFF_CHARS], delimiter, _SNIFF_RECORDS)
        except ValidationError:
            continue
        if not records or len(records[0].cells) < 2:
            continue
        width = len(records[0].cells)
        score = sum(len(r.cells) == width for r in records)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _is_finite_number(cell: str) -> bool:
    value = _number(cell)
    return value is not None and math.isfinite(value)


def _has_header(records: list[_Record]) -> bool:
    if len(records) < 2:
        return False
    first, second = records[0].cells, records[1].cells
    pairs = zip(first, second, strict=False)  # a ragged second row is reported by the loader
    return any(not _is_finite_number(a) and _is_finite_number(b) for a, b in pairs)


def _check_header_option(header) -> None:
    if header not in ("auto", True, False):
        raise ValidationError("csv.header", f"must be 'auto', True or False, got {header!r}")


def _split_header(records: list[_Record], header) -> tuple[tuple[str, ...] | None, list]:
    if header is True or (header == "auto" and _has_header(records)):
        return tuple(c.strip() for c in records[0].cells), records[1:]
    return None, records


def preview_csv(source, *, header="auto", max_rows=20, delimiter=None,
                base_dir=None) -> CsvTable:
    """The first ``max_rows`` data rows as text, for a dialog to show before loading."""
    _check_header_option(header)
    _check_delimiter(delimiter)
    if isinstance(max_rows, bool) or not isinstance(max_rows, Integral) or int(max_rows) < 0:
        raise ValidationError("csv.max_rows", f"must be a non-negative integer, "
                                              f"got {max_rows!r}")
    n_rows = int(max_rows)
    text, _ = _read_text(source, base_dir, max_lines=max(n_rows, _SNIFF_RECORDS) + 2)
    records = _records(text, delimiter or _sniff(text), n_rows + 2)
    if not records:
        raise ValidationError("csv", "the file is empty")
    names, data = _split_header(records, header)
    rows = [[c.strip() for c in r.cells] for r in data[:n_rows]]
    n_columns = len(records[0].cells)
    numeric = tuple(bool(rows) and all(i < len(r) and _is_finite_number(r[i]) for r in rows)
                    for i in range(n_columns))
    return CsvTable(header=names, rows=rows, n_columns=n_columns, numeric_columns=numeric)


class _Columns:
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


def _numeric_block(data: list[_Record], columns: list[int], names: _Columns) -> np.ndarray:
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
            value = _number(cell)
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


def _class_labels(data: list[_Record], column: int, names: _Columns):
    """Integer labels in sorted label order (numerically when every label is a number)."""
    cells = [r.cells[column].strip() for r in data]
    values = [_number(c) for c in cells]
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


def _check_choice(value, allowed, option: str) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(option, f"must be one of {', '.join(allowed)}, got {value!r}")


def load_csv(source, *, header="auto", input_columns=None, target_columns=None,
             problem="classification", one_hot=True, scaling="none",
             test_ratio=0.0, seed=0, delimiter=None, base_dir=None) -> Dataset:
    """Load a CSV file (or CSV text) as a Dataset.

    Relative paths are resolved against ``base_dir`` (the session file's folder). The params
    keep the path as given, under the session file's key ``csv``, with every option (the
    delimiter as detected), so ``load_csv(p.pop("csv"), **p, base_dir=...)`` loads it again
    and a session folder can be moved as a whole.
    """
    _check_header_option(header)
    _check_delimiter(delimiter)
    _check_choice(problem, PROBLEMS, "csv.problem")
    _check_choice(scaling, SCALINGS, "csv.scaling")
    if not isinstance(one_hot, bool):
        raise ValidationError("csv.one_hot", f"must be True or False, got {one_hot!r}")
    seed = check_seed(seed, "csv.seed")

    text, display_name = _read_text(source, base_dir)
    delimiter = delimiter or _sniff(text)
    records = _records(text, delimiter, MAX_CSV_ROWS + 2)
    if not records:
        raise ValidationError("csv", "the file is empty")
    n_columns = len(records[0].cells)
    if n_columns > MAX_CSV_COLUMNS:
        raise ValidationError("csv", f"the file has {n_columns} columns; the limit is "
                                     f"{MAX_CSV_COLUMNS}")
    header_names, data = _split_header(records, header)
    if len(data) > MAX_CSV_ROWS:
        raise ValidationError("csv", f"the file has more than {MAX_CSV_ROWS:,} data rows; "
                                     f"that is the limit")
    if len(data) < 2:
        # With one row in all, whether it is a header cannot be told; say what is there.
        found = "the file has only one row" if len(records) == 1 else f"found {len(data)}"
        raise ValidationError("csv", f"needs at least 2 data rows; {found}")
    for record in data:
        if len(record.cells) != n_columns:
            raise ValidationError("csv", f"row {record.line} has {len(record.cells)} cells, "
                                         f"expected {n_columns}")
    test_ratio = check_test_ratio(test_ratio, len(data), "csv.test_ratio")

    names = _Columns(header_names, n_columns)
    if target_columns is None:
        targets = [n_columns - 1]
    else:
        targets = names.resolve(target_columns, "csv.target_columns")
    if input_columns is None:
        inputs = [i for i in range(n_columns) if i not in targets]
        if not inputs:
            raise ValidationError("csv.input_columns", "no column is left for the inputs")
    else:
        inputs = names.resolve(input_columns, "csv.input_columns")
    both = [i for i in inputs if i in targets]
    if both:
        raise ValidationError("csv.input_columns", f"{names.name(both[0])!r} is both an input "
                                                   f"and a target column")

    x = _numeric_block(data, inputs, names)
    if problem == "classification":
        if len(targets) != 1:
            raise ValidationError("csv.target_columns", f"classification needs exactly one "
                                                        f"target column, got {len(targets)}")
        labels, class_names = _class_labels(data, targets[0], names)
        if not one_hot and len(class_names) != 2:
            raise ValidationError("csv.one_hot", f"one_hot=False needs exactly 2 classes, "
                                                 f"found {len(class_names)}")
        y = class_targets(labels, len(class_names), one_hot)
        target_names = class_names if one_hot else (names.name(targets[0]),)
    else:
        y = _numeric_block(data, targets, names)
        class_names = None
        target_names = tuple(names.name(i) for i in targets)

    rng = np.random.default_rng(seed)
    train, test = split_rows(len(data), test_ratio, rng)
    x = scale_inputs(x, train, scaling, "csv.scaling")
    return Dataset(
        name=display_name, x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
        problem=problem, feature_names=tuple(names.name(i) for i in inputs),
        target_names=target_names, class_names=class_names,
        params={"csv": str(source), "header": header,
                "input_columns": _as_list(input_columns),
                "target_columns": _as_list(target_columns), "problem": problem,
                "one_hot": one_hot, "scaling": scaling, "test_ratio": test_ratio,
                "seed": seed, "delimiter": delimiter},
    )


def _as_list(chosen):
    """Column choices in a JSON-friendly form (None stays None, so defaults stay defaults)."""
    if chosen is None:
        return None
    if isinstance(chosen, (str, Integral)):
        chosen = [chosen]
    return [c if isinstance(c, str) else int(c) for c in chosen]
