"""What a window offers to export (its diagram, itself, each dock, the lesson's view) and
the steps an export can move over (the current iteration's, or the open lesson's)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6 import QtWidgets

from widgets.dock_scroll import panel_of


@dataclass(frozen=True)
class StepSource:
    """A numbered range of steps an export can move over (1..count, as shown on screen)."""

    label: str  # "Step" or "Lesson step"
    count: int
    go_to: Callable[[int], None]  # 1-based
    caption: Callable[[], str]
    current: Callable[[], int]  # the step shown now (1-based), restored after an export


def session_steps(session) -> StepSource:
    """The steps of the session's current iteration (the step bar's numbers)."""
    return StepSource("Step", session.n_steps, lambda n: session.go_to_step(n - 1),
                      lambda: session.step.caption, lambda: session.step_index + 1)


def lesson_steps(player) -> StepSource:
    """The open lesson's steps (the caption bar's numbers)."""
    return StepSource("Lesson step", player.n_steps, lambda n: player.go_to(n - 1),
                      lambda: player.caption, lambda: player.index + 1)


def window_targets(window) -> dict[str, QtWidgets.QWidget]:
    """What a MainWindow offers to export: the diagram, the whole window, each dock's
    widget by its name, and the lesson's own view while one shows instead of the diagram."""
    targets = {"diagram": window.diagram, "window": window}
    targets.update({name: panel_of(dock) for name, dock in window.docks.items()})
    central = window.central_view() if hasattr(window, "central_view") else window.diagram
    if central is not window.diagram:
        targets["lesson"] = central
    return targets


def window_steps(window) -> StepSource:
    """The lesson's steps while a lesson is open, else the current iteration's."""
    player = getattr(window, "lesson_player", None)
    if player is not None and player.lesson is not None:
        return lesson_steps(player)
    return session_steps(window.session)
