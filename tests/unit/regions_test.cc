#include "core/regions.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace jobmatch {
namespace {

using testing::RealRegions;

TEST(RegionsTest, LoadsEveryRegion) {
  EXPECT_EQ(RealRegions().size(), 31u + 342u + 2975u);
}

TEST(RegionsTest, ResolvesCodesNamesAndQualifiedNames) {
  struct Case {
    const char* input;
    const char* code;
  };
  for (const Case& c :
       {Case{"320500", "320500"}, Case{"苏州市", "320500"}, Case{"江苏省", "320000"},
        Case{"北京市朝阳区", "110105"}, Case{"吉林省长春市朝阳区", "220104"},
        Case{"长春市朝阳区", "220104"}, Case{"仙桃市", "429004"}}) {
    auto r = RealRegions().Resolve(c.input, "region");
    ASSERT_TRUE(r) << c.input << ": " << r.error().message;
    EXPECT_EQ((*r)->code, c.code) << c.input;
  }
}

TEST(RegionsTest, AmbiguousNameListsCandidates) {
  auto r = RealRegions().Resolve("朝阳区", "region");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "ambiguous_region");
  EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest);
  ASSERT_EQ(r.error().candidates.size(), 2u);
  EXPECT_EQ(r.error().candidates[0], "110105 北京市朝阳区");
  EXPECT_EQ(r.error().candidates[1], "220104 吉林省长春市朝阳区");
}

TEST(RegionsTest, UnknownCodesAndNamesAreErrors) {
  EXPECT_EQ(RealRegions().Resolve("999999", "region").error().code, "unknown_region");
  EXPECT_EQ(RealRegions().Resolve("火星市", "region").error().code, "unknown_region");
  EXPECT_FALSE(RealRegions().Resolve("市辖区", "region"));
}

TEST(RegionsTest, LineageAndContainment) {
  auto lineage = RealRegions().Lineage("320505");
  ASSERT_EQ(lineage.size(), 3u);
  EXPECT_EQ(lineage[0]->code, "320000");
  EXPECT_EQ(lineage[1]->code, "320500");
  EXPECT_TRUE(RealRegions().Contains("320000", "320505"));
  EXPECT_TRUE(RealRegions().Contains("320505", "320505"));
  EXPECT_FALSE(RealRegions().Contains("320500", "320105"));
  EXPECT_EQ(RealRegions().FullName("110105"), "北京市朝阳区");
}

}  // namespace
}  // namespace jobmatch
