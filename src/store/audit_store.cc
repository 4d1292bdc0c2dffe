#include "store/audit_store.h"

#include <nlohmann/json.hpp>

namespace jobmatch {

namespace {

void Insert(SQLite::Database& c, const AuditEntry& e) {
  SQLite::Statement st(c,
                       "INSERT INTO audit (at, actor, action, household_id, fields, user_id, "
                       "client) VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, e.at);
  st.bind(2, e.actor);
  st.bind(3, e.action);
  if (e.household_id) st.bind(4, *e.household_id);
  st.bind(5, nlohmann::json(e.fields).dump());
  if (e.user_id) st.bind(6, *e.user_id);
  if (!e.client.empty()) st.bind(7, e.client);
  st.exec();
}

std::optional<int64_t> OptionalId(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<int64_t>(c.getInt64());
}

}  // namespace

Result<void> AuditStore::Append(const AuditEntry& e) {
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    Insert(c, e);
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

WriteStep AuditStore::Step(AuditEntry e) {
  return [e = std::move(e)](SQLite::Database& c) -> Result<void> {
    Insert(c, e);
    return {};
  };
}

WriteStep AuditStore::StepAboutNewRow(AuditEntry e) {
  return [e = std::move(e)](SQLite::Database& c) mutable -> Result<void> {
    e.user_id = c.getLastInsertRowid();
    Insert(c, e);
    return {};
  };
}

Result<std::pair<int64_t, std::vector<AuditEntry>>> AuditStore::List(int limit, int offset) {
  using Page = std::pair<int64_t, std::vector<AuditEntry>>;
  return db_.Read<Page>([&](SQLite::Database& c) -> Result<Page> {
    return ReadPage<AuditEntry>(
        c, "audit", "at, actor, action, household_id, fields, user_id, client", "id DESC", limit,
        offset, [](SQLite::Statement& st) {
          return AuditEntry{
              st.getColumn(0).getString(),
              st.getColumn(1).getString(),
              st.getColumn(2).getString(),
              OptionalId(st.getColumn(3)),
              nlohmann::json::parse(st.getColumn(4).getString()).get<std::vector<std::string>>(),
              OptionalId(st.getColumn(5)),
              st.getColumn(6).getString()};
        });
  });
}

}  // namespace jobmatch
