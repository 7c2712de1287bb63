"""The window's BLAS on one thread while a training process has the other core.

On 2 cores, a window whose BLAS pool has two threads spins against the training process
(``app.train_worker`` runs its child on one thread): a whole-set product that takes 0.2 ms
took 9 ms. Each Session's driver holds the limit while its run trains in a process (two
runs side by side hold it twice) and the pool comes back when the last one lets go.
"""

from __future__ import annotations

from typing import Any

_held = 0
_limits: Any = None  # threadpoolctl's limiter while held (imported then: not at start-up)


def hold() -> None:
    global _held, _limits
    if _held == 0:
        from threadpoolctl import threadpool_limits

        _limits = threadpool_limits(limits=1, user_api="blas")
    _held += 1


def release() -> None:
    global _held, _limits
    if _held == 0:
        return
    _held -= 1
    if _held == 0 and _limits is not None:
        _limits.restore_original_limits()
        _limits = None


def held() -> int:
    """How many runs hold the limit now (tests read it)."""
    return _held
