#!/usr/bin/env bash
# The allocation's first pass, optimal beside greedy, on generated scarce
# markets (bench_allocation): a markdown row per market. Each market runs in
# its own process, so the peak memory is that market's.
#
#   bench/allocation.sh [--sizes "2000 20000 200000"] [--seeds "1 2 3"] [--zero SHARE]
#
# docs/batch.md and docs/performance.md report its output.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="2000 20000 200000" seeds="1 2 3" zero=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --zero) zero=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
bin=build/bench/bench_allocation
[ -x "$bin" ] || { echo "build first: scripts/setup.sh" >&2; exit 1; }

# The time, and a counter (1.5k → 1500), of one benchmark's line.
field() { sed -nE "s/.*real_time +([0-9.]+) ms.*/\1/p" <<<"$1"; }
counter() { grep -oE "$2=[0-9.]+k?" <<<"$1" | head -1 | cut -d= -f2 | awk '/k$/ {sub(/k/,""); print $1*1000; next} {print}'; }

echo "| households | openings each | seed | served greedy | served optimal | gain | score greedy | score optimal | ms greedy | ms optimal | peak MiB optimal |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for range in "3 5" "8 10"; do
  read -r lo hi <<<"$range"
  for n in $sizes; do
    for s in $seeds; do
      out=$("$bin" --households "$n" --min "$lo" --max "$hi" --seed "$s" --zero "$zero" \
        --benchmark_filter='BM_(Greedy|Optimal)/' 2>/dev/null)
      greedy=$(grep BM_Greedy <<<"$out")
      optimal=$(grep BM_Optimal <<<"$out")
      gs=$(counter "$greedy" tier0) os=$(counter "$optimal" tier0)
      printf '| %s | %s–%s | %s | %s | %s | %+.1f%% | %s | %s | %s | %s | %s |\n' \
        "$n" "$lo" "$hi" "$s" "$gs" "$os" "$(awk -v a="$gs" -v b="$os" 'BEGIN {print (b - a) * 100 / a}')" \
        "$(counter "$greedy" score)" "$(counter "$optimal" score)" \
        "$(field "$greedy")" "$(field "$optimal")" "$(counter "$optimal" peak_MiB)"
    done
  done
done
