"""The window's bridge: File → Open takes an .onnx model, File → Export → ONNX… and Python
script… write them; a bad file is a dialog and the session stays as it was."""

import json

import numpy as np
import pytest
from PySide6 import QtWidgets

pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from tests import onnx_models as om  # noqa: E402
from tests.conftest import open_window  # noqa: E402
from widgets.model_bridge import ONNX_FILTERS, SCRIPT_FILTERS  # noqa: E402


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    return shown


def onnx_file(tmp_path, model, name="model.onnx"):
    path = tmp_path / name
    path.write_bytes(model if isinstance(model, bytes) else model.SerializeToString())
    return str(path)


def export_action(window, text):
    menu = window.findChild(QtWidgets.QMenu, "menu_export_model")
    assert menu is not None and menu.title() == "E&xport"
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def test_open_an_onnx_model_as_the_session(window, tmp_path, warnings):
    model = om.pytorch_mlp((2, 5, 1), ("Tanh", "Sigmoid"))
    assert window.open_path(onnx_file(tmp_path, model))
    net = window.session.current_spec().network  # the parameters before the first update
    assert net.sizes == (2, 5, 1) and [a.name for a in net.activations] == ["tanh", "sigmoid"]
    np.testing.assert_array_equal(net.weights[0], om.layers((2, 5, 1))[0][0])
    assert window.session.spec.path is None  # Save asks for a session file name
    assert window.windowTitle().startswith("model.onnx (unsaved)")
    notes = window.findChild(QtWidgets.QMessageBox, "onnx_notes")
    assert notes.isVisible() and not notes.isModal()
    assert "'xor'" in notes.informativeText() and "cross_entropy" in notes.informativeText()
    assert "--" not in notes.informativeText()  # no command-line hints in the window
    assert not warnings


def test_a_bad_model_is_a_dialog_and_the_session_is_untouched(window, tmp_path, warnings):
    before = window.session.spec
    weights = [w.copy() for w in window.session.network.weights]
    data, _ = om.bad_models()["unsupported op"]
    assert not window.open_path(onnx_file(tmp_path, data))
    (title, text), = warnings
    assert title == "Cannot open model" and "Conv" in text and "model.onnx" in text
    assert window.session.spec is before
    assert all(np.array_equal(a, b) for a, b in zip(weights, window.session.network.weights,
                                                    strict=True))


def test_without_a_fitting_dataset_the_user_picks_a_session_for_the_data(
        window, tmp_path, warnings, monkeypatch):
    rng = np.random.default_rng(0)
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"network": {"layers": [3, 2], "activations": ["softmax"]},
                                "data": {"inputs": rng.normal(size=(8, 3)).tolist(),
                                         "targets": np.eye(2)[rng.integers(0, 2, 8)].tolist()}}))
    asked = []
    picked = [""]
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName",
                        lambda parent, caption, *a: (asked.append(caption), (picked[0], ""))[1])
    path = onnx_file(tmp_path, om.keras_mlp((3, 4, 2), ("Relu", "Softmax")))
    before = window.session.spec
    assert not window.open_path(path)  # cancelled: nothing changes, nothing to report
    assert window.session.spec is before and not warnings
    assert "3 inputs and 2 outputs" in asked[0]
    picked[0] = str(data)
    assert window.open_path(path)
    assert window.session.network.sizes == (3, 4, 2) and len(window.session.spec.data.x_train) == 8


@pytest.mark.parametrize("chosen,dtype", [(ONNX_FILTERS[0], np.float64),
                                          (ONNX_FILTERS[1], np.float32)])
def test_file_export_onnx(window, tmp_path, warnings, monkeypatch, chosen, dtype):
    target = tmp_path / "net"  # the suffix is added
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), chosen))
    export_action(window, "ONNX").trigger()
    assert not warnings
    x = window.session.spec.data.x_train.astype(dtype)
    sess = ort.InferenceSession(str(tmp_path / "net.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(["output"], {"input": x})[0]
    assert got.dtype == dtype
    want = window.session.current_spec().network.predict(x)
    np.testing.assert_allclose(got, want, rtol=1e-12 if dtype == np.float64 else 1e-6)
    assert "net.onnx" in window.statusBar().currentMessage()


@pytest.mark.parametrize("fmt", ["numpy", "torch"])
def test_file_export_python_script(window, tmp_path, warnings, monkeypatch, fmt):
    chosen = next(f for f, name in SCRIPT_FILTERS.items() if name == fmt)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "train.py"), chosen))
    export_action(window, "Python script").trigger()
    assert not warnings
    text = (tmp_path / "train.py").read_text(encoding="utf-8")
    assert ("torch.nn.Sequential(" in text) == (fmt == "torch")
    assert "def main():" in text and "WEIGHTS = [" in text


def test_an_export_that_cannot_be_written_is_a_dialog(window, tmp_path, warnings, monkeypatch):
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing" / "net.onnx"),
                                         ONNX_FILTERS[0]))
    export_action(window, "ONNX").trigger()
    (title, _text), = warnings
    assert title == "Cannot export ONNX"
