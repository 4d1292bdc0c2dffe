// UTF-8 checks for text that enters the service (bodies, query strings, paths,
// files). nlohmann::json throws on dump() of ill-formed UTF-8, so every string
// that did not come through json::parse is checked here first. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jobmatch {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in well-formed UTF-8 text (what "200 characters" means).
std::size_t Utf8Length(std::string_view s);

// True when `s` holds a C0 control character other than tab, newline or carriage return.
bool HasControlChars(std::string_view s);

// `s` with ASCII letters lower-cased; other bytes (Chinese included) as they are.
std::string AsciiLower(std::string_view s);

}  // namespace jobmatch
