#include "core/json_reader.h"

#include <cmath>

#include "core/utf8.h"

namespace jobmatch {

namespace {
struct TooDeep {};
}  // namespace

Result<nlohmann::json> ParseUntrustedJson(std::string_view text) {
  // The callback sees each container as it opens, with the depth of its parent.
  auto limit = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (depth >= kMaxJsonDepth && (event == nlohmann::json::parse_event_t::object_start ||
                                   event == nlohmann::json::parse_event_t::array_start)) {
      throw TooDeep{};
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, limit);
  } catch (const TooDeep&) {
    return fail(ErrorKind::kBadRequest, "malformed_json",
                "the body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels", "body");
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorKind::kBadRequest, "malformed_json",
                "the body is not well-formed JSON (byte " + std::to_string(e.byte) + ")", "body");
  } catch (const nlohmann::json::exception&) {
    // out_of_range: a number such as 1e400 that no double holds.
    return fail(ErrorKind::kBadRequest, "malformed_json", "the body holds a number out of range",
                "body");
  }
}

const nlohmann::json* Present(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

Result<void> RequireObject(const nlohmann::json& body) {
  if (body.is_object()) return {};
  return fail(ErrorKind::kUnprocessable, "validation_failed", "the body must be a JSON object",
              "body");
}

std::optional<std::string> JsonReader::OneOf(const char* key, bool required,
                                             std::span<const std::string_view> names) {
  auto s = String(key, required, 40);
  if (!s) return std::nullopt;
  for (auto n : names) {
    if (n == *s) return s;
  }
  std::string message = "must be one of ";
  for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + std::string(names[i]);
  Error(key, std::move(message));
  return std::nullopt;
}

void JsonReader::Error(const std::string& key, std::string message) {
  errors_.push_back({Path(key), Path(key) + " " + std::move(message)});
}

const nlohmann::json* JsonReader::Get(const char* key, bool required) {
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required) Error(key, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonReader::String(const char* key, bool required, std::size_t max_chars,
                                              bool multiline) {
  const auto* v = Get(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Error(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  // json::parse already rejected ill-formed UTF-8; this guards JSON built elsewhere.
  if (!IsValidUtf8(s)) {
    Error(key, "must be valid UTF-8");
    return std::nullopt;
  }
  if (required && s.empty()) {
    Error(key, "must not be empty");
    return std::nullopt;
  }
  std::size_t n = Utf8Length(s);
  if (n > max_chars) {
    Error(key, "must be at most " + std::to_string(max_chars) + " characters (got " +
                   std::to_string(n) + ")");
    return std::nullopt;
  }
  bool bad = multiline ? HasControlChars(s)
                       : s.find_first_of("\r\n") != std::string::npos || HasControlChars(s);
  if (bad) {
    Error(key, "must not contain control characters");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> JsonReader::Integer(const char* key, bool required, int64_t min,
                                           int64_t max) {
  const auto* v = Get(key, required);
  if (v == nullptr) return std::nullopt;
  std::optional<int64_t> value;
  if (v->is_number_integer() && v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    if (u <= static_cast<uint64_t>(max)) value = static_cast<int64_t>(u);
  } else if (v->is_number_integer()) {
    value = v->get<int64_t>();
  } else if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      value = static_cast<int64_t>(d);
    } else if (!std::isfinite(d) || d != std::floor(d)) {
      Error(key, "must be a whole number");
      return std::nullopt;
    }
  } else {
    Error(key, "must be an integer");
    return std::nullopt;
  }
  if (!value || *value < min || *value > max) {
    Error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<double> JsonReader::Number(const char* key, bool required, double min, double max) {
  const auto* v = Get(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    Error(key, "must be a number");
    return std::nullopt;
  }
  double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    Error(key, "must be between " + std::to_string(static_cast<int>(min)) + " and " +
                   std::to_string(static_cast<int>(max)));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> JsonReader::Boolean(const char* key, bool required) {
  const auto* v = Get(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Error(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

const nlohmann::json* JsonReader::Array(const char* key, bool required, std::size_t max_items) {
  const auto* v = Get(key, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Error(key, "must be an array");
    return nullptr;
  }
  if (v->size() > max_items) {
    Error(key, "must hold at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonReader::Object(const char* key, bool required) {
  const auto* v = Get(key, required);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    Error(key, "must be an object");
    return nullptr;
  }
  return v;
}

}  // namespace jobmatch
