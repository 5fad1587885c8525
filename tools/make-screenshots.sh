#!/usr/bin/env bash
# Makes docs/screenshots/*.png from the real main window (offscreen platform, fresh settings).
# usage: tools/make-screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
out="$PWD/docs/screenshots"
mkdir -p "$out"
scratch=$(mktemp -d)
python3 tools/replay-openai-server.py 18080 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$scratch"' EXIT
sleep 1
XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
  QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Material "$build/tests/qml/tst_qml" -input tools/screenshots/shots.qml
ls -la "$out"
