// Percent-encoding: decoding for query strings: Debian's Pistache 0.0.5 hands query
// values over still encoded (upstream #1179). Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobmatch {

// Decodes %XX escapes and '+' (as a space). nullopt for a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s);

// Every byte but RFC 3986's unreserved characters as %XX (a file name in
// Content-Disposition's filename*, a UTF-8 URL).
std::string PercentEncode(std::string_view s);

}  // namespace jobmatch
