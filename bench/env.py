"""The bench's environment, set before numpy or Qt is imported: one BLAS thread, no screen.

One thread, because the app's numbers are small matrices where threads cost more than
they save and make timings noisy; offscreen, so the bench runs on machines with no display.
"""

from __future__ import annotations

import os

BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                  "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def configure() -> None:
    """Force single-threaded BLAS and the offscreen Qt platform (children inherit both)."""
    for name in BLAS_VARIABLES:
        os.environ[name] = "1"
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
