#!/usr/bin/env bash
# Builds native (CLI + tests) and WebAssembly (page + tests) into build/.
#   bash scripts/build.sh [--no-web]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export NODE_PATH=/usr/share/nodejs  # emcc needs Debian's acorn (see docs/build.md)
jobs="$(nproc)"

if [ "${1:-}" != "--no-web" ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j "$jobs"
  wasm_dir="$here/build/wasm"
else
  wasm_dir=""
fi

cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release -DW2T_WASM_BUILD_DIR="$wasm_dir" >/dev/null
cmake --build build/native -j "$jobs"
