// App::Readiness: the checks behind GET /readyz. Liveness (/healthz) only says
// the process answers; readiness says whether a write would be durable and a
// search current, so that a load balancer can route around this instance.
#include <sys/statvfs.h>

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
    const int64_t lag = last ? *last - indexer_->last_applied() : -1;
    checks["index"] = {{"ok", last && lag <= readiness_.max_index_lag},
                       {"lag", lag},
                       {"max_lag", readiness_.max_index_lag}};
    if (!last) checks["index"]["error"] = last.error().code;
  }
  return checks;
}

}  // namespace jobmatch
