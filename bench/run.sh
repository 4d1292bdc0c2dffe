#!/usr/bin/env bash
# Benchmarks jobmatch at a chosen scale, each figure beside its reference in
# the same run, and prints a markdown table (also written to bench/results/).
#
#   bench/run.sh [--openings N] [--households M] [--seconds S] [--smoke]
#
# --smoke: a seconds-long run at tiny scale that only proves the harness works.
set -euo pipefail
cd "$(dirname "$0")/.."

openings=20000 households=5000 seconds=10 port=18190
while [ $# -gt 0 ]; do
  case "$1" in
    --openings) openings=$2; shift 2 ;;
    --households) households=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --smoke) openings=300 households=60 seconds=1; shift ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done

for p in wrk time sqlite3 curl; do
  command -v "$p" >/dev/null || { [ "$p" = time ] && [ -x /usr/bin/time ]; } || need="${need:-} $p"
done
if [ -n "${need:-}" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q wrk time sqlite3 curl
fi
[ -x build/jobmatch ] || scripts/setup.sh

work=$(mktemp -d /tmp/jobmatch-bench.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export JOBMATCH_ADMIN_KEY="bench-admin-$(date +%s)"
export JOBMATCH_DATA_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }

# --- data ---------------------------------------------------------------
build/jobmatch gen --openings "$openings" --households "$households" --courses $((households / 10 + 10)) \
  --aid 30 --seed 42 --out "$work/gen" >/dev/null

start_server() {
  build/jobmatch serve --data-dir "$1" --listen 127.0.0.1:$port --threads 2 >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
api() { curl -sf -H "Authorization: Bearer $JOBMATCH_ADMIN_KEY" "$@"; }

# --- ingest: HTTP bulk vs raw SQLite inserts of the same rows ------------
start_server "$work/data"
board=$(api -H 'Content-Type: application/json' -d '{"role":"board","owner":"bench"}' \
  "http://127.0.0.1:$port/v1/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
split -l 1000 "$work/gen/openings.jsonl" "$work/chunk."
for f in "$work"/chunk.*; do { echo '['; sed '$!s/$/,/' "$f"; echo ']'; } >"$f.json"; done
t0=$(now)
for f in "$work"/chunk.*.json; do
  curl -sf -o /dev/null -H "Authorization: Bearer $board" -H 'Content-Type: application/json' \
    --data-binary @"$f" "http://127.0.0.1:$port/v1/openings/bulk"
done
t1=$(now)
until curl -sf "http://127.0.0.1:$port/metrics" | grep -q '^jobmatch_index_lag_changes 0$'; do sleep 0.05; done
t2=$(now)
acked=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
searchable=$(awk -v a="$t0" -v b="$t2" 'BEGIN { print b - a }')
sed "s/'/''/g; s/.*/INSERT INTO t VALUES('&');/" "$work/gen/openings.jsonl" >"$work/inserts.sql"
t3=$(now)
{ echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (doc TEXT); BEGIN;"; cat "$work/inserts.sql"; echo "COMMIT;"; } \
  | sqlite3 "$work/raw.db" >/dev/null
t4=$(now)
raw=$(awk -v a="$t3" -v b="$t4" 'BEGIN { print b - a }')
row "ingest, acknowledged (openings/s, bulk of 1000)" "$(rate "$openings" "$acked")" "raw SQLite inserts $(rate "$openings" "$raw")" "$(ratio "$raw" "$acked")"
row "ingest, searchable (openings/s)" "$(rate "$openings" "$searchable")" "acknowledged $(rate "$openings" "$acked")" "$(ratio "$acked" "$searchable")"

# --- search over HTTP (wrk on one core) vs the HTTP ceiling --------------
key=$JOBMATCH_ADMIN_KEY
declare -A queries=(
  [plain]="/v1/openings?q=%E7%84%8A%E5%B7%A5|/v1/openings?q=%E4%BF%9D%E6%B4%81|/v1/openings?q=%E5%8F%89%E8%BD%A6"
  [filtered]="/v1/openings?q=%E7%84%8A%E5%B7%A5&region=440300|/v1/openings?q=%E4%BF%9D%E6%B4%81&region=110000&education=junior|/v1/openings?occupation=forklift_driver&wage_min=6000"
  [faceted]="/v1/openings?q=%E7%84%8A%E5%B7%A5&facets=region,occupation,skill|/v1/openings?region=320500&facets=region,occupation,skill"
  [sorted]="/v1/openings?q=%E7%84%8A%E5%B7%A5&sort=date|/v1/openings?region=440000&sort=wage"
  [healthz]="/healthz"
)
wrk_run() {  # kind connections → "p50 p99 req/s"
  QUERIES="${queries[$1]}" KEY="$key" taskset -c 0 wrk -t1 -c"$2" -d"${seconds}s" --latency \
    -s bench/search.lua "http://127.0.0.1:$port" 2>/dev/null | awk '
      / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Requests\/sec/ { rps = $2 }
      END { printf "%s %s %.0f", p50, p99, rps }'
}
read -r _ _ ceiling8 <<<"$(wrk_run healthz 8)"
for kind in plain filtered faceted sorted; do
  for c in 8 64; do
    read -r p50 p99 rps <<<"$(wrk_run "$kind" "$c")"
    row "search $kind, $c connections (p50 / p99 / req/s)" "$p50 / $p99 / $rps" "GET /healthz $ceiling8 req/s" "$(ratio "$rps" "$ceiling8")"
  done
done
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")
stop_server

# --- search reference: SQLite the embedded way (LIKE on the base table) ---
sqlite_ms=$( { t5=$(now); for q in 焊工 保洁 叉车; do
  sqlite3 "$work/data/jobmatch.db" "SELECT doc FROM openings WHERE deleted = 0 AND doc LIKE '%$q%' LIMIT 20 OFFSET 0; SELECT COUNT(*) FROM openings WHERE doc LIKE '%$q%';" >/dev/null; done
  t6=$(now); awk -v a="$t5" -v b="$t6" 'BEGIN { printf "%.1f", (b - a) * 1000 / 3 }'; } )
row "SQLite LIKE on the base table (ms per query, one process each)" "$sqlite_ms" "-" "-"

# --- the batch -------------------------------------------------------------
build/jobmatch import --data-dir "$work/data" --kind households "$work/gen/households.jsonl" >/dev/null
build/jobmatch import --data-dir "$work/data" --kind courses "$work/gen/courses.jsonl" >/dev/null
build/jobmatch import --data-dir "$work/data" --kind aid "$work/gen/aid_products.jsonl" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/batch.time" build/jobmatch batch --data-dir "$work/data" --as-of 2026-11-29 >"$work/batch.out"
read -r wall peak <"$work/batch.time"
members=$(grep -m1 '"members"' "$work/batch.out" | tr -dc 0-9)
row "batch ($members members × $openings openings): members/s, wall s, peak MiB" \
  "$(rate "$members" "$wall") / $wall / $((peak / 1024))" "-" "-"
row "server peak RSS after the runs above (MiB)" "$((rss / 1024))" "-" "-"

mkdir -p bench/results
out="bench/results/${openings}x${households}.md"
{
  echo "Scale: $openings openings, $households households; $(nproc) cores; $(date -u +%FT%TZ)"
  echo
  echo "| figure | jobmatch | reference (same run) | ratio |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out"
