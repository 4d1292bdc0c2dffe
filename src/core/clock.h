// Time for the service: a Clock interface so that tests can fix "today", plus
// the two wire formats (ISO 8601 dates, RFC 3339 UTC timestamps). A Clock is
// read concurrently by every thread; implementations must be thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jobmatch {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// A clock that always reads the same instant (tests).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point t) : t_(t) {}
  std::chrono::system_clock::time_point Now() const override { return t_; }

 private:
  std::chrono::system_clock::time_point t_;
};

// Parses a calendar date written exactly as YYYY-MM-DD (rejects 2027-02-30).
std::optional<std::chrono::year_month_day> ParseDate(std::string_view s);

std::string FormatDate(std::chrono::year_month_day d);

// The UTC calendar date of `t`, as YYYY-MM-DD.
std::string DateOf(std::chrono::system_clock::time_point t);

// `t` as an RFC 3339 UTC timestamp with second precision: 2026-11-29T02:26:10Z.
std::string Timestamp(std::chrono::system_clock::time_point t);

// The date `days` after `d`.
std::string AddDays(std::chrono::year_month_day d, int days);

}  // namespace jobmatch
