#include "store/key_store.h"

#include "core/secrets.h"

namespace jobmatch {

namespace {
constexpr char kKeyPrefix[] = "jm_";
constexpr std::size_t kKeyBytes = 32;  // 256 random bits
}  // namespace

Result<NewKey> KeyStore::Create(Role role, const std::string& owner, const std::string& region) {
  NewKey k{"key_" + RandomHex(8), kKeyPrefix + RandomHex(kKeyBytes), role, owner, region};
  const std::string now = Timestamp(clock_.Now());
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c,
                         "INSERT INTO api_keys (id, role, owner, key_hash, created_at, region) "
                         "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, k.id);
    st.bind(2, std::string(RoleName(role)));
    st.bind(3, owner);
    st.bind(4, Sha256Hex(k.key));
    st.bind(5, now);
    st.bind(6, region);
    st.exec();
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return k;
}

Result<std::optional<Principal>> KeyStore::Authenticate(std::string_view key) {
  const std::string hash = Sha256Hex(key);
  return db_.Read<std::optional<Principal>>(
      [&](SQLite::Database& c) -> Result<std::optional<Principal>> {
        SQLite::Statement st(c,
                             "SELECT id, role, owner, region FROM api_keys "
                             "WHERE key_hash = ? AND revoked_at IS NULL");
        st.bind(1, hash);
        if (!st.executeStep()) return std::nullopt;
        auto role = ParseRole(st.getColumn(1).getString());
        if (!role) return std::nullopt;
        return Principal{st.getColumn(0).getString(), *role, st.getColumn(2).getString(),
                         st.getColumn(3).getString()};
      });
}

Result<std::pair<int64_t, std::vector<KeyStore::KeyRow>>> KeyStore::List(int limit, int offset) {
  using Page = std::pair<int64_t, std::vector<KeyRow>>;
  return db_.Read<Page>([&](SQLite::Database& c) -> Result<Page> {
    return ReadPage<KeyRow>(c, "api_keys", "id, role, owner, region, created_at, revoked_at",
                            "created_at DESC, id", limit, offset, [](SQLite::Statement& st) {
                              return KeyRow{
                                  st.getColumn(0).getString(),
                                  ParseRole(st.getColumn(1).getString()).value_or(Role::kBoard),
                                  st.getColumn(2).getString(),
                                  st.getColumn(3).getString(),
                                  st.getColumn(4).getString(),
                                  st.getColumn(5).getString()};
                            });
  });
}

Result<bool> KeyStore::Revoke(const std::string& id) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c,
                         "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    st.bind(1, now);
    st.bind(2, id);
    return st.exec() > 0;
  });
}

}  // namespace jobmatch
