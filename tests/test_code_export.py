"""export-code: the numpy and torch scripts train as `main.py train` does, to 1e-9 in every
weight, and are short, readable, ruff-clean Python."""

import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest

import main

SESSIONS = {
    "demo": None,  # resources/sessions/xor_demo.json: sgd, full batch, no shuffle
    "adam-l2-softmax": {
        "network": {"layers": [4, 6, 3], "activations": ["tanh", "softmax"],
                    "loss": "cross_entropy", "init": "xavier", "seed": 2},
        "training": {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 16,
                     "regularization": "l2", "regularization_rate": 0.001, "seed": 5},
        "data": {"dataset": "iris"}},
    "momentum-l1-features": {
        "network": {"layers": [4, 8, 5, 1], "activations": ["relu", "arctan", "sigmoid"],
                    "loss": "cross_entropy", "init": "he", "seed": 1},
        "training": {"optimizer": "momentum", "learning_rate": 0.05, "momentum": 0.8,
                     "batch_size": 7, "regularization": "l1", "regularization_rate": 0.002,
                     "seed": 3},
        "data": {"dataset": "spiral", "n_points": 120,
                 "features": ["x1", "x2", "x1^2", "sin_x1"]}},
    "mse-leaky-linear": {
        "network": {"layers": [2, 5, 1], "activations": ["leaky_relu", "linear"], "loss": "mse",
                    "init": "xavier", "seed": 4},
        "training": {"optimizer": "sgd", "learning_rate": 0.1, "batch_size": 10, "seed": 9},
        "data": {"dataset": "plane", "n_points": 100}},
    "quadratic-softmax-l2": {
        "network": {"layers": [4, 3, 3], "activations": ["sigmoid", "softmax"],
                    "loss": "quadratic", "seed": 7},
        "training": {"optimizer": "sgd", "learning_rate": 0.5, "batch_size": 5, "seed": 1,
                     "regularization": "l2", "regularization_rate": 0.01},
        "data": {"dataset": "iris", "n_points": 60}},
}
HAS_TORCH = importlib.util.find_spec("torch") is not None
EPOCHS = 5


def session_file(repo_root, tmp_path, name):
    if SESSIONS[name] is None:
        return repo_root / "resources" / "sessions" / "xor_demo.json"
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(SESSIONS[name]))
    return path


def trained_by_the_app(session, tmp_path):
    out = tmp_path / "trained.json"
    assert main.main(["train", str(session), "--epochs", str(EPOCHS), "--out", str(out)]) == 0
    return json.loads(out.read_text())["network"]


def run_script(fmt, session, tmp_path, capsys):
    script, weights = tmp_path / f"train_{fmt}.py", tmp_path / f"weights_{fmt}.json"
    assert main.main(["export-code", str(session), "--format", fmt, "--out", str(script)]) == 0
    assert f"wrote {script}" in capsys.readouterr().out
    res = subprocess.run([sys.executable, str(script), "--epochs", str(EPOCHS), "--out",
                          str(weights)], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert f"epoch {EPOCHS}/{EPOCHS}" in res.stdout and "final loss" in res.stdout
    return json.loads(weights.read_text()), script.read_text(), res.stdout


def assert_same_weights(app, script, rtol=1e-9):
    for key in ("weights", "biases"):
        assert len(app[key]) == len(script[key])
        for want, got in zip(app[key], script[key], strict=True):
            np.testing.assert_allclose(np.array(got), np.array(want), rtol=rtol, atol=0)


@pytest.mark.parametrize("name", list(SESSIONS))
def test_the_numpy_script_trains_as_train_does(repo_root, tmp_path, capsys, name):
    session = session_file(repo_root, tmp_path, name)
    app = trained_by_the_app(session, tmp_path)
    capsys.readouterr()
    got, text, stdout = run_script("numpy", session, tmp_path, capsys)
    assert_same_weights(app, got)
    assert all(f"BP{i}" in text for i in (1, 2, 3, 4))
    assert "import torch" not in text


RUN_ALL = f"""
import runpy, sys
for script, out in zip(sys.argv[1::2], sys.argv[2::2]):
    sys.argv = [script, "--epochs", "{EPOCHS}", "--out", out]
    runpy.run_path(script, run_name="__main__")
"""


@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed (requirements-torch.txt)")
def test_the_torch_script_trains_as_train_does(repo_root, tmp_path, capsys):
    """Four sessions (every optimiser, regulariser and loss kind); the scripts run in one
    process so torch is imported once."""
    names = ["demo", "adam-l2-softmax", "momentum-l1-features", "quadratic-softmax-l2"]
    args, apps = [], {}
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        session = session_file(repo_root, folder, name)
        apps[name] = trained_by_the_app(session, folder)
        script = folder / "train.py"
        assert main.main(["export-code", str(session), "--format", "torch", "--out",
                          str(script)]) == 0
        text = script.read_text(encoding="utf-8")
        assert "torch.nn.Sequential(" in text and "torch.optim." in text
        args += [str(script), str(folder / "weights.json")]
    res = subprocess.run([sys.executable, "-c", RUN_ALL, *args], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    for name in names:
        got = json.loads((tmp_path / name / "weights.json").read_text())
        assert_same_weights(apps[name], got)


def test_scripts_are_ruff_clean_and_hold_only_what_the_session_uses(repo_root, tmp_path):
    from app.code_export import training_script
    from model.session_file import load_session

    paths = []
    for name in SESSIONS:
        spec = load_session(session_file(repo_root, tmp_path, name))
        for fmt in ("numpy", "torch"):
            path = tmp_path / f"{name}_{fmt}.py"
            path.write_text(training_script(spec, fmt, f"{name}.json", path.name),
                            encoding="utf-8")
            paths.append(path)
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
                          str(repo_root / "pyproject.toml"), *map(str, paths)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    demo = (tmp_path / "demo_numpy.py").read_text(encoding="utf-8")
    assert "def sigmoid(" in demo and "def relu(" not in demo and "class Adam" not in demo
    adam = (tmp_path / "adam-l2-softmax_torch.py").read_text(encoding="utf-8")
    assert "torch.optim.Adam(" in adam and '"weight_decay": L2' in adam
    assert "Softmax" not in adam.split("def make_model")[1].split("def linear_layers")[0]


def test_export_code_refuses_a_perceptron_and_a_wrong_format(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"network": {"layers": [2, 1], "activations": ["step"]},
                                "data": {"dataset": "perceptron7"}}))
    out = tmp_path / "train.py"
    assert main.main(["export-code", str(path), "--format", "numpy", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "perceptron" in err and len(err.strip().splitlines()) == 1 and not out.exists()
    with pytest.raises(SystemExit) as exc:
        main.main(["export-code", str(path), "--format", "jax", "--out", str(out)])
    assert exc.value.code == 2 and not out.exists()
    assert main.main(["export-code", str(path), "--format", "torch", "--out",
                      str(tmp_path / "t.txt")]) == 2
