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

TEST(OutcomeTest, AHireEmploysAndLeavingUnemploysOthersChangeNothing) {
  EXPECT_EQ(EmploymentAfter("hired"), Employment::kEmployed);
  EXPECT_EQ(EmploymentAfter("left"), Employment::kUnemployed);
  for (auto s : kOutcomes) {
    if (s != "hired" && s != "left") {
      EXPECT_FALSE(EmploymentAfter(s)) << s;
    }
  }
}

TEST(OutcomeTest, StableEmploymentIsFollowedUpAt1_3And6Months) {
  auto one = FollowUpAfter("hired");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->next, "retained_1m");
  EXPECT_EQ(one->days, 30);
  EXPECT_EQ(FollowUpAfter("retained_1m")->days, 90);
  EXPECT_EQ(FollowUpAfter("retained_3m")->next, "retained_6m");
  EXPECT_EQ(FollowUpAfter("retained_3m")->days, 180);
  EXPECT_FALSE(FollowUpAfter("retained_6m"));
  EXPECT_FALSE(FollowUpAfter("applied"));
}

}  // namespace
}  // namespace jobmatch
