#!/usr/bin/env bash
# Integration test on a real (single-node) Slurm cluster: submits the example job array, waits,
# merges the parts, and compares with one process byte for byte. Needs root (it installs and
# starts slurm-wlm and munge if they are not running). Run: npm run test:slurm
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f dist/runway.cjs ] || npm run build >/dev/null
bash examples/slurm/start-single-node.sh
shards=${SHARDS:-3}
paths=${PATHS_N:-6000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
sbatch --wait --quiet --array=0-$((shards - 1)) --output="$work/slurm-%A_%a.out" \
  --export=ALL,RUNWAY_BIN="$PWD/bin/runway.cjs" \
  examples/slurm/runway-array.sbatch scenarios/openai-2024.yaml "$shards" "$work/parts" --paths "$paths"
array_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
node bin/runway.cjs merge "$work"/parts/part-*.json --format json > "$work/merged.json"
node bin/runway.cjs simulate scenarios/openai-2024.yaml --paths "$paths" --format json > "$work/single.json"
if cmp -s "$work/merged.json" "$work/single.json"; then
  echo "slurm: $shards array tasks of scenarios/openai-2024.yaml ($paths paths) in ${array_s}s; merged JSON is byte-identical to one process"
  echo "1 passed, 0 failed"
else
  echo "slurm: merged JSON differs from one process" >&2
  diff <(head -c 2000 "$work/merged.json") <(head -c 2000 "$work/single.json") >&2 || true
  echo "0 passed, 1 failed"
  exit 1
fi
