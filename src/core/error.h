// Error values used by every layer. Fallible functions return Result<T>
// (std::expected) instead of throwing; the kind of an Error is already the HTTP
// status it maps to, so the HTTP layer never has to guess. Plain value types:
// safe to copy between threads.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace jobmatch {

enum class ErrorKind {
  kBadRequest = 400,
  kUnauthorized = 401,
  kForbidden = 403,
  kNotFound = 404,
  kMethodNotAllowed = 405,
  kConflict = 409,
  kPayloadTooLarge = 413,
  kUriTooLong = 414,
  kUnsupportedMediaType = 415,
  kUnprocessable = 422,
  kTooManyRequests = 429,
  kHeadersTooLarge = 431,
  kInternal = 500,
  kNotImplemented = 501,
  kUnavailable = 503,
  kVersionNotSupported = 505,
  kInsufficientStorage = 507,
};

// One problem with one input field. `field` is a path such as "skills[2].level".
struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;                     // stable English identifier, e.g. "validation_failed"
  std::string message;                  // human-readable; never echoes a sensitive value
  std::string field;                    // the first offending field, empty when none applies
  std::vector<FieldError> errors;       // every field problem found (validation)
  std::vector<std::string> candidates;  // e.g. the regions an ambiguous name fits
  int retry_after_seconds = 0;          // kTooManyRequests: when to try again
  std::string shard{};                  // shard_unavailable: which part of the index

  int http_status() const { return static_cast<int>(kind); }
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string code, std::string message,
                                   std::string field = {}) {
  return std::unexpected(
      Error{kind, std::move(code), std::move(message), std::move(field), {}, {}});
}

// A validation failure that lists every field problem; the first names the field.
inline std::unexpected<Error> invalid(std::vector<FieldError> errors) {
  Error e{ErrorKind::kUnprocessable, "validation_failed", errors.front().message,
          errors.front().field,      std::move(errors),   {}};
  return std::unexpected(std::move(e));
}

}  // namespace jobmatch
