"""A network as an ONNX model: float64 (DOUBLE) by default, float32 on request, opset 17.

The graph reads ``input`` [batch, n₁] and writes ``output`` [batch, n_L]: per layer l a
``Gemm`` (transB = 1, so W⁽ˡ⁾ is stored as the app holds it, (n_l, n_(l−1))) then the
activation's operator (none for linear; ``PRelu`` with slope 0.01 for the leaky ReLU).
The loss goes into the model's metadata (``backprop_studio.loss``) so that opening the
file again picks the same one. The model is checked with ``onnx.checker`` (with shape
inference) before it is written, atomically.
``onnx`` is imported inside the functions.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from model.atomic_write import atomic_write_bytes
from model.errors import ValidationError
from model.network import Network

OPSET = 17
IR_VERSION = 8  # the IR of opset 17: runtimes of that age read it
# The leaky ReLU is written as PRelu with a constant slope: LeakyRelu's α is an attribute,
# always 32-bit (0.00999999977…), which would move negative outputs by 2e-8.
OPS: dict[str, tuple[str, dict[str, Any]] | None] = {
    "sigmoid": ("Sigmoid", {}), "tanh": ("Tanh", {}), "relu": ("Relu", {}),
    "leaky_relu": ("PRelu", {}), "arctan": ("Atan", {}),
    "softmax": ("Softmax", {"axis": -1}), "linear": None}


def network_to_onnx(net: Network, float32: bool = False, name: str = "backprop_studio"):
    """The ModelProto of ``net`` (checked); ValidationError for a network ONNX cannot hold."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    for i, act in enumerate(net.activations):
        if act.name not in OPS:
            raise ValidationError(f"network.activations[{i}]", f"{act.name} has no ONNX "
                                  "operator here (a perceptron learns by its own rule); use "
                                  "a sigmoid output to export")
    dtype, elem = (np.float32, TensorProto.FLOAT) if float32 else (np.float64,
                                                                   TensorProto.DOUBLE)
    nodes, inits, prev = [], [], "input"
    for l, (w, b, act) in enumerate(zip(net.weights, net.biases, net.activations,
                                        strict=True), start=2):
        last = l == net.n_layers
        z = "output" if last and OPS[act.name] is None else f"z{l}"
        inits += [numpy_helper.from_array(w.astype(dtype), f"W{l}"),
                  numpy_helper.from_array(b.astype(dtype), f"b{l}")]
        nodes.append(helper.make_node("Gemm", [prev, f"W{l}", f"b{l}"], [z], name=f"layer{l}",
                                      transB=1))
        prev = z
        entry = OPS[act.name]
        if entry is not None:
            op, attrs = entry
            prev = "output" if last else f"a{l}"
            inputs = [z]
            if op == "PRelu":
                inits.append(numpy_helper.from_array(np.array([0.01], dtype), f"slope{l}"))
                inputs.append(f"slope{l}")
            nodes.append(helper.make_node(op, inputs, [prev], name=f"{act.name}{l}", **attrs))
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("input", elem, ["batch", net.sizes[0]])],
        [helper.make_tensor_value_info("output", elem, ["batch", net.sizes[-1]])], inits,
        doc_string=f"layers {'-'.join(map(str, net.sizes))}, activations "
                   f"{', '.join(a.name for a in net.activations)}")
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="Backprop Studio", ir_version=IR_VERSION)
    helper.set_model_props(model, {"backprop_studio.loss": net.loss.name})
    try:
        onnx.checker.check_model(model, full_check=True)
    except onnx.checker.ValidationError as err:  # a bug here, not the user's: say it plainly
        raise ValidationError("onnx.checker", str(err).strip().splitlines()[0]) from None
    return model


def save_onnx(net: Network, path: str | os.PathLike, float32: bool = False) -> Path:
    """Write ``net`` as ONNX to ``path`` atomically; returns the path."""
    path = Path(path)
    model = network_to_onnx(net, float32, name=path.stem or "backprop_studio")
    atomic_write_bytes(path, model.SerializeToString())
    return path
