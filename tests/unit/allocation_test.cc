// Invariants of the batch allocation, checked on generated data for many seeds:
// capacity is never exceeded, the zero-employment guarantee holds, priority
// order is respected, and the result does not depend on input order.
#include "batch/allocation.h"

#include <gtest/gtest.h>

#include <algorithm>
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
  std::map<int64_t, Tier> tier_of;  // member → tier
  for (const auto& h : g.households) {
    for (const auto& m : h.members) tier_of[m.member_id] = h.tier;
  }
  std::map<int64_t, std::vector<int64_t>> holders;  // opening → members recommended it
  for (const auto& [member, list] : a.jobs) {
    for (const auto& c : list) holders[c.id].push_back(member);
  }
  // A member denied an opening it wanted (room in its list, the opening full)
  // never sees it go to a household of a lower priority tier.
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
