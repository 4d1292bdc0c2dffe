// Searches openings in the Xapian index: builds the query (CJK n-grams,
// synonym expansion from the taxonomy, boolean filters, wage range, expiry),
// sorts, paginates and counts facets. Thread-safe: each call borrows a reader
// from a small pool and reopens it when the indexer has committed since.
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/opening.h"
#include "search/generation_cache.h"
#include "search/indexer.h"

namespace jobmatch {

enum class SortOrder { kRelevance, kDate, kWage };

inline constexpr int kMaxPerPage = 100;

// A query matching every document. Never copy Xapian::Query::MatchAll across
// threads: it is one static object whose reference count is not atomic, so
// concurrent copies corrupt it (seen: a crash under 64 connections).
inline Xapian::Query MatchEverything() {
  return Xapian::Query(std::string());
}
inline constexpr Xapian::doccount kExactTotalUpTo = 10000;
// Facets are counted over the first this many matches (scaled beyond).
inline constexpr Xapian::doccount kFacetSample = 20000;

struct OpeningQuery {
  std::string text;                      // free text; empty matches everything
  std::vector<std::string> regions;      // codes; any of them (beneath counts)
  std::vector<std::string> occupations;  // ids (or names as given); any of them
  std::vector<std::string> skills;       // ids (or names as given); all of them
  std::optional<Education> education;    // what the seeker holds
  std::optional<bool> for_graduates;
  std::optional<int64_t> wage_min;  // openings whose wage_max reaches it
  std::optional<bool> full_time;
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

// One retrieved document: its stored JSON (or an opening's summary: the fields
// matching reads) and its relevance as a percentage of the best match's.
struct Hit {
  std::shared_ptr<const nlohmann::json> doc;  // shared: summaries are cached
  int percent = 0;
  // Where it was read: keys for what callers derive from it and cache.
  Xapian::docid docid = 0;
  uint64_t generation = 0;
};

// What the searcher remembers for each index generation (GenerationCache).
struct SearchCaches {
  // Decoded opening summaries, about 1 KiB each: a batch scores each opening
  // for many members, and decoding it once instead of each time halves its cost.
  std::size_t summaries = 200'000;
  // The matcher's retrievals by query, 32 bytes a hit (up to 32 KiB for the
  // matcher's 1,000): members who want the same things in the same place
  // share one. Each hit also keeps its opening's summary (and the matcher
  // its facts) alive: at 1M openings 2,000 retrievals of 1,000 held 2 GiB in
  // the server (VmHWM after the live-matches benchmark), 600 hold 0.8 GiB.
  std::size_t retrievals = 600;
  // The documents matching a retrieval's filter, 4 bytes each: walking a list
  // in memory instead of four posting lists made the batch's matching 15–30%
  // faster, with the same results.
  std::size_t filters = 256;
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
           const Regions& regions, const Indexer& indexer, const SearchCaches& caches);

  Result<OpeningResults> Search(const OpeningQuery& q);
  Result<OpeningResults> SearchCourses(const CourseQuery& q);
  Result<OpeningResults> SearchAid(const AidQuery& q);

  // The best `limit` documents for `relevance` among those matching `filter`,
  // both built by the caller (the matcher): openings as their summaries (the
  // fields matching reads, several times cheaper to decode), other documents
  // whole. `filter` is a boolean query that many retrievals share (a reach,
  // expiry and education): its documents are listed once and then read from
  // memory. Documents, filters and hit lists are remembered until the index
  // changes (SearchCaches).
  // The list is shared: the same object while it is remembered.
  Result<std::shared_ptr<const std::vector<Hit>>> Retrieve(const Xapian::Query& relevance,
                                                           const Xapian::Query& filter, int limit);
  // Documents by unique term (IndexSchema::UniqueTerm), in order; null where
  // none is indexed.
  Result<std::vector<nlohmann::json>> Fetch(const std::vector<std::string>& unique_terms);
  // Openings' summaries by unique term, as hits (percent 0) from the cache
  // Retrieve fills; a null doc where none is indexed.
  Result<std::vector<Hit>> FetchSummaries(const std::vector<std::string>& unique_terms);

  // Query pieces, for callers that build their own queries.
  Xapian::Query TextQuery(const std::string& text) const;
  Xapian::Query WordQuery(Xapian::QueryParser& qp, const std::string& word) const;
  Xapian::Query OpenOn(const std::string& today) const;  // not expired / ended / closed
  const IndexSchema& schema() const { return schema_; }

  // The query as Xapian sees it (for tests and debugging).
  Xapian::Query BuildQuery(const OpeningQuery& q) const;

 private:
  struct Reader {
    std::unique_ptr<Xapian::Database> db;
    uint64_t generation = 0;
  };
  Reader Acquire();
  void Release(Reader r);
  OpeningResults Run(Xapian::Database& db, const OpeningQuery& q) const;
  // Runs `fn` on a pooled reader, reopening and retrying when the writer
  // committed under it; maps Xapian errors to Errors.
  template <typename T>
  Result<T> WithReader(const std::function<T(Xapian::Database&)>& fn);
  // The same, telling `fn` which index generation the reader holds.
  template <typename T>
  Result<T> WithReaderAt(const std::function<T(Xapian::Database&, uint64_t)>& fn);
  OpeningResults Page(Xapian::Database& db, const Xapian::Query& q, int page, int per_page,
                      bool newest_first) const;

  std::string path_;
  const IndexSchema& schema_;
  const Taxonomy& taxonomy_;
  const Regions& regions_;
  const Indexer& indexer_;
  std::mutex mu_;
  std::vector<Reader> idle_;  // guarded by mu_

  std::shared_ptr<const nlohmann::json> Summary(const Xapian::Document& doc, Xapian::docid id,
                                                uint64_t generation);
  GenerationCache<Xapian::docid, std::shared_ptr<const nlohmann::json>> summaries_;
  GenerationCache<std::string, std::shared_ptr<const std::vector<Hit>>> retrievals_;
  GenerationCache<std::string, std::shared_ptr<const std::vector<Xapian::docid>>> filters_;
};

}  // namespace jobmatch
