#!/usr/bin/env bash
# Install what Backprop Studio needs on a fresh Debian machine (Python 3.11, no screen).
#
#   bash scripts/install.sh          runtime dependencies (then: python main.py)
#   bash scripts/install.sh --test   runtime + test dependencies (pytest, pytest-qt, ...)
#
# 1. The shared libraries Qt's offscreen/xcb platform plugins load. Checked with
#    `ldconfig -p`; apt-get runs only when one is missing (as root), otherwise the
#    missing ones and the command to install them are printed.
# 2. The Python packages, with `python -m pip` for whichever python is first on PATH.
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
    apt_cmd=(apt-get install -y --no-install-recommends "${missing_pkgs[@]}")
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "install.sh: installing system libraries for Qt: ${missing_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        "${apt_cmd[@]}" -qq >/dev/null
    else
        echo "install.sh: Qt needs system libraries that are missing:" >&2
        for pkg in "${missing_pkgs[@]}"; do
            echo "    ${debian_libs[$pkg]}  (Debian package $pkg)" >&2
        done
        echo "install.sh: install them with:" >&2
        echo "    sudo apt-get update && sudo ${apt_cmd[*]}" >&2
    fi
fi

if ! command -v python >/dev/null 2>&1; then
    echo "install.sh: no 'python' on PATH (Python 3.11 or newer is needed)" >&2
    exit 1
fi
echo "install.sh: python -m pip install -r $requirements ($(command -v python))"
PIP_ROOT_USER_ACTION=ignore python -m pip install -q --disable-pip-version-check -r "$requirements"
