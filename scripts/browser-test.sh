#!/usr/bin/env bash
# The console's browser tests (tests/browser/*.test.mjs): Debian's Chromium
# driven by playwright-core, written with node:test. Installs what they need
# when it is missing (Chromium, CJK fonts for screenshots and PDFs, poppler's
# pdftotext, Node.js; npm only when there is none: on some images npm comes
# with Node and Debian's npm conflicts), starts `jobmatch serve` on a free
# port with a throwaway data directory and the fixtures, runs every test file
# in turn against it, stops it, and exits with the tests' status.
#
#   scripts/browser-test.sh [path/to/jobmatch]     (default: build/jobmatch)
#
# Environment:
#   BROWSER_TEST_WEB_DIR=web     serve the console's files from that directory
#                                (serve --web-dir) instead of the built-in copy
#   BROWSER_TEST_SCREENSHOTS=0   take no screenshots (default: docs/console/)
#   BROWSER_TEST_FILES="03-matches.test.mjs …"   run only these files
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

binary=${1:-${JOBMATCH_BINARY:-$root/build/jobmatch}}
if [ ! -x "$binary" ]; then
  echo "browser-test: $binary is missing: build first (scripts/setup.sh)" >&2
  exit 1
fi

# ---- what the tests need
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for p in chromium fonts-noto-cjk poppler-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser-test: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "browser-test: Node.js 18 or later is needed (found $(node --version))" >&2
  exit 1
fi
chromium_bin=${CHROMIUM:-$(command -v chromium)}

# playwright-core exactly as locked; nothing to fetch when it is already there
cd "$root/tests/browser"
want=$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')
have=$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch (e) { "" }')
if [ "$want" != "$have" ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline --loglevel=error
fi
cd "$root"

# ---- the server
work=$(mktemp -d "${TMPDIR:-/tmp}/jobmatch-browser.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
data_key=$(hex 32)
admin_key="browser-admin-$(hex 16)"
admin_password="Console-$(hex 8)-Test"
serve_args=(serve --data-dir "$work/data" --listen 127.0.0.1:0 --fixtures "$root/fixtures")
if [ -n "${BROWSER_TEST_WEB_DIR:-}" ]; then
  serve_args+=(--web-dir "$(cd "$BROWSER_TEST_WEB_DIR" && pwd)")
fi
JOBMATCH_DATA_KEY=$data_key JOBMATCH_ADMIN_KEY=$admin_key JOBMATCH_ADMIN_PASSWORD=$admin_password \
  "$binary" "${serve_args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!

base=""
for _ in $(seq 1 1200); do
  base=$(grep -o 'jobmatch listening on http://[0-9.]*:[0-9]*' "$work/server.log" 2>/dev/null | head -n1 | sed 's/^jobmatch listening on //') || true
  [ -n "$base" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "browser-test: the server stopped:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "browser-test: the server did not start listening within 120 s:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "browser-test: jobmatch at $base (data in $work/data)${BROWSER_TEST_WEB_DIR:+, console from $BROWSER_TEST_WEB_DIR}"

# ---- the tests, one file at a time (they share the server's data)
shots=""
[ "${BROWSER_TEST_SCREENSHOTS:-1}" = "0" ] || shots="$root/docs/console"
request_log="$work/off-origin-requests.log"
: >"$request_log"
export JOBMATCH_BASE_URL=$base JOBMATCH_ADMIN_KEY=$admin_key JOBMATCH_ADMIN_USER=admin \
  JOBMATCH_ADMIN_PASSWORD=$admin_password CHROMIUM=$chromium_bin \
  CONSOLE_SCREENSHOT_DIR=$shots BROWSER_TEST_REQUEST_LOG=$request_log

cd "$root/tests/browser"
if [ -n "${BROWSER_TEST_FILES:-}" ]; then
  read -r -a files <<<"$BROWSER_TEST_FILES"
else
  files=(*.test.mjs)
fi
failed=()
for f in "${files[@]}"; do
  echo "== $f"
  if ! node --test --test-reporter=spec "$f"; then
    failed+=("$f")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "browser-test: FAILED: ${failed[*]}" >&2
  echo "---- the server's last lines" >&2
  tail -n 40 "$work/server.log" >&2
  exit 1
fi
echo "browser-test: all ${#files[@]} files passed${shots:+; screenshots in docs/console/}"
