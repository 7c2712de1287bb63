"""Headless rendering of the window or one of its parts (``main.py render``): a PNG or SVG
of one step, or a range of steps as numbered PNG frames or an animated GIF.

Every argument is checked before Qt starts, so bad input writes nothing. Session steps are
counted in presses of Next from the session's start (``--step 2`` = press Next twice);
lesson steps are the caption bar's numbers, 1..n. ``--steps A:B`` includes both ends.
``--size WxH`` sets the window's size; ``--present`` renders presentation mode at that size
(1280×720 unless given), the diagram drawn as the projector shows it: frames for a
projector, made headless (the legibility audit runs the same path).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app.commands import check_out
from app.terminal_bar import TerminalBar
from model.errors import ValidationError
from model.validate import check_int, check_number

WHAT = ("window", "diagram", "loss", "matrices", "inspector", "data", "settings", "lesson")
MAX_STEPS = 1_000_000
MAX_FRAMES = 1000
DEFAULT_DELAY_MS = 800
WINDOW_SIZE = (1400, 900)
PRESENT_SIZE = (1280, 720)
SIZE_RANGE = ((320, 7680), (240, 4320))  # width, height


@dataclass(frozen=True)
class RenderJob:
    """A checked ``render`` request."""

    out: Path
    kind: str  # "png", "svg" or "gif"
    what: str
    scale: float
    first: int  # the first frame's step (Next presses, or 1-based lesson step)
    count: int  # frames (1 without --steps)
    sequence: bool  # --steps given: numbered PNG frames / several GIF frames
    delay: int
    transparent: bool
    lesson: str | None
    size: tuple[int, int] = WINDOW_SIZE  # the window's, in px
    present: bool = False  # presentation mode at that size


def parse_steps(text: str) -> tuple[int, int]:
    """``"A:B"`` → (A, B), both whole numbers ≥ 0 with A ≤ B."""
    parts = str(text).split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValidationError("--steps", f"must be FROM:TO with whole numbers, got {text!r}")
    first, last = (int(p) for p in parts)
    if first > last:
        raise ValidationError("--steps", f"FROM must not be after TO, got {text!r}")
    return first, last


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` → (1280, 720), within SIZE_RANGE."""
    parts = str(text).lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValidationError("--size", f"must be WIDTHxHEIGHT in pixels, e.g. 1280x720, got "
                                        f"{text!r}")
    return tuple(check_int("--size", int(p), low=lo, high=hi)
                 for p, (lo, hi) in zip(parts, SIZE_RANGE, strict=True))


def check_render(out: str, what: str = "window", step: int | None = None,
                 steps: str | None = None, scale: float | None = None,
                 delay: int | None = None, transparent: bool = False,
                 lesson: str | None = None, session: str | None = None,
                 size: str | None = None, present: bool = False) -> RenderJob:
    """Every argument checked (the lesson loaded, not yet the session); nothing written."""
    from widgets.export import check_delay

    out_path = check_out(out, (".png", ".svg", ".gif"))
    kind = out_path.suffix.lower()[1:]
    if what not in WHAT:
        raise ValidationError("--what", f"must be one of {', '.join(WHAT)}, got {what!r}")
    if what == "lesson" and lesson is None:
        raise ValidationError("--what", "lesson needs --lesson NAME")
    if lesson is not None and session is not None:
        raise ValidationError("--lesson", "give a session file or --lesson, not both")
    if step is not None and steps is not None:
        raise ValidationError("--steps", "give --step or --steps, not both")
    if scale is not None:
        check_number("--scale", scale, low=0.25, high=8.0)
        if kind == "svg":
            raise ValidationError("--scale", "has no effect on .svg (vectors scale freely)")
    if transparent and (kind != "png" or what != "diagram"):
        raise ValidationError("--transparent", "only for --what diagram with a .png --out")
    if delay is not None and kind != "gif":
        raise ValidationError("--delay", "only for a .gif --out")
    delay = check_delay(DEFAULT_DELAY_MS if delay is None else delay) if kind == "gif" else 0
    if steps is not None and kind == "svg":
        raise ValidationError("--steps", "needs a .png or .gif --out (one SVG per picture)")
    low = 1 if lesson is not None else 0
    n_lesson = None
    if lesson is not None:
        from app.lessons import load_lesson

        try:
            n_lesson = len(load_lesson(lesson).steps)
        except ValidationError as err:
            raise ValidationError("--lesson", err.problem) from None
    high = n_lesson if n_lesson is not None else MAX_STEPS
    if steps is not None:
        first, last = parse_steps(steps)
        for n in (first, last):
            check_int("--steps", n, low=low, high=high)
        if last - first + 1 > MAX_FRAMES:
            raise ValidationError("--steps", f"at most {MAX_FRAMES} frames, got "
                                             f"{last - first + 1}")
    else:
        first = check_int("--step", low if step is None else step, low=low, high=high)
        last = first
    window = parse_size(size) if size is not None else PRESENT_SIZE if present else WINDOW_SIZE
    return RenderJob(out_path, kind, what, 1.0 if scale is None else float(scale), first,
                     last - first + 1, steps is not None, delay, bool(transparent), lesson,
                     window, bool(present))


def render_command(session: str | None, out: str, step: int | None = None,
                   what: str = "window", scale: float | None = None, *,
                   steps: str | None = None, lesson: str | None = None,
                   delay: int | None = None, transparent: bool = False,
                   size: str | None = None, present: bool = False,
                   stream=None) -> list[Path]:
    """Open the session (or lesson) offscreen, move to the step(s) and save ``what``.

    Returns the files written: one, or the numbered frames of a PNG sequence.
    """
    job = check_render(out, what, step, steps, scale, delay, transparent, lesson, session,
                       size, present)
    from model.session_file import load_session
    from model.stepview import check_steppable

    spec = load_session(session) if session else None  # refuse bad files before Qt starts
    if spec is not None:
        check_steppable(spec.network)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import QtCore, QtWidgets

    from app.session import Session
    from widgets.main_window import MainWindow

    QtCore.qInstallMessageHandler(_quiet_offscreen)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    sess = Session(spec)
    window = MainWindow(sess)
    try:
        show_window(window, job.size, job.present, job.lesson)
        return _render(job, window, app, sys.stderr if stream is None else stream)
    finally:
        window.session.dirty = False  # nothing to ask about: this window was never the user's
        window.close()
        # Tear down in order while Python is alive; left to interpreter exit, PySide6 may
        # destroy the QApplication before the widgets and crash on the way out.
        window.deleteLater()
        sess.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        QtCore.qInstallMessageHandler(None)  # no Python handler may outlive the interpreter


def show_window(window, size: tuple[int, int], present: bool = False,
                lesson: str | None = None) -> None:
    """Show ``window`` at ``size`` (in presentation mode at that size), with ``lesson`` open,
    and let its layout settle."""
    from PySide6 import QtCore, QtWidgets

    window.resize(*size)
    window.show()
    if lesson is not None:
        window.open_lesson(lesson)
    if present:
        window.presentation.enter(QtCore.QSize(*size))
        window.diagram.set_exports_as_shown(True)  # projector frames
    settle(QtWidgets.QApplication.instance())


def settle(app, rounds: int = 4) -> None:
    """Posted layouts and the presentation's deferred fitting done, and the widgets a panel
    replaced deleted (headless there is no event loop to do it)."""
    from PySide6 import QtCore

    for _ in range(rounds):
        app.processEvents()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


def settle_frame(window, app) -> None:
    """The window as it stands once a step has fully arrived: the diagram painted, every
    dock redrawn now (they coalesce and follow the diagram's paint), their layouts done."""
    from widgets.dock_scroll import panel_of

    settle(app, 2)
    window.diagram.repaint()
    for dock in window.docks.values():
        flush = getattr(panel_of(dock), "flush", None)
        if flush is not None and dock.isVisible():
            flush()
    settle(app, 3)


def _render(job: RenderJob, window, app, stream) -> list[Path]:
    from widgets import export

    player = window.lesson_player if job.lesson is not None else None

    def advance(i: int) -> None:
        if player is not None:
            player.go_to(job.first - 1 + i)
        else:
            for _ in range(job.first if i == 0 else 1):
                window.session.next_step()

    def target():
        if job.what == "lesson":
            return window.central_view()
        return export.window_targets(window)[job.what]

    def grab():
        settle_frame(window, app)  # every dock's last redraw in the frame, laid out
        return export.widget_image(target(), job.scale, job.transparent)

    def caption() -> tuple[str, str]:
        if player is not None:
            return player.caption, f"step {player.index + 1} of {player.n_steps}"
        s = window.session
        return s.step.caption, f"step {s.step_index + 1} of {s.n_steps}"

    bar = TerminalBar(job.count, stream, "frame") if job.count > 1 else None
    progress = None if bar is None else _frame_progress(bar)
    try:
        if job.kind == "svg":
            advance(0)
            settle_frame(window, app)
            return [export.export_svg(target(), job.out)]
        if job.kind == "gif":
            frames = export.grab_steps(advance, grab, job.count, progress)
            # a strip with the caption unless the picture shows it already (the diagram's
            # headline, the window's caption bar while a lesson is open)
            shows = ("window",) if player is not None else ("window", "diagram")
            strip = None if job.what in shows else caption
            return [export.export_gif(frames, job.out, job.delay, strip, job.count)]
        if job.sequence:
            return export.export_frames(advance, grab, job.count,
                                        export.frame_pattern(job.out), progress)
        advance(0)
        return [export.save_image(grab(), job.out)]
    except ValidationError as err:
        raise ValidationError("--out", f"{job.out}: could not be written") from err
    finally:
        if bar is not None:
            bar.close()




def _frame_progress(bar: TerminalBar):
    """export.grab_steps' progress callback (done, total) -> carry on?, drawn on ``bar``."""
    def progress(done: int, total: int) -> bool:
        bar.show(done)
        return True
    return progress


def _quiet_offscreen(mode, context, message: str) -> None:
    """Drop the offscreen platform's notice about window hints; pass everything else on."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")
