// The shard map as an operator writes it, and local shards in-process: each
// opening in its province's shard, moves, rebuilds, and the locks that keep a
// second process away.
#include <gtest/gtest.h>

#include "search/shard_map.h"
#include "search/shard_writer.h"
#include "service/app.h"
#include "test_env.h"

namespace jobmatch {
namespace {

Result<ShardMap> Parse(const std::string& text) {
  return ShardMap::Parse(text, testing::RealRegions(), "/data");
}

TEST(ShardMapTest, ProvincesGoToTheirShardAndTheRestToTheDefault) {
  auto map = Parse(R"({"timeout_ms": 800, "shards": [
      {"name": "east", "location": "tcp://10.0.0.2:7001", "provinces": ["320000", "310000"],
       "replicas": ["tcp://10.0.0.3:7001", "east-copy"]},
      {"name": "rest", "location": "rest"}]})");
  ASSERT_TRUE(map) << map.error().message;
  ASSERT_EQ(map->size(), 2u);
  EXPECT_EQ(map->timeout_ms(), 800);
  EXPECT_EQ(map->ShardOf("320505"), 0u);
  EXPECT_EQ(map->ShardOf("310101"), 0u);
  EXPECT_EQ(map->ShardOf("440106"), 1u);
  EXPECT_EQ(map->ShardOf(""), 1u);
  EXPECT_EQ(map->catalogue(), 1u);
  EXPECT_EQ(map->shard(1).location, "/data/rest");
  EXPECT_EQ(map->shard(0).replicas[1], "/data/east-copy");
  EXPECT_TRUE(map->Remote(0b01, false));
  EXPECT_FALSE(map->Remote(0b10, true));
  EXPECT_EQ(map->MaskFor({"320500"}), 0b01u);
  EXPECT_EQ(map->MaskFor({"320500", "110000"}), 0b11u);
  EXPECT_EQ(map->MaskFor({}), 0b11u);
}

TEST(ShardMapTest, MistakesAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"shards": []})", "shards"},
      {R"({"shards": [{"name": "a", "location": "a", "provinces": ["320000"]}]})", "shards"},
      {R"({"shards": [{"name": "a", "location": "a"}, {"name": "b", "location": "b"}]})",
       "shards[1].provinces"},
      {R"({"shards": [{"name": "a", "location": "a"}, {"name": "a", "location": "b",
          "provinces": ["320000"]}]})",
       "shards[1].name"},
      {R"({"shards": [{"name": "a", "location": "a"}, {"name": "b", "location": "b",
          "provinces": ["320500"]}]})",
       "shards[1].provinces[0]"},
      {R"({"shards": [{"name": "a", "location": "a", "provinces": ["320000"]},
          {"name": "b", "location": "b", "provinces": ["320000"]}, {"name": "c", "location": "c"}]})",
       "shards[1].provinces[0]"},
      {R"({"shards": [{"name": "a", "location": "tcp://host"}]})", "shards[0].location"},
      {R"({"shards": [{"name": "a", "location": "tcp://host:99999"}]})", "shards[0].location"},
      {R"({"shards": [{"name": "a", "location": "a", "replicas": [7]}]})", "shards[0].replicas[0]"},
      {R"({"timeout_ms": 0, "shards": [{"name": "a", "location": "a"}]})", "timeout_ms"},
  };
  for (const auto& [text, field] : cases) {
    auto map = Parse(text);
    ASSERT_FALSE(map) << text;
    EXPECT_EQ(map.error().code, "bad_shard_map") << text;
    EXPECT_EQ(map.error().field, field) << text;
  }
}

class LocalShardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestIndexDir(dir_.path());
    config_ = testing::TestConfig(dir_.path());
    config_.shards_file = dir_.path() + "/shards.json";
    testing::WriteFile(config_.shards_file, R"({"shards": [
        {"name": "jiangsu", "location": "jiangsu", "provinces": ["320000"]},
        {"name": "guangdong", "location": "guangdong", "provinces": ["440000"]},
        {"name": "rest", "location": "rest"}]})");
    Open();
  }
  void Open() {
    auto app = App::Open(config_, clock_);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
  }
  void Post(const std::string& id, const std::string& region) {
    auto r = app_->PostOpenings("A", {{{"external_id", id},
                                       {"title", "招聘电焊工"},
                                       {"employer", "某机械厂"},
                                       {"occupation", "焊工"},
                                       {"region", region},
                                       {"expires_at", "2027-06-30"}}});
    ASSERT_TRUE(r && (*r)[0]) << id;
    ASSERT_TRUE(app_->StartIndexing());
    app_->Stop();
  }
  int64_t Total(std::vector<std::string> regions) {
    OpeningQuery q;
    q.text = "焊工";
    q.regions = std::move(regions);
    auto r = app_->SearchOpenings(q);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->total : -1;
  }

  testing::TempDir dir_;
  FixedClock clock_{testing::TestNow()};
  AppConfig config_;
  std::unique_ptr<App> app_;
};

TEST_F(LocalShardsTest, OpeningsLiveInTheirProvincesShardAndMove) {
  Post("1", "320505");
  Post("2", "440106");
  Post("3", "110105");
  EXPECT_EQ(Total({"320500"}), 1);
  EXPECT_EQ(Total({"440100", "110000"}), 2);
  EXPECT_EQ(Total({}), 3);
  EXPECT_EQ(app_->IndexDocuments(), 3);
  Post("1", "440106");  // to Guangdong: gone from Jiangsu's shard
  EXPECT_EQ(Total({"320500"}), 0);
  EXPECT_EQ(Total({"440100"}), 2);
  EXPECT_EQ(app_->IndexDocuments(), 3);
}

TEST_F(LocalShardsTest, ARebuildFillsEveryShardAndALiveServerKeepsThemLocked) {
  Post("1", "320505");
  Post("2", "440106");
  Post("3", "110105");
  // While this App holds the shards, neither a rebuild nor a restore may run.
  auto locked = App::Reindex(config_, clock_);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, "index_locked");
  app_.reset();
  auto rebuilt = App::Reindex(config_, clock_);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, 3);
  Open();
  ASSERT_TRUE(app_->StartIndexing());
  EXPECT_EQ(Total({"320500"}), 1);
  EXPECT_EQ(Total({"440100"}), 1);
  EXPECT_EQ(Total({}), 3);
}

TEST_F(LocalShardsTest, AShardWrittenByAnOlderBuildIsIndexedAgain) {
  Post("1", "320505");
  Post("2", "440106");
  app_.reset();
  {
    Xapian::WritableDatabase old(config_.data_dir + "/jiangsu", Xapian::DB_OPEN);
    old.set_metadata(kFormatKey, "");  // as before the format was recorded
    old.commit();
  }
  Open();
  auto replayed = app_->StartIndexing();
  ASSERT_TRUE(replayed);
  EXPECT_EQ(*replayed, 2);  // both changes again, in the old shard alone
  app_.reset();
  Open();
  replayed = app_->StartIndexing();
  ASSERT_TRUE(replayed);
  EXPECT_EQ(*replayed, 0);
  EXPECT_EQ(Total({}), 2);
}

}  // namespace
}  // namespace jobmatch
