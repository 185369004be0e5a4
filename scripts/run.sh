#!/usr/bin/env bash
# README command 1: installs what is missing, builds native + WebAssembly, and
# serves the page on http://127.0.0.1:${PORT:-8080}/ (Ctrl+C stops it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/deps.sh"
bash "$here/scripts/build.sh"
echo "Site folder (deployable as is): $here/build/wasm/site"
echo "CLI: $here/build/native/cli/w2t --help"
exec node "$here/scripts/serve.mjs" "$here/build/wasm/site" --port "${PORT:-8080}"
