// Chinese text as the index sees it. Xapian's FLAG_CJK_NGRAM turns a run of
// ideographs into every character and every bigram; the fields that carry
// long text (description, employer, skill names) keep only the bigrams, which
// are what a word of two or more characters is searched by, so these helpers
// split text into ideograph runs and name the terms of a run. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jobmatch {

struct TextRun {
  std::string_view text;
  bool ideographs = false;  // a run of CJK ideographs, or the text between them
};

// `text` cut into maximal runs of CJK ideographs and the text between them.
std::vector<TextRun> SplitIdeographs(std::string_view text);

// The terms of a run of ideographs without single characters: its bigrams,
// or the character itself when the run is one character long.
std::vector<std::string> IdeographBigrams(std::string_view run);

// How many characters `term` has when every one is a CJK ideograph; else 0.
std::size_t IdeographCount(std::string_view term);

}  // namespace jobmatch
