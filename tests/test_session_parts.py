"""The Session's parts: batches told once, train_epochs, the Qt-free cursor, moved policy."""

import json
import subprocess
import sys

import numpy as np
import pytest

from app.session import Session
from app.session_cursor import Cursor
from model import architecture
from model.errors import ValidationError, as_on_the_diagram
from model.network import Network
from model.session_file import parse_session
from tests.test_divergence import EXPLODING
from tests.test_session_edits import circle_session

SIGNALS = ("reset", "changed", "selection_changed", "losses_changed", "undo_changed",
           "running_changed", "dirty_changed", "message", "problem", "diverged")


def record(session: Session) -> list[tuple]:
    """Every signal the session emits, in order, with its arguments."""
    told: list[tuple] = []
    for name in SIGNALS:
        getattr(session, name).connect(lambda *args, n=name: told.append((n, *args)))
    return told


# --- batches -------------------------------------------------------------------------------

def test_a_batch_tells_each_signal_once_at_its_end(qtbot):
    s = circle_session()
    told = record(s)
    with s.batch():
        for _ in range(2 * s.n_steps):  # across two updates
            s.next_step()
        s.select_neuron(2, 1)
        s.set_sample(3)
        s.select_edge((2, 0, 1))
        assert told == []  # nothing while the batch is open
    assert told == [("changed",), ("selection_changed",), ("losses_changed",),
                    ("dirty_changed", True)]
    assert s.iterations_done == 2 and s.selection.edge == (2, 0, 1) and s.sample == 3


def test_nested_batches_tell_once_with_the_last_arguments(qtbot):
    s = circle_session()
    told = record(s)
    with s.batch():
        with s.batch():
            s.toggle_play()
        assert told == []
        s.stop()  # "play", then "": the window hears only the last
        s.previous_step()  # at the oldest step: says so
    assert told == [("running_changed", ""),
                    ("message", "This is the oldest step kept in the history.")]


def test_a_batch_still_tells_when_its_body_raises(qtbot):
    s = circle_session()
    told = record(s)
    with pytest.raises(RuntimeError), s.batch():
        s.go_to_step(3)
        raise RuntimeError("boom")
    assert told == [("changed",)] and s.step_index == 3
    s.go_to_step(4)  # and the batch is closed
    assert told[-1] == ("changed",) and len(told) == 2


def test_edits_in_a_batch_without_confirm_do_not_ask(qtbot):
    s = circle_session()
    s.train_for(0.02)
    asked = []
    s.confirm = lambda question: asked.append(question) or False
    with s.batch(confirm=False):
        assert s.reinitialise(seed=5)
        with s.batch():  # an inner batch does not bring the question back
            s.train_for(0.01)
            assert s.add_neuron(2)
    assert asked == [] and s.network.sizes == (2, 5, 1)
    s.train_for(0.01)
    assert not s.add_neuron(2)  # outside the batch the window is asked again
    assert len(asked) == 1 and s.network.sizes == (2, 5, 1)


def test_opening_over_a_selection_says_the_selection_changed(qtbot):
    s = circle_session()
    s.select_neuron(2, 0)
    told = record(s)
    s.open_spec(circle_session().current_spec())
    assert [t[0] for t in told] == ["reset", "changed", "losses_changed", "selection_changed",
                                    "undo_changed"]
    assert s.selection.neuron is None


# --- train_epochs ----------------------------------------------------------------------------

def test_train_epochs_trains_whole_epochs_and_tells_once(qtbot):
    s, by_hand = circle_session(), circle_session()
    told = record(s)
    s.go_to_step(2)
    s.train_epochs(3)
    assert s.epoch == 3 and s.step_index == 0 and s.iteration == 1
    assert s.losses.epoch_train.n == 3
    assert sorted(t[0] for t in told[1:]) == ["changed", "dirty_changed", "losses_changed"]
    with np.errstate(all="ignore"):
        while by_hand.epoch < 3:
            by_hand.go_to_step(by_hand.n_steps - 1)
            by_hand.next_step()
    for a, b in zip(s.history.current.weights, by_hand.history.current.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert s.iterations_done == by_hand.iterations_done


# --- the cursor alone, without Qt ------------------------------------------------------------

CURSOR_ALONE = """
import json, sys
import numpy as np
from app.session_cursor import Cursor
from model.session_file import parse_session

spec = parse_session(json.loads(sys.argv[1]))
c = Cursor(spec)
start = [w.copy() for w in c.view().weights]
assert c.at_oldest
for _ in range(3 * c.n_steps):
    c.next_step()
assert c.iterations_done == 3 and c.losses.iteration.n == 3
while not c.at_oldest:
    c.previous_step()
assert c.iterations_done == 0 and c.losses.iteration.n == 0
assert all(np.array_equal(a, b) for a, b in zip(c.view().weights, start))
c.train_for(0.02)
n = c.iterations_done
c.go_to_iteration(n // 2)
assert c.iterations_done == n // 2 and c.step_index == 0
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
print("qt modules:", qt)
"""


def test_the_cursor_walks_and_replays_without_qt(repo_root):
    net = {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 1}
    session = {"network": net, "data": {"dataset": "circle", "seed": 3},
               "training": {"learning_rate": 0.3, "batch_size": 10}}
    res = subprocess.run([sys.executable, "-c", CURSOR_ALONE, json.dumps(session)],
                         cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "qt modules: []" in res.stdout


def test_the_cursor_notices_a_divergence_once():
    c = Cursor(parse_session(EXPLODING))
    noticed = 0
    for _ in range(200):
        c.train_for(0.01)
        noticed += c.diverged_now()
        if noticed:
            break
    assert noticed == 1 and not c.diverged_now()  # still not finite: not again
    text = c.divergence()
    assert "η = 100" in text and c.finite_iteration < c.iterations_done
    c.go_to_iteration(c.finite_iteration)
    assert np.isfinite(c.trace.loss) and not c.diverged_now()


# --- policy that moved out of the Session ----------------------------------------------------

def test_a_new_layer_copies_its_neighbours_unless_told():
    net = Network.create([2, 5, 3, 1], ["relu", "tanh", "sigmoid"], seed=0)
    sizes, acts, _ = architecture.new_layer(net, 2)  # between the two hidden layers
    assert sizes == (2, 5, 5, 3, 1) and acts == ("relu", "tanh", "tanh", "sigmoid")
    sizes, acts, _ = architecture.new_layer(net, 1)  # after the input: the smallest hidden
    assert sizes == (2, 3, 5, 3, 1) and acts[0] == "relu"
    sizes, acts, _ = architecture.new_layer(net, 3, size=12, activation="arctan")
    assert sizes == (2, 5, 3, 12, 1) and acts[2] == "arctan"
    wide = Network.create([2, 30, 1], ["tanh", "sigmoid"], seed=0)
    assert architecture.new_layer(wide, 2)[0] == (2, 30, 8, 1)  # born small
    bare = Network.create([2, 1], ["sigmoid"], seed=0)
    assert architecture.new_layer(bare, 1)[:2] == ((2, 4, 1), ("tanh", "sigmoid"))
    with pytest.raises(ValidationError, match="layer"):
        architecture.new_layer(net, 9)


def test_refusals_name_layers_as_the_diagram_does():
    err = ValidationError("network.layers[2]", "has only 1 neuron; remove the layer instead")
    assert as_on_the_diagram(err) == "Layer 3: has only 1 neuron; remove the layer instead"
    assert as_on_the_diagram(ValidationError("layer", "too big")) == "layer: too big"
