#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and builds scry in Release mode into build/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
BUILD_DIR="${SCRY_BUILD_DIR:-$ROOT/build}"
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
# The browser UI into web/dist, which `scry serve` serves (web_root).
(cd "$ROOT/web" && npm run --silent build >/dev/null)
