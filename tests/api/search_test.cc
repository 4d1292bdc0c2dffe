// Searching openings over real HTTP: Chinese text, every filter, facets,
// sorting and pagination.
#include <gtest/gtest.h>

#include <chrono>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

class SearchApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    board_ = server_.CreateKey("board", "测试招聘网");
    nlohmann::json items = nlohmann::json::array();
    items.push_back(SampleOpening("S-weld-sz", {{"title", "招聘电焊工"}, {"region", "320505"}}));
    items.push_back(SampleOpening("S-weld-gz", {{"title", "钢构厂电焊工 包吃住"},
                                                {"region", "440106"},
                                                {"wage_min", 7000},
                                                {"wage_max", 11000}}));
    items.push_back(SampleOpening("S-clean", {{"title", "商场保洁员"},
                                              {"occupation", "保洁员"},
                                              {"description", "负责商场公共区域清洁，早班。"},
                                              {"skills", nlohmann::json::array()},
                                              {"region", "320508"},
                                              {"wage_min", 3200},
                                              {"wage_max", 3800},
                                              {"education", "none"}}));
    items.push_back(SampleOpening("S-grad", {{"title", "储备干部（应届生）"},
                                             {"occupation", "焊工"},
                                             {"description", "面向高校毕业生，轮岗学习生产管理。"},
                                             {"region", "110105"},
                                             {"education", "college"},
                                             {"for_graduates", true}}));
    items.push_back(
        SampleOpening("S-old", {{"title", "过期的电焊工岗位"}, {"expires_at", "2020-01-01"}}));
    auto r = server_.Post("/v1/openings/bulk", items, board_);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.Json()["failed"], 0) << r.body;
    WaitSearchable("/v1/openings?per_page=1", 4);
  }

  // Polls until the search total reaches `total`; fails after one second.
  void WaitSearchable(const std::string& target, int total) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (;;) {
      auto r = server_.Get(target);
      if (r.status == 200 && r.Json()["total"] == total) return;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline)
          << "not searchable within 1 s: " << r.body;
    }
  }

  std::vector<std::string> Titles(const std::string& target) {
    auto r = server_.Get(target);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const nlohmann::json j = r.Json();
    for (const auto& item : j["items"]) out.push_back(item["title"]);
    return out;
  }

  int Total(const std::string& target) {
    auto r = server_.Get(target);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["total"];
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string board_;
};

TEST_F(SearchApiTest, ChineseWordsFindLongerWords) {
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("电焊")), 3);  // the grad posting names 焊工 only
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("焊工")), 3);
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("保洁")), 1);
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("厨师")), 0);
}

TEST_F(SearchApiTest, PercentEncodedQueryIsDecoded) {
  // Regression: Pistache 0.0.5 hands query strings over still encoded.
  auto r = server_.Get("/v1/openings?q=%E7%84%8A%E5%B7%A5");  // 焊工
  ASSERT_EQ(r.status, 200);
  EXPECT_GE(r.Json()["total"].get<int>(), 2);
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("商场 保洁员")), 1);
  EXPECT_EQ(Total("/v1/openings?q=%E5%95%86%E5%9C%BA+%E4%BF%9D%E6%B4%81"), 1);  // '+' is a space
}

TEST_F(SearchApiTest, SynonymsExpandTheQuery) {
  // 电焊工 is a synonym of the occupation 焊工; the grad posting says neither word in its text
  // beyond the occupation, which the index expands to its names.
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("电焊工")), 3);
}

TEST_F(SearchApiTest, ExpiredOpeningsNeverAppear) {
  EXPECT_EQ(Total("/v1/openings?q=" + Encode("过期")), 0);
  EXPECT_EQ(Total("/v1/openings"), 4);
}

TEST_F(SearchApiTest, RegionFilterCoversEverythingBeneath) {
  EXPECT_EQ(Total("/v1/openings?region=320000"), 2);  // 江苏省
  EXPECT_EQ(Total("/v1/openings?region=320500"), 2);  // 苏州市
  EXPECT_EQ(Total("/v1/openings?region=" + Encode("苏州市")), 2);
  EXPECT_EQ(Total("/v1/openings?region=320505"), 1);  // 虎丘区
  EXPECT_EQ(Total("/v1/openings?region=" + Encode("北京市朝阳区")), 1);
  EXPECT_EQ(Total("/v1/openings?region=320000,440000"), 3);
}

TEST_F(SearchApiTest, AmbiguousRegionNameIs400WithCandidates) {
  auto r = server_.Get("/v1/openings?region=" + Encode("朝阳区"));
  ASSERT_EQ(r.status, 400);
  auto e = r.Json()["error"];
  EXPECT_EQ(e["code"], "ambiguous_region");
  EXPECT_EQ(e["field"], "region");
  bool beijing = false;
  for (const auto& c : e["candidates"]) beijing |= c.get<std::string>().rfind("110105", 0) == 0;
  EXPECT_TRUE(beijing) << r.body;
  EXPECT_EQ(server_.Get("/v1/openings?region=999999").status, 400);
}

TEST_F(SearchApiTest, OccupationSkillEducationGraduateAndWageFilters) {
  EXPECT_EQ(Total("/v1/openings?occupation=" + Encode("保洁员")), 1);
  EXPECT_EQ(Total("/v1/openings?occupation=welder"), 3);
  EXPECT_EQ(Total("/v1/openings?skill=" + Encode("焊条电弧焊")), 3);
  // A seeker with junior education qualifies for none/junior openings only.
  EXPECT_EQ(Total("/v1/openings?education=junior"), 3);
  EXPECT_EQ(Total("/v1/openings?education=college"), 4);
  EXPECT_EQ(Total("/v1/openings?education=none"), 1);
  EXPECT_EQ(Total("/v1/openings?for_graduates=true"), 1);
  EXPECT_EQ(Total("/v1/openings?for_graduates=false"), 3);
  EXPECT_EQ(Total("/v1/openings?wage_min=10000"), 1);
  EXPECT_EQ(Total("/v1/openings?wage_min=5000&region=320000"), 1);
}

TEST_F(SearchApiTest, UnknownFilterNamesWarnButStillMatchAsGiven) {
  auto r = server_.Get("/v1/openings?skill=" + Encode("不存在的技能"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["total"], 0);
  EXPECT_EQ(r.Json()["warnings"].size(), 1u);
}

TEST_F(SearchApiTest, FacetsCountTheWholeResultSet) {
  auto r = server_.Get("/v1/openings?facets=region,occupation,skill&per_page=1");
  ASSERT_EQ(r.status, 200);
  auto j = r.Json();
  EXPECT_EQ(j["items"].size(), 1u);
  std::map<std::string, int> provinces;
  for (const auto& f : j["facets"]["region"]) provinces[f["value"]] = f["count"];
  EXPECT_EQ(provinces["320000"], 2);
  EXPECT_EQ(provinces["440000"], 1);
  EXPECT_EQ(provinces["110000"], 1);
  EXPECT_EQ(j["facets"]["occupation"][0]["value"], "welder");
  EXPECT_EQ(j["facets"]["occupation"][0]["count"], 3);
  // Under a city filter the region facet counts counties.
  auto city = server_.Get("/v1/openings?region=320500&facets=region").Json();
  ASSERT_EQ(city["facets"]["region"].size(), 2u);
  EXPECT_EQ(city["facets"]["region"][0]["count"], 1);
  EXPECT_EQ(server_.Get("/v1/openings?facets=colour").status, 400);
}

TEST_F(SearchApiTest, PaginationAndSorting) {
  auto wage = Titles("/v1/openings?sort=wage&per_page=1");
  ASSERT_EQ(wage.size(), 1u);
  EXPECT_EQ(wage[0], "钢构厂电焊工 包吃住");
  auto p1 = Titles("/v1/openings?sort=date&per_page=2&page=1");
  auto p2 = Titles("/v1/openings?sort=date&per_page=2&page=2");
  auto p3 = Titles("/v1/openings?sort=date&per_page=2&page=3");
  EXPECT_EQ(p1.size(), 2u);
  EXPECT_EQ(p2.size(), 2u);
  EXPECT_TRUE(p3.empty());
  for (const auto& t : p1) EXPECT_EQ(std::count(p2.begin(), p2.end(), t), 0);
  auto capped = server_.Get("/v1/openings?per_page=5000").Json();
  EXPECT_EQ(capped["per_page"], 100);
  EXPECT_FALSE(capped["total_estimated"]);
  EXPECT_EQ(server_.Get("/v1/openings?page=0").status, 400);
  EXPECT_EQ(server_.Get("/v1/openings?sort=price").status, 400);
  EXPECT_EQ(server_.Get("/v1/openings?wage_min=abc").status, 400);
}

TEST_F(SearchApiTest, AnAcknowledgedWriteIsSearchableWithinOneSecond) {
  ASSERT_EQ(
      server_.Post("/v1/openings", SampleOpening("NEW-1", {{"title", "叉车司机急招"}}), board_)
          .status,
      201);
  WaitSearchable("/v1/openings?q=" + Encode("叉车司机急招"), 1);
  auto deleted = server_.Get("/v1/openings?q=" + Encode("叉车司机急招")).Json()["items"][0]["id"];
  ASSERT_EQ(
      server_.Request("DELETE", "/v1/openings/" + std::to_string(deleted.get<int64_t>()), board_)
          .status,
      204);
  WaitSearchable("/v1/openings?q=" + Encode("叉车司机急招"), 0);
}

TEST_F(SearchApiTest, DiscriminatoryRequirementsAreFlaggedWithTheLawAndListedForReview) {
  const std::pair<const char*, const char*> kWordings[] = {{"gender", "限男性，身体健康"},
                                                           {"hepatitis_b", "入职体检含乙肝两对半"},
                                                           {"ethnicity", "仅限汉族"},
                                                           {"marital", "要求已婚已育"},
                                                           {"hukou", "限本地户籍，外地勿扰"}};
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [code, text] : kWordings) {
    items.push_back(SampleOpening(std::string("D-") + code, {{"description", text}}));
  }
  // Said as the law allows: no flag.
  items.push_back(SampleOpening("D-fine", {{"description", "男女不限，婚育不限，体检不查乙肝"}}));
  auto r = server_.Post("/v1/openings/bulk", items, board_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.Json();
  for (std::size_t i = 0; i < std::size(kWordings); ++i) {
    const auto& warnings = j["items"][i]["warnings"];
    ASSERT_EQ(warnings.size(), 1u) << j["items"][i].dump();
    EXPECT_NE(warnings[0].get<std::string>().find("违反《中华人民共和国"), std::string::npos);
    const int64_t id = j["items"][i]["id"];
    auto opening = server_.Get("/v1/openings/" + std::to_string(id)).Json();
    ASSERT_EQ(opening["compliance_flags"].size(), 1u) << opening.dump();
    EXPECT_EQ(opening["compliance_flags"][0]["code"], kWordings[i].first);
    EXPECT_EQ(opening["compliance_flags"][0]["field"], "description");
  }
  EXPECT_TRUE(j["items"][5]["warnings"].empty()) << j["items"][5].dump();
  WaitSearchable("/v1/openings?flagged=true&per_page=1", 5);
  auto flagged = server_.Get("/v1/openings?flagged=true&per_page=50").Json();
  for (const auto& item : flagged["items"]) {
    EXPECT_FALSE(item["compliance_flags"].empty()) << item["title"];  // shown in search
  }
  WaitSearchable("/v1/openings?flagged=false&per_page=1", 5);  // the setup's four and D-fine
  EXPECT_EQ(server_.Get("/v1/openings?flagged=perhaps").status, 400);

  // An admin reviews the hukou flag: it stays, cleared, and leaves the review list.
  const std::string clear = "/v1/openings/" + std::to_string(j["items"][4]["id"].get<int64_t>()) +
                            "/compliance_flags/clear";
  const nlohmann::json review = {{"code", "hukou"},
                                 {"reason", "事业单位编制岗位，依规定限本地户籍"}};
  EXPECT_EQ(server_.Post(clear, review, board_).status, 403);
  EXPECT_EQ(server_.Post(clear, {{"code", "hukou"}}, kAdminKey).status, 422);  // no reason
  EXPECT_EQ(server_.Post(clear, {{"code", "gender"}, {"reason", "x"}}, kAdminKey).status, 404);
  auto cleared = server_.Post(clear, review, kAdminKey);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  const auto flag = cleared.Json()["compliance_flags"][0];
  EXPECT_EQ(flag["cleared"]["reason"], review["reason"]);
  EXPECT_TRUE(flag["cleared"]["by"].is_string());
  EXPECT_EQ(server_.Post(clear, review, kAdminKey).status, 404);  // already cleared
  WaitSearchable("/v1/openings?flagged=true&per_page=1", 4);
  auto audit = server_.Get("/v1/audit?per_page=5").Json();
  EXPECT_EQ(audit["items"][0]["action"], "compliance_flag_cleared");
}

}  // namespace
}  // namespace jobmatch::testing
