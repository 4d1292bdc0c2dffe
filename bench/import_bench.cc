// Households from spreadsheets at scale: a workbook of N member rows (10,000
// by default) read and imported into an empty archive, imported again (every
// household an update), and beside them the reference: the same households
// filed one by one as POST /v1/households files them (App::CreateHousehold,
// without HTTP). Each import writes each household in its own durable
// transaction. Self-contained: its own temporary data dir, no server.
//   build/bench/bench_import [--rows N] [benchmark flags]
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <set>

#include "core/clock.h"
#include "core/id_number.h"
#include "service/app.h"
#include "service/household_sheet.h"
#include "sheet/csv.h"
#include "sheet/xlsx.h"

namespace jobmatch {
namespace {

int g_rows = 10'000;
bool g_failed = false;  // the exit status: the smoke test relies on it

constexpr const char* kRegions[] = {"320505", "320506", "320507", "320508", "320509",
                                    "320581", "320582", "320583", "320585"};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
constexpr const char* kGiven[] = {"建国", "秀英", "伟", "芳", "娜", "敏", "静", "强", "磊", "军"};
constexpr const char* kSkills[] = {"焊条电弧焊（中级）", "叉车操作（初级，持证）",
                                   "低压电工作业",       "电子产品装配",
                                   "注塑成型",           "收银",
                                   "仓储管理",           ""};
constexpr const char* kWants[] = {"焊工", "普工", "电工", "包装工", "质检员", ""};

// The template's columns, filled for `rows` members in households of one to
// four, every ID number valid and unique.
Table MakeSheet(int rows) {
  Table t = HouseholdTemplate();
  t.rows.clear();
  std::mt19937 rng(20261206);
  int household = 0, member = 0;
  std::set<std::string> ids;
  while (static_cast<int>(t.rows.size()) < rows) {
    const int size = 1 + static_cast<int>(rng() % 4);
    const std::string region = kRegions[rng() % std::size(kRegions)];
    const std::string archive = "BENCH-" + std::to_string(++household);
    for (int i = 0; i < size && static_cast<int>(t.rows.size()) < rows; ++i, ++member) {
      const bool male = rng() % 2;
      std::string id;
      do {  // a new person each time
        char first17[18];
        std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%02d%d", region.c_str(),
                      1966 + static_cast<int>(rng() % 40), 1 + static_cast<int>(rng() % 12),
                      1 + static_cast<int>(rng() % 28), static_cast<int>(rng() % 100),
                      static_cast<int>(rng() % 5) * 2 + (male ? 1 : 0));
        id = std::string(first17) + IdCheckDigit(first17);
      } while (!ids.insert(id).second);
      // Only the first row of a household repeats its columns (merged cells).
      const bool first = i == 0;
      t.rows.push_back({static_cast<int>(t.rows.size()) + 2,
                        {first ? archive : "",
                         first ? region : "",
                         first ? "姑苏区平江路" + std::to_string(household) + "号" : "",
                         first ? "失业、疾病" : "",
                         first ? (rng() % 3 ? "否" : "是") : "",
                         first ? std::to_string(1000 + rng() % 3000) : "",
                         first ? "李红" : "",
                         first ? "区总工会" : "",
                         std::string(kSurnames[rng() % 10]) + kGiven[rng() % 10],
                         id,
                         male ? "男" : "女",
                         "",
                         "初中",
                         "",
                         "完全",
                         rng() % 4 ? "失业" : "灵活就业",
                         "",  // 岗位类别
                         "",  // 退休后愿意工作
                         kSkills[rng() % std::size(kSkills)],
                         kWants[rng() % std::size(kWants)],
                         "本市",
                         "",
                         "",
                         "否",
                         ""}});
    }
  }
  return t;
}

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<App> app;
  SystemClock clock;
  explicit Fixture(const char* name) {
    dir = std::filesystem::temp_directory_path() / ("jobmatch-bench-import-" + std::string(name));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    AppConfig config;
    config.data_dir = dir.string();
    config.index_dir = JOBMATCH_SOURCE_DIR "/index";
    config.regions_tsv = JOBMATCH_SOURCE_DIR "/fixtures/regions.tsv";
    config.data_key = std::string(64, 'a');
    config.open_index = false;
    auto opened = App::Open(config, clock);
    if (!opened) std::abort();
    app = std::move(*opened);
  }
  ~Fixture() {
    app.reset();
    std::filesystem::remove_all(dir);
  }
};

const std::string& Workbook() {
  static const std::string bytes = *WriteXlsx({{"家庭成员", MakeSheet(g_rows), true}});
  return bytes;
}

void Check(benchmark::State& state, const Result<nlohmann::json>& r, const char* counted) {
  if (!r || !(*r)["failed"].empty()) {
    g_failed = true;
    state.SkipWithError(r ? (*r)["failed"][0]["message"].get<std::string>().c_str()
                          : r.error().message.c_str());
    return;
  }
  state.counters["households"] = (*r)[counted].get<double>();
}

void BM_ReadXlsx(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ReadXlsx(Workbook()));
  state.counters["rows"] = g_rows;
  state.counters["bytes"] = static_cast<double>(Workbook().size());
}

void BM_ImportXlsx(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    Fixture f("new");
    state.ResumeTiming();
    auto t = ReadXlsx(Workbook());
    Check(state, f.app->ImportHouseholds(*t, false, SystemPrincipal("bench")), "imported");
  }
  state.counters["rows"] = g_rows;
}

void BM_ImportXlsxAgain(benchmark::State& state) {
  Fixture f("again");
  auto first = f.app->ImportHouseholds(*ReadXlsx(Workbook()), false, SystemPrincipal("bench"));
  if (!first) std::abort();
  for (auto _ : state) {
    auto t = ReadXlsx(Workbook());
    Check(state, f.app->ImportHouseholds(*t, false, SystemPrincipal("bench")), "updated");
  }
  state.counters["rows"] = g_rows;
}

// The reference: the same households as JSON, filed one at a time.
void BM_CreateOneByOne(benchmark::State& state) {
  auto sheet = HouseholdsFromSheet(*ReadXlsx(Workbook()));
  for (auto _ : state) {
    state.PauseTiming();
    Fixture f("json");
    state.ResumeTiming();
    for (const auto& h : sheet->households) {
      std::vector<std::string> warnings;
      if (!f.app->CreateHousehold(h.body, warnings, SystemPrincipal("bench"))) {
        g_failed = true;
        state.SkipWithError("a household was refused");
        return;
      }
    }
    state.counters["households"] = static_cast<double>(sheet->households.size());
  }
  state.counters["rows"] = g_rows;
}

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rows") == 0) {
      jobmatch::g_rows = std::atoi(argv[i + 1]);
      for (int j = i; j + 2 <= argc; ++j) argv[j] = argv[j + 2];
      argc -= 2;
      break;
    }
  }
  for (auto* bm :
       {benchmark::RegisterBenchmark("BM_ReadXlsx", jobmatch::BM_ReadXlsx),
        benchmark::RegisterBenchmark("BM_ImportXlsx", jobmatch::BM_ImportXlsx),
        benchmark::RegisterBenchmark("BM_ImportXlsxAgain", jobmatch::BM_ImportXlsxAgain),
        benchmark::RegisterBenchmark("BM_CreateOneByOne", jobmatch::BM_CreateOneByOne)}) {
    bm->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1)->Repetitions(1);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return jobmatch::g_failed ? 1 : 0;
}
