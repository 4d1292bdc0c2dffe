// The index in shards over Xapian's remote backend, as a province would run
// it on one machine: four xapian-tcpsrv processes on loopback, the service
// started with a shard map. Answers must be those of one index; a shard that
// goes away must be named, never answered wrongly, and caught up on return;
// a replica kept by xapian-replicate must follow its master.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

// A child process in a process group of its own: xapian-tcpsrv forks a child
// per connection, and stopping a shard must stop those too.
class Child {
 public:
  // `log`: where its output goes (xapian-tcpsrv reports every closed connection).
  explicit Child(std::vector<std::string> args, std::vector<std::string> env = {},
                 const std::string& log = "") {
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      if (!log.empty()) {
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
      for (auto& e : env) putenv(e.data());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    setpgid(pid_, pid_);  // also here: no race with the signals below
  }
  ~Child() { Kill(); }
  void Signal(int sig) const {
    if (pid_ > 0) kill(-pid_, sig);
  }
  void Kill() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // Waits for the child to exit; its exit status.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
};

uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Until something accepts connections on `port` (60 s at most).
bool WaitListening(uint16_t port) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      close(Connect(port));
      return true;
    } catch (const std::exception&) {
      std::this_thread::yield();
    }
  }
  return false;
}

struct ShardDef {
  std::string name;
  std::vector<std::string> provinces;  // none: the default shard
};

// 江苏; 广东; 湖北 and 四川; the rest (北京, 河南, courses and aid products).
const std::vector<ShardDef> kShards = {{"jiangsu", {"320000"}},
                                       {"guangdong", {"440000"}},
                                       {"central", {"420000", "510000"}},
                                       {"rest", {}}};

// Four shards, each a database served by its own xapian-tcpsrv.
class Shards {
 public:
  explicit Shards(const std::string& dir) : dir_(dir) {
    for (std::size_t i = 0; i < kShards.size(); ++i) {
      ports_.push_back(FreePort());
      servers_.emplace_back();
      Start(i);
    }
  }
  void Start(std::size_t i) {
    // Changesets let xapian-replicate send changes rather than copies.
    servers_[i] = std::make_unique<Child>(
        std::vector<std::string>{"xapian-tcpsrv", "--writable", "--quiet", "--interface",
                                 "127.0.0.1", "--port", std::to_string(ports_[i]), Path(i)},
        std::vector<std::string>{"XAPIAN_MAX_CHANGESETS=10"}, Path(i) + ".log");
    EXPECT_TRUE(WaitListening(ports_[i])) << "xapian-tcpsrv for " << kShards[i].name;
  }
  Child& server(std::size_t i) { return *servers_[i]; }
  std::string Path(std::size_t i) const { return dir_ + "/" + kShards[i].name; }
  std::string Address(std::size_t i) const {
    return "tcp://127.0.0.1:" + std::to_string(ports_[i]);
  }
  // The map file; `replica` adds a read copy to Jiangsu's shard.
  std::string WriteMap(const std::string& replica = "") const {
    nlohmann::json shards = nlohmann::json::array();
    for (std::size_t i = 0; i < kShards.size(); ++i) {
      nlohmann::json s = {{"name", kShards[i].name}, {"location", Address(i)}};
      if (!kShards[i].provinces.empty()) s["provinces"] = kShards[i].provinces;
      if (i == 0 && !replica.empty()) s["replicas"] = {replica};
      shards.push_back(s);
    }
    const std::string file = dir_ + "/shards.json";
    std::ofstream(file) << nlohmann::json{{"timeout_ms", 1000}, {"shards", shards}}.dump(2);
    return file;
  }

 private:
  std::string dir_;
  std::vector<uint16_t> ports_;
  std::vector<std::unique_ptr<Child>> servers_;
};

std::vector<std::string> FixtureArgs() {
  return {"--fixtures", JOBMATCH_SOURCE_DIR "/fixtures"};
}

// Every kind of question a counsellor or a board asks of the index.
const std::vector<std::string> kQueries = {
    "/v1/openings?q=" + Encode("焊工"),
    "/v1/openings?region=320500,440100&facets=region,occupation,skill",
    "/v1/openings?facets=region,occupation,skill&per_page=50",
    "/v1/openings?q=" + Encode("普工 包吃住") + "&sort=wage&page=2&per_page=7",
    "/v1/openings?q=" + Encode("保洁") + "&facets=region,skill&page=2&per_page=5",
    "/v1/openings?sort=date&page=3&per_page=20",
    "/v1/openings?region=420000&wage_min=5000&facets=occupation",
    "/v1/openings?occupation=" + Encode("保洁员") + "&region=110000",
    "/v1/openings?q=" + Encode("厨师") + "&for_graduates=false&education=junior",
    "/v1/openings?skill=" + Encode("叉车") + "&facets=region",
    "/v1/openings?q=" + Encode("司机") + "&region=320500&sort=wage",
    "/v1/courses?region=320500&free=true",
    "/v1/aid-products?region=320505",
};
// Ranked by relevance within some shards: BM25 weighs with the statistics of
// the shards a search opens (docs/operations.md), so the order may differ
// from one index's; what matches does not.
const std::vector<std::string> kRankedWithinShards = {
    "/v1/openings?q=" + Encode("焊工") + "&region=320500&per_page=50",
    "/v1/courses?q=" + Encode("焊工") + "&per_page=50",
    "/v1/aid-products?q=" + Encode("贷款") + "&per_page=50",
};

std::multiset<int64_t> Ids(const nlohmann::json& results) {
  std::multiset<int64_t> ids;
  for (const auto& item : results["items"]) ids.insert(item["id"].get<int64_t>());
  return ids;
}

// Where two answers differ (a JSON patch), but for the times the two
// services stored their copies at.
std::string Differences(const nlohmann::json& a, const nlohmann::json& b) {
  nlohmann::json patch = nlohmann::json::array();
  for (const auto& op : nlohmann::json::diff(a, b)) {
    const std::string path = op["path"];
    if (!path.ends_with("/created_at") && !path.ends_with("/updated_at")) patch.push_back(op);
  }
  return patch.dump().substr(0, 2000);
}

TEST(ShardsTest, FourRemoteShardsAnswerAsOneIndex) {
  TempDir one_dir, shard_dir;
  Shards shards(shard_dir.path());
  ServerProcess one(one_dir.path() + "/data", FixtureArgs());
  std::vector<std::string> args = FixtureArgs();
  args.insert(args.end(), {"--shards", shards.WriteMap()});
  ServerProcess four(shard_dir.path() + "/data", args);

  for (const std::string& target : kQueries) {
    auto a = one.Get(target);
    auto b = four.Get(target);
    ASSERT_EQ(a.status, 200) << target << a.body;
    ASSERT_EQ(b.status, 200) << target << b.body;
    EXPECT_EQ(Differences(a.Json(), b.Json()), "[]") << target;
  }
  for (const std::string& target : kRankedWithinShards) {
    auto a = one.Get(target).Json();
    auto b = four.Get(target).Json();
    EXPECT_EQ(a["total"], b["total"]) << target;
    EXPECT_EQ(a["total"], a["items"].size()) << target;  // all of them on one page
    EXPECT_EQ(Ids(a), Ids(b)) << target;
  }
  // The openings really are spread: each shard holds some.
  auto ready = four.Get("/readyz").Json();
  ASSERT_EQ(ready["checks"]["index"]["shards"].size(), 4u) << ready.dump();
  for (const auto& s : ready["checks"]["index"]["shards"]) {
    EXPECT_TRUE(s["available"]) << s.dump();
    EXPECT_EQ(s["lag"], 0) << s.dump();
  }

  // Matches and the batch read the same shards.
  auto households = one.Get("/v1/households?per_page=10").Json();
  ASSERT_FALSE(households["items"].empty());
  for (const auto& h : households["items"]) {
    auto household = one.Get("/v1/households/" + h["id"].dump()).Json();
    const std::string member = "/v1/members/" + household["members"][0]["id"].dump() + "/matches";
    auto a = one.Get(member);
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(Differences(a.Json(), four.Get(member).Json()), "[]") << member;
  }
  auto run = [](ServerProcess& s) {
    auto started = s.Request("POST", "/v1/batches", kAdminKey, R"({"as_of": "2026-12-01"})");
    EXPECT_EQ(started.status, 202) << started.body;
    const std::string path = "/v1/batches/" + started.Json()["id"].dump();
    for (;;) {
      auto b = s.Get(path).Json();
      if (b["status"] != "queued" && b["status"] != "running") return b;
    }
  };
  auto batch_one = run(one);
  auto batch_four = run(four);
  ASSERT_EQ(batch_one["status"], "succeeded") << batch_one.dump();
  batch_one["summary"].erase("timings_ms");
  batch_four["summary"].erase("timings_ms");
  EXPECT_EQ(batch_one["summary"], batch_four["summary"]);
  for (const auto& h : households["items"]) {
    const std::string plan = "/v1/households/" + h["id"].dump() + "/plan";
    EXPECT_EQ(Differences(one.Get(plan).Json()["members"], four.Get(plan).Json()["members"]), "[]")
        << plan;
  }
}

// Polls `target` until `done` says so (60 s at most); the last answer.
HttpResult Until(const ServerProcess& s, const std::string& target,
                 const std::function<bool(const HttpResult&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto r = s.Get(target);
    if (done(r) || std::chrono::steady_clock::now() > deadline) return r;
  }
}

// Until every shard that is up has applied every change.
void WaitIndexed(const ServerProcess& s) {
  auto settled = [](const HttpResult& r) {
    const nlohmann::json ready = r.Json();
    for (const auto& shard : ready["checks"]["index"]["shards"]) {
      if (shard["available"] && shard["lag"] != 0) return false;
    }
    return true;
  };
  auto ready = Until(s, "/readyz", settled);
  ASSERT_TRUE(settled(ready)) << ready.body;
}

nlohmann::json Opening(const std::string& id, const std::string& region) {
  return SampleOpening(id, {{"region", region}, {"title", "招聘电焊工 " + id}});
}

const std::string kSuzhou = "/v1/openings?q=" + Encode("电焊工") + "&region=320500";
const std::string kGuangzhou = "/v1/openings?q=" + Encode("电焊工") + "&region=440100";
const std::string kEverywhere = "/v1/openings?q=" + Encode("电焊工");

int64_t Total(const HttpResult& r) {
  return r.status == 200 ? r.Json()["total"].get<int64_t>() : -1;
}

TEST(ShardsTest, WritesMovesAndDeletesAndAShardThatGoesAway) {
  TempDir dir;
  Shards shards(dir.path());
  ServerProcess server(dir.path() + "/data", {"--shards", shards.WriteMap()});
  const std::string board = server.CreateKey("board", "苏州人才网");
  for (auto [id, region] : {std::pair{"S-1", "320505"}, {"S-2", "320506"}, {"G-1", "440106"}}) {
    auto r = server.Post("/v1/openings", Opening(id, region), board);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  WaitIndexed(server);
  EXPECT_EQ(Total(server.Get(kSuzhou)), 2);
  EXPECT_EQ(Total(server.Get(kGuangzhou)), 1);

  // S-2 moves to Guangzhou: out of Jiangsu's shard, into Guangdong's.
  ASSERT_EQ(server.Post("/v1/openings", Opening("S-2", "440106"), board).status, 200);
  WaitIndexed(server);
  EXPECT_EQ(Total(server.Get(kGuangzhou)), 2);
  EXPECT_EQ(Total(server.Get(kSuzhou)), 1);
  EXPECT_EQ(Total(server.Get(kEverywhere)), 3);
  // A deletion leaves its shard.
  auto g1 = server.Get("/v1/openings?q=G-1&region=440100").Json();
  ASSERT_EQ(g1["items"].size(), 1u) << g1.dump();
  ASSERT_EQ(server.Request("DELETE", "/v1/openings/" + g1["items"][0]["id"].dump(), board).status,
            204);
  WaitIndexed(server);
  EXPECT_EQ(Total(server.Get(kGuangzhou)), 1);

  // Jiangsu's server dies mid-ingest.
  shards.server(0).Kill();
  nlohmann::json bulk = nlohmann::json::array();
  for (int i = 0; i < 40; ++i) {
    bulk.push_back(Opening("B-" + std::to_string(i), i % 2 == 0 ? "320505" : "440106"));
  }
  auto posted = server.Post("/v1/openings/bulk", bulk, board);
  ASSERT_EQ(posted.status, 200) << posted.body;  // the store took them all
  // What needs Jiangsu is refused, naming it; what does not is served.
  for (const std::string& target : {kSuzhou, kEverywhere}) {
    auto r = server.Get(target);
    ASSERT_EQ(r.status, 503) << target << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "shard_unavailable");
    EXPECT_EQ(r.Json()["error"]["shard"], "jiangsu");
  }
  WaitIndexed(server);
  EXPECT_EQ(Total(server.Get(kGuangzhou)), 21);
  auto ready = server.Get("/readyz").Json();
  EXPECT_FALSE(ready["checks"]["index"]["shards"][0]["available"]) << ready.dump();

  // A shard that hangs (stopped, not gone) is refused after the timeout, not waited for.
  shards.server(1).Signal(SIGSTOP);
  auto hung = server.Get(kGuangzhou);
  EXPECT_EQ(hung.status, 503) << hung.body;
  EXPECT_EQ(hung.Json()["error"]["shard"], "guangdong");
  shards.server(1).Signal(SIGCONT);

  // Back: Jiangsu's shard catches up on its own.
  shards.Start(0);
  Until(server, "/readyz", [](const HttpResult& r) {
    const nlohmann::json ready = r.Json();
    return ready["checks"]["index"]["shards"][0]["available"] == true;
  });
  WaitIndexed(server);
  EXPECT_EQ(Total(server.Get(kSuzhou)), 21);
  EXPECT_EQ(Total(server.Get(kEverywhere)), 42);
}

TEST(ShardsTest, AReplicaFollowsItsMaster) {
  TempDir dir;
  Shards shards(dir.path());
  // xapian-replicate-server offers the masters in dir; the replica is served
  // read-only by its own xapian-tcpsrv.
  const uint16_t replication = FreePort();
  Child master_side({"xapian-replicate-server", "--interface", "127.0.0.1", "--port",
                     std::to_string(replication), dir.path()});
  ASSERT_TRUE(WaitListening(replication));
  const std::string replica = dir.path() + "/replica-jiangsu";
  const uint16_t replica_port = FreePort();
  ServerProcess server(
      dir.path() + "/data",
      {"--shards", shards.WriteMap("tcp://127.0.0.1:" + std::to_string(replica_port))});
  const std::string board = server.CreateKey("board", "苏州人才网");
  auto replicate = [&] {
    Child once({"xapian-replicate", "--host", "127.0.0.1", "--port", std::to_string(replication),
                "--master", "jiangsu", "--one-shot", "--quiet", "--reader-time", "0", replica});
    return once.Wait();
  };
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(
        server.Post("/v1/openings", Opening("R-" + std::to_string(i), "320505"), board).status,
        201);
  }
  WaitIndexed(server);
  ASSERT_EQ(replicate(), 0);
  Child replica_server({"xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
                        std::to_string(replica_port), replica});
  ASSERT_TRUE(WaitListening(replica_port));
  // Searches go to both copies in turn; each answers the same.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Total(server.Get(kSuzhou)), 5);

  // More writes reach the replica at the next replication; with the master
  // gone, every search of Jiangsu is the replica's.
  for (int i = 5; i < 8; ++i) {
    ASSERT_EQ(
        server.Post("/v1/openings", Opening("R-" + std::to_string(i), "320505"), board).status,
        201);
  }
  WaitIndexed(server);
  ASSERT_EQ(replicate(), 0);
  shards.server(0).Kill();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Total(server.Get(kSuzhou)), 8);
}

}  // namespace
}  // namespace jobmatch::testing
