"""``main.py explain``: the Inspector's derivation printed for notes, checked against a
forward and backward pass worked by hand (plain numpy, no model code) for the default demo
and the worked-example lesson, in text, LaTeX and Markdown."""

import contextlib
import io
import json
import re
import shutil
import subprocess

import numpy as np
import pytest

import main
from model.notation import num, num_latex, read_number
from model.session_file import load_session
from tests.conftest import REPO_ROOT
from tests.test_notation import ASCII_INDEX, SCIENTIFIC_E, readable_as_power

XOR = REPO_ROOT / "resources" / "sessions" / "xor_demo.json"
FORMATS = ("text", "latex", "markdown")
ZERO_LOOKING = re.compile(r"(?<![\d.])−?0\.0+(?![\d])")  # "0.00", "−0.00": never printed


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    """The worked-example lesson's session, as a session file."""
    lesson = json.loads((REPO_ROOT / "resources/lessons/13-worked-example.json").read_text())
    path = tmp_path_factory.mktemp("worked") / "worked.json"
    path.write_text(json.dumps(lesson["session"]))
    return path


def explain(capsys, *args) -> str:
    rc = main.main(["explain", *map(str, args)])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert out.err == ""
    return out.out


def by_hand(session) -> dict:
    """One iteration of a sigmoid-sigmoid network with the quadratic cost, by hand."""
    spec = load_session(session)
    net, n = spec.network, spec.training.batch_size
    w2, b2, w3, b3 = net.W(2).copy(), net.b(2).copy(), net.W(3).copy(), net.b(3).copy()
    x, y = spec.data.x_train[:n], spec.data.y_train[:n]
    eta = spec.training.optimizer.learning_rate

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    z2 = x @ w2.T + b2
    a2 = sigmoid(z2)
    z3 = a2 @ w3.T + b3
    a3 = sigmoid(z3)
    cx = 0.5 * np.sum((y - a3) ** 2, axis=1)
    d3 = (a3 - y) * a3 * (1 - a3)
    back = d3 @ w3
    d2 = back * a2 * (1 - a2)
    gw3, gb3, gw2, gb2 = d3.T @ a2 / n, d3.mean(0), d2.T @ x / n, d2.mean(0)
    return dict(z2=z2, a2=a2, z3=z3, a3=a3, cx=cx, c=cx.mean(), d3=d3, back=back, d2=d2,
                gw3=gw3, gb3=gb3, w2_new=w2 - eta * gw2, b2_new=b2 - eta * gb2,
                w3_new=w3 - eta * gw3, n=n)


def results(text: str) -> dict[str, str]:
    """The substituted lines of the text form: left side → the number it ends in."""
    lines = [line.strip() for line in text.splitlines() if line.startswith("  ")]
    return {line.split(" = ")[0]: line.rsplit(" = ", 1)[1] for line in lines}


def close(shown: str, value: float) -> bool:
    """The printed number is ``value`` at the printed precision (six significant digits)."""
    return read_number(shown) == pytest.approx(value, rel=5e-6, abs=1e-300) \
        and shown == num(read_number(shown))


CASES = {  # step → (selection, {left side: hand value at sample s})
    2: (["--neuron", "2:1"], lambda h, s: {"z₁⁽²⁾": h["z2"][s, 0], "a₁⁽²⁾": h["a2"][s, 0]}),
    3: (["--edge", "3:1:2"], lambda h, s: {"z₁⁽³⁾": h["z3"][s, 0], "a₁⁽³⁾": h["a3"][s, 0]}),
    4: (["--neuron", "3:1"], lambda h, s: {"Cₓ": h["cx"][s], "C": h["c"]}),
    5: (["--neuron", "3:1"], lambda h, s: {
        "σ′(z₁⁽³⁾)": h["a3"][s, 0] * (1 - h["a3"][s, 0]), "δ₁⁽³⁾": h["d3"][s, 0]}),
    6: (["--neuron", "2:2"], lambda h, s: {
        "Σₖ wₖ₂⁽³⁾ δₖ⁽³⁾": h["back"][s, 1], "δ₂⁽²⁾": h["d2"][s, 1]}),
    7: (["--edge", "3:1:2"], lambda h, s: {"∂C/∂b₁⁽³⁾": h["gb3"][0], "∂C/∂w₁₂⁽³⁾": h["gw3"][0, 1]}),
    8: (["--edge", "2:2:1"], lambda h, s: {
        "w₂₁⁽²⁾ ← w₂₁⁽²⁾ − η·∂C/∂w₂₁⁽²⁾": h["w2_new"][1, 0],
        "b₂⁽²⁾ ← b₂⁽²⁾ − η·∂C/∂b₂⁽²⁾": h["b2_new"][1]}),
}


@pytest.mark.parametrize("step", CASES)
@pytest.mark.parametrize("which", ["xor demo", "worked example"])
def test_printed_numbers_are_the_hand_worked_ones(capsys, worked, which, step):
    session = XOR if which == "xor demo" else worked
    hand = by_hand(session)
    selection, expected = CASES[step]
    for sample in range(hand["n"]):
        text = explain(capsys, session, "--step", step, *selection, "--sample", sample + 1)
        assert text.startswith(f"Step {step} of 8\n")
        shown = results(text)
        for lhs, value in expected(hand, sample).items():
            assert lhs in shown, (lhs, text)
            assert close(shown[lhs], value), (lhs, shown[lhs], value)
        latex = explain(capsys, session, "--step", step, *selection, "--sample", sample + 1,
                        "--format", "latex")
        for value in expected(hand, sample).values():
            assert f"&= {num_latex(read_number(num(value)))}" in latex


def test_the_worked_example_reads_like_the_textbook(capsys, worked):
    forward = explain(capsys, worked, "--step", 2, "--neuron", "2:1")
    assert "  z₁⁽²⁾ = w₁₁⁽²⁾·a₁⁽¹⁾ + w₁₂⁽²⁾·a₂⁽¹⁾ + b₁⁽²⁾ = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775\n" \
        in forward
    assert "  a₁⁽²⁾ = σ(z₁⁽²⁾) = σ(0.3775) = 0.59327\n" in forward
    loss = explain(capsys, worked, "--step", 4, "--neuron", "3:1")
    assert "Cₓ = ½‖y − a⁽³⁾‖² = ½((0.01 − 0.751365)² + (0.99 − 0.772928)²) = 0.298371" in loss
    update = explain(capsys, worked, "--step", 8, "--edge", "3:1:1", "--format", "latex")
    assert (r"w_{11}^{(3)} \leftarrow w_{11}^{(3)} - \eta \cdot \partial C/\partial w_{11}^{(3)}"
            r" &= 0.4 - 0.5 \cdot 0.082167 \\") in update  # Mazur's w₅⁺ = 0.358916
    assert "  &= 0.358916 \\\\\n" in update


def test_mean_and_the_inspectors_words(capsys):
    hand = by_hand(XOR)
    text = explain(capsys, XOR, "--step", 3, "--neuron", "3:1", "--sample", "mean")
    assert "For neuron 1 of layer 3, batch mean:" in text
    assert close(results(text)["ā₁⁽³⁾"], hand["a3"][:, 0].mean())
    assert "ā ≠ σ(z̄)" in text
    bp = explain(capsys, XOR, "--step", 6, "--neuron", "2:1")
    assert "BP2 (hidden layers): δ⁽ˡ⁾ = ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)" in bp
    assert "Backward, layer 2 (BP2): pass the error back through the weights, scaled by " \
           "σ′(z⁽²⁾)." in bp


# --- the three forms -------------------------------------------------------------------------

def run_quietly(*args) -> str:
    buffer, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        rc = main.main(["explain", *map(str, args)])
    assert rc == 0, errors.getvalue()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def outputs(worked) -> dict[tuple, str]:
    """Every step of both sessions, for sample 1 and the mean, in every form."""
    out = {}
    for session in (XOR, worked):
        for step in range(1, 9):
            selection = CASES.get(step, (["--neuron", "1:2"], None))[0]
            for sample in ("1", "mean"):
                for fmt in FORMATS:
                    out[session.name, step, sample, fmt] = run_quietly(
                        session, "--step", step, *selection, "--sample", sample, "--format", fmt)
    return out


def test_the_markdown_is_a_handout_with_the_texts_lines(outputs):
    for (session, step, sample, fmt), md in outputs.items():
        if fmt != "markdown":
            continue
        text = outputs[session, step, sample, "text"]
        assert md.startswith(f"## Step {step} of 8\n\n")
        assert md.count("```text\n") == 2 and md.count("```") == 4
        blocks = re.findall(r"```text\n(.*?)```", md, re.S)
        assert blocks[0].strip() == text.splitlines()[3]  # the step's equation
        assert blocks[1].splitlines() == [line[2:] for line in text.splitlines()
                                          if line.startswith("  ")]
        prose = re.sub(r"```text\n.*?```", "", md, flags=re.S)
        for line in prose.splitlines():
            assert line.count("`") % 2 == 0, line
        assert "\n*For " in md


def test_every_form_is_written_in_the_one_notation(outputs):
    for key, output in outputs.items():
        fmt = key[-1]
        assert not ZERO_LOOKING.search(output), (key, output)
        assert not SCIENTIFIC_E.search(output), key
        if fmt == "latex":
            # a layer index is always a parenthesised superscript: x_{j}^{(l)}, never x^{2}
            # after a subscript, nor on a bare letter except a square
            assert not re.search(r"_\{[^{}]*\}\^\{(?!\()", output), key
            assert not re.search(r"[A-Za-z]\^\{(?!\(|2\})", output), key
            continue
        for line in output.splitlines():
            assert not readable_as_power(line), (key, line)
            assert not ASCII_INDEX.search(line), (key, line)
            assert "_" not in line and "^" not in line, (key, line)


def balanced(tex: str) -> bool:
    depth = 0
    for c in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def test_latex_is_real_latex(outputs, tmp_path):
    latex = [out for key, out in outputs.items() if key[-1] == "latex"]
    for tex in latex:
        assert tex.isascii(), [c for c in tex if not c.isascii()]
        assert balanced(tex)
        assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") == 1
        assert tex.count("$") % 2 == 0 and r"\[" in tex and r"\]" in tex
        assert r"\text{" in tex or "of sample" not in tex
    assert any(r"\sigma'(z_{1}^{(3)})" in t for t in latex)
    assert any(r"\odot" in t for t in latex)
    assert any(r"\partial C/\partial w_{12}^{(3)}" in t for t in latex)
    tex_engine = shutil.which("pdflatex") or shutil.which("latex")
    if tex_engine is None:
        pytest.skip("no pdflatex or latex on PATH: checked braces and characters only")
    doc = tmp_path / "explain.tex"
    doc.write_text("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
                   + "\n".join(latex) + "\\end{document}\n")
    run = subprocess.run([tex_engine, "-interaction=nonstopmode", "-halt-on-error", doc.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]


def test_it_is_the_iteration_the_window_shows_when_it_opens_the_session(capsys):
    from app.session_cursor import Cursor
    from model.equations import explain as derivation
    from model.equations.formats import render

    cursor = Cursor(load_session(XOR))
    e = derivation(cursor.trace, 6, 1, cursor.network, cursor.training.optimizer, None,
                   (3, 0, 1))
    assert explain(capsys, XOR, "--step", 7, "--edge", "3:1:2", "--sample", 2) == \
        render(e, "text", "Step 7 of 8")
