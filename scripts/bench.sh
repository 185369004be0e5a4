#!/usr/bin/env bash
# Runs the benchmarks: Google Benchmark (native), then the portable timer
# natively and as WebAssembly under node, in one run so the ratio is fair.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
[ -x build/native/bench/w2t_bench ] || bash scripts/build.sh
echo "== Google Benchmark (native)"
build/native/bench/w2t_bench --benchmark_min_time=0.2 "$@"
echo "== portable timer: native"
build/native/bench/w2t_bench_portable | tee build/bench-native.jsonl
echo "== portable timer: WebAssembly under node $(node --version)"
node --no-experimental-fetch build/wasm/bench/w2t_bench_portable.js | tee build/bench-wasm.jsonl
echo "== portable timer: WebAssembly in headless Chromium"
node bench/browser_bench.mjs build/wasm/bench | tee build/bench-browser.jsonl
node -e '
const fs = require("fs");
const read = (f) => Object.fromEntries(fs.readFileSync(f, "utf8").trim().split("\n").map(JSON.parse).map((r) => [r.case, r]));
const n = read("build/bench-native.jsonl"), w = read("build/bench-wasm.jsonl"), b = read("build/bench-browser.jsonl");
console.log("== median time relative to native: node wasm, browser wasm");
for (const k of Object.keys(n))
  console.log(`${k.padEnd(22)} ${(w[k].median_us / n[k].median_us).toFixed(2)}x  ${(b[k].median_us / n[k].median_us).toFixed(2)}x`);'
