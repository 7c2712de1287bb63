"""One voice: every panel shows the same iteration, epoch and costs, and they are the trace's.

After each action — a step of the default demo, every step of every built-in network
lesson, Train then Stop (in the training process), an edit and its Undo — the numbers are
read back from the widgets' text: the Loss dock's headline, the status bar, the diagram's
header and the Inspector (and a lesson's caption). For each quantity (epoch, iteration,
batch cost C, training cost, test cost, their accuracy) every panel that shows it must say
the same, and that must be the model's own number at the precision shown.
"""

import re

import numpy as np
import pytest

from app.lessons import Number, list_lessons, load_lesson
from model.notation import num, read_number
from model.session_file import parse_session
from model.stepview import cost_known
from tests.conftest import open_window

DIGITS = {"network": {"layers": [64, 32, 10], "activations": ["tanh", "softmax"],
                      "loss": "cross_entropy", "init": "xavier", "seed": 0},
          "training": {"optimizer": "sgd", "learning_rate": 0.1, "batch_size": 32, "seed": 0},
          "data": {"dataset": "digits", "seed": 0}}
SETTLE_MS = 150  # longer than every dock's redraw interval: what a person sees, not a frame
NUMBER = r"(−?\d[\d.]*(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?%?|NaN|−?∞)"
WHERE = re.compile(r"[Ee]poch (\d+) · iteration (\d+) of (\d+)")
BATCH = re.compile(rf"batch cost C (?:= {NUMBER}|(not computed yet))")
SETS = re.compile(rf"(training|test) cost = {NUMBER}(?: \((accuracy|R²) {NUMBER}\))?")
NOT_YET = "not yet"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, size=(1600, 960))


# --- reading the panels ---------------------------------------------------------------------

def read_where(text: str, into: dict) -> None:
    match = WHERE.search(text)
    if match:
        into.update(epoch=int(match[1]), iteration=int(match[2]), per_epoch=int(match[3]))


def read_batch(text: str, into: dict) -> None:
    match = BATCH.search(text)
    if match:
        into["batch"] = NOT_YET if match[2] else match[1]


def read_sets(text: str, into: dict) -> None:
    for part, cost, metric, value in SETS.findall(text):
        into[f"{part}_cost"] = cost
        if metric:
            into[f"{part}_metric"] = value


def readings(w) -> dict[str, dict]:
    """What each visible panel says, quantity by quantity, as text."""
    out: dict[str, dict] = {}
    loss = {}
    read_where(plain(w.loss.value_label.text()), loss)
    read_batch(plain(w.loss.value_label.text()), loss)
    read_sets(plain(w.loss.scores_label.text()), loss)
    if w.loss.isVisible():
        out["loss dock"] = loss
    labels = {k: v.text() for k, v in w.status_labels.items() if v.isVisibleTo(w)}
    status = {}
    if match := re.fullmatch(r"Epoch (\d+)", labels["epoch"]):
        status["epoch"] = int(match[1])
    if match := re.fullmatch(r"Iteration (\d+) of (\d+)", labels["iteration"]):
        status["iteration"], status["per_epoch"] = int(match[1]), int(match[2])
    read_batch(labels["loss"], status)
    read_sets(" ".join(labels.get(k, "") for k in ("train", "test")), status)
    if w.statusBar().isVisible():
        out["status bar"] = status
    if w.central_view() is w.diagram:
        diagram = {}
        read_batch(w.diagram.headline_lines()[1], diagram)
        out["diagram"] = diagram
    if w.inspector.isVisible():
        inspector = {}
        read_where(plain(w.inspector.where.text()), inspector)
        read_batch(plain(w.inspector.where.text()), inspector)
        out["inspector"] = inspector
        cost_lines = [t for t in (plain(label.text()) for label in w.inspector.line_labels
                                  if label.isVisibleTo(w)) if "Σₓ Cₓ" in t or "C = Cₓ" in t]
        if cost_lines:  # the loss step's own line: C to six digits, in the last cell
            out["inspector (loss step)"] = {"batch": re.findall(NUMBER, re.sub(
                "<[^>]+>", " ", cost_lines[0]))[-1]}
    return out


def agrees(text: str, value: float) -> bool:
    """``text`` is ``value`` at the precision ``text`` shows (3 digits in a headline, 6 in
    the Inspector; percentages too)."""
    if text.endswith("%"):
        return agrees(text[:-1], 100 * value)
    mantissa = text.split(" × ")[0].replace("−", "").replace(".", "").lstrip("0")
    return num(value, max(1, len(mantissa))) == text and np.isclose(read_number(text), value,
                                                                    rtol=5e-3, atol=0)


def expected(w) -> dict:
    """The same quantities from the model, not from any panel or the readout: the cursor's
    counts, the trace's batch cost, and the whole sets' costs at the parameters the
    iteration starts from."""
    s = w.session
    per_epoch = s.trainer.iterations_per_epoch
    data, net = s.spec.data, s.current_spec().network

    def metric(x, y):
        a = net.predict(x)
        if data.problem == "regression":
            total = np.sum((y - y.mean(axis=0)) ** 2)  # 0 for one row: R² is undefined
            return 1 - np.sum((y - a) ** 2) / total if total else np.nan
        if a.shape[1] == 1:
            return np.mean((a > 0.5) == (y > 0.5))
        return np.mean(a.argmax(axis=1) == y.argmax(axis=1))

    with np.errstate(all="ignore"):
        epochs_done = s.history.current.epoch  # every epoch has per_epoch iterations here
        out = {"epoch": epochs_done + 1, "per_epoch": per_epoch,
               "iteration": s.iterations_done - epochs_done * per_epoch + 1,
               "batch": s.trace.loss if cost_known(s.step) else NOT_YET,
               "training_cost": net.cost(data.x_train, data.y_train),
               "training_metric": metric(data.x_train, data.y_train)}
        if len(data.x_test):
            out["test_cost"] = net.cost(data.x_test, data.y_test)
            out["test_metric"] = metric(data.x_test, data.y_test)
    return out


REQUIRED = {  # what each panel always says (the diagram: C from the loss step on)
    "loss dock": {"epoch", "iteration", "per_epoch", "batch", "training_cost"},
    "status bar": {"epoch", "iteration", "per_epoch", "batch", "training_cost"},
    "inspector": {"epoch", "iteration", "per_epoch", "batch"},
}


def check_one_voice(w, where: str) -> dict:
    """Every panel agrees with every other and with the model; returns the readings."""
    seen = readings(w)
    want = expected(w)
    assert seen, where
    for panel, keys in REQUIRED.items():
        assert panel not in seen or keys <= set(seen[panel]), (where, panel, seen[panel])
    for quantity, value in want.items():
        shown = {panel: r[quantity] for panel, r in seen.items() if quantity in r}
        if quantity == "batch" and value == NOT_YET:
            assert set(shown.values()) <= {NOT_YET}, (where, shown)
            continue
        if not isinstance(value, str) and np.isnan(value):
            assert not shown, (where, quantity, shown)  # undefined: not shown
            continue
        for panel, text in shown.items():
            if isinstance(text, int):
                assert text == value, (where, panel, quantity, shown, value)
            else:
                assert agrees(text, value), (where, panel, quantity, shown, value)
        short_ones = {t for p, t in shown.items() if p != "inspector (loss step)"}
        assert len(short_ones) <= 1, (where, quantity, shown)  # the same digits everywhere
    assert "diagram" not in seen or ("batch" in seen["diagram"]) == (want["batch"] != NOT_YET)
    return seen


def check_caption(w, where: str) -> int:
    """The caption's costs, metrics and epoch are the panels' (the model's); how many it
    quotes."""
    player = w.lesson_player
    want, s = expected(w), w.session
    values = {"batch_cost": np.nan if want["batch"] == NOT_YET else want["batch"],
              "train_cost": want["training_cost"], "test_cost": want.get("test_cost", np.nan),
              "train_accuracy": want["training_metric"],
              "test_accuracy": want.get("test_metric", np.nan)}
    raw = player.lesson.steps[player.index].caption
    caption = w.caption_bar.caption.text()
    quoted = 0
    for name, spec in re.findall(r"\{(\w+)(?::([^}]*))?\}", raw):
        if name in values:
            assert format(Number(values[name]), spec) in caption, (where, name, caption)
        elif name == "epoch":
            counted = rf"\b{s.history.current.epoch} (epochs|iterations|steps)\b"
            assert re.search(counted, caption), (where, caption)
        quoted += name in values or name == "epoch"
    return quoted


# --- the scenarios --------------------------------------------------------------------------

def settle(qtbot):
    qtbot.wait(SETTLE_MS)


def test_the_default_demo_at_every_step_forward_and_back(window, qtbot):
    s = window.session
    settle(qtbot)
    panels = set(check_one_voice(window, "first step"))
    for i in range(3 * s.n_steps):
        s.next_step()
        settle(qtbot)
        panels |= set(check_one_voice(window, f"next {i + 1}"))
    assert panels == {"loss dock", "status bar", "diagram", "inspector",
                      "inspector (loss step)"}
    for i in range(s.n_steps + 2):  # back across an update
        s.previous_step()
        settle(qtbot)
        check_one_voice(window, f"back {i + 1}")


NETWORK_LESSONS = [lesson.name for lesson in list_lessons()
                   if load_lesson(lesson.name).view == "network"]


@pytest.mark.parametrize("name", NETWORK_LESSONS)
def test_every_network_lesson_at_every_step(window, qtbot, name):
    assert window.open_lesson(name)
    player = window.lesson_player
    quoted = 0
    while True:
        settle(qtbot)
        where = f"{name} step {player.index + 1}"
        seen = check_one_voice(window, where)
        assert "loss dock" in seen or "inspector" in seen or "status bar" in seen, where
        quoted += check_caption(window, where)
        if player.at_end:
            break
        if player.asking:  # an exercise's "ask" waits for its answer: the hall's reveal
            player.reveal(record=False)
        player.next()
    placeholders = re.compile(r"\{(batch_cost|train_cost|test_cost|train_accuracy|"
                              r"test_accuracy|train_r2|test_r2|epoch)[:}]")
    if any(placeholders.search(step.caption) for step in load_lesson(name).steps):
        assert quoted, f"{name}: no caption quotes a cost, a metric or the epoch"


def test_train_then_stop_then_undo_on_digits(window, qtbot):
    s = window.session
    s.open_spec(parse_session(DIGITS))
    settle(qtbot)
    check_one_voice(window, "digits, before training")
    s.toggle_train()
    qtbot.waitUntil(lambda: s.iterations_done > 100, timeout=20_000)
    s.toggle_train()  # Stop
    assert s.running == ""
    settle(qtbot)
    seen = check_one_voice(window, "after Stop")
    assert {"loss dock", "status bar", "diagram", "inspector"} <= set(seen)
    assert "test_cost" in seen["loss dock"] and "test_cost" in seen["status bar"]
    stopped = (s.iterations_done, s.trace.loss)
    assert s.set_weight(2, 0, 0, 0.5)
    settle(qtbot)
    check_one_voice(window, "after an edit")
    s.undo()
    settle(qtbot)
    assert (s.iterations_done, s.trace.loss) == stopped
    check_one_voice(window, "after Undo")
    s.previous_step()
    settle(qtbot)
    check_one_voice(window, "a step back after Undo")
