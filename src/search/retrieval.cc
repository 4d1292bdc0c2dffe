#include "search/retrieval.h"

#include <algorithm>

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

void OpeningWants::Add(std::map<std::string, double>& ids, const std::string& id, double weight) {
  auto [it, added] = ids.emplace(id, weight);
  if (!added) it->second = std::max(it->second, weight);
}

Result<SharedHits> RetrieveOpenings(Searcher& searcher, const OpeningWants& wants,
                                    const OpeningReach& reach, Gated gated, int limit) {
  const auto& p = searcher.schema().prefix;
  Searcher::Relevance relevance;
  for (const auto& [id, weight] : wants.skills) relevance.terms.emplace_back(p.skill + id, weight);
  for (const auto& [id, weight] : wants.occupations)
    relevance.terms.emplace_back(p.occupation + id, weight);
  for (const auto& id : wants.gate_skills) relevance.gates.push_back(p.skill + id);
  for (const auto& id : wants.gate_occupations) relevance.gates.push_back(p.occupation + id);
  relevance.gated_only = gated == Gated::kOnly;
  if (relevance.gated_only && relevance.gates.empty())
    return std::make_shared<const std::vector<Hit>>();
  return searcher.Retrieve(relevance, ReachQuery(searcher, reach), limit);
}

Result<SharedHits> RetrieveAnyOpenings(Searcher& searcher, const OpeningReach& reach,
                                       const std::string& exact_region, int limit) {
  Xapian::Query filter = ReachQuery(searcher, reach);
  if (!exact_region.empty()) {
    filter = Xapian::Query(Xapian::Query::OP_AND, filter,
                           Xapian::Query(searcher.schema().prefix.region + exact_region));
  }
  return searcher.Retrieve({}, filter, limit);
}

Result<SharedHits> RetrieveCourses(Searcher& searcher, const std::vector<std::string>& skills,
                                   const std::string& starts_from, const std::string& starts_until,
                                   const std::string& region, int limit) {
  const auto& p = searcher.schema().prefix;
  // Weightless: courses come in index order, the matcher scores them all.
  Searcher::Relevance teaches;
  for (const auto& s : skills) teaches.terms.emplace_back(p.skill + s, 0);
  std::vector<Xapian::Query> filters{
      Xapian::Query(p.type + kTypeCourse),
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, searcher.schema().slot.starts_on, starts_from,
                    starts_until),
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(p.region + region),
                    Xapian::Query(p.mode + "online"))};
  return searcher.Retrieve(
      teaches, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()), limit);
}

Result<SharedHits> RetrieveAid(Searcher& searcher, const std::vector<std::string>& regions,
                               int limit) {
  const auto& p = searcher.schema().prefix;
  std::vector<Xapian::Query> covering;
  for (const auto& code : regions) covering.emplace_back(p.aid_region + code);
  return searcher.Retrieve({{{p.type + kTypeAid, 0}}, {}, false},
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
