"""The inspector's text (model.equations): every step kind, every loss/activation form, and the
rule that each substituted line ends in the trace's own number as ``num`` prints it."""

import re

import numpy as np
import pytest

from model.equations import explain
from model.network import Network
from model.notation import num, par
from model.optimizers import Optimizer, OptimizerSettings
from model.session_file import load_session, parse_session
from model.stepview import MEAN, pick
from model.trace import iterate
from tests.test_notation import ASCII_INDEX, SCIENTIFIC_E, readable_as_power

LAST_NUMBER = re.compile(r"(−?[0-9.]+(?: × 10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|−?∞|NaN)$")

INLINE = {"inputs": [[0.5, -1.0], [1.0, 0.2], [-0.3, 0.8]],
          "targets": [[1, 0], [0, 1], [1, 0]]}


def last_number(line: str) -> str:
    match = LAST_NUMBER.search(line)
    assert match, f"no number at the end of {line!r}"
    return match.group(1)


def session_trace(network: dict, training: dict | None = None, data: dict | None = None):
    training = {"batch_size": 3, "shuffle": False, "learning_rate": 0.5, **(training or {})}
    spec = parse_session({"network": {"seed": 3, **network}, "training": training,
                          "data": data or INLINE})
    trainer = spec.make_trainer()
    return trainer.train_iteration(), trainer.net, spec.training.optimizer


def mazur():
    """Matt Mazur's worked example: 2-2-2 sigmoid, quadratic cost, η = 0.5, one sample."""
    net = Network.create([2, 2, 2], ["sigmoid", "sigmoid"], "quadratic",
                         weights=[[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
                         biases=[[0.35, 0.35], [0.6, 0.6]])
    settings = OptimizerSettings(learning_rate=0.5)
    trace = iterate(net, Optimizer(settings), [[0.05, 0.1]], [[0.01, 0.99]])
    return trace, net, settings


def index_of(trace, kind: str, layer: int | None = None) -> int:
    return next(i for i, s in enumerate(trace.steps)
                if s.kind == kind and (layer is None or s.layer == layer))


# --- a worked example, line by line ------------------------------------------------------------

def test_worked_example_reads_like_the_textbook():
    trace, net, settings = mazur()

    def lines(kind, layer=None, **sel):
        return explain(trace, index_of(trace, kind, layer), 0, net, settings, **sel).substituted

    assert lines("input") == ("a₁⁽¹⁾ = x₁ = 0.05",)
    assert lines("forward", 2) == (
        "z₁⁽²⁾ = w₁₁⁽²⁾·a₁⁽¹⁾ + w₁₂⁽²⁾·a₂⁽¹⁾ + b₁⁽²⁾ = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775",
        "a₁⁽²⁾ = σ(z₁⁽²⁾) = σ(0.3775) = 0.59327",
    )
    assert lines("loss") == (
        "Cₓ = ½‖y − a⁽³⁾‖² = ½((0.01 − 0.751365)² + (0.99 − 0.772928)²) = 0.298371",
        "C = Cₓ = 0.298371",
    )
    assert lines("output_error")[-1] == (
        "δ₁⁽³⁾ = (a₁⁽³⁾ − y₁)·σ′(z₁⁽³⁾) = (0.751365 − 0.01)·0.186816 = 0.138499")
    assert lines("gradients", edge=(3, 0, 0))[-1] == (
        "∂C/∂w₁₁⁽³⁾ = a₁⁽²⁾ δ₁⁽³⁾ = 0.59327·0.138499 = 0.082167")
    assert lines("update", edge=(3, 0, 0))[0] == (
        "w₁₁⁽³⁾ ← w₁₁⁽³⁾ − η·∂C/∂w₁₁⁽³⁾ = 0.4 − 0.5·0.082167 = 0.358916")
    assert lines("update", edge=(2, 0, 0))[0].endswith("= 0.149781")  # Mazur's w1⁺


# --- the invariant, over architectures, losses, optimisers and samples --------------------------

CONFIGS = {
    "xor demo": None,
    "softmax + cross-entropy": ({"layers": [2, 3, 2], "activations": ["tanh", "softmax"],
                                 "loss": "cross_entropy"}, {}),
    "quadratic + tanh": ({"layers": [2, 3, 2], "activations": ["tanh", "tanh"],
                          "loss": "quadratic"}, {}),
    "softmax + quadratic": ({"layers": [2, 3, 2], "activations": ["relu", "softmax"],
                             "loss": "quadratic", "init": "he"}, {"optimizer": "momentum"}),
    "softmax + mse": ({"layers": [2, 3, 2], "activations": ["arctan", "softmax"],
                       "loss": "mse"}, {"optimizer": "adam"}),
    "sigmoid + cross-entropy": ({"layers": [2, 4, 3, 2],
                                 "activations": ["leaky_relu", "tanh", "sigmoid"],
                                 "loss": "cross_entropy"},
                                {"regularization": "l2", "regularization_rate": 0.1}),
    "mse + linear": ({"layers": [2, 3, 2], "activations": ["sigmoid", "linear"], "loss": "mse"},
                     {"regularization": "l1", "regularization_rate": 0.05, "batch_size": 1}),
}


def build(name):
    if CONFIGS[name] is None:
        spec = load_session("resources/sessions/xor_demo.json")
        trainer = spec.make_trainer()
        return trainer.train_iteration(), trainer.net, spec.training.optimizer
    network, training = CONFIGS[name]
    return session_trace(network, training)


def trace_values(trace, net, kind, l, j, edge, sample):
    """The numbers each step must end its lines with, read straight from the trace."""
    lt = trace.layer(l) if l >= 2 else None
    if kind == "input":
        return {"a": pick(trace.input, sample)[j]}
    if kind == "forward":
        return {"z": pick(lt.z, sample)[j], "a": pick(lt.a, sample)[j]}
    if kind == "loss":
        per = net.loss.per_sample(trace.layers[-1].a, trace.target)
        return {"C": trace.loss, **({} if sample == MEAN else {"C_x": per[sample]})}
    if kind in ("output_error", "backward"):
        return {"δ": pick(lt.delta, sample)[j]}
    if kind == "gradients":
        out = {"∂C/∂b": lt.grad_biases[j]}
        if edge is not None:
            out["∂C/∂w"] = lt.grad_weights[j, edge[2]]
        return out
    after = {"b": trace.b_after(l)[j]}
    if edge is not None:
        after["w"] = trace.W_after(l)[j, edge[2]]
    return after


def selections(trace):
    """A neuron and an edge in every non-input layer, plus nothing selected."""
    out = [(None, None)]
    for l, lt in enumerate(trace.layers, start=2):
        n, n_prev = lt.a.shape[1], trace.W_before(l).shape[1]
        out.append(((l, n - 1), None))
        out.append((None, (l, n - 1, n_prev - 1)))
    out.append(((1, trace.input.shape[1] - 1), None))
    return out


@pytest.mark.parametrize("name", CONFIGS)
def test_every_line_ends_in_the_traces_number(name):
    trace, net, settings = build(name)
    n = len(trace.input)
    for sample in sorted({0, n - 1}) + [MEAN]:
        for index, step in enumerate(trace.steps):
            for neuron, edge in selections(trace):
                e = explain(trace, index, sample, net, settings, neuron, edge)
                where = f"{name}, step {index} ({step.kind}), {sample}, {neuron}, {edge}"
                assert e.caption == step.caption
                assert e.symbolic == step.equation.replace("^L", "ᴸ") and "^" not in e.symbolic
                assert e.bp == step.bp
                assert len(e.substituted) == len(e.values) > 0, where
                for line, value in zip(e.substituted, e.values.values(), strict=True):
                    assert last_number(line) == num(value), (where, line)
                for text in (e.caption, e.symbolic, e.subject, e.note, *e.substituted):
                    assert not readable_as_power(text), (where, text)
                    assert not ASCII_INDEX.search(text) and not SCIENTIFIC_E.search(text), text
                l, j = e.neuron
                for key, expected in trace_values(trace, net, step.kind, l, j, e.edge,
                                                  sample).items():
                    key = f"{key} after" if key in "wb" and f"{key} after" in e.values else key
                    assert e.values[key] == expected, (where, key)


# --- which neuron ------------------------------------------------------------------------------

def test_selection_rules():
    trace, net, settings = build("sigmoid + cross-entropy")  # 2-4-3-2
    forward3 = index_of(trace, "forward", 3)
    assert explain(trace, forward3, 0, net, settings).neuron == (3, 0)
    assert explain(trace, forward3, 0, net, settings, (3, 2)).neuron == (3, 2)
    assert explain(trace, forward3, 0, net, settings, (2, 3)).neuron == (3, 0)  # other layer
    e = explain(trace, forward3, 0, net, settings, (2, 1), (3, 1, 2))  # the edge wins
    assert e.neuron == (3, 1) and e.edge == (3, 1, 2)
    assert e.substituted[0].startswith(
        "z₂⁽³⁾ = w₂₁⁽³⁾·a₁⁽²⁾ + w₂₂⁽³⁾·a₂⁽²⁾ + w₂₃⁽³⁾·a₃⁽²⁾ + w₂₄⁽³⁾·a₄⁽²⁾ + b₂⁽³⁾")
    assert e.substituted[-1].startswith("w₂₃⁽³⁾·a₃⁽²⁾ = ")
    gradients = index_of(trace, "gradients")
    assert explain(trace, gradients, 0, net, settings).neuron == (4, 0)  # output layer
    assert explain(trace, gradients, 0, net, settings, (1, 1)).neuron == (4, 0)
    assert explain(trace, gradients, 0, net, settings, (2, 3)).neuron == (2, 3)
    assert explain(trace, gradients, 0, net, settings, (9, 0)).neuron == (4, 0)  # stale
    subject = explain(trace, forward3, 1, net, settings, (3, 2)).subject
    assert subject == "for neuron 3 of layer 3, sample 2"
    assert explain(trace, forward3, MEAN, net, settings).subject.endswith("batch mean")


# --- the forms of each step --------------------------------------------------------------------

def test_softmax_cross_entropy_output_error_is_a_minus_y():
    trace, net, settings = build("softmax + cross-entropy")
    e = explain(trace, index_of(trace, "output_error"), 1, net, settings, (3, 1))
    a, y = trace.layers[-1].a[1, 1], trace.target[1, 1]
    assert e.substituted == (f"δ₂⁽³⁾ = a₂⁽³⁾ − y₂ = {num(a)} − {num(y)} = "
                             f"{num(trace.layers[-1].delta[1, 1])}",)
    assert "cancel" in e.note
    forward = explain(trace, index_of(trace, "forward", 3), 1, net, settings)
    assert forward.substituted[1].startswith("a₁⁽³⁾ = exp(z₁⁽³⁾) / Σₖ exp(zₖ⁽³⁾) = exp(")
    loss = explain(trace, index_of(trace, "loss"), 1, net, settings)
    assert loss.substituted[0].startswith("Cₓ = −Σⱼ yⱼ ln aⱼ⁽³⁾ = −(0·ln ")


def test_sigmoid_cross_entropy_cancels_too_and_shows_the_binary_cost():
    trace, net, settings = build("sigmoid + cross-entropy")
    e = explain(trace, index_of(trace, "output_error"), 0, net, settings)
    assert e.substituted[0].startswith("δ₁⁽⁴⁾ = a₁⁽⁴⁾ − y₁ = ")
    loss = explain(trace, index_of(trace, "loss"), 0, net, settings)
    assert loss.substituted[0].startswith("Cₓ = −Σⱼ [yⱼ ln aⱼ⁽⁴⁾ + (1 − yⱼ) ln(1 − aⱼ⁽⁴⁾)] = −([")
    assert loss.substituted[-1].startswith("penalty = (λ/2) Σ w² = (0.1/2)·")
    assert loss.values["penalty"] == trace.penalty


def test_quadratic_tanh_bp1_and_bp2_use_tanh_prime():
    trace, net, settings = build("quadratic + tanh")
    s = 2
    e = explain(trace, index_of(trace, "output_error"), s, net, settings, (3, 1))
    a = trace.layers[-1].a[s, 1]
    assert e.substituted[0] == f"tanh′(z₂⁽³⁾) = 1 − (a₂⁽³⁾)² = 1 − {par(a)}² = {num(1 - a * a)}"
    assert e.substituted[1].startswith("δ₂⁽³⁾ = (a₂⁽³⁾ − y₂)·tanh′(z₂⁽³⁾) = (")
    back = explain(trace, index_of(trace, "backward", 2), s, net, settings, (2, 2))
    w3, d3 = trace.weights_before[1], trace.layers[1].delta[s]
    assert back.substituted[0] == (
        f"Σₖ wₖ₃⁽³⁾ δₖ⁽³⁾ = w₁₃⁽³⁾·δ₁⁽³⁾ + w₂₃⁽³⁾·δ₂⁽³⁾ = {par(w3[0, 2])}·{par(d3[0])} + "
        f"{par(w3[1, 2])}·{par(d3[1])} = {num((d3 @ w3)[2])}")
    assert back.substituted[2].startswith("δ₃⁽²⁾ = (Σₖ wₖ₃⁽³⁾ δₖ⁽³⁾)·tanh′(z₃⁽²⁾) = ")
    assert back.bp == (2,)


def test_softmax_with_quadratic_goes_through_the_jacobian():
    trace, net, settings = build("softmax + quadratic")
    e = explain(trace, index_of(trace, "output_error"), 0, net, settings)
    a, y = trace.layers[-1].a[0], trace.target[0]
    g = a - y
    assert [line.split(" = ")[0] for line in e.substituted] == [
        "∂Cₓ/∂a₁⁽³⁾", "Σₖ aₖ⁽³⁾ ∂Cₓ/∂aₖ⁽³⁾", "δ₁⁽³⁾"]
    assert e.values["∂C/∂a"] == g[0]
    assert e.values["a·∂C/∂a"] == pytest.approx(a @ g, abs=1e-15)
    assert "Jacobian" in e.note


def test_softmax_with_mse_scales_the_gradient_by_two_over_m():
    trace, net, settings = build("softmax + mse")
    e = explain(trace, index_of(trace, "output_error"), 0, net, settings)
    assert e.substituted[0].startswith("∂Cₓ/∂a₁⁽³⁾ = (2/2)(a₁⁽³⁾ − y₁) = (2/2)(")
    loss = explain(trace, index_of(trace, "loss"), 0, net, settings)
    assert loss.substituted[0].startswith("Cₓ = (1/m) Σⱼ (yⱼ − aⱼ⁽³⁾)² = (1/2)((")


def test_mse_elementwise_bp1_and_linear_output():
    trace, net, settings = build("mse + linear")
    e = explain(trace, index_of(trace, "output_error"), 0, net, settings)
    assert e.substituted[0].startswith("φ′(z₁⁽³⁾) = φ′(")
    assert e.substituted[1].startswith("δ₁⁽³⁾ = (2/2)(a₁⁽³⁾ − y₁)·φ′(z₁⁽³⁾) = (2/2)(")
    forward = explain(trace, index_of(trace, "forward", 3), 0, net, settings)
    assert forward.substituted[1] == f"a₁⁽³⁾ = z₁⁽³⁾ = {num(trace.layers[-1].a[0, 0])}"


def test_mean_sample_shows_batch_averages():
    trace, net, settings = build("xor demo")
    forward = explain(trace, index_of(trace, "forward", 2), MEAN, net, settings)
    assert forward.substituted[0].startswith("z̄₁⁽²⁾ = w₁₁⁽²⁾·ā₁⁽¹⁾ + w₁₂⁽²⁾·ā₂⁽¹⁾ + b₁⁽²⁾ = ")
    assert forward.substituted[1] == (
        "ā₁⁽²⁾ = (1/4)(" + " + ".join(par(v) for v in trace.layers[0].a[:, 0]) + ") = "
        + num(trace.layers[0].a[:, 0].mean()))
    assert "ā ≠ σ(z̄)" in forward.note
    bp1 = explain(trace, index_of(trace, "output_error"), MEAN, net, settings)
    assert bp1.substituted[0].startswith("δ̄₁⁽³⁾ = (1/4)(")
    loss = explain(trace, index_of(trace, "loss"), MEAN, net, settings)
    assert [line.split(" = ")[0] for line in loss.substituted] == ["C"]


def test_gradients_show_the_batch_mean_and_the_shown_samples_term():
    trace, net, settings = build("xor demo")
    gradients = index_of(trace, "gradients")
    e = explain(trace, gradients, 2, net, settings, None, (3, 0, 1))
    d, a = trace.layers[1].delta[:, 0], trace.layers[0].a[:, 1]
    assert e.substituted[0] == ("∂C/∂b₁⁽³⁾ = (1/4) Σₓ δ₁⁽³⁾ = (1/4)("
                                + " + ".join(par(v) for v in d) + ") = "
                                + num(trace.layers[1].grad_biases[0]))
    assert e.substituted[1] == f"δ₁⁽³⁾ of sample 3 = {num(d[2])}"
    assert e.substituted[2].startswith("∂C/∂w₁₂⁽³⁾ = (1/4) Σₓ a₂⁽²⁾ δ₁⁽³⁾ = (1/4)("
                                       f"{par(a[0])}·{par(d[0])} + ")
    assert e.substituted[3] == f"a₂⁽²⁾ δ₁⁽³⁾ of sample 3 = {par(a[2])}·{par(d[2])} = " \
        f"{num(a[2] * d[2])}"
    assert e.bp == (3, 4)
    no_edge = explain(trace, gradients, MEAN, net, settings)
    assert len(no_edge.substituted) == 1 and "edge" in no_edge.note


def test_long_sums_are_elided():
    rng = np.random.default_rng(5)
    net = Network.create([64, 32, 10], ["relu", "sigmoid"], "quadratic", init="he", seed=1)
    settings = OptimizerSettings()
    trace = iterate(net, Optimizer(settings), rng.random((8, 64)), np.eye(10)[:8])
    e = explain(trace, index_of(trace, "forward", 2), 0, net, settings, (2, 5))
    assert e.substituted[0].startswith("z₆⁽²⁾ = Σₖ w₆ₖ⁽²⁾ aₖ⁽¹⁾ + b₆⁽²⁾ = ")
    assert e.substituted[0].count("·") == 6
    assert "+ … (+58 smaller terms) + " in e.substituted[0]
    w, a = trace.weights_before[0][5], trace.input[0]
    largest = sorted(np.argsort(-np.abs(w * a), kind="stable")[:6])  # kept in their order
    shown = " + ".join(f"{par(w[k])}·{par(a[k])}" for k in largest)
    assert f"= {shown} + … (+58 smaller terms) + " in e.substituted[0]
    assert e.values["z"] == trace.layers[0].z[0, 5]
    back = explain(trace, index_of(trace, "backward", 2), 0, net, settings, (2, 5))
    assert "(+4 smaller terms)" in back.substituted[0]
    grads = explain(trace, index_of(trace, "gradients"), 0, net, settings, None, (2, 5, 40))
    assert "∂C/∂w₆,₄₁⁽²⁾ = (1/8) Σₓ a₄₁⁽¹⁾ δ₆⁽²⁾ = " in grads.substituted[2]
    assert grads.substituted[2].endswith("… (+1 smaller term, +1 zero term)) = "  # δ = 0 once
                                         + num(trace.layers[0].grad_weights[5, 40]))


@pytest.mark.parametrize("optimizer, regularization, words", [
    ("sgd", "none", "Plain SGD"),
    ("sgd", "l2", "L2"),
    ("sgd", "l1", "L1"),
    ("momentum", "none", "Momentum"),
    ("adam", "l2", "Adam"),
])
def test_update_names_the_optimiser_and_shows_the_arithmetic_only_when_exact(
        optimizer, regularization, words):
    trace, net, settings = session_trace(
        {"layers": [2, 3, 2], "activations": ["tanh", "sigmoid"], "loss": "quadratic"},
        {"optimizer": optimizer, "regularization": regularization,
         "regularization_rate": 0.1 if regularization != "none" else 0.0})
    e = explain(trace, index_of(trace, "update"), 0, net, settings, None, (3, 1, 2))
    assert words in e.note
    assert optimizer in e.subject
    w0, w1 = trace.weights_before[1][1, 2], trace.weights_after[1][1, 2]
    if optimizer == "sgd":
        g = trace.layers[1].grad_weights[1, 2]
        reg = {"none": "", "l2": f" + 0.1·{par(w0)}", "l1": f" + 0.1·{par(np.sign(w0))}"}
        grad = f"({num(g)}{reg[regularization]})" if reg[regularization] else par(g)
        assert e.substituted[0].endswith(f"= {num(w0)} − 0.5·{grad} = {num(w1)}")
        assert "←" in e.substituted[0] and "←" in e.substituted[1]  # and the bias
    else:
        assert e.values["w before"] == w0 and e.values["w after"] == w1
        assert e.values["Δw"] == w1 - w0
        assert not any("←" in line for line in e.substituted)
