"""The legibility audit: presentation mode at 1280×720, 1366×768 and 1920×1080, every step of
every built-in lesson and the default demo's eight steps, measured as it is shown.

One window per size walks the demo and then each lesson from its first step to its last
(``render --present --size`` makes the same window, widgets.render.show_window). At each
step tests/legibility_audit.py measures every visible text (widgets, the diagram's painted
strings, the plots' ticks, labels and legends): the type floor for the screen's height
(20 px at 720, 28 px at 1080), nothing elided, cut or overlapping, the diagram's share of
the height and its neurons' size, the Inspector without a scroll bar. A lesson's caption
keeps one size through its steps. Failures name size, lesson, step, item and measure.
The exhaustive variant (``-m slow``) also brings every dock of a lesson to the front.
"""

import pytest
from PySide6 import QtCore

from app.lessons import list_lessons
from app.session import Session
from tests.legibility_audit import audit
from widgets.main_window import MainWindow
from widgets.projector import floor_px
from widgets.render import settle, show_window

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
DEMO_STEPS = 8


@pytest.fixture
def presenting(qapp):
    """A window in presentation mode at a given size, as ``render --present`` makes it
    (closed here, not by qtbot: a lesson leaves the session changed, and closing must not
    stop to ask about saving it)."""
    windows = []

    def make(size):
        window = MainWindow(Session())
        show_window(window, size, present=True)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.session.dirty = False
        window.close()
        window.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


def frames(window, every_dock: bool = False):
    """(lesson, step) at each frame of the demo and every built-in lesson, the window
    showing it; with ``every_dock`` once per dock of the lesson brought to the front."""
    app = QtCore.QCoreApplication.instance()
    s = window.session
    for i in range(DEMO_STEPS):
        s.go_to_step(i)
        settle(app, 8)
        yield from _docks(window, "demo", i, every_dock)
    player = window.lesson_player
    for lesson in list_lessons():
        window.session.dirty = False
        assert window.open_lesson(lesson.name)
        for i in range(player.n_steps):
            if i:
                if player.asking:  # an exercise's "ask" waits for its answer
                    player.reveal(record=False)
                player.next()
            settle(app, 8)
            yield from _docks(window, lesson.name, i, every_dock)


def _docks(window, lesson, i, every_dock):
    yield lesson, i
    arrangement = window.presentation.arrangement
    for _ in range(len(arrangement.docks) - 1 if every_dock else 0):
        arrangement.next_dock()
        settle(QtCore.QCoreApplication.instance())
        yield lesson, i


def run_audit(window, size, every_dock: bool = False) -> list[str]:
    floor = floor_px(size[1])
    problems, captions = [], {}
    for lesson, i in frames(window, every_dock):
        where = f"{size[0]}×{size[1]} {lesson} step {i + 1}"
        if window.size() != QtCore.QSize(*size):
            problems.append(f"{where}: window {window.width()}×{window.height()}")
        problems += [f"{where}: {p}" for p in audit(window, floor)]
        if window.caption_bar.isVisible():
            captions.setdefault(lesson, set()).add(window.caption_bar.caption_px())
    problems += [f"{size[0]}×{size[1]} {lesson}: caption sizes {sorted(px)} px"
                 for lesson, px in captions.items() if len(px) > 1]
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_presentation_is_legible(presenting, size):
    window = presenting(size)
    assert window.presentation.floor == floor_px(size[1])
    problems = run_audit(window, size)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_dock_of_every_lesson_is_legible(presenting, size):
    problems = run_audit(presenting(size), size, every_dock=True)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_playgrounds_spiral_is_legible_presenting(presenting, size):
    """Eight columns (2, six layers of 8, 1) leave no room for worded titles: the diagram
    writes them short ("Layer 1 2 … 8") rather than shortening them to "L…"."""
    from bench.setups import playground_spiral, spec

    window = presenting(size)
    window.session.open_spec(spec(playground_spiral()))
    app = QtCore.QCoreApplication.instance()
    problems = []
    for step in (0, 6, 12, 17):  # forward, the output, backward, the update
        window.session.go_to_step(step)
        settle(app, 8)
        problems += [f"step {step + 1}: {p}" for p in audit(window, floor_px(size[1]))]
    texts = {t.text for t in window.diagram.painted_texts}
    assert {"Layer", "neurons", "5"} <= texts
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_the_gradient_checks_key_is_legible_presenting(presenting, size):
    """After "Check every parameter" the projector's legend gives the edges' place to the
    check's key (its words, each class's colour and bound): legible by the audit, and the
    legend keeps its size (the key is no wider than the edges' bar was measured for)."""
    from bench.setups import playground_default, spec
    from widgets.diagram.check_classes import CLASSES

    window = presenting(size)
    window.session.open_spec(spec(playground_default()))
    app = QtCore.QCoreApplication.instance()
    settle(app, 8)
    d = window.diagram
    before = d._geometry().chrome
    window.session.checker.start()
    deadline = QtCore.QDeadlineTimer(20_000)
    while window.session.checker.running and not deadline.hasExpired():
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
    settle(app, 8)
    problems = audit(window, floor_px(size[1]))
    texts = {t.text for t in d.painted_texts}
    assert {words for *_, words in CLASSES} <= texts
    assert any(t.startswith("edges: gradient check") for t in texts)
    assert not any(t.startswith("edges: weight") for t in texts)  # its bar is replaced
    after = d._geometry().chrome
    assert (after.legend_y, after.legend_x, after.area) == (before.legend_y, before.legend_x,
                                                            before.area)
    assert not problems, "\n".join(problems[:40])
