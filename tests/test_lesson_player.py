"""The lesson player: every lesson plays to its end, the numbers its captions claim are true,
and Previous brings back exactly the earlier state."""

import re
from pathlib import Path

import numpy as np
import pytest

from app.lesson_player import LessonPlayer
from app.lessons import PLACEHOLDERS, actions, list_lessons
from app.session import Session
from model.errors import ValidationError
from model.network import Network
from model.perceptron import train_perceptron
from tests.test_notation import ASCII_INDEX, SCIENTIFIC_E, readable_as_power


@pytest.fixture
def player(qapp):
    return LessonPlayer(Session())


def play_to_end(player, name):
    player.open(name)
    captions = [player.caption]
    while not player.at_end:
        if player.asking:  # an exercise's "ask" waits for its answer: the hall's reveal
            player.reveal(record=False)
        player.next()
        captions.append(player.caption)
    return captions


def session_state(session):
    """What must come back exactly: parameters, cursor, sample, selection, curves."""
    spec = session.current_spec()
    return ([w.copy() for w in spec.network.weights], [b.copy() for b in spec.network.biases],
            session.step_index, session.sample, session.selection.neuron, session.epoch,
            session.iterations_done, session.trace.loss, session.losses.iteration.n)


def assert_same_state(a, b):
    for x, y in zip(a[0] + a[1], b[0] + b[1], strict=True):
        np.testing.assert_array_equal(x, y)
    assert a[2:] == b[2:]


@pytest.mark.parametrize("name", [lesson.name for lesson in list_lessons()
                                  if lesson.name != "spiral-sgd"])
def test_every_lesson_plays_to_its_end_with_one_caption_per_step(player, name):
    captions = play_to_end(player, name)
    assert len(captions) == player.n_steps == len(player.lesson.steps)
    assert player.index == player.n_steps - 1 and player.at_end
    for caption in captions:
        assert caption and "{" not in caption and "nan" not in caption.lower()
        assert not readable_as_power(caption), caption  # one notation: a₁⁽²⁾, never a₁²
        assert not ASCII_INDEX.search(caption) and not SCIENTIFIC_E.search(caption), caption
    player.next()  # past the end: nothing happens
    assert player.index == player.n_steps - 1


def test_open_emits_opened_and_changed_and_sets_the_view(player, qtbot):
    with qtbot.waitSignals([player.opened, player.changed]):
        player.open("gradient-descent")
    assert player.view == "descent" and player.index == 0 and player.n_steps == 14
    assert player.perceptron is None and player.activations is None
    with qtbot.waitSignal(player.changed):
        player.next()
    with qtbot.waitSignal(player.closed):
        player.close()
    assert player.lesson is None and player.view == "network" and player.descent is None
    assert player.caption == "" and player.n_steps == 0


def test_a_bad_lesson_changes_nothing(player, tmp_path):
    player.open("perceptron")
    player.next()
    before = (player.lesson, player.index, player.caption, player.perceptron)
    with pytest.raises(ValidationError, match="unknown lesson 'nope'"):
        player.open("nope")
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "bad", "title": "Bad", "view": "descent", "steps": []}')
    with pytest.raises(ValidationError, match="steps: must be a non-empty list"):
        player.open(str(bad))
    assert (player.lesson, player.index, player.caption, player.perceptron) == before


# --- 1 and 2: the perceptron --------------------------------------------------------------------

def test_perceptron_converges_with_every_point_right_as_the_model_says(player):
    captions = play_to_end(player, "perceptron")
    p = player.perceptron
    assert p.converged and not p.errors.any()
    assert p.mistakes == 0 and p.epoch == 11 and p.presentations == 84
    # the same rule in model.perceptron, from the same start, ends on the same weights
    net = Network.create([2, 1], ["step"], weights=[[[0.5, 0.5]]], biases=[[-0.5]])
    run = train_perceptron(net, p.x, p.y[:, None], learning_rate=0.1)
    assert run.converged and run.epochs == 12
    np.testing.assert_allclose(p.w, net.weights[0][0], atol=1e-12)
    assert p.b == pytest.approx(net.biases[0][0], abs=1e-12)
    assert "Final weights w = (0.1, 0.77), b = −0.4, after 23 corrections in 84" in captions[9]
    assert len(p.trail) == 24  # the start and one entry per correction


def test_perceptron_presents_one_sample_at_a_time(player):
    player.open("perceptron")
    player.go_to(2)
    p = player.perceptron
    u = p.update
    assert (u.index, p.presentations, p.mistakes) == (0, 1, 1)
    np.testing.assert_array_equal(u.x, [0.8, 0.4])
    assert u.prediction[0] == 1 and u.y[0] == 0
    np.testing.assert_allclose(u.weights_before, [[-0.5, 0.5, 0.5]])
    np.testing.assert_allclose(u.weights_after, [[-0.6, 0.42, 0.46]])  # w − 0.1·(1, x)
    np.testing.assert_allclose([p.b, *p.w], [-0.6, 0.42, 0.46])
    assert player.caption.startswith("Point 1 is (0.8, 0.4) with label y = 0. The perceptron "
                                     "says f(x) = 1: wrong")
    player.next()  # point 2 is right: nothing changes
    assert not player.perceptron.update.changed and len(player.perceptron.trail) == 2


def test_perceptron_on_xor_never_converges_and_its_weights_come_back(player):
    player.open("perceptron-xor")
    start = player.perceptron.trail[0]
    player.go_to(4)  # one epoch, presentation by presentation
    p = player.perceptron
    assert p.mistakes == 4 and (p.b, *p.w) == pytest.approx(start)
    assert len(set(p.trail)) == 4  # four different lines, then the first again
    player.next()
    assert player.perceptron.trail[-4:] == p.trail[-4:]
    player.next()  # until_converged, 100 epochs at most
    p = player.perceptron
    assert not p.converged and p.mistakes == 4 and p.epoch == 101
    assert (p.b, *p.w) == pytest.approx(start)
    assert set(p.trail) == set(p.trail[:4])
    assert "Epoch 102 made 4 mistakes" in player.caption


def test_previous_restores_the_perceptron_exactly(player):
    player.open("perceptron")
    player.go_to(7)
    before = player.perceptron
    caption = player.caption
    player.next()
    player.next()
    player.previous()
    player.previous()
    after = player.perceptron
    assert player.index == 7 and player.caption == caption
    np.testing.assert_array_equal(after.w, before.w)
    assert (after.b, after.trail, after.presentations, after.epoch, after.mistakes) == \
        (before.b, before.trail, before.presentations, before.epoch, before.mistakes)


# --- 3 and 4: activations, descent --------------------------------------------------------------

def test_activations_lesson_marks_saturation(player):
    player.open("activations")
    player.go_to(3)
    a = player.activations
    assert a.functions == ("sigmoid",) and a.derivative and a.mark == "saturation"
    assert a.z_range == (-10.0, 10.0)
    z = np.array([-2.9, -2.88, 0.0, 2.88, 2.9])  # σ′ = 0.05 at |z| = 2.887
    np.testing.assert_array_equal(a.saturated("sigmoid", z), [True, False, False, False, True])
    np.testing.assert_array_equal(a.saturated("tanh", np.array([2.17, 2.19])), [False, True])
    np.testing.assert_array_equal(a.saturated("relu", np.array([-1.0, 1.0])), [True, False])
    assert "|z| > 2.9, σ′(z) is below 0.05" in player.caption
    player.go_to(10)
    assert player.activations.functions == ("sigmoid", "tanh", "arctan", "relu")


def test_gradient_descent_numbers(player):
    player.open("gradient-descent")
    assert player.descent.xs == (4.0,) and player.descent.centre == 2.0
    player.go_to(4)
    xs = player.descent.xs
    assert xs[1:] == pytest.approx([3.96, 3.9208, 3.882384], abs=1e-12)
    assert player.caption.startswith("Third step: x = 3.882384.")
    player.go_to(2)
    assert player.caption.startswith("First step: x = 4 − 0.01 × 2(4 − 2) = 3.96. The cost "
                                     "fell to f(x) = 3.8416.")
    player.go_to(6)
    assert len(player.descent.xs) == 301 and not player.descent.diverging
    assert player.descent.x == pytest.approx(2 + 2 * 0.98 ** 300)
    player.go_to(9)  # from the other side with the same rate, as the introductions
    assert player.descent.xs == pytest.approx((0.0, 0.04, 0.0792, 0.117616), abs=1e-12)
    player.go_to(11)  # η = 1.1 overshoots
    d = player.descent
    assert d.xs == pytest.approx((4.0, -0.4)) and d.diverging
    player.go_to(13)
    d = player.descent
    assert d.diverging and len(d.xs) == 11
    assert d.x - 2 == pytest.approx(2 * (-1.2) ** 10)
    assert "x = 14.38" in player.caption


# --- 5 to 8: network lessons --------------------------------------------------------------------

def test_xor_network_walks_one_sample_through_the_four_equations(player):
    player.open("xor-network")
    s = player.session
    assert s.spec.path is None  # saving asks for a name
    kinds = []
    for i in range(1, 12):
        player.go_to(i) if i == 1 else player.next()
        kinds.append((s.step.kind, s.selection.neuron))
    assert kinds == [("input", None), ("input", (2, 0)), ("forward", (2, 0)),
                     ("forward", (3, 0)), ("forward", (3, 0)), ("loss", (3, 0)),
                     ("output_error", (3, 0)), ("output_error", (2, 0)), ("backward", (2, 0)),
                     ("gradients", (2, 0)), ("update", (2, 0))]
    assert s.sample == 1
    np.testing.assert_array_equal(s.trace.input[1], [0, 1])
    player.go_to(7)  # BP1 on the output neuron, sample (0, 1)
    lt = s.trace.layers[1]
    delta = (lt.a[1, 0] - 1) * lt.a[1, 0] * (1 - lt.a[1, 0])
    assert lt.delta[1, 0] == pytest.approx(delta, abs=1e-15)
    assert f"= {delta:.4f}".replace("-", "−") in player.caption


def test_xor_network_trains_to_the_solution(player):
    player.open("xor-network")
    player.go_to(13)
    s = player.session
    assert s.epoch == 300 and s.step.kind == "input"
    assert 0.1 < s.trace.loss < 0.125  # the plateau the caption describes
    player.go_to(15)
    assert s.epoch == 628 and s.trace.loss < 0.01
    net = s.current_spec().network
    np.testing.assert_array_equal(net.predict(s.spec.data.x_train) > 0.5, s.spec.data.y_train > 0.5)
    assert f"{s.trace.loss:.5f}" in player.caption and "accuracy 100%" in player.caption
    assert s.losses.epoch_train.n == 628


def test_previous_restores_the_session_exactly(player):
    player.open("xor-network")
    player.go_to(9)
    before = session_state(player.session)
    player.next()
    player.next()
    player.previous()
    player.previous()
    assert player.index == 9
    assert_same_state(session_state(player.session), before)
    player.go_to(14)  # across 500 epochs of training
    before, caption = session_state(player.session), player.caption
    player.next()
    player.previous()
    assert_same_state(session_state(player.session), before)
    assert player.caption == caption


def test_replay_tells_the_widgets_once_not_per_action(player, qtbot):
    player.open("xor-network")
    counts = {"reset": 0, "changed": 0}
    player.session.reset.connect(lambda: counts.__setitem__("reset", counts["reset"] + 1))
    player.session.changed.connect(lambda: counts.__setitem__("changed", counts["changed"] + 1))
    player.go_to(14)  # select, step, train 500 epochs: one reset, one redraw
    assert counts == {"reset": 1, "changed": 1}
    player.next()
    assert counts == {"reset": 1, "changed": 2}


def test_lesson_edits_do_not_ask_and_leave_the_windows_question_in_place(player):
    def refuse(question):
        raise AssertionError("a lesson's own edit must not ask")

    player.session.confirm = refuse
    player.open("saturation")
    player.go_to(9)  # reinitialise after 200 epochs of training
    assert player.session.spec.init == "xavier" and player.session.epoch == 0
    assert player.session.confirm is refuse


def mean_delta(session, layer):
    return float(np.mean(np.abs(session.trace.layers[layer - 2].delta)))


def quoted(text):
    """'9.7 × 10⁻⁵' → 9.7e-05."""
    table = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    mantissa, power = re.fullmatch(r"(\d\.\d) × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text).groups()
    return float(f"{mantissa}e{power.translate(table)}")


def test_saturation_deltas_vanish_by_the_factor_the_captions_state(player):
    player.open("saturation")
    s = player.session
    player.go_to(2)
    assert s.selection.neuron == (2, 0)
    assert abs(s.trace.layers[0].z[0, 0]) > 8  # saturated
    player.go_to(7)
    assert s.step.kind == "backward"
    big2, big3 = mean_delta(s, 2), mean_delta(s, 3)
    big_captions = player.lesson.steps[6].caption + player.lesson.steps[7].caption
    sci = r"\d\.\d × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+"
    q3, q2 = [quoted(t) for t in re.findall(sci, big_captions)]
    assert (q3, q2) == (float(f"{big3:.1e}"), float(f"{big2:.1e}"))
    player.next()
    stalled = s.current_spec().network.cost(s.spec.data.x_train, s.spec.data.y_train)
    player.next()
    player.next()
    assert s.step.kind == "backward" and s.epoch == 0
    small2, small3 = mean_delta(s, 2), mean_delta(s, 3)
    caption = player.caption
    s3, s2 = [quoted(t) for t in re.findall(sci, caption)]
    assert (s3, s2) == (float(f"{small3:.1e}"), float(f"{small2:.1e}"))
    r3, r2 = [int(t) for t in re.findall(r"about (\d+) times larger", caption)]
    assert (r3, r2) == (round(small3 / big3, -1), round(small2 / big2, -1)) == (190, 70)
    player.next()
    learned = s.current_spec().network.cost(s.spec.data.x_train, s.spec.data.y_train)
    assert stalled > 0.2 and learned < 0.05  # "learning has stalled" / "the network learns"


def test_spiral_is_untangled_in_chunks_and_replays_exactly(player):
    captions = play_to_end(player, "spiral-sgd")
    s = player.session
    assert s.epoch == 300 and s.spec.features and s.batch_size == 10
    assert "95% of the test points are right" in captions[7]
    assert s.plane_maps() is not None and s.losses.epoch_test.n == 300
    assert all("{" not in c for c in captions)
    player.go_to(3)
    before = session_state(player.session)
    player.go_to(4)
    player.previous()
    assert_same_state(session_state(player.session), before)


# --- the documentation names every action and placeholder ---------------------------------------

def test_formats_doc_lists_every_action_and_placeholder():
    text = (Path(__file__).resolve().parent.parent / "docs" / "formats.md").read_text("utf-8")
    section = text[text.index("## Lesson files"):]
    for view, names in PLACEHOLDERS.items():
        for name in names:
            assert f"{{{name}}}" in section or f"{{{name}[" in section, (view, name)
        for action in actions(view):
            assert f'"{action}"' in section, (view, action)
