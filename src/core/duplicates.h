// The same job posted on several boards: which openings are one job. Two
// openings from different boards are the same job when they share a
// duplicate key (employer after normalisation, region, occupation) and
// their titles and descriptions are near-identical (docs/boards.md says how
// near). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/opening.h"

namespace jobmatch {

// The employer as boards write it differently: full-width letters and digits
// as ASCII, lower case, without spaces, punctuation, bracketed remarks or a
// legal form (有限公司, 股份有限公司, 有限责任公司, 集团, 公司).
std::string NormalEmployer(std::string_view employer);

// employer|region|occupation: only openings with the same key are compared.
std::string DuplicateKey(const Opening& o);

// An opening's text as duplicates are told apart by: the character bigrams
// of its normalised title (bracketed decorations such as 【急招】 dropped) and
// description, each a sorted multiset.
struct JobText {
  std::vector<uint64_t> title, description;
};
JobText TextOf(const Opening& o);

// Dice's coefficient of two bigram multisets (1: the same; 0: none shared).
double Dice(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
double BigramDice(std::string_view a, std::string_view b);  // of two texts

// Whether two openings with the same key are the same job: titles alike
// (Dice ≥ kTitleAlike) and descriptions near-identical (Dice ≥
// kDescriptionAlike, or one of them empty).
inline constexpr double kTitleAlike = 0.5;
inline constexpr double kDescriptionAlike = 0.8;
bool SameJob(const JobText& a, const JobText& b);

}  // namespace jobmatch
