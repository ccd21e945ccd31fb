#!/usr/bin/env bash
# Integration test on a real (single-node) Slurm cluster: submits the example job array, waits,
# merges the parts, and compares with one process byte for byte. Twice: a run that keeps every
# path's cash (parts above the 1 MiB that scenario files are limited to), and a run above the
# exact limit (cash in sketches), with a failed task re-run alone. Needs root (it installs and
# starts slurm-wlm and munge if they are not running). Run: npm run test:slurm
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f dist/runway.cjs ] || npm run build >/dev/null
bash examples/slurm/start-single-node.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runway() { node bin/runway.cjs "$@"; }
passed=0 failed=0

# array SHARDS PATHS NAME: runs the array, merges, compares; prints one line
array() {
  local shards=$1 paths=$2 name=$3 dir="$work/$3" start array_s merge_s sizes
  start=$(date +%s.%N)
  sbatch --wait --quiet --array=0-$((shards - 1)) --output="$dir/slurm-%A_%a.out" \
    --export=ALL,RUNWAY_BIN="$PWD/bin/runway.cjs" \
    examples/slurm/runway-array.sbatch scenarios/openai-2024.yaml "$shards" "$dir/parts" --paths "$paths"
  array_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if [ "$name" = sketch ]; then
    # a lost part, named by merge, then its task run again alone
    rm "$dir/parts/part-1.runway-part"
    if runway merge "$dir"/parts/part-*.runway-part > /dev/null 2> "$dir/missing.err" || ! grep -q "missing shard 1/$shards" "$dir/missing.err"; then
      echo "slurm: merge did not name the missing shard" >&2; cat "$dir/missing.err" >&2; failed=$((failed + 1)); return
    fi
    sbatch --wait --quiet --array=1 --output="$dir/slurm-%A_%a.out" --export=ALL,RUNWAY_BIN="$PWD/bin/runway.cjs" \
      examples/slurm/runway-array.sbatch scenarios/openai-2024.yaml "$shards" "$dir/parts" --paths "$paths"
  fi
  start=$(date +%s.%N)
  runway merge "$dir"/parts/part-*.runway-part --format json > "$dir/merged.json"
  merge_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  runway simulate scenarios/openai-2024.yaml --paths "$paths" --format json > "$dir/single.json"
  sizes=$(stat -c %s "$dir"/parts/part-*.runway-part | sort -n | sed -n '1p;$p' | paste -sd- -)
  if ! cmp -s "$dir/merged.json" "$dir/single.json"; then
    echo "slurm ($name): merged JSON differs from one process" >&2
    diff <(head -c 2000 "$dir/merged.json") <(head -c 2000 "$dir/single.json") >&2 || true
    failed=$((failed + 1))
  elif [ "$name" = exact ] && [ "$(stat -c %s "$dir/parts/part-0.runway-part")" -le 1048576 ]; then
    echo "slurm ($name): the parts were meant to be larger than 1 MiB ($sizes bytes)" >&2
    failed=$((failed + 1))
  else
    echo "slurm ($name): $shards array tasks of scenarios/openai-2024.yaml ($paths paths) in ${array_s}s, parts of $sizes bytes, merged in ${merge_s}s; byte-identical to one process"
    passed=$((passed + 1))
  fi
}

mkdir -p "$work/exact" "$work/sketch"
array "${SHARDS:-3}" "${PATHS_N:-60000}" exact
array "${SKETCH_SHARDS:-4}" "${SKETCH_PATHS_N:-1100000}" sketch
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
