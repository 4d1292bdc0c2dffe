#include "store/opening_store.h"

#include <algorithm>
#include <set>

#include "core/duplicates.h"
#include "store/change_log.h"

namespace jobmatch {

namespace {

StoredRow ReadRow(SQLite::Statement& st) {
  return {st.getColumn(0).getInt64(), st.getColumn(1).getInt() != 0,
          nlohmann::json::parse(st.getColumn(2).getString())};
}

// A row for the index: its cluster (column 3) goes into the document.
StoredRow ReadIndexRow(SQLite::Statement& st) {
  StoredRow row = ReadRow(st);
  if (!st.getColumn(3).isNull()) row.doc["cluster"] = st.getColumn(3).getInt64();
  return row;
}

}  // namespace

Result<std::vector<UpsertOutcome>> OpeningStore::Upsert(std::vector<Opening>& openings,
                                                        std::string_view today) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<std::vector<UpsertOutcome>>(
      [&](SQLite::Database& c) -> Result<std::vector<UpsertOutcome>> {
        SQLite::Statement find(c,
                               "SELECT id, deleted, doc, dup_key FROM openings "
                               "WHERE board = ? AND external_id = ?");
        SQLite::Statement insert(c,
                                 "INSERT INTO openings (board, external_id, expires_at, "
                                 "updated_at, doc) VALUES (?, ?, ?, ?, '{}')");
        SQLite::Statement update(c,
                                 "UPDATE openings SET deleted = 0, expires_at = ?, "
                                 "updated_at = ?, doc = ?, status = ?, dup_key = ? WHERE id = ?");
        std::set<std::string> keys;  // clusters to settle once all are written
        std::vector<UpsertOutcome> out;
        out.reserve(openings.size());
        for (Opening& o : openings) {
          find.reset();
          find.bind(1, o.board);
          find.bind(2, o.external_id);
          UpsertKind kind = UpsertKind::kCreated;
          o.positions_filled = 0;
          const std::string key = DuplicateKey(o);
          if (find.executeStep()) {
            StoredRow old = ReadRow(find);
            keys.insert(find.getColumn(3).getString());
            o.id = old.id;
            if (!old.deleted) {
              o.created_at = old.doc.at("created_at");
              o.updated_at = old.doc.at("updated_at");
              // Hires made stay made; posting a filled opening again reopens it.
              if (old.doc.value("status", "open") != "filled") {
                o.positions_filled = old.doc.value("positions_filled", int64_t{0});
              }
              o.Settle(today);
              if (EncodeOpening(o) == old.doc && find.getColumn(3).getString() == key) {
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
          o.Settle(today);
          update.reset();
          update.bind(1, o.expires_at);
          update.bind(2, now);
          update.bind(3, EncodeOpening(o).dump());
          update.bind(4, std::string(OpeningStatusName(o.status)));
          update.bind(5, key);
          update.bind(6, o.id);
          update.exec();
          AppendChange(c, kEntityOpening, o.id, now);
          keys.insert(key);
          out.push_back({kind, o.id});
        }
        for (const std::string& k : keys) ReclusterOpenings(c, k, now);
        return out;
      });
}

Result<std::optional<nlohmann::json>> OpeningStore::Get(int64_t id) {
  return db_.Read<std::optional<nlohmann::json>>(
      [&](SQLite::Database& c) -> Result<std::optional<nlohmann::json>> {
        SQLite::Statement st(c, "SELECT doc, cluster FROM openings WHERE id = ? AND deleted = 0");
        st.bind(1, id);
        if (!st.executeStep()) return std::nullopt;
        auto doc = nlohmann::json::parse(st.getColumn(0).getString());
        if (!st.getColumn(1).isNull()) doc["cluster"] = st.getColumn(1).getInt64();
        return doc;
      });
}

Result<bool> OpeningStore::Delete(int64_t id) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c,
                         "UPDATE openings SET deleted = 1, updated_at = ? "
                         "WHERE id = ? AND deleted = 0 RETURNING dup_key");
    st.bind(1, now);
    st.bind(2, id);
    if (!st.executeStep()) return false;
    const std::string key = st.getColumn(0).getString();
    st.reset();
    AppendChange(c, kEntityOpening, id, now);
    ReclusterOpenings(c, key, now);
    return true;
  });
}

Result<std::vector<StoredRow>> OpeningStore::GetMany(const std::vector<int64_t>& ids) {
  return db_.Read<std::vector<StoredRow>>(
      [&](SQLite::Database& c) -> Result<std::vector<StoredRow>> {
        SQLite::Statement st(
            c, "SELECT id, deleted OR status != 'open', doc, cluster FROM openings WHERE id = ?");
        std::vector<StoredRow> out;
        out.reserve(ids.size());
        for (int64_t id : ids) {
          st.reset();
          st.bind(1, id);
          if (st.executeStep()) out.push_back(ReadIndexRow(st));
        }
        return out;
      });
}

Result<std::vector<std::pair<int64_t, std::string>>> OpeningStore::RegionsOf(
    const std::vector<int64_t>& ids) {
  using Regions = std::vector<std::pair<int64_t, std::string>>;
  return db_.Read<Regions>([&](SQLite::Database& c) -> Result<Regions> {
    SQLite::Statement st(c, "SELECT json_extract(doc, '$.region') FROM openings WHERE id = ?");
    Regions out;
    out.reserve(ids.size());
    for (int64_t id : ids) {
      st.reset();
      st.bind(1, id);
      if (st.executeStep()) out.emplace_back(id, st.getColumn(0).getString());
    }
    return out;
  });
}

Result<std::vector<StoredRow>> OpeningStore::ScanLive(int64_t after_id, int limit) {
  return db_.Read<std::vector<StoredRow>>(
      [&](SQLite::Database& c) -> Result<std::vector<StoredRow>> {
        SQLite::Statement st(c,
                             "SELECT id, 0, doc, cluster FROM openings WHERE id > ? AND "
                             "deleted = 0 AND status = 'open' ORDER BY id LIMIT ?");
        st.bind(1, after_id);
        st.bind(2, limit);
        std::vector<StoredRow> out;
        while (st.executeStep()) out.push_back(ReadIndexRow(st));
        return out;
      });
}

Result<int64_t> OpeningStore::CountLive() {
  return db_.Read<int64_t>([](SQLite::Database& c) -> Result<int64_t> {
    return c.execAndGet("SELECT COUNT(*) FROM openings WHERE deleted = 0").getInt64();
  });
}

namespace {

// Writes a changed opening back, with its change-log entry.
void Rewrite(SQLite::Database& c, const Opening& o, const std::string& now) {
  const std::string key = DuplicateKey(o);
  SQLite::Statement up(c,
                       "UPDATE openings SET expires_at = ?, updated_at = ?, doc = ?, status = ?, "
                       "dup_key = ? WHERE id = ?");
  up.bind(1, o.expires_at);
  up.bind(2, o.updated_at);
  up.bind(3, EncodeOpening(o).dump());
  up.bind(4, std::string(OpeningStatusName(o.status)));
  up.bind(5, key);
  up.bind(6, o.id);
  up.exec();
  AppendChange(c, kEntityOpening, o.id, now);
  ReclusterOpenings(c, key, now);  // a filled or expired opening leaves its cluster
}

std::optional<Opening> ReadLive(SQLite::Database& c, int64_t id) {
  SQLite::Statement st(c, "SELECT doc FROM openings WHERE id = ? AND deleted = 0");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return DecodeOpening(nlohmann::json::parse(st.getColumn(0).getString()));
}

}  // namespace

Result<void> OpeningStore::Update(const Opening& o) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<void>([&](SQLite::Database& c) -> Result<void> {
    Rewrite(c, o, now);
    return {};
  });
}

Result<int64_t> OpeningStore::ExpireDue(std::string_view today) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
    std::vector<Opening> due;
    {
      SQLite::Statement st(c,
                           "SELECT doc FROM openings WHERE status = 'open' AND deleted = 0 AND "
                           "expires_at < ?");
      st.bind(1, std::string(today));
      while (st.executeStep()) {
        due.push_back(DecodeOpening(nlohmann::json::parse(st.getColumn(0).getString())));
      }
    }
    for (Opening& o : due) {
      o.Settle(today);
      Rewrite(c, o, now);
    }
    return static_cast<int64_t>(due.size());
  });
}

Result<std::optional<nlohmann::json>> OpeningStore::Renew(int64_t id, const std::string& expires_at,
                                                          std::string_view today) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<std::optional<nlohmann::json>>(
      [&](SQLite::Database& c) -> Result<std::optional<nlohmann::json>> {
        auto o = ReadLive(c, id);
        if (!o) return std::nullopt;
        o->expires_at = expires_at;
        o->updated_at = now;
        o->Settle(today);
        Rewrite(c, *o, now);
        return EncodeOpening(*o);
      });
}

WriteStep OpeningStore::FillStep(int64_t id, int delta, std::string today) {
  return [this, id, delta, today = std::move(today)](SQLite::Database& c) -> Result<void> {
    auto o = ReadLive(c, id);
    if (!o) return {};
    const int64_t filled = std::clamp<int64_t>(o->positions_filled + delta, 0, o->positions);
    if (filled == o->positions_filled) return {};
    o->positions_filled = filled;
    o->Settle(today);
    Rewrite(c, *o, Timestamp(clock_.Now()));
    return {};
  };
}

Result<std::pair<std::vector<FeedEntry>, bool>> OpeningStore::Feed(int64_t after, int limit) {
  using Page = std::pair<std::vector<FeedEntry>, bool>;
  return db_.Read<Page>([&](SQLite::Database& c) -> Result<Page> {
    // Only each opening's latest change: applying them in order rebuilds
    // the live set, however often an opening changed.
    SQLite::Statement st(
        c,
        "SELECT c.seq, c.entity_id, c.at, o.deleted OR o.status != 'open', o.doc FROM changes c "
        "JOIN openings o ON o.id = c.entity_id WHERE c.entity = 'opening' AND c.seq > ? AND NOT "
        "EXISTS (SELECT 1 FROM changes d WHERE d.entity = 'opening' AND d.entity_id = "
        "c.entity_id AND d.seq > c.seq) ORDER BY c.seq LIMIT ?");
    st.bind(1, after);
    st.bind(2, limit + 1);
    Page page;
    while (st.executeStep()) {
      if (static_cast<int>(page.first.size()) == limit) {
        page.second = true;
        break;
      }
      FeedEntry e{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                  st.getColumn(2).getString(), std::nullopt};
      if (st.getColumn(3).getInt() == 0)
        e.opening = nlohmann::json::parse(st.getColumn(4).getString());
      page.first.push_back(std::move(e));
    }
    return page;
  });
}

Result<BoardFigures> OpeningStore::BoardStats(const std::string& board) {
  return db_.Read<BoardFigures>([&](SQLite::Database& c) -> Result<BoardFigures> {
    BoardFigures f;
    SQLite::Statement openings(
        c,
        "SELECT TOTAL(status = 'open'), TOTAL(status = 'expired'), TOTAL(status = 'filled') "
        "FROM openings WHERE board = ? AND deleted = 0");
    openings.bind(1, board);
    openings.executeStep();
    f.live = openings.getColumn(0).getInt64();
    f.expired = openings.getColumn(1).getInt64();
    f.filled = openings.getColumn(2).getInt64();
    // Every recommendation of its openings, deleted ones too: what they came to.
    SQLite::Statement recs(
        c,
        "SELECT COUNT(*), TOTAL(l.answer = 'interested'), TOTAL(l.answer = 'not_suitable'), "
        "TOTAL(EXISTS (SELECT 1 FROM outcomes x WHERE x.recommendation_id = r.id AND x.status = "
        "'hired')) FROM openings o JOIN recommendations r ON r.kind = 'opening' AND r.item_id = "
        "o.id LEFT JOIN link_responses l ON l.recommendation_id = r.id WHERE o.board = ?");
    recs.bind(1, board);
    recs.executeStep();
    f.recommended = recs.getColumn(0).getInt64();
    f.interested = recs.getColumn(1).getInt64();
    f.not_suitable = recs.getColumn(2).getInt64();
    f.hires = recs.getColumn(3).getInt64();
    return f;
  });
}

}  // namespace jobmatch
