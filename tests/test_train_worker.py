"""Training in a second process: exact, bounded in what it sends, and never fatal."""

import math
import os
from pathlib import Path

import numpy as np
import pytest

from app.session import Session
from app.train_worker import TrainWorker
from model.kernel import KERNEL, engine_for
from model.kernel import available as kernel_available
from model.network import Network
from model.session_file import parse_session
from model.snapshot_codec import pack, snapshot_from, snapshot_parts, unpack
from tests.test_divergence import EXPLODING
from tests.test_history import SPIRAL_ADAM, full_speed_run, reference_run, same_state, spec


@pytest.fixture
def session(qtbot):
    s = Session(spec())
    s.worker = TrainWorker()
    yield s
    s.stop()
    s.worker.close()


def test_a_snapshot_travels_as_json_and_npz_exactly():
    snap = reference_run(40)[-1]  # Adam: optimiser state, mid-epoch position, a new order
    header, arrays = snapshot_parts(snap, "s_")
    back = snapshot_from(*unpack(pack(header, arrays)), "s_")
    assert same_state(back, snap)
    assert back.rng_state == snap.rng_state and back.settings == snap.settings
    assert back.batch_size == snap.batch_size and not back.order.flags.writeable


def test_training_in_the_worker_is_exact_and_steps_back_exactly(session, qtbot):
    session.toggle_train()
    assert session.frame_timer.isActive()  # really in the other process
    qtbot.waitUntil(lambda: session.iterations_done > 300, timeout=20_000)
    session.stop()
    n = session.iterations_done
    assert session.running == "" and n > 300
    ref = full_speed_run(n + 1)  # the worker may run far ahead on a loaded machine
    assert same_state(session.history.current, ref[n])
    x = session.losses.iteration.x
    assert x[0] == 1 and x[-1] == n and np.all(np.diff(x) == 1)  # every loss, once
    data, net = session.spec.data, session.network
    ends = {snap.epoch: snap for snap in ref[:n + 1] if snap.position == 0 and snap.epoch}
    recorded = session.losses.epoch_train.x.astype(int).tolist()
    assert recorded and set(recorded) <= set(ends)  # at most 33 epochs a second are costed
    expected = [Network(net.sizes, net.activations, net.loss, list(ends[e].weights),
                        list(ends[e].biases)).cost(data.x_train, data.y_train)
                for e in recorded]
    assert session.losses.epoch_train.y.tolist() == expected  # the child's parameters, exact
    for _ in range(75):  # back across the worker's checkpoints, one iteration at a time
        session.go_to_start()
        session.previous_step()
        n -= 1
        assert same_state(session.history.current, ref[n]), n


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc")
def test_a_prepared_process_loads_the_kernel_before_train_and_trains(session, qtbot):
    worker = session.worker
    worker.prepare()
    pid = worker._process.pid
    if kernel_available():  # numba's compiler is in the process before any run starts
        qtbot.waitUntil(lambda: "llvmlite" in Path(f"/proc/{pid}/maps").read_text(),
                        timeout=60_000)
    assert not worker.running
    session.toggle_train()
    worker.prepare()  # while training: nothing new
    qtbot.waitUntil(lambda: session.iterations_done > 100, timeout=20_000)
    assert worker._process.pid == pid  # the prepared process trained
    session.stop()
    n = session.iterations_done
    assert same_state(session.history.current, full_speed_run(n + 1)[n])


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc")
def test_a_process_started_by_train_loads_numba_only_for_a_network_it_suits(qtbot):
    wide = parse_session({**SPIRAL_ADAM, "network": {**SPIRAL_ADAM["network"],
                                                       "layers": [2, 40, 40, 1]}})
    s = Session(wide)
    assert engine_for(s.network) != KERNEL  # 5,160 multiply-adds a sample: numpy's
    s.worker = TrainWorker()
    try:
        s.toggle_train()
        qtbot.waitUntil(lambda: s.iterations_done > 100, timeout=20_000)
        assert "llvmlite" not in Path(f"/proc/{s.worker._process.pid}/maps").read_text()
    finally:
        s.stop()
        s.worker.close()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (Linux: /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_process_trains_to_its_ceiling_and_waits_there(session, qtbot):
    """``TrainWorker.allow``: two runs side by side keep within each other's history."""
    session.worker.allow(120)
    session.toggle_train()
    qtbot.waitUntil(lambda: session.iterations_done == 120, timeout=20_000)
    told = []
    session.changed.connect(lambda: told.append(session.iterations_done))
    busy = _cpu_seconds(session.worker._process.pid)
    qtbot.wait(300)  # the process waits at its ceiling, and sends no frame repeating it
    assert session.iterations_done == 120 and session.running == "train" and not told
    assert _cpu_seconds(session.worker._process.pid) - busy < 0.1  # waits, does not spin
    session.worker.allow(305)  # (a checkpoint's multiple, crossed mid-stretch)
    qtbot.waitUntil(lambda: session.iterations_done == 305, timeout=20_000)
    session.stop()
    assert session.iterations_done == 305
    assert same_state(session.history.current, full_speed_run(306)[305])
    x = session.losses.iteration.x
    assert x[0] == 1 and x[-1] == 305 and np.all(np.diff(x) == 1)  # every loss, once
    session.worker.allow(None)
    session.toggle_train()  # no ceiling: on past it
    qtbot.waitUntil(lambda: session.iterations_done > 400, timeout=20_000)


def _blas_threads() -> int:
    from threadpoolctl import threadpool_info

    return min(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")


def test_while_the_process_trains_the_window_keeps_blas_to_one_thread(session, qtbot):
    from app import blas_threads

    before = _blas_threads()
    session.toggle_train()
    assert session.frame_timer.isActive() and blas_threads.held() == 1
    assert _blas_threads() == 1  # the other core is the training process's
    session.stop()
    assert blas_threads.held() == 0 and _blas_threads() == before


def test_the_training_process_runs_blas_on_one_thread(session, qtbot):
    session.toggle_train()
    qtbot.waitUntil(lambda: session.iterations_done > 0, timeout=20_000)
    pid = session.worker._process.pid
    environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
    assert b"OPENBLAS_NUM_THREADS=1" in environ and b"OMP_NUM_THREADS=1" in environ


def test_the_worker_stops_at_a_non_finite_loss(qtbot):
    s, told = Session(parse_session(EXPLODING)), []
    s.worker = TrainWorker()
    s.diverged.connect(told.append)
    try:
        s.toggle_train()
        qtbot.waitUntil(lambda: bool(told), timeout=20_000)
        assert s.running == ""
        y = s.losses.iteration.y
        assert not math.isfinite(y[-1]) and np.isfinite(y[:-1]).all()
    finally:
        s.worker.close()


def test_if_the_process_dies_training_goes_on_in_the_window(session, qtbot):
    said = []
    session.message.connect(said.append)
    session.toggle_train()
    qtbot.waitUntil(lambda: session.iterations_done > 50, timeout=20_000)
    session.worker._process.kill()
    qtbot.waitUntil(lambda: session.train_timer.isActive(), timeout=5_000)
    assert session.running == "train" and "ended unexpectedly" in said[-1]
    n = session.iterations_done
    qtbot.waitUntil(lambda: session.iterations_done > n + 50, timeout=10_000)
    session.stop()
    # the kernel's iterations (if it trains this network) up to the last frame that came,
    # then the window's own, by the reference: the history marks where (Snapshot.engine)
    done, kept = session.iterations_done, session.history.items()
    switch = max([m for (m, snap), (_, before) in zip(kept[1:], kept, strict=False)
                  if snap.engine != before.engine], default=0)
    trainer = spec().make_trainer()
    trainer.restore(full_speed_run(switch)[switch])
    trainer.engine = "numpy"
    for _ in range(done - switch):
        trainer.fast_iteration()
    assert same_state(session.history.current, trainer.snapshot())
    assert (switch > 50) == (engine_for(trainer.net) == KERNEL)
