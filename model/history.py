"""The step history: trainer snapshots at the starts of iterations, kept sparsely.

Stepping back must be exact, but a snapshot per iteration costs memory (a 64-32-10
network with Adam: ~60 kB each) and time (training at full speed does thousands of
iterations a second). So the history keeps every iteration's snapshot only for the
last ``every`` iterations and one in ``every`` before that, up to ``length`` iterations
back; the iterations between two kept snapshots are recomputed on demand by replaying
from the earlier one (``Trainer.fast_iteration`` does the same arithmetic as a traced
iteration, so the replay is bit for bit; a snapshot's ``engine`` says whether the
compiled kernel ran the iterations after it, and the replay runs the same arithmetic). A
snapshot made by an edit (a weight typed
in, a learning rate changed mid-run) is pinned: replaying across it would lose the edit.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from model.training import Snapshot

HISTORY_ITERATIONS = 500_000  # how far back one can step, memory permitting
CHECKPOINT_EVERY = 50  # one kept snapshot per this many iterations, beyond the last ones
HISTORY_BYTES = 150 * 2**20  # what the snapshots may hold in all


class StepHistory:
    """Snapshots by iteration number n (iterations completed before the snapshot)."""

    def __init__(self, length: int = HISTORY_ITERATIONS, every: int = CHECKPOINT_EVERY):
        self.length = int(length)
        self.every = int(every)
        self._ns: list[int] = []
        self._snaps: list[Snapshot] = []
        self._pinned: set[int] = set()
        self._thinned = 0  # snapshots before this are thinned already

    @classmethod
    def within(cls, snapshot_bytes: int, budget: int = HISTORY_BYTES) -> StepHistory:
        """A history whose snapshots of ``snapshot_bytes`` each stay within ``budget``: a
        big network keeps fewer iterations (never fewer than a hundred or so)."""
        most = max(4, budget // max(int(snapshot_bytes), 1))  # snapshots that fit
        every = min(CHECKPOINT_EVERY, most // 2)
        length = min(HISTORY_ITERATIONS, (most - every) * every)
        return cls(length, every)

    def copy(self) -> StepHistory:
        """An independent history sharing the (immutable) snapshots, for Undo."""
        other = StepHistory(self.length, self.every)
        other._ns, other._snaps = list(self._ns), list(self._snaps)
        other._pinned, other._thinned = set(self._pinned), self._thinned
        return other

    def __len__(self) -> int:
        return len(self._ns)

    @property
    def current(self) -> Snapshot:
        """The snapshot at the start of the newest recorded iteration."""
        return self._snaps[-1]

    @property
    def newest(self) -> int:
        return self._ns[-1]

    @property
    def oldest(self) -> int:
        """The earliest iteration one can come back to."""
        return self._ns[0]

    def items(self) -> list[tuple[int, Snapshot]]:
        """The kept snapshots with their iteration numbers, oldest first (the optimiser's
        path as far as it is kept: every iteration lately, one in ``every`` before)."""
        return list(zip(self._ns, self._snaps, strict=True))

    def record(self, n: int, snap: Snapshot, pin: bool = False) -> None:
        """Keep ``snap`` as the state before iteration ``n`` (replacing one at ``n``; any
        newer ones are forgotten: the future is being rewritten). A snapshot whose
        iterations run in another arithmetic than the one before it (``engine``: the
        compiled kernel took over, or the reference again) is pinned, so that a replay never
        runs one arithmetic's iterations in the other's."""
        self.truncate_after(n)
        earlier = self._snaps[:-1] if self._ns and self._ns[-1] == n else self._snaps
        if earlier and earlier[-1].engine != snap.engine:
            pin = True
        if self._ns and self._ns[-1] == n:
            self._snaps[-1] = snap
        else:
            self._ns.append(n)
            self._snaps.append(snap)
        if pin:
            self._pinned.add(n)
        self._thin(n)

    def wants(self, n: int) -> bool:
        """Whether training at full speed should record iteration ``n`` (a checkpoint)."""
        return n % self.every == 0

    def truncate_after(self, n: int) -> None:
        """Forget the snapshots of iterations after ``n``."""
        cut = bisect.bisect_right(self._ns, n)
        for gone in self._ns[cut:]:
            self._pinned.discard(gone)
        del self._ns[cut:], self._snaps[cut:]
        self._thinned = min(self._thinned, n + 1)

    def at(self, n: int, replay: Callable[[Snapshot, int], Snapshot]) -> Snapshot:
        """The state before iteration ``n``: a kept snapshot, or the nearest earlier one
        advanced by ``replay(snapshot, count)`` (which returns the state after ``count``
        more iterations). ``n`` must be between ``oldest`` and ``newest``."""
        if not self.oldest <= n <= self.newest:
            raise IndexError(f"iteration {n} is not in the history ({self.oldest}…{self.newest})")
        i = bisect.bisect_right(self._ns, n) - 1
        m, snap = self._ns[i], self._snaps[i]
        return snap if m == n else replay(snap, n - m)

    def _thin(self, n: int) -> None:
        """Keep only checkpoints and pinned snapshots more than ``every`` behind ``n``, and
        nothing older than ``length``."""
        bound = n - self.every
        lo = bisect.bisect_left(self._ns, self._thinned)
        hi = bisect.bisect_left(self._ns, bound)
        if hi > lo:
            kept = [i for i in range(lo, hi)
                    if self._ns[i] % self.every == 0 or self._ns[i] in self._pinned]
            self._ns[lo:hi] = [self._ns[i] for i in kept]
            self._snaps[lo:hi] = [self._snaps[i] for i in kept]
        self._thinned = max(self._thinned, bound)
        cut = bisect.bisect_left(self._ns, n - self.length)
        if cut:
            for gone in self._ns[:cut]:
                self._pinned.discard(gone)
            del self._ns[:cut], self._snaps[:cut]
