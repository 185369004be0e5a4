#!/usr/bin/env bash
# README command 2: installs what is missing, builds everything and runs every
# test: native GoogleTest, the same core tests as WebAssembly under node, and
# the browser end-to-end test in headless Chromium. Ends with ctest's summary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/deps.sh"
bash "$here/scripts/build.sh"
cd "$here/build/native"
exec ctest --output-on-failure --timeout 300 -j 2
