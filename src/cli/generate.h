// `jobmatch gen`: believable Chinese data at any scale, deterministic for a
// seed, in the fixtures' JSON-lines format — openings (with their board),
// households, courses and aid products — drawing on the taxonomy and the real
// region codes, skewed as real data is (big cities hold most openings, common
// occupations dominate). Used by bench/ and for load testing.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/regions.h"
#include "core/taxonomy.h"

namespace jobmatch {

struct GenerateOptions {
  int64_t openings = 1000;
  int64_t households = 400;
  int64_t courses = 100;
  int64_t aid = 30;
  uint64_t seed = 1;
  std::string out_dir;
};

Result<void> Generate(const GenerateOptions& options, const Taxonomy& taxonomy,
                      const Regions& regions);

}  // namespace jobmatch
