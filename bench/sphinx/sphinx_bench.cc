// Sphinx searchd 2.2 over SphinxQL as a reference for jobmatch's search:
// one Google Benchmark per query kind (plain, filtered, faceted, sorted) from
// queries.sql. Each iteration sends the next query of its kind (round robin)
// as one multi-statement batch -- the SELECT, its FACETs and
// SHOW META LIKE 'total_found' -- and fetches every row of every result set.
//
//   SPHINX_PORT     SphinxQL port on 127.0.0.1 (default 19306)
//   SPHINX_QUERIES  queries file (default: queries.sql beside this source)
//   SPHINX_THREADS  comma-separated thread counts, one connection per thread (default 1)
//
// Counters: us_per_query (mean wall time of one query, per thread),
// queries_per_s (all threads), rows_per_query, result_sets_per_query,
// total_found_per_query. The label lists each query's total_found.
#include <benchmark/benchmark.h>
#include <mysql.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#ifndef SPHINX_QUERIES_DEFAULT
#define SPHINX_QUERIES_DEFAULT "queries.sql"
#endif

namespace {

struct Query {
  std::string label;  // the jobmatch parameters, e.g. q=焊工&region=440300
  std::string sql;    // statements separated by ';', no trailing ';'
};

const char* Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// "-- @kind label" opens a query; its lines run to the next blank line.
std::map<std::string, std::vector<Query>> LoadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "sphinx_bench: cannot read %s (set SPHINX_QUERIES)\n", path.c_str());
    std::exit(2);
  }
  std::map<std::string, std::vector<Query>> out;
  std::vector<Query>* kind = nullptr;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("-- @", 0) == 0) {
      std::istringstream words(line.substr(4));
      std::string name, label;
      words >> name;
      std::getline(words, label);
      kind = &out[name];
      kind->push_back({Trim(label), ""});
    } else if (Trim(line).empty()) {
      kind = nullptr;
    } else if (kind != nullptr && line.rfind("--", 0) != 0) {
      kind->back().sql += line + "\n";
    }
  }
  for (auto& [name, queries] : out) {
    for (auto& q : queries) {
      q.sql = Trim(q.sql);
      while (!q.sql.empty() && q.sql.back() == ';') q.sql = Trim(q.sql.substr(0, q.sql.size() - 1));
    }
  }
  return out;
}

struct Closer {
  void operator()(MYSQL* c) const { mysql_close(c); }
};
using Connection = std::unique_ptr<MYSQL, Closer>;

Connection Connect(std::string& error) {
  const unsigned port = static_cast<unsigned>(std::atoi(Env("SPHINX_PORT", "19306")));
  Connection c(mysql_init(nullptr));
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(c.get(), MYSQL_OPT_PROTOCOL, &protocol);
  if (mysql_real_connect(c.get(), "127.0.0.1", "", "", nullptr, port, nullptr,
                         CLIENT_MULTI_STATEMENTS) == nullptr) {
    error = "connect to 127.0.0.1:" + std::to_string(port) + ": " + mysql_error(c.get());
    return nullptr;
  }
  return c;
}

struct Outcome {
  int64_t rows = 0;         // all rows of all result sets
  int64_t result_sets = 0;  // hits, one per FACET, SHOW META
  int64_t total_found = -1;
  std::string error;
};

// Sends one batch and drains every result set.
Outcome Run(MYSQL* c, const std::string& sql) {
  Outcome o;
  if (mysql_real_query(c, sql.data(), sql.size()) != 0) {
    o.error = mysql_error(c);
    return o;
  }
  for (;;) {
    if (MYSQL_RES* res = mysql_use_result(c)) {
      ++o.result_sets;
      const bool meta = mysql_num_fields(res) == 2 &&
                        std::string(mysql_fetch_field_direct(res, 0)->name) == "Variable_name";
      while (MYSQL_ROW row = mysql_fetch_row(res)) {
        ++o.rows;
        unsigned long* len = mysql_fetch_lengths(res);
        benchmark::DoNotOptimize(len);
        if (meta && row[0] != nullptr && row[1] != nullptr &&
            std::string(row[0]) == "total_found") {
          o.total_found = std::atoll(row[1]);
        }
      }
      mysql_free_result(res);
    } else if (mysql_field_count(c) != 0) {
      o.error = mysql_error(c);
      return o;
    }
    const int next = mysql_next_result(c);
    if (next < 0) break;
    if (next > 0) {
      o.error = mysql_error(c);
      return o;
    }
  }
  return o;
}

void BM_Kind(benchmark::State& state, const std::vector<Query>* queries) {
  std::string error;
  Connection c = Connect(error);
  if (!c) {
    state.SkipWithError(error.c_str());
    return;
  }
  // One untimed pass: every query must work; its totals go in the label.
  std::string totals;
  for (const auto& q : *queries) {
    Outcome o = Run(c.get(), q.sql);
    if (!o.error.empty()) {
      const std::string e = q.label + ": " + o.error;
      state.SkipWithError(e.c_str());
      return;
    }
    if (!totals.empty()) totals += ',';
    totals += std::to_string(o.total_found);
  }

  int64_t rows = 0, result_sets = 0, total_found = 0;
  std::size_t next = static_cast<std::size_t>(state.thread_index());
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const Query& q = (*queries)[next++ % queries->size()];
    Outcome o = Run(c.get(), q.sql);
    if (!o.error.empty()) {
      const std::string e = q.label + ": " + o.error;
      state.SkipWithError(e.c_str());
      break;
    }
    rows += o.rows;
    result_sets += o.result_sets;
    total_found += o.total_found;
  }
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  const double n = static_cast<double>(state.iterations());
  using benchmark::Counter;
  state.counters["us_per_query"] = Counter(n > 0 ? us / n : 0, Counter::kAvgThreads);
  state.counters["queries_per_s"] = Counter(n, Counter::kIsRate);
  state.counters["rows_per_query"] = Counter(static_cast<double>(rows), Counter::kAvgIterations);
  state.counters["result_sets_per_query"] =
      Counter(static_cast<double>(result_sets), Counter::kAvgIterations);
  state.counters["total_found_per_query"] =
      Counter(static_cast<double>(total_found), Counter::kAvgIterations);
  std::string label = "total_found ";
  label += totals;
  state.SetLabel(label);
}

}  // namespace

int main(int argc, char** argv) {
  static const auto queries = LoadQueries(Env("SPHINX_QUERIES", SPHINX_QUERIES_DEFAULT));
  std::vector<int> threads;
  std::stringstream list(Env("SPHINX_THREADS", "1"));
  for (std::string t; std::getline(list, t, ',');) {
    if (std::atoi(t.c_str()) > 0) threads.push_back(std::atoi(t.c_str()));
  }
  if (threads.empty()) threads.push_back(1);

  for (const char* kind : {"plain", "filtered", "faceted", "sorted"}) {
    auto it = queries.find(kind);
    if (it == queries.end() || it->second.empty()) {
      std::fprintf(stderr, "sphinx_bench: no \"-- @%s\" query in the queries file\n", kind);
      return 2;
    }
    auto* b =
        benchmark::RegisterBenchmark((std::string("sphinx/") + kind).c_str(), BM_Kind, &it->second);
    b->Unit(benchmark::kMicrosecond)->UseRealTime();
    for (int t : threads) b->Threads(t);
  }
  mysql_library_init(0, nullptr, nullptr);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  mysql_library_end();
  return 0;
}
