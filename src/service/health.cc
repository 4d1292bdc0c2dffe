// App::Readiness: the checks behind GET /readyz. Liveness (/healthz) only says
// the process answers; readiness says whether a write would be durable and a
// search current, so that a load balancer can route around this instance.
#include <sys/statvfs.h>

#include <algorithm>

#include "service/app.h"
#include "service/app_internals.h"

namespace jobmatch {

nlohmann::json App::Readiness() {
  nlohmann::json checks;
  auto probe = db_->Probe();
  checks["store"] = {{"ok", probe.has_value()}};
  if (!probe) checks["store"]["error"] = probe.error().code;

  struct statvfs fs {};
  if (statvfs(data_dir_.c_str(), &fs) == 0) {
    const auto free = static_cast<int64_t>(fs.f_bavail) * static_cast<int64_t>(fs.f_frsize);
    checks["disk"] = {{"ok", free >= readiness_.min_free_bytes},
                      {"free_bytes", free},
                      {"min_free_bytes", readiness_.min_free_bytes}};
  } else {
    checks["disk"] = {{"ok", false}, {"error", "statvfs_failed"}};
  }

  if (indexer_) {
    auto last = changes_->Last();
    // A shard whose server is away is listed, not counted: this instance
    // still serves every search that does not need it (docs/operations.md).
    int64_t lag = 0;
    nlohmann::json shards = nlohmann::json::array();
    for (const ShardStatus& s : indexer_->shards()) {
      const int64_t behind = last ? *last - s.last_applied : -1;
      if (s.available) lag = std::max(lag, behind);
      shards.push_back({{"name", s.name}, {"available", s.available}, {"lag", behind}});
    }
    if (!last) lag = -1;
    checks["index"] = {{"ok", last && lag <= readiness_.max_index_lag},
                       {"lag", lag},
                       {"max_lag", readiness_.max_index_lag}};
    if (shards.size() > 1) checks["index"]["shards"] = std::move(shards);
    if (!last) checks["index"]["error"] = last.error().code;
  }
  return checks;
}

}  // namespace jobmatch
