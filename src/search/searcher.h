// Searches openings in the Xapian index: builds the query (CJK n-grams,
// synonym expansion from the taxonomy, boolean filters, wage range, expiry),
// sorts, paginates and counts facets. Thread-safe: each call borrows a reader
// from a small pool and reopens it when the indexer has committed since.
#pragma once

#include <xapian.h>

#include <atomic>
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
#include "search/query.h"
#include "search/shard_map.h"

namespace jobmatch {

// A query matching every document. Never copy Xapian::Query::MatchAll across
// threads: it is one static object whose reference count is not atomic, so
// concurrent copies corrupt it (seen: a crash under 64 connections).
inline Xapian::Query MatchEverything() {
  return Xapian::Query(std::string());
}
inline constexpr Xapian::doccount kExactTotalUpTo = 10000;
// Facets are counted over the first this many matches (scaled beyond).
inline constexpr Xapian::doccount kFacetSample = 20000;

// A document's number in the index, as callers key their caches by it.
using DocId = Xapian::docid;

// One retrieved document: its stored JSON (or an opening's summary: the fields
// matching reads) and its relevance as a percentage of the best match's.
struct Hit {
  std::shared_ptr<const nlohmann::json> doc;  // shared: summaries are cached
  int percent = 0;
  double weight = 0;  // the matcher's retrievals: the relevance `percent` is relative to
  // Where it was read: keys for what callers derive from it and cache.
  DocId docid = 0;
  uint64_t generation = 0;
};

class Searcher {
 public:
  Searcher(const ShardMap& shards, const IndexSchema& schema, const Taxonomy& taxonomy,
           const Regions& regions, const Indexer& indexer, const SearchCaches& caches);

  Result<SearchResults> Search(const OpeningQuery& q);
  Result<SearchResults> SearchCourses(const CourseQuery& q);
  Result<SearchResults> SearchAid(const AidQuery& q);

  // What a retrieval weighs: a document weighs the sum of the weights of the
  // `terms` it has. With `gates`, only the documents that have none of them
  // are retrieved, or with `gated_only` only those that have any. No terms:
  // every document of the filter, all weighing nothing.
  struct Relevance {
    std::vector<std::pair<std::string, double>> terms;
    std::vector<std::string> gates;
    bool gated_only = false;
  };
  // The best `limit` documents for `relevance` among those matching `filter`,
  // both built by the caller (the matcher): openings as their summaries (the
  // fields matching reads, several times cheaper to decode), other documents
  // whole. `filter` is a boolean query that many retrievals share (a reach,
  // expiry and education): its documents are listed once and then read from
  // memory. Documents, filters and hit lists are remembered until the index
  // changes (SearchCaches).
  // The list is shared: the same object while it is remembered.
  Result<std::shared_ptr<const std::vector<Hit>>> Retrieve(const Relevance& relevance,
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
  // Which shards a reader combines, and whether it may read their replicas.
  // The matcher's readers read every primary: its caches key documents by
  // docid, which is only stable within one combination of the same copies.
  struct Scope {
    ShardMask mask = 0;
    bool replicas = false;
    bool operator<(const Scope& o) const {
      return mask != o.mask ? mask < o.mask : replicas < o.replicas;
    }
  };
  struct Reader {
    std::unique_ptr<Xapian::Database> db;                         // the shards combined
    std::vector<std::pair<std::size_t, Xapian::Database>> parts;  // shard → its copy
    uint64_t generation = 0;
  };
  Reader Acquire(Scope scope);
  void Release(Scope scope, Reader r);
  // A shard none of whose copies could be opened.
  struct ShardDown {
    std::size_t shard;
    Xapian::NetworkError error;
  };
  // One copy of `shard`: its primary or, for `replicas`, the next in turn;
  // a copy that cannot be reached passes to the next. Throws ShardDown when
  // none can.
  Xapian::Database OpenShard(std::size_t shard, bool replicas);
  // The shard of `r` (or of `scope`) that fails to answer, for the error.
  std::size_t FailedShard(Scope scope, Reader& r) const;
  Scope ScopeOf(const std::vector<std::string>& regions) const {
    return {shards_.MaskFor(regions), true};
  }
  // `remote`: some shard is read over the network (FacetSpy).
  SearchResults Run(Xapian::Database& db, const OpeningQuery& q, bool remote) const;
  // Runs `fn` on a pooled reader of `scope`, reopening and retrying when the
  // writer committed under it or a remote shard's connection went stale; maps
  // Xapian errors to Errors (an unreachable shard: 503 shard_unavailable).
  template <typename T>
  Result<T> WithReader(Scope scope, const std::function<T(Xapian::Database&)>& fn);
  // The same, telling `fn` which index generation the reader holds.
  template <typename T>
  Result<T> WithReaderAt(Scope scope, const std::function<T(Xapian::Database&, uint64_t)>& fn);
  // The matcher's retrieval query over local shards (Retrieve).
  Xapian::Query FromMemory(Xapian::Database& db, uint64_t generation, const Relevance& relevance,
                           const std::string& filter_key,
                           const std::shared_ptr<const std::vector<Xapian::docid>>& in_filter);
  Scope Everything() const { return {shards_.all(), false}; }
  Scope Catalogue() const { return {ShardMask{1} << shards_.catalogue(), true}; }
  SearchResults Page(Xapian::Database& db, const Xapian::Query& q, int page, int per_page,
                     bool newest_first) const;

  const ShardMap& shards_;
  const IndexSchema& schema_;
  const Taxonomy& taxonomy_;
  const Regions& regions_;
  const Indexer& indexer_;
  std::mutex mu_;
  std::map<Scope, std::vector<Reader>> idle_;  // guarded by mu_
  std::atomic<unsigned> turn_{0};              // spreads searches over replicas

  std::shared_ptr<const nlohmann::json> Summary(const Xapian::Document& doc, Xapian::docid id,
                                                uint64_t generation);
  GenerationCache<Xapian::docid, std::shared_ptr<const nlohmann::json>> summaries_;
  GenerationCache<std::string, std::shared_ptr<const std::vector<Hit>>> retrievals_;
  GenerationCache<std::string, std::shared_ptr<const std::vector<Xapian::docid>>> filters_;
  GenerationCache<std::string, std::shared_ptr<const std::vector<Xapian::docid>>> postings_;
  GenerationCache<std::string, std::shared_ptr<const std::vector<Xapian::docid>>> within_;
};

template <typename T>
Result<T> Searcher::WithReader(Scope scope, const std::function<T(Xapian::Database&)>& fn) {
  return WithReaderAt<T>(scope, [&](Xapian::Database& db, uint64_t) { return fn(db); });
}

template <typename T>
Result<T> Searcher::WithReaderAt(Scope scope,
                                 const std::function<T(Xapian::Database&, uint64_t)>& fn) {
  for (int attempt = 0;; ++attempt) {
    Reader r;
    try {
      r = Acquire(scope);
      T out = fn(*r.db, r.generation);
      Release(scope, std::move(r));
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      // The writer committed under us: run the whole search again on a fresh
      // reader. This one is dropped, not reopened here, where a failing
      // reopen would throw out of the handler.
      if (attempt < 3) continue;
      return fail(ErrorKind::kUnavailable, "index_busy", "the index is being updated; retry");
    } catch (const Xapian::QueryParserError& e) {
      return fail(ErrorKind::kBadRequest, "bad_query", "q could not be parsed: " + e.get_msg(),
                  "q");
    } catch (const ShardDown& down) {
      return std::unexpected(IndexError("search", down.error, shards_.shard(down.shard)));
    } catch (const Xapian::NetworkError& e) {
      // A pooled connection the shard's server has since closed (its idle
      // timeout, a restart) fails once: try again on fresh connections.
      if (attempt < 1) continue;
      return std::unexpected(IndexError("search", e, shards_.shard(FailedShard(scope, r))));
    } catch (const Xapian::Error& e) {
      return std::unexpected(IndexError("search", e, shards_.shard(0)));
    }
  }
}

}  // namespace jobmatch
