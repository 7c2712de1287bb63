"""Saving sessions as ONNX: float64 by default, checked, runnable by onnxruntime with the
app's own numbers; and ONNX → session → ONNX gives the same model back."""

import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import main  # noqa: E402
from model.session_file import load_session  # noqa: E402
from tests import onnx_models as om  # noqa: E402

SESSIONS = {
    "sigmoid": {"network": {"layers": [2, 3, 1], "activations": ["sigmoid", "sigmoid"],
                            "seed": 3, "init": "xavier"}, "data": {"dataset": "xor"}},
    "tanh-softmax": {"network": {"layers": [4, 6, 5, 3],
                                 "activations": ["tanh", "relu", "softmax"],
                                 "loss": "cross_entropy", "init": "he", "seed": 1},
                     "data": {"dataset": "iris"}},
    "leaky-linear": {"network": {"layers": [2, 7, 1], "activations": ["leaky_relu", "linear"],
                                 "loss": "mse", "init": "he", "seed": 2},
                     "data": {"dataset": "plane", "n_points": 80}},
    "features": {"network": {"layers": [3, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 5,
                             "init": "xavier"},
                 "data": {"dataset": "circle", "n_points": 60,
                          "features": ["x1", "x2", "x1x2"]}},
}


def cli(capsys, *args):
    code = main.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=list(SESSIONS))
def session(request, tmp_path):
    path = tmp_path / f"{request.param}.json"
    path.write_text(json.dumps(SESSIONS[request.param]))
    return path


def run_onnx(path_or_model, x):
    model = path_or_model if isinstance(path_or_model, bytes) else path_or_model.read_bytes()
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    return sess.run(["output"], {"input": x})[0]


def test_session_to_onnx_runs_in_onnxruntime_as_the_app_computes(session, tmp_path, capsys):
    out = tmp_path / "m.onnx"
    code, stdout, err = cli(capsys, "convert", session, "--out", out)
    assert code == 0, err
    assert "float64" in stdout
    spec = load_session(session)
    x = np.concatenate([spec.data.x_train, spec.data.x_test])
    expected = spec.network.predict(x)
    got = run_onnx(out, x)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-300)
    if spec.features:
        assert "features" in stdout  # the model takes the features, not the raw inputs


def test_the_onnx_file_is_checked_opset_17_double_input_and_output(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SESSIONS["tanh-softmax"]))
    out = tmp_path / "m.onnx"
    assert cli(capsys, "convert", path, "--out", out)[0] == 0
    model = onnx.load(str(out))
    onnx.checker.check_model(model, full_check=True)
    assert max(op.version for op in model.opset_import if op.domain in ("", "ai.onnx")) >= 17
    (inp,), (outp,) = model.graph.input, model.graph.output
    assert inp.name == "input" and outp.name == "output"
    dims = [d.dim_value or d.dim_param for d in inp.type.tensor_type.shape.dim]
    assert dims == ["batch", 4]
    assert inp.type.tensor_type.elem_type == onnx.TensorProto.DOUBLE
    assert {t.data_type for t in model.graph.initializer} == {onnx.TensorProto.DOUBLE}
    assert [n.op_type for n in model.graph.node] == ["Gemm", "Tanh", "Gemm", "Relu", "Gemm",
                                                    "Softmax"]
    assert {p.key: p.value for p in model.metadata_props}["backprop_studio.loss"] == \
        "cross_entropy"


def test_float32_on_request(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SESSIONS["sigmoid"]))
    out = tmp_path / "m.onnx"
    code, stdout, _ = cli(capsys, "convert", path, "--out", out, "--float32")
    assert code == 0 and "float32" in stdout
    spec = load_session(path)
    x = spec.data.x_train.astype(np.float32)
    got = run_onnx(out, x)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, spec.network.predict(x), rtol=1e-6)


def test_arctan_uses_atan_checked_by_the_reference_evaluator(tmp_path, capsys):
    from onnx.reference import ReferenceEvaluator

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"network": {"layers": [2, 4, 1],
                                            "activations": ["arctan", "sigmoid"], "seed": 1},
                                "data": {"dataset": "xor"}}))
    out = tmp_path / "m.onnx"
    assert cli(capsys, "convert", path, "--out", out)[0] == 0
    spec = load_session(path)
    got = ReferenceEvaluator(str(out)).run(None, {"input": spec.data.x_train})[0]
    np.testing.assert_allclose(got, spec.network.predict(spec.data.x_train), rtol=1e-12)


def test_onnx_to_session_to_onnx_is_the_same_model(session, tmp_path, capsys):
    first, again, middle = tmp_path / "a.onnx", tmp_path / "b.onnx", tmp_path / "m.json"
    assert cli(capsys, "convert", session, "--out", first)[0] == 0
    code, stdout, err = cli(capsys, "convert", first, "--out", middle, "--data-from", session)
    assert code == 0, err
    assert "loss:" not in stdout or "as Backprop Studio saved it" in stdout
    assert cli(capsys, "convert", middle, "--out", again)[0] == 0
    a, b = onnx.load(str(first)), onnx.load(str(again))
    assert [n.op_type for n in a.graph.node] == [n.op_type for n in b.graph.node]
    for ta, tb in zip(a.graph.initializer, b.graph.initializer, strict=True):
        assert ta.name == tb.name
        assert np.array_equal(onnx.numpy_helper.to_array(ta), onnx.numpy_helper.to_array(tb))
    assert load_session(middle).network.loss.name == load_session(session).network.loss.name


def test_a_pytorch_graph_saved_back_computes_the_same(tmp_path, capsys):
    model = om.pytorch_mlp((3, 5, 2), ("Tanh", "Sigmoid"))
    src = tmp_path / "torch.onnx"
    src.write_bytes(model.SerializeToString())
    data = tmp_path / "data.json"
    rng = np.random.default_rng(0)
    data.write_text(json.dumps({"network": {"layers": [3, 2], "activations": ["sigmoid"]},
                                "data": {"inputs": rng.normal(size=(9, 3)).tolist(),
                                         "targets": rng.integers(0, 2, (9, 2)).tolist()}}))
    middle, back = tmp_path / "s.json", tmp_path / "back.onnx"
    assert cli(capsys, "convert", src, "--out", middle, "--data-from", data)[0] == 0
    assert cli(capsys, "convert", middle, "--out", back, "--float32")[0] == 0
    x = rng.normal(size=(20, 3)).astype(np.float32)
    np.testing.assert_allclose(run_onnx(back, x), om.reference_output(model, x), rtol=1e-6)


@pytest.mark.parametrize("args,word", [
    (["--dataset", "xor"], "only when reading ONNX"),
    (["--loss", "mse"], "only when reading ONNX"),
], ids=["dataset", "loss"])
def test_session_to_onnx_refuses_options_of_the_other_direction(tmp_path, capsys, args, word):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SESSIONS["sigmoid"]))
    out = tmp_path / "m.onnx"
    code, _, err = cli(capsys, "convert", path, "--out", out, *args)
    assert code == 2 and word in err and not out.exists()


def test_a_perceptron_and_wrong_suffixes_are_refused(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"network": {"layers": [2, 1], "activations": ["step"]},
                                "data": {"dataset": "perceptron7"}}))
    code, _, err = cli(capsys, "convert", path, "--out", tmp_path / "p.onnx")
    assert code == 2 and "step" in err and not (tmp_path / "p.onnx").exists()
    code, _, err = cli(capsys, "convert", path, "--out", tmp_path / "p.png")
    assert code == 2 and ".onnx" in err
    code, _, err = cli(capsys, "convert", tmp_path / "m.txt", "--out", tmp_path / "p.onnx")
    assert code == 2 and "MODEL.onnx or a SESSION.json" in err
