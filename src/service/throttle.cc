#include "service/throttle.h"

#include <algorithm>

#include "core/utf8.h"

namespace jobmatch {

int64_t LoginThrottle::WaitFor(Failures& f, const std::string& key, int limit, int64_t now) {
  auto it = f.find(key);
  if (it == f.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - limits_.window_seconds) times.pop_front();
  if (static_cast<int>(times.size()) < limit) return 0;
  // Until enough failures have left the window for one more attempt.
  return times[times.size() - limit] + limits_.window_seconds - now;
}

int64_t LoginThrottle::Wait(const std::string& username, const std::string& client, int64_t now) {
  std::lock_guard lock(mu_);
  return std::max(WaitFor(by_username_, AsciiLower(username), limits_.per_username, now),
                  WaitFor(by_client_, client, limits_.per_client, now));
}

void LoginThrottle::Failed(const std::string& username, const std::string& client, int64_t now) {
  std::lock_guard lock(mu_);
  if (by_username_.size() + by_client_.size() > 100'000) Forget(now);
  by_username_[AsciiLower(username)].push_back(now);
  by_client_[client].push_back(now);
}

int64_t LoginThrottle::Admit(const std::string& key, int64_t now) {
  std::lock_guard lock(mu_);
  if (const int64_t wait = WaitFor(by_username_, key, limits_.per_username, now); wait > 0) {
    return wait;
  }
  if (by_username_.size() > 100'000) Forget(now);
  by_username_[key].push_back(now);
  return 0;
}

void LoginThrottle::Succeeded(const std::string& username) {
  std::lock_guard lock(mu_);
  by_username_.erase(AsciiLower(username));
}

void LoginThrottle::Forget(int64_t now) {
  for (Failures* f : {&by_username_, &by_client_}) {
    std::erase_if(*f, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back() <= now - limits_.window_seconds;
    });
  }
}

}  // namespace jobmatch
