// The search layer in-process: Chinese n-grams, synonyms, filters, facets,
// sorting, and the index's recovery from the change log.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "service/app.h"
#include "test_env.h"

namespace jobmatch {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestIndexDir(dir_.path());
    config_ = testing::TestConfig(dir_.path());
    Open();
  }
  void Open() {
    auto app = App::Open(config_, clock_);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
  }
  void Post(std::vector<nlohmann::json> items, bool index = true) {
    auto r = app_->PostOpenings("A", items);
    ASSERT_TRUE(r);
    for (const auto& item : *r) ASSERT_TRUE(item) << item.error().message;
    if (index) {
      ASSERT_TRUE(app_->StartIndexing());
    }
    app_->Stop();
  }
  nlohmann::json Opening(const std::string& id, nlohmann::json extra = {}) {
    nlohmann::json j = {{"external_id", id},      {"title", "招聘电焊工"},
                        {"employer", "某机械厂"}, {"occupation", "焊工"},
                        {"region", "320505"},     {"wage_min", 6000},
                        {"wage_max", 8000},       {"expires_at", "2027-06-30"}};
    for (auto& [k, v] : extra.items()) j[k] = v;
    return j;
  }
  int64_t Total(OpeningQuery q) {
    auto r = app_->SearchOpenings(q);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->total : -1;
  }
  // Closes the app, rebuilds the index from the store and reopens; returns
  // the openings indexed.
  int64_t Rebuild() {
    app_.reset();
    auto n = App::Reindex(config_, clock_);
    EXPECT_TRUE(n) << n.error().message;
    Open();
    EXPECT_TRUE(app_->StartIndexing());
    return n ? *n : -1;
  }
  static OpeningQuery Text(std::string t) {
    OpeningQuery q;
    q.text = std::move(t);
    return q;
  }

  testing::TempDir dir_;
  FixedClock clock_{testing::TestNow()};
  AppConfig config_;
  std::unique_ptr<App> app_;
};

TEST_F(SearchTest, CjkNgramsFindWordsInsideLongerWords) {
  Post({Opening("1", {{"title", "招聘电焊工，要求持有焊工证"}}),
        Opening("2", {{"title", "中餐厨师"}, {"occupation", "厨师"}})});
  EXPECT_EQ(Total(Text("电焊")), 1);
  EXPECT_EQ(Total(Text("焊工")), 1);
  EXPECT_EQ(Total(Text("焊工证")), 1);
  EXPECT_EQ(Total(Text("厨师")), 1);
  EXPECT_EQ(Total(Text("")), 2);
}

// Long fields (description, employer, skill names) hold Chinese bigrams only;
// titles and occupation names hold every character too (index/schema.json).
TEST_F(SearchTest, LongFieldsAreSearchedByBigrams) {
  Post({Opening("1", {{"title", "仓管员"},
                      {"occupation", "仓库管理员"},
                      {"description", "持C1驾照，熟悉叉车，会用扫码枪"}})});
  EXPECT_EQ(Total(Text("叉车")), 1);    // description bigram
  EXPECT_EQ(Total(Text("C1驾照")), 1);  // a mixed word: c1 and 驾照
  EXPECT_EQ(Total(Text("扫码枪")), 1);
  EXPECT_EQ(Total(Text("仓")), 1);  // a character of the title
  EXPECT_EQ(Total(Text("驾")), 0);  // a character of the description only
  EXPECT_EQ(Total(Text("驾照 仓管")), 1);
  // An expression is parsed as written, and still finds description words.
  EXPECT_EQ(Total(Text("(叉车 OR 焊工) 扫码")), 1);
  EXPECT_EQ(Total(Text("叉车 NOT 扫码枪")), 0);
  EXPECT_EQ(Total(Text("焊工 OR 扫码枪")), 1);
  auto bad = app_->SearchOpenings(Text("NOT 扫码枪"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_query");
  EXPECT_EQ(bad.error().field, "q");
  EXPECT_EQ(Total(Text("(叉车 NOT 焊工)")), 1);
  EXPECT_EQ(Total(Text("\"仓管员\"")), 1);  // a phrase of the title
}

TEST_F(SearchTest, SynonymsFromTheTaxonomyAndGroupsExpandQueries) {
  Post({Opening("1", {{"title", "商场保洁"}, {"occupation", "保洁员"}})});
  EXPECT_EQ(Total(Text("打扫卫生")), 1);  // synonyms.json group
  EXPECT_EQ(Total(Text("清洁工")), 1);    // occupation synonym
}

TEST_F(SearchTest, SynonymsThatAddNoMatchesLeaveTheMatchesAsTheyWere) {
  // 焊工's synonyms in the taxonomy include 电焊工 (电焊 AND 焊工), which
  // matches nothing 焊工 does not and is left out of the query, and 焊接工
  // (焊接 AND 接工), which does and stays.
  Post({Opening("1", {{"title", "招聘电焊工"}, {"occupation", "其他"}}),
        Opening("2", {{"title", "焊接工"}, {"occupation", "其他"}}),
        Opening("3", {{"title", "仓管员"}, {"occupation", "其他"}})});
  EXPECT_EQ(Total(Text("焊工")), 2);
  EXPECT_EQ(Total(Text("电焊工")), 2);  // through its synonym 焊工
}

TEST_F(SearchTest, OpeningSearchesNeverReturnCoursesOrAidProducts) {
  Post({Opening("1")});
  // The fixtures' first course and aid product, retitled to match the search.
  auto first = [](const char* file) {
    std::ifstream in(std::string(JOBMATCH_SOURCE_DIR "/fixtures/") + file);
    std::string line;
    std::getline(in, line);
    nlohmann::json j = nlohmann::json::parse(line);
    j["title"] = "电焊工培训";
    return j;
  };
  std::vector<std::string> warnings;
  ASSERT_TRUE(app_->PutCourse(std::nullopt, first("courses.jsonl"), warnings));
  ASSERT_TRUE(app_->PutAidProduct(std::nullopt, first("aid_products.jsonl")));
  ASSERT_TRUE(app_->StartIndexing());
  app_->Stop();
  EXPECT_EQ(Total(Text("电焊工")), 1);
  EXPECT_EQ(Total(Text("")), 1);
  CourseQuery courses;
  courses.text = "电焊工";
  auto c = app_->SearchCourses(courses);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->total, 1);  // the course is indexed, and found as a course
}

TEST_F(SearchTest, FiltersCombine) {
  Post({Opening("1"),
        Opening("2", {{"region", "440106"}, {"for_graduates", true}, {"education", "college"}}),
        Opening("3", {{"skills", {{{"skill", "叉车"}, {"level", 2}}}}, {"wage_max", 12000}})});
  OpeningQuery q;
  q.regions = {"320000"};
  EXPECT_EQ(Total(q), 2);
  q.skills = {"forklift"};
  EXPECT_EQ(Total(q), 1);
  OpeningQuery grads;
  grads.for_graduates = true;
  EXPECT_EQ(Total(grads), 1);
  OpeningQuery edu;
  edu.education = Education::kSenior;
  EXPECT_EQ(Total(edu), 2);
  OpeningQuery wage;
  wage.wage_min = 10000;
  EXPECT_EQ(Total(wage), 1);
}

TEST_F(SearchTest, ExpiredOpeningsAreStoredButNotFound) {
  Post(
      {Opening("1", {{"expires_at", "2026-11-28"}}), Opening("2", {{"expires_at", "2026-11-29"}})});
  EXPECT_EQ(Total(Text("")), 1);  // open through its last day
  EXPECT_EQ(*app_->CountOpenings(), 2);
}

TEST_F(SearchTest, FacetsCountEveryMatchNotJustThePage) {
  std::vector<nlohmann::json> items;
  for (int i = 0; i < 30; ++i) {
    items.push_back(
        Opening(std::to_string(i), {{"region", i % 3 == 0 ? "440106" : "320505"},
                                    {"skills", {{{"skill", "电焊"}}, {{"skill", "识图"}}}}}));
  }
  Post(items);
  OpeningQuery q;
  q.facet_region = q.facet_skill = q.facet_occupation = true;
  q.per_page = 5;
  auto r = app_->SearchOpenings(q);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->items.size(), 5u);
  EXPECT_EQ(r->total, 30);
  ASSERT_EQ(r->facets["region"].size(), 2u);
  EXPECT_EQ(r->facets["region"][0].value, "320000");
  EXPECT_EQ(r->facets["region"][0].count, 20);
  EXPECT_EQ(r->facets["region"][0].name, "江苏省");
  ASSERT_EQ(r->facets["skill"].size(), 2u);
  EXPECT_EQ(r->facets["skill"][0].count, 30);
  EXPECT_EQ(r->facets["occupation"][0].name, "焊工");
}

TEST_F(SearchTest, SortByWageAndPaginate) {
  Post({Opening("1", {{"wage_max", 7000}}), Opening("2", {{"wage_max", 9000}}),
        Opening("3", {{"wage_max", 8000}})});
  OpeningQuery q;
  q.sort = SortOrder::kWage;
  q.per_page = 2;
  auto p1 = app_->SearchOpenings(q);
  q.page = 2;
  auto p2 = app_->SearchOpenings(q);
  ASSERT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p1->items[0]["wage_max"], 9000);
  EXPECT_EQ(p1->items[1]["wage_max"], 8000);
  ASSERT_EQ(p2->items.size(), 1u);
  EXPECT_EQ(p2->items[0]["wage_max"], 7000);
}

// After a crash the index lacks changes the store has; start-up replays them.
TEST_F(SearchTest, StartupReplaysChangesTheIndexMissed) {
  Post({Opening("1")});
  Post({Opening("2"), Opening("3", {{"title", "叉车司机"}})},
       /*index=*/false);  // "crash" before indexing
  app_.reset();
  Open();
  auto applied = app_->StartIndexing();
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 2);
  EXPECT_EQ(Total(Text("")), 3);
  EXPECT_EQ(Total(Text("叉车")), 1);
  EXPECT_EQ(app_->IndexLastApplied(), *app_->StoreLastChange());
}

TEST_F(SearchTest, ReindexRebuildsFromTheStore) {
  Post({Opening("1"), Opening("2")});
  ASSERT_TRUE(app_->DeleteOpening(1));
  EXPECT_EQ(Rebuild(), 1);
  EXPECT_EQ(Total(Text("")), 1);
  EXPECT_EQ(app_->IndexDocuments(), 1);
}

// Documents are built on a second thread a chunk at a time while the previous
// chunk is written: every row of several chunks lands, live and on rebuild,
// and deletions and updates among them apply.
TEST_F(SearchTest, IndexingManyRowsAppliesEveryChange) {
  std::vector<nlohmann::json> items;
  for (int i = 1; i <= 700; ++i) items.push_back(Opening(std::to_string(i)));
  Post(items);
  EXPECT_EQ(app_->IndexDocuments(), 700);
  for (int64_t id : {1, 250, 251, 500, 699}) ASSERT_TRUE(app_->DeleteOpening(id));
  Post({Opening("613", {{"title", "叉车司机"}, {"occupation", "叉车司机"}})});
  EXPECT_EQ(Total(Text("")), 695);
  EXPECT_EQ(Total(Text("叉车")), 1);
  EXPECT_EQ(Total(Text("电焊")), 694);
  EXPECT_EQ(Rebuild(), 695);
  EXPECT_EQ(Total(Text("叉车")), 1);
  EXPECT_EQ(Total(Text("电焊")), 694);
}

// Regression: copying Xapian::Query::MatchAll from several threads raced on
// its reference count and crashed the server under 64 connections.
TEST_F(SearchTest, ConcurrentMatchAllSearchesAreSafe) {
  Post({Opening("1"), Opening("2")});
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) ok += Total(OpeningQuery{}) == 2;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8 * 300);
}

// The matcher remembers retrievals per index generation: a member matched
// again after new openings are indexed sees them.
TEST_F(SearchTest, MatchesSeeOpeningsIndexedSinceTheLastMatch) {
  Post({Opening("1")});
  std::vector<std::string> warnings;
  auto member = [](int n, nlohmann::json wishes) {
    return nlohmann::json{{"name", "测试成员"},
                          {"id_number", testing::MakeIdNumber("320505", "1985-05-01", true, n)},
                          {"birth_date", "1985-05-01"},
                          {"gender", "male"},
                          {"education", "junior"},
                          {"work_ability", "full"},
                          {"employment", "unemployed"},
                          {"desired_occupations", std::move(wishes)}};
  };
  // Two members with the same reach and education but different wishes: two
  // retrievals with one filter, whose documents the first lists and the
  // second reads from memory.
  auto filed =
      app_->CreateHousehold({{"archive_no", "CACHE-1"},
                             {"region", "320505"},
                             {"counsellor", "王老师"},
                             {"members", {member(1, {"焊工"}), member(2, {"焊工", "电工"})}}},
                            warnings, SystemPrincipal("test"));
  ASSERT_TRUE(filed) << filed.error().message;
  const int64_t first = filed->at("members")[0].at("id");
  const int64_t second = filed->at("members")[1].at("id");
  auto ids = [&](int64_t id) {
    std::set<int64_t> out;
    auto r = app_->Matches(id, MatchKind::kOpenings, 50);
    EXPECT_TRUE(r) << r.error().message;
    if (r) {
      for (const auto& item : r->at("items")) {
        out.insert(item.at("id").get<int64_t>());
        // Found by the retrieval, not by the padding that follows it.
        EXPECT_GT(item.at("explanation").at("components").at("text").get<double>(), 0) << id;
      }
    }
    return out;
  };
  auto expect = [&](std::set<int64_t> want) {
    EXPECT_EQ(ids(first), want);
    EXPECT_EQ(ids(second), want);
  };
  expect({1});
  expect({1});  // now served from the cache
  Post({Opening("2", {{"title", "招聘二氧化碳保护焊工"}})});
  expect({1, 2});
  ASSERT_TRUE(app_->DeleteOpening(1));
  ASSERT_TRUE(app_->StartIndexing());
  app_->Stop();
  expect({2});
  // An update keeps the opening's place in the index: the filter's documents
  // are listed again for the new generation, not reused.
  Post({Opening("2", {{"title", "招聘二氧化碳保护焊工"}, {"region", "110101"}})});
  expect({});
  Post({Opening("2", {{"title", "招聘二氧化碳保护焊工"}})});
  expect({2});
}

// Files a household in 320505 of one unemployed member who wants to weld,
// with `extra` fields; returns the member's id.
int64_t FileWelder(App& app, const std::string& archive_no, const nlohmann::json& extra) {
  nlohmann::json member = {{"name", "测试成员"},
                           {"id_number", testing::MakeIdNumber("320505", "1985-05-01", true, 1)},
                           {"birth_date", "1985-05-01"},
                           {"gender", "male"},
                           {"education", "junior"},
                           {"work_ability", "full"},
                           {"employment", "unemployed"},
                           {"desired_occupations", {"焊工"}}};
  member.update(extra);
  std::vector<std::string> warnings;
  auto filed = app.CreateHousehold({{"archive_no", archive_no},
                                    {"region", "320505"},
                                    {"counsellor", "王老师"},
                                    {"members", {member}}},
                                   warnings, SystemPrincipal("test"));
  EXPECT_TRUE(filed) << filed.error().message;
  return filed ? filed->at("members")[0].at("id").get<int64_t>() : 0;
}

// Of the openings retrieved, those scored exactly are the best by relevance,
// proximity and wage: with one to score, the one in the member's own county
// wins over an equally relevant one elsewhere in the city, posted first.
TEST_F(SearchTest, TheOpeningsScoredAreChosenByRelevanceProximityAndWage) {
  Post({Opening("1", {{"region", "320508"}}), Opening("2")});
  const int64_t member = FileWelder(*app_, "SCORED-1", {{"reach", "city"}});
  auto ids = [&](int scored) {
    app_.reset();
    config_.match_candidates = 2;
    config_.match_scored = scored;
    Open();
    std::vector<int64_t> out;
    auto r = app_->Matches(member, MatchKind::kOpenings, 10);
    EXPECT_TRUE(r) << r.error().message;
    if (r) {
      for (const auto& item : r->at("items")) out.push_back(item.at("id").get<int64_t>());
    }
    return out;
  };
  EXPECT_EQ(ids(1), (std::vector<int64_t>{2}));
  EXPECT_EQ(ids(2), (std::vector<int64_t>{2, 1}));
}

// Openings that ask for a certificate the member lacks are retrieved apart:
// welding jobs the member may not take never crowd out the one they may,
// even when they alone would fill the openings retrieved.
TEST_F(SearchTest, JobsNeedingACertificateTheMemberLacksDoNotCrowdOutTheRest) {
  const nlohmann::json certified = {
      {"skills", {{{"skill", "焊条电弧焊"}, {"level", 1}}, {{"skill", "焊工证"}, {"level", 1}}}}};
  Post({Opening("1", certified), Opening("2", certified), Opening("3", certified),
        Opening("4", {{"title", "招聘学徒焊工"}})});
  const int64_t member =
      FileWelder(*app_, "GATED-1", {{"skills", {{{"skill", "arc_welding"}, {"level", 3}}}}});
  app_.reset();
  config_.match_candidates = 2;  // fewer than the welding jobs
  Open();
  auto r = app_->Matches(member, MatchKind::kOpenings, 10);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->at("items").size(), 1u) << r->dump();
  EXPECT_EQ(r->at("items")[0].at("title"), "招聘学徒焊工");
  std::vector<std::string> excluded;
  for (const auto& e : r->at("law").at("excluded")) excluded.push_back(e.at("code"));
  EXPECT_EQ(excluded, (std::vector<std::string>(3, "certificate"))) << r->dump();
}

TEST_F(SearchTest, ReindexRefusesWhileTheIndexIsInUse) {
  auto n = App::Reindex(config_, clock_);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, "index_locked");
}

}  // namespace
}  // namespace jobmatch
