#!/usr/bin/env bash
# The README's second command: set up, build, and run every test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/build.sh"
BUILD_DIR="${SCRY_BUILD_DIR:-$ROOT/build}"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
# The accuracy ratchet passed above (or was skipped without the suites);
# its scores, for the log.
grep -hE "^(Spider: execution accuracy|SParC: question match|eval suite not found)" \
  "$BUILD_DIR/Testing/Temporary/LastTest.log" || true
