#include "core/household.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace jobmatch {
namespace {

constexpr char kToday[] = "2026-11-29";

nlohmann::json Member(nlohmann::json extra = {}) {
  nlohmann::json m = {{"name", "张建国"},
                      {"id_number", "11010519491231002X"},  // a woman born 1949-12-31
                      {"work_ability", "full"},
                      {"employment", "unemployed"}};
  for (auto& [k, v] : extra.items()) m[k] = v;
  return m;
}

nlohmann::json HouseholdJson(std::vector<nlohmann::json> members) {
  return {{"archive_no", "BJ-0001"},
          {"region", "110105"},
          {"counsellor", "李老师"},
          {"members", members}};
}

Result<ParsedHousehold> Parse(const nlohmann::json& j) {
  return ParseHousehold(j, testing::TestTaxonomy(), testing::RealRegions(), kToday);
}

TEST(HouseholdTest, BirthDateAndGenderAreDerivedFromTheIdNumber) {
  auto r = Parse(HouseholdJson({Member()}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->household.members[0].birth_date, "1949-12-31");
  EXPECT_EQ(r->household.members[0].gender, Gender::kFemale);
}

TEST(HouseholdTest, DisagreeingBirthDateOrGenderIsRefused) {
  auto r = Parse(HouseholdJson({Member({{"birth_date", "1950-01-01"}})}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "members[0].birth_date");
  auto g = Parse(HouseholdJson({Member({{"gender", "male"}})}));
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().field, "members[0].gender");
}

TEST(HouseholdTest, BadIdNumbersAreNamedButNeverEchoed) {
  for (const char* bad : {"110105194912310021", "12345", "11010519491331002X"}) {
    auto r = Parse(HouseholdJson({Member({{"id_number", bad}})}));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "members[0].id_number");
    EXPECT_EQ(r.error().message.find(bad), std::string::npos);
    for (const auto& fe : r.error().errors) EXPECT_EQ(fe.message.find(bad), std::string::npos);
  }
}

TEST(HouseholdTest, EnumsAndListsAreValidated) {
  struct Case {
    nlohmann::json extra;
    const char* field;
  };
  for (const Case& c :
       {Case{{{"work_ability", "some"}}, "members[0].work_ability"},
        Case{{{"employment", "busy"}}, "members[0].employment"},
        Case{{{"reach", "country"}}, "members[0].reach"},
        Case{{{"special_groups", {"veteran"}}}, "members[0].special_groups"},
        Case{{{"skills", {{{"skill", "电焊"}, {"level", 6}}}}}, "members[0].skills[0].level"},
        Case{{{"max_commute_km", -1}}, "members[0].max_commute_km"},
        Case{{{"graduated_on", "2026-13-01"}}, "members[0].graduated_on"}}) {
    auto r = Parse(HouseholdJson({Member(c.extra)}));
    ASSERT_FALSE(r) << c.extra.dump();
    EXPECT_EQ(r.error().field, c.field) << c.extra.dump();
  }
  auto empty = Parse(HouseholdJson({}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "members");
}

TEST(HouseholdTest, ACounsellorsEditKeepsWhatOutcomesRecorded) {
  auto before = Parse(
      HouseholdJson({Member({{"id_number", testing::MakeIdNumber("320505", "1986-03-01", true)},
                             {"skills", {{{"skill", "arc_welding"}, {"level", 3}}}}})}));
  ASSERT_TRUE(before);
  ASSERT_EQ(before->household.members[0].skills.size(), 1u);
  Household was = before->household;
  was.members[0].id = 5;
  was.members[0].skills[0].source = SkillSource{7, "2026-12-20"};
  was.members[0].startup_training_completed_on = "2026-12-21";
  was.members[0].aid_granted = {{3, 50000, "2026-12-22"}};
  Household edited = before->household;  // as a PUT brings it: none of them
  edited.members[0].id = 5;
  KeepOutcomeRecords(was, edited);
  ASSERT_TRUE(edited.members[0].skills[0].source);
  EXPECT_EQ(edited.members[0].skills[0].source->course_id, 7);
  EXPECT_EQ(edited.members[0].startup_training_completed_on, "2026-12-21");
  ASSERT_EQ(edited.members[0].aid_granted.size(), 1u);
  EXPECT_EQ(edited.members[0].aid_granted[0].amount, 50000);
  Household stranger = before->household;  // another member (no id): nothing carried
  KeepOutcomeRecords(was, stranger);
  EXPECT_TRUE(stranger.members[0].startup_training_completed_on.empty());
}

TEST(HouseholdTest, ZeroEmploymentNeedsSomeoneOfWorkingAgeAbleToWorkAndNobodyEmployed) {
  WorkingAge age;
  struct Case {
    std::vector<nlohmann::json> members;
    bool zero;
  };
  const std::string man40 = testing::MakeIdNumber("320505", "1986-03-01", true),
                    woman56 = testing::MakeIdNumber("320505", "1970-03-01", false),
                    woman54 = testing::MakeIdNumber("320505", "1972-03-01", false),
                    man60 = testing::MakeIdNumber("320505", "1966-01-01", true),
                    boy15 = testing::MakeIdNumber("320505", "2011-03-01", true);
  const Case cases[] = {
      {{Member({{"id_number", man40}})}, true},
      {{Member({{"id_number", man40}, {"work_ability", "partial"}})}, true},
      {{Member({{"id_number", man40}, {"work_ability", "none"}})}, false},
      {{Member({{"id_number", man40}}),
        Member({{"id_number", woman54}, {"employment", "employed"}})},
       false},
      {{Member({{"id_number", man40}}),
        Member({{"id_number", woman54}, {"employment", "underemployed"}})},
       false},
      {{Member({{"id_number", man40}}),
        Member({{"id_number", woman54}, {"employment", "self_employed"}})},
       false},                                      // 自主创业 is employment
      {{Member({{"id_number", woman56}})}, false},  // past 55: retirement age for women
      {{Member({{"id_number", woman54}})}, true},
      {{Member({{"id_number", man60}})}, false},  // 60 today: retirement age for men
      {{Member({{"id_number", boy15}})}, false},  // under 16
  };
  for (const auto& c : cases) {
    auto r = Parse(HouseholdJson(c.members));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(IsZeroEmployment(r->household, kToday, age), c.zero)
        << nlohmann::json(c.members).dump();
  }
}

TEST(HouseholdTest, ViewsMaskIdNumbersUnlessRevealed) {
  auto r = Parse(HouseholdJson({Member()}));
  ASSERT_TRUE(r);
  auto masked = HouseholdView(r->household, false, kToday, WorkingAge{});
  EXPECT_EQ(masked["members"][0]["id_number"], "110105********002X");
  EXPECT_EQ(masked.dump().find("11010519491231002X"), std::string::npos);
  auto revealed = HouseholdView(r->household, true, kToday, WorkingAge{});
  EXPECT_EQ(revealed["members"][0]["id_number"], "11010519491231002X");
}

TEST(HouseholdTest, StoredFormHoldsOnlyTheSealedNumber) {
  auto r = Parse(HouseholdJson({Member()}));
  ASSERT_TRUE(r);
  nlohmann::json stored = EncodeHousehold(r->household, {"SEALED"});
  EXPECT_EQ(stored.dump().find("11010519491231002X"), std::string::npos);
  Household back = DecodeHousehold(stored, [](const std::string& s) {
    return s == "SEALED" ? std::string("11010519491231002X") : std::string();
  });
  EXPECT_EQ(back.members[0].id_number, "11010519491231002X");
  EXPECT_EQ(back.members[0].name, "张建国");
}

}  // namespace
}  // namespace jobmatch
