// Searches openings in the Xapian index: builds the query (CJK n-grams,
// synonym expansion from the taxonomy, boolean filters, wage range, expiry),
// sorts, paginates and counts facets. Thread-safe: each call borrows a reader
// from a small pool and reopens it when the indexer has committed since.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/opening.h"
#include "search/indexer.h"

namespace jobmatch {

enum class SortOrder { kRelevance, kDate, kWage };

inline constexpr int kMaxPerPage = 100;
inline constexpr Xapian::doccount kExactTotalUpTo = 10000;

struct OpeningQuery {
  std::string text;                      // free text; empty matches everything
  std::vector<std::string> regions;      // codes; any of them (beneath counts)
  std::vector<std::string> occupations;  // ids (or names as given); any of them
  std::vector<std::string> skills;       // ids (or names as given); all of them
  std::optional<Education> education;    // what the seeker holds
  std::optional<bool> for_graduates;
  std::optional<int64_t> wage_min;  // openings whose wage_max reaches it
  SortOrder sort = SortOrder::kRelevance;
  bool facet_region = false, facet_occupation = false, facet_skill = false;
  int page = 1;       // 1-based
  int per_page = 20;  // capped at kMaxPerPage
  std::string today;  // YYYY-MM-DD; openings expiring before it are hidden
};

struct FacetCount {
  std::string value;
  std::string name;
  int64_t count;
};

struct OpeningResults {
  int64_t total = 0;
  bool total_estimated = false;
  std::vector<nlohmann::json> items;  // stored openings, best first
  std::map<std::string, std::vector<FacetCount>> facets;
};

class Searcher {
 public:
  Searcher(std::string path, const IndexSchema& schema, const Taxonomy& taxonomy,
           const Regions& regions, const Indexer& indexer);

  Result<OpeningResults> Search(const OpeningQuery& q);

  // The query as Xapian sees it (for tests and debugging).
  Xapian::Query BuildQuery(const OpeningQuery& q) const;

 private:
  struct Reader {
    std::unique_ptr<Xapian::Database> db;
    uint64_t generation = 0;
  };
  Reader Acquire();
  void Release(Reader r);
  Xapian::Query TextQuery(const std::string& text) const;
  OpeningResults Run(Xapian::Database& db, const OpeningQuery& q) const;

  std::string path_;
  const IndexSchema& schema_;
  const Taxonomy& taxonomy_;
  const Regions& regions_;
  const Indexer& indexer_;
  std::mutex mu_;
  std::vector<Reader> idle_;  // guarded by mu_
};

}  // namespace jobmatch
