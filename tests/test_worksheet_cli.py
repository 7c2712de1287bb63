"""``main.py worksheet``: the PDF's text page by page (pdftotext), its key, bad arguments."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from model.notation import num, symbol

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs pdftotext (apt-get install poppler-utils)")


def run(repo_root, *args):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=repo_root,
                          capture_output=True, text=True, timeout=120)


def run_here(capsys, *args):
    """main.main in this process (refusals come before Qt starts): status and stderr."""
    import main

    try:
        status = main.main([str(a) for a in args])
    except SystemExit as err:
        status = err.code
    return status, capsys.readouterr().err


def pages(pdf):
    """The text of each page; pdftotext ends a page with a form feed."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def given_texts(given):
    """What the sheet prints for each given number: "x₁ = 0.05", "w₁₂⁽³⁾ = 0.45", …"""
    texts = [f"{symbol('x', j=j)} = {num(v)}" for j, v in enumerate(given["inputs"])]
    texts += [f"{symbol('y', j=j)} = {num(v)}" for j, v in enumerate(given["targets"])]
    for i, (w, b) in enumerate(zip(given["weights"], given["biases"], strict=True)):
        texts += [f"{symbol('w', i + 2, j, k)} = {num(v)}" for j, row in enumerate(w)
                  for k, v in enumerate(row)]
        texts += [f"{symbol('b', i + 2, j)} = {num(v)}" for j, v in enumerate(b)]
    return texts


@pytest.fixture(scope="module")
def sheet(repo_root, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheet")
    out, key = folder / "sheet.pdf", folder / "key.json"
    res = run(repo_root, "worksheet", "--lesson", "worked-example", "--out", out, "--key", key,
              "--variants", "3", "--seed", "4")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"wrote {out} and {key}" and res.stderr == ""
    return pages(out), json.loads(key.read_text(encoding="utf-8"))


def split(texts, number, count):
    """Sheet ``number``'s question pages and key pages, by their running headers."""
    tag = f"sheet {number} of {count}"
    mine = [t for t in texts if tag in t.splitlines()[0]]
    keys = [t for t in mine if "ANSWER KEY" in t.splitlines()[0]]
    return [t for t in mine if t not in keys], keys


def test_each_sheet_prints_its_givens_and_only_its_key_pages_its_answers(sheet):
    texts, key = sheet
    assert [v["seed"] for v in key["variants"]] == [4, 5, 6]
    for number, variant in enumerate(key["variants"], start=1):
        asked, keys = split(texts, number, 3)
        assert asked and keys
        assert texts.index(keys[0]) > texts.index(asked[-1])  # the key on pages of its own
        question_text, key_text = "\n".join(asked), "\n".join(keys)
        for given in given_texts(variant["given"]):
            assert given in question_text, given
        givens = {num(v) for text in given_texts(variant["given"])
                  for v in [float(text.split(" = ")[1].replace("−", "-"))]}
        for answer in variant["answers"]:
            value = num(answer["value"])
            assert value in key_text, (answer, value)
            if value not in givens and len(value.strip("−0.")) >= 3:
                assert value not in question_text, (answer, value)  # no answer on the sheet
        assert question_text.count("your answer") >= 6 and "your answer" not in key_text


def test_a_sheet_names_its_network_the_sample_and_the_equations(sheet):
    first = sheet[0][0]
    assert "2-2-2 network, sigmoid activations, quadratic cost" in first
    assert "learning rate η" in first and "one training sample" in first
    assert "z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾" in first  # the equation to use, from model.notation
    assert "weighted input, neuron 1 of layer 2" in first and "z₁⁽²⁾" in first


def test_letter_paper_and_one_kind(repo_root, tmp_path):
    out = tmp_path / "u.pdf"
    res = run(repo_root, "worksheet", "--lesson", "worked-example", "--out", out,
              "--paper", "letter", "--questions", "loss")
    assert res.returncode == 0, res.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "612 x 792 pts" in info
    text = "\f".join(pages(out))
    assert "1 Cost" in text and "cost C of this sample" in text
    assert "Forward pass" not in text and "BP1" not in text and "updated weight" not in text


@pytest.mark.parametrize("args, words", [
    (["--variants", "0"], "--variants: must be between 1 and 200, got 0"),
    (["--variants", "201"], "--variants: must be between 1 and 200, got 201"),
    (["--questions", "forward,backwards"], "--questions: unknown kind 'backwards'"),
    (["--paper", "a5"], "--paper: unknown paper 'a5'"),
    (["--seed", "-3"], "--seed: must be between 0"),
    (["--variants", "two"], "invalid int value: 'two'"),
])
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(capsys, tmp_path, args, words):
    out, key = tmp_path / "s.pdf", tmp_path / "k.json"
    status, err = run_here(capsys, "worksheet", "--lesson", "worked-example", "--out", out,
                           "--key", key, *args)
    assert status == 2
    assert words in err and err.count("\n") == 1, err
    assert not out.exists() and not key.exists()


def test_source_and_file_refusals(repo_root, tmp_path, capsys):
    demo = repo_root / "resources" / "sessions" / "xor_demo.json"
    cases = [
        (["worksheet", "--out", tmp_path / "a.pdf"], "give a SESSION file or --lesson"),
        (["worksheet", demo, "--lesson", "worked-example", "--out", tmp_path / "a.pdf"],
         "one of them"),
        (["worksheet", demo, "--out", tmp_path / "a.png"], "--out: "),
        (["worksheet", demo, "--out", tmp_path / "a.pdf", "--key", tmp_path / "a.pdf"],
         "--key: "),
        (["worksheet", "--lesson", "perceptron", "--out", tmp_path / "a.pdf"], "network"),
    ]
    for args, words in cases:
        status, err = run_here(capsys, *args)
        assert status == 2 and words in err, (args, err)
        assert err.count("\n") == 1, err
    assert not list(tmp_path.iterdir())
    res = run(repo_root, "worksheet", "--lesson", "worked-example", "--out", tmp_path / "a.pdf",
              "--variants", "0")  # and as a process, as a shell sees it
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and res.stdout == ""


def session_file(folder, layers, name="net.json"):
    n_in, n_out = layers[0], layers[-1]
    path = folder / name
    path.write_text(json.dumps({
        "format": "backprop-studio-session", "version": 1,
        "network": {"layers": layers, "activations": ["sigmoid"] * (len(layers) - 1),
                    "loss": "quadratic", "seed": 1},
        "training": {"optimizer": "sgd", "learning_rate": 0.5, "batch_size": 2},
        "data": {"inputs": [[0.1 * (i + k) for k in range(n_in)] for i in range(3)],
                 "targets": [[0.5] * n_out for _ in range(3)], "problem": "regression"}}))
    return path


def test_a_crowded_network_gets_weight_tables(repo_root, tmp_path):
    out, key = tmp_path / "t.pdf", tmp_path / "t.json"
    res = run(repo_root, "worksheet", session_file(tmp_path, [3, 5, 2]), "--out", out,
              "--key", key, "--seed", "2", "--questions", "forward")
    assert res.returncode == 0, res.stderr
    first = pages(out)[0]
    given = json.loads(key.read_text(encoding="utf-8"))["variants"][0]["given"]
    assert "layer 2: weights" in first and "layer 3: weights" in first
    rows = [re.fullmatch(r"\s*j\s*=\s*\d+\s+(.*)", line) for line in first.splitlines()]
    rows = [row[1].split() for row in rows if row]
    assert len(rows) == 5 + 2  # one row per neuron of layers 2 and 3
    expected = [[num(v) for v in [*w, b]] for layer in range(2)
                for w, b in zip(given["weights"][layer], given["biases"][layer], strict=True)]
    assert rows == expected  # "j = 1   w₁₁ w₁₂ w₁₃   b₁"


def test_networks_too_big_for_a_page_are_refused_naming_the_limit(tmp_path, capsys):
    cases = [([2, 9, 1], "layer 2 has 9 neurons, more than fit down a page; a worksheet "
                         "shows at most 8 per layer"),
             ([2, 2, 2, 2, 2, 2, 1], "7 layers do not fit across a page; a worksheet shows "
                                     "at most 6"),
             ([8, 8, 8, 2], "questions per sheet, more than the 160 a worksheet holds")]
    for layers, words in cases:
        status, err = run_here(capsys, "worksheet", session_file(tmp_path, layers), "--out",
                               tmp_path / "x.pdf")
        assert status == 2 and words in err and err.count("\n") == 1, err
    assert not (tmp_path / "x.pdf").exists()
