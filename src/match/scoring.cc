#include "match/scoring.h"

#include <algorithm>
#include <cmath>

#include "core/clock.h"

namespace jobmatch {

namespace {

bool IsCountyGrouping(const Region* city) {
  return city != nullptr && city->name.find("直辖县级行政区划") != std::string::npos;
}

const MemberSkill* Held(const Member& m, const std::string& skill) {
  const MemberSkill* best = nullptr;
  for (const auto& s : m.skills) {
    if (s.skill.id == skill &&
        (best == nullptr || s.level > best->level || (s.level == best->level && s.certified))) {
      best = &s;
    }
  }
  return best;
}

}  // namespace

std::vector<Requirement> Requirements(const Taxonomy& t, const std::string& occupation,
                                      const std::vector<std::pair<std::string, int>>& posted) {
  std::vector<Requirement> out;
  auto has = [&](const std::string& id) {
    return std::any_of(out.begin(), out.end(), [&](const Requirement& r) { return r.skill == id; });
  };
  auto add = [&](const std::string& id, int level, RequirementSource source) {
    if (has(id)) return;
    const CertificateKind* certificate = t.CertificateOf(id);
    // A certificate is held or not: it has no levels to fall short of.
    out.push_back({id, t.ResolveSkill(id).name, certificate ? 1 : level, source, certificate});
  };
  for (const auto& [id, level] : posted) add(id, level, RequirementSource::kPosted);
  if (const Occupation* occ = t.FindOccupation(occupation)) {
    for (const auto& id : occ->essential_skills)
      add(id, 1, RequirementSource::kOccupationEssential);
    for (const auto& id : occ->optional_skills) add(id, 1, RequirementSource::kOccupationOptional);
  }
  return out;
}

bool Holds(const Member& m, const std::string& skill) {
  return Held(m, skill) != nullptr;
}

double SkillCredit(int held, int required) {
  if (held <= 0) return 0;
  if (held >= required) return 1;
  return static_cast<double>(held) / required;
}

namespace {

// The skill fit's score; `visit(requirement, held level, certified)` sees
// each requirement first.
template <typename Visit>
double FitScore(const Member& m, const std::vector<Requirement>& reqs, const Weights& w,
                Visit visit) {
  double got = 0, total = 0;
  int optional = 0, optional_held = 0;
  for (const auto& r : reqs) {
    const MemberSkill* held = Held(m, r.skill);
    const int level = held ? held->level : 0;
    // A certificate held is certified by what it is.
    const bool certified = held && (held->certified || r.certificate != nullptr);
    visit(r, level, certified);
    if (!r.essential()) {
      ++optional;
      if (level > 0) ++optional_held;
      continue;
    }
    double credit = SkillCredit(level, r.level);
    if (held && !certified) credit *= w.uncertified_factor;
    const double weight =
        r.source == RequirementSource::kPosted ? w.posted_skill_weight : w.occupation_skill_weight;
    total += weight;
    got += weight * credit;
  }
  // Nothing essential asked: neither a fit nor a misfit.
  double base = total > 0 ? got / total : 0.5;
  if (optional > 0) base += w.optional_skill_bonus * optional_held / optional;
  return std::min(1.0, base);
}

}  // namespace

SkillFit ScoreSkills(const Member& m, const std::vector<Requirement>& reqs, const Weights& w) {
  SkillFit fit;
  fit.score = FitScore(m, reqs, w, [&](const Requirement& r, int level, bool certified) {
    SkillMatch sm{r.skill, r.name, r.level, level, certified, r.certificate != nullptr};
    if (!r.essential()) {
      if (level > 0) fit.matched.push_back(std::move(sm));
    } else if (level >= r.level) {
      fit.matched.push_back(std::move(sm));
    } else {
      fit.missing.push_back(std::move(sm));
    }
  });
  return fit;
}

double SkillScore(const Member& m, const std::vector<Requirement>& reqs, const Weights& w,
                  std::vector<const Requirement*>& unmet) {
  unmet.clear();
  return FitScore(m, reqs, w, [&](const Requirement& r, int level, bool) {
    if (r.essential() && level < r.level) unmet.push_back(&r);
  });
}

std::string_view RegionRelationName(RegionRelation r) {
  switch (r) {
    case RegionRelation::kSameCounty:
      return "same_county";
    case RegionRelation::kSameCity:
      return "same_city";
    case RegionRelation::kSameProvince:
      return "same_province";
    case RegionRelation::kOther:
      return "other";
  }
  return "other";
}

RegionRelation Relate(const Regions& regions, const std::string& a, const std::string& b) {
  return Relate(a, regions.Lineage(a), b, regions.Lineage(b));
}

RegionRelation Relate(const std::string& a, const std::vector<const Region*>& la,
                      const std::string& b, const std::vector<const Region*>& lb) {
  if (a == b && !a.empty())
    return RegionRelation::kSameCounty;  // also cities without counties (东莞)
  if (la.empty() || lb.empty() || la[0] != lb[0]) return RegionRelation::kOther;
  if (la.size() < 2 || lb.size() < 2 || la[1] != lb[1]) return RegionRelation::kSameProvince;
  // Same city level: counties of a province-administered grouping are apart.
  if (la.size() == 3 && lb.size() == 3 && la[2] == lb[2]) return RegionRelation::kSameCounty;
  if (IsCountyGrouping(la[1])) return RegionRelation::kSameProvince;
  return RegionRelation::kSameCity;
}

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthKm = 6371.0;
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::optional<double> DistanceKm(const Member& m, const std::optional<GeoPoint>& place) {
  if (!m.location || !place) return std::nullopt;
  return HaversineKm(m.location->lat, m.location->lon, place->lat, place->lon);
}

bool Reachable(const Regions& regions, const Member& m, const std::string& home,
               const std::string& region, const std::optional<GeoPoint>& location) {
  if (m.max_commute_km) {
    if (auto d = DistanceKm(m, location); d && *d <= *m.max_commute_km) return true;
  }
  const RegionRelation r = Relate(regions, home, region);
  switch (m.reach) {
    case Reach::kCounty:
      return r == RegionRelation::kSameCounty;
    case Reach::kCity:
      return r == RegionRelation::kSameCounty || r == RegionRelation::kSameCity;
    case Reach::kProvince:
      return r != RegionRelation::kOther;
  }
  return false;
}

double ProximityScore(RegionRelation r, std::optional<double> distance_km,
                      std::optional<double> max_commute_km) {
  if (distance_km) {
    const double scale = std::max(1.0, max_commute_km.value_or(30.0));
    return std::clamp(1.0 - *distance_km / (2 * scale), 0.0, 1.0);
  }
  switch (r) {
    case RegionRelation::kSameCounty:
      return 1.0;
    case RegionRelation::kSameCity:
      return 0.6;
    case RegionRelation::kSameProvince:
      return 0.3;
    case RegionRelation::kOther:
      return 0.1;
  }
  return 0;
}

double WageScore(std::optional<int64_t> wage_min, std::optional<int64_t> wage_max,
                 int64_t minimum) {
  if (!wage_min && !wage_max) return 0.5;
  const double mid = wage_min && wage_max ? (*wage_min + *wage_max) / 2.0
                                          : static_cast<double>(wage_min ? *wage_min : *wage_max);
  return std::clamp((mid - minimum) / static_cast<double>(minimum), 0.0, 1.0);
}

std::optional<bool> WageOk(std::optional<int64_t> wage_min, std::optional<int64_t> wage_max,
                           int64_t minimum) {
  if (wage_min) return *wage_min >= minimum;
  if (wage_max) return *wage_max >= minimum;
  return std::nullopt;
}

double OccupationScore(const Taxonomy& t, const Member& m, const std::string& occupation) {
  if (m.desired_occupations.empty()) return 0.5;
  const Occupation* occ = t.FindOccupation(occupation);
  double best = 0;
  for (const auto& d : m.desired_occupations) {
    if (d.id == occupation) return 1.0;
    const Occupation* want = t.FindOccupation(d.id);
    if (occ && want && occ->group == want->group) best = 0.6;
  }
  return best;
}

}  // namespace jobmatch
