"""Help → Notation in other texts: the crosswalk table (model/crosswalk.py) in a message box."""

from __future__ import annotations

from html import escape

from PySide6 import QtWidgets

from model.crosswalk import CROSSWALK


def crosswalk_html() -> str:
    head = "".join(f"<th align='left'>{h}&nbsp;&nbsp;</th>"
                   for h in ("", "this app", "other texts"))
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}&nbsp;&nbsp;</td>" for c in row) + "</tr>"
                   for row in CROSSWALK)
    return (f"<p>The same things under other names, for reading the classic introductions "
            f"beside the app (docs/notation.md).</p><table>{head}{rows}</table>")


def show_crosswalk(parent: QtWidgets.QWidget) -> None:
    QtWidgets.QMessageBox.information(parent, "Notation in other texts", crosswalk_html())
