#include <gtest/gtest.h>

#include <map>

#include "core/secrets.h"
#include "store/batch_store.h"
#include "store/change_log.h"
#include "store/household_store.h"
#include "store/key_store.h"
#include "store/opening_store.h"
#include "test_env.h"

namespace jobmatch {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path() + "/jobmatch.db");
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }
  Opening Make(const std::string& external_id, const std::string& title = "招聘电焊工") {
    nlohmann::json j = {{"external_id", external_id},
                        {"title", title},
                        {"employer", "某厂"},
                        {"occupation", "焊工"},
                        {"region", "320505"}};
    Opening o =
        ParseOpening(j, testing::TestTaxonomy(), testing::RealRegions(), "2026-11-29")->opening;
    o.board = "A";
    return o;
  }

  testing::TempDir dir_;
  FixedClock clock_{testing::TestNow()};
  std::unique_ptr<Database> db_;
};

TEST_F(StoreTest, MigrationsAreVersionedAndRerunSafely) {
  EXPECT_EQ(db_->schema_version(), 8);
  db_.reset();
  auto again = Database::Open(dir_.path() + "/jobmatch.db");
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->schema_version(), 8);
}

TEST_F(StoreTest, UpsertCreatesUpdatesAndSkipsNoOps) {
  OpeningStore store(*db_, clock_);
  ChangeLog log(*db_);
  std::vector<Opening> batch = {Make("1"), Make("2")};
  auto first = store.Upsert(batch, "2026-11-29");
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)[0].kind, UpsertKind::kCreated);
  EXPECT_EQ(*log.Last(), 2);

  std::vector<Opening> same = {Make("1")};
  EXPECT_EQ((*store.Upsert(same, "2026-11-29"))[0].kind, UpsertKind::kUnchanged);
  EXPECT_EQ(*log.Last(), 2);  // a no-op writes no change

  std::vector<Opening> changed = {Make("1", "招聘氩弧焊工")};
  auto upd = store.Upsert(changed, "2026-11-29");
  EXPECT_EQ((*upd)[0].kind, UpsertKind::kUpdated);
  EXPECT_EQ((*upd)[0].id, (*first)[0].id);
  EXPECT_EQ(*log.Last(), 3);
  EXPECT_EQ((**store.Get((*first)[0].id))["title"], "招聘氩弧焊工");
}

TEST_F(StoreTest, DeleteHidesTheRowButKeepsItAndLogsTheChange) {
  OpeningStore store(*db_, clock_);
  ChangeLog log(*db_);
  std::vector<Opening> batch = {Make("1")};
  int64_t id = (*store.Upsert(batch, "2026-11-29"))[0].id;
  EXPECT_TRUE(*store.Delete(id));
  EXPECT_FALSE(*store.Delete(id));
  EXPECT_FALSE(*store.Get(id));
  auto rows = store.GetMany({id});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_TRUE((*rows)[0].deleted);
  auto changes = log.After(0, 10);
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[1].entity_id, id);
  // Posting it again revives the same id.
  std::vector<Opening> again = {Make("1")};
  auto revived = store.Upsert(again, "2026-11-29");
  EXPECT_EQ((*revived)[0].kind, UpsertKind::kCreated);
  EXPECT_EQ((*revived)[0].id, id);
}

TEST_F(StoreTest, PositionsFillOpeningsExpireAndTheFeedRebuildsTheOpenSet) {
  OpeningStore store(*db_, clock_);
  std::vector<Opening> batch = {Make("1"), Make("2"), Make("3")};
  batch[1].positions = 2;
  batch[2].expires_at = "2026-12-01";
  auto ids = *store.Upsert(batch, "2026-11-29");
  const int64_t one = ids[0].id, two = ids[1].id, three = ids[2].id;
  auto status = [&](int64_t id) { return (**store.Get(id))["status"].get<std::string>(); };

  // A hire fills the one position: filled, and gone from the index.
  ASSERT_TRUE(db_->Write<void>(store.FillStep(one, 1, "2026-11-29")));
  EXPECT_EQ(status(one), "filled");
  EXPECT_TRUE((*store.GetMany({one}))[0].deleted);
  // One of two positions: still open; posting it again keeps the hire.
  ASSERT_TRUE(db_->Write<void>(store.FillStep(two, 1, "2026-11-29")));
  EXPECT_EQ(status(two), "open");
  std::vector<Opening> two_again = {Make("2")};
  two_again[0].positions = 2;
  EXPECT_EQ((*store.Upsert(two_again, "2026-11-29"))[0].kind, UpsertKind::kUnchanged);
  EXPECT_EQ((**store.Get(two))["positions_filled"], 1);
  // Posting the filled one again reopens it.
  std::vector<Opening> one_again = {Make("1")};
  EXPECT_EQ((*store.Upsert(one_again, "2026-11-29"))[0].kind, UpsertKind::kUpdated);
  EXPECT_EQ(status(one), "open");
  EXPECT_EQ((**store.Get(one))["positions_filled"], 0);

  // Expiry happens the day after expires_at, once; renewal reopens.
  EXPECT_EQ(*store.ExpireDue("2026-12-01"), 0);
  EXPECT_EQ(*store.ExpireDue("2026-12-02"), 1);
  EXPECT_EQ(*store.ExpireDue("2026-12-02"), 0);
  EXPECT_EQ(status(three), "expired");
  EXPECT_EQ(store.ScanLive(0, 10)->size(), 2u);  // what the index holds
  EXPECT_EQ(*store.CountLive(), 3);
  auto renewed = store.Renew(three, "2027-01-31", "2026-12-02");
  ASSERT_TRUE(renewed && *renewed);
  EXPECT_EQ((**renewed)["status"], "open");
  EXPECT_FALSE(*store.Renew(999, "2027-01-31", "2026-12-02"));
  ASSERT_TRUE(store.Delete(two));

  // Following the feed from the start, page by page, gives the open set.
  std::map<int64_t, nlohmann::json> mirror;
  int64_t cursor = 0;
  for (bool more = true; more;) {
    auto page = store.Feed(cursor, 2);
    ASSERT_TRUE(page);
    for (const FeedEntry& e : page->first) {
      EXPECT_GT(e.seq, cursor);
      cursor = e.seq;
      if (e.opening) {
        mirror[e.id] = *e.opening;
      } else {
        mirror.erase(e.id);
      }
    }
    more = page->second;
  }
  std::map<int64_t, nlohmann::json> open;
  for (int64_t after = 0;;) {
    auto rows = *store.ScanLive(after, 100);
    if (rows.empty()) break;
    for (auto& r : rows) open[r.id] = r.doc;
    after = rows.back().id;
  }
  EXPECT_EQ(mirror, open);
  EXPECT_EQ(open.size(), 2u);  // one reopened, three renewed; two deleted
  EXPECT_TRUE(store.Feed(cursor, 2)->first.empty());
}

TEST_F(StoreTest, TheSameJobOnTwoBoardsIsOneClusterUntilOneGoes) {
  OpeningStore store(*db_, clock_);
  std::vector<Opening> batch = {Make("1"), Make("2"), Make("3", "叉车司机")};
  batch[1].board = "B";  // the same job on another board
  batch[1].title = "【急招】招聘电焊工";
  auto ids = *store.Upsert(batch, "2026-11-29");
  const int64_t first = ids[0].id, copy = ids[1].id, other = ids[2].id;
  auto cluster_of = [&](int64_t id) { return (**store.Get(id)).value("cluster", int64_t{0}); };
  EXPECT_EQ(cluster_of(first), first);
  EXPECT_EQ(cluster_of(copy), first);
  EXPECT_EQ(cluster_of(other), 0);  // the same board's other job
  auto members = (*store.Clusters({first}))[first];
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].board, "B");
  EXPECT_EQ((*store.GetMany({copy}))[0].doc["cluster"], first);  // what the index collapses on

  // A store written before clusters: the keys come back, and the cluster.
  ASSERT_TRUE(db_->Write<void>([](SQLite::Database& c) -> Result<void> {
    c.exec("UPDATE openings SET dup_key = '', cluster = NULL");
    return {};
  }));
  EXPECT_EQ(cluster_of(copy), 0);
  EXPECT_EQ(*store.BackfillDuplicateKeys(), 3);
  EXPECT_EQ(*store.BackfillDuplicateKeys(), 0);
  EXPECT_EQ(cluster_of(copy), first);

  // The first one filled: the copy stands alone.
  ASSERT_TRUE(db_->Write<void>(store.FillStep(first, 1, "2026-11-29")));
  EXPECT_EQ(cluster_of(copy), 0);
  EXPECT_EQ(cluster_of(first), 0);
  EXPECT_FALSE((*store.GetMany({copy}))[0].doc.contains("cluster"));
}

TEST_F(StoreTest, KeysAreStoredAsHashesAndRevocable) {
  KeyStore keys(*db_, clock_);
  auto k = keys.Create(Role::kBoard, "A");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->key.size(), 3u + 64u);
  auto p = keys.Authenticate(k->key);
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->role, Role::kBoard);
  EXPECT_EQ((*p)->owner, "A");
  auto stored = db_->Read<std::string>([](SQLite::Database& c) -> Result<std::string> {
    return c.execAndGet("SELECT key_hash FROM api_keys").getString();
  });
  EXPECT_EQ(*stored, Sha256Hex(k->key));
  EXPECT_FALSE(*keys.Authenticate(k->key + "x"));
  EXPECT_TRUE(*keys.Revoke(k->id));
  EXPECT_FALSE(*keys.Authenticate(k->key));
}

TEST_F(StoreTest, OneBatchAtATimeAndAFailedRunNeverReplacesGoodPlans) {
  BatchStore batches(*db_, clock_);
  auto first = batches.CreateQueued("", "2026-11-29", "k1");
  ASSERT_TRUE(first);
  auto second = batches.CreateQueued("", "2026-11-29", "k1");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
  std::vector<PlanWrite> plans = {
      {7, true, false, false, {{70, "job", "opening", 5, "电焊工", 0.9}}}};
  auto doc = [](std::size_t, const std::vector<int64_t>& ids) {
    return nlohmann::json{{"run", 1}, {"ids", ids}};
  };
  ASSERT_TRUE(batches.WritePlans(*first, plans, doc));
  ASSERT_TRUE(batches.Succeed(*first, 1, {}));
  // The next run writes its plans and then fails: nothing reads them while it
  // runs, and they are deleted when it fails.
  auto third = batches.CreateQueued("", "2026-11-30", "k1");
  ASSERT_TRUE(third);
  ASSERT_TRUE(batches.MarkRunning(*third, 1));
  std::vector<int64_t> third_ids;
  ASSERT_TRUE(batches.WritePlans(*third, plans, [&](std::size_t, const std::vector<int64_t>& ids) {
    third_ids = ids;
    return nlohmann::json{{"run", 3}, {"ids", ids}};
  }));
  ASSERT_EQ(third_ids.size(), 1u);
  auto plan = batches.LatestPlan(7);
  ASSERT_TRUE(plan && *plan);
  EXPECT_EQ((**plan)["run"], 1);
  EXPECT_FALSE(*batches.GetRecommendation(third_ids[0]));
  ASSERT_TRUE(batches.MarkFailed(*third, "matching failed", 0));
  plan = batches.LatestPlan(7);
  ASSERT_TRUE(plan && *plan);
  EXPECT_EQ((**plan)["run"], 1);
  auto left = db_->Read<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
    return c
        .execAndGet(
            "SELECT (SELECT COUNT(*) FROM plans WHERE batch_id = " + std::to_string(*third) +
            ") + (SELECT COUNT(*) FROM recommendations WHERE batch_id = " + std::to_string(*third) +
            ")")
        .getInt64();
  });
  EXPECT_EQ(*left, 0);
  // A run left running by a dead process is marked failed at the next start.
  auto fourth = batches.CreateQueued("", "2026-11-30", "k1");
  ASSERT_TRUE(fourth);
  ASSERT_TRUE(batches.MarkRunning(*fourth, 1));
  ASSERT_TRUE(batches.WritePlans(*fourth, plans, doc));
  EXPECT_EQ(*batches.FailInterrupted(), 1);
  EXPECT_EQ((*batches.Get(*fourth))->status, "failed");
  EXPECT_EQ((**batches.LatestPlan(7))["run"], 1);
  EXPECT_TRUE(batches.Plans(*fourth)->empty());
}

TEST_F(StoreTest, AFailedWriteRollsBackEverything) {
  OpeningStore store(*db_, clock_);
  auto r = db_->Write<int>([](SQLite::Database& c) -> Result<int> {
    c.exec("INSERT INTO changes (entity, entity_id, at) VALUES ('opening', 1, 'x')");
    return fail(ErrorKind::kConflict, "nope", "abandon");
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(*ChangeLog(*db_).Last(), 0);
}

// Guards against: an outcome and the member's new employment written in two
// transactions (a crash between them left a hire without its employment).
TEST_F(StoreTest, AStepOfAnotherStoreCommitsOrRollsBackWithTheHousehold) {
  auto cipher = DataCipher::FromHex(testing::kTestDataKey);
  ASSERT_TRUE(cipher);
  FixedClock clock{testing::TestNow()};
  HouseholdStore households(*db_, clock, *cipher, testing::RealRegions(), WorkingAge{});
  auto parsed = ParseHousehold(
      testing::HouseholdJson("TX-1", testing::MakeIdNumber("320505", "1980-01-01", true)),
      testing::TestTaxonomy(), testing::RealRegions(), "2026-11-29");
  ASSERT_TRUE(parsed) << parsed.error().message;
  auto created = households.Create(parsed->household);
  ASSERT_TRUE(created) << created.error().message;
  Household hired = *created;
  hired.members[0].employment = Employment::kEmployed;

  auto failing = [](SQLite::Database&) -> Result<void> {
    return fail(ErrorKind::kInternal, "step_failed", "the other store's step failed");
  };
  auto refused = households.Replace(created->id, hired, failing);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "step_failed");
  EXPECT_EQ((*households.Get(created->id))->members[0].employment, Employment::kUnemployed);

  bool ran = false;
  auto step = [&ran](SQLite::Database&) -> Result<void> {
    ran = true;
    return {};
  };
  ASSERT_TRUE(households.Replace(created->id, hired, step));
  EXPECT_TRUE(ran);
  EXPECT_EQ((*households.Get(created->id))->members[0].employment, Employment::kEmployed);
}

}  // namespace
}  // namespace jobmatch
