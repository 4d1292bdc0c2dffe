#include "batch/allocation.h"

#include <algorithm>
#include <cmath>

namespace jobmatch {

namespace {

double BestScore(const HouseholdCandidates& h) {
  double best = 0;
  for (const auto& m : h.members) {
    if (!m.openings.empty()) best = std::max(best, m.openings.front().score);
    if (!m.courses.empty()) best = std::max(best, m.courses.front().score);
  }
  return best;
}

bool HasRoom(const std::unordered_map<int64_t, int64_t>& cap,
             const std::unordered_map<int64_t, int64_t>& load, int64_t id) {
  auto c = cap.find(id);
  if (c == cap.end()) return false;  // unknown capacity: never over-recommend
  auto l = load.find(id);
  return (l == load.end() ? 0 : l->second) < c->second;
}

bool Holds(const std::vector<Candidate>& list, int64_t id) {
  return std::any_of(list.begin(), list.end(), [&](const Candidate& c) { return c.id == id; });
}

// Households in a deterministic order whatever order the input came in:
// tier, then best score, then id.
std::vector<std::size_t> Order(const std::vector<HouseholdCandidates>& households) {
  std::vector<std::pair<double, std::size_t>> keyed;
  for (std::size_t i = 0; i < households.size(); ++i)
    keyed.push_back({BestScore(households[i]), i});
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    const auto& ha = households[a.second];
    const auto& hb = households[b.second];
    if (ha.tier != hb.tier) return ha.tier < hb.tier;
    if (a.first != b.first) return a.first > b.first;
    return ha.household_id < hb.household_id;
  });
  std::vector<std::size_t> order;
  for (const auto& [score, i] : keyed) order.push_back(i);
  return order;
}

void GiveJob(Allocation& out, const MemberCandidates& m, const Candidate& c) {
  out.jobs[m.member_id].push_back(c);
  ++out.opening_load[c.id];
}

// Pass 1: one job for as many households as capacity allows, tier by tier,
// then the highest total score (coverage.h).
void CoverHouseholds(const std::vector<HouseholdCandidates>& households,
                     const AllocationLimits& limits, Allocation& out) {
  std::vector<CoverHousehold> input;
  std::unordered_map<int64_t, const MemberCandidates*> members;
  for (const auto& h : households) {
    CoverHousehold ch{h.household_id, static_cast<int>(h.tier), {}};
    for (const auto& m : h.members) {
      if (!m.able) continue;
      members[m.member_id] = &m;
      for (const auto& c : m.openings) {
        ch.arcs.push_back({c.id, m.member_id, static_cast<int32_t>(std::lround(c.score * 1000))});
      }
    }
    if (!ch.arcs.empty()) input.push_back(std::move(ch));
  }
  for (const CoverPick& pick : Cover(std::move(input), limits.opening_cap)) {
    const MemberCandidates& m = *members.at(pick.member);
    GiveJob(out, m, *std::find_if(m.openings.begin(), m.openings.end(), [&](const Candidate& c) {
              return c.id == pick.opening;
            }));
    out.covered[pick.household] = pick;
  }
}

// Pass 2: everyone, up to the limits.
void Fill(const std::vector<HouseholdCandidates>& households, const std::vector<std::size_t>& order,
          const AllocationLimits& limits, Allocation& out) {
  for (std::size_t i : order) {
    for (const auto& m : households[i].members) {
      if (!m.able) continue;
      auto& jobs = out.jobs[m.member_id];
      for (const auto& c : m.openings) {
        if (static_cast<int>(jobs.size()) >= limits.jobs_per_member) break;
        if (Holds(jobs, c.id) || !HasRoom(limits.opening_cap, out.opening_load, c.id)) continue;
        GiveJob(out, m, c);
      }
      auto& courses = out.courses[m.member_id];
      for (const auto& c : m.courses) {
        if (static_cast<int>(courses.size()) >= limits.courses_per_member) break;
        if (!HasRoom(limits.course_cap, out.course_load, c.id)) continue;
        courses.push_back(c);
        ++out.course_load[c.id];
      }
    }
  }
  // Keep each member's list in score order (pass 1 may have put one first).
  for (auto& [member, jobs] : out.jobs) {
    std::stable_sort(jobs.begin(), jobs.end(), [](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
  }
}

// Why a zero-employment household is left without a job.
void ExplainShortfalls(const std::vector<HouseholdCandidates>& households, Allocation& out) {
  for (const auto& h : households) {
    if (!h.zero_employment) continue;
    bool got = false, able = false, feasible = false, near = false, law = false;
    for (const auto& m : h.members) {
      auto it = out.jobs.find(m.member_id);
      got |= it != out.jobs.end() && !it->second.empty();
      able |= m.able;
      feasible |= m.able && !m.openings.empty();
      near |= m.able && m.has_near_fits;
      law |= m.able && m.law_excluded;
    }
    if (got) continue;
    out.needs_attention[h.household_id] = !able      ? "work_ability"
                                          : feasible ? "all_at_capacity"
                                          : law      ? "protected_work"
                                          : near     ? "skills_gap"
                                                     : "no_openings_in_reach";
  }
}

}  // namespace

Allocation Allocate(std::vector<HouseholdCandidates> households, const AllocationLimits& limits) {
  const std::vector<std::size_t> order = Order(households);
  Allocation out;
  CoverHouseholds(households, limits, out);
  Fill(households, order, limits, out);
  ExplainShortfalls(households, out);
  return out;
}

std::string AllocationInputText(const std::vector<HouseholdCandidates>& households,
                                const AllocationLimits& limits) {
  std::string out;
  auto add = [&](auto... v) {
    ((out += std::to_string(v), out += ' '), ...);
    out.back() = '\n';
  };
  for (const auto& h : households) {
    out += "H ";
    add(h.household_id, static_cast<int>(h.tier), static_cast<int>(h.zero_employment));
    for (const auto& m : h.members) {
      out += "M ";
      out += std::to_string(m.member_id) + ' ' + (m.able ? '1' : '0');
      for (const auto& c : m.openings)
        out += ' ' + std::to_string(c.id) + ' ' + std::to_string(c.score);
      out += '\n';
    }
  }
  std::map<int64_t, int64_t> caps(limits.opening_cap.begin(), limits.opening_cap.end());
  for (const auto& [id, cap] : caps) {
    out += "C ";
    add(id, cap);
  }
  return out;
}

}  // namespace jobmatch
