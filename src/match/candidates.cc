// The matcher's candidates for a member: what the member wants as weighted
// taxonomy ids, the openings retrieved for it (apart: those that ask for a
// certificate the member lacks; padding where few match), and the likeliest
// of them kept for exact scoring.
#include <algorithm>
#include <unordered_set>

#include "core/entity.h"
#include "match/matcher.h"

namespace jobmatch {

// Each id weighs what an opening that has it adds to the score at most: a
// held skill the opening posts, a wished occupation (or one of its group:
// 0.6, as OccupationScore), an occupation whose essential skills include a
// held one (those count half what a posted skill does in the skill fit).
OpeningWants Matcher::WantsOf(const Member& m) const {
  const Weights& w = config_.weights;
  const double implied = w.skill * w.occupation_skill_weight / w.posted_skill_weight;
  OpeningWants wants;
  for (const auto& s : m.skills) OpeningWants::Add(wants.skills, s.skill.id, w.skill);
  for (const auto& o : m.desired_occupations)
    OpeningWants::Add(wants.occupations, o.id, w.occupation);
  for (const auto& occ : taxonomy_.occupations()) {
    for (const auto& s : m.skills) {
      if (std::find(occ.essential_skills.begin(), occ.essential_skills.end(), s.skill.id) !=
          occ.essential_skills.end()) {
        OpeningWants::Add(wants.occupations, occ.id, implied);
      }
    }
    for (const auto& o : m.desired_occupations) {
      const Occupation* wished = taxonomy_.FindOccupation(o.id);
      if (wished && wished->group == occ.group)
        OpeningWants::Add(wants.occupations, occ.id, 0.6 * w.occupation);
    }
  }
  for (const HardCertificate& c : certificates_) {
    if (Holds(m, c.skill)) continue;
    wants.gate_skills.insert(c.skill);
    wants.gate_occupations.insert(c.occupations.begin(), c.occupations.end());
  }
  return wants;
}

std::vector<Matcher::HardCertificate> Matcher::HardCertificates(const Taxonomy& taxonomy) {
  std::vector<HardCertificate> out;
  for (const auto& skill : taxonomy.skills()) {
    const CertificateKind* certificate = taxonomy.CertificateOf(skill.id);
    if (!certificate || !certificate->hard) continue;
    HardCertificate& c = out.emplace_back(HardCertificate{skill.id, {}});
    for (const auto& occ : taxonomy.occupations()) {
      if (std::find(occ.essential_skills.begin(), occ.essential_skills.end(), skill.id) !=
          occ.essential_skills.end())
        c.occupations.push_back(occ.id);
    }
  }
  return out;
}

Result<std::vector<Matcher::Picked>> Matcher::PickOpenings(
    const Household& h, const OpeningWants& wants, const OpeningReach& reach, std::size_t limit,
    std::size_t gated_limit, std::vector<Picked>& gated,
    std::vector<std::shared_ptr<const Retrieved>>& held) {
  std::vector<Picked> picked;
  // Openings that ask for a certificate the member lacks come apart, so that
  // they never crowd out what the member can take.
  for (Gated which : {Gated::kWithout, Gated::kOnly}) {
    if (wants.empty()) break;
    const std::size_t n = which == Gated::kOnly ? gated_limit : limit;
    auto found = WithFacts(RetrieveOpenings(searcher_, wants, reach, which, static_cast<int>(n)));
    if (!found) return std::unexpected(found.error());
    auto& into = which == Gated::kOnly ? gated : picked;
    for (std::size_t i = 0; i < (*found)->hits->size(); ++i) {
      into.push_back({&(*found)->hits->at(i), (*found)->facts[i].get(), false});
    }
    held.push_back(std::move(*found));
  }
  // Openings matching none of the member's terms still score on proximity,
  // wage and (without wishes) occupation: when fewer than `limit` match, pad
  // with them, the household's county first: the first openings the reach
  // lists, which costs no walk over the reach (Searcher::Retrieve).
  if (picked.size() >= limit) return picked;
  std::unordered_set<DocId> seen(2 * (picked.size() + gated.size()));
  for (const auto* list : {&picked, &gated}) {
    for (const auto& p : *list) seen.insert(p.hit->docid);
  }
  for (const std::string& exact : {h.region, std::string()}) {
    if (picked.size() >= limit) break;
    auto more = WithFacts(RetrieveAnyOpenings(searcher_, reach, exact,
                                              static_cast<int>(limit)));  // enough past the seen
    if (!more) return std::unexpected(more.error());
    for (std::size_t i = 0; i < (*more)->hits->size() && picked.size() < limit; ++i) {
      const Hit& hit = (*more)->hits->at(i);
      if (seen.insert(hit.docid).second) picked.push_back({&hit, (*more)->facts[i].get(), true});
    }
    held.push_back(std::move(*more));
  }
  return picked;
}

// Exact scoring is per member and costs several times what retrieval costs
// per opening. So of the openings retrieved, only the best `scored` by an
// estimate are scored: the retrieval's weight (what the opening's skills and
// occupation add at most, WantsOf) with relevance, proximity, wage and the
// graduate boost. An opening close to home that ranks past the best few
// hundred by relevance alone still gets its chance.
void Matcher::KeepLikeliest(const Household& h, const Member& m, const std::string& today,
                            std::size_t scored, std::vector<Picked>& picked) const {
  const Weights& w = config_.weights;
  const auto& home = regions_.Lineage(h.region);
  const bool graduate = IsRecentGraduate(m, today);
  std::vector<std::pair<double, std::size_t>> by_place;  // negated estimate, position
  for (std::size_t i = 0; i < picked.size(); ++i) {
    const Facts& f = *picked[i].facts;
    const Hit& hit = *picked[i].hit;
    const double relevance = picked[i].padding ? 0 : hit.weight + w.text * hit.percent / 100;
    const double proximity = ProximityScore(Relate(h.region, home, f.region, *f.lineage),
                                            DistanceKm(m, f.location), m.max_commute_km);
    by_place.emplace_back(-(relevance + w.proximity * proximity +
                            w.wage * WageScore(f.wage_min, f.wage_max, f.minimum_wage) +
                            (graduate && f.for_graduates ? w.graduate_boost : 0)),
                          i);
  }
  std::nth_element(by_place.begin(), by_place.begin() + scored, by_place.end());
  by_place.resize(scored);
  std::sort(by_place.begin(), by_place.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<Picked> kept;
  for (const auto& [estimate, i] : by_place) kept.push_back(picked[i]);
  picked = std::move(kept);
}

}  // namespace jobmatch
