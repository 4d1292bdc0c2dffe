// The openings API over real HTTP: upsert, bulk, read, delete and every error status.
#include <gtest/gtest.h>

#include <chrono>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

class OpeningsTest : public ::testing::Test {
 protected:
  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string board_ = server_.CreateKey("board", "苏州人才网");
};

TEST_F(OpeningsTest, UpsertCreatesThenUpdatesTheSameOpening) {
  auto first = server_.Post("/v1/openings", SampleOpening("SZ-1"), board_);
  ASSERT_EQ(first.status, 201) << first.body;
  auto j = first.Json();
  EXPECT_EQ(j["board"], "苏州人才网");
  EXPECT_EQ(j["status"], "open");
  EXPECT_EQ(j["occupation"], "welder");
  EXPECT_TRUE(j["warnings"].empty());
  auto second = server_.Post("/v1/openings", SampleOpening("SZ-1", {{"wage_max", 9500}}), board_);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json()["id"], j["id"]);
  EXPECT_EQ(second.Json()["wage_max"], 9500);
  EXPECT_EQ(second.Json()["created_at"], j["created_at"]);

  auto read = server_.Get("/v1/openings/" + std::to_string(j["id"].get<int64_t>()));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.Json()["wage_max"], 9500);
  EXPECT_EQ(read.Json()["title"], "招聘电焊工");
  EXPECT_EQ(read.Json()["apply"]["phone"], "0512-6588 1234");
  EXPECT_EQ(read.Json()["apply"]["url"], "https://jobs.example.cn/weld/1");
  // Search results carry it too; an opening without one says null.
  nlohmann::json found;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((found = server_.Get("/v1/openings?q=" + Encode("电焊工")).Json())["total"] != 1) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "not searchable: " << found;
  }
  EXPECT_EQ(found["items"][0]["apply"]["contact"], "人事部 王女士");
  auto plain = server_.Post("/v1/openings", SampleOpening("SZ-2", {{"apply", nullptr}}), board_);
  EXPECT_TRUE(plain.Json()["apply"].is_null()) << plain.body;
}

TEST_F(OpeningsTest, SameExternalIdOnAnotherBoardIsAnotherOpening) {
  const std::string other = server_.CreateKey("board", "南方人才网");
  auto a = server_.Post("/v1/openings", SampleOpening("X-1"), board_);
  auto b = server_.Post("/v1/openings", SampleOpening("X-1"), other);
  ASSERT_EQ(a.status, 201);
  ASSERT_EQ(b.status, 201);
  EXPECT_NE(a.Json()["id"], b.Json()["id"]);
}

TEST_F(OpeningsTest, UnknownNamesAreKeptAndReportedAsWarnings) {
  auto r = server_.Post("/v1/openings",
                        SampleOpening("W-1", {{"occupation", "冷库理货员"},
                                              {"skills", {{{"skill", "冷库盘点"}, {"level", 2}}}}}),
                        board_);
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.Json();
  EXPECT_EQ(j["occupation"], "冷库理货员");
  EXPECT_EQ(j["skills"][0]["skill"], "冷库盘点");
  EXPECT_EQ(j["warnings"].size(), 2u);
}

TEST_F(OpeningsTest, BulkAnswersEveryItemInOrderAndOneBadItemSinksNothing) {
  nlohmann::json items = nlohmann::json::array();
  items.push_back(SampleOpening("B-1"));
  items.push_back(SampleOpening("B-2", {{"skills", {{{"skill", "焊条电弧焊"}, {"level", 7}}}}}));
  items.push_back(SampleOpening("B-3", {{"region", "999999"}}));
  items.push_back(SampleOpening("B-4"));
  auto r = server_.Post("/v1/openings/bulk", items, board_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.Json();
  ASSERT_EQ(j["items"].size(), 4u);
  EXPECT_EQ(j["items"][0]["status"], 201);
  EXPECT_EQ(j["items"][1]["status"], 422);
  EXPECT_EQ(j["items"][1]["error"]["field"], "skills[0].level");
  EXPECT_EQ(j["items"][2]["status"], 422);
  EXPECT_EQ(j["items"][2]["error"]["field"], "region");
  EXPECT_EQ(j["items"][3]["status"], 201);
  EXPECT_EQ(j["created"], 2);
  EXPECT_EQ(j["failed"], 2);
  EXPECT_EQ(
      server_.Get("/v1/openings/" + std::to_string(j["items"][3]["id"].get<int64_t>())).status,
      200);
}

TEST_F(OpeningsTest, BulkRefusesMoreThanAThousand) {
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < 1001; ++i) items.push_back(SampleOpening("N-" + std::to_string(i)));
  auto r = server_.Post("/v1/openings/bulk", items, board_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.Json()["error"]["field"], "body");
}

TEST_F(OpeningsTest, DeleteRemovesAndOnlyTheOwnerMay) {
  auto posted = server_.Post("/v1/openings", SampleOpening("D-1"), board_);
  const std::string path = "/v1/openings/" + std::to_string(posted.Json()["id"].get<int64_t>());
  const std::string other = server_.CreateKey("board", "南方人才网");
  EXPECT_EQ(server_.Request("DELETE", path, other).status, 403);
  EXPECT_EQ(server_.Get(path).status, 200);
  EXPECT_EQ(server_.Request("DELETE", path, board_).status, 204);
  EXPECT_EQ(server_.Get(path).status, 404);
  EXPECT_EQ(server_.Request("DELETE", path, board_).status, 404);
}

TEST_F(OpeningsTest, UnknownIdsAre404) {
  EXPECT_EQ(server_.Get("/v1/openings/999999").status, 404);
  EXPECT_EQ(server_.Get("/v1/openings/abc").status, 404);
  EXPECT_EQ(server_.Get("/v1/openings/-1").status, 404);
}

// Bad input: the status and the field the error names. Never a 500.
TEST_F(OpeningsTest, BadInputGetsA4xxNamingTheField) {
  struct Case {
    std::string name;
    std::string body;
    int status;
    std::string field;
  };
  auto with = [](nlohmann::json overrides) {
    return SampleOpening("E-1", std::move(overrides)).dump();
  };
  const std::vector<Case> cases = {
      {"malformed json", "{\"title\": ", 400, "body"},
      {"not an object", "[1,2]", 422, ""},
      {"huge number", R"({"external_id":"E","positions":1e400})", 400, "body"},
      {"bad utf-8", std::string("{\"external_id\":\"E\",\"title\":\"\xff\xfe\"}"), 400, "body"},
      {"missing title", with({{"title", nullptr}}), 422, "title"},
      {"wrong type", with({{"positions", "five"}}), 422, "positions"},
      {"fractional positions", with({{"positions", 2.5}}), 422, "positions"},
      {"positions beyond int64", with({{"positions", 18446744073709551615ull}}), 422, "positions"},
      {"unknown region", with({{"region", "999999"}}), 422, "region"},
      {"ambiguous region", with({{"region", "朝阳区"}}), 422, "region"},
      {"skill level too high", with({{"skills", {{{"skill", "焊条电弧焊"}, {"level", 6}}}}}), 422,
       "skills[0].level"},
      {"skill level zero", with({{"skills", {{{"skill", "焊条电弧焊"}, {"level", 0}}}}}), 422,
       "skills[0].level"},
      {"wage order", with({{"wage_min", 9000}, {"wage_max", 6000}}), 422, "wage_min"},
      {"negative wage", with({{"wage_min", -1}}), 422, "wage_min"},
      {"title too long", with({{"title", std::string(201 * 3, 'a')}}), 422, "title"},
      {"description too long", with({{"description", std::string(10001, 'x')}}), 422,
       "description"},
      {"bad education", with({{"education", "phd"}}), 422, "education"},
      {"bad date", with({{"expires_at", "2027-02-30"}}), 422, "expires_at"},
      {"bad location", with({{"location", {{"lat", 91}, {"lon", 120}}}}), 422, "location.lat"},
      {"bool as string", with({{"full_time", "yes"}}), 422, "full_time"},
      {"apply not an object", with({{"apply", "call us"}}), 422, "apply"},
      {"apply phone", with({{"apply", {{"phone", "12345"}}}}), 422, "apply.phone"},
      {"apply phone letters", with({{"apply", {{"phone", "138-abcd-5678"}}}}), 422, "apply.phone"},
      {"apply script url", with({{"apply", {{"url", "javascript:alert(1)"}}}}), 422, "apply.url"},
      {"apply ftp url", with({{"apply", {{"url", "ftp://example.cn/x"}}}}), 422, "apply.url"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = server_.Request("POST", "/v1/openings", board_, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (!c.field.empty()) {
      EXPECT_EQ(r.Json()["error"]["field"], c.field) << r.body;
    }
    EXPECT_TRUE(r.Json()["error"].contains("code"));
    EXPECT_TRUE(r.Json()["error"].contains("message"));
  }
  // Nothing of the above was stored.
  EXPECT_EQ(server_.Get("/v1/openings").Json()["total"], 0);
}

TEST_F(OpeningsTest, WrongContentTypeIs415) {
  auto r =
      server_.Request("POST", "/v1/openings", board_, SampleOpening("C-1").dump(), "text/plain");
  EXPECT_EQ(r.status, 415);
}

TEST_F(OpeningsTest, MethodWithoutRouteIs405AndUnknownPathIs404) {
  EXPECT_EQ(server_.Request("PUT", "/v1/openings", board_, "{}").status, 405);
  EXPECT_EQ(server_.Request("PATCH", "/v1/openings/1", board_, "{}").status, 405);
  EXPECT_EQ(server_.Get("/v1/nothing").status, 404);
}

TEST_F(OpeningsTest, AnExpiredOpeningIsStoredButReportedExpired) {
  auto r =
      server_.Post("/v1/openings", SampleOpening("OLD-1", {{"expires_at", "2020-01-01"}}), board_);
  ASSERT_EQ(r.status, 201);
  auto read = server_.Get("/v1/openings/" + std::to_string(r.Json()["id"].get<int64_t>()));
  EXPECT_EQ(read.Json()["status"], "expired");
}

}  // namespace
}  // namespace jobmatch::testing
