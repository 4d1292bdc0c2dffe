#include "batch/coverage.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <algorithm>
#include <numeric>
#include <optional>

namespace jobmatch {

namespace {

// Openings are dense indices in ascending id order, so a lower index is a
// lower id wherever ties are broken.
struct Arc {
  int32_t opening;
  int32_t score;
  int64_t member;
};

struct House {
  int64_t id;
  int tier;
  std::vector<Arc> arcs;        // contested openings, once Prune has run
  std::optional<Arc> fallback;  // an uncontested opening: always there for it
};

// The better of two arcs: higher score, then lower opening id.
bool Better(const Arc& a, const Arc& b) {
  return a.score != b.score ? a.score > b.score : a.opening < b.opening;
}

// Drops arcs no optimal assignment needs. An opening with at least as much
// capacity as households that could take it is uncontested: a household can
// always have it. A household that reaches one loses every other arc that
// scores no higher, since moving there would cost no household its job and
// lose no score. Fewer arcs make more openings uncontested: repeat until
// nothing changes. Then the one uncontested opening a household may still
// reach (its lowest-scoring arc) becomes its fallback: it links it to no one.
void Prune(std::vector<House>& houses, const std::vector<int64_t>& cap) {
  std::vector<int64_t> degree(cap.size());
  for (bool changed = true; changed;) {
    changed = false;
    std::fill(degree.begin(), degree.end(), 0);
    for (const House& h : houses) {
      for (const Arc& a : h.arcs) ++degree[a.opening];
    }
    for (House& h : houses) {
      const Arc* free = nullptr;
      for (const Arc& a : h.arcs) {
        if (cap[a.opening] >= degree[a.opening] && (free == nullptr || Better(a, *free))) free = &a;
      }
      if (free == nullptr) continue;
      const Arc keep = *free;
      const auto end = std::remove_if(h.arcs.begin(), h.arcs.end(), [&](const Arc& a) {
        return a.opening != keep.opening && a.score <= keep.score;
      });
      changed |= end != h.arcs.end();
      h.arcs.erase(end, h.arcs.end());
    }
  }
  for (House& h : houses) {
    auto free = std::find_if(h.arcs.begin(), h.arcs.end(),
                             [&](const Arc& a) { return cap[a.opening] >= degree[a.opening]; });
    if (free == h.arcs.end()) continue;
    h.fallback = *free;
    h.arcs.erase(free);
  }
}

// Openings linked by a household that could take either: each connected
// group is solved alone.
struct UnionFind {
  std::vector<int32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int32_t Find(int32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Join(int32_t a, int32_t b) { parent[Find(a)] = Find(b); }
};

// One connected group as a min-cost flow: source → household (capacity 1)
// → opening (1) → sink (the opening's capacity), household → sink for its
// fallback, and source → sink for the households left unserved. A served household of tier t earns
// (kCoverTiers − t)·W, with W above the group's largest total score, so one
// more household of a tier outweighs any score and any number of households
// of later tiers that an exchange could cost (docs/batch.md); each pair then
// earns its score. The cheapest flow is the optimal assignment.
void Solve(const std::vector<const House*>& group, const std::vector<int64_t>& ids,
           std::vector<int64_t>& cap, std::vector<int32_t>& local, std::vector<CoverPick>& out) {
  using Graph = lemon::SmartDigraph;
  Graph g;
  const Graph::Node source = g.addNode(), sink = g.addNode();
  Graph::ArcMap<int64_t> upper(g), cost(g);
  auto arc = [&](Graph::Node from, Graph::Node to, int64_t u, int64_t c) {
    const Graph::Arc a = g.addArc(from, to);
    upper[a] = u;
    cost[a] = c;
    return a;
  };
  const auto households = static_cast<int64_t>(group.size());
  const int64_t w = 1000 * households + 1;
  std::vector<Graph::Node> openings;
  std::vector<int32_t> opening_index;
  std::vector<std::pair<Graph::Arc, std::pair<const House*, const Arc*>>> pairs;
  for (const House* h : group) {
    const Graph::Node node = g.addNode();
    arc(source, node, 1, -(kCoverTiers - h->tier) * w);
    for (const Arc& a : h->arcs) {
      if (local[a.opening] < 0) {
        local[a.opening] = static_cast<int32_t>(openings.size());
        openings.push_back(g.addNode());
        opening_index.push_back(a.opening);
      }
      pairs.push_back({arc(node, openings[local[a.opening]], 1, -a.score), {h, &a}});
    }
    if (h->fallback) pairs.push_back({arc(node, sink, 1, -h->fallback->score), {h, &*h->fallback}});
  }
  for (std::size_t i = 0; i < openings.size(); ++i) {
    arc(openings[i], sink, std::min(cap[opening_index[i]], households), 0);
  }
  arc(source, sink, households, 0);
  lemon::NetworkSimplex<Graph, int64_t, int64_t> simplex(g);
  simplex.upperMap(upper).costMap(cost).stSupply(source, sink, households);
  // Always OPTIMAL: the bypass makes it feasible, and every arc is bounded.
  simplex.run();
  for (const auto& [a, pick] : pairs) {
    if (simplex.flow(a) == 0) continue;
    const auto& [h, chosen] = pick;
    out.push_back({h->id, chosen->member, ids[chosen->opening]});
    --cap[chosen->opening];
  }
  for (int32_t o : opening_index) local[o] = -1;
}

}  // namespace

std::vector<CoverPick> Cover(std::vector<CoverHousehold> households,
                             const std::unordered_map<int64_t, int64_t>& capacity) {
  std::vector<int64_t> ids;
  for (const auto& h : households) {
    for (const auto& a : h.arcs) {
      auto c = capacity.find(a.opening);
      if (c != capacity.end() && c->second > 0) ids.push_back(a.opening);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<int64_t> cap(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) cap[i] = capacity.at(ids[i]);
  auto index_of = [&](int64_t opening) {
    auto it = std::lower_bound(ids.begin(), ids.end(), opening);
    return it != ids.end() && *it == opening ? static_cast<int32_t>(it - ids.begin()) : -1;
  };

  std::sort(households.begin(), households.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<House> houses;
  houses.reserve(households.size());
  for (auto& h : households) {
    House house{h.id, std::clamp(h.tier, 0, kCoverTiers - 1), {}, std::nullopt};
    for (const auto& a : h.arcs) {
      if (const int32_t o = index_of(a.opening); o >= 0)
        house.arcs.push_back({o, a.score, a.member});
    }
    std::vector<CoverArc>().swap(h.arcs);
    // One arc per opening, its best member's (ties: the lower member id), in opening order.
    std::sort(house.arcs.begin(), house.arcs.end(), [](const Arc& a, const Arc& b) {
      return a.opening != b.opening ? a.opening < b.opening
             : a.score != b.score   ? a.score > b.score
                                    : a.member < b.member;
    });
    house.arcs.erase(std::unique(house.arcs.begin(), house.arcs.end(),
                                 [](const Arc& a, const Arc& b) { return a.opening == b.opening; }),
                     house.arcs.end());
    if (!house.arcs.empty()) houses.push_back(std::move(house));
  }
  Prune(houses, cap);

  // A household with only its fallback takes it. The others are linked by
  // the contested openings they share; each connected group is solved alone
  // (a contested opening has at least two households: no group of one).
  std::vector<CoverPick> out;
  UnionFind groups(ids.size());
  for (const House& h : houses) {
    if (h.arcs.empty()) {
      out.push_back({h.id, h.fallback->member, ids[h.fallback->opening]});
      --cap[h.fallback->opening];
    }
    for (const Arc& a : h.arcs) groups.Join(a.opening, h.arcs.front().opening);
  }
  std::vector<std::vector<const House*>> by_root(ids.size());
  for (const House& h : houses) {
    if (!h.arcs.empty()) by_root[groups.Find(h.arcs.front().opening)].push_back(&h);
  }
  std::vector<int32_t> local(ids.size(), -1);
  for (const auto& group : by_root) {
    if (!group.empty()) Solve(group, ids, cap, local, out);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.household < b.household; });
  return out;
}

}  // namespace jobmatch
