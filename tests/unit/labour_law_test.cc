// The law's rules as data (index/labour_rules.json): the 2024 retirement
// schedule at its month boundaries, and who is kept from which work.
#include "core/labour_law.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

const LabourLaw& Law() {
  static const LabourLaw law = *LabourLaw::Load(JOBMATCH_SOURCE_DIR "/index");
  return law;
}

Member Person(const std::string& birth, Gender g,
              RetirementCategory c = RetirementCategory::kStaff) {
  Member m;
  m.birth_date = birth;
  m.gender = g;
  m.retirement_category = c;
  return m;
}

TEST(RetirementTest, MenFrom60To63OneMonthPerFourMonthsOfBirthFrom1965) {
  const WorkingAge& age = Law().working_age();
  EXPECT_EQ(age.RetirementDate(Person("1964-12-10", Gender::kMale)), "2024-12-10");
  EXPECT_EQ(age.RetirementDate(Person("1965-01-10", Gender::kMale)), "2025-02-10");  // 60y1m
  EXPECT_EQ(age.RetirementDate(Person("1965-05-10", Gender::kMale)), "2025-07-10");  // 60y2m
  EXPECT_EQ(age.RetirementDate(Person("1966-01-15", Gender::kMale)), "2026-05-15");  // 60y4m
  EXPECT_EQ(age.RetirementDate(Person("1976-08-01", Gender::kMale)), "2039-07-01");  // 62y11m
  EXPECT_EQ(age.RetirementDate(Person("1976-09-01", Gender::kMale)), "2039-09-01");  // 63
  EXPECT_EQ(age.RetirementDate(Person("1990-01-01", Gender::kMale)), "2053-01-01");  // 63
  // Born on the 31st, retiring in a month of 30 days.
  EXPECT_EQ(age.RetirementDate(Person("1965-03-31", Gender::kMale)), "2025-04-30");
  const Member m = Person("1966-01-15", Gender::kMale);
  EXPECT_FALSE(age.Retired(m, "2026-05-14"));
  EXPECT_TRUE(age.Retired(m, "2026-05-15"));
  EXPECT_TRUE(age.Contains(m, "2026-01-15"));  // 60 years old and still of working age
}

TEST(RetirementTest, WomenBy4MonthsFrom55AndBy2MonthsFrom50) {
  const WorkingAge& age = Law().working_age();
  EXPECT_EQ(age.RetirementDate(Person("1969-12-05", Gender::kFemale)), "2024-12-05");
  EXPECT_EQ(age.RetirementDate(Person("1970-01-05", Gender::kFemale)), "2025-02-05");  // 55y1m
  EXPECT_EQ(age.RetirementDate(Person("1981-12-05", Gender::kFemale)), "2039-12-05");  // 58
  const auto worker = RetirementCategory::kWorker;
  EXPECT_EQ(age.RetirementDate(Person("1974-12-20", Gender::kFemale, worker)), "2024-12-20");
  EXPECT_EQ(age.RetirementDate(Person("1975-01-20", Gender::kFemale, worker)), "2025-02-20");
  EXPECT_EQ(age.RetirementDate(Person("1975-03-20", Gender::kFemale, worker)), "2025-05-20");
  EXPECT_EQ(age.RetirementDate(Person("1984-12-20", Gender::kFemale, worker)), "2039-12-20");  // 55
}

TEST(LabourLawTest, NoJobUnder16OrPastRetirementUnlessWanted) {
  EXPECT_TRUE(Law().NoJobs(Person("2011-01-01", Gender::kMale), "2026-12-31"));   // 15
  EXPECT_FALSE(Law().NoJobs(Person("2010-12-31", Gender::kMale), "2026-12-31"));  // 16
  Member retired = Person("1964-12-10", Gender::kMale);
  ASSERT_TRUE(Law().NoJobs(retired, "2026-12-06"));
  EXPECT_NE(Law().NoJobs(retired, "2026-12-06")->find("2024-12-10"), std::string::npos);
  retired.wants_work_after_retirement = true;
  EXPECT_FALSE(Law().NoJobs(retired, "2026-12-06"));
  EXPECT_TRUE(Law().FlexibleOnly(retired, "2026-12-06"));
}

TEST(LabourLawTest, MinorsAndWomenAreKeptFromTheWorkTheLawNames) {
  const auto welding = Law().RulesFor("welder", "电焊工 焊工");
  const auto mining = Law().RulesFor("line_worker", "井下采煤工 普工");
  const auto coating = Law().RulesFor("", "喷粉工（工业涂装）");
  const auto cleaning = Law().RulesFor("cleaner", "商场保洁员 保洁员");
  const Member minor = Person("2009-06-01", Gender::kMale);
  const Member woman = Person("1985-06-01", Gender::kFemale);
  const Member man = Person("1985-06-01", Gender::kMale);
  const std::string today = "2026-12-06";
  ASSERT_TRUE(Law().Bar(minor, today, welding));
  EXPECT_EQ(Law().Bar(minor, today, welding)->code, "minor");
  EXPECT_NE(Law().Bar(minor, today, welding)->reason.find("未成年工特殊保护规定"),
            std::string::npos);
  EXPECT_TRUE(Law().Bar(minor, today, mining));
  EXPECT_TRUE(Law().Bar(minor, today, coating));
  EXPECT_FALSE(Law().Bar(minor, today, cleaning));
  EXPECT_FALSE(Law().Bar(Person("2008-12-06", Gender::kMale), today, welding));  // 18 today
  ASSERT_TRUE(Law().Bar(woman, today, mining));
  EXPECT_NE(Law().Bar(woman, today, mining)->reason.find("女职工劳动保护特别规定"),
            std::string::npos);
  EXPECT_FALSE(Law().Bar(woman, today, welding));
  EXPECT_FALSE(Law().Bar(man, today, mining));
}

}  // namespace
}  // namespace jobmatch
