"""Opening ONNX models: the graphs PyTorch, Keras (tf2onnx) and skl2onnx write become
sessions whose trace agrees with the graph's own forward pass; bad files are refused with
exit 2, one line naming the problem, and no output file."""

import json
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

import main  # noqa: E402
from model.errors import ValidationError  # noqa: E402
from model.onnx_import import read_onnx  # noqa: E402
from tests import onnx_models as om  # noqa: E402


def save(tmp_path, model, name="model.onnx"):
    path = tmp_path / name
    path.write_bytes(model if isinstance(model, bytes) else model.SerializeToString())
    return path


def cli(capsys, *args):
    code = main.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("build,extra,dataset,activations", [
    (om.pytorch_mlp, [], "xor", ["relu", "sigmoid"]),
    (om.keras_mlp, [], "iris", ["relu", "softmax"]),
    (lambda: om.sklearn_mlp((2, 3, 1)), [], "xor", ["tanh", "sigmoid"]),
    (lambda: om.sklearn_mlp((4, 6, 3), "Relu"), [], "iris", ["relu", "softmax"]),
    (lambda: om.keras_mlp((2, 6, 1), ("Tanh", "Sigmoid")), ["--dataset", "circle"], "circle",
     ["tanh", "sigmoid"]),
], ids=["pytorch-gemm", "keras-matmul-add", "sklearn-binary", "sklearn-3-classes",
        "keras-dataset"])
def test_exporters_graphs_open_and_trace_agrees_with_the_graph(
        tmp_path, capsys, build, extra, dataset, activations):
    model = build()
    onnx_path = save(tmp_path, model)
    session, trace = tmp_path / "s.json", tmp_path / "t.json"
    code, out, err = cli(capsys, "convert", onnx_path, "--out", session, *extra)
    assert code == 0, err
    saved = json.loads(session.read_text())
    assert saved["data"]["dataset"] == dataset
    assert saved["network"]["activations"] == activations
    assert saved["network"]["loss"] == "cross_entropy"  # after a sigmoid or softmax
    if model.producer_name == "skl2onnx":
        assert "dropped scikit-learn's post-processing" in out
        assert "ArgMax" in out and "ZipMap" in out
    code, _, err = cli(capsys, "trace", session, "--out", trace)
    assert code == 0, err
    result = json.loads(trace.read_text())
    expected = om.reference_output(model, np.array(result["input"]))
    np.testing.assert_allclose(result["layers"][-1]["a"], expected, rtol=2e-5, atol=1e-6)


def test_weights_come_across_exactly_in_the_apps_orientation(tmp_path):
    params = om.layers((4, 5, 3), seed=1)
    net = read_onnx(save(tmp_path, om.keras_mlp()))  # MatMul holds Wᵀ; the app holds W
    for (w, b), got_w, got_b in zip(params, net.weights, net.biases, strict=True):
        assert got_w.dtype == np.float64 and np.array_equal(got_w, w.astype(np.float64))
        assert np.array_equal(got_b, b.astype(np.float64))
    assert net.sizes == (4, 5, 3)


def test_gemm_alpha_beta_and_transb_0_are_folded_into_the_weights(tmp_path):
    from onnx import helper

    model = om.pytorch_mlp((2, 3, 1), ("Tanh", "Sigmoid"))
    w = om.layers((2, 3, 1))[0][0]
    model.graph.initializer[0].CopyFrom(om._init("fc1.weight", w.T))  # stored (n_in, n_out)
    model.graph.node[0].CopyFrom(helper.make_node(
        "Gemm", ["input", "fc1.weight", "fc1.bias"], ["/fc1/Gemm_output_0"], alpha=0.5,
        beta=2.0, transB=0))
    net = read_onnx(save(tmp_path, model))
    np.testing.assert_array_equal(net.weights[0], 0.5 * w.astype(np.float64))
    np.testing.assert_array_equal(net.biases[0], 2.0 * om.layers((2, 3, 1))[0][1])
    x = np.random.default_rng(0).normal(size=(6, 2))
    z = np.tanh(x @ net.weights[0].T + net.biases[0]) @ net.weights[1].T + net.biases[1]
    np.testing.assert_allclose(1 / (1 + np.exp(-z)), om.reference_output(model, x), rtol=1e-5)


def test_flatten_a_matmul_without_add_and_constant_nodes(tmp_path):
    from onnx import TensorProto, helper, numpy_helper

    w = np.arange(12, dtype=np.float32).reshape(6, 2) / 10  # (n_in, n_out) for MatMul
    nodes = [helper.make_node("Flatten", ["x"], ["flat"], axis=1),
             helper.make_node("Constant", [], ["w"], value=numpy_helper.from_array(w)),
             helper.make_node("MatMul", ["flat", "w"], ["z"]),
             helper.make_node("LeakyRelu", ["z"], ["y"], alpha=0.01)]
    model = om._model(nodes, [om._tensor("x", ["n", 2, 3])],
                      [om._tensor("y", ["n", 2])], [])
    net = read_onnx(save(tmp_path, model))
    assert net.sizes == (6, 2) and net.activations == ("leaky_relu",)
    np.testing.assert_array_equal(net.weights[0], w.T.astype(np.float64))
    np.testing.assert_array_equal(net.biases[0], [0.0, 0.0])  # no Add: no bias
    assert TensorProto.FLOAT == model.graph.input[0].type.tensor_type.elem_type


@pytest.mark.parametrize("case", list(om.bad_models()))
def test_bad_onnx_exits_2_with_one_line_and_no_output(tmp_path, capsys, case):
    data, word = om.bad_models()[case]
    out = tmp_path / "out.json"
    code, stdout, err = cli(capsys, "convert", save(tmp_path, data), "--out", out)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert word.lower() in lines[0].lower(), lines[0]
    assert lines[0].startswith("main.py: error: ")
    assert not out.exists() and stdout == ""


def _tweaked(edit):
    model = om.pytorch_mlp((2, 3, 3), ("Relu", "Softmax"))
    edit(model)
    return model


@pytest.mark.parametrize("make,word", [
    (lambda: _tweaked(lambda m: m.graph.node[1].CopyFrom(
        __import__("onnx").helper.make_node("LeakyRelu", ["/fc1/Gemm_output_0"],
                                            ["/act1/Relu_output_0"], alpha=0.2))), "0.01"),
    (lambda: _tweaked(lambda m: m.graph.node[1].CopyFrom(
        __import__("onnx").helper.make_node("Softmax", ["/fc1/Gemm_output_0"],
                                            ["/act1/Relu_output_0"]))), "hidden layer"),
    (lambda: _tweaked(lambda m: m.graph.input.append(om._tensor("mask", ["b", 2]))),
     "2 inputs"),
    (lambda: _tweaked(lambda m: m.graph.node[0].attribute.append(
        __import__("onnx").helper.make_attribute("transA", 1))), "transA"),
], ids=["leaky-alpha", "softmax-hidden", "two-inputs", "transA"])
def test_other_unsupported_graphs_name_the_node(tmp_path, make, word):
    with pytest.raises(ValidationError) as err:
        read_onnx(save(tmp_path, make()))
    assert word in str(err.value) and "model.onnx" in str(err.value)


def test_a_file_over_200_mb_is_refused_before_it_is_read(tmp_path, capsys):
    big = tmp_path / "big.onnx"
    with open(big, "wb") as f:  # sparse: no 200 MB written
        f.truncate(200 * 1024 * 1024 + 1)
    code, _, err = cli(capsys, "convert", big, "--out", tmp_path / "o.json")
    assert code == 2 and "200 MB" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args,word", [
    (["--dataset", "iris"], "4 inputs"),
    (["--dataset", "nope"], "unknown dataset"),
    (["--loss", "hinge"], "unknown loss"),
    (["--float32"], "--float32"),
    (["--dataset", "xor", "--data-from", "other.json"], "not both"),
], ids=["data-width", "unknown-dataset", "unknown-loss", "float32-wrong-way", "both-data"])
def test_convert_options_are_checked(tmp_path, capsys, args, word):
    onnx_path = save(tmp_path, om.pytorch_mlp())
    out = tmp_path / "o.json"
    code, _, err = cli(capsys, "convert", onnx_path, "--out", out, *args)
    assert code == 2 and word in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_data_from_another_session_takes_its_data_and_training(tmp_path, capsys, repo_root):
    onnx_path = save(tmp_path, om.pytorch_mlp((2, 4, 1), ("Tanh", "Sigmoid")))
    out = tmp_path / "s.json"
    demo = repo_root / "resources" / "sessions" / "xor_demo.json"
    code, stdout, err = cli(capsys, "convert", onnx_path, "--out", out, "--data-from", demo,
                            "--loss", "quadratic")
    assert code == 0, err
    saved, other = json.loads(out.read_text()), json.loads(demo.read_text())
    assert saved["data"] == other["data"]
    assert saved["training"]["learning_rate"] == other["training"]["learning_rate"]
    assert saved["network"]["loss"] == "quadratic" and "loss:" not in stdout


def test_the_real_command_line_refuses_a_truncated_file(repo_root, tmp_path):
    data = om.pytorch_mlp().SerializeToString()
    path = save(tmp_path, data[:-7])
    res = subprocess.run([sys.executable, "main.py", "convert", str(path), "--out",
                          str(tmp_path / "o.json")], cwd=repo_root, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "model.onnx" in res.stderr
    assert not (tmp_path / "o.json").exists()


def test_onnx_is_imported_only_when_a_model_is_read_or_written(repo_root):
    modules = ["model.onnx_file", "model.onnx_import", "model.onnx_export", "model.onnx_session",
               "app.bridge_commands", "app.code_export", "widgets.main_window"]
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('onnx', 'onnxruntime',"
            " 'torch')))")
    res = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
