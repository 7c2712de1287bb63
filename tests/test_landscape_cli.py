"""``main.py landscape``: the CSV's shape and values, pictures, and bad arguments refused."""

import csv
import subprocess
import sys

import numpy as np
import pytest

import main
from model import landscape as ls
from model.session_file import load_session


def run(repo_root, *args):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def demo(repo_root):
    return repo_root / "resources" / "sessions" / "xor_demo.json"


def status(argv):
    """main.main's exit status, whether it returns it or argparse exits with it."""
    try:
        return main.main(argv)
    except SystemExit as err:
        return err.code


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], np.array(rows[1:], dtype=float)


def test_csv_of_two_weights_is_the_cost_at_each_offset(repo_root, demo, tmp_path):
    out = tmp_path / "grid.csv"
    res = run(repo_root, "landscape", demo, "--weights", "3:1:1,2:2:1", "--span", "0.5",
              "--grid", "5", "--out", out)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"wrote {out}" and res.stderr == ""
    header, rows = read_csv(out)
    assert header == ["u", "v", "train_cost"]
    assert rows.shape == (25, 3)
    values = np.linspace(-0.5, 0.5, 5)
    np.testing.assert_array_equal(rows[:, 0], np.repeat(values, 5))  # u outer, v inner
    np.testing.assert_array_equal(rows[:, 1], np.tile(values, 5))
    spec = load_session(demo)
    for u, v, cost in rows[[0, 7, 12, 24]]:
        net = spec.network.copy()
        net.weights[1][0, 0] += u  # W⁽³⁾[1][1]
        net.weights[0][1, 0] += v  # W⁽²⁾[2][1]
        assert cost == pytest.approx(net.cost(spec.data.x_train, spec.data.y_train), rel=1e-13)
    assert rows[12, 2] == pytest.approx(spec.network.cost(spec.data.x_train,
                                                          spec.data.y_train), rel=1e-14)


def test_csv_of_random_directions_defaults_to_41_by_41_over_minus_one_to_one(demo, tmp_path,
                                                                             capsys):
    out = tmp_path / "r.csv"
    assert main.main(["landscape", str(demo), "--random", "--seed", "3", "--out", str(out)]) == 0
    _, rows = read_csv(out)
    assert rows.shape == (41 * 41, 3)
    assert rows[0, :2].tolist() == [-1.0, -1.0] and rows[-1, :2].tolist() == [1.0, 1.0]
    spec = load_session(demo)
    plane = ls.make_plane(spec.network, *ls.random_directions(spec.network, 3), 1.0, 41)
    land = ls.grid_costs(spec.network, spec.data.x_train, spec.data.y_train, plane)
    np.testing.assert_array_equal(rows[:, 2], land.cost.ravel())


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_pictures_are_written(demo, tmp_path, suffix):
    out = tmp_path / f"l.{suffix}"
    assert main.main(["landscape", str(demo), "--random", "--grid", "9", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data[:2000]
    if suffix == "svg":
        assert b"direction 1 (seed 0)" in data and b"training cost over the plane" in data


@pytest.mark.parametrize(("args", "words"), [
    (["--weights", "4:1:1,3:1:1"], "--weights: edge 4:1:1 does not exist: the layers with "
                                   "weights are 2..3"),
    (["--weights", "3:1:3,3:1:1"], "--weights: edge 3:1:3 does not exist: layer 2 has neurons "
                                   "1..2"),
    (["--weights", "3:1:1"], "--weights: must be exactly two edges"),
    (["--weights", "3:1:1,3:1:1"], "--weights: the two edges must differ"),
    (["--weights", "3:a:1,3:1:1"], "--weights: must be two edges L:J:K,L:J:K"),
    (["--random", "--span", "0"], "--span: must be > 0"),
    (["--random", "--span", "-2"], "--span: must be > 0"),
    (["--random", "--span", "nan"], "--span: must be finite"),
    (["--random", "--span", "inf"], "--span: must be finite"),
    (["--random", "--grid", "1"], "--grid: must be between 2 and 401, got 1"),
    (["--random", "--grid", "100000"], "--grid: must be between 2 and 401, got 100000"),
    (["--random", "--seed", "-1"], "--seed: must be between 0 and"),
    (["--weights", "3:1:1,3:1:2", "--seed", "2"], "--seed: only with --random"),
    (["--weights", "3:1:1,3:1:2", "--random"], "not allowed with argument"),
    ([], "one of the arguments --weights --random is required"),
])
def test_bad_arguments_exit_2_with_one_line_and_no_file(demo, tmp_path, capsys, args, words):
    out = tmp_path / "x.csv"
    assert status(["landscape", str(demo), *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_bad_out_or_session_exits_2(demo, tmp_path, capsys):
    assert main.main(["landscape", str(demo), "--random", "--out", str(tmp_path / "x.gif")]) == 2
    assert "--out" in capsys.readouterr().err
    missing = tmp_path / "none.json"
    assert main.main(["landscape", str(missing), "--random", "--out",
                      str(tmp_path / "x.csv")]) == 2
    assert capsys.readouterr().err.count("\n") == 1 and list(tmp_path.iterdir()) == []
