#!/usr/bin/env bash
# Build the one-folder app a school can hand out:  bash packaging/build.sh
#   -> dist/neuron-lab/neuron-lab   (runs with no Python installed; same options as main.py)
# Needs the [bundle] extra (PyInstaller):  .venv/bin/python -m pip install -e ".[bundle]"
# DIST_DIR / WORK_DIR choose other output / scratch folders (the test builds in a temp folder);
# PYTHON chooses the interpreter (default: the checkout's .venv, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-}
if [ -z "$python" ]; then
    if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
    echo "build: PyInstaller is missing; install it with:" >&2
    echo "    $python -m pip install -e \".[bundle]\"" >&2
    exit 1
fi
dist=${DIST_DIR:-$root/dist}
work=${WORK_DIR:-$root/build}
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" packaging/neuron-lab.spec
echo "build: $dist/neuron-lab/neuron-lab ($(du -sh "$dist/neuron-lab" | cut -f1))"
