"""Captions bound to live values: the placeholders offered, the refusal, literal numbers
flagged and bound (app/caption_binding.py), and the caption box's completion and preview."""

from __future__ import annotations

from PySide6 import QtCore

from app.caption_binding import bind, fill, literals, placeholders, refusal
from app.lesson_captions import Number
from app.lesson_draft import LessonDraft
from app.lessons import load_lesson
from widgets.lesson_caption_edit import CaptionPanel

SPEC = load_lesson("worked-example").session_spec  # 2-2-2 sigmoid, quadratic cost


def test_placeholders_offer_the_selected_neuron_and_edge_indexed():
    names = placeholders("network", SPEC, neuron=(2, 1), edge=(3, 0, 1))
    assert names[:3] == ["batch_cost", "train_cost", "test_cost"]
    assert "w" not in names and "dw" not in names  # these need an index
    for name in ("z[2][2]", "a[2][2]", "delta[2][2]", "w[3][1][2]", "dw[3][1][2]",
                 "sample_cost[cross_entropy]"):
        assert name in names
    assert "z[1][1]" not in placeholders("network", SPEC, neuron=(1, 0))  # inputs: a only
    assert "a[1][1]" in placeholders("network", SPEC, neuron=(1, 0))
    assert placeholders("descent") == ["x", "fx", "slope", "previous_x", "previous_slope",
                                       "move", "n", "x0", "eta", "centre", "factor",
                                       "precision", "max_steps"]


def test_an_unknown_placeholder_is_refused_by_name():
    assert refusal("C = {trian_cost}", "network", SPEC).startswith(
        "unknown placeholder {trian_cost}; known: {batch_cost}, {train_cost}")
    assert refusal("w = {w[3][1][3]}", "network", SPEC) == "{w[3][1][3]}: k = 3 is not one of 1..2"
    assert refusal("C = {train_cost:.3f}", "network", SPEC) is None


def test_a_typed_number_equal_to_a_live_value_is_flagged_and_bound():
    values = {"train_cost": Number(0.14912), "eta": Number(0.5), "epoch": 12,
              "batch_cost": Number(0.29837)}
    names = ["batch_cost", "train_cost", "eta", "epoch"]
    caption = "After 12 epochs the cost fell to 0.149 (η = 0.5, 2 inputs, {batch_cost})."
    found = literals(caption, names, values)
    assert [(f.text, f.name, f.spec) for f in found] == [("12", "epoch", ""),
                                                        ("0.149", "train_cost", ".3f"),
                                                        ("0.5", "eta", "")]
    assert found[1].message == "this caption quotes 0.149; bind it to {train_cost}?"
    assert bind(caption, found[1]) == ("After 12 epochs the cost fell to {train_cost:.3f} "
                                       "(η = 0.5, 2 inputs, {batch_cost}).")
    assert literals("the cost is 0.150", names, values) == []  # not what the screen shows
    assert [f.name for f in literals("It ends at 0.149.", names, values)] == ["train_cost"]
    assert fill("{train_cost:.3f} and {eta}", values) == "0.149 and 0.5"


def test_negative_numbers_match_with_the_true_minus():
    values = {"z": Number(-0.25)}
    found = literals("z is −0.25 here, -0.25 there", ["z"], values)
    assert [(f.text, f.start) for f in found] == [("−0.25", 5), ("-0.25", 17)]


def test_the_caption_box_completes_previews_and_binds(qtbot):
    panel = CaptionPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 260)
    panel.show()
    values = {"train_cost": Number(0.14912), "eta": Number(0.5), "epoch": 3}
    panel.set_context("network", SPEC, values, ["train_cost", "test_cost", "eta", "epoch"])
    panel.edit.setFocus()
    qtbot.keyClicks(panel.edit, "Cost {tr")
    popup = panel.edit.completer.popup()
    assert popup.isVisible()
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["train_cost"]
    qtbot.keyClick(popup, QtCore.Qt.Key.Key_Return)
    assert panel.text() == "Cost {train_cost}"
    assert panel.preview.text() == "Cost 0.14912"
    qtbot.keyClicks(panel.edit, " {trian_cost}")
    assert panel.problem.text().startswith("unknown placeholder {trian_cost}")
    assert panel.preview.text() == ""
    panel.set_text("η was 0.5 after 3 steps")
    assert panel.flag.text() == "this caption quotes 0.5; bind it to {eta}?"
    assert panel.bind_button.isVisible()
    qtbot.mouseClick(panel.bind_button, QtCore.Qt.MouseButton.LeftButton)
    assert panel.text() == "η was {eta} after 3 steps"
    assert panel.flag.isHidden()


def test_record_mode_merges_only_into_its_own_unedited_steps():
    draft = LessonDraft.from_session(SPEC.to_json())
    i = draft.record(0, {"do": "next", "count": 1}, "Step forward.")
    i = draft.record(i, {"do": "next", "count": 1}, "Step forward.")
    assert i == 1 and draft.steps[1].action == {"do": "next", "count": 2}
    assert draft.steps[1].caption == "2 steps forward."
    draft.set_caption(1, "Two steps: the forward pass.")
    i = draft.record(i, {"do": "next", "count": 1}, "Step forward.")
    assert i == 2 and len(draft.steps) == 3  # an edited caption is not merged into
    i = draft.record(i, {"do": "train", "epochs": 10}, "x")
    i = draft.record(i, {"do": "train", "epochs": 5}, "x")
    assert draft.steps[i].action == {"do": "train", "epochs": 15}
    assert draft.problem() is None
