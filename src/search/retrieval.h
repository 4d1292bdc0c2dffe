// What the matcher asks of the index, in the matcher's own terms: openings a
// member might be good for within their reach, courses that teach given
// skills, aid products that cover a place. The queries (terms, prefixes,
// value slots, filters) are built here, so match/ never touches Xapian. Each
// returns the searcher's shared, cached hit list (Searcher::Retrieve).
// Thread-safe as the Searcher is.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/searcher.h"

namespace jobmatch {

using SharedHits = std::shared_ptr<const std::vector<Hit>>;

// What raises an opening's relevance for a member: taxonomy ids, each with
// the weight an opening that has it gains (the matcher's estimate of what it
// adds to the score). An opening's relevance is the sum over the ids it has.
struct OpeningWants {
  std::map<std::string, double> skills;
  std::map<std::string, double> occupations;
  // Ids by which an opening asks for a certificate required by law that the
  // member lacks (a posted certificate, an occupation that needs one).
  std::set<std::string> gate_skills, gate_occupations;
  bool empty() const { return skills.empty() && occupations.empty(); }
  // Adds `id` to `ids` with `weight`, keeping the larger of two weights.
  static void Add(std::map<std::string, double>& ids, const std::string& id, double weight);
};

// Which openings a member can take at all.
struct OpeningReach {
  std::string today;       // open on that day
  std::string region;      // a region code: openings in it or beneath it
  int education_rank = 0;  // what the member holds (EducationRank)
  bool part_time_only = false;
};

// The best `limit` openings for `wants` within `reach`, by relevance (Hit::weight
// the sum of the wanted ids' weights): those the wants' gates keep from the
// member apart from the rest, so that neither crowds out the other.
enum class Gated { kWithout, kOnly };
Result<SharedHits> RetrieveOpenings(Searcher& searcher, const OpeningWants& wants,
                                    const OpeningReach& reach, Gated gated, int limit);
// Openings within `reach` that all weigh the same (the matcher's padding);
// with `exact_region`, only those in exactly that region.
Result<SharedHits> RetrieveAnyOpenings(Searcher& searcher, const OpeningReach& reach,
                                       const std::string& exact_region, int limit);
// Courses teaching any of `skills` that start in [starts_from, starts_until],
// held in `region` (or beneath) or online.
Result<SharedHits> RetrieveCourses(Searcher& searcher, const std::vector<std::string>& skills,
                                   const std::string& starts_from, const std::string& starts_until,
                                   const std::string& region, int limit);
// Aid products covering any of `regions` (a place and its ancestors).
Result<SharedHits> RetrieveAid(Searcher& searcher, const std::vector<std::string>& regions,
                               int limit);

// Stored documents of `entity` (core/entity.h) by id, in order; null where
// none is indexed (deleted since).
Result<std::vector<nlohmann::json>> FetchStored(Searcher& searcher, const char* entity,
                                                const std::vector<int64_t>& ids);
// Openings' summaries by id, as hits (Searcher::FetchSummaries).
Result<std::vector<Hit>> FetchOpeningSummaries(Searcher& searcher, const std::vector<int64_t>& ids);

}  // namespace jobmatch
