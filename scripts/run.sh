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
# ID numbers are encrypted at rest with a key kept outside the data folder.
key_file=${JOBMATCH_DATA_KEY_FILE:-.jobmatch-data.key}
if [ -z "${JOBMATCH_DATA_KEY:-}" ] && [ ! -s "$key_file" ]; then
  (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$key_file")
  echo "made a new data key in $key_file (keep it: without it ID numbers cannot be read)"
fi
[ -n "${JOBMATCH_DATA_KEY:-}" ] || set -- --data-key-file "$key_file" "$@"
# A first account to sign in with, made only while there is none.
if [ -z "${JOBMATCH_ADMIN_PASSWORD:-}" ]; then
  JOBMATCH_ADMIN_PASSWORD="jm-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  made_up=1
fi
created=$(JOBMATCH_ADMIN_PASSWORD="$JOBMATCH_ADMIN_PASSWORD" build/jobmatch users create \
  --data-dir "${JOBMATCH_DATA_DIR:-data}" --username admin --display-name 管理员 --role admin \
  --if-none)
case "$created" in
  created*) echo "sign in as admin with the password ${made_up:+(made up for you) }$JOBMATCH_ADMIN_PASSWORD" ;;
  *) echo "$created (sign in with an existing account)" ;;
esac
unset JOBMATCH_ADMIN_PASSWORD
exec build/jobmatch serve --data-dir "${JOBMATCH_DATA_DIR:-data}" \
  --listen "${JOBMATCH_LISTEN:-127.0.0.1:8080}" --fixtures fixtures "$@"
