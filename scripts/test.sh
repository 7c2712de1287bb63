#!/usr/bin/env bash
# Install the test dependencies into .venv and run the test suite with its python.
#   bash scripts/test.sh                    the whole suite (slow soak tests excluded):
#                                           two processes (pytest-xdist), then the tests
#                                           that assert wall-clock time, alone
#   bash scripts/test.sh tests/test_x.py -k name   extra arguments go to pytest
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install.sh --test
if [ "$#" -gt 0 ]; then
    exec .venv/bin/python -m pytest -q "$@"
fi
workers=$(.venv/bin/python -c "import os; print(max(1, min(2, len(os.sched_getaffinity(0)))))")
.venv/bin/python -m pytest -q -n "$workers" -m "not slow and not timing and not alone"
exec .venv/bin/python -m pytest -q -m "(timing or alone) and not slow"
