"""The layering is a contract: model <- app <- widgets <- entry points (pyproject.toml,
``[tool.importlinter]``). ``lint-imports`` checks every import statement, also those inside
functions; the runtime checks below catch what it cannot see (what importing a package
actually loads, e.g. scikit-learn, which model/ may only import inside functions).
"""

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sysconfig.get_path("scripts")) / "lint-imports"
QT = ["PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "pyqtgraph"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    assert LINT_IMPORTS.exists(), "lint-imports is missing: pip install -r requirements-test.txt"
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_lint_imports_keeps_every_contract():
    proc = lint_imports(REPO_ROOT)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Contracts: 4 kept, 0 broken." in proc.stdout


BREAKS = {  # file -> appended code breaking one contract, and what lint-imports must report
    "app/undo.py": ("\n\ndef _f():\n    import widgets.step_bar\n", "app.undo -> widgets.step_bar"),
    "model/losses.py": ("\nfrom PySide6 import QtCore\n", "model.losses -> PySide6"),
    "app/commands.py": ("\n\ndef _g():\n    from PySide6 import (\n        QtCore,\n"
                        "        QtWidgets,\n    )\n", "imports PySide6.QtWidgets"),
    "app/lessons.py": ("\nimport pyqtgraph\n", "app.lessons -> pyqtgraph"),
}


def test_lint_imports_fails_on_each_kind_of_broken_layer(tmp_path):
    """A copy of the code with one forbidden import per contract (lazy and multi-line too)."""
    ignore = shutil.ignore_patterns("__pycache__")
    for package in ("model", "app", "widgets", "bench"):
        shutil.copytree(REPO_ROOT / package, tmp_path / package, ignore=ignore)
    (tmp_path / "tests").mkdir()
    for name in ("__init__.py", "import_contracts.py"):
        shutil.copy(REPO_ROOT / "tests" / name, tmp_path / "tests" / name)
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    for file, (code, _) in BREAKS.items():
        with open(tmp_path / file, "a", encoding="utf-8") as f:
            f.write(code)
    proc = lint_imports(tmp_path)
    assert proc.returncode == 1, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Contracts: 0 kept, 4 broken." in proc.stdout
    for file, (_, report) in BREAKS.items():
        assert report in proc.stdout, f"{file}: {report!r} not reported\n{proc.stdout[-4000:]}"


IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
package, banned = sys.argv[1], json.loads(sys.argv[2])
names = [package] + [m.name for m in pkgutil.walk_packages(
    importlib.import_module(package).__path__, package + ".")]
culprits = {}
for name in names:
    importlib.import_module(name)
    for ban in banned:
        if any(m == ban or m.startswith(ban + ".") for m in sys.modules):
            culprits.setdefault(ban, name)
print(json.dumps([len(names), culprits]))
"""


@pytest.mark.parametrize(("package", "banned"), [
    ("model", QT + ["sklearn"]),
    ("app", ["widgets", "pyqtgraph", "PySide6.QtGui", "PySide6.QtWidgets", "sklearn"]),
])
def test_importing_a_whole_package_loads_nothing_above_it(package, banned):
    proc = subprocess.run([sys.executable, "-c", IMPORT_ALL, package, json.dumps(banned)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"importing {package} failed:\n{proc.stderr[-3000:]}"
    count, culprits = json.loads(proc.stdout.strip().splitlines()[-1])
    assert count > 5
    assert not culprits, (
        f"importing {package}/ loaded "
        + ", ".join(f"{ban} (first seen after {name})" for ban, name in culprits.items())
        + ": Qt's GUI never belongs below widgets/, and sklearn is imported inside functions"
    )
