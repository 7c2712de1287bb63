"""The compiled training kernel (model.kernel): the reference's arithmetic to rounding, its own
to the bit, NumPy's epoch order exactly, and numpy when numba is not there.

Tolerance, and why it is enough: the kernel sums in its own loop order and calls libm's tanh
and exp, numpy sums with BLAS and has SIMD tanh and exp, so the two differ in the last bits
of an iteration. From the same state, one iteration of each agrees to 1e-10 relative on every
parameter and optimiser state (measured: 1e-15 with sgd, 3e-12 with Adam, whose second
moments are tiny; tested over hundreds to thousands of consecutive iterations, every
optimiser, regulariser, activation and loss), well inside the 1e-9 at which the reference
equals PyTorch (tests/test_gradcheck*.py). Over a whole run the rounding may grow where
training is chaotic (Adam with L1 drives weights to jitter around 0, where sign(w) flips),
so runs are compared end to end only where it is not. Exact replay does not rest on the
tolerance: a snapshot records which arithmetic ran after it and the history replays in that
one (tests below and tests/test_history.py, tests/test_train_worker.py).
"""

import subprocess
import sys

import numpy as np
import pytest

from model import kernel
from model.network import Network
from model.optimizers import OPTIMIZERS, REGULARIZERS, Optimizer, OptimizerSettings
from model.snapshot_codec import pack, snapshot_from, snapshot_parts, unpack
from model.training import Trainer

pytestmark = pytest.mark.skipif(not kernel.available(), reason="numba is not installed")

HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "arctan")
LOSS_CASES = [  # sizes, activations, loss: every loss, and softmax's two
    ((2, 5, 3), ["tanh", "softmax"], "cross_entropy"),
    ((2, 5, 3), ["relu", "softmax"], "quadratic"),
    ((2, 5, 2), ["tanh", "linear"], "mse"),
    ((2, 5, 2), ["tanh", "sigmoid"], "cross_entropy"),
    ((2, 5, 2), ["arctan", "tanh"], "quadratic"),
]


def make(sizes=(2, 4, 2, 1), acts="tanh", loss="quadratic", optimizer="sgd", reg="none",
         batch=10, rows=250, seed=1) -> Trainer:
    net = Network.create(list(sizes), acts, loss, init="xavier", seed=seed)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(rows, sizes[0]))
    if net.activations[-1].name == "softmax":
        y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], rows)]
    else:
        y = (rng.random((rows, sizes[-1])) > 0.5).astype(float)
    settings = OptimizerSettings(optimizer=optimizer, learning_rate=0.01, regularization=reg,
                                 regularization_rate=0.001 if reg != "none" else 0.0)
    return Trainer(net, Optimizer(settings), x, y, batch, seed=seed)


def parameters(t: Trainer) -> list[np.ndarray]:
    state = [a for v in t.optimizer.state.values() for a in v]
    return [*t.net.weights, *t.net.biases, *state]


def relative(a: Trainer, b: Trainer) -> float:
    return max(float(np.max(np.abs(x - y)) / max(np.max(np.abs(x)), 1e-300))
               for x, y in zip(parameters(a), parameters(b), strict=True))


def same(a: Trainer, b: Trainer) -> bool:
    """Bit for bit: parameters, optimiser state and step, position, order, generator."""
    return (all(np.array_equal(x, y) for x, y in zip(parameters(a), parameters(b),
                                                     strict=True))
            and (a.epoch, a.position, a.optimizer.t) == (b.epoch, b.position, b.optimizer.t)
            and np.array_equal(a.order, b.order)
            and a.rng.bit_generator.state == b.rng.bit_generator.state)


def step_by_step(trainer_args: dict, n: int) -> float:
    """The largest relative difference between one reference iteration and one kernel
    iteration from the same (kernel-made) state, over ``n`` consecutive iterations."""
    ref, ker = make(**trainer_args), make(**trainer_args)
    ker.engine = kernel.KERNEL
    worst = 0.0
    for _ in range(n):
        ref.restore(ker.snapshot())
        ref.engine = kernel.NUMPY
        loss_ref = ref.fast_iteration()
        loss_ker = ker.fast_iteration()
        worst = max(worst, relative(ref, ker), abs(loss_ref - loss_ker) / max(abs(loss_ref),
                                                                              1e-300))
        assert (ref.epoch, ref.position) == (ker.epoch, ker.position)
        assert np.array_equal(ref.order, ker.order)
    return worst


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("reg", REGULARIZERS)
def test_each_iteration_is_the_reference_to_rounding_every_optimiser(optimizer, reg):
    assert step_by_step({"optimizer": optimizer, "reg": reg}, 600) < 1e-10


@pytest.mark.parametrize("act", HIDDEN)
def test_each_iteration_is_the_reference_to_rounding_every_activation(act):
    args = {"sizes": (2, 5, 3, 2), "acts": [act, act, "sigmoid"], "loss": "cross_entropy",
            "optimizer": "adam", "reg": "l2"}
    assert step_by_step(args, 300) < 1e-10


@pytest.mark.parametrize(("sizes", "acts", "loss"), LOSS_CASES)
def test_each_iteration_is_the_reference_to_rounding_every_loss(sizes, acts, loss):
    args = {"sizes": sizes, "acts": acts, "loss": loss, "optimizer": "momentum", "reg": "l1"}
    assert step_by_step(args, 300) < 1e-10


@pytest.mark.parametrize(("optimizer", "reg"), [("sgd", "none"), ("sgd", "l2"),
                                                ("momentum", "l1"), ("adam", "l2")])
def test_a_run_ends_where_the_reference_ends(optimizer, reg):
    ref, ker = make(optimizer=optimizer, reg=reg), make(optimizer=optimizer, reg=reg)
    ker.engine = kernel.KERNEL
    losses_ref, losses_ker = ref.run(2_500), ker.run(2_500)
    assert ker.epoch == ref.epoch == 100 and np.array_equal(ref.order, ker.order)
    assert ref.rng.bit_generator.state == ker.rng.bit_generator.state
    assert relative(ref, ker) < 1e-9 and np.allclose(losses_ref, losses_ker, rtol=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("reg", REGULARIZERS)
def test_ten_thousand_iterations_step_by_step_and_whole(optimizer, reg):
    assert step_by_step({"optimizer": optimizer, "reg": reg}, 10_000) < 1e-10
    ref, ker = make(optimizer=optimizer, reg=reg), make(optimizer=optimizer, reg=reg)
    ker.engine = kernel.KERNEL
    ref.run(10_000)
    ker.run(10_000)
    if (optimizer, reg) != ("adam", "l1"):  # chaotic: see the module's docstring
        assert relative(ref, ker) < 1e-9


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_the_kernel_replays_itself_bit_for_bit_in_any_chunks(optimizer):
    whole = make(optimizer=optimizer, reg="l1", batch=7)  # 250 rows: a short last batch
    whole.engine = kernel.KERNEL
    losses = whole.run(3_000)
    pieces, got, rng = make(optimizer=optimizer, reg="l1", batch=7), [], np.random.default_rng(0)
    pieces.engine = kernel.KERNEL
    while len(got) < 3_000:  # chunks, each from a snapshot sent through the worker's codec
        header, arrays = snapshot_parts(pieces.snapshot(), "s_")
        snap = snapshot_from(*unpack(pack(header, arrays)), "s_")
        assert snap.engine == kernel.KERNEL
        pieces.restore(snap)
        got.extend(pieces.run(min(int(rng.integers(1, 90)), 3_000 - len(got)),
                              stop_at_epoch=bool(rng.integers(2))))
    assert same(whole, pieces) and np.array_equal(losses, got)


def test_an_epoch_order_is_numpys_permutation_exactly():
    ref, ker = make(rows=97, batch=5), make(rows=97, batch=5)
    ker.engine = kernel.KERNEL
    for _ in range(6):  # one epoch at a time: the kernel draws each new order itself
        assert len(ker.run(1_000, stop_at_epoch=True)) == 20
        for _ in range(20):
            ref.fast_iteration()
        assert np.array_equal(ref.order, ker.order) and not ker.order.flags.writeable
        assert ref.rng.bit_generator.state == ker.rng.bit_generator.state
    words = kernel._rng_words(ref.rng.bit_generator.state)
    assert kernel._rng_state(words) == ref.rng.bit_generator.state


def test_which_networks_the_kernel_trains():
    assert kernel.macs((2, 4, 2, 1)) == 3 * (8 + 8 + 2)
    assert kernel.engine_for(make().net) == kernel.KERNEL
    spiral = Network.create([2, 8, 8, 8, 8, 8, 8, 1], "tanh")
    assert kernel.engine_for(spiral) == kernel.KERNEL
    for sizes in ([64, 32, 10], [784, 128, 10]):  # BLAS-bound: numpy is as fast or faster
        assert kernel.engine_for(Network.create(sizes, "sigmoid")) == kernel.NUMPY
    perceptron = Network.create([2, 1], "step")
    assert kernel.engine_for(perceptron) == kernel.NUMPY


def test_without_numba_numpy_trains_everything(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba now fails
    monkeypatch.setitem(sys.modules, "model.kernel_jit", None)
    monkeypatch.setattr(kernel, "_state", {})
    assert not kernel.available()
    assert kernel.engine_for(make().net) == kernel.NUMPY
    from app.session_cursor import Cursor
    from tests.test_history import reference_run, same_state, spec
    cursor = Cursor(spec())
    while cursor.iterations_done < 120:
        cursor.train_for(0.002)
    n = cursor.iterations_done
    assert cursor.history.current.engine == kernel.NUMPY
    assert same_state(cursor.history.current, reference_run(n)[n])


def test_numba_is_not_imported_at_start_up(repo_root):
    code = ("import sys, main, app.session, app.train_worker, model.training; "
            "print('numba' in sys.modules, 'model.kernel_jit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_one_compiled_version_whatever_the_datas_writeable_flag():
    """Read-only data (a session's arrays, a frame's) and writeable data (a test's) reach
    the kernel alike: one compiled version, the one ``kernel.warm`` made under the lock."""
    kernel.warm()
    jit = kernel._jit()
    before = list(jit.run.signatures)
    for writeable in (True, False):
        trainer = make()
        x, y = trainer.x.copy(), trainer.y.copy()
        x.flags.writeable = y.flags.writeable = writeable
        trainer.x, trainer.y = x, y
        trainer.engine = kernel.KERNEL
        kernel.run(trainer, 3)
    assert jit.run.signatures == before and len(before) == 1


def test_a_run_lets_other_threads_run_python():
    """The kernel releases the GIL while it runs: the training process's sending thread
    writes a frame while the next run goes on (holding it, a frame waited 30–300 ms for
    the thread to get the GIL back, and the window drew nothing new in that time)."""
    import threading
    import time

    kernel.warm()
    trainer = make(sizes=(2, 16, 16, 1))
    trainer.engine = kernel.KERNEL
    kernel.run(trainer, 1)
    thread = threading.Thread(target=kernel.run, args=(trainer, 40_000))
    thread.start()
    time.sleep(0.02)  # the run has begun
    start = time.perf_counter()
    sum(range(1000))  # Python: needs the GIL
    took = time.perf_counter() - start
    running = thread.is_alive()
    thread.join()
    assert running, "the run ended too soon to tell: make it longer"
    assert took < 0.05, f"Python waited {took * 1000:.0f} ms for the kernel's run"


def test_loading_in_a_thread_is_loading_once(monkeypatch):
    """``warm_in_background`` loads in a thread; the window asking meanwhile waits for that
    load and gets the same code, and asking again starts nothing."""
    import threading
    import time

    loads = []
    real = kernel._load_and_run

    def slow_load():
        loads.append(threading.current_thread().name)
        time.sleep(0.2)  # long enough for the main thread to ask meanwhile
        return real()

    monkeypatch.setattr(kernel, "_state", {})  # as in a process that has not loaded it
    monkeypatch.setattr(kernel, "_load_and_run", slow_load)
    kernel.warm_in_background()
    jit = kernel._jit()  # waits for the thread's load
    assert jit is not None and kernel._state["jit"] is jit
    assert loads == ["kernel-warm"]  # loaded once, by the thread
    kernel.warm_in_background()
    kernel._jit()
    assert loads == ["kernel-warm"]
    for thread in threading.enumerate():  # done before the next test
        if thread.name == "kernel-warm":
            thread.join(10)


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl: POSIX")
def test_one_process_at_a_time_compiles_into_the_cache(tmp_path, monkeypatch):
    """Two processes writing numba's cache at once can crash the other (numba #4807): the
    first run in a process holds a lock another process cannot take meanwhile."""
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    take = ("import fcntl, sys; f = open(sys.argv[1], 'a')\n"
            "try: fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
            "except BlockingIOError: print('held')\n"
            "else: print('free')")

    def other() -> str:
        return subprocess.run([sys.executable, "-c", take, str(tmp_path / "kernel.lock")],
                              capture_output=True, text=True, check=True).stdout.strip()

    with kernel._cache_lock():
        assert other() == "held"
    assert other() == "free"
