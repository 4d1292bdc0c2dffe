// Hardening regressions over real HTTP: each test guards against one way a
// single client, or an unlucky operator, could break the service.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "../support/builders.h"
#include "server_process.h"

namespace jobmatch::testing {
namespace {

class HardeningTest : public ::testing::Test {
 protected:
  TempDir dir_;
  ServerProcess server_{dir_.path()};
  std::string board_ = server_.CreateKey("board", "苏州人才网");
};

// Guards against: a million nested arrays posted by any board key killed the
// process (SIGSEGV in a recursive copy of the parsed body).
TEST_F(HardeningTest, DeeplyNestedBodiesGet400OnEveryRouteThatTakesABody) {
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  struct Route {
    const char* method;
    const char* target;
    bool board;
  };
  const Route routes[] = {
      {"POST", "/v1/openings", true},      {"POST", "/v1/openings/bulk", true},
      {"POST", "/v1/keys", false},         {"POST", "/v1/households", false},
      {"PUT", "/v1/households/1", false},  {"POST", "/v1/households/1/exit", false},
      {"POST", "/v1/batches", false},      {"POST", "/v1/recommendations/1/outcome", false},
      {"POST", "/v1/courses", false},      {"PUT", "/v1/courses/1", false},
      {"POST", "/v1/aid-products", false}, {"PUT", "/v1/aid-products/1", false},
  };
  for (const auto& route : routes) {
    auto r = server_.Request(route.method, route.target, route.board ? board_ : kAdminKey, deep);
    ASSERT_EQ(r.status, 400) << route.method << " " << route.target << ": " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], "body");
    EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("64"), std::string::npos);
  }
  EXPECT_EQ(server_.Get("/healthz").status, 200);
  // A body nested within the limit is judged on its fields, as before.
  auto ok = server_.Post(
      "/v1/openings", SampleOpening("D-1", {{"extra", nlohmann::json::parse("[[[[[[[[1]]]]]]]]")}}),
      board_);
  EXPECT_LT(ok.status, 300) << ok.body;
}

// Guards against: one ID number accepted in three households and twice in one
// (that person then got three plans).
TEST_F(HardeningTest, AnIdNumberAlreadyOnFileIsAConflictNamingTheHousehold) {
  const std::string id = MakeIdNumber("320505", "1986-03-01", true);
  auto first = server_.Post("/v1/households", HouseholdJson("HD-1", id), kAdminKey);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto holder = first.Json()["id"].get<int64_t>();

  auto second = server_.Post("/v1/households", HouseholdJson("HD-2", id), kAdminKey);
  ASSERT_EQ(second.status, 409) << second.body;
  auto error = second.Json()["error"];
  EXPECT_EQ(error["code"], "id_number_taken");
  EXPECT_EQ(error["field"], "members[0].id_number");
  const std::string message = error["message"];
  EXPECT_NE(message.find("household " + std::to_string(holder)), std::string::npos) << message;
  EXPECT_NE(message.find("320505********"), std::string::npos) << message;
  EXPECT_EQ(second.body.find(id), std::string::npos) << "the number itself is never echoed";

  auto twice = HouseholdJson("HD-3", MakeIdNumber("320505", "1990-05-05", false));
  twice["members"].push_back(twice["members"][0]);
  twice["members"][1]["name"] = "陈小华";
  auto within = server_.Post("/v1/households", twice, kAdminKey);
  ASSERT_EQ(within.status, 409) << within.body;
  EXPECT_EQ(within.Json()["error"]["field"], "members[1].id_number");

  // Its own household may be saved again with the same number.
  auto same = HouseholdJson("HD-1", id);
  same["members"][0]["id"] = first.Json()["members"][0]["id"];
  auto put =
      server_.Request("PUT", "/v1/households/" + std::to_string(holder), kAdminKey, same.dump());
  EXPECT_EQ(put.status, 200) << put.body;
  // Once that household has exited, the person may be filed anew.
  auto exit = server_.Post("/v1/households/" + std::to_string(holder) + "/exit",
                           {{"reason", "moved_away"}}, kAdminKey);
  ASSERT_EQ(exit.status, 200) << exit.body;
  EXPECT_EQ(server_.Post("/v1/households", HouseholdJson("HD-4", id), kAdminKey).status, 201);
}

// Guards against: household keys minted for households that do not exist
// (ids are sequential, so such a key would read a future household).
TEST_F(HardeningTest, HouseholdKeysNeedAHouseholdOnFile) {
  auto h =
      server_.Post("/v1/households",
                   HouseholdJson("HK-1", MakeIdNumber("320505", "1975-01-02", false)), kAdminKey);
  ASSERT_EQ(h.status, 201) << h.body;
  const std::string id = std::to_string(h.Json()["id"].get<int64_t>());
  const std::vector<std::string> bad = {"999999", "abc", " " + id, "0" + id, id + ".0", "-1", ""};
  for (const std::string& owner : bad) {
    auto r = server_.Post("/v1/keys", {{"role", "household"}, {"owner", owner}}, kAdminKey);
    EXPECT_EQ(r.status, 422) << "owner '" << owner << "': " << r.body;
    if (r.status == 422) {
      EXPECT_EQ(r.Json()["error"]["field"], "owner");
    }
  }
  auto ok = server_.Post("/v1/keys", {{"role", "household"}, {"owner", id}}, kAdminKey);
  EXPECT_EQ(ok.status, 201) << ok.body;
}

// Waits, polling, until `done` holds or 60 s pass (the index applies changes
// in the background; no fixed sleep).
bool Eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

TEST_F(HardeningTest, ReadyzChecksTheStoreTheDiskAndTheIndexAndHealthzStaysLiveness) {
  auto ready = server_.Get("/readyz", "");
  ASSERT_EQ(ready.status, 200) << ready.body;
  auto j = ready.Json();
  EXPECT_EQ(j["status"], "ready");
  EXPECT_TRUE(j["failing"].empty());
  for (const char* check : {"store", "disk", "index"}) {
    EXPECT_TRUE(j["checks"][check]["ok"].get<bool>()) << check;
  }
  EXPECT_EQ(j["checks"]["index"]["max_lag"], 1000);
  EXPECT_GE(j["checks"]["disk"]["free_bytes"].get<int64_t>(),
            j["checks"]["disk"]["min_free_bytes"].get<int64_t>());
}

TEST(ReadyzTest, NotReadyWhenTheDiskHasLessFreeThanAsked) {
  TempDir dir;
  // No file system here has a petabyte free.
  ServerProcess server(dir.path(), {"--ready-min-free-mb", "1000000000"});
  auto r = server.Get("/readyz", "");
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.Json()["status"], "not_ready");
  EXPECT_EQ(r.Json()["failing"], nlohmann::json::array({"disk"}));
  EXPECT_EQ(server.Get("/healthz", "").status, 200);
}

// The value of an unlabelled metric in /metrics.
int64_t Metric(const ServerProcess& server, const std::string& name) {
  const std::string text = server.Get("/metrics", "").body;
  const auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + name.size() + 2));
}

// A tmpfs of a few megabytes mounted for one test (needs root, as CI has).
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& path) : path_(path) {
    std::filesystem::create_directories(path_);
    mounted_ = std::system(("mount -t tmpfs -o size=48m,mode=0700 tmpfs " + path_).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) (void)std::system(("umount -l " + path_).c_str());
  }
  bool mounted() const { return mounted_; }
  // Writes a file until the disk is full.
  void Fill() {
    std::ofstream out(path_ + "/filler", std::ios::binary);
    const std::string block(64 * 1024, 'x');
    while (out.write(block.data(), block.size())) out.flush();
  }
  void Free() { std::filesystem::remove(path_ + "/filler"); }
  // Gives back `bytes` of the filler.
  void Shrink(std::uintmax_t bytes) {
    const auto filler = path_ + "/filler";
    std::filesystem::resize_file(filler, std::filesystem::file_size(filler) - bytes);
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

// Guards against: writes on a full disk answered 500, and in 1 of 6 runs the
// process aborted (an uncaught Xapian::DatabaseError) once space came back.
TEST(DiskFullTest, WritesGet507ReadsGoOnAndAllResumesWhenSpaceReturns) {
  TempDir dir;
  SmallDisk disk(dir.path() + "/small");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
  ServerProcess server(dir.path() + "/small/data", {"--ready-min-free-mb", "1"});
  const std::string board = server.CreateKey("board", "苏州人才网");
  ASSERT_EQ(server.Post("/v1/openings", SampleOpening("F-0"), board).status, 201);
  const std::string padding(600, 'x');
  for (int round = 1; round <= 3; ++round) {
    disk.Fill();
    nlohmann::json bulk = nlohmann::json::array();
    for (int i = 0; i < 1000; ++i) {
      bulk.push_back(SampleOpening("F-" + std::to_string(round) + "-" + std::to_string(i),
                                   {{"description", "焊接车间招聘 " + padding}}));
    }
    auto full = server.Request("POST", "/v1/openings/bulk", board, bulk.dump());
    ASSERT_EQ(full.status, 507) << "round " << round << ": " << full.body.substr(0, 300);
    EXPECT_EQ(full.Json()["error"]["code"], "insufficient_storage");
    EXPECT_EQ(server.Get("/v1/openings").status, 200) << "reads go on";
    auto ready = server.Get("/readyz", "");
    EXPECT_EQ(ready.status, 503) << ready.body;

    disk.Free();
    const std::string id = "F-after-" + std::to_string(round);
    auto after =
        server.Post("/v1/openings", SampleOpening(id, {{"title", "招聘冷库理货员"}}), board);
    ASSERT_EQ(after.status, 201) << "round " << round << ": " << after.body;
    EXPECT_TRUE(Eventually([&] { return server.Get("/readyz", "").status == 200; }))
        << server.Get("/readyz", "").body;
    EXPECT_TRUE(Eventually([&] {
      return server.Get("/v1/openings?q=" + Encode("冷库理货员")).Json()["total"] == round;
    })) << "the index caught up without a restart";
  }
  EXPECT_EQ(kill(server.pid(), 0), 0) << "the server is still running";
}

// Guards against: an index commit failing on a full disk aborted the process
// once space came back. Space is given back a few KiB at a time, so that store
// writes fit before an index commit does (a store commit needs about 24 KiB
// here, an index commit more): the index fails, retries, and catches up.
TEST(DiskFullTest, AnIndexThatFailsOnAFullDiskCatchesUpWhenSpaceReturns) {
  TempDir dir;
  SmallDisk disk(dir.path() + "/small");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
  ServerProcess server(dir.path() + "/small/data", {"--ready-min-free-mb", "0"});
  const std::string board = server.CreateKey("board", "苏州人才网");
  const std::string padding(3000, 'x');
  int stored = 0;
  for (int kib = 8; kib <= 64; kib += 8) {
    disk.Fill();
    disk.Shrink(kib * 1024);
    auto r = server.Post("/v1/openings",
                         SampleOpening("S-" + std::to_string(kib),
                                       {{"title", "招聘冷库理货员"}, {"description", padding}}),
                         board);
    ASSERT_TRUE(r.status == 201 || r.status == 507) << kib << " KiB free: " << r.body;
    stored += r.status == 201;
    // Space returns only once the index has tried: applied it, or failed.
    const int64_t failures = Metric(server, "jobmatch_index_failures_total");
    ASSERT_TRUE(Eventually([&] {
      return Metric(server, "jobmatch_index_lag_changes") == 0 ||
             Metric(server, "jobmatch_index_failures_total") > failures;
    }));
    disk.Free();
  }
  ASSERT_GT(stored, 0);
  EXPECT_TRUE(Eventually([&] {
    return server.Get("/v1/openings?q=" + Encode("冷库理货员")).Json()["total"] == stored;
  }));
  EXPECT_GT(Metric(server, "jobmatch_index_failures_total"), 0)
      << "the squeeze never made an index commit fail";
  EXPECT_EQ(server.Get("/readyz", "").status, 200);
  EXPECT_EQ(kill(server.pid(), 0), 0);
}

}  // namespace
}  // namespace jobmatch::testing
