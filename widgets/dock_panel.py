"""One redraw policy for every dock that shows the Session: a panel only says how to draw.

A dock's numbers change far more often than anyone can read them (every step, every
training frame), and drawing them costs milliseconds the diagram and the training need.
``DockPanel`` follows the Session's signals and decides when the panel draws:

- a hidden panel draws nothing; what it missed is drawn once when it is shown (a dock that
  is a tab behind another counts as hidden once ``set_in_view`` follows its dock's
  ``visibilityChanged``: Qt calls such a widget visible);
- while training, at most once per ``training_ms`` (the last state is always drawn);
- after ``draw_after(painted)``: once the diagram has painted, so a step shows where the
  eye is first (``Soon``: or after 40 ms if the diagram does not paint);
- at most once per ``interval_ms``, the first change at once;
- signals listed in ``at_once`` (cheap, or the structure the rest hangs on) draw now.

Changes that wait are merged: the panel's ``redraw(what)`` gets the names of the Session
signals seen since it last drew ("reset", "changed", …; empty for a ``flush``) and always
reads the Session's current state. On ``reset`` the panel's ``rebuild()`` runs first, at
once, hidden or not (new network or data: new rows, controls, axes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6 import QtCore, QtWidgets

from widgets.throttle import Soon, Throttle


class _Relay(QtCore.QObject):
    """Calls ``call(name)`` when the signal it is connected to fires. A child of the panel,
    so the connection dies with it (a lambda would outlive the widget)."""

    def __init__(self, name: str, call: Callable[[str], None], parent: QtCore.QObject):
        super().__init__(parent)
        self.name = name
        self._call = call

    def fire(self, *_args) -> None:
        self._call(self.name)


class DockPanel(QtWidgets.QWidget):
    """A dock's content, redrawn from the Session by the policy above.

    Subclasses build their widgets, then call ``start()``, and implement ``redraw``
    (and ``rebuild`` if a reset changes their structure).
    """

    def __init__(self, session, parent=None, *, follows: Iterable[str],
                 at_once: Iterable[str] = (), interval_ms: int = 0,
                 training_ms: int | None = None, skip_hidden: bool = False):
        super().__init__(parent)
        self.session = session
        self.follows = tuple(follows)  # names of the Session signals that mean "redraw"
        self.at_once = frozenset(at_once)
        self.skip_hidden = skip_hidden
        self.redraw_count = 0  # how many redraws really happened (tests count them)
        self.in_view = True  # False while its dock is a tab behind another (set_in_view)
        self._pending: set[str] = set()
        self._following_paint = False
        self.soon = Soon(self._painted, self)  # waits for the diagram's paint
        self._interval = Throttle(self._draw_pending, interval_ms, self) if interval_ms else None
        self._training = (Throttle(self._draw_pending, training_ms, self) if training_ms
                          else None)

    def start(self) -> None:
        """Follow the Session and draw the first time (the end of a subclass's __init__)."""
        self.follow(self.session, self.follows)
        self._pending.add("reset")
        self.rebuild()
        self._draw_pending()

    def follow(self, source: QtCore.QObject, names: Iterable[str]) -> list[QtCore.QObject]:
        """Redraw, by this policy, on ``source``'s signals ``names`` too (the panel's
        Session, or a comparison's other run); deleting the returned relays stops it."""
        relays = []
        for name in names:
            relay = _Relay(name, self._changed, self)
            getattr(source, name).connect(relay.fire)
            relays.append(relay)
        return relays

    def throttle_training(self, training_ms: int) -> None:
        """While training, draw at most once per ``training_ms`` from now on."""
        self._training = Throttle(self._draw_pending, training_ms, self)

    def draw_after(self, painted: QtCore.SignalInstance) -> None:
        """From now on, redraw after each ``painted`` (the diagram's) rather than at once."""
        self._following_paint = True
        painted.connect(self.soon.now)

    def set_in_view(self, on: bool) -> None:
        """Whether the panel's dock is on screen (connect ``QDockWidget.visibilityChanged``);
        coming into view draws what it missed."""
        self.in_view = bool(on)
        if self.in_view and self._pending:
            self._draw_pending()

    def flush(self) -> None:
        """Draw now with whatever is pending (before a screenshot, after a control changed)."""
        self._draw_pending()

    # --- for subclasses -------------------------------------------------------------------

    def rebuild(self) -> None:
        """A reset (new network or data): rebuild what depends on it; nothing by default."""

    def redraw(self, what: frozenset[str]) -> None:
        """Draw the Session's current state; ``what`` names the signals since the last draw."""
        raise NotImplementedError

    # --- the policy -----------------------------------------------------------------------

    def _changed(self, name: str) -> None:
        if name == "reset":
            self.rebuild()
        if name in self.at_once:
            self._draw_now(name)
            return
        self._pending.add(name)
        if self._hidden():
            return  # drawn when shown
        if self._training is not None and self.session.running == "train":
            self._training.request()
        elif self._following_paint:
            self.soon.request()
        else:
            self._painted()

    def _painted(self) -> None:
        """The diagram has shown the change (or is not waited for): draw, throttled."""
        if self._interval is not None:
            self._interval.request()
        else:
            self._draw_pending()

    def _hidden(self) -> bool:
        return self.skip_hidden and not (self.isVisible() and self.in_view)

    def _draw_now(self, name: str) -> None:
        """An ``at_once`` signal: draw only it, now; what waits keeps waiting."""
        if self._hidden():
            self._pending.add(name)
        else:
            self._redraw(frozenset({name}))

    def _draw_pending(self) -> None:
        if self._hidden():
            return
        what = frozenset(self._pending)
        self._pending.clear()
        for waiting in (self.soon, self._interval, self._training):
            if waiting is not None:
                waiting.cancel()  # this draw shows the latest state: nothing is left to draw
        self._redraw(what)

    def _redraw(self, what: frozenset[str]) -> None:
        self.redraw_count += 1
        self.redraw(what)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending:
            self._draw_pending()
