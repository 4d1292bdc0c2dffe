#!/usr/bin/env bash
# The test suite under sanitizers, each build in its own folder:
#   build-asan/  ASan + UBSan, every test (unit, API over HTTP, fuzz corpora);
#   build-tsan/  ThreadSanitizer, the tests that run threads in-process (the
#                indexer, searches, the batch, the connection table).
# Run scripts/setup.sh first (it installs the packages). Usage:
#   scripts/sanitize.sh [address|thread]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(address thread)
build_type=${JOBMATCH_BUILD_TYPE:-RelWithDebInfo}
# -O1 -g1 (line tables): all the sanitizers need for exact reports, and far
# cheaper to compile than -O2 -g (docs/reliability.md).
flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG")
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
for kind in "${kinds[@]}"; do
  case $kind in
    address)
      cmake -S . -B build-asan -DCMAKE_BUILD_TYPE="$build_type" -DJOBMATCH_SANITIZE=address \
        -DJOBMATCH_BUILD_BENCH=OFF "${flags[@]}" >/dev/null
      cmake --build build-asan -j "$(nproc)"
      # The browser tests drive build/jobmatch and the lint is no C++: both run in scripts/test.sh.
      ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E "browser_tests|openapi_lint"
      ;;
    thread)
      cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE="$build_type" -DJOBMATCH_SANITIZE=thread \
        -DJOBMATCH_BUILD_BENCH=OFF "${flags[@]}" >/dev/null
      cmake --build build-tsan -j "$(nproc)" --target threaded_tests
      build-tsan/tests/threaded_tests \
        --gtest_filter='SearchTest.*:LocalShardsTest.*:BatchTest.*:GenerationCacheTest.*:ConnectionTableTest.*:StoreTest.*'
      ;;
    *)
      echo "unknown sanitizer $kind (address or thread)" >&2
      exit 2
      ;;
  esac
done
