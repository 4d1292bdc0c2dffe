// In-process search figures, beside the embedded-SQLite way of doing the same
// searches, in one run (bench/run.sh drives it; docs/performance.md reads it).
//
//   BM_InProcess/<kind>: the API's own handler (routing, key check, query
//     parsing, Xapian, JSON encoding) called directly: jobmatch without HTTP.
//   BM_Sqlite/<kind>: the same queries on one SQLite file holding the same
//     openings, the way an embedded user would: FTS5 with the trigram
//     tokenizer for words of three or more characters, LIKE on the base table
//     for shorter ones (trigram cannot match 焊工), a COUNT(*) for the total,
//     GROUP BY for facets.
//
// Environment: JOBMATCH_BENCH_DATA (a data dir whose index is caught up, the
// server stopped), JOBMATCH_BENCH_CORPUS (the openings.jsonl it was loaded
// from), JOBMATCH_ADMIN_KEY, JOBMATCH_DATA_KEY. `bench_search --list KIND`
// prints the HTTP paths of a kind, one per line, for wrk.
#include <benchmark/benchmark.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_app.h"
#include "core/clock.h"
#include "http/api.h"
#include "http/url.h"

namespace jobmatch {
namespace {

// One query, said both ways. The SQL parts are what an embedded user would
// write for the same request (see the file comment).
struct BenchQuery {
  const char* kind;
  const char* path;   // the HTTP request, percent-encoded
  const char* words;  // q, or "" for none
  const char* where;  // SQL filters beyond the text and expiry, or ""
  const char* order;  // SQL ORDER BY for a sorted query, or ""
  bool facets;
};

const BenchQuery kQueries[] = {
    {"plain", "/v1/openings?q=%E7%84%8A%E5%B7%A5", "焊工", "", "", false},
    {"plain", "/v1/openings?q=%E4%BF%9D%E6%B4%81", "保洁", "", "", false},
    {"plain", "/v1/openings?q=%E5%8F%89%E8%BD%A6%E5%8F%B8%E6%9C%BA", "叉车司机", "", "", false},
    {"filtered", "/v1/openings?q=%E7%84%8A%E5%B7%A5&region=440300", "焊工", "region LIKE '4403%'",
     "", false},
    {"filtered", "/v1/openings?q=%E4%BF%9D%E6%B4%81&region=110000&education=junior", "保洁",
     "region LIKE '11%' AND education <= 1", "", false},
    {"filtered", "/v1/openings?occupation=forklift_driver&wage_min=6000", "",
     "occupation = 'forklift_driver' AND wage_max >= 6000", "", false},
    {"faceted", "/v1/openings?q=%E7%84%8A%E5%B7%A5&facets=region,occupation,skill", "焊工", "", "",
     true},
    {"faceted", "/v1/openings?region=320500&facets=region,occupation,skill", "",
     "region LIKE '3205%'", "", true},
    {"sorted", "/v1/openings?q=%E7%84%8A%E5%B7%A5&sort=date", "焊工", "", "updated_at DESC", false},
    {"sorted", "/v1/openings?region=440000&sort=wage", "", "region LIKE '44%'", "wage_max DESC",
     false},
};

using bench::Env;

std::vector<const BenchQuery*> OfKind(const std::string& kind) {
  std::vector<const BenchQuery*> out;
  for (const auto& q : kQueries) {
    if (kind == q.kind) out.push_back(&q);
  }
  return out;
}

HttpRequest RequestFor(const BenchQuery& q, const std::string& key) {
  HttpRequest req;
  req.method = "GET";
  const std::string path = q.path;
  const auto mark = path.find('?');
  req.path = path.substr(0, mark);
  std::string rest = path.substr(mark + 1);
  for (std::size_t start = 0; start <= rest.size();) {
    std::size_t end = rest.find('&', start);
    if (end == std::string::npos) end = rest.size();
    const std::string pair = rest.substr(start, end - start);
    const auto eq = pair.find('=');
    req.query[*PercentDecode(pair.substr(0, eq))] = *PercentDecode(pair.substr(eq + 1));
    start = end + 1;
  }
  req.authorization = "Bearer " + key;
  return req;
}

// --- jobmatch in-process ---------------------------------------------------

struct Service {
  SystemClock clock;
  std::unique_ptr<App> app;
  std::unique_ptr<Api> api;
};

Service& TheService() {
  static Service* s = [] {
    auto* s = new Service;
    s->app = bench::OpenBenchApp(s->clock);
    s->api = std::make_unique<Api>(*s->app);
    return s;
  }();
  return *s;
}

void BM_InProcess(benchmark::State& state, const std::string& kind) {
  Service& s = TheService();
  std::vector<HttpRequest> requests;
  for (const auto* q : OfKind(kind)) requests.push_back(RequestFor(*q, Env("JOBMATCH_ADMIN_KEY")));
  std::size_t i = 0;
  for (auto _ : state) {
    HttpRequest req = requests[i++ % requests.size()];
    HttpResponse resp = s.api->Handle(req);
    if (resp.status != 200) {
      state.SkipWithError(("status " + std::to_string(resp.status) + ": " + resp.body).c_str());
      break;
    }
    benchmark::DoNotOptimize(resp.body.data());
  }
}

// --- SQLite, the embedded way ----------------------------------------------

// Builds (once) a SQLite file beside the data dir from the corpus.
SQLite::Database& TheSqlite() {
  static SQLite::Database* db = [] {
    const std::string path = std::string(Env("JOBMATCH_BENCH_DATA")) + "/reference.db";
    const bool fresh = !std::filesystem::exists(path);
    auto* db = new SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (!fresh) return db;
    db->exec(
        "CREATE TABLE openings (id INTEGER PRIMARY KEY, text TEXT, region TEXT, occupation TEXT,"
        " skills TEXT, education INTEGER, wage_max INTEGER, expires_at TEXT, updated_at INTEGER,"
        " doc TEXT);"
        "CREATE VIRTUAL TABLE openings_fts USING fts5(text, content='openings',"
        " content_rowid='id', tokenize='trigram');"
        "CREATE INDEX openings_region ON openings(region);"
        "CREATE INDEX openings_occupation ON openings(occupation);");
    SQLite::Transaction txn(*db);
    SQLite::Statement insert(*db, "INSERT INTO openings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::ifstream in(Env("JOBMATCH_BENCH_CORPUS"));
    std::string line;
    for (int64_t id = 1; std::getline(in, line); ++id) {
      auto j = nlohmann::json::parse(line);
      std::string skills;
      for (const auto& s : j.at("skills")) skills += s.at("skill").get<std::string>() + " ";
      const std::string text = j.value("title", "") + " " + j.value("employer", "") + " " +
                               j.value("occupation", "") + " " + skills + " " +
                               j.value("description", "");
      const auto edu = ParseEducation(j.value("education", "none"));
      insert.bind(1, id);
      insert.bind(2, text);
      insert.bind(3, j.at("region").get<std::string>());
      insert.bind(4, j.at("occupation").get<std::string>());
      insert.bind(5, j.at("skills").dump());
      insert.bind(6, EducationRank(edu.value_or(Education::kNone)));
      insert.bind(7, j.value("wage_max", int64_t{0}));
      insert.bind(8, j.at("expires_at").get<std::string>());
      insert.bind(9, id);  // the corpus is in posting order
      insert.bind(10, line);
      insert.exec();
      insert.reset();
    }
    db->exec("INSERT INTO openings_fts(openings_fts) VALUES ('rebuild')");
    txn.commit();
    return db;
  }();
  return *db;
}

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The SQL for one request: a page, its total and (faceted) three GROUP BYs.
std::vector<std::string> SqlFor(const BenchQuery& q, const std::string& today) {
  std::string from = "openings o";
  std::string where = "o.expires_at >= '" + today + "'";
  std::string order = q.order;
  const std::string words = q.words;
  if (!words.empty() && CodePoints(words) >= 3) {
    from = "openings_fts f JOIN openings o ON o.id = f.rowid";
    where += " AND openings_fts MATCH '\"" + words + "\"'";
    if (order.empty()) order = "f.rank";
  } else if (!words.empty()) {
    where += " AND o.text LIKE '%" + words + "%'";
  }
  if (*q.where) where += std::string(" AND ") + q.where;
  if (order.empty()) order = "o.updated_at DESC";
  const std::string base = " FROM " + from + " WHERE " + where;
  std::vector<std::string> out = {"SELECT o.doc" + base + " ORDER BY " + order + " LIMIT 20",
                                  "SELECT COUNT(*)" + base};
  if (q.facets) {
    out.push_back("SELECT substr(o.region, 1, 4), COUNT(*)" + base + " GROUP BY 1");
    out.push_back("SELECT o.occupation, COUNT(*)" + base + " GROUP BY 1");
    out.push_back("SELECT json_extract(s.value, '$.skill'), COUNT(*) FROM " + from +
                  ", json_each(o.skills) s WHERE " + where + " GROUP BY 1");
  }
  return out;
}

void BM_Sqlite(benchmark::State& state, const std::string& kind) {
  SQLite::Database& db = TheSqlite();
  const std::string today = DateOf(SystemClock().Now());
  std::vector<std::vector<std::unique_ptr<SQLite::Statement>>> requests;
  for (const auto* q : OfKind(kind)) {
    auto& stmts = requests.emplace_back();
    for (const auto& sql : SqlFor(*q, today))
      stmts.push_back(std::make_unique<SQLite::Statement>(db, sql));
  }
  std::size_t i = 0;
  int64_t rows = 0;
  for (auto _ : state) {
    for (auto& stmt : requests[i++ % requests.size()]) {
      while (stmt->executeStep()) ++rows;
      stmt->reset();
    }
  }
  benchmark::DoNotOptimize(rows);
}

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--list") {
    for (const auto* q : jobmatch::OfKind(argv[2])) std::cout << q->path << "\n";
    return 0;
  }
  for (const char* kind : {"plain", "filtered", "faceted", "sorted"}) {
    benchmark::RegisterBenchmark((std::string("BM_InProcess/") + kind).c_str(),
                                 jobmatch::BM_InProcess, std::string(kind))
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark((std::string("BM_Sqlite/") + kind).c_str(), jobmatch::BM_Sqlite,
                                 std::string(kind))
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
