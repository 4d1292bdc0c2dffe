// Invariants of the batch allocation, checked on generated data for many seeds:
// capacity is never exceeded, the zero-employment guarantee holds, priority
// order is respected, and the result does not depend on input order.
#include "batch/allocation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <set>

namespace jobmatch {
namespace {

struct Generated {
  std::vector<HouseholdCandidates> households;
  AllocationLimits limits;
};

Generated Generate(unsigned seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Generated g;
  const int openings = uniform(5, 60), courses = uniform(3, 20);
  for (int o = 1; o <= openings; ++o) g.limits.opening_cap[o] = uniform(0, 3) * 3;  // positions × k
  for (int c = 1; c <= courses; ++c) g.limits.course_cap[c] = uniform(0, 5);
  int64_t member_id = 1;
  const int households = uniform(20, 300);
  for (int h = 1; h <= households; ++h) {
    HouseholdCandidates hc;
    hc.household_id = h;
    hc.tier = static_cast<Tier>(uniform(0, 3));
    hc.zero_employment = hc.tier == Tier::kZeroEmployment;
    for (int m = uniform(1, 3); m > 0; --m) {
      MemberCandidates mc;
      mc.member_id = member_id++;
      mc.able = uniform(0, 9) > 0;
      std::set<int64_t> picked;
      for (int k = uniform(0, 15); k > 0; --k) picked.insert(uniform(1, openings));
      for (int64_t o : picked) mc.openings.push_back({o, uniform(1, 1000) / 1000.0});
      std::sort(mc.openings.begin(), mc.openings.end(), [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
      });
      std::set<int64_t> taught;
      for (int k = uniform(0, 4); k > 0; --k) taught.insert(uniform(1, courses));
      for (int64_t c : taught) mc.courses.push_back({c, uniform(1, 1000) / 1000.0});
      mc.has_near_fits = !mc.courses.empty();
      hc.members.push_back(std::move(mc));
    }
    g.households.push_back(std::move(hc));
  }
  return g;
}

class AllocationInvariants : public ::testing::TestWithParam<unsigned> {};

TEST_P(AllocationInvariants, CapacityIsNeverExceeded) {
  const Generated g = Generate(GetParam());
  const Allocation a = Allocate(g.households, g.limits);
  std::map<int64_t, int64_t> jobs, courses;
  for (const auto& [member, list] : a.jobs) {
    EXPECT_LE(static_cast<int>(list.size()), g.limits.jobs_per_member);
    std::set<int64_t> distinct;
    for (const auto& c : list) {
      ++jobs[c.id];
      EXPECT_TRUE(distinct.insert(c.id).second)
          << "opening " << c.id << " twice for member " << member;
    }
  }
  for (const auto& [member, list] : a.courses) {
    EXPECT_LE(static_cast<int>(list.size()), g.limits.courses_per_member);
    for (const auto& c : list) ++courses[c.id];
  }
  for (const auto& [id, n] : jobs) EXPECT_LE(n, g.limits.opening_cap.at(id)) << "opening " << id;
  for (const auto& [id, n] : courses) EXPECT_LE(n, g.limits.course_cap.at(id)) << "course " << id;
  const std::map<int64_t, int64_t> load(a.opening_load.begin(), a.opening_load.end());
  EXPECT_EQ(jobs, load);
}

TEST_P(AllocationInvariants, EveryZeroEmploymentHouseholdGetsAJobWhenOneHasRoom) {
  const Generated g = Generate(GetParam());
  const Allocation a = Allocate(g.households, g.limits);
  for (const auto& h : g.households) {
    if (!h.zero_employment) continue;
    bool got = false;
    for (const auto& m : h.members)
      got |= a.jobs.contains(m.member_id) && !a.jobs.at(m.member_id).empty();
    if (got) {
      EXPECT_FALSE(a.needs_attention.contains(h.household_id));
      continue;
    }
    ASSERT_TRUE(a.needs_attention.contains(h.household_id)) << "household " << h.household_id;
    // Left without a job: then nothing its able members could take had room.
    for (const auto& m : h.members) {
      if (!m.able) continue;
      for (const auto& c : m.openings) {
        const int64_t load = a.opening_load.contains(c.id) ? a.opening_load.at(c.id) : 0;
        EXPECT_GE(load, g.limits.opening_cap.at(c.id)) << "opening " << c.id << " had room";
      }
    }
    const std::string& why = a.needs_attention.at(h.household_id);
    EXPECT_TRUE(why == "work_ability" || why == "all_at_capacity" || why == "skills_gap" ||
                why == "no_openings_in_reach")
        << why;
  }
}

TEST_P(AllocationInvariants, PriorityOrderIsRespected) {
  const Generated g = Generate(GetParam());
  const Allocation a = Allocate(g.households, g.limits);
  std::map<int64_t, Tier> tier_of;          // member → tier
  std::map<int64_t, int64_t> household_of;  // member → household
  for (const auto& h : g.households) {
    for (const auto& m : h.members) {
      tier_of[m.member_id] = h.tier;
      household_of[m.member_id] = h.household_id;
    }
  }
  std::map<int64_t, std::vector<int64_t>> holders;  // opening → members recommended it
  for (const auto& [member, list] : a.jobs) {
    for (const auto& c : list) holders[c.id].push_back(member);
  }
  // A member denied an opening it wanted (room in its list, the opening full)
  // never sees it go to a household of a lower priority tier as an extra.
  for (const auto& h : g.households) {
    for (const auto& m : h.members) {
      if (!m.able) continue;
      const auto& got =
          a.jobs.contains(m.member_id) ? a.jobs.at(m.member_id) : std::vector<Candidate>{};
      if (static_cast<int>(got.size()) >= g.limits.jobs_per_member) continue;
      for (const auto& c : m.openings) {
        if (std::any_of(got.begin(), got.end(), [&](const Candidate& x) { return x.id == c.id; }))
          continue;
        for (int64_t holder : holders[c.id]) {
          // A lower tier's one job from the first pass is lawful: coverage
          // goes tier by tier (CoverageIsLexicographicallyOptimal).
          auto covered = a.covered.find(household_of[holder]);
          if (covered != a.covered.end() && covered->second.member == holder &&
              covered->second.opening == c.id)
            continue;
          EXPECT_LE(static_cast<int>(tier_of[holder]), static_cast<int>(h.tier))
              << "opening " << c.id << " went to tier " << static_cast<int>(tier_of[holder])
              << " over a tier " << static_cast<int>(h.tier) << " member";
        }
      }
    }
  }
}

TEST_P(AllocationInvariants, InputOrderDoesNotMatter) {
  Generated g = Generate(GetParam());
  const Allocation a = Allocate(g.households, g.limits);
  std::mt19937 rng(GetParam() * 7919u);
  std::shuffle(g.households.begin(), g.households.end(), rng);
  const Allocation b = Allocate(g.households, g.limits);
  auto ids = [](const std::unordered_map<int64_t, std::vector<Candidate>>& m) {
    std::map<int64_t, std::vector<int64_t>> out;
    for (const auto& [k, v] : m) {
      for (const auto& c : v) out[k].push_back(c.id);
    }
    return out;
  };
  EXPECT_EQ(ids(a.jobs), ids(b.jobs));
  EXPECT_EQ(ids(a.courses), ids(b.courses));
  EXPECT_EQ(a.needs_attention, b.needs_attention);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AllocationInvariants, ::testing::Range(1u, 41u));

// Small random markets, solved by trying every assignment.
struct Market {
  std::vector<CoverHousehold> households;
  std::unordered_map<int64_t, int64_t> capacity;
};

Market SmallMarket(unsigned seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Market m;
  const int openings = uniform(1, 4);
  for (int o = 1; o <= openings; ++o) m.capacity[o] = uniform(0, 2);
  for (int h = uniform(1, 7); h > 0; --h) {
    CoverHousehold ch{h, uniform(0, 3), {}};
    std::set<int64_t> picked;
    for (int k = uniform(0, 3); k > 0; --k) picked.insert(uniform(1, openings));
    for (int64_t o : picked) ch.arcs.push_back({o, 100 * h + o, uniform(0, 1000)});
    m.households.push_back(std::move(ch));
  }
  return m;
}

// Households served per tier, then the total score: larger is better, and
// tier 0's count is compared first.
using Value = std::pair<std::array<int, kCoverTiers>, int64_t>;

Value ValueOf(const Market& m, const std::vector<CoverPick>& picks) {
  Value v{};
  for (const auto& p : picks) {
    for (const auto& h : m.households) {
      if (h.id != p.household) continue;
      ++v.first[h.tier];
      for (const auto& a : h.arcs) {
        if (a.opening == p.opening && a.member == p.member) v.second += a.score;
      }
    }
  }
  return v;
}

// The best value of every assignment: each household takes one of its
// openings with room, or none. Any greedy order is one of them.
Value Exhaustive(const Market& m, std::size_t i, std::unordered_map<int64_t, int64_t>& room) {
  if (i == m.households.size()) return {};
  Value best = Exhaustive(m, i + 1, room);  // household i takes nothing
  const auto& h = m.households[i];
  for (const auto& a : h.arcs) {
    if (room[a.opening] == 0) continue;
    --room[a.opening];
    Value v = Exhaustive(m, i + 1, room);
    ++room[a.opening];
    ++v.first[h.tier];
    v.second += a.score;
    best = std::max(best, v);
  }
  return best;
}

class CoverageTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(CoverageTest, NoAssignmentServesMoreHouseholdsOrScoresHigher) {
  const Market m = SmallMarket(GetParam());
  const std::vector<CoverPick> picks = Cover(m.households, m.capacity);
  std::map<int64_t, int64_t> load;
  std::set<int64_t> served;
  for (const auto& p : picks) {
    EXPECT_TRUE(served.insert(p.household).second) << "household " << p.household << " twice";
    EXPECT_LE(++load[p.opening], m.capacity.at(p.opening)) << "opening " << p.opening;
  }
  auto room = m.capacity;
  EXPECT_EQ(ValueOf(m, picks), Exhaustive(m, 0, room));
}

TEST_P(CoverageTest, TheSameMarketInAnyOrderGivesTheSamePicks) {
  Market m = SmallMarket(GetParam());
  const std::vector<CoverPick> picks = Cover(m.households, m.capacity);
  std::mt19937 rng(GetParam());
  std::shuffle(m.households.begin(), m.households.end(), rng);
  for (auto& h : m.households) std::shuffle(h.arcs.begin(), h.arcs.end(), rng);
  const std::vector<CoverPick> again = Cover(m.households, m.capacity);
  ASSERT_EQ(picks.size(), again.size());
  for (std::size_t i = 0; i < picks.size(); ++i) {
    EXPECT_EQ(picks[i].household, again[i].household);
    EXPECT_EQ(picks[i].opening, again[i].opening);
  }
}

INSTANTIATE_TEST_SUITE_P(Markets, CoverageTest, ::testing::Range(1u, 301u));

// Three households reach only X, three reach X and Y and score higher on X:
// the greedy pass gave X to the strong three and left the weak three with
// nothing; X for the weak and Y for the strong serves all six.
TEST(AllocationTest, TheWeakGetTheOnlyOpeningTheyReachAndTheStrongTheOther) {
  AllocationLimits limits;
  limits.opening_cap[1] = 3;  // X: one position × 3
  limits.opening_cap[2] = 3;  // Y
  std::vector<HouseholdCandidates> hs;
  for (int64_t h = 1; h <= 3; ++h) {
    hs.push_back({h, Tier::kZeroEmployment, true, {{h * 10, true, {{1, 0.5}}, {}, false}}});
    hs.push_back({h + 3,
                  Tier::kZeroEmployment,
                  true,
                  {{(h + 3) * 10, true, {{1, 0.9}, {2, 0.8}}, {}, false}}});
  }
  const Allocation a = Allocate(hs, limits);
  EXPECT_TRUE(a.needs_attention.empty());
  for (int64_t h = 1; h <= 3; ++h) {
    ASSERT_TRUE(a.covered.contains(h));
    EXPECT_EQ(a.covered.at(h).opening, 1);
    EXPECT_EQ(a.covered.at(h + 3).opening, 2);
  }
}

TEST(AllocationTest, ScarceOpeningGoesToTheZeroEmploymentHouseholdFirst) {
  AllocationLimits limits;
  limits.opening_cap[1] = 1;
  std::vector<HouseholdCandidates> hs = {
      {1, Tier::kRest, false, {{11, true, {{1, 0.99}}, {}, false}}},
      {2, Tier::kZeroEmployment, true, {{21, true, {{1, 0.40}}, {}, false}}},
  };
  const Allocation a = Allocate(hs, limits);
  ASSERT_TRUE(a.jobs.contains(21));
  EXPECT_EQ(a.jobs.at(21).size(), 1u);
  EXPECT_TRUE(!a.jobs.contains(11) || a.jobs.at(11).empty());
}

// Without the first pass the better-scoring household would take both
// openings and the second zero-employment household none.
TEST(AllocationTest, EveryZeroEmploymentHouseholdIsServedBeforeAnyoneGetsASecondJob) {
  AllocationLimits limits;
  limits.opening_cap[1] = 1;
  limits.opening_cap[2] = 1;
  std::vector<HouseholdCandidates> hs = {
      {1, Tier::kZeroEmployment, true, {{11, true, {{1, 0.9}, {2, 0.8}}, {}, false}}},
      {2, Tier::kZeroEmployment, true, {{21, true, {{2, 0.5}}, {}, false}}},
  };
  const Allocation a = Allocate(hs, limits);
  ASSERT_TRUE(a.jobs.contains(21));
  ASSERT_EQ(a.jobs.at(21).size(), 1u);
  EXPECT_EQ(a.jobs.at(21)[0].id, 2);
  EXPECT_EQ(a.jobs.at(11).size(), 1u);
  EXPECT_TRUE(a.needs_attention.empty());
}

TEST(AllocationTest, ReasonsForAHouseholdLeftWithoutAJob) {
  AllocationLimits limits;
  limits.opening_cap[1] = 0;
  std::vector<HouseholdCandidates> hs = {
      {1, Tier::kZeroEmployment, true, {{11, false, {}, {}, false}}},
      {2, Tier::kZeroEmployment, true, {{21, true, {{1, 0.5}}, {}, false}}},
      {3, Tier::kZeroEmployment, true, {{31, true, {}, {{7, 0.5}}, true}}},
      {4, Tier::kZeroEmployment, true, {{41, true, {}, {}, false}}},
  };
  limits.course_cap[7] = 1;
  const Allocation a = Allocate(hs, limits);
  EXPECT_EQ(a.needs_attention.at(1), "work_ability");
  EXPECT_EQ(a.needs_attention.at(2), "all_at_capacity");
  EXPECT_EQ(a.needs_attention.at(3), "skills_gap");
  EXPECT_EQ(a.needs_attention.at(4), "no_openings_in_reach");
}

}  // namespace
}  // namespace jobmatch
