#include "core/duplicates.h"

#include <algorithm>

namespace jobmatch {

namespace {

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes as-is.
char32_t Next(std::string_view s, std::size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + len > s.size()) return s[i++];
  char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

void Append(std::u32string& out, char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  const bool letter = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp >= 0x3400;
  const bool punctuation = (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
  if (letter && !punctuation) out += cp;
}

// Letters, digits and CJK characters only; bracketed remarks dropped when asked.
std::u32string Normal(std::string_view s, bool drop_brackets) {
  std::u32string out;
  int depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = Next(s, i);
    const bool open = cp == '(' || cp == U'（' || cp == U'【' || cp == '[' || cp == U'〔';
    const bool close = cp == ')' || cp == U'）' || cp == U'】' || cp == ']' || cp == U'〕';
    if (drop_brackets && open) ++depth;
    if (drop_brackets && close && depth > 0) {
      --depth;
      continue;
    }
    if (depth == 0) Append(out, cp);
  }
  return out;
}

std::string Utf8(const std::u32string& s) {
  std::string out;
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::vector<uint64_t> Bigrams(const std::u32string& s) {
  std::vector<uint64_t> out;
  if (s.size() == 1) out.push_back(s[0]);  // a one-character text is its own gram
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    out.push_back(static_cast<uint64_t>(s[i]) << 21 | s[i + 1]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string NormalEmployer(std::string_view employer) {
  std::u32string s = Normal(employer, true);
  // The legal form, longest first; 分公司 stays (a branch is another employer).
  for (std::u32string_view form :
       {U"股份有限公司", U"有限责任公司", U"有限公司", U"集团", U"公司"}) {
    if (s.size() > form.size() && s.ends_with(form)) {
      s.resize(s.size() - form.size());
      break;
    }
  }
  return Utf8(s);
}

std::string DuplicateKey(const Opening& o) {
  return NormalEmployer(o.employer) + "|" + o.region + "|" + o.occupation.id;
}

JobText TextOf(const Opening& o) {
  return {Bigrams(Normal(o.title, true)), Bigrams(Normal(o.description, false))};
}

double Dice(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1 : 0;
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

double BigramDice(std::string_view a, std::string_view b) {
  return Dice(Bigrams(Normal(a, false)), Bigrams(Normal(b, false)));
}

bool SameJob(const JobText& a, const JobText& b) {
  if (Dice(a.title, b.title) < kTitleAlike) return false;
  return a.description.empty() || b.description.empty() ||
         Dice(a.description, b.description) >= kDescriptionAlike;
}

}  // namespace jobmatch
