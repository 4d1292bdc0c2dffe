#include "search/facets.h"

#include <algorithm>
#include <cmath>

namespace jobmatch {

FacetSpy::FacetSpy(Xapian::valueno slot, int pick, bool remote) : pick_(pick), local_(slot, pick) {
  if (remote) remote_.emplace(slot);
}

Xapian::MatchSpy& FacetSpy::spy() {
  if (remote_) return *remote_;
  return local_;
}

std::vector<FacetCount> FacetSpy::Top(
    int64_t total, const std::function<std::string(const std::string&)>& name) const {
  ListCountSpy::Counts split;
  const ListCountSpy::Counts* counts = &local_.counts();
  int64_t seen = local_.seen();
  if (remote_) {
    seen = remote_->get_total();
    for (auto it = remote_->values_begin(); it != remote_->values_end(); ++it) {
      ForEachListed(*it, pick_, [&](std::string_view value) {
        split[std::string(value)] += it.get_termfreq();
      });
    }
    counts = &split;
  }
  const double scale = seen > 0 && total > seen ? static_cast<double>(total) / seen : 1.0;
  std::vector<FacetCount> out;
  for (const auto& [value, n] : *counts)
    out.push_back({value, name(value), std::llround(n * scale)});
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

}  // namespace jobmatch
