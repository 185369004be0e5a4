#!/usr/bin/env bash
# Keeps core/ portable: no platform headers, and it compiles warning-free with
# clang as well as gcc (the native build) and Emscripten (the wasm build).
#   bash scripts/check-core.sh        (run by ctest as core.portability)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bad="$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](emscripten|GLFW|GLES|GL/|curl|sys/|unistd|windows|imgui|pthread)' core || true)"
if [ -n "$bad" ]; then
  echo "core/ includes platform headers (keep them in web/ or cli/):"
  echo "$bad"
  exit 1
fi
echo "core/: no platform headers"
if command -v clang++ >/dev/null; then
  # The embedded catalogue headers, generated as the build does.
  gen="$(mktemp -d)"
  trap 'rm -rf "$gen"' EXIT
  for pair in accelerators_json:accelerators.json models_json:models.json calibration_csv:inference_calibration.csv supply_json:supply.json economics_json:economics.json api_prices_json:api_prices.json; do
    cmake -DIN="catalogue/${pair#*:}" -DOUT="$gen/w2t_embedded_${pair%%:*}.hpp" -DNAME="${pair%%:*}" \
          -P scripts/embed_binary.cmake
  done
  clang++ -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -Icore/include -I"$gen" \
          core/src/*.cpp core/src/*/*.cpp
  echo "core/: compiles with $(clang++ --version | head -n 1)"
else
  echo "clang++ not found: clang check skipped"
fi
