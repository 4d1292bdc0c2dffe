// Facet counting for searches: a match spy that counts the values of a slot
// holding several (regions, occupations, skills), and the counts it saw,
// scaled to every match. Internal to search/; used by Searcher::Run.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/searcher.h"

namespace jobmatch {

// Calls fn(value) for each value of a list held in a slot (separated by
// kListSeparator), or for its pick-th value only when pick >= 0.
template <typename Fn>
void ForEachListed(std::string_view list, int pick, Fn fn) {
  int index = 0;
  for (std::size_t start = 0;; ++index) {
    const std::size_t end = std::min(list.find(kListSeparator, start), list.size());
    if (pick < 0 || index == pick) fn(list.substr(start, end - start));
    if (end == list.size()) return;
    start = end + 1;
  }
}

// Counts the values of a slot that may hold several, separated by
// kListSeparator; `pick` >= 0 counts only the pick-th value (a region level).
// It sees the first kFacetSample matches and those ranked above them after
// (every match when sorting by value): values are looked up as views, and
// copied only the first time they are seen.
class ListCountSpy : public Xapian::MatchSpy {
 public:
  ListCountSpy(Xapian::valueno slot, int pick) : slot_(slot), pick_(pick) {}

  void operator()(const Xapian::Document& doc, double) override {
    ++seen_;
    const std::string v = doc.get_value(slot_);
    if (v.empty()) return;
    ForEachListed(v, pick_, [this](std::string_view value) {
      if (auto it = counts_.find(value); it != counts_.end()) {
        ++it->second;
      } else {
        counts_.emplace(value, 1);
      }
    });
  }

  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  using Counts = std::unordered_map<std::string, int64_t, Hash, std::equal_to<>>;
  const Counts& counts() const { return counts_; }
  int64_t seen() const { return seen_; }  // documents looked at

 private:
  int64_t seen_ = 0;
  Xapian::valueno slot_;
  int pick_;
  Counts counts_;
};

// One facet's counting. Over local shards, a ListCountSpy; when a shard is
// remote, Xapian's own ValueCountMatchSpy, the only kind xapian-tcpsrv can
// run (it cannot load ours), counting whole lists that are then split here.
// Both count the same documents the same way.
class FacetSpy {
 public:
  FacetSpy(Xapian::valueno slot, int pick, bool remote);
  Xapian::MatchSpy& spy();
  // Counts by value, scaled up to `total` matches when the spy saw fewer.
  std::vector<FacetCount> Top(int64_t total,
                              const std::function<std::string(const std::string&)>& name) const;

 private:
  int pick_;
  ListCountSpy local_;
  std::optional<Xapian::ValueCountMatchSpy> remote_;
};

}  // namespace jobmatch
