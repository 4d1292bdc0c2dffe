// Households' links over real HTTP: a counsellor makes one, the household
// reads its plan through it without signing in (names, nothing else
// personal), answers, and the link can be revoked; bad tokens all look alike.
#include <gtest/gtest.h>

#include <chrono>

#include <SQLiteCpp/SQLiteCpp.h>
#include <zip.h>

#include "../support/builders.h"
#include "core/id_number.h"
#include "core/utf8.h"
#include "server_process.h"
#include "sheet/xlsx.h"

namespace jobmatch::testing {
namespace {

class LinksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string board = server_.CreateKey("board", "苏州人才网");
    ASSERT_EQ(server_.Post("/v1/openings", SampleOpening("L-1"), board).status, 201);
    id_number_ = MakeIdNumber("320505", "1980-06-01", true, 7);
    auto h = server_.Post("/v1/households", HouseholdJson("JS-LINK-1", id_number_), kAdminKey);
    ASSERT_EQ(h.status, 201) << h.body;
    household_ = h.Json()["id"];
    auto started = server_.Post("/v1/batches", nlohmann::json::object(), kAdminKey);
    ASSERT_EQ(started.status, 202);
    batch_ = started.Json()["id"];
    const std::string batch = "/v1/batches/" + std::to_string(batch_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (server_.Get(batch).Json()["status"] != "succeeded") {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    }
  }
  std::string Links() { return "/v1/households/" + std::to_string(household_) + "/links"; }
  std::string MakeLink() {
    auto r = server_.Post(Links(), nlohmann::json::object(), kAdminKey);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["url"];  // /p/<token>
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string id_number_;
  int64_t household_ = 0;
  int64_t batch_ = 0;
};

// One part of a zip archive (an .xlsx), as stored.
std::string ZipPart(const std::string& bytes, const char* name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  std::string out;
  if (zip_file_t* f = z ? zip_fopen(z, name, 0) : nullptr) {
    char buf[4096];
    for (zip_int64_t n; (n = zip_fread(f, buf, sizeof buf)) > 0;) out.append(buf, n);
    zip_fclose(f);
  }
  if (z) zip_discard(z);
  return out;
}

TEST_F(LinksTest, TheHouseholdReadsItsPlanWithNamesAndNothingElsePersonal) {
  auto made = server_.Post(Links(), {{"expires_in_days", 7}}, kAdminKey);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string url = made.Json()["url"];
  ASSERT_EQ(url.rfind("/p/", 0), 0u);
  EXPECT_EQ(url.size(), 3u + 64);  // 256 random bits
  EXPECT_EQ(server_.Post(Links(), {{"expires_in_days", 91}}, kAdminKey).status, 422);

  auto plan = server_.Request("GET", "/v1" + url);
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_EQ(plan.headers["x-robots-tag"], "noindex");
  EXPECT_EQ(plan.headers["referrer-policy"], "no-referrer");
  const auto j = plan.Json();
  ASSERT_EQ(j["members"].size(), 1u);
  EXPECT_EQ(j["members"][0]["name"], "陈建华");
  const auto& job = j["members"][0]["jobs"][0];
  EXPECT_EQ(job["employer"], "苏州精工机械制造有限公司");
  EXPECT_EQ(job["apply"]["phone"], "0512-6588 1234");
  EXPECT_EQ(job["wage_min"], 6500);
  EXPECT_TRUE(job.contains("recommendation_id"));
  for (const char* personal : {"JS-LINK-1", "狮山街道", "monthly_income", "id_number", "archive_no",
                               "household_id", "王秀英", "dibao"}) {
    EXPECT_EQ(plan.body.find(personal), std::string::npos) << personal;
  }
  EXPECT_EQ(plan.body.find(id_number_.substr(0, 6) + "****"), std::string::npos);
  EXPECT_EQ(plan.body.find(id_number_.substr(14)), std::string::npos);

  // The page for a phone; the listing never shows the token again.
  auto page = server_.Request("GET", url);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["x-robots-tag"], "noindex");
  EXPECT_NE(page.body.find("/assets/household.js"), std::string::npos);
  auto listed = server_.Get(Links());
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Json()["items"].size(), 1u);
  EXPECT_EQ(listed.body.find(url.substr(3)), std::string::npos);

  // Every view is audited as the link.
  auto audit = server_.Get("/v1/audit?per_page=100").Json();
  bool viewed = false;
  for (const auto& e : audit["items"]) viewed |= e["action"] == "link_viewed";
  EXPECT_TRUE(viewed);
}

TEST_F(LinksTest, AnswersCountAndReplaceEachOther) {
  const std::string url = MakeLink();
  const int64_t rec =
      server_.Request("GET", "/v1" + url).Json()["members"][0]["jobs"][0]["recommendation_id"];
  const std::string answers = "/v1" + url + "/responses";
  auto no = server_.Request(
      "POST", answers, "",
      nlohmann::json{{"recommendation_id", rec}, {"answer", "not_suitable"}, {"reason", "too_far"}}
          .dump());
  ASSERT_EQ(no.status, 200) << no.body;
  auto plan = server_.Get("/v1/households/" + std::to_string(household_) + "/plan").Json();
  EXPECT_EQ(plan["members"][0]["jobs"][0]["household_answer"]["answer"], "not_suitable");
  EXPECT_EQ(plan["members"][0]["jobs"][0]["household_answer"]["reason"], "too_far");
  EXPECT_EQ(plan["members"][0]["declines"], 1);  // counts toward review like a decline
  EXPECT_EQ(server_.Get("/v1/stats").Json()["not_suitable"], 1);
  auto yes =
      server_.Request("POST", answers, "",
                      nlohmann::json{{"recommendation_id", rec}, {"answer", "interested"}}.dump());
  ASSERT_EQ(yes.status, 200);
  const auto stats = server_.Get("/v1/stats").Json();
  EXPECT_EQ(stats["interested"], 1);
  EXPECT_EQ(stats["not_suitable"], 0);
  EXPECT_EQ(server_
                .Request("POST", answers, "",
                         nlohmann::json{{"recommendation_id", rec}, {"answer", "maybe"}}.dump())
                .status,
            422);
  auto other = server_.Request(
      "POST", answers, "",
      nlohmann::json{{"recommendation_id", rec + 1000}, {"answer", "interested"}}.dump());
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.Json()["error"]["field"], "recommendation_id");
}

TEST_F(LinksTest, RevokedAndUnknownTokensAreTheSame404) {
  const std::string url = MakeLink();
  const std::string unknown = "/p/" + std::string(64, 'a');
  auto before = server_.Request("GET", "/v1" + unknown);
  EXPECT_EQ(before.status, 404);
  EXPECT_EQ(server_.Request("GET", unknown).status, 404);
  EXPECT_EQ(server_.Request("GET", "/v1/p/short").status, 404);
  const int64_t link = server_.Get(Links()).Json()["items"][0]["id"];
  EXPECT_EQ(server_.Request("DELETE", Links() + "/" + std::to_string(link), kAdminKey).status, 204);
  auto after = server_.Request("GET", "/v1" + url);
  EXPECT_EQ(after.status, 404);
  EXPECT_EQ(after.body, before.body);  // no hint which
  EXPECT_EQ(server_.Request("GET", url).status, 404);
  EXPECT_EQ(server_.Request("DELETE", Links() + "/" + std::to_string(link), kAdminKey).status, 404);
}

TEST_F(LinksTest, ALinkIsLimitedToSixtyRequestsAMinute) {
  const std::string url = "/v1" + MakeLink();
  for (int i = 0; i < 60; ++i) ASSERT_EQ(server_.Request("GET", url).status, 200) << i;
  auto limited = server_.Request("GET", url);
  EXPECT_EQ(limited.status, 429);
  ASSERT_TRUE(limited.headers.contains("retry-after"));
  EXPECT_GT(std::stoi(limited.headers["retry-after"]), 0);
  // Another link of the same household is not held back.
  EXPECT_EQ(server_.Request("GET", "/v1" + MakeLink()).status, 200);
}

TEST_F(LinksTest, ACounsellorOutsideTheRegionCannotMakeOne) {
  auto key = server_.Post(
      "/v1/keys", {{"role", "counsellor"}, {"owner", "x"}, {"region", "北京市"}}, kAdminKey);
  ASSERT_EQ(key.status, 201);
  EXPECT_EQ(server_.Post(Links(), nlohmann::json::object(), key.Json()["key"]).status, 404);
  const std::string board = server_.CreateKey("board", "y");
  EXPECT_EQ(server_.Post(Links(), nlohmann::json::object(), board).status, 403);
}

TEST_F(LinksTest, AnExpiredLinkIsTheSame404AsAnUnknownOne) {
  const std::string url = "/v1" + MakeLink();
  ASSERT_EQ(server_.Request("GET", url).status, 200);
  {
    // Time passes: the link's expiry, moved into the past in the store.
    SQLite::Database db(dir_.path() + "/jobmatch.db", SQLite::OPEN_READWRITE);
    db.exec("UPDATE household_links SET expires_at = '2020-01-01T00:00:00Z'");
  }
  auto expired = server_.Request("GET", url);
  EXPECT_EQ(expired.status, 404);
  EXPECT_EQ(expired.body, server_.Request("GET", "/v1/p/" + std::string(64, 'b')).body);
  EXPECT_EQ(server_.Request("GET", url.substr(3)).status, 404);  // the page
  auto answer = server_.Request("POST", url + "/responses", "",
                                R"({"recommendation_id":1,"answer":"interested"})");
  EXPECT_EQ(answer.status, 404);
}

TEST_F(LinksTest, ThePlanAsATextFitsAnSmsAndItsLinkWorks) {
  const std::string path = "/v1/households/" + std::to_string(household_) + "/plan?format=text";
  auto text = server_.Get(path);
  ASSERT_EQ(text.status, 200) << text.body;
  EXPECT_EQ(text.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_LE(Utf8Length(text.body), 500u);
  EXPECT_NE(text.body.find("陈建华"), std::string::npos);
  EXPECT_NE(text.body.find("苏州精工机械制造有限公司"), std::string::npos);
  EXPECT_EQ(text.body.find("王秀英"), std::string::npos);  // the counsellor, not the household
  const std::string origin = "http://127.0.0.1:" + std::to_string(server_.port());
  const auto at = text.body.find(origin + "/p/");
  ASSERT_NE(at, std::string::npos) << text.body;
  const std::string token = text.body.substr(at + origin.size() + 3, 64);
  EXPECT_EQ(server_.Request("GET", "/v1/p/" + token).status, 200);
  EXPECT_EQ(server_.Get(Links()).Json()["items"].size(), 1u);  // the text made its link
  const std::string board = server_.CreateKey("board", "y");
  EXPECT_EQ(server_.Get(path, board).status, 403);
  EXPECT_EQ(server_.Get(path.substr(0, path.find('?')) + "?format=sms").status, 400);
}

TEST_F(LinksTest, ThePlansAsAWorkbookWithChineseHeadersMaskedIdsAndAFrozenHeader) {
  auto r = server_.Get("/v1/batches/" + std::to_string(batch_) + "/plans.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto t = ReadXlsx(r.body);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_GE(t->header.size(), 9u);
  EXPECT_EQ(t->header[0], "档案编号");
  EXPECT_EQ(t->header[2], "身份证号");
  ASSERT_FALSE(t->rows.empty());
  EXPECT_EQ(t->rows[0].cells[2], MaskIdNumber(id_number_));
  EXPECT_EQ(r.body.find(id_number_), std::string::npos);
  const std::string sheet = ZipPart(r.body, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos) << sheet.substr(0, 400);
  EXPECT_NE(sheet.find("<col "), std::string::npos);  // widths set
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);    // no formulas
  EXPECT_EQ(sheet.find("t=\"n\""), std::string::npos);
}

}  // namespace
}  // namespace jobmatch::testing
