// The matcher's quality and cost, in-process: for an even sample of the
// members the batch would select, the top 10 openings of the
// retrieval-then-score pipeline (the defaults: 1,000 retrieved, 300 of
// them scored) against exhaustive scoring of every opening that passes the
// hard filters.
//
//   bench_recall [SAMPLE [CANDIDATES SCORED]]   (defaults 200, and the matcher's own)
//
// Prints one line per figure: recall@10 (the mean share of the exhaustive top
// 10 that the pipeline also returns, over members with any match; ties at the
// 10th score count either way) and the per-member time of both ways (p50,
// p99). Environment as bench_search.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench_app.h"

namespace jobmatch {
namespace {

struct Run {
  std::vector<std::vector<double>> top;  // per member, the scores of the top 10
  std::vector<double> ms;                // per member
};

Run TopTen(App& app, const std::vector<int64_t>& members) {
  Run run;
  for (int64_t id : members) {
    const auto t0 = std::chrono::steady_clock::now();
    auto matches = app.Matches(id, MatchKind::kOpenings, 10);
    run.ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!matches) {
      std::fprintf(stderr, "bench_recall: member %lld: %s\n", static_cast<long long>(id),
                   matches.error().message.c_str());
      std::exit(1);
    }
    auto& scores = run.top.emplace_back();
    for (const auto& item : matches->at("items")) scores.push_back(item.at("score"));
  }
  return run;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

int Main(int sample, int candidates, int scored) {
  SystemClock clock;
  std::vector<int64_t> selected;
  {
    auto app = bench::OpenBenchApp(clock, 0);
    HouseholdFilter filter;
    filter.status = "active";
    filter.limit = std::numeric_limits<int>::max();
    auto list = app->ListHouseholds(filter, false, SystemPrincipal("bench"));
    if (!list) return 1;
    for (const auto& h : list->at("items")) {
      for (const auto& m : h.at("members")) {
        const std::string employment = m.at("employment");
        if (m.at("work_ability") != "none" &&
            (employment == "unemployed" || employment == "underemployed")) {
          selected.push_back(m.at("id"));
        }
      }
    }
  }
  std::vector<int64_t> members;
  const std::size_t step = std::max<std::size_t>(1, selected.size() / sample);
  for (std::size_t i = 0; i < selected.size() && members.size() < std::size_t(sample); i += step)
    members.push_back(selected[i]);

  Run pipeline, exhaustive;
  {
    auto app = bench::OpenBenchApp(clock, candidates, scored);
    pipeline = TopTen(*app, members);
  }
  {
    auto app = bench::OpenBenchApp(clock, -1);
    exhaustive = TopTen(*app, members);
  }
  // Ties: when more openings share the 10th best score than fit, any of them
  // is as good. So an opening the pipeline ranks in its top 10 counts when it
  // scores at least the exhaustive 10th best (scores are exact, not estimates).
  double sum = 0;
  int counted = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& want = exhaustive.top[i];
    if (want.empty()) continue;
    const double tenth = want.back();
    const auto found = std::count_if(pipeline.top[i].begin(), pipeline.top[i].end(),
                                     [&](double s) { return s >= tenth; });
    sum += static_cast<double>(found) / static_cast<double>(want.size());
    ++counted;
  }
  std::printf("members %zu (of %zu selected), with any match %d\n", members.size(), selected.size(),
              counted);
  std::printf("recall@10 %.3f\n", counted ? sum / counted : 0.0);
  std::printf("pipeline ms p50 %.2f p99 %.2f\n", Percentile(pipeline.ms, 0.5),
              Percentile(pipeline.ms, 0.99));
  std::printf("exhaustive ms p50 %.2f p99 %.2f\n", Percentile(exhaustive.ms, 0.5),
              Percentile(exhaustive.ms, 0.99));
  return 0;
}

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  return jobmatch::Main(argc > 1 ? std::atoi(argv[1]) : 200, argc > 2 ? std::atoi(argv[2]) : 0,
                        argc > 3 ? std::atoi(argv[3]) : 0);
}
