#!/usr/bin/env bash
# Set up everything the app (or the test suite) needs on a bare Debian 12
# machine with Python 3.11 and pip:  bash scripts/setup.sh [app|test]
#   - system libraries Qt needs (apt-get when root on Debian, else a clear message)
#   - a virtual environment in .venv with the project and its dependencies
#     (test: also the test tools and PyInstaller, since the suite builds the bundle in CI)
#   - app: the applications-menu launcher (main.py --install-desktop)
# Re-running is cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"

# Libraries Qt's offscreen platform loads (libGL is needed even offscreen).
sys_pkgs=(libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3)
if [ "$mode" = app ]; then
    # A real window on X11 (Qt >= 6.5 aborts without libxcb-cursor0).
    sys_pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
               libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core)
fi
# Tools the checks use: desktop-file-validate for the launcher, objdump for PyInstaller when
# the bundle is built (CI). Installed when root; otherwise named, and the setup goes on.
tool_pkgs=()
[ "$mode" = test ] && tool_pkgs=(desktop-file-utils binutils)

missing=()
missing_tools=()
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${sys_pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    for p in "${tool_pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_tools+=("$p")
    done
fi
all_missing=("${missing[@]}" "${missing_tools[@]}")
if [ ${#all_missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing system packages: ${all_missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${all_missing[@]}" >/dev/null
    elif [ ${#missing[@]} -gt 0 ]; then
        echo "setup: Qt needs these system packages, which are missing:" >&2
        echo "    sudo apt-get install ${all_missing[*]}" >&2
        exit 1
    else
        echo "setup: the launcher check and the bundle build need: sudo apt-get install ${missing_tools[*]}" >&2
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    "$python" -m venv .venv
fi

# Reinstall only when pyproject.toml changed since the last install.
extra=""; [ "$mode" = test ] && extra="[test,bundle]"
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-${mode}"
if [ ! -f "$stamp" ]; then
    echo "setup: installing Python packages into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
    touch "$stamp"
fi

if [ "$mode" = app ] && [ "$(uname -s)" = Linux ]; then
    # A menu entry (and a Desktop icon where there is a Desktop folder) to double-click.
    .venv/bin/python main.py --install-desktop || echo "setup: no launcher written (the app still runs from here)"
fi
