// jobmatch: the command line. serve | import | reindex | keys.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/generate.h"
#include "http/server.h"
#include "service/app.h"

namespace jobmatch {
namespace {

constexpr std::size_t kImportBatch = 1000;

const char kUsage[] =
    "usage: jobmatch <command> [options]\n"
    "  serve   --data-dir DIR --listen HOST:PORT [--threads N] [--fixtures DIR] [--access-log]\n"
    "          starts with whatever DIR holds; --fixtures loads DIR/*.jsonl (openings, courses,\n"
    "          aid products, households) into an empty store. SIGINT/SIGTERM shut down cleanly.\n"
    "  import  --data-dir DIR [--kind openings|courses|aid|households] FILE...\n"
    "          JSON lines; openings each carry a \"board\"\n"
    "  reindex --data-dir DIR           rebuilds the search index from the store (server stopped)\n"
    "  batch   --data-dir DIR [--region R] [--as-of YYYY-MM-DD] [--k K] [--threads N]\n"
    "          runs the employment and entrepreneurship batch (server stopped)\n"
    "  keys create --data-dir DIR --role ROLE [--owner OWNER]   prints a new API key once\n"
    "  gen     --openings N --households M --courses C --aid A --seed S --out DIR\n"
    "          believable data at any scale, deterministic for a seed\n"
    "  keys revoke --data-dir DIR ID\n"
    "common: --index-dir DIR (default: the source tree's index/), --regions FILE\n"
    "          --data-key-file FILE: the 256-bit key (64 hex digits) that encrypts ID numbers\n"
    "environment: JOBMATCH_ADMIN_KEY, the bootstrap admin key; JOBMATCH_DATA_KEY, the data key\n";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool Has(const std::string& k) const { return options.contains(k); }
  std::string Get(const std::string& k, std::string fallback = "") const {
    auto it = options.find(k);
    return it == options.end() ? fallback : it->second;
  }
};

Args ParseArgs(int argc, char** argv, int first) {
  static const std::set<std::string> kFlags = {"--access-log"};
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      if (kFlags.contains(s) || i + 1 >= argc) {
        a.options[s] = "1";
      } else {
        a.options[s] = argv[++i];
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

AppConfig ConfigFrom(const Args& a) {
  AppConfig c;
  c.data_dir = a.Get("--data-dir", "data");
  c.index_dir = a.Get("--index-dir", JOBMATCH_SOURCE_DIR "/index");
  c.regions_tsv = a.Get("--regions", JOBMATCH_SOURCE_DIR "/fixtures/regions.tsv");
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
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
      std::fprintf(stderr, "%s:%d: not valid JSON\n", file.c_str(), n);
      ++bad;
      continue;
    }
    if (auto r = fn(n, std::move(j)); !r) return std::unexpected(r.error());
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
                               : kind == "aid"   ? app.PutAidProduct(std::nullopt, j)
                                                 : app.CreateHousehold(j, warnings);
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

int Serve(const Args& a) {
  auto options = ParseListen(a.Get("--listen", "127.0.0.1:8080"), ServerOptions{});
  if (!options) return Fail(options.error());
  options->threads = std::atoi(a.Get("--threads", "2").c_str());
  if (options->threads < 1) options->threads = 1;
  options->access_log = a.Has("--access-log");

  // Block the shutdown signals in every thread we start; main waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  const AppConfig config = ConfigFrom(a);
  auto app = App::Open(config, clock);
  if (!app) return Fail(app.error());
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
    auto count = (*app)->CountOpenings();
    if (!count) return Fail(count.error());
    if (*count == 0) {  // a new store: load every fixture
      const std::string dir = a.Get("--fixtures");
      for (const auto& [kind, file] :
           std::vector<std::pair<std::string, std::string>>{{"openings", "openings.jsonl"},
                                                            {"courses", "courses.jsonl"},
                                                            {"aid", "aid_products.jsonl"},
                                                            {"households", "households.jsonl"}}) {
        if (!std::filesystem::exists(dir + "/" + file)) continue;
        auto r = ImportKind(**app, kind, {dir + "/" + file});
        if (!r) return Fail(r.error());
      }
    }
  }
  auto caught_up = (*app)->StartIndexing();
  if (!caught_up) return Fail(caught_up.error());
  if (*caught_up > 0) std::printf("index caught up with %lld changes\n", (long long)*caught_up);

  {
    Api api(**app);
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

int Reindex(const Args& a) {
  SystemClock clock;
  auto n = App::Reindex(ConfigFrom(a), clock);
  if (!n) return Fail(n.error());
  std::printf("reindexed %lld openings\n", (long long)*n);
  return 0;
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
  options.k = std::max(1, std::atoi(a.Get("--k", "3").c_str()));
  options.threads = std::atoi(a.Get("--threads", "0").c_str());
  const bool tty = isatty(STDERR_FILENO);
  auto progress = [tty](const BatchProgress& p) {
    if (p.total == 0) return;
    if (!tty) {  // a line at every tenth, for logs; each `done` is reported once
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
  };
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
  o.openings = std::atoll(a.Get("--openings", "1000").c_str());
  o.households = std::atoll(a.Get("--households", "400").c_str());
  o.courses = std::atoll(a.Get("--courses", "100").c_str());
  o.aid = std::atoll(a.Get("--aid", "30").c_str());
  o.seed = std::strtoull(a.Get("--seed", "1").c_str(), nullptr, 10);
  o.out_dir = a.Get("--out", "gen");
  if (auto r = Generate(o, *taxonomy, *regions); !r) return Fail(r.error());
  std::printf("wrote %lld openings, %lld households, %lld courses, %lld aid products to %s\n",
              static_cast<long long>(o.openings), static_cast<long long>(o.households),
              static_cast<long long>(o.courses), static_cast<long long>(o.aid), o.out_dir.c_str());
  return 0;
}

int Keys(const Args& a) {
  SystemClock clock;
  AppConfig config = ConfigFrom(a);
  config.open_index = false;
  auto app = App::Open(config, clock);
  if (!app) return Fail(app.error());
  const std::string sub = a.positional.empty() ? "" : a.positional[0];
  if (sub == "create") {
    nlohmann::json body = {{"role", a.Get("--role")}, {"owner", a.Get("--owner")}};
    auto key = (*app)->CreateKey(body);
    if (!key) return Fail(key.error());
    std::printf("id:  %s\nkey: %s\n(shown once; only its hash is stored)\n", key->id.c_str(),
                key->key.c_str());
    return 0;
  }
  if (sub == "revoke" && a.positional.size() == 2) {
    if (auto r = (*app)->RevokeKey(a.positional[1]); !r) return Fail(r.error());
    std::printf("revoked %s\n", a.positional[1].c_str());
    return 0;
  }
  std::fputs(kUsage, stderr);
  return 64;
}

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  using namespace jobmatch;
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 64;
  }
  const std::string cmd = argv[1];
  const Args args = ParseArgs(argc, argv, 2);
  if (cmd == "serve") return Serve(args);
  if (cmd == "import") return Import(args);
  if (cmd == "reindex") return Reindex(args);
  if (cmd == "keys") return Keys(args);
  if (cmd == "batch") return Batch(args);
  if (cmd == "gen") return Gen(args);
  std::fputs(kUsage, stderr);
  return 64;
}
