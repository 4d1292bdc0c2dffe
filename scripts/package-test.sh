#!/usr/bin/env bash
# The Debian package as an operator meets it: builds the .deb (cpack), installs
# it with apt into a fresh minimal Debian 12 made by debootstrap, checks the
# systemd unit with `systemd-analyze verify`, then runs the unit's ExecStart as
# an unprivileged user (with the credential systemd would hand over) and asks
# the running service for /healthz, /readyz and a search. Needs root (chroot)
# and Debian's archive. JOBMATCH_DEBIAN_MIRROR overrides the mirror.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "package-test.sh needs root (debootstrap, chroot)" >&2; exit 1; }
mirror=${JOBMATCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap

[ -f build/CPackConfig.cmake ] || scripts/setup.sh
cmake --build build -j "$(nproc)" --target jobmatch
rm -rf build/package
(cd build && cpack -G DEB -B package >/dev/null)
deb=$(ls build/package/jobmatch_*.deb)
echo "built $deb"

root=$(mktemp -d /tmp/jobmatch-deb-XXXXXX)
chmod 0755 "$root"  # the root of a system, as any other
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
  { tail -20 "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
cp "$deb" "$root/tmp/jobmatch.deb"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
chroot "$root" sh -c 'apt-get update -q >/dev/null &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    /tmp/jobmatch.deb systemd curl >/dev/null'
echo "installed with apt into a fresh Debian 12"

unit=/usr/lib/systemd/system/jobmatch.service
chroot "$root" systemd-analyze verify "$unit"
echo "systemd-analyze verify: clean"

# What systemd would do: a state dir for the service's user, the data key as a
# credential, and the unit's ExecStart (on a free port).
creds=/run/credentials/jobmatch.service
install -d -m 0700 -o nobody -g nogroup "$root/var/lib/jobmatch" "$root$creds"
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$root$creds/data-key")
chown nobody:nogroup "$root$creds/data-key"
exec_start=$(sed -n 's/^ExecStart=//p' "$root$unit")
exec_start=${exec_start//'${CREDENTIALS_DIRECTORY}'/$creds}
exec_start=${exec_start/127.0.0.1:8080/127.0.0.1:0}
admin="jm_package_test_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
log=$(mktemp)
chroot --userspec=nobody:nogroup "$root" env JOBMATCH_ADMIN_KEY="$admin" $exec_start >"$log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || { cat "$log"; echo "the installed service did not start" >&2; exit 1; }
base=http://127.0.0.1:$port
check() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@")
  [ "$status" = 200 ] || { echo "GET ${*: -1} answered $status" >&2; cat "$log"; exit 1; }
}
check "$base/healthz"
check "$base/readyz"
check -H "Authorization: Bearer $admin" "$base/v1/openings?q=%E7%84%8A%E5%B7%A5&region=320500"
kill -TERM "$server"
wait "$server" || { cat "$log"; echo "the service did not stop cleanly" >&2; exit 1; }
server=""
[ "$(stat -c %a "$root/var/lib/jobmatch/jobmatch.db")" = 600 ]
echo "the installed unit's command serves on $base as nobody, stops cleanly, keeps its data private"
