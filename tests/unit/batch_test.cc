// The batch end to end in-process, over the project's fixtures: determinism,
// capacity on real data, and that a failed run never replaces good plans.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "test_env.h"

namespace jobmatch {
namespace {

class BatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    AppConfig config = testing::TestConfig(dir_->path());
    config.index_dir = JOBMATCH_SOURCE_DIR "/index";
    clock_ = new FixedClock(testing::TestNow());
    app_ = App::Open(config, *clock_)->release();
    const std::string fixtures = JOBMATCH_SOURCE_DIR "/fixtures/";
    std::ifstream openings(fixtures + "openings.jsonl");
    std::map<std::string, std::vector<nlohmann::json>> by_board;
    for (std::string line; std::getline(openings, line);) {
      auto j = nlohmann::json::parse(line);
      by_board[j.at("board")].push_back(j);
    }
    for (const auto& [board, items] : by_board) ASSERT_TRUE(app_->PostOpenings(board, items));
    std::vector<std::string> warnings;
    std::ifstream courses(fixtures + "courses.jsonl");
    for (std::string line; std::getline(courses, line);) {
      ASSERT_TRUE(app_->PutCourse(std::nullopt, nlohmann::json::parse(line), warnings));
    }
    std::ifstream aid(fixtures + "aid_products.jsonl");
    for (std::string line; std::getline(aid, line);) {
      ASSERT_TRUE(app_->PutAidProduct(std::nullopt, nlohmann::json::parse(line)));
    }
    std::ifstream households(fixtures + "households.jsonl");
    for (std::string line; std::getline(households, line);) {
      ASSERT_TRUE(
          app_->CreateHousehold(nlohmann::json::parse(line), warnings, SystemPrincipal("test")));
    }
    ASSERT_TRUE(app_->StartIndexing());
    app_->Stop();
  }
  static void TearDownTestSuite() {
    delete app_;
    delete clock_;
    delete dir_;
  }

  static int64_t Run(const std::string& as_of) {
    BatchOptions options;
    options.as_of = as_of;
    auto id = app_->RunBatch(options, nullptr);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }

  // Every plan of a run, without the ids that differ between runs.
  static std::vector<nlohmann::json> Plans(int64_t batch_id) {
    std::vector<nlohmann::json> out;
    for (int64_t h = 1; h <= 241; ++h) {
      auto plan = app_->GetPlan(h, SystemPrincipal("test"));
      if (!plan) continue;
      nlohmann::json p = *plan;
      EXPECT_EQ(p["batch_id"], batch_id);
      p.erase("batch_id");
      for (auto& m : p["members"]) {
        for (const char* list : {"jobs", "courses", "aid"}) {
          for (auto& item : m[list]) item.erase("recommendation_id");
        }
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  static testing::TempDir* dir_;
  static FixedClock* clock_;
  static App* app_;
};

testing::TempDir* BatchTest::dir_ = nullptr;
FixedClock* BatchTest::clock_ = nullptr;
App* BatchTest::app_ = nullptr;

TEST_F(BatchTest, SameDataAndAsOfGiveTheSamePlans) {
  const int64_t first = Run("2026-11-29");
  const auto a = Plans(first);
  const int64_t second = Run("2026-11-29");
  const auto b = Plans(second);
  ASSERT_GT(a.size(), 100u);
  EXPECT_EQ(a, b);
}

TEST_F(BatchTest, NoOpeningIsRecommendedPastPositionsTimesK) {
  const int64_t id = Run("2026-11-29");
  std::map<int64_t, int> load;
  for (const auto& plan : Plans(id)) {
    for (const auto& m : plan["members"]) {
      for (const auto& job : m["jobs"]) ++load[job["id"].get<int64_t>()];
    }
  }
  ASSERT_FALSE(load.empty());
  for (const auto& [opening, n] : load) {
    auto doc = app_->GetOpening(opening);
    ASSERT_TRUE(doc);
    EXPECT_LE(n, 3 * (*doc)["positions"].get<int>()) << "opening " << opening;
  }
  auto batch = app_->GetBatch(id);
  ASSERT_TRUE(batch);
  EXPECT_EQ((*batch)["status"], "succeeded");
  EXPECT_EQ((*batch)["progress"]["done"], (*batch)["progress"]["total"]);
  // Zero-employment households left without a job say why.
  const auto& s = (*batch)["summary"];
  EXPECT_EQ(s["zero_employment_households"].get<int>() - s["zero_employment_with_job"].get<int>(),
            s["needs_attention"].get<int>());
}

TEST_F(BatchTest, ARegionalRunKeepsOtherRegionsPlans) {
  Run("2026-11-29");
  int64_t planned = 1;  // the first household with a plan (not in 北京)
  auto before = app_->GetPlan(planned, SystemPrincipal("test"));
  while (!before || (*before)["archive_no"].get<std::string>().rfind("BJ", 0) == 0) {
    ASSERT_LT(++planned, 242);
    before = app_->GetPlan(planned, SystemPrincipal("test"));
  }
  BatchOptions elsewhere;
  elsewhere.as_of = "2026-11-29";
  elsewhere.region = "110105";  // 北京市朝阳区
  auto regional = app_->RunBatch(elsewhere, nullptr);
  ASSERT_TRUE(regional) << regional.error().message;
  auto after = app_->GetPlan(planned, SystemPrincipal("test"));
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)["batch_id"], (*before)["batch_id"]);
}

// Guards against: statistics counted the plans of the last run only, so a
// regional run elsewhere made a region's figures drop to zero.
TEST_F(BatchTest, ARegionalRunElsewhereLeavesARegionsStatisticsAsTheyWere) {
  Run("2026-11-29");
  auto before = app_->Stats("320000", SystemPrincipal("test"));  // 江苏省
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_GT((*before)["households"].get<int>(), 0);
  BatchOptions elsewhere;
  elsewhere.as_of = "2026-11-29";
  elsewhere.region = "110105";  // 北京市朝阳区
  ASSERT_TRUE(app_->RunBatch(elsewhere, nullptr));
  auto after = app_->Stats("320000", SystemPrincipal("test"));
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, *before);
  auto everywhere = app_->Stats("", SystemPrincipal("test"));
  ASSERT_TRUE(everywhere);
  EXPECT_GT((*everywhere)["households"].get<int>(), (*after)["households"].get<int>());
}

// Guards against: batch runs never pruned (28 GB after ~90 runs at 1M).
TEST_F(BatchTest, PruningKeepsTheNewestRunsAndWhatOutcomesAndPlansStillNeed) {
  // `with_outcome` keeps only its outcome; `whole` holds most households'
  // latest plans; of the two regional runs the first is superseded.
  const int64_t with_outcome = Run("2026-11-29");
  int64_t household = 1;
  auto plan = app_->GetPlan(household, SystemPrincipal("test"));
  while (!plan || (*plan)["archive_no"].get<std::string>().rfind("BJ", 0) == 0 ||
         (*plan)["members"][0]["jobs"].empty()) {
    ASSERT_LT(++household, 242);
    plan = app_->GetPlan(household, SystemPrincipal("test"));
  }
  const int64_t rec = (*plan)["members"][0]["jobs"][0]["recommendation_id"];
  ASSERT_TRUE(app_->RecordOutcome(rec, {{"status", "applied"}}, SystemPrincipal("test")));
  const int64_t whole = Run("2026-11-29");
  BatchOptions regional;
  regional.as_of = "2026-11-29";
  regional.region = "110105";
  const int64_t superseded = *app_->RunBatch(regional, nullptr);
  const int64_t newest = *app_->RunBatch(regional, nullptr);

  auto pruned = app_->PruneBatches(1);
  ASSERT_TRUE(pruned) << pruned.error().message;
  auto deleted = [&](int64_t id) {
    return std::find(pruned->begin(), pruned->end(), id) != pruned->end();
  };
  EXPECT_TRUE(deleted(superseded));
  EXPECT_FALSE(deleted(with_outcome));
  EXPECT_FALSE(deleted(whole));
  EXPECT_FALSE(deleted(newest));
  EXPECT_FALSE(app_->GetBatch(superseded));
  EXPECT_TRUE(app_->GetBatch(with_outcome));
  EXPECT_EQ((*app_->GetPlan(household, SystemPrincipal("test")))["batch_id"], whole);
  // Nothing is left to prune.
  EXPECT_TRUE(app_->PruneBatches(1)->empty());
}

}  // namespace
}  // namespace jobmatch
