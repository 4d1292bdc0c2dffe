// Each component of the match score and each hard filter, alone.
#include "match/scoring.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace jobmatch {
namespace {

Member WithSkills(std::vector<MemberSkill> skills) {
  Member m;
  m.skills = std::move(skills);
  return m;
}

MemberSkill Skill(const std::string& id, int level, bool certified = false) {
  return {{id, id, true}, level, certified, std::nullopt};
}

TEST(SkillFitTest, FullCreditAtOrAboveTheRequiredLevel) {
  EXPECT_DOUBLE_EQ(SkillCredit(3, 3), 1.0);
  EXPECT_DOUBLE_EQ(SkillCredit(5, 3), 1.0);
}

TEST(SkillFitTest, LowerLevelEarnsPartialCredit) {
  EXPECT_DOUBLE_EQ(SkillCredit(2, 4), 0.5);
  EXPECT_DOUBLE_EQ(SkillCredit(0, 1), 0.0);
}

TEST(SkillFitTest, PostedSkillsWeighMoreThanTheOccupationsAndOptionalOnesOnlyAdd) {
  const auto reqs = Requirements(testing::TestTaxonomy(), "welder", {{"arc_welding", 3}});
  // arc_welding (posted), blueprint (the test taxonomy's optional skill of welder).
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].source, RequirementSource::kPosted);
  EXPECT_EQ(reqs[1].source, RequirementSource::kOccupationOptional);
  Weights w;
  auto certified = ScoreSkills(WithSkills({Skill("arc_welding", 3, true)}), reqs, w);
  EXPECT_DOUBLE_EQ(certified.score, 1.0);
  auto with_optional =
      ScoreSkills(WithSkills({Skill("arc_welding", 3, true), Skill("blueprint", 1)}), reqs, w);
  EXPECT_DOUBLE_EQ(with_optional.score, 1.0);  // capped
  auto uncertified = ScoreSkills(WithSkills({Skill("arc_welding", 3)}), reqs, w);
  EXPECT_DOUBLE_EQ(uncertified.score, w.uncertified_factor);
  auto lower = ScoreSkills(WithSkills({Skill("arc_welding", 2, true)}), reqs, w);
  EXPECT_NEAR(lower.score, 2.0 / 3.0, 1e-9);
  ASSERT_EQ(lower.missing.size(), 1u);
  EXPECT_EQ(lower.missing[0].required_level, 3);
  EXPECT_EQ(lower.missing[0].held_level, 2);
  auto none = ScoreSkills(WithSkills({}), reqs, w);
  EXPECT_DOUBLE_EQ(none.score, 0.0);
}

TEST(SkillFitTest, OccupationEssentialSkillsCountAtLowerWeight) {
  // A welder posting naming only blueprint: arc_welding comes from the occupation.
  const auto reqs = Requirements(testing::TestTaxonomy(), "welder", {{"blueprint", 1}});
  Weights w;
  auto fit = ScoreSkills(WithSkills({Skill("blueprint", 1, true)}), reqs, w);
  EXPECT_NEAR(fit.score,
              w.posted_skill_weight / (w.posted_skill_weight + w.occupation_skill_weight), 1e-9);
  EXPECT_EQ(fit.missing.size(), 1u);
}

TEST(SkillFitTest, CertificatesAreHeldOrNotAndSayWhatTheyAre) {
  const auto reqs = Requirements(testing::TestTaxonomy(), "cleaner",
                                 {{"welding_certificate", 3}, {"health_certificate", 2}});
  ASSERT_EQ(reqs.size(), 3u);  // and cleaning, the occupation's
  EXPECT_TRUE(reqs[0].hard());
  EXPECT_EQ(reqs[0].level, 1);  // a certificate has no levels to fall short of
  EXPECT_FALSE(reqs[1].hard());
  EXPECT_FALSE(reqs[2].hard());
  EXPECT_EQ(reqs[2].certificate, nullptr);

  SkillFit none = ScoreSkills(WithSkills({Skill("cleaning", 1)}), reqs, Weights{});
  ASSERT_EQ(none.missing.size(), 2u);
  EXPECT_TRUE(none.missing[0].certificate);
  EXPECT_TRUE(none.missing[1].certificate);
  EXPECT_FALSE(none.matched[0].certificate);
  EXPECT_TRUE(Holds(WithSkills({Skill("welding_certificate", 1)}), "welding_certificate"));
  EXPECT_FALSE(Holds(WithSkills({Skill("arc_welding", 3)}), "welding_certificate"));

  // A certificate held is certified by what it is: no discount for the flag.
  SkillFit all =
      ScoreSkills(WithSkills({Skill("cleaning", 1, true), Skill("welding_certificate", 1),
                              Skill("health_certificate", 1)}),
                  reqs, Weights{});
  EXPECT_TRUE(all.missing.empty());
  EXPECT_DOUBLE_EQ(all.score, 1.0);
}

TEST(SkillFitTest, NothingAskedIsNeutral) {
  EXPECT_DOUBLE_EQ(ScoreSkills(WithSkills({}), {}, Weights{}).score, 0.5);
}

TEST(RegionTest, RelationsFollowTheHierarchy) {
  const Regions& r = testing::RealRegions();
  EXPECT_EQ(Relate(r, "320505", "320505"), RegionRelation::kSameCounty);
  EXPECT_EQ(Relate(r, "320505", "320508"), RegionRelation::kSameCity);
  EXPECT_EQ(Relate(r, "320505", "320102"), RegionRelation::kSameProvince);
  EXPECT_EQ(Relate(r, "320505", "440106"), RegionRelation::kOther);
  EXPECT_EQ(Relate(r, "441900", "441900"), RegionRelation::kSameCounty);  // 东莞: no counties
}

TEST(RegionTest, ProvinceAdministeredCountiesAreNotOneCity) {
  // 仙桃 and 潜江 both sit under 429000, which is not a city.
  EXPECT_EQ(Relate(testing::RealRegions(), "429004", "429005"), RegionRelation::kSameProvince);
}

TEST(ReachTest, ReachDecidesUnlessACommuteRadiusReachesFurther) {
  const Regions& r = testing::RealRegions();
  Member m;
  m.reach = Reach::kCounty;
  EXPECT_TRUE(Reachable(r, m, "320505", "320505", std::nullopt));
  EXPECT_FALSE(Reachable(r, m, "320505", "320508", std::nullopt));
  m.reach = Reach::kCity;
  EXPECT_TRUE(Reachable(r, m, "320505", "320508", std::nullopt));
  EXPECT_FALSE(Reachable(r, m, "320505", "320102", std::nullopt));
  EXPECT_FALSE(Reachable(r, m, "429004", "429005", std::nullopt));
  m.reach = Reach::kProvince;
  EXPECT_TRUE(Reachable(r, m, "320505", "320102", std::nullopt));
  EXPECT_FALSE(Reachable(r, m, "320505", "440106", std::nullopt));
  m.reach = Reach::kCounty;
  m.location = GeoPoint{31.30, 120.58};
  m.max_commute_km = 10;
  EXPECT_TRUE(Reachable(r, m, "320505", "320506", GeoPoint{31.28, 120.60}));
  m.max_commute_km = 1;
  EXPECT_FALSE(Reachable(r, m, "320505", "320506", GeoPoint{31.28, 120.60}));
}

TEST(ProximityTest, NearerIsBetter) {
  EXPECT_GT(ProximityScore(RegionRelation::kSameCounty, std::nullopt, std::nullopt),
            ProximityScore(RegionRelation::kSameCity, std::nullopt, std::nullopt));
  EXPECT_GT(ProximityScore(RegionRelation::kSameCity, std::nullopt, std::nullopt),
            ProximityScore(RegionRelation::kSameProvince, std::nullopt, std::nullopt));
  EXPECT_GT(ProximityScore(RegionRelation::kOther, 2.0, 10.0),
            ProximityScore(RegionRelation::kOther, 8.0, 10.0));
  EXPECT_NEAR(HaversineKm(31.30, 120.58, 31.28, 120.60), 2.9, 0.2);
}

TEST(WageTest, ScaledFromTheMinimumWageToTwiceIt) {
  EXPECT_DOUBLE_EQ(WageScore(2000, 2000, 2000), 0.0);
  EXPECT_DOUBLE_EQ(WageScore(3000, 3000, 2000), 0.5);
  EXPECT_DOUBLE_EQ(WageScore(4000, 9000, 2000), 1.0);
  EXPECT_DOUBLE_EQ(WageScore(std::nullopt, std::nullopt, 2000), 0.5);
  EXPECT_EQ(WageOk(1800, 2500, 2000), false);
  EXPECT_EQ(WageOk(std::nullopt, 2500, 2000), true);
  EXPECT_EQ(WageOk(std::nullopt, std::nullopt, 2000), std::nullopt);
}

TEST(OccupationTest, DesiredThenSameGroupThenOther) {
  Member m;
  EXPECT_DOUBLE_EQ(OccupationScore(testing::TestTaxonomy(), m, "welder"), 0.5);
  m.desired_occupations = {{"forklift_driver", "叉车司机", true}};
  EXPECT_DOUBLE_EQ(OccupationScore(testing::TestTaxonomy(), m, "forklift_driver"), 1.0);
  EXPECT_DOUBLE_EQ(OccupationScore(testing::TestTaxonomy(), m, "welder"), 0.0);
}

TEST(GraduateTest, CollegeOrAboveWithinTwoYears) {
  Member m;
  m.education = Education::kCollege;
  m.graduated_on = "2025-06-30";
  EXPECT_TRUE(IsRecentGraduate(m, "2026-11-29"));
  m.graduated_on = "2024-06-30";
  EXPECT_FALSE(IsRecentGraduate(m, "2026-11-29"));
  m.graduated_on = "2026-06-30";
  m.education = Education::kVocational;
  EXPECT_FALSE(IsRecentGraduate(m, "2026-11-29"));
}

}  // namespace
}  // namespace jobmatch
