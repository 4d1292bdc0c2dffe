#include "core/opening.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace jobmatch {
namespace {

nlohmann::json Valid() {
  return {{"external_id", "A-1"},
          {"title", "招聘电焊工"},
          {"employer", "苏州精工机械"},
          {"occupation", "焊工"},
          {"skills", {{{"skill", "电焊"}, {"level", 3}}}},
          {"region", "苏州市虎丘区"},
          {"wage_min", 6000},
          {"wage_max", 9000},
          {"expires_at", "2027-03-01"}};
}

Result<ParsedOpening> Parse(const nlohmann::json& j) {
  return ParseOpening(j, testing::TestTaxonomy(), testing::RealRegions(), "2026-11-29");
}

TEST(OpeningTest, ValidPostingResolvesNamesAndFillsDefaults) {
  auto r = Parse(Valid());
  ASSERT_TRUE(r) << r.error().message;
  const Opening& o = r->opening;
  EXPECT_EQ(o.occupation.id, "welder");
  EXPECT_EQ(o.skills[0].skill.id, "arc_welding");
  EXPECT_EQ(o.skills[0].level, 3);
  EXPECT_EQ(o.region, "320505");
  EXPECT_EQ(o.positions, 1);
  EXPECT_EQ(o.education, Education::kNone);
  EXPECT_TRUE(o.full_time);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(OpeningTest, MissingExpiryDefaultsToSixtyDays) {
  auto j = Valid();
  j.erase("expires_at");
  EXPECT_EQ(Parse(j)->opening.expires_at, "2027-01-28");
}

TEST(OpeningTest, ServerFieldsAreIgnoredAndUnknownFieldsWarned) {
  auto j = Valid();
  j["id"] = 99;
  j["status"] = "open";
  j["colour"] = "blue";
  auto r = Parse(j);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->opening.id, 0);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("colour"), std::string::npos);
}

TEST(OpeningTest, EveryBadFieldIsNamed) {
  struct Case {
    const char* key;
    nlohmann::json value;
    const char* field;
  };
  const Case cases[] = {
      {"title", "", "title"},
      {"title", 5, "title"},
      {"title", std::string(201, 'x'), "title"},
      {"title", "两行\n标题", "title"},
      {"employer", nullptr, "employer"},
      {"occupation", nlohmann::json::array(), "occupation"},
      {"skills", "电焊", "skills"},
      {"skills", {{{"level", 2}}}, "skills[0].skill"},
      {"skills", {{{"skill", "电焊"}, {"level", 9}}}, "skills[0].level"},
      {"skills", {{{"skill", "电焊"}, {"level", "3"}}}, "skills[0].level"},
      {"skills", {42}, "skills[0]"},
      {"region", "999999", "region"},
      {"region", "朝阳区", "region"},
      {"wage_min", 10000, "wage_min"},
      {"wage_max", 1e12, "wage_max"},
      {"positions", 0, "positions"},
      {"education", "phd", "education"},
      {"for_graduates", 1, "for_graduates"},
      {"expires_at", "2027-02-30", "expires_at"},
      {"location", {{"lat", 31.3}}, "location.lon"},
      {"location", {{"lat", 31.3}, {"lon", 200}}, "location.lon"},
  };
  for (const auto& c : cases) {
    auto j = Valid();
    j[c.key] = c.value;
    auto r = Parse(j);
    ASSERT_FALSE(r) << c.key << "=" << c.value.dump();
    EXPECT_EQ(r.error().field, c.field) << c.key << "=" << c.value.dump();
    EXPECT_EQ(r.error().kind, ErrorKind::kUnprocessable);
  }
}

TEST(OpeningTest, SeveralProblemsAreAllListed) {
  auto j = Valid();
  j.erase("title");
  j["positions"] = -3;
  auto r = Parse(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errors.size(), 2u);
}

TEST(OpeningTest, EncodeDecodeRoundTrips) {
  auto j = Valid();
  j["location"] = {{"lat", 31.3}, {"lon", 120.6}};
  auto r = Parse(j);
  ASSERT_TRUE(r);
  Opening o = r->opening;
  o.id = 7;
  o.board = "苏州人才网";
  o.created_at = o.updated_at = "2026-11-29T08:00:00Z";
  nlohmann::json stored = EncodeOpening(o);
  EXPECT_EQ(EncodeOpening(DecodeOpening(stored)), stored);
  EXPECT_EQ(OpeningView(stored, "2026-11-29")["status"], "open");
  EXPECT_EQ(OpeningView(stored, "2027-03-02")["status"], "expired");
}

TEST(OpeningTest, EducationOrderPutsSeniorAndVocationalTogether) {
  EXPECT_LT(EducationRank(Education::kJunior), EducationRank(Education::kSenior));
  EXPECT_EQ(EducationRank(Education::kSenior), EducationRank(Education::kVocational));
  EXPECT_LT(EducationRank(Education::kVocational), EducationRank(Education::kCollege));
}

}  // namespace
}  // namespace jobmatch

namespace jobmatch {
namespace {

TEST(ApplyTest, PhonesInTheFormsPeopleWriteThem) {
  for (const char* ok :
       {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "8613812345678",
        "0512-65881234", "0512-6588 1234", "(0512)65881234", "010-12345678", "0512-65881234-801",
        "0512-65881234转801", "400-800-1234", "8008201234"}) {
    EXPECT_TRUE(IsChinesePhone(ok)) << ok;
  }
  for (const char* bad : {"", "12345", "23812345678", "1381234567", "138123456789", "512-65881234",
                          "0512-123456", "call 13812345678", "138-abcd-5678", "600-800-1234"}) {
    EXPECT_FALSE(IsChinesePhone(bad)) << bad;
  }
}

TEST(ApplyTest, WebAddressesAreHttpOrHttpsWithAHost) {
  for (const char* ok : {"https://jobs.example.cn/weld/1", "http://10.2.3.4:8080/apply?id=7",
                         "HTTPS://Example.cn"}) {
    EXPECT_TRUE(IsWebUrl(ok)) << ok;
  }
  for (const char* bad : {"javascript:alert(1)", "ftp://example.cn/x", "https://", "https:// x",
                          "//example.cn", "data:text/html,hi", "https://a..b/"}) {
    EXPECT_FALSE(IsWebUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace jobmatch
