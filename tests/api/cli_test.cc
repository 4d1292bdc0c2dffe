// The jobmatch command line: import, reindex, keys, and a clean SIGTERM.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server_process.h"

namespace jobmatch::testing {
namespace {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

CommandResult RunCli(const std::string& args) {
  std::string cmd = std::string(JOBMATCH_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(CliTest, ImportReportsBadLinesAndKeepsTheGoodOnes) {
  TempDir dir;
  const std::string file = dir.path() + "/in.jsonl";
  {
    std::ofstream out(file);
    out << SampleOpening("L-1", {{"board", "苏州人才网"}}).dump() << "\n";
    out << "{not json\n";
    out << SampleOpening("L-2", {{"board", "苏州人才网"}, {"title", "叉车司机"}}).dump() << "\n";
    out << SampleOpening("L-3", {{"board", "苏州人才网"}, {"region", "999999"}}).dump() << "\n";
  }
  auto r = RunCli("import --data-dir " + dir.path() + "/data " + file);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("imported 2 openings, 2 failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("in.jsonl:2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("in.jsonl:4"), std::string::npos) << r.output;

  ServerProcess server(dir.path() + "/data");
  EXPECT_EQ(server.Get("/v1/openings").Json()["total"], 2);
  EXPECT_EQ(server.Get("/v1/openings?q=" + Encode("叉车司机")).Json()["total"], 1);
}

TEST(CliTest, EveryFixtureOpeningImports) {
  TempDir dir;
  auto r = RunCli("import --data-dir " + dir.path() +
                  " " JOBMATCH_SOURCE_DIR "/fixtures/openings.jsonl");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed"), std::string::npos) << r.output;
}

TEST(CliTest, ReindexRebuildsAndRefusesWhileAServerRuns) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  {
    ServerProcess server(data);
    const std::string board = server.CreateKey("board", "苏州人才网");
    ASSERT_EQ(server.Post("/v1/openings", SampleOpening("R-1"), board).status, 201);
    auto busy = RunCli("reindex --data-dir " + data);
    EXPECT_NE(busy.exit_code, 0);
    EXPECT_NE(busy.output.find("in use"), std::string::npos) << busy.output;
    EXPECT_EQ(server.Terminate(), 0);  // SIGTERM: a clean exit
  }
  auto r = RunCli("reindex --data-dir " + data);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("reindexed 1 openings"), std::string::npos) << r.output;
  ServerProcess server(data);
  EXPECT_EQ(server.Get("/v1/openings?q=" + Encode("电焊工")).Json()["total"], 1);
}

TEST(CliTest, KeysCreatedOnTheCommandLineWork) {
  TempDir dir;
  auto r = RunCli("keys create --data-dir " + dir.path() + " --role counsellor");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto at = r.output.find("key: ");
  ASSERT_NE(at, std::string::npos);
  const std::string key = r.output.substr(at + 5, r.output.find('\n', at) - at - 5);
  ServerProcess server(dir.path());
  EXPECT_EQ(server.Get("/v1/openings", key).status, 200);
  EXPECT_NE(RunCli("keys create --data-dir " + dir.path() + " --role wizard").exit_code, 0);
}

// Guards against: `jobmatch gen --help` silently wrote generated data into the
// working directory, and mistyped flags fell back to defaults.
TEST(CliTest, HelpPrintsTheUsageAndUnknownFlagsExitWith2) {
  TempDir dir;
  for (const std::string cmd : {"--help", "gen --help", "serve -h", "batch --help"}) {
    auto r = RunCli(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.output;
    EXPECT_NE(r.output.find("usage: jobmatch"), std::string::npos) << cmd;
  }
  auto help = RunCli("gen --help --out " + dir.path() + "/gen");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/gen")) << "--help must not run the command";
  struct Case {
    std::string args;
    std::string says;
  };
  for (const Case& c : {Case{"gen --openings 10 --bogus 1", "unknown option --bogus"},
                        Case{"serve --data-dirr x", "unknown option --data-dirr"},
                        Case{"gen --openings ten", "--openings must be a whole number"},
                        Case{"batch --data-dir", "--data-dir needs a value"},
                        Case{"reindex extra", "takes no argument extra"},
                        Case{"frobnicate", "unknown command frobnicate"}, Case{"", ""}}) {
    auto r = RunCli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.output;
    EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << ": " << r.output;
    EXPECT_NE(r.output.find("usage: jobmatch"), std::string::npos) << c.args;
  }
}

// Guards against: the data dir and its files (names, addresses) were
// world-readable.
TEST(CliTest, TheDataDirAndEveryFileInItAreTheOwnersAlone) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  std::filesystem::create_directories(data);
  std::filesystem::permissions(data, std::filesystem::perms::all);  // as an older build left it
  {
    ServerProcess server(data);
    const std::string board = server.CreateKey("board", "苏州人才网");
    ASSERT_EQ(server.Post("/v1/openings", SampleOpening("P-1"), board).status, 201);
    ASSERT_EQ(server.Terminate(), 0);
  }
  namespace fs = std::filesystem;
  const auto others = fs::perms::group_all | fs::perms::others_all;
  EXPECT_EQ(fs::status(data).permissions() & others, fs::perms::none);
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(data)) {
    EXPECT_EQ(e.status().permissions() & others, fs::perms::none) << e.path();
    ++files;
  }
  EXPECT_GT(files, 3);
}

// A backup taken while openings are being posted is one consistent snapshot:
// restored, it holds the first n openings exactly as they were, and no other.
TEST(CliTest, ABackupTakenUnderIngestRestoresEqual) {
  TempDir dir;
  const std::string data = dir.path() + "/data", backup = dir.path() + "/backup.db";
  ServerProcess server(data);
  const std::string board = server.CreateKey("board", "苏州人才网");
  std::atomic<bool> stop{false};
  std::atomic<int> posted{0};
  std::thread ingest([&] {
    for (int i = 0; !stop; ++i) {
      if (server.Post("/v1/openings", SampleOpening("B-" + std::to_string(i)), board).status == 201)
        ++posted;
    }
  });
  auto wait_for = [&](int n) {
    while (posted < n) std::this_thread::yield();
  };
  wait_for(20);
  const int at_start = posted;
  auto r = RunCli("backup --data-dir " + data + " --to " + backup);
  const int at_end = posted;
  wait_for(at_end + 20);  // ingest went on after the copy
  stop = true;
  ingest.join();
  ASSERT_EQ(r.exit_code, 0) << r.output;

  auto busy = RunCli("restore --data-dir " + data + " --from " + backup);
  EXPECT_EQ(busy.exit_code, 1) << "a serving store is never replaced: " << busy.output;

  const std::string copy_dir = dir.path() + "/restored";
  auto restored = RunCli("restore --data-dir " + copy_dir + " --from " + backup);
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  ServerProcess copy(copy_dir);
  const int n = copy.Get("/v1/openings?per_page=1").Json()["total"];
  EXPECT_GE(n, at_start);
  EXPECT_LE(n, at_end + 1);  // one post may have been in flight
  for (int id = 1; id <= n; ++id) {
    const std::string path = "/v1/openings/" + std::to_string(id);
    EXPECT_EQ(copy.Get(path).Json(), server.Get(path).Json()) << path;
  }
  EXPECT_EQ(copy.Get("/v1/openings/" + std::to_string(n + 1)).status, 404);
  EXPECT_EQ(RunCli("restore --data-dir " + copy_dir + " --from " + data + "/nothing").exit_code, 1);
}

}  // namespace
}  // namespace jobmatch::testing
