// ParseUntrustedJson and JsonReader: what a client's JSON may be, and the
// field paths errors name.
#include "core/json_reader.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

std::string Nested(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// Guards against: a body of a million nested arrays crashed the server (a
// recursive copy of the parsed tree overflowed the stack).
TEST(ParseUntrustedJsonTest, RefusesNestingPastTheLimitWhileParsing) {
  EXPECT_TRUE(ParseUntrustedJson(Nested(kMaxJsonDepth)));
  auto deep = ParseUntrustedJson(Nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().http_status(), 400);
  EXPECT_EQ(deep.error().field, "body");
  EXPECT_NE(deep.error().message.find("64"), std::string::npos) << deep.error().message;
  EXPECT_FALSE(ParseUntrustedJson(Nested(1'000'000)));
  EXPECT_FALSE(ParseUntrustedJson(R"({"a":)" + Nested(kMaxJsonDepth) + "}"));
}

TEST(ParseUntrustedJsonTest, RefusesWhatIsNotJson) {
  for (const std::string bad : {"", "{", "[1,]", "1e400", "\"\xff\"", "{\"a\":1} x"}) {
    auto r = ParseUntrustedJson(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "malformed_json") << bad;
  }
  auto ok = ParseUntrustedJson(R"({"title":"招聘电焊工","skills":[{"level":3}]})");
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)["skills"][0]["level"], 3);
}

TEST(JsonReaderTest, NamesTheFieldPathOfEveryProblem) {
  auto body = nlohmann::json::parse(R"({"level":7,"name":"","flag":"yes","n":1.5})");
  std::vector<FieldError> errors;
  JsonReader r(body, errors, "skills[2].");
  EXPECT_FALSE(r.Integer("level", true, 1, 5));
  EXPECT_FALSE(r.String("name", true, 10));
  EXPECT_FALSE(r.Boolean("flag", true));
  EXPECT_FALSE(r.Integer("n", true, 0, 10));
  EXPECT_FALSE(r.String("missing", true, 10));
  EXPECT_FALSE(r.String("optional", false, 10));
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].field, "skills[2].level");
  EXPECT_EQ(errors[1].field, "skills[2].name");
  EXPECT_EQ(errors[2].field, "skills[2].flag");
  EXPECT_EQ(errors[3].field, "skills[2].n");
  EXPECT_EQ(errors[4].field, "skills[2].missing");
  EXPECT_NE(errors[4].message.find("required"), std::string::npos);
}

}  // namespace
}  // namespace jobmatch
