// People's passwords (counsellors, admins): Argon2id through libsodium's
// crypto_pwhash_str at its interactive limits, verified in constant time, and
// the rules a new password must pass. A password is never stored, logged or
// returned; only its hash is kept. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/error.h"

namespace jobmatch {

inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// An Argon2id hash string (salt and limits included); kInternal if libsodium
// cannot allocate its memory.
Result<std::string> HashPassword(std::string_view password);

// Whether `password` is the one `hash` was made from. Costs one Argon2id
// evaluation whatever the answer.
bool VerifyPassword(const std::string& hash, std::string_view password);

class PasswordRules {
 public:
  // `path`: one common password a line (index/common_passwords.txt); lines
  // starting with # are comments.
  static Result<PasswordRules> Load(const std::string& path);

  // Why `password` may not be used by `username`; nullopt when it may.
  std::optional<std::string> Problem(std::string_view password, std::string_view username) const;

 private:
  std::unordered_set<std::string> common_;  // lower-case
};

}  // namespace jobmatch
