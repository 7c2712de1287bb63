"""The equation inspector, driven through the Session like the app does: what it shows is
read back from its labels and pixels and compared with the trace's numbers."""

import re

import pytest
from PySide6 import QtCore, QtGui

from app.session import Session
from model.notation import BP_EQUATIONS, num
from model.stepview import MEAN
from tests.conftest import show_widget
from widgets.inspector import HIGHLIGHT_BG, Inspector

LAST_NUMBER = re.compile(r"(−?[0-9.]+(?: × 10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|−?∞|NaN)$")


@pytest.fixture
def shown(qtbot):
    session = Session()  # the XOR demo: 2-2-1 sigmoid, quadratic, batch of 4
    inspector = show_widget(qtbot, Inspector(session), 450, 600)
    return session, inspector


def plain(label) -> str:
    doc = QtGui.QTextDocument()
    doc.setHtml(label.text())
    return " ".join(doc.toPlainText().split())


def shown_numbers(inspector) -> list[str]:
    """The last number of each visible substituted line, as the reader sees it."""
    out = []
    for label in inspector.line_labels:
        if label.isVisible():
            match = LAST_NUMBER.search(plain(label))
            assert match, plain(label)
            out.append(match.group(1))
    return out


def go_to(session, kind: str):
    """Press Next until the cursor is on a step of this kind."""
    for _ in range(session.n_steps + 1):
        if session.step.kind == kind:
            return
        session.next_step()
    raise AssertionError(kind)


def highlighted(inspector) -> list[int]:
    """Which BP rows are painted with the highlight colour (read from the grabbed pixels)."""
    out = []
    for i, label in enumerate(inspector.bp_labels, start=1):
        image = label.grab().toImage()
        colour = image.pixelColor(image.width() - 3, image.height() // 2)
        if colour == QtGui.QColor(HIGHLIGHT_BG):
            out.append(i)
    return out


def test_numbers_shown_follow_the_trace_through_the_steps(shown):
    session, inspector = shown
    trace = session.trace
    go_to(session, "forward")
    layer2 = trace.layers[0]
    assert shown_numbers(inspector) == [num(layer2.z[0, 0]), num(layer2.a[0, 0])]
    assert "neuron 1 of layer 2, sample 1" in inspector.subject.text()
    assert highlighted(inspector) == []

    go_to(session, "output_error")
    out = trace.layers[1]
    prime = out.a[0, 0] * (1 - out.a[0, 0])
    assert shown_numbers(inspector) == [num(prime), num(out.delta[0, 0])]
    assert "δ₁⁽³⁾ = (a₁⁽³⁾ − y₁)·σ′(z₁⁽³⁾)" in plain(inspector.line_labels[1])
    assert highlighted(inspector) == [1]

    go_to(session, "backward")
    assert shown_numbers(inspector)[-1] == num(layer2.delta[0, 0])
    assert highlighted(inspector) == [2]

    go_to(session, "gradients")
    session.select_edge((3, 0, 1))
    expected = [num(out.grad_biases[0]), num(out.delta[0, 0]), num(out.grad_weights[0, 1]),
                num(layer2.a[0, 1] * out.delta[0, 0])]
    assert shown_numbers(inspector) == expected
    assert highlighted(inspector) == [3, 4]

    go_to(session, "update")
    assert shown_numbers(inspector) == [num(trace.weights_after[1][0, 1]),
                                        num(trace.biases_after[1][0])]
    assert highlighted(inspector) == []
    assert "sgd" in inspector.subject.text()


def test_selecting_another_neuron_or_the_mean_changes_the_text(shown, qtbot):
    session, inspector = shown
    go_to(session, "forward")
    before = plain(inspector.line_labels[0])
    with qtbot.waitSignal(session.selection_changed):
        session.select_neuron(2, 1)
    after = plain(inspector.line_labels[0])
    assert after != before and after.startswith("z₂⁽²⁾ = w₂₁⁽²⁾·a₁⁽¹⁾ + w₂₂⁽²⁾·a₂⁽¹⁾ + b₂⁽²⁾")
    assert shown_numbers(inspector)[0] == num(session.trace.layers[0].z[0, 1])
    assert "neuron 2 of layer 2" in inspector.subject.text()

    session.set_sample(MEAN)
    assert "batch mean" in inspector.subject.text()
    assert shown_numbers(inspector)[1] == num(session.trace.layers[0].a[:, 1].mean())
    assert inspector.note.isVisible() and "ā ≠ σ(z̄)" in inspector.note.text()


def test_text_is_large_selectable_and_every_symbol_has_a_glyph(shown):
    session, inspector = shown
    go_to(session, "gradients")
    session.select_edge((3, 0, 1))
    assert inspector.caption.font().pointSize() >= 16 and inspector.caption.wordWrap()
    assert inspector.symbolic.font().pointSize() >= 15
    lines = [label for label in inspector.line_labels if label.isVisible()]
    selectable = QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
    for label in lines:
        assert label.font().pointSize() >= 14
        assert label.textInteractionFlags() & selectable
    text = "".join([*BP_EQUATIONS, inspector.symbolic.text(), *(plain(lb) for lb in lines)])
    metrics = QtGui.QFontMetrics(inspector.symbolic.font())
    missing = {c for c in text if not c.isspace() and not metrics.inFontUcs4(ord(c))}
    assert not missing


def test_layout_fits_a_narrow_dock(shown, qtbot):
    session, inspector = shown
    go_to(session, "gradients")
    session.select_edge((3, 0, 1))
    qtbot.wait(20)  # let the layout settle
    for label in inspector.line_labels + inspector.bp_labels:
        if label.isVisible():
            assert label.width() <= inspector.width()
            assert label.height() >= label.heightForWidth(label.width()) - 1


def test_while_training_it_redraws_a_few_times_a_second_then_shows_the_final_state(shown, qtbot):
    session, inspector = shown
    session.select_edge((3, 0, 1))
    frames, shown_explanations = [], []

    def on_changed():  # connected after the inspector's slot, so it sees what was drawn
        frames.append(1)
        if not shown_explanations or shown_explanations[-1] is not inspector.explanation:
            shown_explanations.append(inspector.explanation)

    session.changed.connect(on_changed)
    session.toggle_train()
    qtbot.wait(600)
    session.stop()
    assert len(frames) > 3 * len(shown_explanations) > 0
    trace = session.trace
    assert session.step.kind == "update"
    assert shown_numbers(inspector) == [num(trace.weights_after[1][0, 1]),
                                        num(trace.biases_after[1][0])]


def test_a_hidden_inspector_catches_up_when_shown(shown):
    session, inspector = shown
    inspector.hide()
    go_to(session, "output_error")
    assert inspector.symbolic.text() != session.step.equation
    inspector.show()
    assert inspector.symbolic.text() == session.step.equation
    assert shown_numbers(inspector)[-1] == num(session.trace.layers[1].delta[0, 0])
