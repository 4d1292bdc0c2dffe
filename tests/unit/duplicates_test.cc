#include "core/duplicates.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

Opening Posting(const std::string& employer, const std::string& title,
                const std::string& description) {
  Opening o;
  o.employer = employer;
  o.title = title;
  o.description = description;
  o.region = "320505";
  o.occupation = {"welder", "焊工", true};
  return o;
}

TEST(DuplicatesTest, EmployersAreComparedWithoutTheirLegalFormAndRemarks) {
  EXPECT_EQ(NormalEmployer("苏州精工机械制造有限公司"), "苏州精工机械制造");
  EXPECT_EQ(NormalEmployer("苏州精工机械制造有限公司（吴中厂区）"), "苏州精工机械制造");
  EXPECT_EQ(NormalEmployer(" 苏州 精工机械制造股份有限公司 "), "苏州精工机械制造");
  EXPECT_EQ(NormalEmployer("ＡＢＣ物流（苏州）有限公司"), "abc物流");
  EXPECT_EQ(NormalEmployer("苏州精工机械制造有限公司吴中分公司"), "苏州精工机械制造有限公司吴中分");
  EXPECT_EQ(NormalEmployer("公司"), "公司");  // nothing left to strip to
  EXPECT_EQ(DuplicateKey(Posting("苏州精工有限公司", "电焊工", "")), "苏州精工|320505|welder");
}

TEST(DuplicatesTest, TheSameJobDecoratedDifferentlyIsOneJob) {
  const std::string text = "负责钢结构件焊接，要求持有焊工证，能看懂简单图纸。五险一金，包住宿。";
  const JobText a = TextOf(Posting("苏州精工", "招聘电焊工", text));
  EXPECT_TRUE(SameJob(a, TextOf(Posting("苏州精工", "【急招】招聘电焊工（包住）", text))));
  EXPECT_TRUE(SameJob(a, TextOf(Posting("苏州精工", "电焊工急招", text + "欢迎来电"))));
  EXPECT_TRUE(SameJob(a, TextOf(Posting("苏州精工", "招聘电焊工", ""))));  // no text to compare
  // Another job of the same employer and occupation: not the same.
  EXPECT_FALSE(SameJob(a, TextOf(Posting("苏州精工", "焊接质检员", text))));
  EXPECT_FALSE(SameJob(a, TextOf(Posting("苏州精工", "招聘电焊工",
                                         "夜班氩弧焊，薄板不锈钢焊接，计件工资，不包住宿。"))));
  EXPECT_DOUBLE_EQ(BigramDice("电焊工", "电焊工"), 1.0);
  EXPECT_DOUBLE_EQ(BigramDice("电焊工", "叉车司机"), 0.0);
  EXPECT_DOUBLE_EQ(BigramDice("招聘电焊工", "电焊工急招"), 0.5);
}

}  // namespace
}  // namespace jobmatch
