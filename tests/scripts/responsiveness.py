"""Train with the whole window live and report the longest event-loop stall, in ms.

Run in its own process by tests/test_responsiveness.py so the measurement is the app's,
not the test suite's (whose many live objects make the garbage collector slower).
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from PySide6 import QtCore, QtWidgets  # noqa: E402

from app.session import Session  # noqa: E402
from widgets.main_window import MainWindow  # noqa: E402

app = QtWidgets.QApplication([])
window = MainWindow(Session())
window.resize(1400, 900)
window.show()
app.processEvents()
gaps = []
last = [time.perf_counter()]


def probe():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now


window.session.toggle_train()
started = time.perf_counter()  # the training process's start (numba loading) is not measured
while window.session.iterations_done == 0 and time.perf_counter() - started < 20:
    app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
window.session.stop()
window.session.toggle_train()
last[0] = time.perf_counter()
timer = QtCore.QTimer()
timer.timeout.connect(probe)
timer.start(5)
QtCore.QTimer.singleShot(int(float(sys.argv[1]) * 1000) if len(sys.argv) > 1 else 1500, app.exit)
app.exec()
window.session.stop()
print(f"max_gap_ms {max(gaps[1:]) * 1000:.1f} iterations {window.session.iterations_done} "
      f"ticks {len(gaps)}")
window.session.dirty = False
window.close()
