// Shared by the fuzz harnesses: the project's real reference data, loaded
// once, and the checks every decoder must pass on any input. Each harness
// defines LLVMFuzzerTestOneInput; it runs under afl-fuzz (scripts/fuzz.sh)
// or, linked with replay_main.cc, over its corpus in the test suite.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "core/regions.h"
#include "core/taxonomy.h"

namespace jobmatch::fuzz {

inline const Taxonomy& RealTaxonomy() {
  static const Taxonomy t = *Taxonomy::Load(JOBMATCH_SOURCE_DIR "/index");
  return t;
}

inline const Regions& RealRegions() {
  static const Regions r = *Regions::Load(JOBMATCH_SOURCE_DIR "/fixtures/regions.tsv");
  return r;
}

inline constexpr char kToday[] = "2026-12-06";

// Client input may be refused, but only with a 4xx that names what is wrong.
template <typename T>
void ExpectClientError(const Result<T>& r) {
  if (!r && (r.error().http_status() < 400 || r.error().http_status() >= 500 ||
             r.error().message.empty())) {
    std::abort();
  }
}

inline std::string_view Bytes(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace jobmatch::fuzz
