#!/usr/bin/env bash
# `w2t estimate --jsonl` against Python merely parsing and re-serialising the same
# 100,000 lines (the issue's yardstick), back to back. Run by hand; results in
# docs/performance.md.   bash scripts/bench-jsonl.sh [path/to/w2t]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
w2t="${1:-$here/build/native/cli/w2t}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/lines.jsonl" <<'PY'
import json, random, sys
random.seed(1)
hw = ['h100-sxm', 'h200-sxm', 'b200', 'mi300x', 'l40s', 'a100-sxm-80gb', 'gaudi3', 'cerebras-cs3', 'groq-lpu']
models = ['llama-3.1-8b', 'llama-3.1-70b', 'mixtral-8x7b', 'qwen3-235b-a22b', 'llama-4-maverick', 'deepseek-r1']
scenarios = ['offline', 'server', 'interactive', 'single-stream', 'fixed-batch']
with open(sys.argv[1], 'w') as f:
    for i in range(100000):
        s = random.choice(scenarios)
        d = {"hardware_id": random.choice(hw), "accelerator_count": 8, "model_id": random.choice(models),
             "precision": random.choice(['fp8', 'fp16']), "scenario": s,
             "input_tokens": random.choice([128, 1000, 2048]), "output_tokens": random.choice([128, 1000]), "id": i}
        if s == 'fixed-batch':
            d['concurrency'] = random.choice([1, 16, 64])
        f.write(json.dumps(d) + '\n')
PY
for i in 1 2 3; do
  /usr/bin/time -f "w2t estimate --jsonl: %e s wall, %U s user" "$w2t" estimate --jsonl < "$tmp/lines.jsonl" > /dev/null || true
  /usr/bin/time -f "python3 json parse+dump: %e s wall, %U s user" python3 -c '
import json, sys
for line in sys.stdin: sys.stdout.write(json.dumps(json.loads(line)) + "\n")' < "$tmp/lines.jsonl" > /dev/null
done
