"""Starting the window: ``python main.py [SESSION.json | --lesson NAME|PATH]``."""

from __future__ import annotations

import argparse
import sys

PREPARE_AFTER_MS = 1500  # after the first paint: start-up does not share a core with it


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py", description="Open Backprop Studio.")
    parser.add_argument("session", nargs="?", help="a session file to open (default: XOR demo)")
    parser.add_argument("--lesson", metavar="NAME|PATH",
                        help="open a built-in lesson by name, or a lesson file")
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

    from PySide6 import QtCore, QtWidgets

    from app.at_rest import AtRest
    from app.recovery import offer_recovery
    from app.session import Session
    from app.settings import ORGANIZATION
    from widgets import error_hook
    from widgets.main_window import MainWindow
    from widgets.screen_fit import fit_to_screen

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Backprop Studio")
    app.setOrganizationName(ORGANIZATION)
    window = MainWindow(Session())
    error_hook.install(window)
    window.restore_layout()
    fit_to_screen(window)  # a layout saved on a bigger screen must not run off this one …
    window.show()
    fit_to_screen(window)  # … frame included, known once shown
    # the training process and its compiled kernel load while the user looks, not at Train
    QtCore.QTimer.singleShot(PREPARE_AFTER_MS, window.session.worker.prepare)
    AtRest(window.session, window)  # garbage collected, the kernel loaded, at rest
    restored = offer_recovery(window, lambda text: ask_restore(window, text))
    if args.session and not restored:
        window.open_path(args.session)  # a bad file is reported; the demo stays open
    if args.lesson and not restored:
        window.open_lesson(args.lesson)
    return app.exec()


def ask_restore(window, text: str) -> bool:
    """After a crash: restore the recovery file's session, or discard it?"""
    from PySide6 import QtWidgets

    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, "Restore session?",
                                text, parent=window)
    restore = box.addButton("Restore", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore
