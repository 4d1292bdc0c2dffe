# What bench/run.sh and bench/shards.sh share: keys for the servers they
# start, clocks and rates for their tables, a log on stderr. Sourced.
export JOBMATCH_ADMIN_KEY="bench-admin-$(date +%s)"
export JOBMATCH_DATA_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { print b - a }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
log() { echo "[$(date +%T)] $*" >&2; }
# The openings of a JSON-lines file ($1) as bulk bodies of 1,000: $2/chunk.*.json.
bulk_bodies() {
  split -l 1000 "$1" "$2/chunk."
  for f in "$2"/chunk.*; do { echo '['; sed '$!s/$/,/' "$f"; echo ']'; } >"$f.json"; rm "$f"; done
}
# Posts them ($3) to the server on port $1 with board key $2.
post_bodies() {
  for f in "$3"/chunk.*.json; do
    curl -sf -o /dev/null -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      --data-binary @"$f" "http://127.0.0.1:$1/v1/openings/bulk"
  done
}
# Until the server on port $1 has indexed every change.
caught_up() {
  until curl -sf "http://127.0.0.1:$1/metrics" | grep -q '^jobmatch_index_lag_changes 0$'; do sleep 0.05; done
}
