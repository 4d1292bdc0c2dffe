#!/usr/bin/env bash
# Benchmarks jobmatch at a chosen scale, each figure beside its reference in
# the same run, and prints a markdown table (also written to bench/results/).
#
#   bench/run.sh [--openings N] [--households M] [--seconds S] [--smoke]
#
# --smoke: a seconds-long run at tiny scale that only proves the harness works.
# docs/performance.md explains every row.
set -euo pipefail
cd "$(dirname "$0")/.."

openings=20000 households=5000 seconds=10 port=18190 sphinx_port=19306 sample=200
while [ $# -gt 0 ]; do
  case "$1" in
    --openings) openings=$2; shift 2 ;;
    --households) households=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --smoke) openings=300 households=60 seconds=1 sample=20; shift ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done

# --- tools: wrk, GNU time, sqlite3, curl, and what bench_sphinx builds with --
need=()
for p in wrk time sqlite3 curl libmariadb-dev libbenchmark-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi
scripts/setup.sh >/dev/null  # builds build/bench/* too
[ -x build/bench/sphinx/bench_sphinx ] || { echo "bench_sphinx was not built" >&2; exit 1; }

work=$(mktemp -d /tmp/jobmatch-bench.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  bench/sphinx/sphinx.sh stop "$work/sphinx" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
source bench/common.sh
# Rows are appended as they are measured: a long run that is stopped still
# leaves what it measured.
mkdir -p bench/results
out="bench/results/${openings}x${households}.md"
{
  echo "Scale: $openings openings, $households households; $(nproc) cores; $(date -u +%FT%TZ)"
  echo
  echo "| figure | jobmatch | reference (same run) | ratio |"
  echo "|---|---|---|---|"
} >"$out"
row() { echo "| $1 | $2 | $3 | $4 |" | tee -a "$out" >&2; }

# --- data ---------------------------------------------------------------
log "generating $openings openings, $households households"
build/jobmatch gen --openings "$openings" --households "$households" --courses $((households / 10 + 10)) \
  --aid 30 --seed 42 --out "$work/gen" >/dev/null

start_server() {
  build/jobmatch serve --data-dir "$work/data" --listen 127.0.0.1:$port --threads 2 >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 2400); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
api() { curl -sf -H "Authorization: Bearer $JOBMATCH_ADMIN_KEY" "$@"; }

# --- ingest: HTTP bulk vs raw SQLite inserts vs Sphinx's indexer ----------
log "ingest"
start_server
board=$(api -H 'Content-Type: application/json' -d '{"role":"board","owner":"bench"}' \
  "http://127.0.0.1:$port/v1/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
bulk_bodies "$work/gen/openings.jsonl" "$work"
t0=$(now)
post_bodies "$port" "$board" "$work"
acked=$(since "$t0")
caught_up "$port"
searchable=$(since "$t0")
rm -f "$work"/chunk.*.json
sed "s/'/''/g; s/.*/INSERT INTO t VALUES('&');/" "$work/gen/openings.jsonl" >"$work/inserts.sql"
t0=$(now)
{ echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (doc TEXT); BEGIN;"; cat "$work/inserts.sql"; echo "COMMIT;"; } \
  | sqlite3 "$work/raw.db" >/dev/null
raw=$(since "$t0")
rm -f "$work/inserts.sql" "$work/raw.db"
sphinx_rate=$(bench/sphinx/sphinx.sh index "$work/gen/openings.jsonl" "$work/sphinx" "$sphinx_port" 2>/dev/null |
  sed -n 's/.*indexer [0-9.]* s (\([0-9]*\) docs\/s).*/\1/p')
row "ingest, acknowledged (openings/s, bulk of 1000)" "$(rate "$openings" "$acked")" "raw SQLite inserts $(rate "$openings" "$raw")" "$(ratio "$raw" "$acked")"
row "ingest, searchable (openings/s)" "$(rate "$openings" "$searchable")" "Sphinx indexer $sphinx_rate" "$(ratio "$(rate "$openings" "$searchable")" "$sphinx_rate")"
# A live index like ours: Sphinx's RT index, fed over SphinxQL in the same bulks.
bench/sphinx/sphinx.sh start "$work/sphinx" >/dev/null
sphinx_rt=$(bench/sphinx/sphinx.sh rt "$work/sphinx" | sed -n 's/.* seconds, \([0-9]*\) docs\/s$/\1/p')
bench/sphinx/sphinx.sh stop "$work/sphinx" >/dev/null
row "ingest, searchable (openings/s), against a live index" "$(rate "$openings" "$searchable")" "Sphinx RT index, INSERTs of 1000 $sphinx_rt" "$(ratio "$(rate "$openings" "$searchable")" "$sphinx_rt")"

# --- search over HTTP (wrk on one core) -------------------------------------
key=$JOBMATCH_ADMIN_KEY
paths() { build/bench/bench_search --list "$1" | paste -sd'|'; }
wrk_run() {  # QUERIES connections → "p50 p99 req/s mean"
  QUERIES="$1" KEY="$key" taskset -c 0 wrk -t1 -c"$2" -d"${seconds}s" --latency \
    -s bench/search.lua "http://127.0.0.1:$port" 2>/dev/null | awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /^ +Latency +[0-9]/ { mean = ms($2) } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
      END { printf "%.2f %.2f %.0f %.3f", p50, p99, rps, mean }'
}
# The server's own time in the handler for searches so far: "seconds count".
handler_totals() {
  api "http://127.0.0.1:$port/metrics" | awk '
    /^jobmatch_http_request_duration_seconds_sum\{route="\/v1\/openings"\}/ { s = $2 }
    /^jobmatch_http_request_duration_seconds_count\{route="\/v1\/openings"\}/ { c = $2 }
    END { print s + 0, c + 0 }'
}
log "wrk"
read -r _ _ ceiling _ <<<"$(wrk_run /healthz 8)"
declare -A http_mean handler_mean
for kind in plain filtered faceted sorted; do
  read -r s0 c0 <<<"$(handler_totals)"
  read -r _ _ _ http_mean[$kind] <<<"$(wrk_run "$(paths "$kind")" 1)"
  read -r s1 c1 <<<"$(handler_totals)"
  handler_mean[$kind]=$(awk -v a="$s0" -v b="$s1" -v c="$c0" -v d="$c1" 'BEGIN { print (d > c ? (b - a) / (d - c) * 1e6 : 0) }')
  for c in 8 64; do
    read -r p50 p99 rps _ <<<"$(wrk_run "$(paths "$kind")" "$c")"
    row "search $kind over HTTP, $c connections (p50 ms / p99 ms / req/s)" "$p50 / $p99 / $rps" "GET /healthz $ceiling req/s" "$(ratio "$rps" "$ceiling")"
  done
done
stop_server

# --- the same searches: in-process, SQLite the embedded way, Sphinx ---------
log "in-process and SQLite (Google Benchmark)"
min_time=$(awk -v s="$seconds" 'BEGIN { print s / 2 }')
export JOBMATCH_BENCH_DATA="$work/data" JOBMATCH_BENCH_CORPUS="$work/gen/openings.jsonl"
build/bench/bench_search --benchmark_min_time="$min_time" --benchmark_format=csv 2>/dev/null >"$work/search.csv"
log "Sphinx"
bench/sphinx/sphinx.sh start "$work/sphinx" >/dev/null
# queries.sql is written for 2026-11-29: filter expiry as of today instead.
sed "s/20261129/$(date +%Y%m%d)/g" bench/sphinx/queries.sql >"$work/queries.sql"
SPHINX_QUERIES="$work/queries.sql" SPHINX_PORT=$sphinx_port build/bench/sphinx/bench_sphinx --benchmark_min_time="$min_time" \
  --benchmark_format=csv 2>/dev/null >"$work/sphinx.csv"
bench/sphinx/sphinx.sh stop "$work/sphinx" >/dev/null
mean_us() { awk -F, -v n="$2" 'index($1, n) == 2 { print $3; exit }' "$1"; }  # file, name → real_time µs
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
for kind in plain filtered faceted sorted; do
  inproc=$(mean_us "$work/search.csv" "BM_InProcess/$kind/")
  sqlite=$(mean_us "$work/search.csv" "BM_Sqlite/$kind/")
  sphinx=$(mean_us "$work/sphinx.csv" "sphinx/$kind/")
  http=$(awk -v m="${http_mean[$kind]}" 'BEGIN { print m * 1000 }')
  row "search $kind, one client: HTTP mean ms" "$(ms "$http")" "in-process $(ms "$inproc") ms" "$(ratio "$http" "$inproc")"
  row "search $kind, one client: HTTP mean ms against the server's handler time" "$(ms "$http")" "handler $(ms "${handler_mean[$kind]}") ms (/metrics)" "$(ratio "$http" "${handler_mean[$kind]}")"
  row "search $kind, one client: SQLite (FTS5 trigram / LIKE) mean ms" "$(ms "$sqlite")" "jobmatch HTTP $(ms "$http") ms" "$(ratio "$sqlite" "$http")"
  row "search $kind, one client: Sphinx 2.2 (SphinxQL) mean ms" "$(ms "$sphinx")" "jobmatch HTTP $(ms "$http") ms" "$(ratio "$sphinx" "$http")"
done

# --- households, courses, aid; live matches; the server's memory ------------
log "import households"
t0=$(now)
build/jobmatch import --data-dir "$work/data" --kind households "$work/gen/households.jsonl" >/dev/null
import_s=$(since "$t0")
build/jobmatch import --data-dir "$work/data" --kind courses "$work/gen/courses.jsonl" >/dev/null
build/jobmatch import --data-dir "$work/data" --kind aid "$work/gen/aid_products.jsonl" >/dev/null
row "import households (households/s, CLI)" "$(rate "$households" "$import_s")" "-" "-"
start_server
caught_up "$port"
# Every request a different member (up to 50,000): the server remembers a
# retrieval until the index changes, and repeating members would measure that.
sqlite3 "$work/data/jobmatch.db" "SELECT id FROM members WHERE removed = 0 ORDER BY (id * 7919) % 10007 LIMIT 50000" |
  sed 's|.*|/v1/members/&/matches?kind=openings\&limit=10|' >"$work/members.txt"
log "live matches"
read -r p50 p99 rps _ <<<"$(QUERIES_FILE="$work/members.txt" wrk_run "" 8)"
row "live matches GET /v1/members/{id}/matches, 8 connections (p50 ms / p99 ms / req/s)" "$p50 / $p99 / $rps" "GET /healthz $ceiling req/s" "$(ratio "$rps" "$ceiling")"
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")
row "server peak RSS holding $openings openings and $households households (MiB)" "$((rss / 1024))" "-" "-"
stop_server

# --- matching quality: recall@10 against exhaustive scoring ------------------
log "recall"
build/bench/bench_recall "$sample" >"$work/recall.out"
recall=$(awk '/^recall@10/ { print $2 }' "$work/recall.out")
read -r pipe50 pipe99 <<<"$(awk '/^pipeline/ { print $4, $6 }' "$work/recall.out")"
read -r ex50 ex99 <<<"$(awk '/^exhaustive/ { print $4, $6 }' "$work/recall.out")"
row "matching recall@10 ($sample members), retrieval of 1,000, 300 scored" "$recall" "exhaustive scoring 1.000" "$recall"
row "matching one member in-process (p50 ms / p99 ms)" "$pipe50 / $pipe99" "exhaustive $ex50 / $ex99" "$(ratio "$pipe50" "$ex50")"

# --- the batch ---------------------------------------------------------------
log "batch"
/usr/bin/time -f "%e %M" -o "$work/batch.time" build/jobmatch batch --data-dir "$work/data" --as-of "$(date +%F)" >"$work/batch.out"
read -r wall peak <"$work/batch.time"
selected=$(grep -m1 '"members"' "$work/batch.out" | tr -dc 0-9)
match_s=$(awk -F: '/"match"/ { print $2 / 1000 }' "$work/batch.out")
row "batch ($selected members × $openings openings): members/s, wall s, peak MiB" \
  "$(rate "$selected" "$wall") / $wall / $((peak / 1024))" "-" "-"
row "batch matching phase (members/s, s)" "$(rate "$selected" "$match_s") / $match_s" "-" "-"
phases=$(awk -F'[:,]' '/"(select|match|allocate|explain|plan|write)":/ {
  gsub(/[" ]/, "", $1); printf "%s%s %.1f", sep, $1, $2 / 1000; sep = ", " }' "$work/batch.out")
row "batch phases (s)" "$phases" "-" "-"

cat "$out"
