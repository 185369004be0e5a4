#!/usr/bin/env bash
# README command 2: installs what is missing, builds everything and runs every
# test: native GoogleTest (core, CLI, headless UI), the same core tests as
# WebAssembly under node, and the browser end-to-end test in headless
# Chromium; then the native suite again under ASan + UBSan (build/asan), with
# short libFuzzer runs when clang is there. Ends with one summary line over
# both: "N passed, N failed".
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

# The native suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# (build/asan, no WebAssembly or browser): any report fails its test. With clang
# the same tree also builds the libFuzzer targets (tests/fuzz) and runs each
# briefly (fuzz.*); the long run is scripts/fuzz-long.sh. docs/hardening.md.
asan_dir="$here/build/asan"
asan_log="$here/build/ctest-asan.log"
asan_args=(-DCMAKE_BUILD_TYPE=Debug -DW2T_SANITIZE=ON)
if command -v clang++ >/dev/null 2>&1; then
  asan_args+=(-DCMAKE_CXX_COMPILER=clang++ -DW2T_FUZZ=ON)
fi
echo "== AddressSanitizer + UndefinedBehaviorSanitizer: $asan_dir"
cmake -S "$here" -B "$asan_dir" -G Ninja "${asan_args[@]}" >/dev/null
cmake --build "$asan_dir" -j "$(nproc)"
cd "$asan_dir"
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure --timeout 300 -j 2 --no-tests=error -E '^core\.portability$' 2>&1 | tee "$asan_log"
asan_status=${PIPESTATUS[0]}
set -e
[ "$asan_status" -eq 0 ] || status=$asan_status

passed=0
failed=0
for f in "$log" "$asan_log"; do
  summary="$(grep -E '[0-9]+ tests failed out of [0-9]+' "$f" | tail -n 1 || true)"
  if [[ $summary =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  fi
done
echo "$passed passed, $failed failed"
exit "$status"
