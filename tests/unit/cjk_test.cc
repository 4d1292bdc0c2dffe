#include "search/cjk.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

std::vector<std::pair<std::string, bool>> Runs(std::string_view text) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& r : SplitIdeographs(text)) out.emplace_back(std::string(r.text), r.ideographs);
  return out;
}

TEST(CjkTest, SplitsIdeographRunsFromTheTextBetween) {
  using V = std::vector<std::pair<std::string, bool>>;
  EXPECT_EQ(Runs("持C1驾照，会开叉车"),
            (V{{"持", true}, {"C1", false}, {"驾照", true}, {"，", false}, {"会开叉车", true}}));
  EXPECT_EQ(Runs("CNC操作工"), (V{{"CNC", false}, {"操作工", true}}));
  EXPECT_EQ(Runs("abc"), (V{{"abc", false}}));
  EXPECT_EQ(Runs("𠀋工"), (V{{"𠀋工", true}}));  // an extension-B ideograph
  EXPECT_TRUE(Runs("").empty());
  // Kana and full-width letters are not ideographs; a cut sequence is not either.
  EXPECT_EQ(Runs("カタＡ"), (V{{"カタＡ", false}}));
  EXPECT_EQ(Runs("焊\xE5\xB7"), (V{{"焊", true}, {"\xE5\xB7", false}}));
}

TEST(CjkTest, BigramsOfARunOrTheLoneCharacter) {
  using V = std::vector<std::string>;
  EXPECT_EQ(IdeographBigrams("电焊工"), (V{"电焊", "焊工"}));
  EXPECT_EQ(IdeographBigrams("焊工"), (V{"焊工"}));
  EXPECT_EQ(IdeographBigrams("焊"), (V{"焊"}));
  EXPECT_TRUE(IdeographBigrams("").empty());
}

TEST(CjkTest, IdeographCountIsZeroUnlessEveryCharacterIsOne) {
  EXPECT_EQ(IdeographCount("焊"), 1u);
  EXPECT_EQ(IdeographCount("焊工"), 2u);
  EXPECT_EQ(IdeographCount("焊a"), 0u);
  EXPECT_EQ(IdeographCount("カ"), 0u);
  EXPECT_EQ(IdeographCount("焊\xE5\xB7"), 0u);
  EXPECT_EQ(IdeographCount(""), 0u);
}

}  // namespace
}  // namespace jobmatch
