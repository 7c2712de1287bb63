"""CSV files as datasets: a quick preview for the import dialog, and a strict loader.

The loader refuses anything doubtful with a ``ValidationError`` that names the row as it
appears in the file (1-based, the header line counts), the 1-based column and its name, so a
student can open the file at that place and fix it. Nothing is guessed silently except the
delimiter (one of , ; tab) and whether the first row is a header. Reading the text into
records is here; turning the chosen columns into arrays is ``model.csv_columns``.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path

import numpy as np

from model.csv_columns import (
    Columns,
    CsvRecord,
    column_roles,
    numeric_block,
    parse_number,
    target_block,
)
from model.datasets import (
    PROBLEMS,
    SCALINGS,
    Dataset,
    check_seed,
    check_test_ratio,
    scale_inputs,
    split_rows,
)
from model.errors import ValidationError

MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_CSV_ROWS = 1_000_000
MAX_CSV_COLUMNS = 1000
DELIMITERS = (",", ";", "\t")
_SNIFF_RECORDS = 50
_SNIFF_CHARS = 1 << 16


@dataclass(frozen=True)
class CsvTable:
    """What the preview dialog shows: the first rows as text and which columns look numeric."""

    header: tuple[str, ...] | None
    rows: list[list[str]]
    n_columns: int
    numeric_columns: tuple[bool, ...]


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


def _records(text: str, delimiter: str, limit: int | None = None) -> list[CsvRecord]:
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
    records: list[CsvRecord] = []
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
            records.append(CsvRecord(start, cells))
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


def _is_finite_number(cell: str) -> bool:
    value = parse_number(cell)
    return value is not None and math.isfinite(value)


def _has_header(records: list[CsvRecord]) -> bool:
    if len(records) < 2:
        return False
    first, second = records[0].cells, records[1].cells
    pairs = zip(first, second, strict=False)  # a ragged second row is reported by the loader
    return any(not _is_finite_number(a) and _is_finite_number(b) for a, b in pairs)


def _check_header_option(header) -> None:
    if header not in ("auto", True, False):
        raise ValidationError("csv.header", f"must be 'auto', True or False, got {header!r}")


def _split_header(records: list[CsvRecord], header) -> tuple[tuple[str, ...] | None, list]:
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
    header_names, data, n_columns = _data_records(text, delimiter, header)
    test_ratio = check_test_ratio(test_ratio, len(data), "csv.test_ratio")
    names = Columns(header_names, n_columns)
    inputs, targets = column_roles(names, input_columns, target_columns)
    x = numeric_block(data, inputs, names)
    y, class_names, target_names = target_block(data, targets, names, problem, one_hot)

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


def _data_records(text: str, delimiter: str,
                  header) -> tuple[tuple[str, ...] | None, list[CsvRecord], int]:
    """(header names, data records, number of columns), within the size limits, every
    row as wide as the first."""
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
    return header_names, data, n_columns


def _as_list(chosen):
    """Column choices in a JSON-friendly form (None stays None, so defaults stay defaults)."""
    if chosen is None:
        return None
    if isinstance(chosen, (str, Integral)):
        chosen = [chosen]
    return [c if isinstance(c, str) else int(c) for c in chosen]
