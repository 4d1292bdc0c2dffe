#include "search/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>
#include <unordered_map>

#include "search/facets.h"
#include "search/query_parts.h"

namespace jobmatch {

Searcher::Searcher(const ShardMap& shards, const IndexSchema& schema, const Taxonomy& taxonomy,
                   const Regions& regions, const Indexer& indexer, const SearchCaches& caches)
    : shards_(shards),
      schema_(schema),
      taxonomy_(taxonomy),
      regions_(regions),
      indexer_(indexer),
      summaries_(caches.summaries),
      retrievals_(caches.retrievals),
      filters_(caches.filters),
      postings_(caches.postings),
      within_(caches.within) {}

Xapian::Database Searcher::OpenShard(std::size_t shard, bool replicas) {
  const ShardSpec& spec = shards_.shard(shard);
  const std::size_t copies = replicas ? 1 + spec.replicas.size() : 1;
  const std::size_t first = copies > 1 ? turn_++ % copies : 0;
  std::optional<Xapian::NetworkError> last;
  for (std::size_t i = 0; i < copies; ++i) {
    const std::size_t copy = (first + i) % copies;
    try {
      return OpenShardReader(copy == 0 ? spec.location : spec.replicas[copy - 1],
                             shards_.timeout_ms());
    } catch (const Xapian::NetworkError& e) {
      last.emplace(e);
    }
  }
  throw ShardDown{shard, *last};
}

Searcher::Reader Searcher::Acquire(Scope scope) {
  Reader r;
  {
    std::lock_guard lock(mu_);
    auto& idle = idle_[scope];
    if (!idle.empty()) {
      r = std::move(idle.back());
      idle.pop_back();
    }
  }
  uint64_t now = indexer_.generation();
  if (!r.db) {
    r.db = std::make_unique<Xapian::Database>();
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      if ((scope.mask & (ShardMask{1} << i)) == 0) continue;
      r.parts.emplace_back(i, OpenShard(i, scope.replicas));
      r.db->add_database(r.parts.back().second);
    }
  } else if (r.generation != now) {
    r.db->reopen();
  }
  r.generation = now;
  return r;
}

void Searcher::Release(Scope scope, Reader r) {
  std::lock_guard lock(mu_);
  idle_[scope].push_back(std::move(r));
}

std::size_t Searcher::FailedShard(Scope scope, Reader& r) const {
  for (auto& [shard, db] : r.parts) {
    try {
      db.keep_alive();
    } catch (const Xapian::Error&) {
      return shard;
    }
  }
  // Not found again: the first remote shard the reader needed.
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if ((scope.mask & (ShardMask{1} << i)) != 0 && IsRemote(shards_.shard(i).location)) return i;
  }
  return 0;
}

SearchResults Searcher::Run(Xapian::Database& db, const OpeningQuery& q, bool remote) const {
  const Xapian::Query query = BuildQuery(q);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  // Every order ends in the updated_at slot, which no two documents share.
  switch (q.sort) {
    case SortOrder::kDate:
      enquire.set_sort_by_value(schema_.slot.updated_at, true);
      break;
    case SortOrder::kWage:
      enquire.set_sort_by_value(schema_.slot.wage_order, true);
      break;
    case SortOrder::kRelevance:
      // Without words every match weighs the same: newest first is more useful.
      if (SplitWords(q.text).empty()) {
        enquire.set_sort_by_value(schema_.slot.updated_at, true);
      } else {
        enquire.set_sort_by_relevance_then_value(schema_.slot.updated_at, true);
      }
      break;
  }

  // The region facet counts one level below the narrowest region filter.
  int region_level = 0;
  if (q.regions.size() == 1) {
    if (const Region* r = regions_.Find(q.regions.front())) {
      region_level = std::min(static_cast<int>(r->level) + 1, 2);
    }
  }
  FacetSpy region_spy(schema_.slot.facet_region, region_level, remote);
  FacetSpy occupation_spy(schema_.slot.facet_occupation, -1, remote);
  FacetSpy skill_spy(schema_.slot.facet_skill, -1, remote);
  const bool any_facet = q.facet_region || q.facet_occupation || q.facet_skill;
  // Over remote shards Xapian 1.4 miscounts match spies when the matches are
  // sorted by a value (some documents are seen twice): there, the facets are
  // counted in a pass of their own, unsorted.
  Xapian::Enquire counting(db);
  Xapian::Enquire& spied = remote ? counting : enquire;
  if (remote) {
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
  }
  if (q.facet_region) spied.add_matchspy(&region_spy.spy());
  if (q.facet_occupation) spied.add_matchspy(&occupation_spy.spy());
  if (q.facet_skill) spied.add_matchspy(&skill_spy.spy());

  const Xapian::doccount first = static_cast<Xapian::doccount>((q.page - 1) * q.per_page);
  // Totals are exact up to kExactTotalUpTo matches; facets count the first
  // kFacetSample matches and are scaled up beyond (total_estimated is then true).
  const Xapian::doccount check =
      std::max(any_facet ? kFacetSample : kExactTotalUpTo, first + q.per_page);
  Xapian::MSet mset = enquire.get_mset(first, q.per_page, check);
  if (remote && any_facet) counting.get_mset(0, 0, check);
  SearchResults out;
  out.total = mset.get_matches_estimated();
  out.total_estimated = mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.items.push_back(nlohmann::json::parse(it.get_document().get_data()));
  }
  auto region_name = [this](const std::string& code) { return regions_.FullName(code); };
  auto occupation_name = [this](const std::string& id) {
    return taxonomy_.ResolveOccupation(id).name;
  };
  auto skill_name = [this](const std::string& id) { return taxonomy_.ResolveSkill(id).name; };
  if (q.facet_region) out.facets["region"] = region_spy.Top(out.total, region_name);
  if (q.facet_occupation) out.facets["occupation"] = occupation_spy.Top(out.total, occupation_name);
  if (q.facet_skill) out.facets["skill"] = skill_spy.Top(out.total, skill_name);
  return out;
}

Xapian::Query Searcher::OpenOn(const std::string& today) const {
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema_.slot.expires_at, today);
}

Result<SearchResults> Searcher::Search(const OpeningQuery& q) {
  const Scope scope = ScopeOf(q.regions);
  const bool remote = shards_.Remote(scope.mask, scope.replicas);
  return WithReader<SearchResults>(scope, [&](Xapian::Database& db) { return Run(db, q, remote); });
}

SearchResults Searcher::Page(Xapian::Database& db, const Xapian::Query& q, int page, int per_page,
                             bool newest_first) const {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  if (newest_first) {
    enquire.set_sort_by_value(schema_.slot.updated_at, true);
  } else {
    enquire.set_sort_by_relevance_then_value(schema_.slot.updated_at, true);
  }
  const auto first = static_cast<Xapian::doccount>((page - 1) * per_page);
  Xapian::MSet mset =
      enquire.get_mset(first, per_page, std::max(kExactTotalUpTo, first + per_page));
  SearchResults out;
  out.total = mset.get_matches_estimated();
  out.total_estimated = mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.items.push_back(nlohmann::json::parse(it.get_document().get_data()));
  }
  return out;
}

Result<SearchResults> Searcher::SearchCourses(const CourseQuery& q) {
  const auto& p = schema_.prefix;
  std::vector<Xapian::Query> filters{Xapian::Query(p.type + kTypeCourse), OpenOn(q.today)};
  if (!q.regions.empty()) filters.push_back(AnyTerm(p.region, q.regions));
  for (const auto& s : q.skills) filters.emplace_back(p.skill + s);
  if (!q.starts_after.empty()) {
    filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema_.slot.starts_on, q.starts_after);
  }
  if (q.free) filters.emplace_back(p.free + (*q.free ? "1" : "0"));
  if (q.online) filters.emplace_back(p.mode + (*q.online ? "online" : "offline"));
  const bool no_text = SplitWords(q.text).empty();
  return WithReader<SearchResults>(Catalogue(), [&](Xapian::Database& db) {
    // Parsed inside WithReader so that a query error becomes a 400.
    Xapian::Query query(Xapian::Query::OP_FILTER, TextQuery(q.text),
                        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    return Page(db, query, q.page, q.per_page, no_text);
  });
}

Result<SearchResults> Searcher::SearchAid(const AidQuery& q) {
  const auto& p = schema_.prefix;
  std::vector<Xapian::Query> filters{Xapian::Query(p.type + kTypeAid), OpenOn(q.today)};
  if (!q.region.empty()) {
    std::vector<std::string> covering;
    for (const Region* r : regions_.Lineage(q.region)) covering.push_back(r->code);
    filters.push_back(AnyTerm(p.aid_region, covering));
  }
  if (q.kind) filters.emplace_back(p.aid_kind + *q.kind);
  const bool no_text = SplitWords(q.text).empty();
  return WithReader<SearchResults>(Catalogue(), [&](Xapian::Database& db) {
    // Parsed inside WithReader so that a query error becomes a 400.
    Xapian::Query query(Xapian::Query::OP_FILTER, TextQuery(q.text),
                        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    return Page(db, query, q.page, q.per_page, no_text);
  });
}

}  // namespace jobmatch
