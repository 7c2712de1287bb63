"""Starting the window: ``python main.py [SESSION.json | --lesson NAME]``."""

from __future__ import annotations

import argparse
import sys


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="Open Backprop Studio.")
    parser.add_argument("session", nargs="?", help="a session file to open (default: XOR demo)")
    parser.add_argument("--lesson", metavar="NAME", help="open a built-in lesson")
    args = parser.parse_args(argv)
    if args.session and args.lesson:
        parser.error("give a session file or --lesson, not both")
    if args.lesson:
        from app.lessons import load_lesson
        from model.errors import ValidationError

        try:
            load_lesson(args.lesson)  # an unknown name is refused before any window opens
        except ValidationError as err:
            print(f"main.py: error: {err}", file=sys.stderr)
            return 2

    from PySide6 import QtWidgets

    from app.session import Session
    from widgets import error_hook
    from widgets.main_window import MainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Backprop Studio")
    app.setOrganizationName("BackpropStudio")
    window = MainWindow(Session())
    error_hook.install(window)
    window.restore_layout()
    window.show()
    if args.session:
        window.open_path(args.session)  # a bad file is reported; the demo stays open
    if args.lesson:
        window.open_lesson(args.lesson)
    return app.exec()
