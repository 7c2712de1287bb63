"""Nothing the app reads can make it run code: no pickle, no eval, npz without pickles."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for folder in ("app", "model", "widgets", "bench")
                 for p in (ROOT / folder).rglob("*.py")) + [ROOT / "main.py"]
FORBIDDEN = {
    r"^\s*(import|from)\s+(pickle|cPickle|dill|cloudpickle|shelve|marshal)\b": "pickle-like module",
    r"(?<![.\w])eval\(": "eval",
    r"(?<![.\w])exec\(": "exec",  # Qt's dialog.exec() is a method, not the builtin
    r"\byaml\.load\(": "yaml.load",
    r"multiprocessing": "multiprocessing (its pipes pickle)",
}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_from_data(path):
    text = path.read_text(encoding="utf-8")
    for pattern, what in FORBIDDEN.items():
        for number, line in enumerate(text.splitlines(), 1):
            if re.search(pattern, line) and not line.lstrip().startswith("#"):
                pytest.fail(f"{path.name}:{number} uses {what}: {line.strip()}")
    for call in re.finditer(r"np\.load\(([^)]*)\)", text):
        assert "allow_pickle=False" in call[1], f"{path.name}: np.load without allow_pickle=False"


def test_the_scan_sees_the_sources():
    names = {p.name for p in SOURCES}
    assert {"session_file.py", "csv_import.py", "train_worker.py", "snapshot_codec.py"} <= names
