#include "search/facets.h"

#include <algorithm>
#include <cmath>

namespace jobmatch {

// Counts by value, scaled up to `total` matches when the spy saw fewer.
std::vector<FacetCount> TopCounts(const ListCountSpy& spy, int64_t total,
                                  const std::function<std::string(const std::string&)>& name) {
  const double scale =
      spy.seen() > 0 && total > spy.seen() ? static_cast<double>(total) / spy.seen() : 1.0;
  std::vector<FacetCount> out;
  for (const auto& [value, n] : spy.counts()) {
    out.push_back({value, name(value), std::llround(n * scale)});
  }
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

}  // namespace jobmatch
