#include "search/cjk.h"

namespace jobmatch {

namespace {

// Length in bytes of the code point starting at s[i], and whether it is a CJK
// ideograph (the unified blocks, their extensions and the compatibility block).
std::size_t NextCodePoint(std::string_view s, std::size_t i, bool& ideograph) {
  const auto c = static_cast<unsigned char>(s[i]);
  const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  ideograph = false;
  if (n < 3 || i + n > s.size()) return std::min(n, s.size() - i);
  char32_t cp = n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  ideograph = (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
              (cp >= 0x20000 && cp <= 0x2FFFF);
  return n;
}

}  // namespace

std::vector<TextRun> SplitIdeographs(std::string_view text) {
  std::vector<TextRun> out;
  std::size_t start = 0;
  bool in_run = false;
  for (std::size_t i = 0; i < text.size();) {
    bool ideograph = false;
    const std::size_t n = NextCodePoint(text, i, ideograph);
    if (ideograph != in_run && i > start) {
      out.push_back({text.substr(start, i - start), in_run});
      start = i;
    }
    in_run = ideograph;
    i += n;
  }
  if (start < text.size()) out.push_back({text.substr(start), in_run});
  return out;
}

std::vector<std::string> IdeographBigrams(std::string_view run) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < run.size();) {
    bool ideograph = false;
    const std::size_t n = NextCodePoint(run, i, ideograph);
    chars.push_back(run.substr(i, n));
    i += n;
  }
  std::vector<std::string> out;
  if (chars.size() == 1) out.emplace_back(chars[0]);
  for (std::size_t i = 0; i + 1 < chars.size(); ++i) {
    out.push_back(std::string(chars[i]) + std::string(chars[i + 1]));
  }
  return out;
}

std::size_t IdeographCount(std::string_view term) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < term.size(); ++count) {
    bool ideograph = false;
    i += NextCodePoint(term, i, ideograph);
    if (!ideograph) return 0;
  }
  return count;
}

}  // namespace jobmatch
