"""Hand-built ONNX graphs in the shapes PyTorch, Keras (tf2onnx) and skl2onnx write them,
and a corpus of bad ones. Built with onnx.helper, so no exporter is needed for the tests."""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F32 = TensorProto.FLOAT


def _init(name: str, arr, dtype=np.float32):
    return numpy_helper.from_array(np.asarray(arr, dtype=dtype), name)


def _model(nodes, inputs, outputs, inits, producer="", opsets=(("", 17),)):
    graph = helper.make_graph(nodes, "g", inputs, outputs, inits)
    model = helper.make_model(graph, producer_name=producer,
                              opset_imports=[helper.make_opsetid(d, v) for d, v in opsets])
    model.ir_version = 8
    return model


def _tensor(name: str, shape, elem=F32):
    return helper.make_tensor_value_info(name, elem, shape)


def layers(sizes, seed=0):
    """Random float32 weights W (n_out, n_in) and biases b for the given sizes."""
    rng = np.random.default_rng(seed)
    return [(rng.normal(0, 0.8, (n_out, n_in)).astype(np.float32),
             rng.normal(0, 0.3, n_out).astype(np.float32))
            for n_in, n_out in zip(sizes, sizes[1:], strict=False)]


def pytorch_mlp(sizes=(2, 4, 1), acts=("Relu", "Sigmoid"), seed=0):
    """torch.onnx.export of nn.Sequential(Linear, ReLU, Linear, Sigmoid): Gemm with transB=1."""
    nodes, inits, prev = [], [], "input"
    for i, ((w, b), act) in enumerate(zip(layers(sizes, seed), acts, strict=True), start=1):
        last = i == len(acts)
        nodes.append(helper.make_node("Gemm", [prev, f"fc{i}.weight", f"fc{i}.bias"],
                                      [f"/fc{i}/Gemm_output_0"], name=f"/fc{i}/Gemm",
                                      alpha=1.0, beta=1.0, transB=1))
        inits += [_init(f"fc{i}.weight", w), _init(f"fc{i}.bias", b)]
        prev = "output" if last else f"/act{i}/{act}_output_0"
        nodes.append(helper.make_node(act, [f"/fc{i}/Gemm_output_0"], [prev],
                                      name=f"/act{i}/{act}"))
    return _model(nodes, [_tensor("input", ["batch_size", sizes[0]])],
                  [_tensor("output", ["batch_size", sizes[-1]])], inits, "pytorch")


def keras_mlp(sizes=(4, 5, 3), acts=("Relu", "Softmax"), seed=1):
    """tf2onnx of a Keras Sequential of Dense layers: MatMul + Add, then the activation."""
    nodes, inits, prev = [], [], "dense_input"
    for i, ((w, b), act) in enumerate(zip(layers(sizes, seed), acts, strict=True)):
        scope = f"sequential/dense_{i}"
        inits += [_init(f"{scope}/MatMul/ReadVariableOp:0", w.T),
                  _init(f"{scope}/BiasAdd/ReadVariableOp:0", b)]
        nodes += [helper.make_node("MatMul", [prev, f"{scope}/MatMul/ReadVariableOp:0"],
                                   [f"{scope}/MatMul:0"], name=f"{scope}/MatMul"),
                  helper.make_node("Add", [f"{scope}/MatMul:0",
                                           f"{scope}/BiasAdd/ReadVariableOp:0"],
                                   [f"{scope}/BiasAdd:0"], name=f"{scope}/BiasAdd")]
        prev = f"{scope}/{act}:0"
        nodes.append(helper.make_node(act, [f"{scope}/BiasAdd:0"], [prev], name=f"{scope}/{act}",
                                      **({"axis": -1} if act == "Softmax" else {})))
    nodes.append(helper.make_node("Identity", [prev], ["dense_out"], name="Identity"))
    return _model(nodes, [_tensor("dense_input", ["unk__6", sizes[0]])],
                  [_tensor("dense_out", ["unk__7", sizes[-1]])], inits, "tf2onnx",
                  (("", 13),))


def sklearn_mlp(sizes=(2, 3, 1), hidden="Tanh", seed=2):
    """skl2onnx of MLPClassifier: Cast, MatMul + Add layers, then the label post-processing
    (for two classes 1 − p and Concat; ArgMax, ArrayFeatureExtractor, Reshape, Cast, ZipMap)."""
    n_classes = 2 if sizes[-1] == 1 else sizes[-1]
    out_act = "Sigmoid" if sizes[-1] == 1 else "Softmax"
    nodes = [helper.make_node("Cast", ["float_input"], ["cast_input"], name="Cast", to=F32)]
    inits, prev = [], "cast_input"
    params = layers(sizes, seed)
    for i, (w, b) in enumerate(params):
        inits += [_init(f"coefficient{i}", w.T), _init(f"intercepts{i}", b.reshape(1, -1))]
        nodes += [helper.make_node("MatMul", [prev, f"coefficient{i}"], [f"mul_result{i}"],
                                   name=f"MatMul{i}"),
                  helper.make_node("Add", [f"mul_result{i}", f"intercepts{i}"],
                                   [f"add_result{i}"], name=f"Add{i}")]
        act = out_act if i == len(params) - 1 else hidden
        prev = "out_activations_result" if i == len(params) - 1 else f"next_activations{i}"
        nodes.append(helper.make_node(act, [f"add_result{i}"], [prev], name=f"{act}{i}"))
    if n_classes == 2:
        inits.append(_init("unity", 1.0))
        nodes += [helper.make_node("Sub", ["unity", prev], ["negative_class_proba"], name="Sub"),
                  helper.make_node("Concat", ["negative_class_proba", prev], ["probabilities"],
                                   name="Concat", axis=1)]
    else:
        nodes.append(helper.make_node("Identity", [prev], ["probabilities"], name="Identity"))
    inits += [numpy_helper.from_array(np.arange(n_classes, dtype=np.int32), "classes"),
              numpy_helper.from_array(np.array([-1], dtype=np.int64), "shape_tensor")]
    nodes += [
        helper.make_node("ArgMax", ["probabilities"], ["argmax_output"], name="ArgMax", axis=1),
        helper.make_node("ArrayFeatureExtractor", ["classes", "argmax_output"],
                         ["array_feature_extractor_result"], name="ArrayFeatureExtractor",
                         domain="ai.onnx.ml"),
        helper.make_node("Reshape", ["array_feature_extractor_result", "shape_tensor"],
                         ["reshaped_result"], name="Reshape"),
        helper.make_node("Cast", ["reshaped_result"], ["output_label"], name="Cast1",
                         to=TensorProto.INT64),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"], name="ZipMap",
                         domain="ai.onnx.ml", classlabels_int64s=list(range(n_classes))),
    ]
    zipmap = helper.make_sequence_type_proto(helper.make_map_type_proto(
        TensorProto.INT64, helper.make_tensor_type_proto(F32, [])))
    outputs = [_tensor("output_label", [None], TensorProto.INT64),
               helper.make_value_info("output_probability", zipmap)]
    return _model(nodes, [_tensor("float_input", [None, sizes[0]])], outputs, inits,
                  "skl2onnx", (("", 15), ("ai.onnx.ml", 1)))


def reference_output(model, x: np.ndarray) -> np.ndarray:
    """The graph's own forward pass (onnxruntime); for skl2onnx, the probabilities the
    session's output layer holds (the positive class's alone for two classes)."""
    import onnxruntime as ort

    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    dtype = np.float64 if inp.type == "tensor(double)" else np.float32
    outs = sess.run(None, {inp.name: np.asarray(x, dtype=dtype)})
    if model.producer_name != "skl2onnx":
        return np.asarray(outs[0], dtype=np.float64)
    probs = np.array([[row[k] for k in sorted(row)] for row in outs[1]], dtype=np.float64)
    return probs[:, 1:] if probs.shape[1] == 2 else probs


# --- the bad corpus ----------------------------------------------------------------------------

def with_node(model, index: int, node):
    """A copy of ``model`` with node ``index`` replaced."""
    bad = onnx.ModelProto()
    bad.CopyFrom(model)
    bad.graph.node[index].CopyFrom(node)
    return bad


def bad_models() -> dict[str, tuple[bytes, str]]:
    """name → (file bytes, a word the one-line refusal must contain)."""
    good = pytorch_mlp()
    data = good.SerializeToString()
    conv = with_node(good, 1, helper.make_node("Conv", ["/fc1/Gemm_output_0", "fc2.weight"],
                                               ["/act1/Relu_output_0"], name="conv1"))
    cycle = with_node(good, 0, helper.make_node("Gemm", ["output", "fc1.weight", "fc1.bias"],
                                                ["/fc1/Gemm_output_0"], name="/fc1/Gemm",
                                                transB=1))
    cycle.graph.input[0].name = "unused_input"
    mismatch = onnx.ModelProto()
    mismatch.CopyFrom(good)
    mismatch.graph.initializer[2].CopyFrom(_init("fc2.weight", np.ones((1, 3))))
    external = onnx.ModelProto()
    external.CopyFrom(good)
    weight = external.graph.initializer[0]
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    weight.external_data.add(key="location", value="weights.bin")
    nan = onnx.ModelProto()
    nan.CopyFrom(good)
    w = numpy_helper.to_array(nan.graph.initializer[0]).copy()
    w[1, 0] = np.nan
    nan.graph.initializer[0].CopyFrom(_init("fc1.weight", w))
    dynamic = onnx.ModelProto()
    dynamic.CopyFrom(good)
    dynamic.graph.input[0].CopyFrom(_tensor("input", ["batch_size", "features"]))
    residual = onnx.ModelProto()
    residual.CopyFrom(pytorch_mlp((2, 3, 3), ("Relu", "Tanh")))
    residual.graph.node[3].CopyFrom(helper.make_node("Add", ["/fc2/Gemm_output_0",
                                                             "/act1/Relu_output_0"],
                                                     ["output"], name="skip"))
    return {
        "truncated": (data[:len(data) // 2], "truncated"),
        "wrong magic (zip)": (b"PK\x03\x04" + data, "zip"),
        "wrong magic (text)": (b"hello, this is not a model\n", "not an ONNX model"),
        "unsupported op": (conv.SerializeToString(), "Conv"),
        "cycle": (cycle.SerializeToString(), "cycle"),
        "mismatched shapes": (mismatch.SerializeToString(), "takes 3 inputs"),
        "external data": (external.SerializeToString(), "external"),
        "NaN initialiser": (nan.SerializeToString(), "nan"),
        "dynamic width": (dynamic.SerializeToString(), "dynamic"),
        "residual branch": (residual.SerializeToString(), "branch"),
    }
