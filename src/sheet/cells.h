// What people type into spreadsheet cells, read as values: lists, dates,
// yes/no, numbers with units. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobmatch {

// Without leading and trailing white space, the full-width space U+3000 included.
std::string TrimCell(std::string_view s);

// Items separated by 、，,；;／/ or line breaks, not inside parentheses, each
// trimmed; empty items dropped.
std::vector<std::string> SplitCellList(std::string_view s);

// YYYY-MM-DD from the ways dates are typed: 1985-03-15, 1985/3/15, 1985.3.15,
// 1985年3月15日, 19850315; a month alone (2025-06, 2025年6月) is its first
// day. nullopt when it is no real date between 1900 and 2100.
std::optional<std::string> CellDate(std::string_view s);

// 是/否, 有/无, Y/N, TRUE/FALSE, 1/0, √/×.
std::optional<bool> CellYesNo(std::string_view s);

// A non-negative number, thousands separators and a unit (元, 公里, km) allowed.
std::optional<double> CellNumber(std::string s);

}  // namespace jobmatch
