#!/usr/bin/env bash
# Sphinx searchd 2.2 (Debian sphinxsearch 2.2.11) as a reference search engine
# over the same job openings jobmatch indexes, queried over SphinxQL.
#
#   sphinx.sh index JSONL DIR PORT   JSON lines -> DIR/openings.tsv -> index in DIR/data;
#                                    last line: "indexed N docs in S seconds, R docs/s"
#   sphinx.sh start DIR              start searchd for DIR, wait until it answers
#   sphinx.sh stop DIR               stop it
#   sphinx.sh query DIR [SQL]        run SQL (default: stdin) with the mysql client
#   sphinx.sh rt DIR                 feed DIR/openings.tsv into the live index openings_rt
#                                    (searchd running) by INSERTs of 1,000 rows;
#                                    last line: "inserted N docs in S seconds, R docs/s"
#
# Everything lives in DIR (config, tsv, index, pid, logs); the system service,
# /etc/sphinxsearch and /var/lib/sphinxsearch are never used. Missing tools
# (indexer/searchd, jq, mysql client) are installed with apt-get.
# The occupation and skill taxonomy is read from the repository's index/
# directory (override with JOBMATCH_INDEX_DIR).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
taxonomy=${JOBMATCH_INDEX_DIR:-$here/../../index}

die() { echo "sphinx.sh: $*" >&2; exit 1; }
usage() { sed -n '5,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }

ensure_tools() {
  local need=()
  command -v indexer >/dev/null && command -v searchd >/dev/null || need+=(sphinxsearch)
  command -v jq >/dev/null || need+=(jq)
  command -v mysql >/dev/null || need+=(mariadb-client)
  [ ${#need[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing ${need[*]}" >&2
  $sudo apt-get update -q >&2
  # The package's own service stays off (START=no in /etc/default/sphinxsearch)
  # and would use other ports and files anyway.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >&2
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }
conf_of() { echo "$1/sphinx.conf"; }
port_of() {
  sed -n 's/^[[:space:]]*listen[[:space:]]*=[[:space:]]*127\.0\.0\.1:\([0-9]*\):mysql41.*/\1/p' "$(conf_of "$1")"
}
running_pid() {  # pid of the searchd that DIR's pid file names, if it is alive
  local pidfile="$1/searchd.pid" pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
answers() { mysql -h 127.0.0.1 -P "$1" --protocol=tcp -N -e 'SHOW STATUS' >/dev/null 2>&1; }

cmd_index() {
  [ $# -eq 3 ] || usage
  local jsonl=$1 dir port=$3
  [ -r "$jsonl" ] || die "cannot read $jsonl"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number"
  for f in occupations.json skills.json; do
    [ -r "$taxonomy/$f" ] || die "no taxonomy at $taxonomy/$f (set JOBMATCH_INDEX_DIR)"
  done
  ensure_tools
  dir=$(abs_dir "$2")
  mkdir -p "$dir/data"
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" "$here/sphinx.conf.in" >"$(conf_of "$dir")"

  # Decoding tables for the numeric facet values (skill_ids, occupation_id).
  jq -r '.skills | to_entries[] | "\(.key + 1)\t\(.value.id)\t\(.value.name)"' \
    "$taxonomy/skills.json" >"$dir/skill_ids.tsv"
  jq -r '.occupations | to_entries[] | "\(.key + 1)\t\(.value.id)\t\(.value.name)"' \
    "$taxonomy/occupations.json" >"$dir/occupation_ids.tsv"

  local t0 t1 t2 n rotate=()
  t0=$(date +%s.%N)
  jq -n -r --slurpfile occ "$taxonomy/occupations.json" --slurpfile sk "$taxonomy/skills.json" \
    -f "$here/openings.jq" "$jsonl" >"$dir/openings.tsv"
  t1=$(date +%s.%N)
  n=$(wc -l <"$dir/openings.tsv")
  # A searchd already serving DIR picks the new index up by rotation.
  running_pid "$dir" >/dev/null && rotate=(--rotate)
  indexer --config "$(conf_of "$dir")" --all "${rotate[@]}" >"$dir/indexer.log" 2>&1 ||
    { cat "$dir/indexer.log" >&2; die "indexer failed"; }
  t2=$(date +%s.%N)
  grep -E '^(WARNING|ERROR)' "$dir/indexer.log" >&2 || true
  awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    printf "jq conversion %.2f s (%.0f docs/s), indexer %.2f s (%.0f docs/s)\n", b - a, '"$n"' / (b - a), c - b, '"$n"' / (c - b) }'
  awk -v n="$n" -v a="$t0" -v c="$t2" 'BEGIN { printf "indexed %d docs in %.2f seconds, %.0f docs/s\n", n, c - a, n / (c - a) }'
}

cmd_start() {
  [ $# -eq 1 ] || usage
  local dir port pid
  dir=$(cd "$1" 2>/dev/null && pwd) || die "no directory $1"
  [ -r "$(conf_of "$dir")" ] || die "no $dir/sphinx.conf: run sphinx.sh index first"
  ensure_tools
  port=$(port_of "$dir")
  [ -n "$port" ] || die "no 127.0.0.1:PORT:mysql41 listener in $dir/sphinx.conf"
  if pid=$(running_pid "$dir"); then
    echo "searchd already running for $dir (pid $pid, port $port)"
    return
  fi
  answers "$port" && die "something else already answers SphinxQL on 127.0.0.1:$port"
  # searchd forks into the background and returns once it has bound the port.
  searchd --config "$(conf_of "$dir")" >"$dir/searchd.out" 2>&1 ||
    { cat "$dir/searchd.out" >&2; die "searchd failed to start"; }
  for _ in $(seq 1 200); do
    if answers "$port"; then
      echo "searchd running for $dir (pid $(running_pid "$dir" || echo '?'), 127.0.0.1:$port)"
      return
    fi
    sleep 0.05
  done
  cat "$dir/searchd.out" "$dir/searchd.log" >&2 2>/dev/null || true
  die "searchd did not answer on 127.0.0.1:$port"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  local dir pid
  dir=$(cd "$1" 2>/dev/null && pwd) || die "no directory $1"
  pid=$(running_pid "$dir") || { echo "searchd not running for $dir"; return; }
  searchd --config "$(conf_of "$dir")" --stopwait >>"$dir/searchd.out" 2>&1 || kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { echo "searchd stopped"; return; }; sleep 0.05; done
  die "searchd (pid $pid) did not stop"
}

cmd_query() {
  [ $# -ge 1 ] || usage
  local dir port
  dir=$(cd "$1" 2>/dev/null && pwd) || die "no directory $1"
  port=$(port_of "$dir")
  shift
  if [ $# -gt 0 ]; then
    mysql -h 127.0.0.1 -P "$port" --protocol=tcp -e "$*"
  else
    mysql -h 127.0.0.1 -P "$port" --protocol=tcp
  fi
}

# TSV rows (sphinx.conf.in's column order) -> INSERT statements of 1,000 rows.
rt_inserts() {
  awk -F'\t' -v q="'" '
    function s(v) { gsub(/\\/, "\\\\", v); gsub(q, "\\" q, v); return q v q }
    function m(v) { return "(" v ")" }
    {
      row = sprintf("(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", $1, s($2), s($3),
        s($4), s($5), s($6), m($7), $8, $9, $10, s($11), $12, m($13), s($14), $15, $16, $17, $18, $19,
        $20, $21)
      if ((NR - 1) % 1000 == 0) {
        if (NR > 1) print ";"
        printf "INSERT INTO openings_rt (id, title, occupation_text, skills_text, employer, description, regions, province, city, county, occupation, occupation_id, skill_ids, skills, education, wage_min, wage_max, expires, updated, full_time, for_graduates) VALUES %s", row
      } else {
        printf ",%s", row
      }
    }
    END { if (NR > 0) print ";" }' "$1"
}

cmd_rt() {
  [ $# -eq 1 ] || usage
  local dir port n t0 t1
  dir=$(cd "$1" 2>/dev/null && pwd) || die "no directory $1"
  [ -r "$dir/openings.tsv" ] || die "no $dir/openings.tsv: run sphinx.sh index first"
  running_pid "$dir" >/dev/null || die "searchd is not running for $dir"
  port=$(port_of "$dir")
  rt_inserts "$dir/openings.tsv" >"$dir/rt.sql"
  n=$(wc -l <"$dir/openings.tsv")
  mysql -h 127.0.0.1 -P "$port" --protocol=tcp -e "TRUNCATE RTINDEX openings_rt"
  t0=$(date +%s.%N)
  mysql -h 127.0.0.1 -P "$port" --protocol=tcp <"$dir/rt.sql"
  t1=$(date +%s.%N)
  rm -f "$dir/rt.sql"
  local found
  found=$(mysql -h 127.0.0.1 -P "$port" --protocol=tcp -N -e "SELECT COUNT(*) FROM openings_rt")
  [ "$found" = "$n" ] || die "openings_rt holds $found documents, not $n"
  awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "inserted %d docs in %.2f seconds, %.0f docs/s\n", n, b - a, n / (b - a) }'
}

[ $# -ge 1 ] || usage
sub=$1
shift
case "$sub" in
  index) cmd_index "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  query) cmd_query "$@" ;;
  rt) cmd_rt "$@" ;;
  *) usage ;;
esac
