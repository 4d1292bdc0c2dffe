#include "core/utf8.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  for (std::string s : {"", "abc", "焊工", "招聘电焊工，要求持证", "😀", "\xC2\xA9"}) {
    EXPECT_TRUE(IsValidUtf8(s)) << s;
  }
}

TEST(Utf8Test, RejectsIllFormedText) {
  const char* cases[] = {"\xFF",     "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                         "\xE7\x84", "abc\x80",  "\xF0\x9F\x98"};
  for (const char* s : cases) EXPECT_FALSE(IsValidUtf8(s)) << s;
}

TEST(Utf8Test, LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("焊工"), 2u);
  EXPECT_EQ(Utf8Length("a焊b"), 3u);
  EXPECT_EQ(Utf8Length(""), 0u);
}

TEST(Utf8Test, ControlCharactersAreFlaggedButNotNewlines) {
  EXPECT_TRUE(HasControlChars(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlChars("a\x1b[31m"));
  EXPECT_FALSE(HasControlChars("一行\n二行\t"));
}

}  // namespace
}  // namespace jobmatch
