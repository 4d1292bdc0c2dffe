#include "sheet/cells.h"

#include <chrono>
#include <cstdlib>

namespace jobmatch {

std::string TrimCell(std::string_view s) {
  auto strip = [&] {
    bool changed = true;
    while (changed && !s.empty()) {
      changed = false;
      if (std::string_view(" \t\r\n").find(s.front()) != std::string_view::npos) {
        s.remove_prefix(1), changed = true;
      } else if (s.starts_with("\u3000")) {
        s.remove_prefix(3), changed = true;
      }
      if (s.empty()) break;
      if (std::string_view(" \t\r\n").find(s.back()) != std::string_view::npos) {
        s.remove_suffix(1), changed = true;
      } else if (s.ends_with("\u3000")) {
        s.remove_suffix(3), changed = true;
      }
    }
  };
  strip();
  return std::string(s);
}

// Items separated by 、，,；;／/ or line breaks, not inside parentheses.
std::vector<std::string> SplitCellList(std::string_view s) {
  static constexpr std::string_view kSeparators[] = {"、", "，", ",", "；", ";", "／", "/", "\n"};
  std::vector<std::string> out;
  std::string item;
  int depth = 0;
  auto flush = [&] {
    if (auto t = TrimCell(item); !t.empty()) out.push_back(std::move(t));
    item.clear();
  };
  while (!s.empty()) {
    if (s.starts_with("(") || s.starts_with("（")) ++depth;
    if ((s.starts_with(")") || s.starts_with("）")) && depth > 0) --depth;
    bool separated = false;
    for (auto sep : kSeparators) {
      if (depth == 0 && s.starts_with(sep)) {
        flush();
        s.remove_prefix(sep.size());
        separated = true;
        break;
      }
    }
    if (separated) continue;
    item += s.front();
    s.remove_prefix(1);
  }
  flush();
  return out;
}

// YYYY-MM-DD from the ways dates are typed: 1985-03-15, 1985/3/15,
// 1985.3.15, 1985年3月15日, 19850315; a month alone (2025-06, 2025年6月) is
// its first day.
std::optional<std::string> CellDate(std::string_view s) {
  std::vector<int> parts;
  std::string digits;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      digits += s[i];
      continue;
    }
    if (!digits.empty()) parts.push_back(std::stoi(digits.substr(0, 9)));
    if (digits.size() == 8 && parts.size() == 1) {  // 19850315
      parts = {parts[0] / 10000, parts[0] / 100 % 100, parts[0] % 100};
    }
    digits.clear();
  }
  if (parts.size() == 2) parts.push_back(1);
  if (parts.size() != 3) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year(parts[0]), month(parts[1]), day(parts[2])};
  if (!ymd.ok() || parts[0] < 1900 || parts[0] > 2100) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  return buf;
}

std::optional<bool> CellYesNo(std::string_view s) {
  for (std::string_view yes : {"是", "有", "Y", "y", "TRUE", "true", "1", "√"}) {
    if (s == yes) return true;
  }
  for (std::string_view no : {"否", "无", "N", "n", "FALSE", "false", "0", "×"}) {
    if (s == no) return false;
  }
  return std::nullopt;
}

std::optional<double> CellNumber(std::string s) {
  std::string clean;
  for (char c : s) {
    if (c != ',' && c != ' ') clean += c;
  }
  for (std::string_view unit : {"元", "公里", "km"}) {
    if (clean.ends_with(unit)) clean.resize(clean.size() - unit.size());
  }
  if (clean.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(clean.c_str(), &end);
  if (*end != '\0' || !(d >= 0) || d > 1e12) return std::nullopt;
  return d;
}

}  // namespace jobmatch
