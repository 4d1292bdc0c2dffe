// The parts of the match score, as pure functions over domain types, so that
// each can be tested alone (tests/unit/scoring_test.cc). docs/matching.md
// gives every weight and why. Thread-safe: no state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/household.h"
#include "core/regions.h"
#include "core/taxonomy.h"

namespace jobmatch {

struct Weights {
  double skill = 0.40;
  double occupation = 0.20;
  double proximity = 0.15;
  double wage = 0.15;
  double text = 0.10;
  // Added to the weighted sum (the total is capped at 1).
  double zero_employment_boost = 0.05;
  double dibao_boost = 0.03;
  double special_group_boost = 0.03;
  double graduate_boost = 0.15;  // a recent graduate on a for_graduates opening
  // Credit for an uncertified skill relative to a certified one.
  double uncertified_factor = 0.9;
  // Weights inside the skill fit: skills the posting names count double the
  // essential skills its occupation implies; optional ones only add a bonus.
  double posted_skill_weight = 2.0;
  double occupation_skill_weight = 1.0;
  double optional_skill_bonus = 0.1;
};

// Where a required skill comes from, which sets its weight in the skill fit.
enum class RequirementSource { kPosted, kOccupationEssential, kOccupationOptional };

// A skill an opening asks for: named by the posting, or implied by its
// occupation (essential or optional).
struct Requirement {
  std::string skill;  // id, or a name the taxonomy does not know
  std::string name;
  int level = 1;
  RequirementSource source = RequirementSource::kPosted;
  const CertificateKind* certificate = nullptr;  // when the skill is a certificate
  bool essential() const { return source != RequirementSource::kOccupationOptional; }
  // Required by law before work: never recommended to a member without it.
  bool hard() const { return essential() && certificate != nullptr && certificate->hard; }
};

struct SkillMatch {
  std::string skill;
  std::string name;
  int required_level;
  int held_level;  // 0 when not held
  bool certified;
  bool certificate = false;  // the skill is a certificate (缺少证书…, not 缺少…技能)
};

struct SkillFit {
  double score = 0;                 // 0..1
  std::vector<SkillMatch> matched;  // held at or above the required level
  std::vector<SkillMatch> missing;  // essential, not held or held lower
};

// The skills an opening of `occupation` listing `posted` asks for.
std::vector<Requirement> Requirements(const Taxonomy& t, const std::string& occupation,
                                      const std::vector<std::pair<std::string, int>>& posted);

// Whether the member holds the skill (or certificate) `skill` at all.
bool Holds(const Member& m, const std::string& skill);

// Credit for holding a skill at `held` when `required` is asked: 1 at or
// above, held/required below, 0 when not held.
double SkillCredit(int held, int required);

SkillFit ScoreSkills(const Member& m, const std::vector<Requirement>& reqs, const Weights& w);
// The same score without the explanation: the essential requirements not
// held at their level, as pointers into `reqs`. For ranking many openings.
double SkillScore(const Member& m, const std::vector<Requirement>& reqs, const Weights& w,
                  std::vector<const Requirement*>& unmet);

enum class RegionRelation { kSameCounty, kSameCity, kSameProvince, kOther };
std::string_view RegionRelationName(RegionRelation r);

// How `b` lies from `a`. The province-administered county groupings
// (429000, 469000, 659000) are not cities: two places under one are only
// in the same province.
RegionRelation Relate(const Regions& regions, const std::string& a, const std::string& b);
// The same from the places' lineages (Regions::Lineage), looked up beforehand.
RegionRelation Relate(const std::string& a, const std::vector<const Region*>& la,
                      const std::string& b, const std::vector<const Region*>& lb);

double HaversineKm(double lat1, double lon1, double lat2, double lon2);
// From the member's location to a place's; none unless both are known.
std::optional<double> DistanceKm(const Member& m, const std::optional<GeoPoint>& place);

// Whether a member living in `home` can reach a place in `region` (at
// `location`, if known): within the member's reach, or within its
// max_commute_km where both sides have coordinates.
bool Reachable(const Regions& regions, const Member& m, const std::string& home,
               const std::string& region, const std::optional<GeoPoint>& location);

double ProximityScore(RegionRelation r, std::optional<double> distance_km,
                      std::optional<double> max_commute_km);

// 0 at the local minimum wage or below, 1 at twice it; 0.5 when unknown (面议).
double WageScore(std::optional<int64_t> wage_min, std::optional<int64_t> wage_max, int64_t minimum);
std::optional<bool> WageOk(std::optional<int64_t> wage_min, std::optional<int64_t> wage_max,
                           int64_t minimum);

// 1 for a desired occupation, 0.6 for one of the same group, 0 otherwise;
// 0.5 when the member named none.
double OccupationScore(const Taxonomy& t, const Member& m, const std::string& occupation);

}  // namespace jobmatch
