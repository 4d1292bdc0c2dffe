#include "core/id_number.h"

#include "core/clock.h"

namespace jobmatch {

std::optional<Gender> ParseGender(std::string_view s) {
  if (s == "male") return Gender::kMale;
  if (s == "female") return Gender::kFemale;
  return std::nullopt;
}

std::string_view GenderName(Gender g) {
  return g == Gender::kMale ? "male" : "female";
}

char IdCheckDigit(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  if (first17.size() != 17) return '?';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (first17[i] < '0' || first17[i] > '9') return '?';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[sum % 11];
}

std::optional<IdNumberFacts> CheckIdNumber(std::string_view id) {
  if (id.size() != 18) return std::nullopt;
  const char check = IdCheckDigit(id.substr(0, 17));
  if (check == '?' || (id[17] == 'x' ? 'X' : id[17]) != check) return std::nullopt;
  std::string date = std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                     std::string(id.substr(12, 2));
  if (!ParseDate(date)) return std::nullopt;
  Gender gender = (id[16] - '0') % 2 == 1 ? Gender::kMale : Gender::kFemale;
  return IdNumberFacts{date, gender};
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(id.size() - 4));
}

}  // namespace jobmatch
