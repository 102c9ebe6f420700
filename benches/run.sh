#!/usr/bin/env bash
# privet's benchmark: end-to-end `privet check` on generated projects of
# growing size, the same runs with no commitments (loading alone: the floor
# the check cannot beat), and peak memory. Results go to stdout and to
# target/bench/results/; docs/performance.md records a run.
#
#   benches/run.sh            small, 10k, 100k and 1M fields x 500 commitments
#   benches/run.sh 10000      only the sizes given
#
# Installs hyperfine with apt-get if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(small 10000 100000 1000000)
fi
commitments=500
work=target/bench
results=$PWD/$work/results
mkdir -p "$results"

if ! command -v hyperfine >/dev/null; then
  apt-get install -y hyperfine >/dev/null || { apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null; }
fi
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null
fi

cargo build --release --quiet --bin privet --example gen
privet=$PWD/target/release/privet
gen=$PWD/target/release/examples/gen

# A policy file with no commitments: `--rules` pointing here makes a run
# that reads and loads every input and evaluates nothing.
no_rules=$PWD/$work/no-rules
mkdir -p "$no_rules"
printf 'policy "Nothing" {\n  source "https://example.com"\n  effective 2024-01-01\n}\n' \
  >"$no_rules/empty.privet"

for size in "${sizes[@]}"; do
  if [ "$size" = small ]; then
    fields=200 count=30
  else
    fields=$size count=$commitments
  fi
  dir=$work/p$size
  [ -f "$dir/.done-$fields-$count" ] || {
    "$gen" --fields "$fields" --commitments "$count" --seed 1 --out "$dir"
    touch "$dir/.done-$fields-$count"
  }
  input=$(du -cb "$dir"/inventory "$dir"/rules "$dir"/services | tail -1 | cut -f1)
  runs=10
  [ "$size" = 1000000 ] && runs=3
  echo "== $size: $fields fields, $count commitments, input $input bytes"
  # Exit status 1 (broken promises) is the expected outcome.
  (cd "$dir" && hyperfine --warmup 1 --runs "$runs" -i --style basic \
    --export-json "$results/check-$size.json" \
    -n "check $size" "$privet check" \
    -n "load $size" "$privet check --rules $no_rules")
  (cd "$dir" && /usr/bin/time -v "$privet" check >/dev/null 2>"$results/time-$size.txt" || true)
  peak=$(grep 'Maximum resident' "$results/time-$size.txt" | awk '{print $NF}')
  echo "peak memory: ${peak} KB (input ${input} bytes)"
done
