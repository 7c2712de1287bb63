"""A contract type import-linter lacks: which submodules of an external package may be used.

import-linter sees an external package as one node (``PySide6``), so its ``forbidden``
contract cannot tell ``PySide6.QtCore`` from ``PySide6.QtWidgets``. This one takes every
import of the package that grimp found (also those inside functions) and reads the
statement itself to name the submodules. Configured in pyproject.toml
(``[tool.importlinter]``); ``lint-imports`` runs it, tests/test_layering.py runs that.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class SubmodulesContract(Contract):
    """``source_modules`` (and everything in them) import of the external ``package`` only
    the submodules in ``allowed_submodules``: ``import PySide6.QtCore``, ``from PySide6
    import QtCore`` and ``from PySide6.QtCore import QObject`` all name QtCore."""

    source_modules = fields.ListField(subfield=fields.ModuleField())
    package = fields.StringField()
    allowed_submodules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        bad = []
        for source in self.source_modules:
            for module in sorted({source.name} | graph.find_descendants(source.name)):
                for found in graph.get_import_details(importer=module, imported=self.package):
                    line = found["line_number"]
                    for sub in submodules_imported(module, line, self.package):
                        if sub.split(".")[0] not in self.allowed_submodules:
                            bad.append(f"{module}:{line} imports {self.package}.{sub}")
        return ContractCheck(kept=not bad, metadata={"bad": bad})

    def render_broken_contract(self, check: ContractCheck) -> None:
        allowed = ", ".join(f"{self.package}.{s}" for s in self.allowed_submodules)
        for text in check.metadata["bad"]:
            output.print_error(f"{text} (allowed: {allowed})", bold=False)
            output.new_line()


def submodules_imported(module: str, line: int, package: str) -> list[str]:
    """The submodules of ``package`` (relative names, ``*`` for a star import) that the
    import statement(s) starting on ``line`` of ``module`` name."""
    prefix = package + "."
    names = []
    for node in _statements(module).get(line, []):
        if isinstance(node, ast.Import):
            names += [a.name[len(prefix):] for a in node.names if a.name.startswith(prefix)]
        elif node.level == 0 and node.module == package:
            names += [a.name for a in node.names]
        elif node.level == 0 and node.module and node.module.startswith(prefix):
            names.append(node.module[len(prefix):])
    return names


@functools.cache
def _statements(module: str) -> dict[int, list[ast.Import | ast.ImportFrom]]:
    """The module's import statements (at any depth) by their first line."""
    root, *rest = module.split(".")
    spec = importlib.util.find_spec(root)  # a top-level package: nothing is executed
    path = Path(spec.submodule_search_locations[0]).joinpath(*rest)
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    by_line: dict[int, list] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            by_line.setdefault(node.lineno, []).append(node)
    return by_line
