// The whole flow over real HTTP: boards post, a counsellor files households,
// the batch runs, the plan is read, a hire is recorded, and the statistics
// show the household out of zero employment.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "../support/builders.h"
#include "server_process.h"

namespace jobmatch::testing {
namespace {

nlohmann::json Welder(const std::string& archive_no, int seq, bool dibao) {
  return {{"archive_no", archive_no},
          {"region", "320505"},
          {"dibao", dibao},
          {"counsellor", "王秀英"},
          {"members",
           {{{"name", "焊工" + std::to_string(seq)},
             {"id_number", MakeIdNumber("320505", "1985-03-01", true, seq)},
             {"work_ability", "full"},
             {"employment", "unemployed"},
             {"skills",
              {{{"skill", "焊条电弧焊"}, {"level", 3}, {"certified", true}},
               {{"skill", "焊工证"}, {"level", 1}}}}}}}};
}

class BatchFlowTest : public ::testing::Test {
 protected:
  nlohmann::json WaitForBatch(int64_t id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      auto b = server_.Get("/v1/batches/" + std::to_string(id), counsellor_).Json();
      if (b["status"] == "succeeded" || b["status"] == "failed") return b;
      if (std::chrono::steady_clock::now() > deadline) return b;
    }
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string counsellor_ = server_.CreateKey("counsellor", "");
  std::string board_ = server_.CreateKey("board", "苏州人才网");
};

TEST_F(BatchFlowTest, BoardsPostCounsellorFilesBatchPlansHireAndStats) {
  // One welding job with one position: k = 3 lets three members have it.
  nlohmann::json opening = {{"external_id", "F-1"},
                            {"title", "招聘电焊工"},
                            {"employer", "苏州精工"},
                            {"occupation", "焊工"},
                            {"skills", {{{"skill", "焊条电弧焊"}, {"level", 3}}}},
                            {"region", "320505"},
                            {"positions", 1},
                            {"wage_min", 7000},
                            {"wage_max", 9000},
                            {"apply", {{"contact", "王女士"}, {"phone", "0512-6588 1234"}}}};
  ASSERT_EQ(server_.Post("/v1/openings", opening, board_).status, 201);
  std::vector<nlohmann::json> households;
  for (int i = 1; i <= 5; ++i) {
    auto r =
        server_.Post("/v1/households", Welder("FLOW-" + std::to_string(i), i, i == 5), counsellor_);
    ASSERT_EQ(r.status, 201) << r.body;
    households.push_back(r.Json());
  }
  EXPECT_EQ(server_.Post("/v1/batches", nlohmann::json::object(), board_).status, 403);
  auto started = server_.Request("POST", "/v1/batches", counsellor_, "");
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t batch = started.Json()["id"];
  auto done = WaitForBatch(batch);
  ASSERT_EQ(done["status"], "succeeded") << done.dump();
  EXPECT_EQ(done["progress"]["done"], 5);
  EXPECT_EQ(done["summary"]["zero_employment_households"], 5);
  EXPECT_EQ(done["summary"]["zero_employment_with_job"], 3);  // the cap: 1 position × 3
  EXPECT_EQ(done["summary"]["needs_attention"], 2);
  for (const char* phase : {"select", "match", "allocate", "explain", "plan", "write"}) {
    EXPECT_TRUE(done["summary"]["timings_ms"][phase].is_number_integer()) << phase;
  }
  EXPECT_EQ(server_.Get("/v1/batches", counsellor_).Json()["total"], 1);

  // Plans: three households got the job, two are flagged with the reason.
  int with_job = 0, flagged = 0;
  int64_t recommendation = 0;
  nlohmann::json hired_household;
  for (const auto& h : households) {
    const std::string path = "/v1/households/" + std::to_string(h["id"].get<int64_t>()) + "/plan";
    auto plan = server_.Get(path, counsellor_);
    ASSERT_EQ(plan.status, 200) << plan.body;
    auto p = plan.Json();
    EXPECT_EQ(p["batch_id"], batch);
    EXPECT_EQ(p["counsellor"], "王秀英");
    const auto& jobs = p["members"][0]["jobs"];
    if (!jobs.empty()) {
      ++with_job;
      EXPECT_EQ(jobs[0]["title"], "招聘电焊工");
      EXPECT_TRUE(jobs[0]["explanation"]["reasons"].is_array());
      if (recommendation == 0) {
        recommendation = jobs[0]["recommendation_id"];
        hired_household = h;
      }
    } else {
      ++flagged;
      EXPECT_EQ(p["needs_attention"]["reason"], "all_at_capacity");
    }
  }
  EXPECT_EQ(with_job, 3);
  EXPECT_EQ(flagged, 2);
  // All five are zero-employment (one tier), served by score: the 低保
  // household's boost puts it among the three that got the job.
  auto dibao_plan =
      server_
          .Get("/v1/households/" + std::to_string(households[4]["id"].get<int64_t>()) + "/plan",
               counsellor_)
          .Json();
  EXPECT_FALSE(dibao_plan["members"][0]["jobs"].empty());

  // A household key reads its own plan only; boards none.
  const std::string own =
      server_.CreateKey("household", std::to_string(hired_household["id"].get<int64_t>()));
  const std::string own_path =
      "/v1/households/" + std::to_string(hired_household["id"].get<int64_t>()) + "/plan";
  EXPECT_EQ(server_.Get(own_path, own).status, 200);
  for (const auto& other : households) {
    if (other["id"] == hired_household["id"]) continue;
    EXPECT_EQ(
        server_.Get("/v1/households/" + std::to_string(other["id"].get<int64_t>()) + "/plan", own)
            .status,
        403);
  }
  EXPECT_EQ(server_.Get(own_path, board_).status, 403);

  // CSV export: BOM, header, masked ID numbers.
  auto csv = server_.Get("/v1/batches/" + std::to_string(batch) + "/plans.csv", counsellor_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"].rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF"
                           "archive_no,member,id_number,track,kind,title,score,reasons,apply",
                           0),
            0u);
  EXPECT_NE(csv.body.find("320505********"), std::string::npos);
  EXPECT_NE(csv.body.find("电话 0512-6588 1234"), std::string::npos);  // how to apply
  EXPECT_EQ(csv.body.find(MakeIdNumber("320505", "1985-03-01", true, 1)), std::string::npos);

  // Outcomes: a follow-up before a hire is refused; the hire ends zero employment.
  const std::string outcome = "/v1/recommendations/" + std::to_string(recommendation) + "/outcome";
  EXPECT_EQ(server_.Post(outcome, {{"status", "retained_1m"}}, counsellor_).status, 409);
  EXPECT_EQ(server_.Post(outcome, {{"status", "granted"}}, counsellor_).status, 422);
  EXPECT_EQ(server_.Post(outcome, {{"status", "promoted"}}, counsellor_).status, 422);
  EXPECT_EQ(server_.Post(outcome, {{"status", "hired"}}, own).status, 403);
  auto hired = server_.Post(outcome, {{"status", "hired"}, {"note", "已签劳动合同"}}, counsellor_);
  ASSERT_EQ(hired.status, 200) << hired.body;
  EXPECT_FALSE(hired.Json()["zero_employment"]);
  auto household =
      server_
          .Get("/v1/households/" + std::to_string(hired_household["id"].get<int64_t>()),
               counsellor_)
          .Json();
  EXPECT_EQ(household["members"][0]["employment"], "employed");
  EXPECT_FALSE(household["zero_employment"]);
  auto plan = server_.Get(own_path, counsellor_).Json();
  EXPECT_EQ(plan["members"][0]["jobs"][0]["status"], "hired");
  // The hire fills the one position: the opening leaves search and the feed.
  const nlohmann::json filled =
      server_.Get("/v1/openings/" + plan["members"][0]["jobs"][0]["id"].dump(), board_).Json();
  EXPECT_EQ(filled["status"], "filled");
  EXPECT_EQ(filled["positions_filled"], 1);
  for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);;) {
    if (server_.Get("/v1/openings?q=" + Encode("电焊工"), board_).Json()["total"] == 0) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "still searchable after 1 s";
  }
  const nlohmann::json feed = server_.Get("/v1/openings/feed", counsellor_).Json();
  ASSERT_EQ(feed["items"].size(), 1u);
  EXPECT_EQ(feed["items"][0]["change"], "delete");
  const nlohmann::json board_stats = server_.Get("/v1/boards/me/stats", board_).Json();
  EXPECT_EQ(board_stats["filled"], 1);
  EXPECT_EQ(board_stats["live"], 0);
  EXPECT_EQ(board_stats["recommended"], 3);
  EXPECT_EQ(board_stats["hires"], 1);
  ASSERT_EQ(plan["members"][0]["follow_ups"].size(), 1u);
  EXPECT_EQ(plan["members"][0]["follow_ups"][0]["follow_up"], "retained_1m");

  auto stats = server_.Get("/v1/stats?region=" + Encode("苏州市"), counsellor_);
  ASSERT_EQ(stats.status, 200) << stats.body;
  auto s = stats.Json();
  EXPECT_EQ(s["households"], 5);
  EXPECT_EQ(s["zero_employment_households"], 5);
  EXPECT_EQ(s["zero_employment_resolved"], 1);
  EXPECT_EQ(s["dibao_households"], 1);
  EXPECT_EQ(s["members_placed"], 1);
  EXPECT_EQ(s["needs_attention"], 2);
  EXPECT_EQ(server_.Get("/v1/stats?region=110000", counsellor_).Json()["households"], 0);
  EXPECT_EQ(server_.Get("/v1/stats", board_).status, 403);

  // The hire used the position: a new run leaves less room for the others.
  auto again = server_.Request("POST", "/v1/batches", counsellor_, R"({"as_of": "2026-11-29"})");
  ASSERT_EQ(again.status, 202) << again.body;
  auto second = WaitForBatch(again.Json()["id"]);
  ASSERT_EQ(second["status"], "succeeded");
  EXPECT_EQ(second["summary"]["recommendations"]["jobs"], 0);  // 1 position, filled
}

// Three households reach only X (one position, so three recommendations);
// three others reach X and Y and score higher on X. Serving the strong
// first would give them X and leave the weak three with nothing; X for the
// weak and Y for the strong serves all six.
TEST_F(BatchFlowTest, TheFirstPassServesEveryHouseholdTheOpeningsAllow) {
  auto post = [&](const char* id, const char* region) {
    nlohmann::json o = {{"external_id", id},
                        {"title", std::string("招聘电焊工 ") + id},
                        {"employer", "苏州精工"},
                        {"occupation", "焊工"},
                        {"skills", {{{"skill", "焊条电弧焊"}, {"level", 3}}}},
                        {"region", region},
                        {"positions", 1},
                        {"wage_min", 7000},
                        {"wage_max", 9000}};
    auto r = server_.Post("/v1/openings", o, board_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"].get<int64_t>();
  };
  const int64_t x = post("X", "320505"), y = post("Y", "320506");
  std::vector<int64_t> weak, strong;
  for (int i = 1; i <= 6; ++i) {
    nlohmann::json h = Welder("OPT-" + std::to_string(i), i, false);
    auto& m = h["members"][0];
    if (i <= 3) {  // weak: a beginner who works in the county only
      m["reach"] = "county";
      m["skills"][0]["level"] = 1;
    } else {  // strong: the whole city, and X in the home county scores higher
      m["reach"] = "city";
    }
    auto r = server_.Post("/v1/households", h, counsellor_);
    ASSERT_EQ(r.status, 201) << r.body;
    (i <= 3 ? weak : strong).push_back(r.Json()["id"]);
  }
  auto started = server_.Request("POST", "/v1/batches", counsellor_, "");
  ASSERT_EQ(started.status, 202) << started.body;
  auto done = WaitForBatch(started.Json()["id"]);
  ASSERT_EQ(done["status"], "succeeded") << done.dump();
  EXPECT_EQ(done["summary"]["zero_employment_with_job"], 6);
  EXPECT_EQ(done["summary"]["needs_attention"], 0);
  auto jobs_of = [&](int64_t household) {
    auto plan = server_.Get("/v1/households/" + std::to_string(household) + "/plan", counsellor_);
    EXPECT_EQ(plan.status, 200) << plan.body;
    const nlohmann::json p = plan.Json();
    std::vector<int64_t> ids;
    for (const auto& j : p["members"][0]["jobs"]) ids.push_back(j["id"]);
    return ids;
  };
  for (int64_t h : weak) EXPECT_EQ(jobs_of(h), std::vector<int64_t>{x}) << "household " << h;
  for (int64_t h : strong) EXPECT_EQ(jobs_of(h), std::vector<int64_t>{y}) << "household " << h;
}

// What a member completes changes what the member can do next: the startup
// path from training to a business of one's own, and the course path from a
// course to the opening it unlocked.
TEST_F(BatchFlowTest, OutcomesMoveAMemberAlongTheStartupAndTheCoursePaths) {
  auto post = [&](const std::string& path, const nlohmann::json& body, const std::string& key) {
    auto r = server_.Post(path, body, key);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.Json()["id"].get<int64_t>();
  };
  const nlohmann::json aid = {{"provider", "苏州市总工会"},
                              {"region", "320500"},
                              {"opens_on", "2026-01-01"},
                              {"closes_on", "2099-12-31"}};
  nlohmann::json training = aid, loan = aid;
  training.update({{"kind", "startup_training"}, {"title", "SYB创业培训"}, {"max_amount", 0}});
  loan.update({{"kind", "interest_free_loan"},
               {"title", "困难职工创业无息借款"},
               {"max_amount", 50000},
               {"requires", {"startup_training_completed"}}});
  post("/v1/aid-products", training, counsellor_);
  const int64_t loan_id = post("/v1/aid-products", loan, counsellor_);
  const int64_t course_id = post("/v1/courses",
                                 {{"title", "叉车司机（N1）上岗培训班"},
                                  {"provider", "苏州市职业培训学校"},
                                  {"skills_taught", {{{"skill", "叉车"}, {"level", 2}}}},
                                  {"region", "320505"},
                                  {"starts_on", InDays(7)},
                                  {"ends_on", InDays(27)},
                                  {"hours", 80},
                                  {"seats", 20},
                                  {"fee", 0},
                                  {"certificate", 2},
                                  {"mode", "offline"}},
                                 counsellor_);
  const int64_t forklift = post("/v1/openings",
                                {{"external_id", "FK-1"},
                                 {"title", "仓库叉车司机"},
                                 {"employer", "虎丘仓储"},
                                 {"occupation", "叉车司机"},
                                 {"skills", {{{"skill", "叉车"}, {"level", 2}}}},
                                 {"region", "320505"},
                                 {"positions", 2},
                                 {"wage_min", 6000},
                                 {"wage_max", 8000}},
                                board_);
  nlohmann::json founder = Welder("PATH-1", 1, false);
  founder["members"][0].update(
      {{"wants_startup", true}, {"business_plan", "在社区开一家焊接加工小店，做防盗窗和铁艺。"}});
  nlohmann::json learner = Welder("PATH-2", 2, false);
  learner["members"][0]["desired_occupations"] = {"叉车司机"};
  learner["members"][0]["skills"] = {{{"skill", "仓储管理"}, {"level", 2}}};
  const int64_t a = post("/v1/households", founder, counsellor_);
  const int64_t b = post("/v1/households", learner, counsellor_);
  auto started = server_.Request("POST", "/v1/batches", counsellor_, "");
  ASSERT_EQ(started.status, 202) << started.body;
  ASSERT_EQ(WaitForBatch(started.Json()["id"])["status"], "succeeded");
  auto plan_of = [&](int64_t h) {
    return server_.Get("/v1/households/" + std::to_string(h) + "/plan", counsellor_).Json();
  };
  auto outcome = [&](int64_t rec, const nlohmann::json& body) {
    auto r =
        server_.Post("/v1/recommendations/" + std::to_string(rec) + "/outcome", body, counsellor_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  };
  auto member_of = [&](int64_t h) {
    return server_.Get("/v1/households/" + std::to_string(h), counsellor_).Json()["members"][0];
  };
  // What the plan says is due next for the member, and whether the
  // dashboard's list says the same.
  auto due_next = [&](int64_t h) {
    std::vector<std::string> steps, listed;
    const nlohmann::json plan = plan_of(h),
                         list = server_.Get("/v1/follow-ups", counsellor_).Json();
    for (const auto& f : plan["members"][0]["follow_ups"]) {
      steps.push_back(f["follow_up"].get<std::string>() + " " + f["due_on"].get<std::string>());
    }
    for (const auto& f : list["items"]) {
      if (f["household_id"] != h) continue;
      listed.push_back(f["follow_up"].get<std::string>() + " " + f["due_on"].get<std::string>());
    }
    EXPECT_EQ(steps, listed);
    return steps;
  };

  // The startup path: training completed → the loan is open → granted → a business.
  const nlohmann::json plan_a = plan_of(a);
  const int64_t member_a = plan_a["members"][0]["member_id"];
  int64_t training_rec = 0, loan_rec = 0;
  for (const auto& item : plan_a["members"][0]["aid"]) {
    (item["id"] == loan_id ? loan_rec : training_rec) = item["recommendation_id"];
  }
  ASSERT_NE(training_rec, 0) << plan_a.dump();
  ASSERT_NE(loan_rec, 0) << plan_a.dump();
  const std::string aid_matches = "/v1/members/" + std::to_string(member_a) + "/matches?kind=aid";
  auto loan_item = [&] {
    const nlohmann::json items = server_.Get(aid_matches, counsellor_).Json()["items"];
    for (const auto& item : items) {
      if (item["id"] == loan_id) return item;
    }
    return nlohmann::json();
  };
  EXPECT_EQ(loan_item()["eligible"], false);
  outcome(training_rec, {{"status", "completed"}});
  EXPECT_EQ(member_of(a)["startup_training_completed_on"], InDays(0));
  const nlohmann::json open_loan = loan_item();
  EXPECT_EQ(open_loan["eligible"], true) << open_loan.dump();
  EXPECT_NE(open_loan["explanation"]["reasons"].dump().find("完成创业培训"), std::string::npos);
  EXPECT_EQ(server_.Get(aid_matches, counsellor_).Json()["items"].size(), 1u)
      << "the training is behind the member";
  EXPECT_EQ(due_next(a), std::vector<std::string>{"apply_for_aid " + InDays(14)});
  outcome(loan_rec, {{"status", "granted"}, {"amount", 30000}});
  EXPECT_EQ(due_next(a), std::vector<std::string>{"started_business " + InDays(30)});
  EXPECT_EQ(member_of(a)["aid_granted"],
            nlohmann::json::array(
                {{{"aid_product_id", loan_id}, {"amount", 30000}, {"granted_on", InDays(0)}}}));
  const nlohmann::json business = outcome(loan_rec, {{"status", "started_business"}});
  EXPECT_EQ(business["zero_employment"], false);
  EXPECT_EQ(member_of(a)["employment"], "self_employed");
  EXPECT_EQ(due_next(a), std::vector<std::string>{}) << "the goal is met";
  const nlohmann::json stats = server_.Get("/v1/stats", counsellor_).Json();
  EXPECT_EQ(stats["startups"], 1);
  EXPECT_EQ(stats["aid_granted"], 1);

  // The member's timeline tells it in order (一人一档).
  auto timeline = [&](int64_t member) {
    const nlohmann::json t =
        server_.Get("/v1/members/" + std::to_string(member) + "/timeline", counsellor_).Json();
    EXPECT_EQ(t["member_id"], member);
    std::vector<std::string> kinds;
    for (const auto& item : t["items"]) {
      kinds.push_back(item["kind"].get<std::string>() +
                      (item.contains("status") ? " " + item["status"].get<std::string>() : ""));
    }
    return kinds;
  };
  std::vector<std::string> kinds_a = timeline(member_a);
  ASSERT_FALSE(kinds_a.empty());
  EXPECT_EQ(kinds_a.front(), "recommended");
  std::erase(kinds_a, "recommended");  // one per item of the plan
  const std::vector<std::string> expected_a = {"outcome completed", "outcome granted",
                                               "aid_granted", "outcome started_business",
                                               "employment_changed"};
  EXPECT_EQ(kinds_a, expected_a);
  for (const char* key : {"board", "household"}) {
    const std::string k =
        std::string(key) == "board" ? board_ : server_.CreateKey("household", std::to_string(a));
    EXPECT_EQ(server_.Get("/v1/members/" + std::to_string(member_a) + "/timeline", k).status, 403)
        << key;
  }

  // The course path: the course completed → its skill → the opening without the gap.
  const nlohmann::json plan_b = plan_of(b);
  ASSERT_FALSE(plan_b["members"][0]["courses"].empty()) << plan_b.dump();
  const auto& course_rec = plan_b["members"][0]["courses"][0];
  EXPECT_EQ(course_rec["id"], course_id);
  const std::string job_matches =
      "/v1/members/" + plan_b["members"][0]["member_id"].dump() + "/matches?kind=openings";
  auto forklift_missing = [&] {
    const nlohmann::json items = server_.Get(job_matches, counsellor_).Json()["items"];
    for (const auto& item : items) {
      if (item["id"] == forklift) return item["explanation"]["missing_skills"].dump();
    }
    return std::string("not matched");
  };
  EXPECT_NE(forklift_missing().find("forklift"), std::string::npos);
  outcome(course_rec["recommendation_id"], {{"status", "enrolled"}});
  EXPECT_EQ(due_next(b), std::vector<std::string>{"completed " + InDays(27)}) << "the course ends";
  outcome(course_rec["recommendation_id"], {{"status", "completed"}});
  EXPECT_EQ(due_next(b), std::vector<std::string>{"apply_unlocked " + InDays(14)});
  nlohmann::json gained;
  const nlohmann::json skills = member_of(b)["skills"];
  for (const auto& s : skills) {
    if (s["skill"] == "forklift") gained = s;
  }
  EXPECT_EQ(gained["level"], 2) << member_of(b).dump();
  EXPECT_EQ(gained["certified"], true);
  EXPECT_EQ(gained["source"],
            nlohmann::json({{"course_id", course_id}, {"completed_on", InDays(0)}}));
  EXPECT_EQ(forklift_missing(), "[]");
  const std::vector<std::string> tail = {"outcome enrolled", "outcome completed", "skill_gained"};
  const auto kinds_b = timeline(plan_b["members"][0]["member_id"].get<int64_t>());
  ASSERT_GE(kinds_b.size(), tail.size());
  EXPECT_EQ(std::vector<std::string>(kinds_b.end() - 3, kinds_b.end()), tail);

  // A counsellor's edit keeps what the outcomes recorded.
  auto full =
      server_.Get("/v1/households/" + std::to_string(b) + "?reveal=id_number", counsellor_).Json();
  auto put =
      server_.Request("PUT", "/v1/households/" + std::to_string(b), counsellor_, full.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["members"][0]["skills"].dump().find("course_id") != std::string::npos, true);
}

TEST_F(BatchFlowTest, TheSameJobOnTwoBoardsCountsOnceInTheCapacity) {
  nlohmann::json opening = {{"external_id", "DUP-1"},
                            {"title", "招聘电焊工"},
                            {"employer", "苏州精工机械有限公司"},
                            {"description", "钢结构件焊接，五险一金，包住宿。"},
                            {"occupation", "焊工"},
                            {"skills", {{{"skill", "焊条电弧焊"}, {"level", 3}}}},
                            {"region", "320505"},
                            {"positions", 1}};
  ASSERT_EQ(server_.Post("/v1/openings", opening, board_).status, 201);
  opening["title"] = "【急招】电焊工";
  opening["employer"] = "苏州精工机械股份有限公司";
  ASSERT_EQ(server_.Post("/v1/openings", opening, server_.CreateKey("board", "江苏招聘网")).status,
            201);
  std::vector<int64_t> households;
  for (int i = 1; i <= 5; ++i) {
    auto r =
        server_.Post("/v1/households", Welder("DUP-" + std::to_string(i), i, false), counsellor_);
    ASSERT_EQ(r.status, 201) << r.body;
    households.push_back(r.Json()["id"]);
  }
  auto started = server_.Request("POST", "/v1/batches", counsellor_, "");
  ASSERT_EQ(started.status, 202) << started.body;
  auto done = WaitForBatch(started.Json()["id"]);
  ASSERT_EQ(done["status"], "succeeded") << done.dump();
  // One position, however many boards carry it: three members (k = 3), not six.
  EXPECT_EQ(done["summary"]["zero_employment_with_job"], 3);
  for (int64_t h : households) {
    const nlohmann::json plan =
        server_.Get("/v1/households/" + std::to_string(h) + "/plan", counsellor_).Json();
    EXPECT_LE(plan["members"][0]["jobs"].size(), 1u) << plan.dump();
  }
}

TEST_F(BatchFlowTest, ThreeDeclinesFlagAMemberForReview) {
  nlohmann::json opening = {{"external_id", "D-1"},
                            {"title", "招聘电焊工"},
                            {"employer", "苏州精工"},
                            {"occupation", "焊工"},
                            {"skills", {{{"skill", "焊条电弧焊"}, {"level", 3}}}},
                            {"region", "320505"},
                            {"positions", 5}};
  ASSERT_EQ(server_.Post("/v1/openings", opening, board_).status, 201);
  for (const char* id : {"D-2", "D-3"}) {
    opening["external_id"] = id;
    ASSERT_EQ(server_.Post("/v1/openings", opening, board_).status, 201);
  }
  auto h = server_.Post("/v1/households", Welder("DECLINE-1", 9, false), counsellor_).Json();
  auto started = server_.Request("POST", "/v1/batches", counsellor_, "{}");
  ASSERT_EQ(started.status, 202);
  ASSERT_EQ(WaitForBatch(started.Json()["id"])["status"], "succeeded");
  const std::string path = "/v1/households/" + std::to_string(h["id"].get<int64_t>()) + "/plan";
  auto jobs = server_.Get(path, counsellor_).Json()["members"][0]["jobs"];
  ASSERT_EQ(jobs.size(), 3u);
  nlohmann::json last;
  for (const auto& j : jobs) {
    last = server_
               .Post("/v1/recommendations/" +
                         std::to_string(j["recommendation_id"].get<int64_t>()) + "/outcome",
                     {{"status", "declined"}, {"note", "路远"}}, counsellor_)
               .Json();
  }
  EXPECT_EQ(last["declines"], 3);
  EXPECT_TRUE(last["review"]);
  EXPECT_TRUE(server_.Get(path, counsellor_).Json()["members"][0]["review"]);
}

}  // namespace
}  // namespace jobmatch::testing
