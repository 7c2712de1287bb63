"""The CSV import dialog's preview table: the file's first rows, tinted by column role.

Rows are numbered as the error messages count them when every preview row is one line of
the file; a cell an error message points at is tinted red.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from model.csv_import import CsvTable

INPUT_TINT = QtGui.QColor("#d1e5f0")  # the diverging map's light blue and orange
TARGET_TINT = QtGui.QColor("#fee0b6")
ERROR_TINT = QtGui.QColor("#f4a6a6")
IGNORED_INK = QtGui.QColor("#8a8a8a")
_CELL = re.compile(r"csv row (\d+), column (\d+)\b")


def rows_are_lines(path: str | Path, n_rows: int) -> bool:
    """True when each of the first ``n_rows`` rows is one line of the file (no blank lines,
    no quotes), so the table can number rows as the error messages do."""
    try:
        with open(path, "rb") as f:
            head = [f.readline() for _ in range(n_rows + 1)]
    except (OSError, ValueError):
        return False
    head = [line for line in head if line]
    return all(line.strip() and b'"' not in line for line in head)


def bad_cell(message: str, table: CsvTable | None, lines_exact: bool) -> tuple[int, int] | None:
    """The preview cell an error message points at, when the preview shows it."""
    match = _CELL.search(message)
    if not match or not lines_exact or table is None:
        return None
    row = int(match.group(1)) - (2 if table.header else 1)
    return row, int(match.group(2)) - 1


class CsvPreview(QtWidgets.QTableWidget):
    """A read-only table of a ``CsvTable``'s rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.setAlternatingRowColors(False)

    def show_rows(self, table: CsvTable | None, names: list[str], lines_exact: bool) -> None:
        """Show ``table`` (None: nothing) with its columns named ``names``; rows numbered as
        file lines when ``lines_exact``."""
        self.clear()
        if table is None:
            self.setRowCount(0)
            self.setColumnCount(0)
            return
        width = max([table.n_columns] + [len(r) for r in table.rows])
        self.setRowCount(len(table.rows))
        self.setColumnCount(width)
        self.setHorizontalHeaderLabels(
            [names[i] if i < table.n_columns else "(extra cell)" for i in range(width)])
        first_line = 2 if table.header else 1
        self.setVerticalHeaderLabels(
            [str(first_line + r if lines_exact else r + 1) for r in range(len(table.rows))])
        self.verticalHeader().setToolTip(
            "Row of the file, as error messages count it" if lines_exact
            else "Data row (the file has blank lines or quoted cells)")
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                item = QtWidgets.QTableWidgetItem(cell)
                if c < table.n_columns and table.numeric_columns[c]:
                    item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight
                                          | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()

    def tint(self, table: CsvTable | None, inputs: set[int], targets: list[int],
             bad: tuple[int, int] | None = None) -> None:
        """Inputs blue, targets orange, ignored columns grey, a reported bad cell red."""
        if table is None:
            return
        for r, row in enumerate(table.rows):
            ragged = len(row) != table.n_columns
            for c in range(self.columnCount()):
                item = self.item(r, c)
                if item is None:
                    continue
                ink = QtGui.QColor(QtCore.Qt.GlobalColor.black)
                if ragged or (r, c) == bad:
                    fill = ERROR_TINT
                elif c in targets:
                    fill = TARGET_TINT
                elif c in inputs:
                    fill = INPUT_TINT
                else:
                    fill, ink = QtGui.QColor(QtCore.Qt.GlobalColor.white), IGNORED_INK
                item.setBackground(fill)
                item.setForeground(ink)

    def scroll_to_cell(self, cell: tuple[int, int] | None) -> None:
        if cell is not None and self.item(*cell) is not None:
            self.scrollToItem(self.item(*cell))
