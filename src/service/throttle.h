// Slows down password guessing: after too many failed sign-ins for one
// username, or from one client address over any usernames, within a window,
// further attempts are refused until the oldest failure leaves the window.
// In memory: a restart forgets. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace jobmatch {

struct ThrottleLimits {
  int per_username = 5;
  int per_client = 20;  // an office behind one address holds many counsellors
  int64_t window_seconds = 15 * 60;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits = {}) : limits_(limits) {}

  // Seconds to wait before trying again; 0 when an attempt may go ahead.
  int64_t Wait(const std::string& username, const std::string& client, int64_t now);
  void Failed(const std::string& username, const std::string& client, int64_t now);
  // A successful sign-in clears the username's failures.
  void Succeeded(const std::string& username);
  // For a plain request rate (a household's link): counts a request against
  // `key` alone and answers the wait, 0 when it may go ahead (and was counted).
  int64_t Admit(const std::string& key, int64_t now);

 private:
  using Failures = std::unordered_map<std::string, std::deque<int64_t>>;
  int64_t WaitFor(Failures& f, const std::string& key, int limit, int64_t now);
  void Forget(int64_t now);  // drops keys whose failures have all left the window

  ThrottleLimits limits_;
  std::mutex mu_;
  Failures by_username_;  // lower-case username → failure times
  Failures by_client_;
};

}  // namespace jobmatch
