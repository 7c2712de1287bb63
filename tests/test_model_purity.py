"""model/ is pure numpy: it never imports Qt or pyqtgraph, and imports sklearn lazily.

Modules are discovered by walking model/, so new files are covered without edits here.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO_ROOT / "model"

# Top-level packages model/ must never import, at all.
QT_PACKAGES = {"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "pyqtgraph"}
# Top-level packages that must not be loaded by merely importing model/ (lazy imports only).
NOT_AT_IMPORT = QT_PACKAGES | {"sklearn"}


def model_files() -> list[Path]:
    return sorted(p for p in MODEL_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def forbidden_imports(source: str, filename: str = "<string>") -> list[tuple[int, str]]:
    """(line, module) for every import statement in source that names a Qt package.

    Only real import statements count (also nested in functions), plus
    importlib.import_module("...") / __import__("...") with a literal name; the same
    words in strings or comments do not.
    """
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        found += [(node.lineno, n) for n in names if n.split(".")[0] in QT_PACKAGES]
    return found


def test_model_folder_has_modules():
    assert (MODEL_DIR / "__init__.py").is_file()


def test_checker_sees_imports_not_strings_or_comments():
    source = (
        "import numpy as np\n"
        "# import PySide6\n"
        "DOC = 'from pyqtgraph import PlotWidget'\n"
        "from PySide6.QtCore import QObject\n"
        "def f():\n"
        "    import pyqtgraph.exporters\n"
        "    return importlib.import_module('shiboken6')\n"
    )
    assert sorted(forbidden_imports(source)) == [
        (4, "PySide6.QtCore"),
        (6, "pyqtgraph.exporters"),
        (7, "shiboken6"),
    ]


@pytest.mark.parametrize("path", model_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_model_file_imports_no_qt(path):
    bad = forbidden_imports(path.read_text(encoding="utf-8"), str(path))
    assert not bad, f"{path.relative_to(REPO_ROOT)} imports Qt/pyqtgraph: " + ", ".join(
        f"line {line}: {name}" for line, name in bad
    )


IMPORT_ALL = r"""
import importlib, json, sys
names, banned = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
culprits = {}
for name in names:
    importlib.import_module(name)
    for top in sorted({m.split(".")[0] for m in sys.modules} & banned):
        culprits.setdefault(top, name)
print(json.dumps(culprits))
"""


def test_importing_all_of_model_loads_no_qt_and_no_sklearn():
    names = [module_name(p) for p in model_files()]
    assert "model" in names
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, json.dumps(names), json.dumps(sorted(NOT_AT_IMPORT))],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"importing {names} failed:\n{proc.stderr[-3000:]}"
    culprits = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not culprits, (
        "importing model/ loaded "
        + ", ".join(f"{top} (first seen after importing {name})" for top, name in culprits.items())
        + " -- Qt never belongs in model/, and sklearn must be imported inside functions"
    )
