// Small query pieces the searcher's files share: splitting free text into
// words, and the OR of prefixed terms. Internal to search/.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace jobmatch {

// Splits on ASCII white space and the ideographic space U+3000.
inline std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
    } else if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
    } else {
      cur += text[i++];
      continue;
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

inline Xapian::Query AnyTerm(const std::string& prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(prefix + v);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace jobmatch
