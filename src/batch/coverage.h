// The allocation's first pass: one job for as many households as the
// openings' capacity allows, tier by tier, and among those assignments the
// one with the highest total score. A min-cost flow solved with LEMON's
// network simplex; docs/batch.md says why it is optimal and what it costs.
// No state, no I/O: safe to call from any thread.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace jobmatch {

// A household could take opening `opening` through member `member`, with the
// member's match score in thousandths (0..1000).
struct CoverArc {
  int64_t opening;
  int64_t member;
  int32_t score;
};

struct CoverHousehold {
  int64_t id;
  int tier;  // 0 is served first (Tier in allocation.h)
  std::vector<CoverArc> arcs;
};

struct CoverPick {
  int64_t household;
  int64_t member;
  int64_t opening;
};

// The pairs that serve the most households of tier 0, then the most of tier
// 1 without serving fewer of tier 0, and so on; among those, the highest
// total score. At most `capacity[opening]` picks per opening (absent: none).
// Input order does not matter: the same households give the same picks.
std::vector<CoverPick> Cover(std::vector<CoverHousehold> households,
                             const std::unordered_map<int64_t, int64_t>& capacity);

// The number of tiers Cover distinguishes.
inline constexpr int kCoverTiers = 4;

}  // namespace jobmatch
