// Openings that age and fill, the same job on several boards, and those who
// follow them, over real HTTP: the change feed (a follower ends with exactly
// the open openings while writes go on), renewal, reader keys, duplicates
// across boards and a board's own figures.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

class FeedTest : public ::testing::Test {
 protected:
  // Applies the feed from `cursor` until it has no more; returns the cursor.
  std::string Follow(std::string cursor, std::map<int64_t, nlohmann::json>& mirror,
                     const std::string& key) {
    for (;;) {
      auto r = server_.Get("/v1/openings/feed?limit=7" + (cursor.empty() ? "" : "&after=" + cursor),
                           key);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) return cursor;
      const nlohmann::json page = r.Json();
      for (const auto& item : page["items"]) {
        const int64_t id = item["id"];
        if (item["change"] == "upsert") {
          mirror[id] = item["opening"];
        } else {
          EXPECT_TRUE(item["opening"].is_null());
          mirror.erase(id);
        }
      }
      cursor = page["next_cursor"];
      if (!page["has_more"].get<bool>()) return cursor;
    }
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string board_ = server_.CreateKey("board", "苏州人才网");
  std::string other_ = server_.CreateKey("board", "江苏公共招聘网");
  std::string reader_ = server_.CreateKey("reader", "某招聘聚合站");
};

TEST_F(FeedTest, AFollowerEndsWithExactlyTheOpenOpeningsWhileWritesGoOn) {
  std::atomic<bool> done{false};
  std::vector<int64_t> ids;
  std::thread writer([&] {
    for (int i = 0; i < 60; ++i) {
      const std::string ext = "W-" + std::to_string(i % 25);  // later rounds update
      nlohmann::json o =
          SampleOpening(ext, {{"title", "招聘电焊工 第" + std::to_string(i) + "轮"}});
      if (i % 9 == 4) o["expires_at"] = "2020-01-01";  // posted already expired
      auto r = server_.Post("/v1/openings", o, i % 2 ? board_ : other_);
      ASSERT_TRUE(r.status == 200 || r.status == 201) << r.body;
      const int64_t id = r.Json()["id"];
      ids.push_back(id);
      if (i % 7 == 6) {
        ASSERT_EQ(server_.Request("DELETE", "/v1/openings/" + std::to_string(id), kAdminKey).status,
                  204);
      }
    }
    done = true;
  });
  std::map<int64_t, nlohmann::json> mirror;
  std::string cursor;
  while (!done) cursor = Follow(cursor, mirror, reader_);
  writer.join();
  cursor = Follow(cursor, mirror, reader_);

  std::map<int64_t, nlohmann::json> open;
  for (int64_t id : ids) {
    auto r = server_.Get("/v1/openings/" + std::to_string(id));
    if (r.status != 200 || r.Json()["status"] != "open") continue;
    open[id] = r.Json();
    open[id].erase("duplicate_of");  // GET alone says which board copies it is one job with
    open[id].erase("duplicates");
  }
  EXPECT_FALSE(open.empty());
  EXPECT_EQ(mirror, open);
  // A new follower from the beginning gets the same.
  std::map<int64_t, nlohmann::json> fresh;
  Follow("", fresh, server_.CreateKey("counsellor", ""));
  EXPECT_EQ(fresh, open);
  // Nothing new: an empty page that keeps the cursor.
  auto idle = server_.Get("/v1/openings/feed?after=" + cursor, reader_).Json();
  EXPECT_TRUE(idle["items"].empty());
  EXPECT_EQ(idle["next_cursor"], cursor);
  EXPECT_FALSE(idle["has_more"]);
}

TEST_F(FeedTest, OnlyAdminsCounsellorsAndReadersFollowAndBadCursorsAre400) {
  EXPECT_EQ(server_.Get("/v1/openings/feed", board_).status, 403);
  EXPECT_EQ(server_.Get("/v1/openings/feed", reader_).status, 200);
  EXPECT_EQ(server_.Get("/v1/openings/feed").status, 200);
  for (const char* bad : {"after=abc", "after=-1", "limit=0", "limit=1001", "limit=x"}) {
    auto r = server_.Get(std::string("/v1/openings/feed?") + bad, reader_);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Json()["error"]["field"], std::string(bad).substr(0, std::string(bad).find('=')))
        << r.body;
  }
  // A reader reads and searches openings, and nothing else.
  EXPECT_EQ(server_.Get("/v1/openings", reader_).status, 200);
  EXPECT_EQ(server_.Post("/v1/openings", SampleOpening("R-1"), reader_).status, 403);
  EXPECT_EQ(server_.Get("/v1/households", reader_).status, 403);
  EXPECT_EQ(server_.Get("/v1/boards/me/stats", reader_).status, 403);
  auto no_owner = server_.Post("/v1/keys", {{"role", "reader"}}, kAdminKey);
  EXPECT_EQ(no_owner.status, 422);
  EXPECT_EQ(no_owner.Json()["error"]["field"], "owner");
}

TEST_F(FeedTest, AnExpiredOpeningLeavesAsADeleteAndARenewalBringsItBack) {
  auto posted =
      server_.Post("/v1/openings", SampleOpening("OLD-1", {{"expires_at", "2020-01-01"}}), board_);
  ASSERT_EQ(posted.status, 201);
  const int64_t id = posted.Json()["id"];
  const std::string renew = "/v1/openings/" + std::to_string(id) + "/renew";
  auto page = server_.Get("/v1/openings/feed", reader_).Json();
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["change"], "delete");

  EXPECT_EQ(server_.Request("POST", renew, other_, "").status, 403);  // not its board
  EXPECT_EQ(server_.Request("POST", renew, server_.CreateKey("counsellor", ""), "").status, 403);
  EXPECT_EQ(server_.Request("POST", "/v1/openings/99999/renew", board_, "").status, 404);
  auto past = server_.Post(renew, {{"expires_at", "2020-02-01"}}, board_);
  EXPECT_EQ(past.status, 422);
  EXPECT_EQ(past.Json()["error"]["field"], "expires_at");
  EXPECT_EQ(server_.Post(renew, {{"expires_at", "next week"}}, board_).status, 422);

  auto renewed = server_.Request("POST", renew, board_, "");  // no body: the lifetime
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  EXPECT_EQ(renewed.Json()["status"], "open");
  EXPECT_GT(renewed.Json()["expires_at"].get<std::string>(), "2026-01-01");
  auto until = server_.Post(renew, {{"expires_at", "2099-12-31"}}, board_);
  ASSERT_EQ(until.status, 200);
  EXPECT_EQ(until.Json()["expires_at"], "2099-12-31");
  page = server_.Get("/v1/openings/feed?after=" + page["next_cursor"].get<std::string>(), reader_)
             .Json();
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["change"], "upsert");
  EXPECT_EQ(page["items"][0]["opening"]["expires_at"], "2099-12-31");

  auto stats = server_.Get("/v1/boards/me/stats", board_);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Json()["live"], 1);
  EXPECT_EQ(stats.Json()["expired"], 0);
  EXPECT_EQ(server_.Get("/v1/boards/me/stats", other_).Json()["live"], 0);  // its own only
  EXPECT_EQ(server_.Get("/v1/boards/me/stats").status, 403);
}

TEST_F(FeedTest, TheSameJobOnTwoBoardsIsSearchedOnceAndNamesTheOther) {
  auto post = [&](const std::string& key, const nlohmann::json& o) {
    auto r = server_.Post("/v1/openings", o, key);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"].get<int64_t>();
  };
  const int64_t first = post(board_, SampleOpening("A-1", {{"positions", 1}}));
  const int64_t copy =
      post(other_, SampleOpening("JS-77", {{"title", "【急招】招聘电焊工（包住）"},
                                           {"employer", "苏州精工机械制造股份有限公司"},
                                           {"positions", 1}}));
  const int64_t other_job =
      post(other_, SampleOpening("JS-78", {{"title", "焊接质检员"},
                                           {"description", "负责焊缝外观和探伤检验，出具报告。"}}));
  auto search = [&] {
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);;) {
      const nlohmann::json r = server_.Get("/v1/openings?per_page=10").Json();
      if (r["total"] == 2 || std::chrono::steady_clock::now() > deadline) return r;
    }
  };
  nlohmann::json found = search();
  ASSERT_EQ(found["total"], 2) << found.dump();
  for (const auto& item : found["items"]) {
    if (item["id"] == other_job) {
      EXPECT_EQ(item["also_on"], nlohmann::json::array());
    } else {
      EXPECT_TRUE(item["id"] == first || item["id"] == copy);
      EXPECT_EQ(item["also_on"].size(), 1u);
      EXPECT_NE(item["also_on"][0], item["board"]);
    }
    EXPECT_FALSE(item.contains("cluster"));
  }
  const nlohmann::json a = server_.Get("/v1/openings/" + std::to_string(first)).Json();
  const nlohmann::json b = server_.Get("/v1/openings/" + std::to_string(copy)).Json();
  EXPECT_TRUE(a["duplicate_of"].is_null());
  EXPECT_EQ(a["duplicates"], nlohmann::json::array({copy}));
  EXPECT_EQ(b["duplicate_of"], first);
  EXPECT_EQ(b["duplicates"], nlohmann::json::array({first}));
  EXPECT_EQ(server_.Get("/v1/openings/" + std::to_string(other_job)).Json()["duplicates"],
            nlohmann::json::array());

  // The first one deleted, the copy stands alone and is still found.
  ASSERT_EQ(server_.Request("DELETE", "/v1/openings/" + std::to_string(first), board_).status, 204);
  EXPECT_TRUE(server_.Get("/v1/openings/" + std::to_string(copy)).Json()["duplicate_of"].is_null());
  for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);;) {
    const nlohmann::json r = server_.Get("/v1/openings?per_page=10").Json();
    std::set<int64_t> ids;
    for (const auto& item : r["items"]) ids.insert(item["id"].get<int64_t>());
    if (ids == std::set<int64_t>{copy, other_job} && r["items"][0]["also_on"].empty()) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << r.dump();
  }
}

}  // namespace
}  // namespace jobmatch::testing
