"""``main.py render``: a PNG of the requested size; forward and backward steps differ."""

import subprocess
import sys

import pytest
from PySide6 import QtGui

from main import main


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


# --- SVG, GIF, frames, lessons ------------------------------------------------------------


def test_render_svg_of_the_diagram_is_vectors(repo_root, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "d.svg"
    res = render(repo_root, "--out", out, "--what", "diagram", "--step", 3)
    assert res.returncode == 0, res.stderr
    found = [el.tag.rsplit("}", 1)[-1] for el in ET.parse(out).getroot().iter()]
    assert found.count("circle") + found.count("ellipse") == 2 + 2 + 1  # the XOR demo
    assert found.count("polyline") + found.count("line") == 2 * 2 + 2 * 1 + 1  # + legend rule


def test_render_gif_has_one_frame_per_step_and_the_delay(repo_root, tmp_path):
    from PIL import Image

    out = tmp_path / "loss.gif"
    res = render(repo_root, "--out", out, "--what", "loss", "--steps", "0:3", "--delay", 300)
    assert res.returncode == 0, res.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 4 and gif.info["duration"] == 300 and gif.info["loop"] == 0


def test_render_png_steps_write_numbered_frames(repo_root, tmp_path):
    res = render(repo_root, "--out", tmp_path / "F.png", "--what", "diagram", "--steps", "2:4",
                 "--scale", 0.5)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["F-001.png", "F-002.png", "F-003.png"]
    frames = [QtGui.QImage(str(tmp_path / f"F-00{i}.png")) for i in (1, 2, 3)]
    assert frames[0] != frames[1] != frames[2]
    assert "wrote 3 frames" in res.stdout


def test_render_transparent_diagram(repo_root, tmp_path):
    out = tmp_path / "t.png"
    assert render(repo_root, "--out", out, "--what", "diagram", "--transparent").returncode == 0
    image = QtGui.QImage(str(out))
    assert QtGui.QColor.fromRgba(image.pixel(2, 2)).alpha() == 0


def test_render_lesson_gif_moves_the_lesson_with_its_caption(repo_root, tmp_path):
    from PIL import Image

    out = tmp_path / "p.gif"
    res = render(repo_root, "--lesson", "perceptron", "--what", "lesson", "--steps", "1:3",
                 "--out", out)
    assert res.returncode == 0, res.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 3 and gif.info["duration"] == 800
        frames = []
        for i in range(3):
            gif.seek(i)
            frames.append(gif.convert("RGB").tobytes())
    assert len(set(frames)) == 3


@pytest.mark.parametrize("args,words", [
    (["--steps", "5:2"], "--steps"),
    (["--steps", "x"], "--steps"),
    (["--what", "lesson"], "--what"),
    (["--lesson", "nosuch"], "unknown lesson"),
    (["--lesson", "perceptron", "--steps", "1:99"], "--steps"),
    (["--delay", "300"], "--delay"),
    (["--transparent", "--what", "loss"], "--transparent"),
    (["--step", "1", "--steps", "1:2"], "--steps"),
])
def test_render_refuses_bad_sequence_arguments(tmp_path, capsys, args, words):
    assert main(["render", "--out", str(tmp_path / "x.png"), *args]) == 2  # before Qt: fast
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args,words", [
    (["--transparent", "--what", "diagram"], "--transparent"),
    (["--steps", "0:2"], "--steps"),
    (["--scale", "2"], "--scale"),
])
def test_render_refuses_meaningless_svg_options(tmp_path, capsys, args, words):
    assert main(["render", "--out", str(tmp_path / "x.svg"), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []
