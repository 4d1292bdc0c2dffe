// The household archive, the catalogues and matching over real HTTP: the
// role matrix, personal-data protection, exit rules and explained matches.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "../support/builders.h"
#include "server_process.h"

namespace jobmatch::testing {
namespace {

class HouseholdsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    counsellor_ = server_.CreateKey("counsellor", "");
    board_ = server_.CreateKey("board", "苏州人才网");
    id_number_ = MakeIdNumber("320505", "1986-03-01", true);
    auto r = server_.Post("/v1/households", HouseholdJson("JS-SZ-0001", id_number_), counsellor_);
    ASSERT_EQ(r.status, 201) << r.body;
    household_ = r.Json();
    other_ = server_
                 .Post("/v1/households",
                       HouseholdJson("JS-SZ-0002", MakeIdNumber("320505", "1990-01-01", false)),
                       counsellor_)
                 .Json();
    own_key_ = server_.CreateKey("household", std::to_string(household_["id"].get<int64_t>()));
  }
  std::string HouseholdPath(const nlohmann::json& h) {
    return "/v1/households/" + std::to_string(h["id"].get<int64_t>());
  }
  std::string MemberPath(const nlohmann::json& h) {
    return "/v1/members/" + std::to_string(h["members"][0]["id"].get<int64_t>()) + "/matches";
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string counsellor_, board_, own_key_, id_number_;
  nlohmann::json household_, other_;
};

TEST_F(HouseholdsApiTest, FilingReturnsIdsDerivedFieldsAndAMaskedIdNumber) {
  EXPECT_TRUE(household_["zero_employment"]);
  const auto& m = household_["members"][0];
  EXPECT_GT(m["id"].get<int64_t>(), 0);
  EXPECT_EQ(m["id_number"], id_number_.substr(0, 6) + "********" + id_number_.substr(14));
  EXPECT_EQ(m["birth_date"], "1986-03-01");
  EXPECT_EQ(m["gender"], "male");
  EXPECT_EQ(m["reach"], "city");
  EXPECT_EQ(household_.dump().find(id_number_), std::string::npos);
}

TEST_F(HouseholdsApiTest, BoardKeysGet403OnEveryHouseholdRoute) {
  const std::string h = HouseholdPath(household_);
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/v1/households"},
                                                        {"POST", "/v1/households"},
                                                        {"GET", h},
                                                        {"PUT", h},
                                                        {"POST", h + "/exit"},
                                                        {"GET", MemberPath(household_)},
                                                        {"GET", "/v1/audit"},
                                                        {"GET", "/v1/households/999999"},
                                                        {"GET", "/v1/households/abc"},
                                                        {"GET", "/v1/members/999999/matches"}}) {
    auto r = server_.Request(method, path, board_,
                             method == "GET" ? "" : HouseholdJson("X", id_number_).dump());
    EXPECT_EQ(r.status, 403) << method << " " << path << " " << r.body;
  }
}

TEST_F(HouseholdsApiTest, AHouseholdKeyReadsOnlyItsOwnHousehold) {
  EXPECT_EQ(server_.Get(HouseholdPath(household_), own_key_).status, 200);
  EXPECT_EQ(server_.Get(MemberPath(household_), own_key_).status, 200);
  EXPECT_EQ(server_.Get(HouseholdPath(other_), own_key_).status, 403);
  EXPECT_EQ(server_.Get(MemberPath(other_), own_key_).status, 403);
  EXPECT_EQ(server_.Get("/v1/members/999999/matches", own_key_).status, 403);
  EXPECT_EQ(server_.Get("/v1/households", own_key_).status, 403);
  EXPECT_EQ(server_.Post("/v1/households", HouseholdJson("X-1", id_number_), own_key_).status, 403);
  EXPECT_EQ(server_.Get(HouseholdPath(household_) + "?reveal=id_number", own_key_).status, 403);
  EXPECT_EQ(server_.Get("/v1/audit", own_key_).status, 403);
  EXPECT_EQ(server_.Get("/v1/audit", counsellor_).status, 403);
}

TEST_F(HouseholdsApiTest, RevealIsAuditedAndTheNumberIsFoundByItsHash) {
  auto revealed = server_.Get(HouseholdPath(household_) + "?reveal=id_number", counsellor_);
  ASSERT_EQ(revealed.status, 200);
  EXPECT_EQ(revealed.Json()["members"][0]["id_number"], id_number_);
  auto audit = server_.Get("/v1/audit").Json();
  ASSERT_EQ(audit["total"], 1);
  EXPECT_EQ(audit["items"][0]["action"], "reveal");
  EXPECT_EQ(audit["items"][0]["household_id"], household_["id"]);
  EXPECT_EQ(audit["items"][0]["fields"][0], "id_number");
  EXPECT_EQ(audit["items"][0]["actor"].get<std::string>().rfind("key_", 0), 0u);

  auto found = server_.Get("/v1/households?id_number=" + id_number_, counsellor_).Json();
  ASSERT_EQ(found["total"], 1);
  EXPECT_EQ(found["items"][0]["id"], household_["id"]);
  EXPECT_EQ(server_.Get("/v1/households?id_number=123", counsellor_).status, 400);
}

TEST_F(HouseholdsApiTest, NoPlaintextIdNumberAnywhereInTheDataDirectory) {
  server_.Get(HouseholdPath(household_) + "?reveal=id_number", counsellor_);
  auto put = server_.Request("PUT", HouseholdPath(household_), counsellor_,
                             HouseholdJson("JS-SZ-0001", id_number_).dump());
  ASSERT_EQ(put.status, 200) << put.body;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    EXPECT_EQ(content.str().find(id_number_), std::string::npos) << entry.path();
    EXPECT_EQ(content.str().find(id_number_.substr(0, 17)), std::string::npos) << entry.path();
  }
}

TEST_F(HouseholdsApiTest, BadInputNamesTheFieldAndNeverEchoesAnIdNumber) {
  std::string bad = id_number_;
  bad[17] = bad[17] == '1' ? '2' : '1';
  auto r = server_.Post("/v1/households", HouseholdJson("BAD-1", bad), counsellor_);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.Json()["error"]["field"], "members[0].id_number");
  EXPECT_EQ(r.body.find(bad), std::string::npos);
  auto dup = server_.Post("/v1/households", HouseholdJson("JS-SZ-0001", id_number_), counsellor_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Json()["error"]["field"], "archive_no");
  auto gender = HouseholdJson("BAD-2", id_number_);
  gender["members"][0]["gender"] = "female";
  EXPECT_EQ(server_.Post("/v1/households", gender, counsellor_).Json()["error"]["field"],
            "members[0].gender");
}

TEST_F(HouseholdsApiTest, AZeroEmploymentHouseholdExitsAsGoalMetOnlyOnceSomeoneWorks) {
  const std::string path = HouseholdPath(household_);
  auto refused = server_.Post(path + "/exit", {{"reason", "goal_met"}}, counsellor_);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.Json()["error"]["code"], "goal_not_met");
  EXPECT_EQ(server_.Post(path + "/exit", {{"reason", "retired"}}, counsellor_).status, 422);

  auto body = HouseholdJson("JS-SZ-0001", id_number_);
  body["members"][0]["id"] = household_["members"][0]["id"];
  body["members"][0]["employment"] = "employed";
  auto put = server_.Request("PUT", path, counsellor_, body.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_FALSE(put.Json()["zero_employment"]);
  EXPECT_EQ(put.Json()["members"][0]["id"], household_["members"][0]["id"]);  // identity kept

  auto exited = server_.Post(path + "/exit", {{"reason", "goal_met"}}, counsellor_);
  ASSERT_EQ(exited.status, 200) << exited.body;
  EXPECT_EQ(exited.Json()["status"], "exited");
  EXPECT_EQ(exited.Json()["exit_reason"], "goal_met");
  EXPECT_EQ(server_.Get(path, counsellor_).Json()["status"], "exited");  // history kept
  EXPECT_EQ(server_.Post(path + "/exit", {{"reason", "moved_away"}}, counsellor_).status, 409);
  EXPECT_EQ(server_.Get("/v1/households?status=exited", counsellor_).Json()["total"], 1);
  EXPECT_EQ(server_.Get("/v1/households?zero_employment=true", counsellor_).Json()["total"], 1);
}

TEST_F(HouseholdsApiTest, ListsFilterByRegionAndText) {
  EXPECT_EQ(server_.Get("/v1/households?region=320500", counsellor_).Json()["total"], 2);
  EXPECT_EQ(server_.Get("/v1/households?region=110000", counsellor_).Json()["total"], 0);
  EXPECT_EQ(server_.Get("/v1/households?q=" + Encode("JS-SZ-0002"), counsellor_).Json()["total"],
            1);
  EXPECT_EQ(server_.Get("/v1/households?region=" + Encode("朝阳区"), counsellor_).status, 400);
}

TEST_F(HouseholdsApiTest, MatchesExplainWhyAndWhatIsMissing) {
  const std::string board = server_.CreateKey("board", "苏州人才网");
  nlohmann::json opening = {{"external_id", "M-1"},
                            {"title", "招聘电焊工"},
                            {"employer", "苏州精工"},
                            {"occupation", "焊工"},
                            {"skills", {{{"skill", "焊条电弧焊"}, {"level", 3}}}},
                            {"region", "320505"},
                            {"wage_min", 7000},
                            {"wage_max", 9000}};
  ASSERT_EQ(server_.Post("/v1/openings", opening, board).status, 201);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  nlohmann::json j;
  do {
    j = server_.Get(MemberPath(household_) + "?kind=openings", counsellor_).Json();
  } while (j["items"].empty() && std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(j["kind"], "openings");
  ASSERT_EQ(j["items"].size(), 1u) << j.dump();
  const auto& item = j["items"][0];
  EXPECT_EQ(item["title"], "招聘电焊工");
  EXPECT_GT(item["score"].get<double>(), 0.5);
  EXPECT_LE(item["score"].get<double>(), 1.0);
  const auto& e = item["explanation"];
  EXPECT_EQ(e["region_relation"], "same_county");
  EXPECT_EQ(e["wage_ok"], true);
  EXPECT_EQ(e["matched_skills"][0]["skill"], "arc_welding");
  EXPECT_FALSE(e["reasons"].empty());
  EXPECT_EQ(server_.Get(MemberPath(household_) + "?kind=jobs", counsellor_).status, 400);
  EXPECT_EQ(server_.Get(MemberPath(household_) + "?kind=aid", counsellor_).Json()["items"].size(),
            0u);
}

TEST_F(HouseholdsApiTest, AWeldingJobNeedsTheCertificateAndTheCourseForItLeadsThere) {
  nlohmann::json opening = {{"external_id", "M-2"},   {"title", "招聘电焊工"},
                            {"employer", "苏州精工"}, {"occupation", "焊工"},
                            {"region", "320505"},     {"wage_min", 7000},
                            {"wage_max", 9000}};
  auto posted = server_.Post("/v1/openings", opening, board_);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const int64_t opening_id = posted.Json()["id"];
  nlohmann::json course = {{"title", "熔化焊接与热切割作业取证班"},
                           {"provider", "苏州职业培训学校"},
                           {"skills_taught", {{{"skill", "焊工证"}, {"level", 1}}}},
                           {"region", "320505"},
                           {"starts_on", InDays(10)},
                           {"ends_on", InDays(30)},
                           {"hours", 96},
                           {"seats", 20},
                           {"fee", 0},
                           {"certificate", 1},
                           {"mode", "offline"}};
  ASSERT_EQ(server_.Post("/v1/courses", course, counsellor_).status, 201);
  // A welder without the special-operations certificate.
  nlohmann::json h = HouseholdJson("JS-SZ-0003", MakeIdNumber("320505", "1980-05-01", true));
  h["members"][0]["skills"].erase(1);
  auto filed = server_.Post("/v1/households", h, counsellor_);
  ASSERT_EQ(filed.status, 201) << filed.body;

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  nlohmann::json jobs, courses;
  do {
    jobs = server_.Get(MemberPath(filed.Json()) + "?kind=openings", counsellor_).Json();
    courses = server_.Get(MemberPath(filed.Json()) + "?kind=courses", counsellor_).Json();
  } while ((jobs["law"]["excluded"].empty() || courses["items"].empty()) &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_TRUE(jobs["items"].empty()) << jobs.dump();
  ASSERT_EQ(jobs["law"]["excluded"].size(), 1u) << jobs.dump();
  const auto& excluded = jobs["law"]["excluded"][0];
  EXPECT_EQ(excluded["id"], opening_id);
  EXPECT_EQ(excluded["code"], "certificate");
  EXPECT_NE(excluded["reason"].get<std::string>().find("缺少证书：熔化焊接与热切割作业"),
            std::string::npos);
  ASSERT_EQ(courses["items"].size(), 1u) << courses.dump();
  EXPECT_EQ(courses["items"][0]["unlocks"], nlohmann::json::array({opening_id}));
  const auto& learn = courses["items"][0]["explanation"]["missing_skills"][0];
  EXPECT_EQ(learn["skill"], "welding_certificate");
  EXPECT_EQ(learn["certificate"], true);

  // With the certificate the job is recommended, and the explanation says so.
  EXPECT_EQ(server_.Get(MemberPath(household_) + "?kind=openings", counsellor_)
                .Json()["items"][0]["explanation"]["matched_skills"][1]["certificate"],
            true);
}

TEST_F(HouseholdsApiTest, CoursesAndAidProductsAreKeptByCounsellorsAndReadByAll) {
  nlohmann::json course = {{"title", "叉车司机培训班"},
                           {"provider", "苏州职业培训学校"},
                           {"skills_taught", {{{"skill", "叉车"}, {"level", 2}}}},
                           {"region", "320505"},
                           {"starts_on", "2099-01-10"},
                           {"ends_on", "2099-02-10"},
                           {"hours", 80},
                           {"seats", 20},
                           {"fee", 0},
                           {"mode", "offline"}};
  EXPECT_EQ(server_.Post("/v1/courses", course, board_).status, 403);
  auto created = server_.Post("/v1/courses", course, counsellor_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/v1/courses/" + std::to_string(created.Json()["id"].get<int64_t>());
  EXPECT_EQ(server_.Get(path, board_).Json()["skills_taught"][0]["skill"], "forklift");
  course["seats"] = 0;
  EXPECT_EQ(server_.Request("PUT", path, counsellor_, course.dump()).Json()["seats"], 0);
  course["ends_on"] = "2098-01-01";
  auto bad = server_.Request("PUT", path, counsellor_, course.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["field"], "ends_on");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  int total = 0;
  while (total == 0 && std::chrono::steady_clock::now() < deadline) {
    total =
        server_.Get("/v1/courses?skill=forklift&free=true&region=320500", own_key_).Json()["total"];
  }
  EXPECT_EQ(total, 1);
  EXPECT_EQ(server_.Request("DELETE", path, counsellor_).status, 204);
  EXPECT_EQ(server_.Get(path, counsellor_).status, 404);

  nlohmann::json aid = {{"kind", "interest_free_loan"}, {"title", "困难职工创业无息借款"},
                        {"provider", "苏州市总工会"},   {"region", "320500"},
                        {"max_amount", 50000},          {"requires", {"business_plan"}},
                        {"opens_on", "2026-01-01"},     {"closes_on", "2099-12-31"}};
  auto a = server_.Post("/v1/aid-products", aid, counsellor_);
  ASSERT_EQ(a.status, 201) << a.body;
  aid["kind"] = "gift";
  EXPECT_EQ(server_.Post("/v1/aid-products", aid, counsellor_).Json()["error"]["field"], "kind");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  total = 0;
  while (total == 0 && std::chrono::steady_clock::now() < until) {
    total = server_.Get("/v1/aid-products?region=320505&kind=interest_free_loan", counsellor_)
                .Json()["total"];
  }
  EXPECT_EQ(total, 1);  // a city's product covers its counties
  EXPECT_EQ(server_.Get("/v1/aid-products?region=110105", counsellor_).Json()["total"], 0);
}

}  // namespace
}  // namespace jobmatch::testing
