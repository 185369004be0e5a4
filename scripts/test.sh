#!/usr/bin/env bash
# README command 2: installs what is missing, builds everything and runs every
# test: native GoogleTest (core, CLI, headless UI), the same core tests as
# WebAssembly under node, and the browser end-to-end test in headless
# Chromium. Ends with one summary line: "N passed, N failed".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/deps.sh"
bash "$here/scripts/build.sh"
cd "$here/build/native"
log="$here/build/ctest.log"
set +e
ctest --output-on-failure --timeout 300 -j 2 --no-tests=error 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary="$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1 || true)"
if [[ $summary =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
  failed=${BASH_REMATCH[1]}
  total=${BASH_REMATCH[2]}
  echo "$((total - failed)) passed, $failed failed"
fi
exit "$status"
