#include "store/link_store.h"

namespace jobmatch {

namespace {

LinkRow ReadLink(SQLite::Statement& st) {
  return {st.getColumn(0).getInt64(),  st.getColumn(1).getInt64(),  st.getColumn(2).getString(),
          st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getString()};
}

constexpr char kLinkColumns[] =
    "SELECT id, household_id, created_at, expires_at, revoked_at, created_by FROM "
    "household_links ";

}  // namespace

Result<LinkRow> LinkStore::Create(int64_t household_id, const std::string& token_hash,
                                  const std::string& expires_at, const std::string& actor) {
  LinkRow row{0, household_id, Timestamp(clock_.Now()), expires_at, "", actor};
  return db_.Write<LinkRow>([&](SQLite::Database& c) -> Result<LinkRow> {
    SQLite::Statement st(c,
                         "INSERT INTO household_links (household_id, token_hash, created_at, "
                         "expires_at, created_by) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, household_id);
    st.bind(2, token_hash);
    st.bind(3, row.created_at);
    st.bind(4, expires_at);
    st.bind(5, actor);
    st.exec();
    row.id = c.getLastInsertRowid();
    return row;
  });
}

Result<std::vector<LinkRow>> LinkStore::List(int64_t household_id) {
  using Rows = std::vector<LinkRow>;
  return db_.Read<Rows>([&](SQLite::Database& c) -> Result<Rows> {
    SQLite::Statement st(c, std::string(kLinkColumns) + "WHERE household_id = ? ORDER BY id");
    st.bind(1, household_id);
    Rows out;
    while (st.executeStep()) out.push_back(ReadLink(st));
    return out;
  });
}

Result<bool> LinkStore::Revoke(int64_t household_id, int64_t link_id) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c,
                         "UPDATE household_links SET revoked_at = ? WHERE id = ? AND "
                         "household_id = ? AND revoked_at IS NULL");
    st.bind(1, now);
    st.bind(2, link_id);
    st.bind(3, household_id);
    return st.exec() > 0;
  });
}

Result<std::optional<LinkRow>> LinkStore::Find(const std::string& token_hash) {
  using Found = std::optional<LinkRow>;
  return db_.Read<Found>([&](SQLite::Database& c) -> Result<Found> {
    SQLite::Statement st(c, std::string(kLinkColumns) + "WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (!st.executeStep()) return std::nullopt;
    return ReadLink(st);
  });
}

Result<void> LinkStore::Answer(int64_t recommendation_id, int64_t link_id, const LinkResponse& r,
                               const WriteStep& also) {
  auto written = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(c,
                         "INSERT INTO link_responses (recommendation_id, link_id, answer, reason, "
                         "at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (recommendation_id) DO UPDATE "
                         "SET link_id = excluded.link_id, answer = excluded.answer, "
                         "reason = excluded.reason, at = excluded.at");
    st.bind(1, recommendation_id);
    st.bind(2, link_id);
    st.bind(3, r.answer);
    if (!r.reason.empty()) st.bind(4, r.reason);
    st.bind(5, r.at);
    st.exec();
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return true;
  });
  if (!written) return std::unexpected(written.error());
  return {};
}

Result<std::map<int64_t, LinkResponse>> LinkStore::Answers(const std::vector<int64_t>& ids) {
  using Map = std::map<int64_t, LinkResponse>;
  return db_.Read<Map>([&](SQLite::Database& c) -> Result<Map> {
    SQLite::Statement st(
        c, "SELECT answer, reason, at FROM link_responses WHERE recommendation_id = ?");
    Map out;
    for (int64_t id : ids) {
      st.reset();
      st.bind(1, id);
      if (st.executeStep()) {
        out[id] = {st.getColumn(0).getString(), st.getColumn(1).getString(),
                   st.getColumn(2).getString()};
      }
    }
    return out;
  });
}

Result<int64_t> LinkStore::CountMemberAnswers(int64_t member_id, const std::string& answer) {
  return db_.Read<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
    SQLite::Statement st(c,
                         "SELECT COUNT(*) FROM link_responses l JOIN recommendations r ON r.id = "
                         "l.recommendation_id WHERE r.member_id = ? AND l.answer = ?");
    st.bind(1, member_id);
    st.bind(2, answer);
    st.executeStep();
    return st.getColumn(0).getInt64();
  });
}

}  // namespace jobmatch
