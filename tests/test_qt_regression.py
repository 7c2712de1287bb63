"""Guard against the PySide6 6.12.0 crash that requirements.txt's upper bound avoids.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a method that
returns nothing (QPainter.setPen, drawLines, ...). None is not immortal before 3.12, so a
pyqtgraph window that repaints in a loop soon takes None's count to zero and the
interpreter aborts with "Fatal Python error: none_dealloc".

The child script first checks None's count across direct void calls (and exits with a
clear message if it falls), then repaints a plot with a curve, axes and an image 1,000
times, as the app's docks do. It runs in a subprocess because the failure is an abort,
not an exception. With 6.12.0 the probe fails at once, and without the probe the loop
aborts at frame ~104 inside AxisItem.drawPicture; 6.11.3 passes in a few seconds.
Before raising the bound in requirements.txt, run this test against the new version.
"""

import os
import subprocess
import sys
import time

import pytest

FRAMES = 1000

CHILD = r"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui

frames = int(sys.argv[1])
app = pg.mkQApp()

# 1. A direct probe: calls of void methods must leave None's reference count alone.
image = QtGui.QImage(64, 64, QtGui.QImage.Format.Format_ARGB32)
painter = QtGui.QPainter(image)
pen = QtGui.QPen(QtGui.QColor(200, 50, 50))
lines = [QtCore.QLineF(0, i, 63, 63 - i) for i in range(8)]
before = sys.getrefcount(None)
for _ in range(200):
    painter.setPen(pen)
    painter.drawLines(lines)
drift = sys.getrefcount(None) - before
painter.end()
print(f"None refcount drift over 400 void calls: {drift}", flush=True)
if drift < -100:
    sys.exit("void Qt methods leak references to None")

# 2. What the app does: a pyqtgraph window that repaints in a loop.
win = pg.GraphicsLayoutWidget()
win.resize(240, 160)
plot = win.addPlot()
curve = plot.plot(pen=pg.mkPen((255, 200, 0), width=1))
view = win.addViewBox(lockAspect=True)
img = pg.ImageItem()
view.addItem(img)
win.show()

x = np.linspace(0.0, 2.0 * np.pi, 100)
rng = np.random.default_rng(0)
target = QtGui.QImage(win.size(), QtGui.QImage.Format.Format_ARGB32)
for i in range(frames):
    curve.setData(x, np.sin(x + 0.1 * i) * (1 + i % 7))
    img.setImage(rng.random((12, 12)), levels=(0.0, 1.0))
    app.processEvents()
    target.fill(0)
    p = QtGui.QPainter(target)
    win.render(p)  # a real paint of every item: axes, grid, curve, image
    p.end()
print(f"survived {frames} frames", flush=True)
"""


@pytest.mark.timing
def test_pyqtgraph_repaint_loop_survives_1000_frames(tmp_path):
    script = tmp_path / "repaint_loop.py"
    script.write_text(CHILD)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(script), str(FRAMES)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, (
        f"repaint loop died with code {proc.returncode} after {elapsed:.1f} s "
        f"(PySide6 none_dealloc regression? see requirements.txt):\n{output[-3000:]}"
    )
    assert f"survived {FRAMES} frames" in proc.stdout, output[-3000:]
