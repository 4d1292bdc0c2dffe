#include "search/retrieval.h"

#include <set>

#include "core/entity.h"
#include "search/document.h"

namespace jobmatch {

namespace {

// Reach, expiry, education and working time: the boolean filter many members'
// retrievals share (and the searcher lists once).
Xapian::Query ReachQuery(const Searcher& searcher, const OpeningReach& reach) {
  const auto& p = searcher.schema().prefix;
  std::vector<Xapian::Query> filters{
      Xapian::Query(p.type + kTypeOpening), searcher.OpenOn(reach.today),
      Xapian::Query(p.region + reach.region),
      Xapian::Query(p.education + std::to_string(reach.education_rank))};
  if (reach.part_time_only) filters.emplace_back(p.full_time + "0");
  // A cluster's later openings: the same job as its first, offered once.
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()),
                       Xapian::Query(p.duplicate + "1"));
}

}  // namespace

Result<SharedHits> RetrieveOpenings(Searcher& searcher, const OpeningWants& wants,
                                    const OpeningReach& reach, int limit) {
  const auto& p = searcher.schema().prefix;
  // Each term once: Xapian reads a posting list per subquery.
  std::set<std::string> terms;
  for (const auto& s : wants.skills) terms.insert(p.skill + s);
  for (const auto& o : wants.occupations) terms.insert(p.occupation + o);
  std::vector<Xapian::Query> named;
  for (const auto& words : wants.words) {
    std::string token;
    for (std::size_t i = 0; i <= words.size(); ++i) {
      if (i == words.size() || words[i] == ' ') {
        if (!token.empty()) named.push_back(searcher.TextQuery(token));
        token.clear();
      } else {
        token += words[i];
      }
    }
  }
  named.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  return searcher.Retrieve(Xapian::Query(Xapian::Query::OP_OR, named.begin(), named.end()),
                           ReachQuery(searcher, reach), limit);
}

Result<SharedHits> RetrieveAnyOpenings(Searcher& searcher, const OpeningReach& reach,
                                       const std::string& exact_region, int limit) {
  Xapian::Query filter = ReachQuery(searcher, reach);
  if (!exact_region.empty()) {
    filter = Xapian::Query(Xapian::Query::OP_AND, filter,
                           Xapian::Query(searcher.schema().prefix.region + exact_region));
  }
  return searcher.Retrieve(MatchEverything(), filter, limit);
}

Result<SharedHits> RetrieveCourses(Searcher& searcher, const std::vector<std::string>& skills,
                                   const std::string& starts_from, const std::string& starts_until,
                                   const std::string& region, int limit) {
  const auto& p = searcher.schema().prefix;
  std::vector<Xapian::Query> teaches;
  for (const auto& s : skills) teaches.emplace_back(p.skill + s);
  std::vector<Xapian::Query> filters{
      Xapian::Query(p.type + kTypeCourse),
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, searcher.schema().slot.starts_on, starts_from,
                    starts_until),
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(p.region + region),
                    Xapian::Query(p.mode + "online"))};
  return searcher.Retrieve(Xapian::Query(Xapian::Query::OP_OR, teaches.begin(), teaches.end()),
                           Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()),
                           limit);
}

Result<SharedHits> RetrieveAid(Searcher& searcher, const std::vector<std::string>& regions,
                               int limit) {
  const auto& p = searcher.schema().prefix;
  std::vector<Xapian::Query> covering;
  for (const auto& code : regions) covering.emplace_back(p.aid_region + code);
  return searcher.Retrieve(Xapian::Query(p.type + kTypeAid),
                           Xapian::Query(Xapian::Query::OP_OR, covering.begin(), covering.end()),
                           limit);
}

namespace {

std::vector<std::string> UniqueTerms(const Searcher& searcher, const char* entity,
                                     const std::vector<int64_t>& ids) {
  std::vector<std::string> terms;
  terms.reserve(ids.size());
  for (int64_t id : ids) terms.push_back(searcher.schema().UniqueTerm(entity, id));
  return terms;
}

}  // namespace

Result<std::vector<nlohmann::json>> FetchStored(Searcher& searcher, const char* entity,
                                                const std::vector<int64_t>& ids) {
  return searcher.Fetch(UniqueTerms(searcher, entity, ids));
}

Result<std::vector<Hit>> FetchOpeningSummaries(Searcher& searcher,
                                               const std::vector<int64_t>& ids) {
  return searcher.FetchSummaries(UniqueTerms(searcher, kEntityOpening, ids));
}

}  // namespace jobmatch
