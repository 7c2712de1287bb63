"""Make a Session dirty, let the AutoSaver write the recovery file, then wait to be killed.

Run by tests/test_recovery.py:
``python tests/scripts/autosave_then_die.py RECOVERY_DIR [ORIGINAL]``. Sets W^2[1][0] to 0.625
on the XOR demo (as if opened from ORIGINAL), autosaves every 50 ms into RECOVERY_DIR, prints
the weights it saved (JSON, exact floats) after the first write, and runs until SIGKILLed.
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def main() -> None:
    from PySide6 import QtCore

    from app.recovery import AutoSaver
    from app.session import Session

    app = QtCore.QCoreApplication([])
    session = Session()
    session.spec.path = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    assert session.set_weight(2, 1, 0, 0.625) and session.dirty
    saver = AutoSaver(session, interval_ms=50, directory=sys.argv[1])

    def report(_path: str) -> None:
        weights = [w.tolist() for w in session.current_spec().network.weights]
        print(json.dumps(weights), flush=True)
        saver.written.disconnect(report)

    saver.written.connect(report)
    app.exec()


if __name__ == "__main__":
    main()
