// Matches one household member against the catalogues and explains each
// match: job openings (hard filters, then a weighted score), training courses
// that bridge the skills the member nearly has (with the openings each would
// unlock), and startup aid in pathway order. Candidates come from a Xapian
// query built from the member's skills, desired occupations and reachable
// regions, never from scanning the catalogue: cost grows with candidates.
// Thread-safe: it holds only shared read-only data and the Searcher.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "match/scoring.h"
#include "search/searcher.h"

namespace jobmatch {

struct MatchConfig {
  Weights weights;
  WorkingAge working_age;
  int candidates = 300;        // openings retrieved per member before exact scoring
  int bridge_max_missing = 2;  // an opening "nearly fits" when at most this many skills are missing
  int course_horizon_days = 120;  // courses starting within this many days
  int64_t default_minimum_wage = 2000;
  std::map<std::string, int64_t> minimum_wage;  // province code → CNY a month
  static Result<MatchConfig> Load(const std::string& index_dir);
};

enum class MatchKind { kOpenings, kCourses, kAid };

struct MemberMatches {
  std::vector<nlohmann::json> openings;
  std::vector<nlohmann::json> courses;
};
std::optional<MatchKind> ParseMatchKind(std::string_view s);

class Matcher {
 public:
  Matcher(Searcher& searcher, const Taxonomy& taxonomy, const Regions& regions, MatchConfig config)
      : searcher_(searcher), taxonomy_(taxonomy), regions_(regions), config_(std::move(config)) {}

  // Items: the catalogue item's own fields plus `score` and `explanation`.
  Result<std::vector<nlohmann::json>> Match(const Household& h, const Member& m, MatchKind kind,
                                            const std::string& today, int limit);

  Result<std::vector<nlohmann::json>> Openings(const Household& h, const Member& m,
                                               const std::string& today, int limit);
  Result<std::vector<nlohmann::json>> Courses(const Household& h, const Member& m,
                                              const std::string& today, int limit);
  Result<std::vector<nlohmann::json>> Aid(const Household& h, const Member& m,
                                          const std::string& today, int limit);

  // Openings and bridge courses from one retrieval (the batch).
  Result<MemberMatches> OpeningsAndCourses(const Household& h, const Member& m,
                                           const std::string& today, int opening_limit,
                                           int course_limit);

  const MatchConfig& config() const { return config_; }

 private:
  struct Candidate {
    nlohmann::json doc;
    double score = 0;
    SkillFit fit;
    nlohmann::json explanation;
    bool passes = false;  // every hard filter, skills aside
  };
  // Retrieves and scores openings the member can reach and work in; `passes`
  // tells which also need no skill the member lacks... see Openings().
  Result<std::vector<Candidate>> ScoreOpenings(const Household& h, const Member& m,
                                               const std::string& today);
  static std::vector<nlohmann::json> RankOpenings(std::vector<Candidate> candidates, int limit);
  Result<std::vector<nlohmann::json>> CoursesFor(const Household& h, const Member& m,
                                                 const std::vector<Candidate>& candidates,
                                                 const std::string& today, int limit);
  Xapian::Query ReachFilter(const Household& h, const Member& m) const;
  int64_t MinimumWage(const std::string& region) const;

  Searcher& searcher_;
  const Taxonomy& taxonomy_;
  const Regions& regions_;
  MatchConfig config_;
};

}  // namespace jobmatch
