#!/usr/bin/env bash
# The index in shards, side by side in one run over the same openings: one
# index against 2 and 4 local shards and 2 and 4 shards on xapian-tcpsrv.
# For plain, region-filtered (one province: one shard) and faceted searches:
# the closed loop (wrk, 8 connections) and the open loop (bench_open_loop at
# half the closed loop's throughput, latency from when each request was due).
# Then searchable ingest of more openings into one index and into 4 shards.
#
#   bench/shards.sh [--openings N] [--more M] [--seconds S]
#
# Prints a markdown table (also written to bench/results/shards-N.md);
# docs/performance.md explains it.
set -euo pipefail
cd "$(dirname "$0")/.."

openings=1000000 more=100000 seconds=10 port=18290
while [ $# -gt 0 ]; do
  case "$1" in
    --openings) openings=$2; shift 2 ;;
    --more) more=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
scripts/setup.sh >/dev/null
[ -x build/bench/bench_open_loop ] || { echo "bench_open_loop was not built" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d /tmp/jobmatch-shards.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
source bench/common.sh
out="bench/results/shards-${openings}.md"
mkdir -p bench/results
{
  echo "Scale: $openings openings; $(nproc) cores; $(date -u +%FT%TZ); $seconds s per figure"
  echo
  echo "| layout | search | closed loop, 8 connections: p50 / p99 ms, req/s | open loop at half that rate: p50 / p99 ms |"
  echo "|---|---|---|---|"
} >"$out"
row() { echo "| $1 | $2 | $3 | $4 |" | tee -a "$out" >&2; }

# --- one store, indexed once per layout -------------------------------------
log "generating and importing $openings openings"
build/jobmatch gen --openings "$openings" --households 10 --courses 10 --aid 5 --seed 42 \
  --out "$work/gen" >/dev/null
build/jobmatch gen --openings "$more" --households 10 --courses 10 --aid 5 --seed 43 \
  --out "$work/more" >/dev/null
build/jobmatch import --data-dir "$work/one" --kind openings "$work/gen/openings.jsonl" >/dev/null

# Provinces to n shards, the biggest first to the emptiest (by openings).
shard_map() {  # n dir location-prefix → the map's path
  local n=$1 dir=$2 where=$3
  sed -n 's/.*"region": *"\([0-9][0-9]\)[0-9]*".*/\1/p' "$work/gen/openings.jsonl" | sort | uniq -c |
    sort -rn | awk -v n="$n" -v where="$where" '
      { load_min = -1; for (s = 0; s < n; s++) if (load_min < 0 || load[s] < load[load_min]) load_min = s
        load[load_min] += $1; p[load_min] = p[load_min] (p[load_min] ? ", " : "") "\"" $2 "0000\"" }
      END { printf "{\"timeout_ms\": 5000, \"shards\": ["
            for (s = 0; s < n; s++) {
              printf "%s{\"name\": \"s%d\", \"location\": \"%s%d\"", (s ? ", " : ""), s, where, s
              if (s > 0) printf ", \"provinces\": [%s]", p[s]
              printf "}"
            }
            print "]}" }' >"$dir/shards.json"
  echo "$dir/shards.json"
}
for n in 2 4; do
  mkdir -p "$work/s$n"
  cp "$work/one/jobmatch.db" "$work/s$n/"
  log "reindexing into $n local shards"
  build/jobmatch reindex --data-dir "$work/s$n" --shards "$(shard_map "$n" "$work/s$n" "shard")" \
    >/dev/null
done

# --- the layouts --------------------------------------------------------------
server=""
start_server() {  # data-dir [map]
  local extra=()
  [ $# -gt 1 ] && extra=(--shards "$2")
  build/jobmatch serve --data-dir "$1" --listen 127.0.0.1:$port --threads 2 "${extra[@]}" \
    >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 2400); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
# Each local shard of data dir $1 on its own xapian-tcpsrv, and $1/tcp.json
# naming them (not in a subshell: the servers' pids are kept for stop_tcp).
serve_shards() {
  local dir=$1 n=$2 p
  for s in $(seq 0 $((n - 1))); do
    p=$((port + 10 + s))
    setsid xapian-tcpsrv --writable --quiet --interface 127.0.0.1 --port "$p" "$dir/shard$s" \
      >/dev/null 2>&1 &
    pids+=($!)
    until (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do sleep 0.05; done
  done
  sed -E "s|\"location\": \"shard([0-9])\"|\"location\": \"tcp://127.0.0.1:$(((port + 10) / 10))\1\"|g" \
    "$dir/shards.json" >"$dir/tcp.json"
}
stop_tcp() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done; pids=(); }

region_paths='/v1/openings?q=%E7%84%8A%E5%B7%A5&region=440300
/v1/openings?q=%E4%BF%9D%E6%B4%81&region=110000
/v1/openings?q=%E5%8F%89%E8%BD%A6%E5%8F%B8%E6%9C%BA&region=320500'
paths() {
  case $1 in
    region) echo "$region_paths" ;;
    *) build/bench/bench_search --list "$1" ;;
  esac
}
wrk_run() {  # paths-file → "p50 p99 req/s"
  QUERIES_FILE="$1" KEY="$JOBMATCH_ADMIN_KEY" wrk -t1 -c8 -d"${seconds}s" --latency \
    -s bench/search.lua "http://127.0.0.1:$port" 2>/dev/null | awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
      END { printf "%.1f %.1f %.0f", p50, p99, rps }'
}
measure() {  # layout
  for kind in plain region faceted; do
    paths "$kind" >"$work/paths.txt"
    for _ in 1 2 3; do QUERIES_FILE="$work/paths.txt" KEY=$JOBMATCH_ADMIN_KEY \
      wrk -t1 -c1 -d1s -s bench/search.lua "http://127.0.0.1:$port" >/dev/null 2>&1; done
    read -r p50 p99 rps <<<"$(wrk_run "$work/paths.txt")"
    local due
    due=$(awk -v r="$rps" 'BEGIN { printf "%.1f", r / 2 }')  # half the closed loop's
    read -r _ _ _ _ _ errors _ o50 _ _ _ o99 _ _ <<<"$(build/bench/bench_open_loop --port $port \
      --key "$JOBMATCH_ADMIN_KEY" --rate "$due" --seconds "$seconds" --paths "$work/paths.txt")"
    [ "$errors" = 0 ] || o99="$o99 ($errors answers not 200)"
    row "$1" "$kind" "$p50 / $p99, $rps" "$o50 / $o99 at $due req/s"
  done
}

log "one index"
start_server "$work/one"; measure "1 index"; stop_server
for n in 2 4; do
  log "$n local shards"
  start_server "$work/s$n" "$work/s$n/shards.json"; measure "$n local shards"; stop_server
  log "$n shards on xapian-tcpsrv"
  serve_shards "$work/s$n" "$n"
  start_server "$work/s$n" "$work/s$n/tcp.json"; measure "$n shards on xapian-tcpsrv"; stop_server
  stop_tcp
done

# --- searchable ingest on top of the million ----------------------------------
bulk_bodies "$work/more/openings.jsonl" "$work"
ingest() {  # layout data-dir [map]
  start_server "${@:2}"
  local board t0 acked
  board=$(curl -sf -H "Authorization: Bearer $JOBMATCH_ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"role":"board","owner":"bench-more"}' "http://127.0.0.1:$port/v1/keys" |
    sed 's/.*"key":"\([^"]*\)".*/\1/')
  t0=$(now)
  post_bodies "$port" "$board" "$work"
  acked=$(since "$t0")
  caught_up "$port"
  row "$1" "ingest of $more more (openings/s)" "acknowledged $(rate "$more" "$acked")" \
    "searchable $(rate "$more" "$(since "$t0")")"
  stop_server
}
log "ingest"
ingest "1 index" "$work/one"
ingest "4 local shards" "$work/s4" "$work/s4/shards.json"
log "done: $out"
