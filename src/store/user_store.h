// People's accounts (admins and counsellors) and their sessions. Passwords
// arrive here already hashed; a session is found by the SHA-256 of its id,
// which is never stored. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/policy.h"
#include "store/database.h"

namespace jobmatch {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kCounsellor;
  std::string region;  // the scope; "" national
  bool disabled = false;
  std::string created_at;
  std::string last_login_at;  // "" never
};

// What PATCH /v1/users/{id} may change; unset fields stay.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<Role> role;
  std::optional<std::string> region;
  std::optional<bool> disabled;
  std::optional<std::string> password_hash;
};

struct Session {
  User user;
  std::string csrf_token;
  int64_t started = 0;  // Unix seconds
  int64_t last_seen = 0;
};

class UserStore {
 public:
  UserStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // kConflict username_taken when the name is on file (case-insensitive).
  Result<User> Create(User u, const std::string& password_hash, const WriteStep& also);
  Result<std::optional<User>> Get(int64_t id);
  // The user and its password hash, for signing in.
  Result<std::optional<std::pair<User, std::string>>> FindByUsername(const std::string& username);
  Result<std::pair<int64_t, std::vector<User>>> List(int limit, int offset);
  Result<int64_t> Count();
  // A new password or disabling ends every session of the user, in the same
  // transaction. kNotFound when there is no such user.
  Result<User> Update(int64_t id, const UserChange& change, const WriteStep& also);

  // Opens a session and records the sign-in; sessions that have ended by
  // `expired` (idle since, started before) are deleted on the way.
  struct Expiry {
    int64_t idle_before;
    int64_t started_before;
  };
  Result<void> StartSession(int64_t user_id, const std::string& id_hash,
                            const std::string& csrf_token, int64_t now, Expiry expired,
                            const WriteStep& also);
  Result<std::optional<Session>> FindSession(const std::string& id_hash);
  Result<void> TouchSession(const std::string& id_hash, int64_t now);
  Result<void> EndSession(const std::string& id_hash, const WriteStep& also);
  // Ends every session of the user (a password change).
  Result<void> EndSessions(int64_t user_id, const WriteStep& also);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace jobmatch
