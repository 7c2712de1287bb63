"""The set-up story holds together: README commands, CI entry point, requirements, scripts."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

README_INSTALL_AND_RUN = "bash scripts/install.sh && .venv/bin/python main.py"
README_TEST = "bash scripts/test.sh"


def setup_commands(readme: str) -> list[str]:
    """The command lines of the first code block in README's "## Set up" section."""
    section = re.search(r"^## Set up\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section, 'README.md has no "## Set up" section'
    block = re.search(r"^```[^\n]*\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, 'README.md\'s "Set up" section has no code block'
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def requirement_specs(text: str) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
    """name (lower case) -> [(operator, version)] for the plain lines of a requirements file."""
    specs = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)", line)
        assert m, f"cannot parse requirement line {line!r}"
        ops = []
        for part in filter(None, (p.strip() for p in m.group(3).split(";")[0].split(","))):
            pm = re.fullmatch(r"(===|==|~=|!=|<=|>=|<|>)\s*([0-9][0-9.]*)(\.\*)?", part)
            assert pm, f"cannot parse specifier {part!r} in {line!r}"
            ops.append((pm.group(1), tuple(int(x) for x in pm.group(2).split("."))))
        specs[m.group(1).lower().replace("_", "-")] = ops
    return specs


def allows(ops: list[tuple[str, tuple[int, ...]]], version: tuple[int, ...]) -> bool:
    def cmp(a, b):
        n = max(len(a), len(b))
        a, b = a + (0,) * (n - len(a)), b + (0,) * (n - len(b))
        return (a > b) - (a < b)

    checks = {
        "<": lambda c: c < 0,
        "<=": lambda c: c <= 0,
        ">": lambda c: c > 0,
        ">=": lambda c: c >= 0,
        "==": lambda c: c == 0,
        "===": lambda c: c == 0,
        "!=": lambda c: c != 0,
    }
    for op, v in ops:
        if op == "~=":
            if cmp(version, v) < 0 or cmp(version, v[:-2] + (v[-2] + 1,)) >= 0:
                return False
        elif not checks[op](cmp(version, v)):
            return False
    return True


UPPER_BOUND_OPS = {"<", "<=", "==", "===", "~="}


def test_readme_set_up_has_exactly_the_two_commands(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert setup_commands(readme) == [README_INSTALL_AND_RUN, README_TEST]


def test_ci_runs_the_readme_test_command(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    test_command = setup_commands(readme)[-1]
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in ci
    lines = [line.strip() for line in ci.splitlines()]
    assert test_command in lines
    # then the set-up itself, on the system's python in a fresh clone
    assert lines.index("bash scripts/check_fresh_install.sh") > lines.index(test_command)


def test_the_scripts_install_into_and_run_from_a_git_ignored_venv(repo_root):
    ignored = (repo_root / ".gitignore").read_text(encoding="utf-8").split()
    assert "/.venv/" in ignored
    install = (repo_root / "scripts" / "install.sh").read_text(encoding="utf-8")
    assert "python3 -m venv" in install and '"$venv/bin/python" -m pip install' in install
    assert "--break-system-packages" not in install and "--system-site-packages" not in install
    test = (repo_root / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "exec .venv/bin/python -m pytest" in test


def test_readme_scripts_exist(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for command in setup_commands(readme):
        for script in re.findall(r"\bbash\s+(\S+)", command):
            assert (repo_root / script).is_file(), f"README runs {script}, which is missing"


def test_pyside6_is_pinned_below_6_12_and_nothing_else_has_an_upper_bound(repo_root):
    specs = requirement_specs((repo_root / "requirements.txt").read_text(encoding="utf-8"))
    pyside = specs.get("pyside6-essentials")
    assert pyside is not None, "requirements.txt must name PySide6-Essentials"
    assert not allows(pyside, (6, 12, 0)), "PySide6 6.12.0 aborts (none_dealloc); keep <6.12"
    assert allows(pyside, (6, 11, 3)), "PySide6 6.11.3 is the known-good version"
    for name in ("pyqtgraph", "numpy", "scikit-learn", "pillow"):
        assert name in specs, f"requirements.txt is missing {name}"
    capped = {
        name: ops
        for name, ops in specs.items()
        if name != "pyside6-essentials" and any(op in UPPER_BOUND_OPS for op, _ in ops)
    }
    assert not capped, f"only PySide6 may have an upper bound, not {capped}"
    assert not any(name in specs for name in ("pyside6", "pyqt5", "pyqt6")), (
        "one Qt binding only: PySide6-Essentials"
    )


def test_test_requirements_include_the_runtime_ones(repo_root):
    text = (repo_root / "requirements-test.txt").read_text(encoding="utf-8")
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    assert "-r requirements.txt" in lines
    specs = requirement_specs(text)
    for name in ("pytest", "pytest-qt", "hypothesis", "ruff", "import-linter"):
        assert name in specs, f"requirements-test.txt is missing {name}"


def test_pyproject_configures_pytest_qt_and_the_import_path(repo_root):
    config = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = config["tool"]["pytest"]["ini_options"]
    assert pytest_options["qt_api"] == "pyside6"
    assert "." in pytest_options["pythonpath"]
    assert config["project"]["requires-python"] == ">=3.11"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("script", ["scripts/install.sh", "scripts/test.sh",
                                    "scripts/check_fresh_install.sh", ".ci/run"])
def test_shell_scripts_parse(repo_root, script):
    proc = subprocess.run(
        ["bash", "-n", str(repo_root / script)], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_script_rejects_unknown_arguments(repo_root):
    proc = subprocess.run(
        ["bash", str(repo_root / "scripts" / "install.sh"), "--bogus"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "--bogus" in proc.stderr


def fake_system(root: Path, uid: int) -> dict[str, str]:
    """A copy of install.sh in ``root`` and an environment whose python3 has no venv module
    (Debian without python3-venv) until the fake apt-get "installs" it; ``id -u`` is uid."""
    (root / "scripts").mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "scripts" / "install.sh",
                root / "scripts")
    (root / "requirements.txt").write_text("")
    fake = root / "bin"
    fake.mkdir()
    scripts = {
        "id": f"echo {uid}",
        "apt-get": f'echo "apt-get $*" >> {root}/apt.log',
        "python3": f'case "$*" in *ensurepip*) grep -q python3-venv {root}/apt.log 2>/dev/null'
                   f' || exit 1 ;; esac\nexec {sys.executable} "$@"',
    }
    for name, body in scripts.items():
        (fake / name).write_text(f"#!/bin/sh\n{body}\n")
        (fake / name).chmod(0o755)
    return {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(root)}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_script_without_the_venv_module_prints_the_apt_command(tmp_path):
    """Not root: the script says what to install and stops, leaving no .venv behind."""
    proc = subprocess.run(["bash", str(tmp_path / "scripts" / "install.sh")],
                          env=fake_system(tmp_path, 1000), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends " \
           "python3-venv" in proc.stderr
    assert not (tmp_path / ".venv").exists() and not (tmp_path / "apt.log").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_script_as_root_installs_python3_venv_then_makes_the_venv(tmp_path):
    env = fake_system(tmp_path, 0)
    proc = subprocess.run(["bash", str(tmp_path / "scripts" / "install.sh")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "apt-get install -y --no-install-recommends python3-venv" in (
        tmp_path / "apt.log").read_text()
    assert (tmp_path / ".venv" / "bin" / "python").exists()
    again = subprocess.run(["bash", str(tmp_path / "scripts" / "install.sh")], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "using .venv" in again.stdout
