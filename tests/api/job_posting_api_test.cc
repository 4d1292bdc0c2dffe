// schema.org JobPosting in and out over real HTTP: boards post what they
// publish for search engines (HTML descriptions, wages by the hour and by
// the year, addresses in several forms) and read openings back as JobPosting.
#include <gtest/gtest.h>

#include <set>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

constexpr char kJsonLd[] = "application/ld+json";

class JobPostingApiTest : public ::testing::Test {
 protected:
  HttpResult PostLd(const std::string& target, const nlohmann::json& body) {
    return server_.Request("POST", target, board_, body.dump(), kJsonLd);
  }
  nlohmann::json ReadLd(int64_t id) {
    auto r = server_.RequestWith("GET", "/v1/openings/" + std::to_string(id),
                                 {{"Authorization", "Bearer " + board_},
                                  {"Accept", "application/ld+json, application/json;q=0.5"}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"].rfind(kJsonLd, 0), 0u) << r.headers["content-type"];
    return r.Json();
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string board_ = server_.CreateKey("board", "苏州人才网");
};

// As boards publish them: a welder paid by the hour, a structured address,
// an identifier as PropertyValue and an HTML description with a script.
nlohmann::json HourlyWelder() {
  return nlohmann::json::parse(R"({
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "招聘电焊工 &amp; 学徒",
    "description": "<h2>岗位职责</h2><ul><li>钢结构件焊接</li><li>看懂简单图纸</li></ul><p>五险一金&nbsp;包住宿</p><script>ga('send')</script>",
    "identifier": {"@type": "PropertyValue", "name": "苏州人才网", "value": "SZRC-1001"},
    "datePosted": "2026-12-01T09:00:00+08:00",
    "validThrough": "2099-01-31T23:59:59+08:00",
    "employmentType": ["FULL_TIME"],
    "hiringOrganization": {"@type": "Organization", "name": "苏州精工机械制造有限公司", "sameAs": "https://example.com"},
    "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
      "streetAddress": "姑苏区人民路100号", "addressLocality": "苏州市", "addressRegion": "江苏省",
      "postalCode": "215000", "addressCountry": "CN"}},
    "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY",
      "value": {"@type": "QuantitativeValue", "minValue": 30, "maxValue": 40, "unitText": "HOUR"}},
    "totalJobOpenings": 4,
    "skills": "焊条电弧焊，识图",
    "occupationalCategory": "焊工",
    "applicationContact": {"@type": "ContactPoint", "name": "人事部", "telephone": "0512-6588 1234"}
  })");
}

TEST_F(JobPostingApiTest, APostingIsReadAsAnOpeningAndWrittenBackAsAJobPosting) {
  auto r = PostLd("/v1/openings", HourlyWelder());
  ASSERT_EQ(r.status, 201) << r.body;
  const nlohmann::json o = r.Json();
  EXPECT_EQ(o["title"], "招聘电焊工 & 学徒");
  EXPECT_EQ(o["description"], "岗位职责\n钢结构件焊接\n看懂简单图纸\n五险一金 包住宿");
  EXPECT_EQ(o["external_id"], "SZRC-1001");
  EXPECT_EQ(o["board"], "苏州人才网");
  EXPECT_EQ(o["region"], "320508");
  EXPECT_EQ(o["wage_min"], 5220);  // 30 yuan × 174 hours
  EXPECT_EQ(o["wage_max"], 6960);
  EXPECT_EQ(o["positions"], 4);
  EXPECT_EQ(o["occupation"], "welder");
  EXPECT_EQ(o["skills"].size(), 2u);
  EXPECT_EQ(o["expires_at"], "2099-01-31");
  EXPECT_EQ(o["apply"]["phone"], "0512-6588 1234");

  const nlohmann::json p = ReadLd(o["id"]);
  for (const char* key :
       {"datePosted", "description", "hiringOrganization", "jobLocation", "title", "baseSalary",
        "directApply", "employmentType", "identifier", "validThrough"}) {
    EXPECT_TRUE(p.contains(key)) << key;
  }
  EXPECT_EQ(p["@type"], "JobPosting");
  EXPECT_EQ(p["identifier"]["value"], "SZRC-1001");
  EXPECT_EQ(p["baseSalary"]["value"]["minValue"], 5220);
  EXPECT_EQ(p["baseSalary"]["value"]["unitText"], "MONTH");
  EXPECT_EQ(p["jobLocation"]["address"]["addressLocality"], "苏州市");
  // Plain JSON stays the default.
  EXPECT_EQ(server_.Get("/v1/openings/" + o["id"].dump(), board_).Json()["id"], o["id"]);
  // Posting the same JobPosting again changes nothing.
  auto again = PostLd("/v1/openings", HourlyWelder());
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.Json()["id"], o["id"]);
}

TEST_F(JobPostingApiTest, BulkTakesAnArrayOrAGraphAndAnswersEachPosting) {
  nlohmann::json yearly = HourlyWelder();
  yearly["identifier"] = "SZRC-1002";  // text
  yearly["title"] = "仓库管理员";
  yearly["occupationalCategory"] = {
      {"@type", "CategoryCode"}, {"codeValue", "4-02-06-03"}, {"name", "仓储管理员"}};
  yearly["baseSalary"] = {{"@type", "MonetaryAmount"},
                          {"currency", "CNY"},
                          {"value", {{"value", 84000}, {"unitText", "YEAR"}}}};
  yearly["jobLocation"] = {{"@type", "Place"}, {"address", "北京市朝阳区建国路88号"}};
  yearly["employmentType"] = "PART_TIME";
  nlohmann::json daily = HourlyWelder();
  daily["identifier"] = {{"@type", "PropertyValue"}, {"value", 1003}};
  daily["baseSalary"]["value"] = {{"minValue", "200"}, {"unitText", "DAY"}};
  daily["jobLocation"] = {{"address", {{"addressRegion", "北京"}, {"addressLocality", "朝阳区"}}},
                          {"geo", {{"latitude", 39.91}, {"longitude", 116.46}}}};
  nlohmann::json ambiguous = HourlyWelder();
  ambiguous["identifier"] = "SZRC-1004";
  ambiguous["jobLocation"] = {{"address", {{"addressLocality", "朝阳区"}}}};
  nlohmann::json dollars = HourlyWelder();
  dollars["identifier"] = "SZRC-1005";
  dollars["baseSalary"]["currency"] = "USD";
  nlohmann::json untitled = HourlyWelder();
  untitled.erase("title");

  auto r = PostLd("/v1/openings/bulk", {{"@context", "https://schema.org/"},
                                        {"@graph", {yearly, daily, ambiguous, dollars, untitled}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json out = r.Json();
  EXPECT_EQ(out["created"], 2);
  EXPECT_EQ(out["failed"], 3);
  const auto& items = out["items"];
  auto read = [&](int i) { return server_.Get("/v1/openings/" + items[i]["id"].dump()).Json(); };
  const nlohmann::json warehouse = read(0);
  EXPECT_EQ(warehouse["wage_min"], 7000);  // 84,000 a year
  EXPECT_EQ(warehouse["region"], "110105");
  EXPECT_EQ(warehouse["full_time"], false);
  EXPECT_EQ(warehouse["occupation_name"], "仓储管理员");
  const nlohmann::json day = read(1);
  EXPECT_EQ(day["external_id"], "1003");
  EXPECT_EQ(day["wage_min"], 4350);  // 200 yuan × 21.75 days
  EXPECT_EQ(day["region"], "110105");
  EXPECT_DOUBLE_EQ(day["location"]["lat"].get<double>(), 39.91);
  EXPECT_EQ(items[2]["status"], 400);
  EXPECT_EQ(items[2]["error"]["code"], "ambiguous_region");
  EXPECT_GE(items[2]["error"]["candidates"].size(), 2u);
  EXPECT_EQ(items[3]["status"], 422);
  EXPECT_EQ(items[3]["error"]["field"], "baseSalary.currency");
  EXPECT_EQ(items[4]["error"]["field"], "title");
}

TEST_F(JobPostingApiTest, BadPostingsGetA4xxNamingTheJobPostingProperty) {
  for (const char* property : {"title", "jobLocation", "hiringOrganization", "identifier"}) {
    nlohmann::json p = HourlyWelder();
    p.erase(property);
    auto r = PostLd("/v1/openings", p);
    EXPECT_EQ(r.status, 422) << property;
    EXPECT_EQ(r.Json()["error"]["field"], property) << r.body;
  }
  nlohmann::json many = HourlyWelder();
  many["totalJobOpenings"] = 0;
  EXPECT_EQ(PostLd("/v1/openings", many).Json()["error"]["field"], "totalJobOpenings");
  nlohmann::json long_title = HourlyWelder();
  long_title["title"] = std::string(300, 'x');  // refused by the opening's own rules
  auto named = PostLd("/v1/openings", long_title);
  EXPECT_EQ(named.status, 422);
  EXPECT_EQ(named.Json()["error"]["field"], "title");
  EXPECT_EQ(PostLd("/v1/openings", nlohmann::json::array({HourlyWelder()})).status, 422);
  EXPECT_EQ(server_.Request("POST", "/v1/openings", board_, "{not json", kJsonLd).status, 400);
  auto xml = server_.Request("POST", "/v1/openings", board_, "<JobPosting/>", "application/xml");
  EXPECT_EQ(xml.status, 415);
  // Warnings say what was assumed.
  nlohmann::json vague = HourlyWelder();
  vague["baseSalary"]["value"].erase("unitText");
  vague["identifier"] = "SZRC-2001";
  auto warned = PostLd("/v1/openings", vague);
  ASSERT_EQ(warned.status, 201) << warned.body;
  EXPECT_NE(warned.body.find("unitText is missing"), std::string::npos) << warned.body;
}

}  // namespace
}  // namespace jobmatch::testing
