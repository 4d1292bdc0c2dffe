// Capacity-aware allocation of a batch's recommendations: a pure function
// from every selected member's ranked candidates and the catalogue's capacity
// to the recommendations each member receives. docs/batch.md states the
// guarantees; tests/unit/allocation_test.cc checks them on generated data.
// No state, no I/O: safe to call from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "batch/coverage.h"

namespace jobmatch {

struct Candidate {
  int64_t id;    // opening or course id
  double score;  // the member's match score, 0..1
};

struct MemberCandidates {
  int64_t member_id;
  bool able = true;                 // full or partial work ability
  std::vector<Candidate> openings;  // every feasible opening, best first
  std::vector<Candidate> courses;   // bridge courses, best first
  bool has_near_fits = false;       // openings missing only a skill or two exist
  bool law_excluded = false;        // the law kept reachable openings from the member
};

// Priority tiers, served in this order.
enum class Tier { kZeroEmployment = 0, kDibao = 1, kGraduateOrSpecial = 2, kRest = 3 };

struct HouseholdCandidates {
  int64_t household_id;
  Tier tier = Tier::kRest;
  bool zero_employment = false;
  std::vector<MemberCandidates> members;
};

struct AllocationLimits {
  int jobs_per_member = 5;
  int courses_per_member = 3;
  std::unordered_map<int64_t, int64_t> opening_cap;  // positions × k, less placements
  std::unordered_map<int64_t, int64_t> course_cap;   // seats, less enrolments
};

struct Allocation {
  std::unordered_map<int64_t, std::vector<Candidate>> jobs;  // member id → recommended openings
  std::unordered_map<int64_t, std::vector<Candidate>> courses;  // member id → recommended courses
  // Household id → why a zero-employment household got no job recommendation:
  // work_ability | no_openings_in_reach | all_at_capacity | protected_work | skills_gap.
  std::map<int64_t, std::string> needs_attention;
  std::unordered_map<int64_t, CoverPick> covered;     // household id → its pass-1 job
  std::unordered_map<int64_t, int64_t> opening_load;  // opening id → members recommended it
  std::unordered_map<int64_t, int64_t> course_load;
};

// First pass: one job for as many households as capacity allows — the most
// zero-employment households, then the most of each later tier without
// fewer of an earlier one, then the highest total score (coverage.h).
// Second pass: everyone, tier by tier and by best score within a tier (ties
// by id), up to the per-member limits. Nothing is ever recommended past its cap.
Allocation Allocate(std::vector<HouseholdCandidates> households, const AllocationLimits& limits);

// The input as text, a line each: "H id tier zero", then its members
// "M id able opening score …", then the capacities "C opening cap". What
// bench/allocation_bench reads (the batch writes it when
// JOBMATCH_DUMP_ALLOCATION names a file).
std::string AllocationInputText(const std::vector<HouseholdCandidates>& households,
                                const AllocationLimits& limits);

}  // namespace jobmatch
