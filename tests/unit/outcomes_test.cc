// The outcome rules as a table: which status applies to which kind of
// recommendation and when, what it does to the member, what follows it.
#include "batch/outcomes.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

TEST(OutcomeTest, EachStatusAppliesToItsKindAndFollowUpsComeAfterAHire) {
  struct Case {
    const char* status;
    const char* kind;
    const char* current;
    int http;  // 0: allowed
  };
  const Case cases[] = {
      {"applied", "opening", "", 0},
      {"applied", "course", "", 0},
      {"declined", "aid", "", 0},
      {"interview", "opening", "applied", 0},
      {"hired", "opening", "", 0},
      {"hired", "course", "", 422},
      {"enrolled", "course", "", 0},
      {"enrolled", "opening", "", 422},
      {"completed", "course", "enrolled", 0},
      {"granted", "aid", "", 0},
      {"granted", "course", "", 422},
      {"completed", "aid", "enrolled", 0},  // startup training
      {"completed", "opening", "", 422},
      {"started_business", "aid", "granted", 0},
      {"started_business", "opening", "", 422},
      {"retained_1m", "opening", "hired", 0},
      {"retained_3m", "opening", "retained_1m", 0},
      {"retained_6m", "opening", "applied", 409},
      {"left", "opening", "retained_3m", 0},
      {"left", "opening", "", 409},
      {"retained_1m", "course", "hired", 422},
  };
  for (const Case& c : cases) {
    auto r = CheckOutcome(c.status, c.kind, c.current);
    EXPECT_EQ(r ? 0 : r.error().http_status(), c.http)
        << c.status << " on " << c.kind << " after '" << c.current << "'";
    if (!r) {
      EXPECT_EQ(r.error().field, "status");
    }
  }
}

TEST(OutcomeTest, AHireEmploysABusinessSelfEmploysLeavingUnemploysOthersChangeNothing) {
  EXPECT_EQ(EmploymentAfter("hired"), Employment::kEmployed);
  EXPECT_EQ(EmploymentAfter("started_business"), Employment::kSelfEmployed);
  EXPECT_EQ(EmploymentAfter("left"), Employment::kUnemployed);
  for (auto s : kOutcomes) {
    if (s != "hired" && s != "left" && s != "started_business") {
      EXPECT_FALSE(EmploymentAfter(s)) << s;
    }
  }
}

TEST(OutcomeTest, ACompletedCourseAddsItsSkillsAndKeepsAHigherLevel) {
  Member m;
  m.skills = {{{"forklift", "叉车操作", true}, 1, false, std::nullopt},
              {{"arc_welding", "焊条电弧焊", true}, 4, true, std::nullopt}};
  Course course;
  course.id = 7;
  course.certificate = 2;
  course.skills_taught = {{{"forklift", "叉车操作", true}, 2},
                          {{"arc_welding", "焊条电弧焊", true}, 3},
                          {{"warehouse_management", "仓储管理", true}, 1}};
  LearnFromCourse(m, course, "2026-12-20");
  ASSERT_EQ(m.skills.size(), 3u);
  EXPECT_EQ(m.skills[0].level, 2);  // raised, and certified by the course
  EXPECT_TRUE(m.skills[0].certified);
  ASSERT_TRUE(m.skills[0].source);
  EXPECT_EQ(m.skills[0].source->course_id, 7);
  EXPECT_EQ(m.skills[0].source->completed_on, "2026-12-20");
  EXPECT_EQ(m.skills[1].level, 4);  // held higher: kept, and not the course's
  EXPECT_FALSE(m.skills[1].source);
  EXPECT_EQ(m.skills[2].skill.id, "warehouse_management");  // new
  EXPECT_TRUE(m.skills[2].certified);
}

TEST(OutcomeTest, StableEmploymentIsFollowedUpAt1_3And6Months) {
  auto one = FollowUpAfter("hired", "opening");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->next, "retained_1m");
  EXPECT_EQ(one->days, 30);
  EXPECT_TRUE(one->from_hire);
  EXPECT_EQ(FollowUpAfter("retained_1m", "opening")->days, 90);
  EXPECT_EQ(FollowUpAfter("retained_3m", "opening")->next, "retained_6m");
  EXPECT_EQ(FollowUpAfter("retained_3m", "opening")->days, 180);
  EXPECT_FALSE(FollowUpAfter("retained_6m", "opening"));
  EXPECT_FALSE(FollowUpAfter("applied", "opening"));
}

TEST(OutcomeTest, EachStepOfAPathwayHasTheNextOneDue) {
  EXPECT_EQ(FollowUpAfter("enrolled", "course")->next, "completed");
  EXPECT_EQ(FollowUpAfter("enrolled", "aid")->next, "completed");
  EXPECT_EQ(FollowUpAfter("completed", "course")->next, "apply_unlocked");
  EXPECT_EQ(FollowUpAfter("completed", "aid")->next, "apply_for_aid");
  EXPECT_EQ(FollowUpAfter("granted", "aid")->next, "started_business");
  EXPECT_FALSE(FollowUpAfter("completed", "course")->from_hire);
  EXPECT_FALSE(FollowUpAfter("started_business", "aid"));  // the goal: employment
  EXPECT_FALSE(FollowUpAfter("declined", "course"));
  EXPECT_FALSE(FollowUpAfter("hired", "course"));
}

TEST(OutcomeTest, AStepClosesWhenTheMemberHasMovedOn) {
  const FollowUp apply = *FollowUpAfter("completed", "course");
  EXPECT_TRUE(StepStillOpen(apply, {}));
  EXPECT_FALSE(StepStillOpen(apply, {.opening_outcome = true}));
  EXPECT_FALSE(StepStillOpen(apply, {.employment = Employment::kEmployed}));
  EXPECT_FALSE(StepStillOpen(apply, {.employment = Employment::kSelfEmployed}));
  EXPECT_TRUE(StepStillOpen(apply, {.aid_outcome = true}));

  const FollowUp loan = *FollowUpAfter("completed", "aid");
  EXPECT_TRUE(StepStillOpen(loan, {}));
  EXPECT_FALSE(StepStillOpen(loan, {.aid_outcome = true}));
  EXPECT_FALSE(StepStillOpen(loan, {.startup_training = false}));  // mentoring opens nothing

  const FollowUp business = *FollowUpAfter("granted", "aid");
  EXPECT_TRUE(StepStillOpen(business, {.employment = Employment::kEmployed}));
  EXPECT_FALSE(StepStillOpen(business, {.employment = Employment::kSelfEmployed}));

  EXPECT_TRUE(StepStillOpen(*FollowUpAfter("hired", "opening"),
                            {.employment = Employment::kEmployed, .opening_outcome = true}));
}

}  // namespace
}  // namespace jobmatch
