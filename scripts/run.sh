#!/usr/bin/env bash
# Installs what is missing, builds, and runs jobmatch on its embedded default:
# data in ./data, the fixtures loaded, listening on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -z "${JOBMATCH_ADMIN_KEY:-}" ]; then
  JOBMATCH_ADMIN_KEY="jm_dev_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export JOBMATCH_ADMIN_KEY
  echo "JOBMATCH_ADMIN_KEY was not set; admin key for this run: $JOBMATCH_ADMIN_KEY"
fi
exec build/jobmatch serve --data-dir "${JOBMATCH_DATA_DIR:-data}" \
  --listen "${JOBMATCH_LISTEN:-127.0.0.1:8080}" --fixtures fixtures "$@"
