#!/usr/bin/env bash
# Install what Backprop Studio needs on a fresh Debian machine (Python 3.11, no screen).
#
#   bash scripts/install.sh          runtime dependencies (then: .venv/bin/python main.py)
#   bash scripts/install.sh --test   runtime + test dependencies (pytest, pytest-qt, ...)
#
# 1. The shared libraries Qt's offscreen/xcb platform plugins load. Checked with
#    `ldconfig -p`; apt-get runs only when one is missing (as root), otherwise the
#    missing ones and the command to install them are printed.
# 2. A virtual environment, .venv in the project (Debian and Ubuntu refuse `pip install`
#    outside one, PEP 668), made with `python3` and reused while it works. Debian's venv
#    module (python3-venv) is installed first when it is missing, as root; otherwise the
#    command is printed.
# 3. The Python packages, with .venv/bin/python -m pip (pip's cache makes a reinstall fast).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

requirements=requirements.txt
for arg in "$@"; do
    case "$arg" in
        --test) requirements=requirements-test.txt ;;
        -h|--help)
            sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "install.sh: unknown argument: $arg (use --test or nothing)" >&2
            exit 2
            ;;
    esac
done

venv=.venv

# apt_install PKG...: install Debian packages when root (and apt-get exists); otherwise
# print the command to run and return 1.
apt_install() {
    local cmd=(apt-get install -y --no-install-recommends "$@")
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "install.sh: installing Debian packages: $*"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${cmd[@]}" -qq >/dev/null
    else
        echo "install.sh: install them with:" >&2
        echo "    sudo apt-get update && sudo ${cmd[*]}" >&2
        return 1
    fi
}

# Debian 12 package -> the shared library it provides (as `ldconfig -p` names it).
declare -A debian_libs=(
    [libgl1]=libGL.so.1
    [libegl1]=libEGL.so.1
    [libx11-6]=libX11.so.6
    [libdbus-1-3]=libdbus-1.so.3
    [libfontconfig1]=libfontconfig.so.1
    [libfreetype6]=libfreetype.so.6
    [libglib2.0-0]=libglib-2.0.so.0
    [libxkbcommon0]=libxkbcommon.so.0
    [libxcb-cursor0]=libxcb-cursor.so.0
    [libxcb-icccm4]=libxcb-icccm.so.4
    [libxcb-keysyms1]=libxcb-keysyms.so.1
    [libxkbcommon-x11-0]=libxkbcommon-x11.so.0
)

missing_pkgs=()
if command -v ldconfig >/dev/null 2>&1 || [ -x /sbin/ldconfig ]; then
    # First field of each `ldconfig -p` line is the library's soname.
    known_libs="$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | awk 'NR > 1 {print $1}' || true)"
    for pkg in $(printf '%s\n' "${!debian_libs[@]}" | sort); do
        lib="${debian_libs[$pkg]}"
        if ! grep -qxF "$lib" <<<"$known_libs"; then
            missing_pkgs+=("$pkg")
        fi
    done
else
    echo "install.sh: ldconfig not found; not checking system libraries" >&2
fi

if [ "${#missing_pkgs[@]}" -gt 0 ]; then
    echo "install.sh: Qt needs system libraries that are missing:" >&2
    for pkg in "${missing_pkgs[@]}"; do
        echo "    ${debian_libs[$pkg]}  (Debian package $pkg)" >&2
    done
    apt_install "${missing_pkgs[@]}" || true  # the Python packages can still be installed
fi

# Reuse .venv while its python runs and has pip; otherwise make it (again) with python3.
if "$venv/bin/python" -c 'import sys, pip; sys.exit(sys.version_info < (3, 11))' \
        >/dev/null 2>&1; then
    echo "install.sh: using $venv ($("$venv/bin/python" --version 2>&1))"
else
    if ! command -v python3 >/dev/null 2>&1; then
        echo "install.sh: no 'python3' on PATH (Python 3.11 or newer is needed)" >&2
        exit 1
    fi
    if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "install.sh: $(command -v python3) is $(python3 --version 2>&1);" \
             "Python 3.11 or newer is needed" >&2
        exit 1
    fi
    if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        echo "install.sh: $(command -v python3) cannot make a virtual environment" \
             "(Debian package python3-venv)" >&2
        apt_install python3-venv || exit 1
    fi
    echo "install.sh: creating $venv with $(command -v python3) ($(python3 --version 2>&1))"
    python3 -m venv --clear "$venv"
fi

echo "install.sh: $venv/bin/python -m pip install -r $requirements"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
