"""``main.py render``: a PNG of the requested size; forward and backward steps differ."""

import subprocess
import sys

import pytest
from PySide6 import QtGui


def render(repo_root, *args):
    return subprocess.run([sys.executable, "main.py", "render", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)


def test_render_diagram_forward_and_backward_differ(repo_root, tmp_path):
    fwd, bwd = tmp_path / "fwd.png", tmp_path / "bwd.png"
    r1 = render(repo_root, "--out", fwd, "--what", "diagram", "--step", 2)
    r2 = render(repo_root, "--out", bwd, "--what", "diagram", "--step", 5)
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    a, b = QtGui.QImage(str(fwd)), QtGui.QImage(str(bwd))
    assert a.size() == b.size() and a.width() > 600
    assert a != b


def test_render_window_scale_doubles_the_size(repo_root, tmp_path):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    assert render(repo_root, "--out", one).returncode == 0
    assert render(repo_root, repo_root / "tests/data/minimal.json", "--out", two,
                  "--scale", 2).returncode == 0
    a, b = QtGui.QImage(str(one)), QtGui.QImage(str(two))
    assert (a.width(), a.height()) == (1400, 900)
    assert (b.width(), b.height()) == (2800, 1800)


@pytest.mark.parametrize("args,words", [
    (["--what", "teapot"], "--what"),
    (["--scale", "0"], "--scale"),
    (["--step", "-1"], "--step"),
])
def test_render_refuses_bad_input(repo_root, tmp_path, args, words):
    out = tmp_path / "x.png"
    res = render(repo_root, "--out", out, *args)
    assert res.returncode == 2 and words in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_render_refuses_a_bad_session(repo_root, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    res = render(repo_root, bad, "--out", tmp_path / "x.png")
    assert res.returncode == 2 and "network: is missing" in res.stderr


def test_render_refuses_a_step_perceptron_before_starting_qt(tmp_path, repo_root):
    session = tmp_path / "p.json"
    session.write_text('{"network": {"layers": [2, 1], "activations": ["step"]},'
                       ' "data": {"dataset": "perceptron7"}}')
    out = tmp_path / "p.png"
    run = subprocess.run([sys.executable, "main.py", "render", str(session), "--out", str(out)],
                         cwd=repo_root, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "perceptron rule" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()
