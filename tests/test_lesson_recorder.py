"""Record mode without the window: the Session's intents become actions that play back the
same session (data, architecture, settings, selection, scale), one step per kind."""

from __future__ import annotations

import numpy as np

from app.lesson_draft import LessonDraft, caption_for
from app.lesson_player import LessonPlayer
from app.lesson_recorder import RECORDED_METHODS, Recorder
from app.session import Session


def test_recorded_edits_play_back_the_same_session(qtbot):
    session = Session()
    player = LessonPlayer(session)
    draft = LessonDraft.from_session(session.current_spec().to_json())
    player.play(draft.lesson(), 0)
    at = [0]

    def take(action):
        at[0] = draft.record(at[0], action, caption_for(action))

    recorder = Recorder(session, take)
    recorder.start()
    session.set_dataset("circle", n_points=80, noise=0.05, seed=3)
    session.set_features(["x1", "x2", "x1^2", "x2^2"])
    session.set_architecture([4, 5, 1], ["tanh", "sigmoid"])
    session.set_training(learning_rate=0.3)
    session.set_training(batch_size=4)
    session.select_edge((2, 4, 3))
    session.set_scale_mode("locked")
    session.train_epochs(2)
    session.set_bias(2, 1, 0.125)
    recorder.stop()
    assert all(name not in session.__dict__ for name in RECORDED_METHODS)
    session.next_step()  # after Stop: not recorded
    want = session.current_spec()
    assert [s.action["do"] for s in draft.steps] == [
        "show", "set_data", "set_architecture", "set_training", "select_edge", "scale", "train",
        "set_bias"]
    assert draft.steps[1].action == {"do": "set_data", "dataset": "circle", "n_points": 80,
                                     "noise": 0.05, "test_ratio": 0.5, "seed": 3,
                                     "features": ["x1", "x2", "x1^2", "x2^2"]}
    assert draft.steps[3].action == {"do": "set_training", "learning_rate": 0.3,
                                     "batch_size": 4}
    lesson = draft.lesson()

    other = Session()
    LessonPlayer(other).play(lesson, len(lesson.steps) - 1)
    got = other.current_spec()
    assert other.network.sizes == (4, 5, 1) and other.scale_mode == "locked"
    assert other.selection.edge == (2, 4, 3) and other.epoch == 2
    assert got.training.optimizer.learning_rate == 0.3 and got.training.batch_size == 4
    session.previous_step()
    want = session.current_spec()
    for a, b in zip(got.network.weights + got.network.biases,
                    want.network.weights + want.network.biases, strict=True):
        assert np.array_equal(a, b)
    assert got.network.b(2)[1] == 0.125
