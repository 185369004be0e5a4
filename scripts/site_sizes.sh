#!/usr/bin/env bash
# Prints the built site's file sizes, raw and gzip -9, and the totals.
#   bash scripts/site_sizes.sh [site-dir]
set -euo pipefail
site="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/wasm/site}"
[ -f "$site/index.html" ] || { echo "site_sizes: $site/index.html not found; build first" >&2; exit 2; }
printf '| file | raw bytes | gzip -9 bytes |\n|---|---:|---:|\n'
total_raw=0; total_gz=0
for f in $(cd "$site" && find . -type f | sed 's|^\./||' | sort); do
  raw=$(stat -c%s "$site/$f"); gz=$(gzip -9 -c "$site/$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '| %s | %d | %d |\n' "$f" "$raw" "$gz"
done
printf '| **total** | **%d** | **%d** |\n' "$total_raw" "$total_gz"
