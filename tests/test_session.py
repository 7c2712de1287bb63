"""The Session: cursor, exact stepping back across updates, training in slices, files."""

import copy

import numpy as np
import pytest

from app.session import Session
from model.errors import ValidationError
from model.session_file import parse_session
from tests.test_session_file import MINIMAL


@pytest.fixture
def session(qapp):
    return Session()


def test_demo_opens_at_the_input_step(session):
    assert session.step.kind == "input"
    assert session.network.sizes == (2, 2, 1)
    assert session.batch_size == 4 and session.n_steps == 8


def test_next_walks_the_design_steps_then_starts_a_new_iteration(session):
    seen = []
    for _ in range(9):
        seen.append(session.step.kind)
        session.next_step()
    assert seen == ["input", "forward", "forward", "loss", "output_error", "backward",
                    "gradients", "update", "input"]
    assert session.iterations_done == 1
    assert session.losses.iteration.n == 1


def test_previous_after_updates_restores_weights_bit_for_bit(session):
    start = [w.copy() for w in session.view().weights]
    for _ in range(3 * session.n_steps):  # three updates
        session.next_step()
    assert not np.array_equal(session.view().weights[0], start[0])
    for _ in range(3 * session.n_steps):
        session.previous_step()
    assert session.step_index == 0 and session.iterations_done == 0
    for a, b in zip(session.view().weights, start, strict=True):
        np.testing.assert_array_equal(a, b)
    # and forward again reproduces the same trajectory
    session.next_step()
    assert session.losses.iteration.n == 0


def test_previous_at_the_oldest_step_says_so(session, qtbot):
    with qtbot.waitSignal(session.message) as blocker:
        session.previous_step()
    assert "oldest" in blocker.args[0]


def test_train_for_runs_many_iterations_and_records_epochs(session):
    done = session.train_for(0.1)
    assert done > 10
    assert session.losses.epoch_train.n == session.epoch > 0  # epochs whose update is passed
    assert session.step.kind == "update"  # the view shows the last finished iteration
    assert session.dirty


def test_finish_pass_jumps_to_the_end_of_each_pass(session):
    session.finish_pass()
    assert session.step.kind == "loss"
    session.finish_pass()
    assert session.step.kind == "gradients"


def test_open_bad_file_leaves_the_session_untouched(session, tmp_path):
    session.next_step()
    bad = tmp_path / "bad.json"
    bad.write_text('{"network": {"layers": [2, 0]}, "data": {}}')
    with pytest.raises(ValidationError):
        session.open(bad)
    assert session.step_index == 1 and session.network.sizes == (2, 2, 1)


def test_save_writes_the_parameters_at_the_cursor(session, tmp_path):
    for _ in range(session.n_steps + 2):
        session.next_step()
    path = session.save(tmp_path / "s.json")
    again = Session(parse_session(__import__("json").loads(path.read_text()), tmp_path))
    for a, b in zip(again.view().weights, session.view().weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert again.step_index == 2 and not session.dirty


def test_sample_choice_and_mean(qapp):
    session = Session(parse_session(copy.deepcopy(MINIMAL)))
    session.set_sample(1)
    np.testing.assert_array_equal(session.view().input, [1, 1])
    session.set_sample("mean")
    np.testing.assert_array_equal(session.view().input, [0.5, 0.5])
    session.set_sample(7)  # clamped to the batch
    assert session.sample == 1
