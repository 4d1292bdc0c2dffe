#include "core/clock.h"

#include <charconv>
#include <cstdio>

namespace jobmatch {

namespace {

bool ParseDigits(std::string_view s, int& out) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::optional<std::chrono::year_month_day> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y, m, d;
  if (!ParseDigits(s.substr(0, 4), y) || !ParseDigits(s.substr(5, 2), m) ||
      !ParseDigits(s.substr(8, 2), d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string FormatDate(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

std::string DateOf(std::chrono::system_clock::time_point t) {
  return FormatDate(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)});
}

std::string Timestamp(std::chrono::system_clock::time_point t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ",
                FormatDate(std::chrono::year_month_day{day}).c_str(), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::string AddDays(std::chrono::year_month_day d, int days) {
  return FormatDate(
      std::chrono::year_month_day{std::chrono::sys_days{d} + std::chrono::days{days}});
}

}  // namespace jobmatch
