#!/usr/bin/env bash
# Lints api/openapi.yaml with Redocly's recommended rules: no error and no
# warning allowed. Installs Node.js/npm from Debian when npm is missing (only
# then: on some images npm comes with Node and Debian's npm conflicts) and
# Redocly's CLI into build/tools (a version that runs on Debian 12's Node 18).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi
tools=build/tools
redocly=$tools/node_modules/.bin/redocly
if [ ! -x "$redocly" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error @redocly/cli@1.34.5 >/dev/null
fi
out=$("$redocly" lint api/openapi.yaml --format=stylish 2>&1) || { echo "$out"; exit 1; }
if grep -qE '^\s+[0-9]+:[0-9]+\s+(warning|error)' <<<"$out"; then
  echo "$out"
  exit 1
fi
echo "api/openapi.yaml: no errors, no warnings"
