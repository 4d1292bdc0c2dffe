// What finding the same job on several boards costs (store/opening_clusters.cc):
// a store of N openings (1,000,000 by default; a fifth of the jobs posted on
// a second board, their titles decorated) is loaded in bulk requests of
// 1,000, then one more bulk request of 1,000 is posted, and beside it, in the
// same run, the clustering part of that request alone (each of its keys
// settled again). Self-contained: its own temporary store, no index, no server.
//   build/bench/bench_cluster [--openings N] [benchmark flags]
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <set>

#include "core/clock.h"
#include "core/duplicates.h"
#include "store/database.h"
#include "store/opening_store.h"

namespace jobmatch {
namespace {

int g_openings = 1'000'000;
bool g_failed = false;  // the exit status: the smoke test relies on it

constexpr const char* kBoards[] = {"苏州人才网", "江苏公共招聘网", "前程招聘", "智联苏州",
                                   "58同城"};
constexpr const char* kRegions[] = {"320505", "320506", "320507", "320508", "320509",
                                    "320581", "320582", "320583", "320585"};
constexpr std::pair<const char*, const char*> kJobs[] = {
    {"welder", "电焊工"}, {"electrician", "电工"}, {"forklift_driver", "叉车司机"},
    {"cook", "厨师"},     {"packer", "包装工"},    {"quality_inspector", "质检员"}};

// The i-th job of the market, as its first board posts it; `copy` is the
// same job on another board, its title decorated and a line added.
Opening Job(int64_t i, bool copy) {
  std::mt19937 rng(static_cast<uint32_t>(i));
  const auto& [occupation, name] = kJobs[i % std::size(kJobs)];  // an employer's differ
  Opening o;
  o.board = kBoards[(i + (copy ? 1 : 0)) % std::size(kBoards)];
  o.external_id = (copy ? "C-" : "J-") + std::to_string(i);
  o.employer = "苏州第" + std::to_string(i / 4) + "制造有限公司";  // 4 jobs an employer
  o.title = (copy ? "【急招】招聘" : "招聘") + std::string(name);
  o.description = "负责" + std::string(name) + "相关工作，第" + std::to_string(i) +
                  "号岗位，五险一金，包住宿，月休四天。" + (copy ? "欢迎来电咨询。" : "");
  o.occupation = {occupation, name, true};
  o.region = kRegions[rng() % std::size(kRegions)];
  o.positions = 1 + static_cast<int64_t>(rng() % 5);
  o.expires_at = "2099-12-31";
  return o;
}

// Jobs [from, to) and the copies of every fifth.
std::vector<Opening> Request(int64_t from, int64_t to) {
  std::vector<Opening> out;
  for (int64_t i = from; i < to; ++i) {
    out.push_back(Job(i, false));
    if (i % 5 == 0) out.push_back(Job(i, true));
  }
  return out;
}

struct Store {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "jobmatch-bench-cluster";
  SystemClock clock;
  std::unique_ptr<Database> db;
  std::unique_ptr<OpeningStore> openings;
  int64_t jobs = 0;

  Store() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db = std::move(*Database::Open((dir / "jobmatch.db").string()));
    openings = std::make_unique<OpeningStore>(*db, clock);
  }
  ~Store() {
    openings.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }
};

Store& Loaded() {
  static Store s;
  return s;
}

void BM_Load(benchmark::State& state) {
  Store& s = Loaded();
  int64_t posted = 0;
  for (auto _ : state) {
    for (int64_t from = 0; from < g_openings * 5 / 6; from += 1000) {
      auto batch = Request(from, std::min<int64_t>(from + 1000, g_openings * 5 / 6));
      if (!s.openings->Upsert(batch, "2026-12-06")) g_failed = true;
      posted += static_cast<int64_t>(batch.size());
    }
    s.jobs = g_openings * 5 / 6;
  }
  auto clustered = s.db->Read<int64_t>([](SQLite::Database& c) -> Result<int64_t> {
    return c.execAndGet("SELECT COUNT(*) FROM openings WHERE cluster IS NOT NULL").getInt64();
  });
  state.counters["openings"] = static_cast<double>(posted);
  state.counters["in_clusters"] = clustered ? static_cast<double>(*clustered) : -1;
  state.counters["openings_per_s"] =
      benchmark::Counter(static_cast<double>(posted), benchmark::Counter::kIsRate);
}

// One more bulk request of 1,000 new jobs (and their copies) into the full store.
void BM_PostRequest(benchmark::State& state) {
  Store& s = Loaded();
  for (auto _ : state) {
    auto batch = Request(s.jobs, s.jobs + 1000);
    if (!s.openings->Upsert(batch, "2026-12-06")) g_failed = true;
    s.jobs += 1000;
    state.counters["openings"] = static_cast<double>(batch.size());
  }
}

// The clustering part of such a request alone: each of its keys settled again.
void BM_ClusterRequest(benchmark::State& state) {
  Store& s = Loaded();
  std::set<std::string> keys;
  for (const Opening& o : Request(s.jobs - 1000, s.jobs)) keys.insert(DuplicateKey(o));
  for (auto _ : state) {
    auto done = s.db->Write<void>([&](SQLite::Database& c) -> Result<void> {
      for (const std::string& k : keys) ReclusterOpenings(c, k, "2026-12-06T00:00:00Z");
      return {};
    });
    if (!done) g_failed = true;
  }
  state.counters["keys"] = static_cast<double>(keys.size());
}

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--openings") == 0) {
      jobmatch::g_openings = std::atoi(argv[i + 1]);
      for (int j = i; j + 2 <= argc; ++j) argv[j] = argv[j + 2];
      argc -= 2;
      break;
    }
  }
  benchmark::RegisterBenchmark("BM_Load", jobmatch::BM_Load)
      ->Unit(benchmark::kSecond)
      ->UseRealTime()
      ->Iterations(1);
  for (auto* bm :
       {benchmark::RegisterBenchmark("BM_PostRequest", jobmatch::BM_PostRequest),
        benchmark::RegisterBenchmark("BM_ClusterRequest", jobmatch::BM_ClusterRequest)}) {
    bm->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return jobmatch::g_failed ? 1 : 0;
}
