// What a search asks and what it answers, as plain values: the parameters of
// an opening, course or aid-product search, their results with facets, and
// how much the searcher may remember. Free of Xapian, so that the layers
// above can hold them without compiling the index's headers.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/opening.h"

namespace jobmatch {

enum class SortOrder { kRelevance, kDate, kWage };

inline constexpr int kMaxPerPage = 100;

struct OpeningQuery {
  std::string text;                      // free text; empty matches everything
  std::vector<std::string> regions;      // codes; any of them (beneath counts)
  std::vector<std::string> occupations;  // ids (or names as given); any of them
  std::vector<std::string> skills;       // ids (or names as given); all of them
  std::optional<Education> education;    // what the seeker holds
  std::optional<bool> for_graduates;
  std::optional<int64_t> wage_min;  // openings whose wage_max reaches it
  std::optional<bool> full_time;
  std::optional<bool> flagged;  // has compliance flags (requirements the law forbids)
  SortOrder sort = SortOrder::kRelevance;
  bool facet_region = false, facet_occupation = false, facet_skill = false;
  int page = 1;       // 1-based
  int per_page = 20;  // capped at kMaxPerPage
  std::string today;  // YYYY-MM-DD; openings expiring before it are hidden
};

struct CourseQuery {
  std::string text;
  std::vector<std::string> regions;  // held in any of them (beneath counts)
  std::vector<std::string> skills;   // teaches all of them
  std::string starts_after;          // YYYY-MM-DD: starts on or after
  std::optional<bool> free;
  std::optional<bool> online;
  int page = 1;
  int per_page = 20;
  std::string today;  // courses that ended before it are hidden
};

struct AidQuery {
  std::string text;
  std::string region;  // products covering this place (its region or an ancestor's)
  std::optional<std::string> kind;
  int page = 1;
  int per_page = 20;
  std::string today;  // products closed before it are hidden
};

// What the searcher remembers for each index generation (GenerationCache).
struct SearchCaches {
  // Decoded opening summaries (about 1 KiB each): a batch scores each opening
  // for many members and should decode it once.
  std::size_t summaries = 200'000;
  // The matcher's retrievals by query, 32 bytes a hit: members who want the
  // same things in the same place share one. Each hit also keeps its
  // opening's summary (and the matcher its facts) alive, so this bounds the
  // server's memory (docs/performance.md, live matches).
  std::size_t retrievals = 600;
  // The documents matching a retrieval's filter, 4 bytes each: walking a list
  // in memory is cheaper than walking four posting lists, with the same
  // results (docs/performance.md, What changed).
  std::size_t filters = 256;
  // The documents of each term a retrieval weighs (a skill, an occupation),
  // 4 bytes each: at most a few per opening, as the openings have few such terms.
  std::size_t postings = 4096;
  // Those documents within a filter, for the pairs retrievals ask for: a
  // member's retrieval then walks only openings within reach.
  std::size_t within = 65536;
};

struct FacetCount {
  std::string value;
  std::string name;
  int64_t count;
};

// What a search of openings, courses or aid products returns.
struct SearchResults {
  int64_t total = 0;
  bool total_estimated = false;
  std::vector<nlohmann::json> items;  // stored documents, best first
  std::map<std::string, std::vector<FacetCount>> facets;
};

}  // namespace jobmatch
