// jobmatch: the command line. serve | import | batch | gen here; keys and
// users in cli/accounts.cc; reindex, backup, restore, prune in cli/maintenance.cc.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/generate.h"
#include "core/json_reader.h"
#include "http/server.h"
#include "service/app.h"

namespace jobmatch {

// Where the index definition and the region table are: beside an installed
// binary (/usr/bin/jobmatch → /usr/share/jobmatch), else the source tree it
// was built from.
std::string ShareDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "jobmatch";
    if (std::filesystem::exists(installed / "index" / "schema.json", ec)) return installed.string();
  }
  return JOBMATCH_SOURCE_DIR;
}

AppConfig ConfigFrom(const Args& a) {
  AppConfig c;
  const std::string share = ShareDir();
  const bool installed = share != JOBMATCH_SOURCE_DIR;
  c.data_dir = a.Get("--data-dir", "data");
  c.shards_file = a.Get("--shards", "");
  c.index_dir = a.Get("--index-dir", share + "/index");
  c.regions_tsv =
      a.Get("--regions", share + (installed ? "/regions.tsv" : "/fixtures/regions.tsv"));
  if (const char* k = std::getenv("JOBMATCH_ADMIN_KEY")) c.admin_key = k;
  if (const char* k = std::getenv("JOBMATCH_DATA_KEY")) c.data_key = k;
  if (a.Has("--data-key-file")) {
    std::ifstream in(a.Get("--data-key-file"));
    std::getline(in, c.data_key);
  }
  return c;
}

int Fail(const Error& e) {
  std::fprintf(stderr, "jobmatch: %s\n", e.message.c_str());
  return 1;
}

// A command line that does not parse: what is wrong, then the usage; exit 2.
int Usage(const std::string& problem) {
  if (!problem.empty()) std::fprintf(stderr, "jobmatch: %s\n", problem.c_str());
  std::fputs(kUsage, stderr);
  return 2;
}

namespace {

constexpr std::size_t kImportBatch = 1000;

// Calls `fn(line_number, object)` for each non-blank line of a JSON-lines
// file; a line that is not JSON is reported and counted. Returns that count.
Result<int> ForEachJsonLine(const std::string& file,
                            const std::function<Result<void>(int, nlohmann::json)>& fn) {
  std::ifstream in(file);
  if (!in) return fail(ErrorKind::kBadRequest, "import", "cannot read " + file);
  int bad = 0, n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = ParseUntrustedJson(line);
    if (!j) {
      std::fprintf(stderr, "%s:%d: %s\n", file.c_str(), n, j.error().message.c_str());
      ++bad;
      continue;
    }
    if (auto r = fn(n, std::move(*j)); !r) return std::unexpected(r.error());
  }
  return bad;
}

// Imports JSON-lines files of openings; returns the number of failed lines.
Result<int> ImportFiles(App& app, const std::vector<std::string>& files, bool quiet) {
  int failed = 0, written = 0;
  for (const auto& file : files) {
    std::map<std::string, std::vector<nlohmann::json>> by_board;
    std::map<std::string, std::vector<int>> lines;
    auto flush = [&](const std::string& board) -> Result<void> {
      auto results = app.PostOpenings(board, by_board[board]);
      if (!results) return std::unexpected(results.error());
      for (std::size_t i = 0; i < results->size(); ++i) {
        const auto& r = (*results)[i];
        if (r) {
          ++written;
        } else {
          ++failed;
          std::fprintf(stderr, "%s:%d: %s\n", file.c_str(), lines[board][i],
                       r.error().message.c_str());
        }
      }
      by_board[board].clear();
      lines[board].clear();
      return {};
    };
    auto bad = ForEachJsonLine(file, [&](int n, nlohmann::json j) -> Result<void> {
      if (!j.is_object() || !j.contains("board") || !j["board"].is_string() ||
          j["board"].get<std::string>().empty()) {
        std::fprintf(stderr, "%s:%d: each line needs a \"board\"\n", file.c_str(), n);
        ++failed;
        return {};
      }
      std::string board = j["board"];
      by_board[board].push_back(std::move(j));
      lines[board].push_back(n);
      if (by_board[board].size() >= kImportBatch) return flush(board);
      return {};
    });
    if (!bad) return std::unexpected(bad.error());
    failed += *bad;
    for (auto& [board, items] : by_board) {
      if (!items.empty()) {
        if (auto r = flush(board); !r) return std::unexpected(r.error());
      }
    }
  }
  if (!quiet) std::printf("imported %d openings, %d failed\n", written, failed);
  return failed;
}

// Imports courses, aid products or households, one JSON object a line.
Result<int> ImportOthers(App& app, const std::string& kind, const std::string& file, bool quiet) {
  int failed = 0, written = 0;
  auto bad = ForEachJsonLine(file, [&](int n, nlohmann::json j) -> Result<void> {
    std::vector<std::string> warnings;
    Result<nlohmann::json> r = kind == "courses" ? app.PutCourse(std::nullopt, j, warnings)
                               : kind == "aid"
                                   ? app.PutAidProduct(std::nullopt, j)
                                   : app.CreateHousehold(j, warnings, SystemPrincipal("cli"));
    if (r) {
      ++written;
    } else if (r.error().kind == ErrorKind::kInternal ||
               r.error().kind == ErrorKind::kUnavailable) {
      return std::unexpected(r.error());
    } else {
      ++failed;
      std::fprintf(stderr, "%s:%d: %s\n", file.c_str(), n, r.error().message.c_str());
    }
    return {};
  });
  if (!bad) return std::unexpected(bad.error());
  failed += *bad;
  if (!quiet) std::printf("imported %d %s, %d failed\n", written, kind.c_str(), failed);
  return failed;
}

Result<int> ImportKind(App& app, const std::string& kind, const std::vector<std::string>& files) {
  if (kind == "openings") return ImportFiles(app, files, false);
  if (kind != "courses" && kind != "aid" && kind != "households") {
    return fail(ErrorKind::kBadRequest, "usage",
                "--kind must be openings, courses, aid or households");
  }
  int failed = 0;
  for (const auto& f : files) {
    auto r = ImportOthers(app, kind, f, false);
    if (!r) return r;
    failed += *r;
  }
  return failed;
}

// Loads every fixture file of `dir` into a new (empty) store.
Result<void> LoadFixtures(App& app, const std::string& dir) {
  auto count = app.CountOpenings();
  if (!count) return std::unexpected(count.error());
  if (*count > 0) return {};
  for (const auto& [kind, file] :
       std::vector<std::pair<std::string, std::string>>{{"openings", "openings.jsonl"},
                                                        {"courses", "courses.jsonl"},
                                                        {"aid", "aid_products.jsonl"},
                                                        {"households", "households.jsonl"}}) {
    if (!std::filesystem::exists(dir + "/" + file)) continue;
    auto r = ImportKind(app, kind, {dir + "/" + file});
    if (!r) return std::unexpected(r.error());
  }
  return {};
}

// The transport's options from serve's flags, or the usage error.
Result<ServerOptions> ServerOptionsFrom(const Args& a) {
  auto options = ParseListen(a.Get("--listen", "127.0.0.1:8080"), ServerOptions{});
  if (!options) return options;
  auto threads = CountOption(a, "--threads", 2, 256);
  auto max_connections = CountOption(a, "--max-connections", 10000, 1'000'000);
  auto header_timeout = CountOption(a, "--header-timeout", 10, 3600);
  for (const auto* count : {&threads, &max_connections, &header_timeout}) {
    if (!*count) return std::unexpected(count->error());
  }
  options->threads = std::max(1, static_cast<int>(*threads));
  options->access_log = a.Has("--access-log");
  options->max_connections = static_cast<std::size_t>(*max_connections);
  options->header_timeout_seconds = std::max(1, static_cast<int>(*header_timeout));
  options->secure_cookies = a.Has("--cookie-secure");
  options->trust_proxy = a.Has("--trust-proxy");
  options->public_url = a.Get("--public-url", "");
  while (options->public_url.ends_with('/')) options->public_url.pop_back();
  if (!options->public_url.empty() && !options->public_url.starts_with("https://") &&
      !options->public_url.starts_with("http://")) {
    return fail(ErrorKind::kBadRequest, "usage",
                "--public-url must begin with https:// or http://");
  }
  return options;
}

int Serve(const Args& a) {
  auto options = ServerOptionsFrom(a);
  if (!options) {
    return options.error().code == "usage" ? Usage(options.error().message) : Fail(options.error());
  }

  // Block the shutdown signals in every thread we start; main waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  AppConfig config = ConfigFrom(a);
  auto lag = CountOption(a, "--ready-max-lag", config.readiness.max_index_lag, 1LL << 40);
  auto free_mb =
      CountOption(a, "--ready-min-free-mb", config.readiness.min_free_bytes >> 20, 1LL << 30);
  if (!lag || !free_mb) return Usage((lag ? free_mb : lag).error().message);
  config.readiness = {*lag, *free_mb << 20};
  auto idle = CountOption(a, "--session-idle-minutes", 30, 24 * 60);
  auto hours = CountOption(a, "--session-hours", 12, 24 * 30);
  if (!idle || !hours) return Usage((idle ? hours : idle).error().message);
  config.sessions = {std::chrono::minutes(std::max(1LL, *idle)),
                     std::chrono::hours(std::max(1LL, *hours))};
  auto lifetime = CountOption(a, "--opening-lifetime-days", kDefaultLifetimeDays, 3650);
  if (!lifetime) return Usage(lifetime.error().message);
  config.opening_lifetime_days = static_cast<int>(std::max(1LL, *lifetime));
  auto app = App::Open(config, clock);
  if (!app) return Fail(app.error());
  // Openings that expired while the server was down leave the index and the feed now.
  if (auto swept = (*app)->ExpireOpenings(); !swept) return Fail(swept.error());
  if (config.data_key.empty()) {
    return Fail(Error{ErrorKind::kBadRequest,
                      "usage",
                      "serve needs a data key for ID numbers: set JOBMATCH_DATA_KEY or pass "
                      "--data-key-file (64 hex digits; e.g. head -c 32 /dev/urandom | od -An -tx1 "
                      "| tr -d ' \\n')",
                      "",
                      {},
                      {}});
  }
  if (a.Has("--fixtures")) {
    if (auto r = LoadFixtures(**app, a.Get("--fixtures")); !r) return Fail(r.error());
  }
  if (auto r = BootstrapAdmin(**app); !r) return Fail(r.error());
  auto caught_up = (*app)->StartIndexing();
  if (!caught_up) return Fail(caught_up.error());
  if (*caught_up > 0) std::printf("index caught up with %lld changes\n", (long long)*caught_up);

  {
    Api api(**app, a.Get("--web-dir"));
    HttpServer server(api, *options);
    if (auto r = server.Start(); !r) return Fail(r.error());
    const std::string base = "http://" + options->host + ":" + std::to_string(server.port());
    std::printf("jobmatch listening on %s (data in %s)\n", base.c_str(), config.data_dir.c_str());
    std::printf(
        "try: curl -s -H \"Authorization: Bearer $JOBMATCH_ADMIN_KEY\" "
        "'%s/v1/openings?q=%%E7%%84%%8A%%E5%%B7%%A5&facets=region'\n",
        base.c_str());
    std::fflush(stdout);
    int sig = 0;
    sigwait(&signals, &sig);
    std::printf("shutting down (signal %d)\n", sig);
    std::fflush(stdout);
    server.Shutdown();  // before the App its handlers use
  }
  (*app)->Stop();
  return 0;
}

int Import(const Args& a) {
  SystemClock clock;
  AppConfig config = ConfigFrom(a);
  auto app = App::Open(config, clock);
  if (!app && app.error().code == "index_locked") {
    // A server holds the index; it picks the new changes up from the store.
    config.open_index = false;
    app = App::Open(config, clock);
  }
  if (!app) return Fail(app.error());
  if (a.positional.empty())
    return Fail(Error{ErrorKind::kBadRequest, "usage", "import needs FILE...", "", {}, {}});
  auto failed = ImportKind(**app, a.Get("--kind", "openings"), a.positional);
  if (!failed) return Fail(failed.error());
  if (config.open_index) {
    if (auto r = (*app)->StartIndexing(); !r) return Fail(r.error());
  }
  return *failed == 0 ? 0 : 2;
}

// A bar on a terminal; for logs, a line at every tenth (each `done` is
// reported once).
void ReportProgress(const BatchProgress& p, bool tty) {
  if (p.total == 0) return;
  if (!tty) {
    if (p.done * 10 / p.total != (p.done - 1) * 10 / p.total) {
      std::fprintf(stderr, "matched %lld/%lld households\n", static_cast<long long>(p.done),
                   static_cast<long long>(p.total));
    }
    return;
  }
  constexpr int kWidth = 40;
  const int filled = static_cast<int>(kWidth * p.done / p.total);
  std::fprintf(stderr, "\r[%s%s] %lld/%lld households", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), static_cast<long long>(p.done),
               static_cast<long long>(p.total));
}

int Batch(const Args& a) {
  SystemClock clock;
  AppConfig config = ConfigFrom(a);
  config.search_caches.summaries = 4'000'000;  // every opening, decoded once for the whole run
  config.search_caches.retrievals = 20'000;    // households are matched place by place
  auto app = App::Open(config, clock);
  if (!app) return Fail(app.error());
  if (auto r = (*app)->StartIndexing(); !r) return Fail(r.error());
  BatchOptions options;
  if (a.Has("--region")) {
    auto region = (*app)->regions().Resolve(a.Get("--region"), "region");
    if (!region) return Fail(region.error());
    options.region = (*region)->code;
  }
  options.as_of = a.Get("--as-of", (*app)->Today());
  if (!ParseDate(options.as_of))
    return Fail(Error{ErrorKind::kBadRequest, "usage", "--as-of must be YYYY-MM-DD", "", {}, {}});
  auto k = CountOption(a, "--k", 3, 50);
  auto threads = CountOption(a, "--threads", 0, 256);
  if (!k || !threads) return Usage((k ? threads : k).error().message);
  options.k = std::max(1, static_cast<int>(*k));
  options.threads = static_cast<int>(*threads);
  const bool tty = isatty(STDERR_FILENO);
  auto progress = [tty](const BatchProgress& p) { ReportProgress(p, tty); };
  auto id = (*app)->RunBatch(options, progress);
  if (tty) std::fputs("\n", stderr);
  (*app)->Stop();
  if (!id) return Fail(id.error());
  auto b = (*app)->GetBatch(*id);
  if (!b) return Fail(b.error());
  std::printf("batch %lld %s\n%s\n", static_cast<long long>(*id),
              b->at("status").get<std::string>().c_str(), b->at("summary").dump(2).c_str());
  return 0;
}

int Gen(const Args& a) {
  const AppConfig config = ConfigFrom(a);
  auto taxonomy = Taxonomy::Load(config.index_dir);
  if (!taxonomy) return Fail(taxonomy.error());
  auto regions = Regions::Load(config.regions_tsv);
  if (!regions) return Fail(regions.error());
  GenerateOptions o;
  struct Count {
    const char* name;
    long long fallback;
    int64_t& into;
  };
  for (const Count& c :
       {Count{"--openings", 1000, o.openings}, Count{"--households", 400, o.households},
        Count{"--courses", 100, o.courses}, Count{"--aid", 30, o.aid}}) {
    auto n = CountOption(a, c.name, c.fallback, 100'000'000);
    if (!n) return Usage(n.error().message);
    c.into = *n;
  }
  auto seed = CountOption(a, "--seed", 1, std::numeric_limits<long long>::max());
  if (!seed) return Usage(seed.error().message);
  o.seed = static_cast<uint64_t>(*seed);
  o.out_dir = a.Get("--out", "gen");
  if (auto r = Generate(o, *taxonomy, *regions); !r) return Fail(r.error());
  std::printf("wrote %lld openings, %lld households, %lld courses, %lld aid products to %s\n",
              static_cast<long long>(o.openings), static_cast<long long>(o.households),
              static_cast<long long>(o.courses), static_cast<long long>(o.aid), o.out_dir.c_str());
  return 0;
}

const std::set<std::string> kCommon = {"--data-dir", "--index-dir", "--regions", "--data-key-file",
                                       "--shards"};

std::set<std::string> Common(std::initializer_list<std::string> more) {
  std::set<std::string> out = kCommon;
  out.insert(more);
  return out;
}

struct Command {
  CommandSpec spec;
  int (*run)(const Args&);
};

const Command kCommands[] = {
    {{"serve",
      Common({"--listen", "--threads", "--fixtures", "--ready-max-lag", "--ready-min-free-mb",
              "--max-connections", "--header-timeout", "--session-idle-minutes", "--session-hours",
              "--opening-lifetime-days", "--web-dir", "--public-url"}),
      {"--access-log", "--cookie-secure", "--trust-proxy"}},
     Serve},
    {{"import", Common({"--kind"}), {}, true}, Import},
    {{"reindex", Common({}), {}}, Reindex},
    {{"backup", Common({"--to"}), {}}, Backup},
    {{"restore", Common({"--from"}), {}}, Restore},
    {{"prune", Common({"--keep"}), {}}, Prune},
    {{"batch", Common({"--region", "--as-of", "--k", "--threads"}), {}}, Batch},
    {{"keys", Common({"--role", "--owner", "--region"}), {}, true}, Keys},
    {{"users", Common({"--username", "--role", "--region", "--display-name"}), {"--if-none"}, true},
     Users},
    {{"gen",
      {"--openings", "--households", "--courses", "--aid", "--seed", "--out", "--index-dir",
       "--regions"},
      {}},
     Gen},
};

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  using namespace jobmatch;
  umask(077);  // the data dir holds personal data: files for the owner alone
  const std::string cmd = argc < 2 ? "" : argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  for (const auto& command : kCommands) {
    if (command.spec.name != cmd) continue;
    auto args = ParseArgs(command.spec, argc, argv, 2);
    if (!args) return Usage(args.error().message);
    if (args->help) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    return command.run(*args);
  }
  return Usage(cmd.empty() ? "" : "unknown command " + cmd);
}
