# What bench/run.sh and bench/shards.sh share: keys for the servers they
# start, clocks and rates for their tables, a log on stderr. Sourced.
export JOBMATCH_ADMIN_KEY="bench-admin-$(date +%s)"
export JOBMATCH_DATA_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { print b - a }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
log() { echo "[$(date +%T)] $*" >&2; }
