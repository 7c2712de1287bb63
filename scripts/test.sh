#!/usr/bin/env bash
# Install the test dependencies into .venv and run the test suite with its python.
#   bash scripts/test.sh                    the whole suite (slow soak tests excluded)
#   bash scripts/test.sh tests/test_x.py -k name   extra arguments go to pytest
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install.sh --test
exec .venv/bin/python -m pytest -q "$@"
