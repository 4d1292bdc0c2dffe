#include "service/accounts.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/json_reader.h"
#include "core/secrets.h"
#include "store/audit_store.h"
#include "store/user_store.h"

namespace jobmatch {

namespace {

constexpr std::size_t kTokenBytes = 32;     // 256 random bits
constexpr int64_t kTouchEverySeconds = 60;  // idle time is kept to the minute
constexpr std::array<std::string_view, 2> kUserRoles = {"admin", "counsellor"};

bool IsUsername(const std::string& s) {
  return s.size() >= 2 && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
         });
}

// Refuses fields outside `allowed`, naming the first.
Result<void> OnlyFields(const nlohmann::json& body,
                        std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return fail(ErrorKind::kUnprocessable, "validation_failed", key + " may not be set here",
                  key);
    }
  }
  return {};
}

std::string Actor(const User& u) {
  return "user:" + u.username;
}

std::unexpected<Error> Throttled(int64_t wait, const std::string& field) {
  Error e{ErrorKind::kTooManyRequests,
          "too_many_attempts",
          "too many failed attempts: try again in " + std::to_string(wait) + " seconds",
          field,
          {},
          {}};
  e.retry_after_seconds = static_cast<int>(wait);
  return std::unexpected(std::move(e));
}

}  // namespace

Accounts::Accounts(UserStore& users, AuditStore& audit, const Regions& regions, const Clock& clock,
                   PasswordRules rules, SessionLimits limits)
    : users_(users),
      audit_(audit),
      regions_(regions),
      clock_(clock),
      rules_(std::move(rules)),
      limits_(limits) {}

Accounts::~Accounts() = default;

int64_t Accounts::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
}

nlohmann::json Accounts::UserJson(const User& u) const {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", RoleName(u.role)},
          {"region", opt(u.region)},
          {"region_name", opt(u.region.empty() ? "" : regions_.FullName(u.region))},
          {"disabled", u.disabled},
          {"created_at", u.created_at},
          {"last_login_at", opt(u.last_login_at)}};
}

nlohmann::json Accounts::SessionView(const User& u, const std::string& csrf, int64_t started,
                                     int64_t last_seen) const {
  const int64_t ends =
      std::min(last_seen + limits_.idle.count(), started + limits_.lifetime.count());
  return {
      {"user", UserJson(u)},
      {"csrf_token", csrf},
      {"expires_at", Timestamp(std::chrono::system_clock::time_point(std::chrono::seconds(ends)))}};
}

Result<std::string> Accounts::NewPasswordHash(const std::string& password,
                                              const std::string& username,
                                              const std::string& field) const {
  if (auto problem = rules_.Problem(password, username)) {
    return fail(ErrorKind::kUnprocessable, "weak_password", field + " " + *problem, field);
  }
  return HashPassword(password);
}

const std::string& Accounts::DummyHash() {
  std::call_once(dummy_once_, [this] { dummy_hash_ = HashPassword(RandomHex(16)).value_or(""); });
  return dummy_hash_;
}

Result<nlohmann::json> Accounts::CreateUser(const nlohmann::json& body, const Principal& actor) {
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  if (auto ok = OnlyFields(body, {"username", "display_name", "role", "region", "password"}); !ok) {
    return std::unexpected(ok.error());
  }
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  User u;
  u.username = r.String("username", true, 32).value_or("");
  if (!u.username.empty() && !IsUsername(u.username)) {
    r.Error("username", "must be 2 to 32 letters, digits, dots, dashes or underscores");
  }
  u.display_name = r.String("display_name", true, 50).value_or("");
  auto role = r.OneOf("role", true, kUserRoles);
  if (role) u.role = *ParseRole(*role);
  u.region = ReadRegion(r, "region", role == "counsellor", regions_, errors);
  const auto password = r.String("password", true, kMaxPasswordBytes);
  if (!errors.empty()) return invalid(std::move(errors));
  auto hash = NewPasswordHash(*password, u.username, "password");
  if (!hash) return std::unexpected(hash.error());
  auto created =
      users_.Create(u, *hash,
                    AuditStore::StepAboutNewRow({Timestamp(clock_.Now()),
                                                 actor.actor,
                                                 "user_created",
                                                 std::nullopt,
                                                 {"username", "display_name", "role", "region"},
                                                 std::nullopt,
                                                 ""}));
  if (!created) return std::unexpected(created.error());
  return UserJson(*created);
}

Result<nlohmann::json> Accounts::ListUsers(int limit, int offset) {
  auto page = users_.List(limit, offset);
  if (!page) return std::unexpected(page.error());
  nlohmann::json items = nlohmann::json::array();
  for (const User& u : page->second) items.push_back(UserJson(u));
  return nlohmann::json{{"total", page->first}, {"items", std::move(items)}};
}

Result<nlohmann::json> Accounts::GetUser(int64_t id) {
  auto u = users_.Get(id);
  if (!u) return std::unexpected(u.error());
  if (!*u) return fail(ErrorKind::kNotFound, "not_found", "no user with that id", "id");
  return UserJson(**u);
}

Result<int64_t> Accounts::CountUsers() {
  return users_.Count();
}

Result<nlohmann::json> Accounts::PatchUser(int64_t id, const nlohmann::json& body,
                                           const Principal& actor) {
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  if (auto ok = OnlyFields(body, {"display_name", "role", "region", "disabled", "password"}); !ok) {
    return std::unexpected(ok.error());
  }
  auto current = users_.Get(id);
  if (!current) return std::unexpected(current.error());
  if (!*current) return fail(ErrorKind::kNotFound, "not_found", "no user with that id", "id");
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  UserChange change;
  change.display_name = r.String("display_name", false, 50);
  if (auto role = r.OneOf("role", false, kUserRoles)) change.role = ParseRole(*role);
  if (body.contains("region")) change.region = ReadRegion(r, "region", false, regions_, errors);
  change.disabled = r.Boolean("disabled", false);
  const auto password = r.String("password", false, kMaxPasswordBytes);
  if (!errors.empty()) return invalid(std::move(errors));
  const Role role = change.role.value_or((*current)->role);
  const std::string region = change.region.value_or((*current)->region);
  if (role == Role::kCounsellor && region.empty()) {
    return fail(ErrorKind::kUnprocessable, "validation_failed",
                "region is required for a counsellor", "region");
  }
  if (id == actor.user_id && (change.disabled == true || role != Role::kAdmin)) {
    return fail(ErrorKind::kConflict, "own_account", "an admin may not disable or demote itself",
                change.disabled ? "disabled" : "role");
  }
  if (password) {
    auto hash = NewPasswordHash(*password, (*current)->username, "password");
    if (!hash) return std::unexpected(hash.error());
    change.password_hash = *hash;
  }
  std::vector<std::string> fields;
  for (const auto& [key, value] : body.items()) fields.push_back(key);
  auto updated =
      users_.Update(id, change,
                    AuditStore::Step({Timestamp(clock_.Now()), actor.actor, "user_changed",
                                      std::nullopt, std::move(fields), id, ""}));
  if (!updated) return std::unexpected(updated.error());
  return UserJson(*updated);
}

Result<void> Accounts::ResetPassword(const std::string& username, const std::string& password) {
  auto found = users_.FindByUsername(username);
  if (!found) return std::unexpected(found.error());
  if (!*found)
    return fail(ErrorKind::kNotFound, "not_found", "no user with that username", "username");
  auto hash = NewPasswordHash(password, (*found)->first.username, "password");
  if (!hash) return std::unexpected(hash.error());
  UserChange change;
  change.password_hash = *hash;
  auto updated = users_.Update((*found)->first.id, change,
                               AuditStore::Step({Timestamp(clock_.Now()),
                                                 "cli",
                                                 "user_changed",
                                                 std::nullopt,
                                                 {"password"},
                                                 (*found)->first.id,
                                                 ""}));
  if (!updated) return std::unexpected(updated.error());
  return {};
}

Result<Accounts::SignedIn> Accounts::SignIn(const nlohmann::json& body, const std::string& client) {
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  const auto username = r.String("username", true, 64);
  const auto password = r.String("password", true, kMaxPasswordBytes);
  if (!errors.empty()) return invalid(std::move(errors));
  const int64_t now = Now();
  if (const int64_t wait = throttle_.Wait(*username, client, now); wait > 0) {
    return Throttled(wait, "username");
  }
  auto found = users_.FindByUsername(*username);
  if (!found) return std::unexpected(found.error());
  // An unknown name costs the same Argon2id evaluation as a known one.
  const bool right = VerifyPassword(*found ? (*found)->second : DummyHash(), *password);
  const std::string at = Timestamp(clock_.Now());
  if (!*found || !right || (*found)->first.disabled) {
    throttle_.Failed(*username, client, now);
    // The name typed is not recorded unless it is an account's: it may be a password.
    AuditEntry entry{at,
                     *found ? Actor((*found)->first) : "unknown",
                     "login_failed",
                     std::nullopt,
                     {},
                     std::nullopt,
                     client};
    if (*found) entry.user_id = (*found)->first.id;
    if (auto logged = audit_.Append(entry); !logged) return std::unexpected(logged.error());
    return fail(ErrorKind::kUnauthorized, "invalid_credentials",
                "the username or the password is wrong", "password");
  }
  throttle_.Succeeded(*username);
  const User& u = (*found)->first;
  SignedIn out{{}, RandomHex(kTokenBytes)};
  const std::string csrf = RandomHex(kTokenBytes);
  auto started = users_.StartSession(
      u.id, Sha256Hex(out.token), csrf, now,
      {now - limits_.idle.count(), now - limits_.lifetime.count()},
      AuditStore::Step({at, Actor(u), "login", std::nullopt, {}, u.id, client}));
  if (!started) return std::unexpected(started.error());
  User signed_in = u;
  signed_in.last_login_at = at;
  out.view = SessionView(signed_in, csrf, now, now);
  return out;
}

Result<std::optional<SessionCaller>> Accounts::FromSession(std::string_view token) {
  if (token.size() != 2 * kTokenBytes) return std::nullopt;
  const std::string hash = Sha256Hex(token);
  auto s = users_.FindSession(hash);
  if (!s) return std::unexpected(s.error());
  if (!*s) return std::nullopt;
  const int64_t now = Now();
  if (now - (*s)->last_seen >= limits_.idle.count() ||
      now - (*s)->started >= limits_.lifetime.count() || (*s)->user.disabled) {
    if (auto ended = users_.EndSession(hash, nullptr); !ended)
      return std::unexpected(ended.error());
    return std::nullopt;
  }
  if (now - (*s)->last_seen >= kTouchEverySeconds) {
    if (auto touched = users_.TouchSession(hash, now); !touched) {
      return std::unexpected(touched.error());
    }
    (*s)->last_seen = now;
  }
  const User& u = (*s)->user;
  return SessionCaller{Principal{Actor(u), u.role, "", u.region, u.id}, (*s)->csrf_token,
                       SessionView(u, (*s)->csrf_token, (*s)->started, (*s)->last_seen)};
}

Result<void> Accounts::SignOut(std::string_view token, const Principal& p,
                               const std::string& client) {
  return users_.EndSession(
      Sha256Hex(token),
      AuditStore::Step(
          {Timestamp(clock_.Now()), p.actor, "logout", std::nullopt, {}, p.user_id, client}));
}

Result<void> Accounts::ChangePassword(const Principal& p, const nlohmann::json& body,
                                      const std::string& client) {
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  const auto current = r.String("current_password", true, kMaxPasswordBytes);
  const auto next = r.String("new_password", true, kMaxPasswordBytes);
  if (!errors.empty()) return invalid(std::move(errors));
  auto user = users_.Get(p.user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return fail(ErrorKind::kUnauthorized, "unauthorized", "the account is gone");
  // A stolen session must not become a way to guess the password.
  const int64_t now = Now();
  if (const int64_t wait = throttle_.Wait((*user)->username, client, now); wait > 0) {
    return Throttled(wait, "current_password");
  }
  auto found = users_.FindByUsername((*user)->username);
  if (!found) return std::unexpected(found.error());
  if (!*found || !VerifyPassword((*found)->second, *current)) {
    throttle_.Failed((*user)->username, client, now);
    return fail(ErrorKind::kForbidden, "wrong_password", "current_password is wrong",
                "current_password");
  }
  auto hash = NewPasswordHash(*next, (*user)->username, "new_password");
  if (!hash) return std::unexpected(hash.error());
  UserChange change;
  change.password_hash = *hash;
  auto updated = users_.Update(p.user_id, change,
                               AuditStore::Step({Timestamp(clock_.Now()),
                                                 p.actor,
                                                 "user_changed",
                                                 std::nullopt,
                                                 {"password"},
                                                 p.user_id,
                                                 client}));
  if (!updated) return std::unexpected(updated.error());
  return {};
}

}  // namespace jobmatch
