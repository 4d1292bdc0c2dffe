// Reads typed fields out of a client's JSON object while collecting one
// FieldError per problem, so that a single response can name every bad field.
// Used by the codecs in core/; a reader is a short-lived local, not shared.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace jobmatch {

// How deeply a client's JSON may nest. Real bodies nest four levels; the limit
// keeps every later recursive walk (copy, dump, compare) shallow.
inline constexpr int kMaxJsonDepth = 64;

// Parses untrusted JSON text, refusing (400 `malformed_json`, field "body") a
// body nested deeper than kMaxJsonDepth while parsing, before any tree of that
// depth exists; also malformed JSON, ill-formed UTF-8 and out-of-range numbers.
Result<nlohmann::json> ParseUntrustedJson(std::string_view text);

// kUnprocessable unless `body` is a JSON object (a request body's first check).
Result<void> RequireObject(const nlohmann::json& body);

// The member `key` of `obj` when `obj` is an object holding it, not null.
const nlohmann::json* Present(const nlohmann::json& obj, const char* key);

class JsonReader {
 public:
  // `prefix` is prepended to field paths: "skills[2]." reads "skills[2].level".
  JsonReader(const nlohmann::json& object, std::vector<FieldError>& errors, std::string prefix = "")
      : object_(object), errors_(errors), prefix_(std::move(prefix)) {}

  // A string of 1..max_chars characters without control characters (newlines
  // allowed when `multiline`). Missing: an error if required, else nullopt.
  std::optional<std::string> String(const char* key, bool required, std::size_t max_chars,
                                    bool multiline = false);
  // An integer in [min, max]; rejects fractions, booleans and strings.
  std::optional<int64_t> Integer(const char* key, bool required, int64_t min, int64_t max);
  std::optional<double> Number(const char* key, bool required, double min, double max);
  std::optional<bool> Boolean(const char* key, bool required);
  // An array of at most max_items elements (missing: nullopt, no error unless required).
  const nlohmann::json* Array(const char* key, bool required, std::size_t max_items);
  const nlohmann::json* Object(const char* key, bool required);
  // A string that must be one of `names`; the error lists them.
  std::optional<std::string> OneOf(const char* key, bool required,
                                   std::span<const std::string_view> names);

  void Error(const std::string& key, std::string message);
  std::string Path(const std::string& key) const { return prefix_ + key; }
  bool Has(const char* key) const { return object_.contains(key) && !object_[key].is_null(); }

 private:
  const nlohmann::json* Get(const char* key, bool required);

  const nlohmann::json& object_;
  std::vector<FieldError>& errors_;
  std::string prefix_;
};

}  // namespace jobmatch
