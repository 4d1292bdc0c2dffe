// How to apply for an opening: who to ask, a phone number in the forms people
// in China write them, a web address, a place and a note. Validated where an
// opening is read; plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace jobmatch {

struct ApplyInfo {
  std::string contact;  // a person or a desk: 人事部 王女士
  std::string phone;    // as given: 138 1234 5678, 0512-6588 1234 转 801, 400-800-1234
  std::string url;      // http(s) only
  std::string address;  // where to go
  std::string note;     // 携带身份证和简历
};

// Whether `s` is a mainland mobile (optionally +86), a landline with its area
// code (and an extension), or a 400/800 service number; spaces and dashes
// are allowed where people put them.
bool IsChinesePhone(std::string_view s);

// Whether `s` is an absolute http or https URL with a host.
bool IsWebUrl(std::string_view s);

class JsonReader;
// Reads the optional `apply` object; problems go to `errors` under apply.*.
std::optional<ApplyInfo> ReadApply(JsonReader& r, std::vector<FieldError>& errors);

nlohmann::json ApplyJson(const std::optional<ApplyInfo>& a);
std::optional<ApplyInfo> ApplyFrom(const nlohmann::json& j);

}  // namespace jobmatch
