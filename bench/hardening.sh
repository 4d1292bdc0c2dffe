#!/usr/bin/env bash
# Slow and excess clients, and plain throughput, against two builds of
# jobmatch side by side in one run (docs/reliability.md):
#   bench/hardening.sh [REFERENCE_BINARY] [BINARY]   (default: build/jobmatch for both)
# Each server runs with a file limit of 1,024 (soft and hard), the fixtures
# loaded, on loopback. Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-build/jobmatch}
candidate=${2:-build/jobmatch}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d /tmp/jobmatch-hardening.XXXXXX)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export JOBMATCH_DATA_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export JOBMATCH_ADMIN_KEY=bench-admin-key

start() {  # binary port
  rm -rf "$work/data"
  (ulimit -Sn 1024 && ulimit -Hn 1024 &&
    exec "$1" serve --data-dir "$work/data" --listen "127.0.0.1:$2" --fixtures fixtures \
      >"$work/out" 2>"$work/err") &
  pid=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2
  exit 1
}
stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
rps() {  # port path
  QUERIES=$2 KEY=$JOBMATCH_ADMIN_KEY wrk -t2 -c8 -d10s -s bench/search.lua "http://127.0.0.1:$1" |
    awk '/Requests\/sec/{print $2}'
}

echo "| measure | reference | this build |"
echo "|---|---|---|"
declare -A r
for which in reference candidate; do
  bin=${!which}
  port=$((18600 + RANDOM % 1000))
  start "$bin" "$port"
  r[$which.healthz]=$(rps "$port" /healthz)
  r[$which.search]=$(rps "$port" "/v1/openings?q=%E7%84%8A%E5%B7%A5&facets=region")
  r[$which.slow]=$(python3 bench/slowloris.py --port "$port" --pid "$pid" --slow 500 --seconds 20)
  stop
  start "$bin" "$port"
  r[$which.silent]=$(python3 bench/slowloris.py --port "$port" --pid "$pid" --slow 0 --silent 1100 \
    --seconds 20)
  stop
done
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))" "$1" "$2"; }
row() {  # label key expression
  echo "| $1 | $(field "${r[reference.$2]}" "$3") | $(field "${r[candidate.$2]}" "$3") |"
}
echo "| GET /healthz, 8 connections (req/s) | ${r[reference.healthz]} | ${r[candidate.healthz]} |"
echo "| search 焊工 with facets, 8 connections (req/s) | ${r[reference.search]} | ${r[candidate.search]} |"
row "500 slowloris connections: closed by the server within 20 s" slow "d['slow']['closed']"
row "… closed after (s, slowest)" slow "round(d['slow']['closed_after_s_max'] or 0, 1)"
row "… other clients served / failed" slow "f\"{d['client']['ok']} / {d['client']['failed']}\""
row "… other clients' p99 (ms)" slow "round(d['client']['ms_p99'] or 0, 1)"
row "… server CPU over 20 s (s)" slow "d['server_cpu_s']"
row "1,100 silent connections: refused at once (503)" silent "d['silent']['refused_503']"
row "… closed by the server within 20 s" silent "d['silent']['closed']"
row "… other clients served / failed" silent "f\"{d['client']['ok']} / {d['client']['failed']}\""
row "… server CPU over 20 s (s)" silent "d['server_cpu_s']"
