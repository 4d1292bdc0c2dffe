// The index's definition, read from index/schema.json: which text is indexed
// with what weight, the boolean filter prefixes and the value slots. Every
// term prefix and slot number used by the indexer and the query builder comes
// from here, so one file says what the index holds. Read-only after Load().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace jobmatch {

struct TextField {
  std::string field;  // title | occupation | skills | employer | description
  int weight = 1;
  bool positions = false;
  // Every CJK character as a term as well as every bigram. Without, a run of
  // ideographs gives its bigrams only (a lone character stays). A field with
  // positions always keeps characters: phrase queries are made of them.
  bool cjk_unigrams = true;
};

struct IndexSchema {
  std::string unique_prefix;
  std::vector<TextField> text;
  struct {
    std::string region, occupation, skill, education, for_graduates, board, type, full_time, free,
        mode, aid_region, aid_kind, flagged, duplicate;
  } prefix;
  struct {
    unsigned wage_min, wage_max, updated_at, expires_at, facet_region, facet_occupation,
        facet_skill, starts_on, opens_on, closes_on, summary, wage_order;
  } slot;

  static Result<IndexSchema> Load(const std::string& path);

  // The term that identifies one document: Q<id>, Qc<id> (course), Qa<id> (aid).
  std::string UniqueTerm(std::string_view entity, int64_t id) const;
};

}  // namespace jobmatch
