#!/usr/bin/env bash
# Prove README's set-up on the system's own Python (run by .ci/run after the tests):
# clone this repository's committed HEAD into a temporary folder, run scripts/install.sh
# there in an empty environment (env -i PATH=/usr/bin:/bin HOME=<that folder>), then render
# the demo session headless with .venv/bin/python and check the PNG. Only pip's cache is
# shared (PIP_CACHE_DIR, default ~/.cache/pip), so a second run downloads nothing.
# Skipped when there is no /usr/bin/python3.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x /usr/bin/python3 ]; then
    echo "check_fresh_install.sh: no /usr/bin/python3, skipped"
    exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cache="${PIP_CACHE_DIR:-$HOME/.cache/pip}"
stock=(env -i PATH=/usr/bin:/bin HOME="$tmp" PIP_CACHE_DIR="$cache")

start=$SECONDS
git clone --quiet . "$tmp/repo"
cd "$tmp/repo"
"${stock[@]}" bash scripts/install.sh
base="$(.venv/bin/python -c 'import sys; print(sys.base_prefix)')"
if [ "$base" != /usr ]; then
    echo "check_fresh_install.sh: .venv was made from $base, not /usr/bin/python3" >&2
    exit 1
fi
"${stock[@]}" .venv/bin/python main.py render resources/sessions/xor_demo.json --out "$tmp/x.png"
if [ "$(head -c 8 "$tmp/x.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "check_fresh_install.sh: $tmp/x.png is not a PNG" >&2
    exit 1
fi
echo "check_fresh_install.sh: install and render with /usr/bin/python3 in a fresh clone:" \
     "ok ($((SECONDS - start)) s)"
