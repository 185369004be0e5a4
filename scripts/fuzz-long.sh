#!/usr/bin/env bash
# The long fuzzing run (by hand, not in CI): every libFuzzer target in tests/fuzz
# for RUNS executions (default 10 million each), one after the other, in build/fuzz
# (clang, -fsanitize=fuzzer,address,undefined, -O1 with asserts on).
#
#   bash scripts/fuzz-long.sh                      # all targets, 10M runs each
#   RUNS=1000000 bash scripts/fuzz-long.sh probe_stream cli_args
#   SECONDS_PER_TARGET=60 RUNS=-1 bash scripts/fuzz-long.sh   # 60 s each, no run limit
#
# The corpus grows in build/fuzz/fuzz/corpus/<target> (seeds: tests/fuzz/corpus/<target>);
# a crash is saved as build/fuzz/fuzz/artifacts/<target>-crash-<sha1> and the script
# exits 1. Reproduce one with build/fuzz/tests/fuzz/fuzz_<target> <file>, then add it
# as a regression test (docs/hardening.md). Per-target logs: build/fuzz/long-<target>.log.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-10000000}"
max_time="${SECONDS_PER_TARGET:-0}"
build="$here/build/fuzz"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(probe_stream estimate_json catalogue calibration_csv cli_args)

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DW2T_FUZZ=ON -DW2T_SANITIZE=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
cmake --build "$build" -j "$(nproc)" --target w2t_fuzzers

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
printf '%-16s %12s %10s %8s %s\n' target execs execs/s seconds result
for t in "${targets[@]}"; do
  work="$build/fuzz/corpus/$t"
  mkdir -p "$work" "$build/fuzz/artifacts"
  log="$build/long-$t.log"
  start=$(date +%s)
  set +e
  "$build/tests/fuzz/fuzz_$t" -runs="$runs" -max_total_time="$max_time" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz/artifacts/$t-" \
    "$work" "$here/tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  result=ok
  if [ "$rc" -ne 0 ]; then result="FAILED (exit $rc, see $log)"; status=1; fi
  printf '%-16s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$secs" "$result"
done
exit "$status"
