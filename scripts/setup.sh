#!/usr/bin/env bash
# Installs the Debian packages jobmatch builds against (only those missing),
# then configures and builds into ./build. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config ca-certificates curl
  libpistache-dev libxapian-dev xapian-tools libsqlitecpp-dev libsqlite3-dev sqlite3
  nlohmann-json3-dev libssl-dev libsodium-dev libjemalloc-dev libgtest-dev libgmock-dev
  libjs-bootstrap5 libjs-chart.js  # the console's CSS and charts, compiled into the binary
  libzip-dev libpugixml-dev libcsv-dev libxlsxwriter-dev  # spreadsheets in and out
  liblemon-dev  # the batch's optimal first pass (network simplex, header-only)
  libxml2-dev  # the HTML of schema.org JobPosting descriptions
  libbenchmark-dev libmariadb-dev)  # the last two: bench/ (Google Benchmark, the Sphinx client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build_type=${JOBMATCH_BUILD_TYPE:-RelWithDebInfo}
# -g1 (line tables): backtraces keep their files and lines, and the build is a
# third quicker than with -g (docs/reliability.md).
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build -j "$(nproc)"
