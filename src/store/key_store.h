// API keys: created with 256 random bits, shown once, stored only as their
// SHA-256; looked up by hash on every request. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/policy.h"
#include "store/database.h"

namespace jobmatch {

class KeyStore {
 public:
  KeyStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // `region`: a counsellor key's scope ("" national).
  Result<NewKey> Create(Role role, const std::string& owner, const std::string& region = "");

  // The live (not revoked) key whose secret is `key`, as a Principal.
  Result<std::optional<Principal>> Authenticate(std::string_view key);

  // Every key, newest first, as {id, role, owner, region, created_at,
  // revoked_at ("" when live)} — never a secret or its hash.
  struct KeyRow {
    std::string id;
    Role role;
    std::string owner, region, created_at, revoked_at;
  };
  Result<std::pair<int64_t, std::vector<KeyRow>>> List(int limit, int offset);

  // Revokes a key; false when no live key has that id.
  Result<bool> Revoke(const std::string& id);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace jobmatch
