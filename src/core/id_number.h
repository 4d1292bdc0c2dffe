// PRC resident ID numbers (GB 11643-1999): validation with the check digit,
// the birth date and gender they carry, and the one masked form that may
// appear in responses and logs. Pure functions. Never put an ID number into
// an error message: say which field is wrong, not what it holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobmatch {

enum class Gender { kMale, kFemale };

std::optional<Gender> ParseGender(std::string_view s);
std::string_view GenderName(Gender g);

struct IdNumberFacts {
  std::string birth_date;  // YYYY-MM-DD
  Gender gender;
};

// Checks 18 characters, digits with an optional final X, a real birth date,
// and the check digit. Returns what the number says about its holder.
std::optional<IdNumberFacts> CheckIdNumber(std::string_view id);

// The GB 11643 check character ('0'..'9' or 'X') for the first 17 digits;
// '?' when `first17` is not 17 digits.
char IdCheckDigit(std::string_view first17);

// 320502********1234: first six and last four around eight asterisks.
std::string MaskIdNumber(std::string_view id);

}  // namespace jobmatch
