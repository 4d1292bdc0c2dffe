#include "store/user_store.h"

namespace jobmatch {

namespace {

constexpr char kUserColumns[] =
    "u.id, u.username, u.display_name, u.role, u.region, u.disabled, u.created_at, "
    "u.last_login_at";
constexpr int kUserColumnCount = 8;

User ReadUser(SQLite::Statement& st) {
  User u;
  u.id = st.getColumn(0).getInt64();
  u.username = st.getColumn(1).getString();
  u.display_name = st.getColumn(2).getString();
  u.role = ParseRole(st.getColumn(3).getString()).value_or(Role::kCounsellor);
  u.region = st.getColumn(4).getString();
  u.disabled = st.getColumn(5).getInt() != 0;
  u.created_at = st.getColumn(6).getString();
  u.last_login_at = st.getColumn(7).getString();  // "" when NULL
  return u;
}

void DeleteSessions(SQLite::Database& c, int64_t user_id) {
  SQLite::Statement st(c, "DELETE FROM sessions WHERE user_id = ?");
  st.bind(1, user_id);
  st.exec();
}

}  // namespace

Result<User> UserStore::Create(User u, const std::string& password_hash, const WriteStep& also) {
  u.created_at = Timestamp(clock_.Now());
  return db_.Write<User>([&](SQLite::Database& c) -> Result<User> {
    SQLite::Statement taken(c, "SELECT 1 FROM users WHERE username = ?");
    taken.bind(1, u.username);
    if (taken.executeStep()) {
      return fail(ErrorKind::kConflict, "username_taken", "username is already on file",
                  "username");
    }
    SQLite::Statement st(c,
                         "INSERT INTO users (username, display_name, role, region, "
                         "password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, u.username);
    st.bind(2, u.display_name);
    st.bind(3, std::string(RoleName(u.role)));
    st.bind(4, u.region);
    st.bind(5, password_hash);
    st.bind(6, u.disabled ? 1 : 0);
    st.bind(7, u.created_at);
    st.exec();
    u.id = c.getLastInsertRowid();
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return u;
  });
}

Result<std::optional<User>> UserStore::Get(int64_t id) {
  return db_.Read<std::optional<User>>([&](SQLite::Database& c) -> Result<std::optional<User>> {
    SQLite::Statement st(c, std::string("SELECT ") + kUserColumns + " FROM users u WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return ReadUser(st);
  });
}

Result<std::optional<std::pair<User, std::string>>> UserStore::FindByUsername(
    const std::string& username) {
  using Found = std::optional<std::pair<User, std::string>>;
  return db_.Read<Found>([&](SQLite::Database& c) -> Result<Found> {
    SQLite::Statement st(c, std::string("SELECT ") + kUserColumns +
                                ", u.password_hash FROM users u WHERE username = ?");
    st.bind(1, username);
    if (!st.executeStep()) return std::nullopt;
    User u = ReadUser(st);
    return std::pair{std::move(u), st.getColumn(kUserColumnCount).getString()};
  });
}

Result<std::pair<int64_t, std::vector<User>>> UserStore::List(int limit, int offset) {
  using Page = std::pair<int64_t, std::vector<User>>;
  return db_.Read<Page>([&](SQLite::Database& c) -> Result<Page> {
    return ReadPage<User>(c, "users u", kUserColumns, "id", limit, offset, ReadUser);
  });
}

Result<int64_t> UserStore::Count() {
  return db_.Read<int64_t>([](SQLite::Database& c) -> Result<int64_t> {
    return c.execAndGet("SELECT COUNT(*) FROM users").getInt64();
  });
}

Result<User> UserStore::Update(int64_t id, const UserChange& change, const WriteStep& also) {
  return db_.Write<User>([&](SQLite::Database& c) -> Result<User> {
    SQLite::Statement get(c, std::string("SELECT ") + kUserColumns + " FROM users u WHERE id = ?");
    get.bind(1, id);
    if (!get.executeStep()) {
      return fail(ErrorKind::kNotFound, "not_found", "no user with that id", "id");
    }
    User u = ReadUser(get);
    if (change.display_name) u.display_name = *change.display_name;
    if (change.role) u.role = *change.role;
    if (change.region) u.region = *change.region;
    if (change.disabled) u.disabled = *change.disabled;
    SQLite::Statement st(c,
                         "UPDATE users SET display_name = ?, role = ?, region = ?, disabled = ?, "
                         "password_hash = COALESCE(?, password_hash) WHERE id = ?");
    st.bind(1, u.display_name);
    st.bind(2, std::string(RoleName(u.role)));
    st.bind(3, u.region);
    st.bind(4, u.disabled ? 1 : 0);
    if (change.password_hash) st.bind(5, *change.password_hash);
    st.bind(6, id);
    st.exec();
    if (change.password_hash || u.disabled) DeleteSessions(c, id);
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return u;
  });
}

Result<void> UserStore::StartSession(int64_t user_id, const std::string& id_hash,
                                     const std::string& csrf_token, int64_t now, Expiry expired,
                                     const WriteStep& also) {
  const std::string at = Timestamp(clock_.Now());
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement prune(c, "DELETE FROM sessions WHERE last_seen < ? OR started < ?");
    prune.bind(1, expired.idle_before);
    prune.bind(2, expired.started_before);
    prune.exec();
    SQLite::Statement st(c,
                         "INSERT INTO sessions (id_hash, user_id, csrf_token, started, last_seen) "
                         "VALUES (?, ?, ?, ?, ?)");
    st.bind(1, id_hash);
    st.bind(2, user_id);
    st.bind(3, csrf_token);
    st.bind(4, now);
    st.bind(5, now);
    st.exec();
    SQLite::Statement login(c, "UPDATE users SET last_login_at = ? WHERE id = ?");
    login.bind(1, at);
    login.bind(2, user_id);
    login.exec();
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::optional<Session>> UserStore::FindSession(const std::string& id_hash) {
  using Found = std::optional<Session>;
  return db_.Read<Found>([&](SQLite::Database& c) -> Result<Found> {
    SQLite::Statement st(c, std::string("SELECT ") + kUserColumns +
                                ", s.csrf_token, s.started, s.last_seen FROM sessions s "
                                "JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?");
    st.bind(1, id_hash);
    if (!st.executeStep()) return std::nullopt;
    Session s;
    s.user = ReadUser(st);
    s.csrf_token = st.getColumn(kUserColumnCount).getString();
    s.started = st.getColumn(kUserColumnCount + 1).getInt64();
    s.last_seen = st.getColumn(kUserColumnCount + 2).getInt64();
    return s;
  });
}

Result<void> UserStore::TouchSession(const std::string& id_hash, int64_t now) {
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c, "UPDATE sessions SET last_seen = ? WHERE id_hash = ?");
    st.bind(1, now);
    st.bind(2, id_hash);
    st.exec();
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> UserStore::EndSession(const std::string& id_hash, const WriteStep& also) {
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c, "DELETE FROM sessions WHERE id_hash = ?");
    st.bind(1, id_hash);
    st.exec();
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> UserStore::EndSessions(int64_t user_id, const WriteStep& also) {
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    DeleteSessions(c, user_id);
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace jobmatch
