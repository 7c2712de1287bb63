"""Train with the window live for N iterations; report resident memory before and after.

Run in its own process by tests/test_soak.py: ``python tests/scripts/soak.py N``. Prints
``rss_growth_mb X iterations N history K curve C`` (the window process and its training
process together). Linux only (/proc).
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    from PySide6 import QtWidgets

    from app.session import Session
    from model.session_file import parse_session
    from widgets.main_window import MainWindow

    app = QtWidgets.QApplication([])
    spec = parse_session({
        "network": {"layers": [2, 8, 8, 1], "activations": ["tanh", "tanh", "sigmoid"],
                    "loss": "cross_entropy", "init": "xavier", "seed": 1},
        "training": {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 10},
        "data": {"dataset": "spiral", "n_points": 300, "test_ratio": 0.5, "seed": 0}})
    window = MainWindow(Session(spec))
    window.resize(1400, 900)
    window.show()
    session = window.session
    n = int(sys.argv[1])

    def train_until(target: int) -> None:
        session.toggle_train()
        deadline = time.monotonic() + 300
        while session.iterations_done < target and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)
        session.stop()
        app.processEvents()

    def rss() -> float:
        worker = session.worker._process
        return rss_mb(os.getpid()) + (rss_mb(worker.pid) if worker is not None else 0.0)

    train_until(3000)  # warm: caches, the training process, the curves' first allocations
    before, start = rss(), session.iterations_done
    train_until(start + n)
    after = rss()
    print(f"rss_growth_mb {after - before:.1f} iterations {session.iterations_done - start} "
          f"history {len(session.history)} curve {session.losses.iteration.n}")
    session.dirty = False
    window.close()
    session.worker.close()


if __name__ == "__main__":
    main()
