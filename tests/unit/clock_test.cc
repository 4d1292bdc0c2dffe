#include "core/clock.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace jobmatch {
namespace {

TEST(ClockTest, ParsesOnlyRealCalendarDates) {
  EXPECT_TRUE(ParseDate("2027-01-15"));
  EXPECT_TRUE(ParseDate("2028-02-29"));
  for (const char* s : {"2027-02-29", "2027-13-01", "2027-1-15", "27-01-15", "2027/01/15",
                        "2027-01-15T00:00:00Z", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(ParseDate(s)) << s;
  }
}

TEST(ClockTest, FormatsDatesAndTimestamps) {
  EXPECT_EQ(DateOf(testing::TestNow()), "2026-11-29");
  EXPECT_EQ(Timestamp(testing::TestNow()), "2026-11-29T08:00:00Z");
  EXPECT_EQ(AddDays(*ParseDate("2026-12-31"), 1), "2027-01-01");
}

}  // namespace
}  // namespace jobmatch
