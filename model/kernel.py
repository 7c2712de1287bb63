"""Training at compiled speed for small networks: numba where installed, numpy everywhere.

``model.trace.descend`` (numpy) is the reference: every trace on screen is computed by it,
and it trains wherever numba is missing or a network is not worth compiling for. For small
networks one numpy call per layer and iteration is microseconds of arithmetic under tens of
microseconds of interpreter; ``run`` hands whole runs of iterations — forward, loss, BP1–BP4,
the update with its regulariser, the seeded epoch order — to ``model.kernel_jit``.

The kernel's arithmetic is not numpy's to the bit (numpy sums with BLAS and has its own SIMD
tanh and exp), so the history knows which arithmetic ran each iteration: a snapshot's
``engine`` says which one the iterations after it used, and a replay from it uses the same
one (``Trainer.run``), landing on the bits the training process produced. Kernel and
reference agree to rounding (tests/test_kernel.py states the tolerance).

numba is imported on first use only (start-up does not pay for it) and compiles once into
its cache (next to this file, or a user cache folder when the install is read-only).
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from model.network import Network
    from model.training import Trainer

NUMPY, KERNEL = "numpy", "kernel"
ENGINES = (NUMPY, KERNEL)
ACTIVATION_CODES = {"sigmoid": 0, "tanh": 1, "relu": 2, "leaky_relu": 3, "linear": 4,
                    "arctan": 5, "softmax": 6}
OPTIMIZER_CODES = {"sgd": 0, "momentum": 1, "adam": 2}
REGULARIZER_CODES = {"none": 0, "l1": 1, "l2": 2}
# Multiply-adds per sample and iteration (forward, BP2, BP4) above which numpy's BLAS is as
# fast as the compiled loops (measured: 64-32-10 at batch 32 is about even; 784-wide
# networks are several times faster in numpy).
MAX_MACS = 3_000
CHECKPOINT_S = 0.005  # the kernel's runs: about this long between two checkpoints
_MASK64 = (1 << 64) - 1
_state: dict[str, ModuleType | None] = {}
_loading = threading.Lock()  # one thread loads; another asking meanwhile waits for it


def available() -> bool:
    """Whether the compiled kernel can run here (numba installed and loading)."""
    return _jit() is not None


def warm() -> None:
    """Load the compiled code now: its first call in a process costs about a second
    (numba's own imports and its cache), which a timed slice of training must not pay."""
    available()


def warm_in_background() -> None:
    """``warm`` in a thread of its own, unless the code is loaded or loading: the window's
    process loads it while it rests (``app.at_rest``), so that stepping back into the
    kernel's iterations replays at once instead of waiting half a second for numba. (The
    load holds the GIL up to 100–300 ms at a time: while training, gaps between frames.)"""
    if "jit" not in _state and not _loading.locked():
        threading.Thread(target=warm, name="kernel-warm", daemon=True).start()


def _jit() -> ModuleType | None:
    """``model.kernel_jit``, loaded and run once; None when numba is missing or fails."""
    if "jit" not in _state:
        with _loading, _cache_lock():
            if "jit" not in _state:  # not loaded by the thread this one waited for
                _state["jit"] = _load_and_run()
    return _state["jit"]


def _load_and_run() -> ModuleType | None:
    jit = _load()
    if jit is not None:
        _state["jit"] = jit  # _first_run calls run, which asks for it
        try:
            _first_run()
        except Exception:  # noqa: BLE001 -- numba broken here: numpy trains instead
            return None
    return jit


def _load() -> ModuleType | None:
    try:
        if find_spec("numba") is None:
            return None
        _cache_folder()
        return import_module("model.kernel_jit")
    except Exception:  # noqa: BLE001 -- numba missing or broken: numpy trains instead
        return None


def _first_run() -> None:
    """A throwaway 2-2-1 run: numba compiles ``kernel_jit.run`` (or loads it from its
    cache) on its first call, and the code is the same for every network (sizes, codes
    and settings are data; ``Trainer.contiguous_data`` keeps the arrays' types one)."""
    from model.network import Network
    from model.optimizers import Optimizer, OptimizerSettings
    from model.training import Trainer

    trainer = Trainer(Network.create([2, 2, 1], "tanh", seed=0),
                      Optimizer(OptimizerSettings()), np.zeros((2, 2)), np.zeros((2, 1)), 1)
    trainer.engine = KERNEL
    run(trainer, 1)


@contextlib.contextmanager
def _cache_lock() -> Iterator[None]:
    """One process at a time compiles into (or loads from) numba's cache: two writing it
    at once (the window and its training process at the first Train, two test processes)
    can leave a half-written entry that crashes the other (numba issue #4807)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    _cache_folder()
    folder = Path(os.environ.get("NUMBA_CACHE_DIR")
                  or Path(__file__).resolve().parent / "__pycache__")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / "kernel.lock", "a")  # noqa: SIM115 -- held across the yield
    except OSError:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cache_folder() -> None:
    """Where numba keeps the compiled code: beside this file (``__pycache__``) if that is
    writable, else a user cache folder (a read-only install), else the temporary folder."""
    here = Path(__file__).resolve().parent
    if "NUMBA_CACHE_DIR" in os.environ or os.access(here, os.W_OK):
        return
    target = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    target = target / "backprop-studio" / "numba"
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        target = Path(tempfile.gettempdir()) / "backprop-studio-numba"
    os.environ["NUMBA_CACHE_DIR"] = str(target)


class Pace:
    """Where training at full speed keeps checkpoints for a history keeping one in ``base``
    iterations: every ``base`` with numpy; with the kernel (a million iterations a second
    on the smallest networks) ``base`` times a power of two, adapted so that they come
    about ``CHECKPOINT_S`` apart. The window's history keeps them all (multiples of
    ``base``); a step back replays at most ``every`` iterations, a few milliseconds."""

    def __init__(self, base: int, engine: str):
        self.base = self.every = int(base)
        self._adapt = engine == KERNEL
        self._last: float | None = None

    def checkpoint(self, n: int) -> bool:
        """Whether the state before iteration ``n`` is a checkpoint (the spacing adapts)."""
        if n % self.every:
            return False
        if self._adapt:
            now = time.perf_counter()
            if self._last is not None:
                took = now - self._last
                if took < CHECKPOINT_S / 2:
                    self.every *= 2
                elif took > 2 * CHECKPOINT_S and self.every > self.base:
                    self.every //= 2
            self._last = now
        return True


def macs(sizes: tuple[int, ...]) -> int:
    """Multiply-adds per sample of one iteration: forward, BP2 and BP4 over every layer."""
    return sum(3 * a * b for a, b in zip(sizes, sizes[1:], strict=False))


def suited(net: Network) -> bool:
    """Whether the kernel computes this network (backprop-trained, every σ known) and is the
    faster arithmetic for it (at most ``MAX_MACS`` multiply-adds per sample)."""
    return (not net.is_perceptron and all(a.name in ACTIVATION_CODES for a in net.activations)
            and macs(net.sizes) <= MAX_MACS)


def engine_for(net: Network) -> str:
    """The arithmetic training at full speed uses for ``net``: KERNEL or NUMPY."""
    return KERNEL if suited(net) and available() else NUMPY


@lru_cache(maxsize=64)
def _layout(sizes: tuple[int, ...], acts: tuple[str, ...], loss: str) -> tuple:
    """(net codes, offsets, weight count) of one architecture (see ``kernel_jit.run``)."""
    if loss == "cross_entropy":
        code = 3 if acts[-1] == "softmax" else 2
    else:
        code = {"quadratic": 0, "mse": 1}[loss]
    net = np.array([code, *sizes, *(ACTIVATION_CODES[a] for a in acts)], np.int64)
    w_sizes = [a * b for a, b in zip(sizes, sizes[1:], strict=False)]
    starts = np.cumsum([0, *w_sizes, *sizes[1:]])
    return net, starts[:-1].astype(np.int64), int(sum(w_sizes))


def _rng_words(state: Mapping[str, Any]) -> np.ndarray:
    s, inc = state["state"]["state"], state["state"]["inc"]
    return np.array([s >> 64, s & _MASK64, inc >> 64, inc & _MASK64, state["has_uint32"],
                     state["uinteger"]], np.uint64)


def _rng_state(words: np.ndarray) -> dict:
    w = [int(v) for v in words]
    return {"bit_generator": "PCG64", "state": {"state": (w[0] << 64) | w[1],
                                                "inc": (w[2] << 64) | w[3]},
            "has_uint32": w[4], "uinteger": w[5]}


def _state_vectors(trainer: Trainer, n: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The optimiser's state as two flat vectors (zeros where it has none yet)."""
    keys = {"momentum": ["velocity"], "adam": ["m", "v"]}.get(
        trainer.optimizer.settings.optimizer, [])
    state = trainer.optimizer.state
    vectors = [np.concatenate([a.ravel() for a in state[k]]) if k in state else np.zeros(n)
               for k in keys]
    while len(vectors) < 2:
        vectors.append(np.zeros(0))
    return vectors[0], vectors[1], keys


def _put(flat: np.ndarray, shapes: list, offsets, into: list | None) -> list:
    """Split ``flat`` into arrays of ``shapes``: copied into ``into``'s arrays if given."""
    out = []
    for i, (shape, start) in enumerate(zip(shapes, offsets, strict=True)):
        part = flat[start:start + math.prod(shape)].reshape(shape)
        if into is not None:
            into[i][...] = part
        else:
            out.append(part.copy())
    return into if into is not None else out


def run(trainer: Trainer, count: int, stop_at_epoch: bool = False) -> np.ndarray:
    """Up to ``count`` iterations of ``trainer`` in compiled code; the batch losses (fewer
    than ``count`` only if ``stop_at_epoch`` and an epoch closed). The trainer is left
    exactly as ``Trainer.run`` with the kernel engine leaves it."""
    jit = _jit()
    assert jit is not None, "model.kernel.run without numba: check engine_for first"
    net, opt = trainer.net, trainer.optimizer
    s = opt.settings
    codes, offs, n_w = _layout(net.sizes, tuple(a.name for a in net.activations),
                               net.loss.name)
    params = np.concatenate([w.ravel() for w in net.weights] + list(net.biases))
    s1, s2, keys = _state_vectors(trainer, len(params))
    reg = REGULARIZER_CODES[s.regularization] if s.regularization_rate else 0
    rules = np.array([OPTIMIZER_CODES[s.optimizer], reg], np.int64)
    hyper = np.array([s.learning_rate, s.momentum, s.beta1, s.beta2, s.epsilon,
                      s.regularization_rate])
    where = np.array([trainer.position, trainer.epoch], np.int64)
    order = np.array(trainer.order, np.int64)
    rng = _rng_words(trainer.rng.bit_generator.state)
    t = np.array([opt.t], np.int64)
    losses = np.empty(max(int(count), 0))
    x, y = trainer.contiguous_data()
    done = jit.run(int(count), bool(stop_at_epoch), codes, x, y, trainer.batch_size,
                   trainer.shuffle, order, where, rng, params, offs, rules, hyper, s1, s2, t,
                   losses)
    shapes = [w.shape for w in net.weights] + [b.shape for b in net.biases]
    _put(params, shapes, offs, net.weights + net.biases)
    for key, flat in zip(keys, (s1, s2), strict=False):
        if done or key in opt.state:  # none where nothing ran and the optimiser had none
            opt.state[key] = _put(flat, shapes, offs, opt.state.get(key))
    opt.t = int(t[0])
    if int(where[1]) != trainer.epoch:
        order.flags.writeable = False
        trainer.order = order
        trainer.rng.bit_generator.state = _rng_state(rng)
    trainer.position, trainer.epoch = int(where[0]), int(where[1])
    return losses[:done]
