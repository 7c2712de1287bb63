"""Export for slides: PNG scale and transparency, SVG vectors, clipboard, frames, GIF,
trace CSV, and the export dialog."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtGui, QtSvg

from app.session import Session
from model.errors import ValidationError
from model.session_file import parse_session
from model.trace_csv import COLUMNS, trace_csv
from tests.conftest import show_widget
from widgets import export
from widgets.diagram import NetworkDiagram
from widgets.diagram.layout import compute_layout
from widgets.export_dialog import ExportDialog
from widgets.loss_panel import LossPanel

SESSION = {"network": {"layers": [2, 4, 3, 1], "activations": ["tanh", "tanh", "sigmoid"],
                       "seed": 1},
           "data": {"dataset": "circle", "seed": 3},
           "training": {"batch_size": 3}}


@pytest.fixture
def session():
    return Session(parse_session(SESSION))


@pytest.fixture
def diagram(qtbot, session):
    d = show_widget(qtbot, NetworkDiagram(session), 800, 560)
    for _ in range(3):  # forward through layer 4: every layer has colours
        session.next_step()
    return d


def rgba(image: QtGui.QImage, x: float, y: float) -> tuple[int, int, int, int]:
    return QtGui.QColor.fromRgba(image.pixel(int(x), int(y))).getRgb()


def neuron_probe(d, layer, j):
    """A point inside the neuron as exported (fitted, no +/− strip), below its value text
    and away from its bias tab."""
    lay = compute_layout(d.session.network.sizes, d._chrome(d.width(), d.height(), False).area)
    r = float(lay.radii[layer - 1])
    return float(lay.xs[layer - 1]), float(lay.ys[layer - 1][j]) + 0.8 * r


def plan_rgb(d, layer, j):
    return tuple(int(v) for v in d._plan.neuron_rgb[layer - 1][j])


def tags(path) -> list[str]:
    return [el.tag.rsplit("}", 1)[-1] for el in ET.parse(path).getroot().iter()]


# --- PNG ----------------------------------------------------------------------------------


def test_png_scale_multiplies_the_pixels_and_keeps_colours(diagram, tmp_path):
    one, two = export.export_png(diagram, tmp_path / "1.png"), export.export_png(
        diagram, tmp_path / "2.png", scale=2.0)
    a, b = QtGui.QImage(str(one)), QtGui.QImage(str(two))
    assert (a.width(), a.height()) == (800, 560)
    assert (b.width(), b.height()) == (1600, 1120)
    x, y = neuron_probe(diagram, 3, 1)
    assert rgba(a, x, y)[:3] == plan_rgb(diagram, 3, 1)
    assert rgba(b, 2 * x, 2 * y)[:3] == plan_rgb(diagram, 3, 1)
    assert rgba(a, 2, 2) == (255, 255, 255, 255)  # opaque white background by default
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.png", "2.png"]  # no temp left


def test_transparent_png_has_no_background_but_opaque_neurons(diagram, tmp_path):
    image = QtGui.QImage(str(export.export_png(diagram, tmp_path / "t.png", 2.0, True)))
    assert image.hasAlphaChannel()
    assert rgba(image, 3, 3)[3] == 0
    assert rgba(image, image.width() - 3, image.height() - 3)[3] == 0
    x, y = neuron_probe(diagram, 2, 0)
    assert rgba(image, 2 * x, 2 * y) == (*plan_rgb(diagram, 2, 0), 255)


def test_copy_to_clipboard_puts_the_scaled_image_there(diagram):
    export.copy_to_clipboard(diagram, 2.0)
    image = QtGui.QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (1600, 1120)


# --- SVG ----------------------------------------------------------------------------------


def test_svg_of_the_diagram_has_one_shape_per_neuron_and_per_edge(diagram, tmp_path):
    path = export.export_svg(diagram, tmp_path / "d.svg")
    found = tags(path)
    sizes = diagram.session.network.sizes
    assert sum(sizes) == 10 and len(diagram._plan.rows) == 2 * 4 + 4 * 3 + 3 * 1
    assert found.count("circle") + found.count("ellipse") == sum(sizes)
    lines = found.count("polyline") + found.count("line")
    assert lines == len(diagram._plan.rows) + 1  # the edges, and the legend's rule
    # rendered back, a neuron has the colour the diagram gives it
    image = QtGui.QImage(800, 560, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    QtSvg.QSvgRenderer(str(path)).render(painter)
    painter.end()
    x, y = neuron_probe(diagram, 4, 0)
    got, want = rgba(image, x, y)[:3], plan_rgb(diagram, 4, 0)
    assert max(abs(g - w) for g, w in zip(got, want, strict=True)) <= 2


def test_svg_of_a_pyqtgraph_plot_is_vectors(qtbot, session, tmp_path):
    panel = show_widget(qtbot, LossPanel(session), 500, 320)
    for _ in range(3 * session.n_steps):
        session.next_step()
    panel.flush()
    found = tags(export.export_svg(panel, tmp_path / "loss.svg"))
    assert found.count("polyline") + found.count("path") >= 5  # axes, ticks, the curve
    assert found.count("text") >= 5  # tick labels and titles stay text


# --- sequences ----------------------------------------------------------------------------


def test_frame_pattern_numbers_beside_the_target(tmp_path):
    assert export.frame_pattern(tmp_path / "F.png") == str(tmp_path / "F-{:03d}.png")
    assert export.frame_pattern("a{b}.png").format(7) == "a{b}-007.png"


def test_export_frames_writes_numbered_pngs_one_per_step(diagram, tmp_path):
    s, seen = diagram.session, []
    written = export.export_frames(lambda i: s.go_to_step(i), lambda: export.widget_image(
        diagram), 4, export.frame_pattern(tmp_path / "F.png"),
        lambda done, total: seen.append((done, total)))
    assert [p.name for p in written] == ["F-001.png", "F-002.png", "F-003.png", "F-004.png"]
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    images = [QtGui.QImage(str(p)) for p in written]
    assert images[0] != images[1] and images[1] != images[2]
    assert s.step_index == 3


def test_cancelled_frames_leave_nothing_behind(diagram, tmp_path):
    s = diagram.session
    with pytest.raises(export.ExportCancelled):
        export.export_frames(lambda i: s.go_to_step(i), lambda: export.widget_image(diagram),
                             5, export.frame_pattern(tmp_path / "F.png"),
                             lambda done, total: done < 2)
    assert list(tmp_path.iterdir()) == []


def test_gif_has_one_frame_per_step_and_the_delay(diagram, tmp_path):
    s = diagram.session
    frames = export.grab_steps(lambda i: s.go_to_step(i), lambda: export.widget_image(diagram),
                               5)
    path = export.export_gif(frames, tmp_path / "a.gif", 300)
    with Image.open(path) as gif:
        assert gif.n_frames == 5
        assert gif.info["duration"] == 300 and gif.info["loop"] == 0
        assert gif.size == (800, 560)


def test_gif_caption_strip_is_burned_in_under_the_picture(qtbot, tmp_path):
    red = QtGui.QImage(300, 120, QtGui.QImage.Format.Format_ARGB32)
    red.fill(QtGui.QColor(200, 0, 0))
    captions = ["Short.", "A much longer caption that needs more than one line in a strip "
                          "this narrow, so the strip grows and the other frame is padded."]
    path = export.export_gif([red, red], tmp_path / "c.gif", 455, captions)
    with Image.open(path) as gif:
        assert gif.n_frames == 2 and gif.info["duration"] == 460  # GIF stores 1/100 s
        assert gif.width == 300 and gif.height > 120 + 3 * 20  # several lines of ≥ 20 px
        first = np.asarray(gif.convert("RGB"))
    assert tuple(first[60, 150]) == (200, 0, 0)  # the picture is untouched
    strip = first[121:]
    assert (strip == export.STRIP_BACKGROUND.getRgb()[:3]).all(axis=2).mean() > 0.7
    assert (strip.max(axis=2) < 100).any()  # dark caption text in the strip


def test_gif_of_nothing_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="no frames"):
        export.export_gif([], tmp_path / "n.gif", 100)
    assert not (tmp_path / "n.gif").exists()


# --- trace --------------------------------------------------------------------------------


def test_trace_csv_rows_and_values(session, tmp_path):
    trace = session.trace
    path = export.export_trace(session, tmp_path / "t.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    sizes, batch = (2, 4, 3, 1), 3
    assert trace.input.shape == (batch, 2)
    n_rows = sum(sizes) * batch + sum(sizes[1:]) + (8 + 12 + 3) + 2
    assert len(rows) == n_rows == len(trace_csv(trace).splitlines()) - 1
    assert tuple(rows[0]) == COLUMNS
    by = {(r["record"], r["layer"], r["j"], r["k"], r["sample"]): r for r in rows}
    x = by[("neuron", "1", "2", "", "3")]
    assert float(x["a"]) == trace.input[2, 1] and x["z"] == ""
    h = by[("neuron", "3", "2", "", "1")]
    lt = trace.layers[1]
    assert (float(h["z"]), float(h["a"]), float(h["delta"])) == (
        lt.z[0, 1], lt.a[0, 1], lt.delta[0, 1])
    out = by[("neuron", "4", "1", "", "2")]
    assert float(out["y"]) == trace.target[1, 0]
    w = by[("weight", "3", "3", "4", "")]
    assert (float(w["before"]), float(w["gradient"]), float(w["after"])) == (
        trace.weights_before[1][2, 3], lt.grad_weights[2, 3], trace.weights_after[1][2, 3])
    b = by[("bias", "2", "4", "", "")]
    assert float(b["after"]) == trace.biases_after[0][3]
    assert float(by[("loss", "4", "", "", "")]["before"]) == trace.loss


def test_trace_json_and_bad_suffix(session, tmp_path):
    path = export.export_trace(session, tmp_path / "t.json")
    assert json.loads(path.read_text()) == json.loads(json.dumps(session.trace.to_json()))
    with pytest.raises(ValidationError, match=r"\.csv or \.json"):
        export.export_trace(session, tmp_path / "t.txt")
    assert not (tmp_path / "t.txt").exists()


# --- dialog and window --------------------------------------------------------------------


def test_dialog_exports_a_gif_range_and_restores_the_step(qtbot, diagram, tmp_path):
    s = diagram.session
    s.go_to_step(1)
    dialog = ExportDialog({"diagram": diagram}, export.session_steps(s), folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.set_choice("diagram", "gif")
    assert not dialog.transparent.isEnabled() and dialog.delay.isEnabled()
    dialog.first.setValue(2)
    dialog.last.setValue(6)
    dialog.delay.setValue(500)
    dialog.path.setText(str(tmp_path / "range.png"))
    dialog._refresh()
    assert dialog.path.text().endswith("range.gif")
    written = dialog.export()
    with Image.open(written[0]) as gif:
        assert gif.n_frames == 5 and gif.info["duration"] == 500
    assert s.step_index == 1  # the step shown before the export is back


def test_dialog_png_of_a_dock_and_transparency_only_for_the_diagram(qtbot, diagram,
                                                                    tmp_path):
    panel = show_widget(qtbot, LossPanel(diagram.session), 400, 300)
    dialog = ExportDialog({"diagram": diagram, "loss": panel}, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.format.findData("gif") == -1  # no steps given: no sequences
    dialog.set_choice("diagram", "png")
    assert dialog.transparent.isEnabled()
    assert dialog.path.text() == str(tmp_path / "diagram.png")
    dialog.set_choice("loss", "png")
    assert not dialog.transparent.isEnabled()
    assert dialog.path.text() == str(tmp_path / "loss.png")  # the made-up name follows
    dialog.scale.setCurrentIndex(dialog.scale.findData(4.0))
    image = QtGui.QImage(str(dialog.export()[0]))
    assert (image.width(), image.height()) == (4 * panel.width(), 4 * panel.height())
    assert panel.height() == 300


def test_dialog_refuses_a_missing_folder(qtbot, diagram, tmp_path):
    dialog = ExportDialog({"diagram": diagram}, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "nope" / "x.png"))
    with pytest.raises(ValidationError, match="does not exist"):
        dialog.export()


def test_window_targets_and_a_window_png(qtbot, tmp_path):
    from widgets.main_window import MainWindow

    window = show_widget(qtbot, MainWindow(Session()), 1400, 900)
    targets = export.window_targets(window)
    assert {"diagram", "window", "loss", "matrices", "inspector", "data"} <= set(targets)
    assert targets["loss"] is window.loss
    image = QtGui.QImage(str(export.export_png(window, tmp_path / "w.png", 2.0)))
    assert (image.width(), image.height()) == (2800, 1800)
    # the diagram inside is painted at full resolution: a neuron's colour, read at 2×
    d = window.diagram
    x, y = neuron_probe(d, 1, 0)
    origin = d.mapTo(window, d.rect().topLeft())
    assert rgba(image, 2 * (origin.x() + x), 2 * (origin.y() + y))[:3] == plan_rgb(d, 1, 0)
    window.session.dirty = False
