#include "store/catalog_store.h"

#include "store/change_log.h"

namespace jobmatch {

void CatalogStore::SaveDoc(SQLite::Database& c, int64_t id, const nlohmann::json& doc,
                           const std::string& now) {
  SQLite::Statement st(c, "UPDATE " + table_ + " SET doc = ? WHERE id = ?");
  st.bind(1, doc.dump());
  st.bind(2, id);
  st.exec();
  AppendChange(c, entity_, id, now);
}

Result<nlohmann::json> CatalogStore::Create(const Encoder& encode) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<nlohmann::json>([&](SQLite::Database& c) -> Result<nlohmann::json> {
    c.exec("INSERT INTO " + table_ + " (doc) VALUES ('{}')");
    const int64_t id = c.getLastInsertRowid();
    nlohmann::json doc = encode(id, now, now);
    SaveDoc(c, id, doc, now);
    return doc;
  });
}

Result<nlohmann::json> CatalogStore::Replace(int64_t id, const Encoder& encode) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<nlohmann::json>([&](SQLite::Database& c) -> Result<nlohmann::json> {
    SQLite::Statement find(c, "SELECT doc FROM " + table_ + " WHERE id = ? AND deleted = 0");
    find.bind(1, id);
    if (!find.executeStep()) return fail(ErrorKind::kNotFound, "not_found", "no such id", "id");
    const std::string created =
        nlohmann::json::parse(find.getColumn(0).getString()).at("created_at");
    nlohmann::json doc = encode(id, created, now);
    SaveDoc(c, id, doc, now);
    return doc;
  });
}

Result<std::optional<nlohmann::json>> CatalogStore::Get(int64_t id) {
  return db_.Read<std::optional<nlohmann::json>>(
      [&](SQLite::Database& c) -> Result<std::optional<nlohmann::json>> {
        SQLite::Statement st(c, "SELECT doc FROM " + table_ + " WHERE id = ? AND deleted = 0");
        st.bind(1, id);
        if (!st.executeStep()) return std::nullopt;
        return nlohmann::json::parse(st.getColumn(0).getString());
      });
}

Result<bool> CatalogStore::Delete(int64_t id) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c, "UPDATE " + table_ + " SET deleted = 1 WHERE id = ? AND deleted = 0");
    st.bind(1, id);
    if (st.exec() == 0) return false;
    AppendChange(c, entity_, id, now);
    return true;
  });
}

Result<std::vector<StoredRow>> CatalogStore::GetMany(const std::vector<int64_t>& ids) {
  return db_.Read<std::vector<StoredRow>>(
      [&](SQLite::Database& c) -> Result<std::vector<StoredRow>> {
        SQLite::Statement st(c, "SELECT id, deleted, doc FROM " + table_ + " WHERE id = ?");
        std::vector<StoredRow> out;
        for (int64_t id : ids) {
          st.reset();
          st.bind(1, id);
          if (st.executeStep()) {
            out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt() != 0,
                           nlohmann::json::parse(st.getColumn(2).getString())});
          }
        }
        return out;
      });
}

Result<std::vector<StoredRow>> CatalogStore::ScanLive(int64_t after_id, int limit) {
  return db_.Read<std::vector<StoredRow>>(
      [&](SQLite::Database& c) -> Result<std::vector<StoredRow>> {
        SQLite::Statement st(c, "SELECT id, deleted, doc FROM " + table_ +
                                    " WHERE id > ? AND deleted = 0 ORDER BY id LIMIT ?");
        st.bind(1, after_id);
        st.bind(2, limit);
        std::vector<StoredRow> out;
        while (st.executeStep()) {
          out.push_back({st.getColumn(0).getInt64(), false,
                         nlohmann::json::parse(st.getColumn(2).getString())});
        }
        return out;
      });
}

}  // namespace jobmatch
