#include "core/id_number.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

// 11010519491231002X: the check digit example of GB 11643-1999.
TEST(IdNumberTest, AcceptsValidNumbersAndReadsThem) {
  auto facts = CheckIdNumber("11010519491231002X");
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->birth_date, "1949-12-31");
  EXPECT_EQ(facts->gender, Gender::kFemale);  // 17th digit 2: even
  auto lower = CheckIdNumber("11010519491231002x");
  EXPECT_TRUE(lower);
}

TEST(IdNumberTest, RejectsWrongLengthCharactersDatesAndCheckDigits) {
  for (const char* id : {"110105194912310021",                         // wrong check digit
                         "11010519491231002",                          // 17 characters
                         "1101051949123100211", "11010519491331002X",  // month 13
                         "1101051949123A002X", ""}) {
    EXPECT_FALSE(CheckIdNumber(id)) << id;
  }
}

TEST(IdNumberTest, MasksAllButTheFirstSixAndLastFour) {
  EXPECT_EQ(MaskIdNumber("320502198001011234"), "320502********1234");
  EXPECT_EQ(MaskIdNumber("short"), "*****");
}

}  // namespace
}  // namespace jobmatch
