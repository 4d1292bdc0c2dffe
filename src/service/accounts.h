// People's accounts and sessions: admins and counsellors sign in with a
// username and a password, get a session (an HttpOnly cookie the HTTP layer
// sets, and a CSRF token the client sends back on every write), and act
// within their region scope. Every sign-in, failed sign-in, sign-out and
// account change goes to the audit log, never a password. Nothing here knows
// HTTP. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/password.h"
#include "core/policy.h"
#include "core/regions.h"
#include "service/throttle.h"

namespace jobmatch {

class AuditStore;
class UserStore;
struct User;

struct SessionLimits {
  std::chrono::seconds idle{30 * 60};        // unused this long, a session ends
  std::chrono::seconds lifetime{12 * 3600};  // and in any case this long after sign-in
};

// A signed-in caller, from its session cookie.
struct SessionCaller {
  Principal principal;
  std::string csrf_token;
  nlohmann::json view;  // {user, csrf_token, expires_at}
};

class Accounts {
 public:
  Accounts(UserStore& users, AuditStore& audit, const Regions& regions, const Clock& clock,
           PasswordRules rules, SessionLimits limits);
  ~Accounts();

  // POST /v1/users: {username, display_name, role, region, password} → the user.
  Result<nlohmann::json> CreateUser(const nlohmann::json& body, const Principal& actor);
  Result<nlohmann::json> ListUsers(int limit, int offset);
  Result<nlohmann::json> GetUser(int64_t id);
  // PATCH /v1/users/{id}: display_name, role, region, disabled, password.
  Result<nlohmann::json> PatchUser(int64_t id, const nlohmann::json& body, const Principal& actor);
  Result<int64_t> CountUsers();
  // The CLI's password reset (`jobmatch users password`).
  Result<void> ResetPassword(const std::string& username, const std::string& password);

  struct SignedIn {
    nlohmann::json view;  // {user, csrf_token, expires_at}
    std::string token;    // the session id, for the cookie only
  };
  // kUnauthorized for a wrong name or password (the same answer, in the same
  // time); kTooManyRequests with retry_after_seconds while throttled.
  Result<SignedIn> SignIn(const nlohmann::json& body, const std::string& client);
  // The caller of a live session; nullopt when the token names none (ended,
  // expired, or its user disabled).
  Result<std::optional<SessionCaller>> FromSession(std::string_view token);
  Result<void> SignOut(std::string_view token, const Principal& p, const std::string& client);
  // POST /v1/session/password {current_password, new_password}: ends every
  // session of the user, this one too.
  Result<void> ChangePassword(const Principal& p, const nlohmann::json& body,
                              const std::string& client);

 private:
  int64_t Now() const;
  nlohmann::json UserJson(const User& u) const;
  nlohmann::json SessionView(const User& u, const std::string& csrf, int64_t started,
                             int64_t last_seen) const;
  Result<std::string> NewPasswordHash(const std::string& password, const std::string& username,
                                      const std::string& field) const;
  const std::string& DummyHash();

  UserStore& users_;
  AuditStore& audit_;
  const Regions& regions_;
  const Clock& clock_;
  PasswordRules rules_;
  SessionLimits limits_;
  LoginThrottle throttle_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown usernames: the same time
};

}  // namespace jobmatch
