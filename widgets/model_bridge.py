"""The window's side of the bridge to other frameworks: File → Open of an ``.onnx`` model,
File → Export → ONNX… and Python script….

Thin dialogs over ``model.onnx_session``, ``model.onnx_export`` and ``app.code_export`` (the
same functions as ``main.py convert`` and ``export-code``). A file that cannot be opened or
written is reported in a dialog and the current session stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from model.errors import ValidationError

ONNX_FILTERS = ("ONNX model, float64 (*.onnx)", "ONNX model, float32 (*.onnx)")
SCRIPT_FILTERS = {"NumPy script, backpropagation written out (*.py)": "numpy",
                  "PyTorch script, torch.nn and torch.optim (*.py)": "torch"}
SESSION_FILTER = "Backprop Studio sessions (*.json)"


def add_export_menu(window, file_menu: QtWidgets.QMenu) -> QtWidgets.QMenu:
    """File → Export → ONNX… / Python script…."""
    menu = file_menu.addMenu("E&xport")
    menu.setObjectName("menu_export_model")
    menu.addAction("&ONNX…", lambda: export_onnx(window)).setToolTip(
        "The network as an ONNX model (PyTorch, onnxruntime, … read it)")
    menu.addAction("&Python script…", lambda: export_script(window)).setToolTip(
        "A runnable script that trains this session: numpy or PyTorch")
    return menu


def open_onnx(window, path: str) -> bool:
    """Open an ONNX model as the session (data: a fitting built-in dataset, else the user
    picks a session file whose data to use). False, with the session unchanged, if not."""
    from model.onnx_session import onnx_session

    name = Path(path).name
    try:
        try:
            spec, notes = onnx_session(path)
        except ValidationError as err:
            if err.field != "data":
                raise
            data_from, _ = QtWidgets.QFileDialog.getOpenFileName(
                window, f"Data for {name}: {err.problem.split(';')[0]} — choose a session "
                        "file whose data to use", window.export_folder, SESSION_FILTER)
            if not data_from:
                return False
            spec, notes = onnx_session(path, data_from=data_from)
        before, window.untitled = window.untitled, name  # the title until it is saved
        try:
            window.session.open_spec(spec)
        except ValidationError:
            window.untitled = before
            raise
    except ValidationError as err:
        QtWidgets.QMessageBox.warning(window, "Cannot open model",
                                      f"{name} was not opened:\n\n{err}")
        return False
    _tell(window, name, [n.split(" (choose")[0] for n in notes])  # no command-line hints
    return True


def _tell(window, name: str, notes: list[str]) -> None:
    """What was dropped or chosen, in a box that does not block the window."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, f"Opened {name}",
                                f"{name} is open as a new session (save it to keep it).",
                                parent=window)
    box.setObjectName("onnx_notes")
    box.setInformativeText("\n".join(f"• {n[0].upper()}{n[1:]}" for n in notes))
    box.setModal(False)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    window.statusBar().showMessage(f"Opened {name}", 8000)


def _save_path(window, title: str, default: str, filters) -> tuple[Path | None, str]:
    start = str(Path(window.export_folder) / default)
    path, chosen = QtWidgets.QFileDialog.getSaveFileName(window, title, start, ";;".join(filters))
    if not path:
        return None, chosen
    suffix = Path(default).suffix
    path = Path(path) if Path(path).suffix.lower() == suffix else Path(path + suffix)
    return path, chosen


def _stem(window) -> str:
    path = window.session.spec.path
    return Path(path).stem if path else Path(getattr(window, "untitled", "session")).stem


def export_onnx(window) -> None:
    window.session.stop()
    path, chosen = _save_path(window, "Export ONNX model", f"{_stem(window)}.onnx",
                              ONNX_FILTERS)
    if path is None:
        return
    from model.onnx_export import save_onnx

    float32 = chosen == ONNX_FILTERS[1]
    _write(window, "Cannot export ONNX",
           lambda: save_onnx(window.session.current_spec().network, path, float32),
           f"ONNX model written to {path} ({'float32' if float32 else 'float64'})")


def export_script(window) -> None:
    window.session.stop()
    path, chosen = _save_path(window, "Export training script", f"train_{_stem(window)}.py",
                              SCRIPT_FILTERS)
    if path is None:
        return
    from app.code_export import export_code

    fmt = SCRIPT_FILTERS.get(chosen, "numpy")
    source = f"{_stem(window)}.json"
    _write(window, "Cannot export script",
           lambda: export_code(window.session.current_spec(), fmt, path, source),
           f"{fmt} script written to {path} (run: python {path.name} --epochs 100)")


def _write(window, title: str, write, done: str) -> None:
    try:
        written = write()
    except (ValidationError, OSError) as err:
        QtWidgets.QMessageBox.warning(window, title, str(err))
        return
    window.export_folder = str(Path(written).parent)
    window.statusBar().showMessage(done, 8000)
