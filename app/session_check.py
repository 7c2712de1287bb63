"""The gradient check of the iteration shown: one parameter on demand, all of them in slices.

The check compares backprop's ∂C/∂w of the current iteration (its mini-batch, the
parameters before its update) with the central difference (C(w+h) − C(w−h)) / (2h)
(``model.gradcheck``). One weight or bias is quick and computed when asked. "Check every
parameter" runs on a zero-interval timer, a slice of about ``SLICE_S`` per tick, so the
window stays responsive, shows progress and can cancel at any time; a network bigger than
``MAX_CHECKED`` parameters is checked at that many evenly spread ones. The result belongs
to the iteration it checked: once the cursor is in another iteration (or an edit changed
this one) it is no longer shown, and a check still running stops.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6 import QtCore

from model.gradcheck import DEFAULT_H, MAX_CHECKED, CheckAll, ParameterCheck, Probe
from model.network import Network
from model.trace import Trace

if TYPE_CHECKING:
    from app.session import Session

SLICE_S = 0.012  # checking per timer tick: the event loop is never held much longer


def checked_network(trace: Trace, shown: Network) -> Network:
    """The network with the parameters ``trace``'s gradients were computed at."""
    return Network(shown.sizes, shown.activations, shown.loss,
                   [w.copy() for w in trace.weights_before],
                   [b.copy() for b in trace.biases_before])


class Checker(QtCore.QObject):
    """One Session's gradient checks; tells ``checked`` when a result or progress changes."""

    def __init__(self, session: Session, limit: int = MAX_CHECKED) -> None:
        super().__init__(session)
        self._session = session
        self.limit = int(limit)
        self.h = DEFAULT_H
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._slice)
        self.run: CheckAll | None = None  # the last "check every parameter", maybe partial
        self.cancelled = False
        self._trace: Trace | None = None  # the iteration ``run`` checked
        self._probe: tuple[Trace, float, Probe] | None = None

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def probe(self) -> Probe:
        """The current iteration's forward pass and gradients, made once per iteration."""
        s = self._session
        if self._probe is None or self._probe[0] is not s.trace or self._probe[1] != self.h:
            t = s.trace
            self._probe = (t, self.h, Probe(checked_network(t, s.network), t.input, t.target,
                                            self.h))
        return self._probe[2]

    def parameter(self, layer: int, j: int, k: int | None = None) -> ParameterCheck:
        """The check of W⁽ˡ⁾[j, k] (0-based), or of b⁽ˡ⁾[j] when ``k`` is None."""
        return self.probe().check(layer, j, k)

    def set_h(self, h: float) -> None:
        """The step of the central differences from now on (a running check restarts)."""
        if float(h) != self.h:
            self.h = float(h)
            restart = self.running
            self.cancel(quiet=True)
            self.run = None  # of the old h
            if restart:
                self.start()
            else:
                self._session._tell("checked")

    def result(self) -> CheckAll | None:
        """The check of every parameter, if it is of the iteration shown (else None)."""
        if self.run is not None and self._trace is self._session.trace:
            return self.run
        return None

    def start(self) -> None:
        """Check every parameter of the iteration shown (training stops first)."""
        s = self._session
        s.stop()
        self.run = CheckAll(self.probe(), self.limit)
        self._trace = s.trace
        self.cancelled = False
        self.timer.start()
        s._tell("checked")

    def cancel(self, quiet: bool = False) -> None:
        """Stop a running check; what it checked so far stays shown."""
        if self.running:
            self.timer.stop()
            self.cancelled = True
            if not quiet:
                self._session._tell("checked")

    def _slice(self) -> None:
        if self.run is None or self._trace is not self._session.trace:
            self.timer.stop()  # another iteration is shown: this check is of no use now
            self._session._tell("checked")
            return
        deadline = time.perf_counter() + SLICE_S
        while time.perf_counter() < deadline:
            if self.run.step():
                self.timer.stop()
                break
        self._session._tell("checked")
