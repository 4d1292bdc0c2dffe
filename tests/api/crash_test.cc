// Crash safety: kill -9 the server in the middle of bulk imports; after a
// restart every acknowledged opening is in the store and in search results.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

TEST(CrashTest, AcknowledgedOpeningsSurviveKill9DuringBulkImport) {
  TempDir dir;
  std::set<int64_t> acknowledged;
  std::set<std::string> acknowledged_titles;
  {
    ServerProcess server(dir.path());
    const std::string board = server.CreateKey("board", "压测招聘网");
    std::mutex mu;
    std::atomic<bool> stop = false;
    std::atomic<int> batches = 0;
    auto importer = [&](int worker) {
      for (int b = 0; !stop; ++b) {
        nlohmann::json items = nlohmann::json::array();
        for (int i = 0; i < 200; ++i) {
          std::string tag =
              "CT" + std::to_string(worker) + "x" + std::to_string(b) + "x" + std::to_string(i);
          items.push_back(SampleOpening(tag, {{"title", "仓库叉车司机 " + tag}}));
        }
        HttpResult r;
        try {
          r = server.Post("/v1/openings/bulk", items, board);
        } catch (const std::exception&) {
          return;  // the server is gone
        }
        if (r.status != 200) return;  // cut off mid-answer: nothing acknowledged
        const nlohmann::json answer = r.Json();
        std::lock_guard lock(mu);
        for (const auto& item : answer["items"]) {
          if (item["status"] == 201) {
            acknowledged.insert(item["id"].get<int64_t>());
            acknowledged_titles.insert(item["external_id"].get<std::string>());
          }
        }
        ++batches;
      }
    };
    std::thread a(importer, 1), b(importer, 2);
    // Kill once several batches were acknowledged while more are in flight.
    while (batches < 6) std::this_thread::yield();
    server.Kill9();
    stop = true;
    a.join();
    b.join();
  }
  ASSERT_GE(acknowledged.size(), 1200u);

  ServerProcess restarted(dir.path());
  for (int64_t id : acknowledged) {
    ASSERT_EQ(restarted.Get("/v1/openings/" + std::to_string(id)).status, 200) << id;
  }
  // The start-up catch-up makes the index whole before the server listens.
  auto all = restarted.Get("/v1/openings?per_page=1").Json();
  EXPECT_GE(all["total"].get<std::size_t>(), acknowledged.size());
  int checked = 0;
  for (const auto& tag : acknowledged_titles) {
    if (++checked % 50 != 0) continue;  // a sample of the titles, by their unique tag
    auto r = restarted.Get("/v1/openings?q=" + tag).Json();
    ASSERT_EQ(r["total"], 1) << tag;
  }
}

}  // namespace
}  // namespace jobmatch::testing
