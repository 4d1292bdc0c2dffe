// What one run of the batch holds per household while it runs, and the plan
// document it writes for each (一户一计划): every selected member's allocated
// jobs, courses and aid, each with its explanation, and, for a
// zero-employment household left without a job, why. Pure functions over a
// household's work; the runner (runner.h) calls them a slice at a time.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "batch/allocation.h"
#include "match/matcher.h"
#include "store/batch_store.h"

namespace jobmatch {

struct MemberWork {
  const Member* member = nullptr;
  Shortlist shortlist;                        // scored, for the allocation
  std::vector<nlohmann::json> jobs, courses;  // allocated, explained
  std::vector<nlohmann::json> aid;
};

struct HouseholdWork {
  const Household* household = nullptr;
  bool zero = false;
  Tier tier = Tier::kRest;
  std::vector<MemberWork> members;
  std::optional<Error> error;  // set by a worker that failed on this household
};

// Counts over every plan of a run, for its summary.
struct PlanTotals {
  std::map<std::string, int64_t> tracks;
  int64_t members = 0, jobs = 0, courses = 0, aid = 0;
  int64_t zero_employment = 0, zero_employment_with_job = 0;
};

struct PlannedHousehold {
  PlanWrite write;
  // The plan document; each item holds its recommendation's index in
  // `write.recommendations` until WithRecommendationIds replaces it.
  nlohmann::json doc;
};

// Builds the household's plan from its explained work, moving the
// explanations out of `hw` (which is left empty), and counts it in `totals`.
PlannedHousehold PlanHousehold(HouseholdWork& hw, const Allocation& alloc, int64_t batch_id,
                               const std::string& as_of, PlanTotals& totals);

// The plan document with each item's index replaced by its recommendation id.
nlohmann::json WithRecommendationIds(nlohmann::json doc, const std::vector<int64_t>& ids);

}  // namespace jobmatch
