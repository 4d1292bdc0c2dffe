#include "core/password.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "core/utf8.h"

namespace jobmatch {

namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (!SodiumReady() ||
      crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return fail(ErrorKind::kInternal, "password_hash_failed", "could not hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  return SodiumReady() && hash.size() < crypto_pwhash_STRBYTES &&
         crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<PasswordRules> PasswordRules::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorKind::kInternal, "password_list_missing", "cannot read " + path);
  PasswordRules rules;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    rules.common_.insert(AsciiLower(line));
  }
  return rules;
}

std::optional<std::string> PasswordRules::Problem(std::string_view password,
                                                  std::string_view username) const {
  if (!IsValidUtf8(password) || HasControlChars(password)) {
    return "must be text without control characters";
  }
  if (Utf8Length(password) < kMinPasswordChars) {
    return "must be at least " + std::to_string(kMinPasswordChars) + " characters";
  }
  if (password.size() > kMaxPasswordBytes) {
    return "must be at most " + std::to_string(kMaxPasswordBytes) + " bytes";
  }
  const std::string lower = AsciiLower(password);
  if (common_.contains(lower)) return "is one of the most common passwords: choose another";
  if (!username.empty() && lower.find(AsciiLower(username)) != std::string::npos) {
    return "may not contain the username";
  }
  if (std::set<char>(lower.begin(), lower.end()).size() < 4) {
    return "must hold at least 4 different characters";
  }
  return std::nullopt;
}

}  // namespace jobmatch
