#include "http/url.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("%E7%84%8A%E5%B7%A5"), "焊工");
  EXPECT_EQ(PercentDecode("a+b%20c"), "a b c");
  EXPECT_EQ(PercentDecode("plain"), "plain");
  EXPECT_EQ(PercentDecode("%e7%84%8a"), "\xE7\x84\x8A");
}

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  for (const char* s : {"%", "%E", "%ZZ", "abc%4", "%G1"}) EXPECT_FALSE(PercentDecode(s)) << s;
}

}  // namespace
}  // namespace jobmatch
