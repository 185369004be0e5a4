#!/usr/bin/env bash
# How the performance model does on measurements its parameters never saw: the
# calibration rows split in two by source (every row of a source on the same side),
# the parameters fitted on one half, then validated on the other, both ways.
#   bash scripts/perf-holdout.sh [path/to/w2t]      (run by hand; results in docs/perf-model.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
w2t="${1:-$here/build/native/cli/w2t}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 - "$here/catalogue/inference_calibration.csv" "$tmp" <<'PY'
import csv, hashlib, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(src, newline='')))
halves = {0: [], 1: []}
for r in rows:
    # By source: a URL's rows stay together, so no half sees another half's source.
    halves[hashlib.sha256(r['source_url'].encode()).digest()[0] % 2].append(r)
for k, part in halves.items():
    with open(f"{out}/half{k}.csv", "w", newline='') as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys())
        w.writeheader()
        w.writerows(part)
    print(f"half {k}: {len(part)} rows from {len({r['source_url'] for r in part})} sources")
PY
for fit in 0 1; do
  other=$((1 - fit))
  "$w2t" validate --calibration "$tmp/half$fit.csv" --fit --json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["fit"]["params"]))' > "$tmp/params$fit.json"
  echo "== fitted on half $fit, validated on half $other (never seen):"
  "$w2t" validate --calibration "$tmp/half$other.csv" --params "$tmp/params$fit.json" | tail -n 3
  echo "   same half with the built-in parameters, for comparison:"
  "$w2t" validate --calibration "$tmp/half$other.csv" | tail -n 1
done
