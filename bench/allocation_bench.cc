// The allocation's first pass, optimal against greedy on the same market:
// households served per tier, the total score of their jobs, the time and
// the process's peak memory. The reference is the greedy pass the batch
// used before: households by tier, best score and id, each taking the best
// opening with room.
//
// Markets are generated as scarce ones are seen: every household reaches
// --min to --max openings drawn with a popularity skew, each opening has 1–3
// positions × 3, about as many places as households. Or --input FILE reads
// what a real batch allocated (written when JOBMATCH_DUMP_ALLOCATION names a
// file, AllocationInputText).
//   build/bench/bench_allocation [--households N] [--min K] [--max K]
//       [--zero SHARE] [--seed S] [--input FILE] [benchmark flags]
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "batch/allocation.h"

namespace jobmatch {
namespace {

struct Settings {
  int households = 20'000;
  int min = 3, max = 5;
  double zero = 1.0;  // the share of zero-employment households; the rest spread over tiers 1–3
  unsigned seed = 1;
  std::string input;
} g;

struct Market {
  std::vector<HouseholdCandidates> households;
  AllocationLimits limits;
};

Market Generate() {
  std::mt19937 rng(g.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  Market m;
  const int openings = std::max(1, g.households / 6);
  std::vector<double> weight(openings);
  for (int i = 0; i < openings; ++i) weight[i] = 1 / std::pow(i + 1, 0.8);
  std::discrete_distribution<int> popular(weight.begin(), weight.end());
  for (int o = 1; o <= openings; ++o) m.limits.opening_cap[o] = (1 + rng() % 3) * 3;
  for (int h = 1; h <= g.households; ++h) {
    HouseholdCandidates hc{h, Tier::kZeroEmployment, true, {}};
    if (unit(rng) >= g.zero) {
      hc.tier = static_cast<Tier>(1 + rng() % 3);
      hc.zero_employment = false;
    }
    MemberCandidates mc{h, true, {}, {}, false, false};
    std::set<int> reach;
    const int n = g.min + static_cast<int>(rng() % (g.max - g.min + 1));
    while (static_cast<int>(reach.size()) < std::min(n, openings)) reach.insert(1 + popular(rng));
    for (int o : reach)
      mc.openings.push_back({o, std::round((0.4 + 0.6 * unit(rng)) * 1000) / 1000});
    std::sort(mc.openings.begin(), mc.openings.end(), [](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
    hc.members.push_back(std::move(mc));
    m.households.push_back(std::move(hc));
  }
  return m;
}

Market Read(const std::string& path) {
  Market m;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    char kind;
    s >> kind;
    if (kind == 'H') {
      int64_t id;
      int tier, zero;
      s >> id >> tier >> zero;
      m.households.push_back({id, static_cast<Tier>(tier), zero != 0, {}});
    } else if (kind == 'M') {
      MemberCandidates mc{};
      int able;
      s >> mc.member_id >> able;
      mc.able = able != 0;
      for (Candidate c; s >> c.id >> c.score;) mc.openings.push_back(c);
      m.households.back().members.push_back(std::move(mc));
    } else if (kind == 'C') {
      int64_t id, cap;
      s >> id >> cap;
      m.limits.opening_cap[id] = cap;
    }
  }
  return m;
}

const Market& TheMarket() {
  static const Market m = g.input.empty() ? Generate() : Read(g.input);
  return m;
}

// The greedy pass: households by tier, best score, id; each takes the best
// opening with room across its able members.
std::vector<CoverPick> Greedy(const Market& m) {
  std::vector<const HouseholdCandidates*> order;
  auto best = [](const HouseholdCandidates& h) {
    double b = 0;
    for (const auto& mc : h.members) {
      if (!mc.openings.empty()) b = std::max(b, mc.openings.front().score);
    }
    return b;
  };
  for (const auto& h : m.households) order.push_back(&h);
  std::sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
    if (a->tier != b->tier) return a->tier < b->tier;
    if (best(*a) != best(*b)) return best(*a) > best(*b);
    return a->household_id < b->household_id;
  });
  std::unordered_map<int64_t, int64_t> room = m.limits.opening_cap;
  std::vector<CoverPick> picks;
  for (const auto* h : order) {
    const Candidate* pick = nullptr;
    int64_t member = 0;
    for (const auto& mc : h->members) {
      if (!mc.able) continue;
      for (const auto& c : mc.openings) {
        if (room[c.id] <= 0) continue;
        if (pick == nullptr || c.score > pick->score) {
          pick = &c;
          member = mc.member_id;
        }
        break;
      }
    }
    if (pick == nullptr) continue;
    --room[pick->id];
    picks.push_back({h->household_id, member, pick->id});
  }
  return picks;
}

std::vector<CoverPick> Optimal(const Market& m) {
  std::vector<CoverHousehold> input;
  for (const auto& h : m.households) {
    CoverHousehold ch{h.household_id, static_cast<int>(h.tier), {}};
    for (const auto& mc : h.members) {
      if (!mc.able) continue;
      for (const auto& c : mc.openings) {
        ch.arcs.push_back({c.id, mc.member_id, static_cast<int32_t>(std::lround(c.score * 1000))});
      }
    }
    input.push_back(std::move(ch));
  }
  return Cover(std::move(input), m.limits.opening_cap);
}

void Report(benchmark::State& state, const Market& m, const std::vector<CoverPick>& picks) {
  std::unordered_map<int64_t, const HouseholdCandidates*> by_id;
  for (const auto& h : m.households) by_id[h.household_id] = &h;
  int64_t served[4] = {}, households[4] = {};
  double score = 0;
  for (const auto& h : m.households) ++households[static_cast<int>(h.tier)];
  for (const auto& p : picks) {
    const auto& h = *by_id.at(p.household);
    ++served[static_cast<int>(h.tier)];
    for (const auto& mc : h.members) {
      if (mc.member_id != p.member) continue;
      for (const auto& c : mc.openings) {
        if (c.id == p.opening) score += c.score;
      }
    }
  }
  for (int t = 0; t < 4; ++t) {
    state.counters["tier" + std::to_string(t)] = static_cast<double>(served[t]);
    state.counters["of" + std::to_string(t)] = static_cast<double>(households[t]);
  }
  state.counters["score"] = score;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  state.counters["peak_MiB"] = static_cast<double>(u.ru_maxrss) / 1024;
}

void BM_Greedy(benchmark::State& state) {
  const Market& m = TheMarket();
  std::vector<CoverPick> picks;
  for (auto _ : state) picks = Greedy(m);
  Report(state, m, picks);
}

void BM_Optimal(benchmark::State& state) {
  const Market& m = TheMarket();
  std::vector<CoverPick> picks;
  for (auto _ : state) picks = Optimal(m);
  Report(state, m, picks);
}

// The whole allocation: the optimal pass, then the rest of the recommendations.
void BM_Allocate(benchmark::State& state) {
  const Market& m = TheMarket();
  Allocation a;
  for (auto _ : state) a = Allocate(m.households, m.limits);
  std::vector<CoverPick> picks;
  for (const auto& [h, pick] : a.covered) picks.push_back(pick);
  Report(state, m, picks);
}

}  // namespace
}  // namespace jobmatch

int main(int argc, char** argv) {
  auto& g = jobmatch::g;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    auto is = [&](const char* flag) { return std::strcmp(argv[i], flag) == 0 && i + 1 < argc; };
    if (is("--households")) {
      g.households = std::atoi(argv[++i]);
    } else if (is("--min")) {
      g.min = std::atoi(argv[++i]);
    } else if (is("--max")) {
      g.max = std::atoi(argv[++i]);
    } else if (is("--zero")) {
      g.zero = std::atof(argv[++i]);
    } else if (is("--seed")) {
      g.seed = static_cast<unsigned>(std::atoi(argv[++i]));
    } else if (is("--input")) {
      g.input = argv[++i];
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  for (auto* bm : {benchmark::RegisterBenchmark("BM_Greedy", jobmatch::BM_Greedy),
                   benchmark::RegisterBenchmark("BM_Optimal", jobmatch::BM_Optimal),
                   benchmark::RegisterBenchmark("BM_Allocate", jobmatch::BM_Allocate)}) {
    bm->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1)->Repetitions(1);
  }
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
