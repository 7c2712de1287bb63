"""``main.py explain`` refuses bad arguments as the other commands do: exit status 2, one
line on stderr that says what exists, and no --out file (nor a changed one)."""

import subprocess
import sys

import pytest

import main
from tests.conftest import REPO_ROOT

XOR = str(REPO_ROOT / "resources" / "sessions" / "xor_demo.json")


def run(capsys, *args):
    try:
        rc = main.main(["explain", *map(str, args)])
    except SystemExit as done:  # argparse's own refusals (main._Parser: one line, status 2)
        rc = done.code
    out = capsys.readouterr()
    return rc, out.out, out.err


BAD = {  # arguments after the session → words the one line must hold
    "step past the end": (["--step", 9, "--neuron", "3:1"], "--step: must be 1..8"),
    "step zero": (["--step", 0, "--neuron", "3:1"], "1..8"),
    "no such neuron": (["--step", 5, "--neuron", "3:2"], "layer sizes 2-2-1"),
    "no such layer": (["--step", 5, "--neuron", "4:1"], "layers 1..3"),
    "no such weight": (["--step", 7, "--edge", "3:1:3"], "neurons 1..2 of layer 2"),
    "input has no bias": (["--step", 8, "--bias", "1:1"], "only layers 2..3 have biases"),
    "another layer than the step's": (["--step", 5, "--neuron", "2:1"], "about layer 3"),
    "input neuron for the gradients": (["--step", 7, "--neuron", "1:1"], "layers 2..L"),
    "sample past the batch": (["--step", 5, "--neuron", "3:1", "--sample", 5],
                              "--sample: must be 1..4"),
    "sample zero": (["--step", 5, "--neuron", "3:1", "--sample", 0], "or mean"),
    "sample not a number": (["--step", 5, "--neuron", "3:1", "--sample", "first"], "or mean"),
    "selection not numbers": (["--step", 5, "--neuron", "3:x"], "L:J with whole numbers"),
    "selection too short": (["--step", 7, "--edge", "3:1"], "L:J:K"),
    "counted from zero": (["--step", 5, "--neuron", "3:0"], "counts from 1"),
    "unknown format": (["--step", 5, "--neuron", "3:1", "--format", "pdf"],
                       "text, latex or markdown"),
    "two selections": (["--step", 5, "--neuron", "3:1", "--bias", "3:1"], "not allowed"),
    "no selection": (["--step", 5], "one of the arguments"),
    "step not a number": (["--step", "two", "--neuron", "3:1"], "invalid int"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_arguments_exit_2_with_one_line_and_no_file(capsys, tmp_path, case):
    args, words = BAD[case]
    out = tmp_path / "step.tex"
    rc, stdout, stderr = run(capsys, XOR, *args, "--out", out)
    assert rc == 2
    assert stdout == "" and stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert words in stderr, stderr
    assert not list(tmp_path.iterdir())  # no file, no temporary left behind
    out.write_text("kept")
    assert run(capsys, XOR, *args, "--out", out)[0] == 2
    assert out.read_text() == "kept"


@pytest.mark.parametrize("session, words", [
    ("missing.json", "no such file"),
    ("garbage", "not valid JSON"),
    ("folder", "is a folder"),
    ("lesson", "network: is missing"),  # a lesson file holds a session but is not one
])
def test_an_unreadable_session_is_one_line(capsys, tmp_path, session, words):
    path = tmp_path / session
    if session == "garbage":
        path.write_text("{ not json")
    elif session == "folder":
        path.mkdir()
    elif session == "lesson":
        path.write_text((REPO_ROOT / "resources/lessons/13-worked-example.json").read_text())
    rc, stdout, stderr = run(capsys, path, "--step", 2, "--neuron", "2:1")
    assert rc == 2 and stdout == "" and stderr.count("\n") == 1 and words in stderr, stderr


def test_out_into_a_missing_folder_is_refused(capsys, tmp_path):
    rc, _, stderr = run(capsys, XOR, "--step", 2, "--neuron", "2:1", "--out",
                        tmp_path / "no" / "f.md")
    assert rc == 2 and "does not exist" in stderr


def test_out_writes_what_the_terminal_shows_in_the_form_its_suffix_names(capsys, tmp_path):
    rc, printed, _ = run(capsys, XOR, "--step", 5, "--neuron", "3:1", "--format", "latex")
    assert rc == 0
    out = tmp_path / "bp1.tex"
    rc, stdout, stderr = run(capsys, XOR, "--step", 5, "--neuron", "3:1", "--out", out)
    assert rc == 0 and stderr == "" and stdout == f"wrote {out}\n"
    assert out.read_text() == printed and printed.startswith("% Backprop Studio")
    md = tmp_path / "bp1.md"
    assert run(capsys, XOR, "--step", 5, "--neuron", "3:1", "--out", md)[0] == 0
    assert md.read_text().startswith("## Step 5 of 8")
    txt = tmp_path / "bp1.txt"
    assert run(capsys, XOR, "--step", 5, "--neuron", "3:1", "--out", txt,
               "--format", "markdown")[0] == 0
    assert txt.read_text() == md.read_text()  # --format wins over the suffix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bp1.md", "bp1.tex", "bp1.txt"]


def test_as_a_user_runs_it(tmp_path):
    ok = subprocess.run([sys.executable, "main.py", "explain", XOR, "--step", "7", "--edge",
                         "3:1:2", "--sample", "mean"], cwd=REPO_ROOT, capture_output=True,
                        text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Step 7 of 8\nGradients (BP3, BP4)") and ok.stderr == ""
    bad = subprocess.run([sys.executable, "main.py", "explain", XOR, "--step", "12",
                          "--edge", "3:1:2", "--out", str(tmp_path / "x.tex")], cwd=REPO_ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == ("main.py: error: --step: must be 1..8 (the steps of one iteration, as "
                          "the step bar counts), got 12\n")
    assert not (tmp_path / "x.tex").exists()
