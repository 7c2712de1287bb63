"""Read an ONNX file into the layers of a feed-forward network, or refuse it saying why.

ONNX is protobuf, not pickle: reading one runs no code. What opens here is what PyTorch,
Keras (tf2onnx) and scikit-learn (skl2onnx) write for a multilayer perceptron: one input
[batch, n₁] (or a fixed-size tensor a ``Flatten`` makes 2-D), then a plain chain of
layers, each a ``Gemm`` (transA = 0, any transB/alpha/beta) or a ``MatMul`` plus an
optional ``Add`` of a constant bias, followed by at most one activation (``Relu``,
``Sigmoid``, ``Tanh``, ``LeakyRelu`` or ``PRelu`` with slope 0.01, ``Atan``, ``Softmax``
on the last axis of the output layer); ``Identity``, ``Cast`` to a float type and
``Flatten`` of a 2-D tensor pass through. Weights must be initialisers (or ``Constant``
nodes) and are read as float64.

Nodes after the output layer that only turn probabilities into labels (scikit-learn's
``Sub``/``Concat``/``ArgMax``/``ArrayFeatureExtractor``/``Reshape``/``Cast``/``ZipMap``) are
dropped and a note says so. Anything else — another operator, a branch (a residual or
skip connection), a cycle, weights in an external file, a NaN weight, a width the file
does not fix, a file over 200 MB — raises ``ValidationError`` naming the node, its op and
why. ``onnx`` is imported inside the functions: importing this module costs nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.errors import ValidationError
from model.onnx_file import parse_model, read_bytes

LEAKY_ALPHA = 0.01  # the app's leaky ReLU slope (PyTorch's and ONNX's default)
ACTIVATION_OPS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh",
                  "LeakyRelu": "leaky_relu", "PRelu": "leaky_relu", "Atan": "arctan",
                  "Softmax": "softmax"}
PASS_OPS = {"Identity", "Cast", "Flatten"}
LAYER_OPS = {"Gemm", "MatMul", "Add"}
CHAIN_OPS = LAYER_OPS | PASS_OPS | set(ACTIVATION_OPS)
POST_OPS = {"Sub", "Concat", "ArgMax", "ArrayFeatureExtractor", "Reshape", "Cast", "ZipMap",
            "Identity", "Binarizer"}  # label post-processing after the output layer
_WHAT = {"Conv": "a convolution", "ConvTranspose": "a convolution",
         "MaxPool": "pooling", "AveragePool": "pooling", "GlobalAveragePool": "pooling",
         "BatchNormalization": "batch normalisation", "LSTM": "a recurrent layer",
         "GRU": "a recurrent layer", "RNN": "a recurrent layer", "Dropout": "dropout",
         "Mul": "an element-wise product", "Concat": "a concatenation of branches"}
@dataclass(frozen=True)
class OnnxNetwork:
    """The layers an ONNX graph describes, in the app's orientation: W⁽ˡ⁾ is (n_l, n_(l−1))."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]  # σ of layers 2..L (app names; "linear" for none)
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    loss: str | None = None  # the loss Backprop Studio wrote into its own exports
    notes: tuple[str, ...] = ()  # what was dropped or assumed, for the user


@dataclass
class _Layer:
    weights: np.ndarray
    bias: np.ndarray
    node: str  # the node that made it, for messages
    activation: str | None = None
    act_node: str = ""


@dataclass
class _Graph:
    """The parts of a GraphProto the walk needs, indexed."""

    nodes: list  # NodeProto in topological order
    constants: dict  # tensor name → TensorProto (initialisers and Constant nodes)
    consumers: dict = field(default_factory=dict)  # tensor name → nodes reading it
    opset: int = 17
    label: dict = field(default_factory=dict)  # id(node) → "node 'name' (Op)"

    def name(self, node) -> str:
        return self.label[id(node)]


def read_onnx(path: str | os.PathLike) -> OnnxNetwork:
    """Read, parse and check an ONNX file; every refusal is prefixed with the file name."""
    path = Path(path)
    data = read_bytes(path)
    try:
        return network_from_model(parse_model(data))
    except ValidationError as err:
        raise ValidationError(str(path), str(err)) from None


# --- the graph -------------------------------------------------------------------------------

def network_from_model(model) -> OnnxNetwork:
    """Walk the graph from its input through the layer chain (see the module docstring)."""
    graph = _index(model)
    x, width, rank = _the_input(model.graph, graph)
    layers, end, passed = _walk(graph, x, width, rank)
    notes = _post_processing(model, graph, passed, end)
    _check_output(model.graph, end, layers[-1])
    loss = next((p.value for p in model.metadata_props if p.key == "backprop_studio.loss"), None)
    sizes = (width, *(len(layer.bias) for layer in layers))
    return OnnxNetwork(sizes, tuple(layer.activation or "linear" for layer in layers),
                       [layer.weights for layer in layers], [layer.bias for layer in layers],
                       loss, tuple(notes))


def _index(model) -> _Graph:
    g = model.graph
    constants = {}
    for tensor in g.initializer:
        constants[tensor.name] = tensor
    nodes = list(g.node)
    labels = {id(n): f"node '{n.name}' ({n.op_type})" if n.name else
              f"node #{i} ({n.op_type})" for i, n in enumerate(nodes, 1)}
    for node in nodes:
        if node.op_type == "Constant":
            values = [a for a in node.attribute if a.name == "value"]
            if not values:
                raise ValidationError(labels[id(node)], "only a Constant with a tensor "
                                                        "'value' is supported")
            constants[node.output[0]] = values[0].t
    for name, tensor in constants.items():
        if tensor.data_location == 1 or len(tensor.external_data):  # TensorProto.EXTERNAL
            raise ValidationError(f"initialiser '{name}'", "keeps its values in an external "
                                  "data file; save the model with the weights inside it "
                                  "(onnx.save_model(..., save_as_external_data=False))")
    opset = max((op.version for op in model.opset_import if op.domain in ("", "ai.onnx")),
                default=17)
    graph = _Graph(_topological(nodes, g, constants, labels), constants, opset=opset,
                   label=labels)
    for node in graph.nodes:
        if node.op_type == "Constant":
            continue
        if node.op_type not in CHAIN_OPS | POST_OPS:
            what = _WHAT.get(node.op_type)
            domain = f" from {node.domain}" if node.domain not in ("", "ai.onnx") else ""
            raise ValidationError(graph.name(node), f"unsupported operator{domain}"
                                  f"{f' ({what})' if what else ''}; a network here is a "
                                  "chain of Gemm or MatMul + Add layers with Relu, Sigmoid, "
                                  "Tanh, LeakyRelu, Softmax activations")
        for name in node.input:
            if name and name not in constants:
                graph.consumers.setdefault(name, []).append(node)
    return graph


def _topological(nodes, g, constants, labels) -> list:
    """The nodes in an order where each comes after what it reads; refuses cycles."""
    producer: dict[str, object] = {}
    for node in nodes:
        for out in node.output:
            if out in producer:
                raise ValidationError(labels[id(node)], f"writes '{out}', which "
                                      f"{labels[id(producer[out])]} writes too")
            producer[out] = node
    known = set(constants) | {v.name for v in g.input}
    for node in nodes:
        for name in node.input:
            if name and name not in known and name not in producer:
                raise ValidationError(labels[id(node)], f"reads '{name}', which no node "
                                      "writes and is no input or initialiser")
    if len(nodes) > 10_000:
        raise ValidationError("graph", f"{len(nodes):,} nodes; an MLP here has at most "
                                       "a few hundred")
    before = {id(n): {id(producer[i]) for i in n.input if i in producer and i not in constants}
              for n in nodes}
    waiting = {id(n): len(before[id(n)]) for n in nodes}
    after: dict[int, list] = {}
    for node in nodes:
        for p in before[id(node)]:
            after.setdefault(p, []).append(node)
    order = [n for n in nodes if not waiting[id(n)]]
    for node in order:  # Kahn's algorithm: the list grows while it is walked
        for nxt in after.get(id(node), []):
            waiting[id(nxt)] -= 1
            if not waiting[id(nxt)]:
                order.append(nxt)
    if len(order) < len(nodes):
        raise ValidationError("graph", "has a cycle: " + _cycle(nodes, before, waiting, labels))
    return order


def _cycle(nodes, before, waiting, labels) -> str:
    """Words for one cycle among the nodes Kahn's algorithm could not order."""
    by_id = {id(n): n for n in nodes}
    node, seen = next(n for n in nodes if waiting[id(n)]), []
    while id(node) not in seen:  # every unordered node has an unordered predecessor
        seen.append(id(node))
        node = by_id[next(p for p in before[id(node)] if waiting[p])]
    loop = seen[seen.index(id(node)):] + [id(node)]
    return " → ".join(labels[i] for i in reversed(loop))


def _the_input(g, graph: _Graph) -> tuple[str, int, int]:
    """The one data input: its name, its width n₁ (the product of its fixed dims) and rank."""
    inputs = [v for v in g.input if v.name not in graph.constants]
    if len(inputs) != 1:
        names = ", ".join(f"'{v.name}'" for v in inputs) or "none"
        raise ValidationError("graph", f"has {len(inputs)} inputs ({names}); a network here "
                                       "has one input [batch, features]")
    x = inputs[0]
    ttype = x.type.tensor_type
    if not x.type.HasField("tensor_type") or ttype.elem_type not in (1, 10, 11, 16):
        raise ValidationError(f"input '{x.name}'", "must be a tensor of floating-point "
                                                   "numbers (float, double)")
    if not ttype.HasField("shape"):
        raise ValidationError(f"input '{x.name}'", "has no shape; the file must fix the "
                                                   "number of features")
    dims = [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?")
            for d in ttype.shape.dim]
    if len(dims) < 2:
        raise ValidationError(f"input '{x.name}'", f"is {_shape(dims)}; it must be "
                                                   "[batch, features]")
    if not all(isinstance(d, int) and d > 0 for d in dims[1:]):
        raise ValidationError(f"input '{x.name}'", f"is {_shape(dims)}: its width is "
                              "dynamic; the file must fix the number of features "
                              "(only the batch may vary)")
    return x.name, int(np.prod([int(d) for d in dims[1:]])), len(dims)


def _shape(dims) -> str:
    return "[" + ", ".join(str(d) for d in dims) + "]"


def _walk(graph: _Graph, x: str, width: int, rank: int):
    """Follow the data from the input node by node; returns (layers, end tensor, chain nodes)."""
    layers: list[_Layer] = []
    cur, passed = x, set()
    while True:
        users = graph.consumers.get(cur, [])
        if not users:
            break
        if len(users) > 1 or users[0].op_type not in CHAIN_OPS:
            if all(u.op_type in POST_OPS for u in users) and layers:
                break  # the network's output, read by label post-processing only
            if len(users) > 1:
                raise ValidationError(f"tensor '{cur}'", "feeds " + " and ".join(
                    graph.name(u) for u in users) + ": a branch (a residual or skip "
                    "connection); only a plain chain of layers is supported")
            if not layers:
                raise ValidationError(graph.name(users[0]), "comes before any layer")
            break
        node = users[0]
        if len(node.output) != 1:
            raise ValidationError(graph.name(node), f"has {len(node.output)} outputs; a layer "
                                                    "has one")
        rank = _step(graph, node, cur, layers, width, rank)
        width = len(layers[-1].bias) if layers else width
        passed.add(id(node))
        cur = node.output[0]
    if not layers:
        raise ValidationError("graph", "has no Gemm or MatMul layer after its input")
    for layer in layers[:-1]:
        if layer.activation == "softmax":
            raise ValidationError(layer.act_node, "is on a hidden layer; softmax is supported "
                                                  "on the output layer only")
    return layers, cur, passed


def _step(graph: _Graph, node, cur: str, layers: list[_Layer], width: int, rank: int) -> int:
    """Apply one chain node to the layers built so far; returns the data's rank after it."""
    op, where = node.op_type, graph.name(node)
    attrs = _attributes(node)
    if op in ("Gemm", "MatMul"):
        if rank != 2:
            raise ValidationError(where, f"gets a {rank}-D tensor; put a Flatten before the "
                                         "first layer")
        layers.append(_linear(graph, node, cur, attrs, width))
    elif op == "Add":
        _bias(graph, node, cur, layers)
    elif op in ACTIVATION_OPS:
        _activation(graph, node, layers, attrs)
    elif op == "Cast" and attrs.get("to") not in (1, 10, 11, 16):
        raise ValidationError(where, "casts the data to a type that is not floating-point")
    elif op == "Flatten":
        if attrs.get("axis", 1) != 1:
            raise ValidationError(where, f"axis={attrs['axis']}: only axis=1 (keep the batch) "
                                         "is supported")
        return 2
    return rank


def _attributes(node) -> dict:
    import onnx

    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _weight(graph: _Graph, name: str, node, role: str) -> np.ndarray:
    """A constant input as float64, refused if computed, non-numeric or not finite."""
    from onnx import numpy_helper

    where = graph.name(node)
    if name not in graph.constants:
        raise ValidationError(where, f"its {role} '{name}' is computed, not a constant "
                                     "initialiser (weights must be stored in the file)")
    try:
        arr = numpy_helper.to_array(graph.constants[name])
    except (ValueError, TypeError):
        raise ValidationError(f"initialiser '{name}'", "is malformed (its data does not fit "
                                                       "its shape and type)") from None
    if not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise ValidationError(f"initialiser '{name}'", f"is {arr.dtype}, not numbers")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        at = f" at [{', '.join(str(i + 1) for i in bad)}] (1-based)" if bad.size else ""
        value = "NaN" if np.isnan(arr[tuple(bad)]) else "an infinity"
        raise ValidationError(f"initialiser '{name}' ({role} of {where})", f"holds {value}{at}")
    return arr


def _linear(graph: _Graph, node, cur: str, attrs: dict, width: int) -> _Layer:
    where = graph.name(node)
    ins = list(node.input)
    if len(ins) < 2:
        raise ValidationError(where, "has no weight input")
    if ins[0] != cur:
        raise ValidationError(where, "the data enters as its second operand; only "
                                     "data × weights is supported")
    w = _weight(graph, ins[1], node, "weight")
    if w.ndim != 2:
        raise ValidationError(where, f"weight '{ins[1]}' has shape {list(w.shape)}; a layer's "
                                     "weights are a matrix")
    if node.op_type == "Gemm":
        if attrs.get("transA", 0):
            raise ValidationError(where, "transA=1 would transpose the batch; only transA=0 "
                                         "is supported")
        w = w if attrs.get("transB", 0) else w.T
        w = float(attrs.get("alpha", 1.0)) * w
        layout = f"transB={attrs.get('transB', 0)}"
    else:
        w, layout = w.T, "MatMul"
    if w.shape[1] != width:
        raise ValidationError(where, f"weight '{ins[1]}' ({layout}) takes {w.shape[1]} inputs "
                                     f"but the layer before gives {width}")
    bias = np.zeros(w.shape[0])
    if node.op_type == "Gemm" and len(ins) > 2 and ins[2]:
        c = _weight(graph, ins[2], node, "bias")
        bias = float(attrs.get("beta", 1.0)) * _as_bias(c, w.shape[0], where, ins[2])
    return _Layer(np.ascontiguousarray(w), bias, where)


def _as_bias(c: np.ndarray, n: int, where: str, name: str) -> np.ndarray:
    if c.shape not in ((), (1,), (n,), (1, n)):
        raise ValidationError(where, f"bias '{name}' has shape {list(c.shape)}, which does not "
                                     f"fit a layer of {n} neurons")
    return np.broadcast_to(c.reshape(-1), (n,)).astype(np.float64)


def _bias(graph: _Graph, node, cur: str, layers: list[_Layer]) -> None:
    where = graph.name(node)
    other = [name for name in node.input if name != cur]
    if len(other) != 1 or other[0] not in graph.constants:
        raise ValidationError(where, "adds two computed tensors (a residual or skip "
                                     "connection); only a constant bias may be added")
    if not layers or layers[-1].activation is not None:
        after = f"after {layers[-1].act_node}" if layers else "before any layer"
        raise ValidationError(where, f"comes {after}; an Add is supported only as the bias "
                                     "of the layer before it (MatMul + Add)")
    layer = layers[-1]
    c = _weight(graph, other[0], node, "bias")
    layer.bias = layer.bias + _as_bias(c, len(layer.bias), where, other[0])


def _activation(graph: _Graph, node, layers: list[_Layer], attrs: dict) -> None:
    where, op = graph.name(node), node.op_type
    if not layers:
        raise ValidationError(where, "acts on the input before any layer")
    layer = layers[-1]
    if layer.activation is not None:
        raise ValidationError(where, f"follows {layer.act_node}: two activations in a row "
                                     f"on the layer of {layer.node}")
    slope = attrs.get("alpha", LEAKY_ALPHA)
    if op == "PRelu":
        slope = _weight(graph, node.input[1], node, "slope") if len(node.input) > 1 else 0.0
    if op in ("LeakyRelu", "PRelu") and not np.all(np.abs(np.asarray(slope) - LEAKY_ALPHA)
                                                   <= 1e-7):
        raise ValidationError(where, f"slope {np.ravel(slope)[0]:.6g}; only the leaky ReLU's "
                                     f"{LEAKY_ALPHA} is supported")
    if op == "Softmax":
        axis = attrs.get("axis", -1 if graph.opset >= 13 else 1)
        if axis not in (-1, 1):
            raise ValidationError(where, f"axis={axis}; only the last axis (the neurons) is "
                                         "supported")
    layer.activation, layer.act_node = ACTIVATION_OPS[op], where


def _post_processing(model, graph: _Graph, passed: set, end: str) -> list[str]:
    """Check that every node off the chain is label post-processing; say what was dropped."""
    rest = [n for n in graph.nodes if id(n) not in passed and n.op_type != "Constant"]
    for node in rest:
        if node.op_type not in POST_OPS:
            raise ValidationError(graph.name(node), "is not on the chain of layers from the "
                                  "input (a second branch?); only label post-processing may "
                                  "follow the output layer")
    if not rest:
        if end not in {out.name for out in model.graph.output}:
            raise ValidationError("graph", f"its outputs do not come from the chain of layers "
                                           f"(it ends at '{end}')")
        return []
    ops = ", ".join(sorted({n.op_type for n in rest}))
    who = "scikit-learn's " if model.producer_name == "skl2onnx" else ""
    return [f"dropped {who}post-processing after the output layer ({ops}): the session's "
            f"output is '{end}', the network's own output"]


def _check_output(g, end: str, last: _Layer) -> None:
    """The chain's end, if it is a declared output, must have the last layer's width."""
    for out in g.output:
        if out.name != end or not out.type.tensor_type.HasField("shape"):
            continue
        dims = out.type.tensor_type.shape.dim
        declared = [d.dim_value if d.HasField("dim_value") else None for d in dims]
        n = len(last.bias)
        if len(declared) != 2 or declared[1] not in (None, n):
            shown = _shape(d if d is not None else "?" for d in declared)
            raise ValidationError(f"output '{end}'", f"is declared {shown} but the last "
                                  f"layer ({last.node}) has {n} neurons")
