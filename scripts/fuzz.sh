#!/usr/bin/env bash
# Coverage-guided fuzzing of every decoder with Debian's AFL++ in its GCC mode
# (docs/reliability.md says why not libFuzzer): builds fuzz/ with afl-g++,
# UBSan and libstdc++'s assertions into build-fuzz/ (ASan stalls AFL++'s
# persistent mode in this mode), runs afl-fuzz on each harness in turn, then
# replays everything it found under ASan+UBSan when build-asan/ exists
# (scripts/sanitize.sh builds it).
#   scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...]   (default: 20 s, all)
# A crash fails the run and is left in build-fuzz/out/HARNESS/default/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true

if ! command -v afl-fuzz >/dev/null; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends afl++
fi
afl_lib=$(dirname "$(dpkg -L afl++ | grep '/libAFLDriver.a$' | head -1)")

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=afl-g++ \
  -DCMAKE_CXX_FLAGS="-fsanitize=undefined -fno-sanitize-recover=all -D_GLIBCXX_ASSERTIONS" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=undefined" -DJOBMATCH_SANITIZE=OFF \
  -DJOBMATCH_AFL_LIB="$afl_lib" -DJOBMATCH_BUILD_TESTS=OFF -DJOBMATCH_BUILD_BENCH=OFF >/dev/null
AFL_QUIET=1 cmake --build build-fuzz -j "$(nproc)" --target fuzz_harnesses

harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(opening job_posting household course aid search_params url framing sheet multipart)
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1
status=0
for h in "${harnesses[@]}"; do
  out=build-fuzz/out/$h
  rm -rf "$out"
  mkdir -p build-fuzz/out
  afl-fuzz -i "fuzz/corpus/$h" -o "$out" -V "$seconds" -- "build-fuzz/fuzz/fuzz_$h" >"$out.log" 2>&1 ||
    { echo "afl-fuzz failed on $h (see $out.log)"; status=1; continue; }
  stats=$out/default/fuzzer_stats
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
  rate=$(awk -F' *: *' '$1=="execs_per_sec"{print $2}' "$stats")
  crashes=$(awk -F' *: *' '$1=="saved_crashes"||$1=="unique_crashes"{print $2}' "$stats" | head -1)
  paths=$(awk -F' *: *' '$1=="corpus_count"||$1=="paths_total"{print $2}' "$stats" | head -1)
  printf '%-14s %12s execs %10s/s %6s corpus %3s crashes\n' "$h" "$execs" "$rate" "$paths" "$crashes"
  [ "${crashes:-0}" -eq 0 ] || status=1
  if [ -x "build-asan/fuzz/fuzz_$h" ]; then
    build-asan/fuzz/fuzz_$h "$out/default/queue" >/dev/null ||
      { echo "$h: an input AFL++ kept fails under ASan+UBSan"; status=1; }
  fi
done
exit $status
