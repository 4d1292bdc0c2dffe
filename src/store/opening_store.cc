#include "store/opening_store.h"

#include "store/change_log.h"

namespace jobmatch {

namespace {

StoredRow ReadRow(SQLite::Statement& st) {
  return {st.getColumn(0).getInt64(), st.getColumn(1).getInt() != 0,
          nlohmann::json::parse(st.getColumn(2).getString())};
}

}  // namespace

Result<std::vector<UpsertOutcome>> OpeningStore::Upsert(std::vector<Opening>& openings) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<std::vector<UpsertOutcome>>(
      [&](SQLite::Database& c) -> Result<std::vector<UpsertOutcome>> {
        SQLite::Statement find(c,
                               "SELECT id, deleted, doc FROM openings "
                               "WHERE board = ? AND external_id = ?");
        SQLite::Statement insert(c,
                                 "INSERT INTO openings (board, external_id, expires_at, "
                                 "updated_at, doc) VALUES (?, ?, ?, ?, '{}')");
        SQLite::Statement update(c,
                                 "UPDATE openings SET deleted = 0, expires_at = ?, "
                                 "updated_at = ?, doc = ? WHERE id = ?");
        std::vector<UpsertOutcome> out;
        out.reserve(openings.size());
        for (Opening& o : openings) {
          find.reset();
          find.bind(1, o.board);
          find.bind(2, o.external_id);
          UpsertKind kind = UpsertKind::kCreated;
          if (find.executeStep()) {
            StoredRow old = ReadRow(find);
            o.id = old.id;
            if (!old.deleted) {
              o.created_at = old.doc.at("created_at");
              o.updated_at = old.doc.at("updated_at");
              if (EncodeOpening(o) == old.doc) {
                out.push_back({UpsertKind::kUnchanged, o.id});
                continue;
              }
              kind = UpsertKind::kUpdated;
            } else {
              o.created_at = now;  // re-posted after a delete: a new life
            }
          } else {
            insert.reset();
            insert.bind(1, o.board);
            insert.bind(2, o.external_id);
            insert.bind(3, o.expires_at);
            insert.bind(4, now);
            insert.exec();
            o.id = c.getLastInsertRowid();
            o.created_at = now;
          }
          o.updated_at = now;
          update.reset();
          update.bind(1, o.expires_at);
          update.bind(2, now);
          update.bind(3, EncodeOpening(o).dump());
          update.bind(4, o.id);
          update.exec();
          AppendChange(c, kEntityOpening, o.id, now);
          out.push_back({kind, o.id});
        }
        return out;
      });
}

Result<std::optional<nlohmann::json>> OpeningStore::Get(int64_t id) {
  return db_.Read<std::optional<nlohmann::json>>(
      [&](SQLite::Database& c) -> Result<std::optional<nlohmann::json>> {
        SQLite::Statement st(c, "SELECT doc FROM openings WHERE id = ? AND deleted = 0");
        st.bind(1, id);
        if (!st.executeStep()) return std::nullopt;
        return nlohmann::json::parse(st.getColumn(0).getString());
      });
}

Result<bool> OpeningStore::Delete(int64_t id) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c,
                         "UPDATE openings SET deleted = 1, updated_at = ? "
                         "WHERE id = ? AND deleted = 0");
    st.bind(1, now);
    st.bind(2, id);
    if (st.exec() == 0) return false;
    AppendChange(c, kEntityOpening, id, now);
    return true;
  });
}

Result<std::vector<StoredRow>> OpeningStore::GetMany(const std::vector<int64_t>& ids) {
  return db_.Read<std::vector<StoredRow>>(
      [&](SQLite::Database& c) -> Result<std::vector<StoredRow>> {
        SQLite::Statement st(c, "SELECT id, deleted, doc FROM openings WHERE id = ?");
        std::vector<StoredRow> out;
        out.reserve(ids.size());
        for (int64_t id : ids) {
          st.reset();
          st.bind(1, id);
          if (st.executeStep()) out.push_back(ReadRow(st));
        }
        return out;
      });
}

Result<std::vector<StoredRow>> OpeningStore::ScanLive(int64_t after_id, int limit) {
  return db_.Read<std::vector<StoredRow>>(
      [&](SQLite::Database& c) -> Result<std::vector<StoredRow>> {
        SQLite::Statement st(c,
                             "SELECT id, deleted, doc FROM openings WHERE id > ? AND deleted = 0 "
                             "ORDER BY id LIMIT ?");
        st.bind(1, after_id);
        st.bind(2, limit);
        std::vector<StoredRow> out;
        while (st.executeStep()) out.push_back(ReadRow(st));
        return out;
      });
}

Result<int64_t> OpeningStore::CountLive() {
  return db_.Read<int64_t>([](SQLite::Database& c) -> Result<int64_t> {
    return c.execAndGet("SELECT COUNT(*) FROM openings WHERE deleted = 0").getInt64();
  });
}

}  // namespace jobmatch
