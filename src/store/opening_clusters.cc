// The same job on several boards, in the store: clusters of open openings
// that share a duplicate key and are the same job (core/duplicates). Kept
// apart from opening_store.cc, which holds the openings' own reads and writes.
#include <map>
#include <set>

#include "core/duplicates.h"
#include "store/change_log.h"
#include "store/opening_store.h"

namespace jobmatch {

void ReclusterOpenings(SQLite::Database& c, const std::string& key, const std::string& now) {
  if (key.empty()) return;
  struct Member {
    int64_t id;
    std::string board;
    std::optional<int64_t> was;
    JobText text;
    int64_t first = 0;  // the cluster's first opening
  };
  std::vector<Member> members;
  std::set<std::string> boards;
  {
    SQLite::Statement st(c,
                         "SELECT id, board, cluster, doc FROM openings WHERE dup_key = ? AND "
                         "deleted = 0 AND status = 'open' ORDER BY id");
    st.bind(1, key);
    std::vector<std::string> docs;
    while (st.executeStep()) {
      Member m{st.getColumn(0).getInt64(), st.getColumn(1).getString(), std::nullopt, {}, 0};
      if (!st.getColumn(2).isNull()) m.was = st.getColumn(2).getInt64();
      docs.push_back(st.getColumn(3).getString());
      boards.insert(m.board);
      members.push_back(std::move(m));
    }
    // Texts are compared only across boards: most keys have one.
    for (std::size_t i = 0; i < members.size() && boards.size() > 1; ++i) {
      members[i].text = TextOf(DecodeOpening(nlohmann::json::parse(docs[i])));
    }
  }
  // Each joins the first earlier opening of another board that is the same
  // job; one board alone has no duplicates to find.
  std::map<int64_t, int> size;
  for (std::size_t i = 0; i < members.size(); ++i) {
    Member& m = members[i];
    m.first = m.id;
    for (std::size_t j = 0; j < i && boards.size() > 1; ++j) {
      if (members[j].board != m.board && SameJob(members[j].text, m.text)) {
        m.first = members[j].first;
        break;
      }
    }
    ++size[m.first];
  }
  SQLite::Statement set(c, "UPDATE openings SET cluster = ? WHERE id = ?");
  for (const Member& m : members) {
    const std::optional<int64_t> now_in =
        size[m.first] > 1 ? std::optional<int64_t>(m.first) : std::nullopt;
    if (now_in == m.was) continue;
    set.reset();
    if (now_in) {
      set.bind(1, *now_in);
    } else {
      set.bind(1);  // NULL
    }
    set.bind(2, m.id);
    set.exec();
    AppendChange(c, kEntityOpening, m.id, now);  // the index leaves later ones out
  }
  // Openings of the key that are gone or closed belong to no cluster.
  SQLite::Statement clear(c,
                          "UPDATE openings SET cluster = NULL WHERE dup_key = ? AND cluster IS "
                          "NOT NULL AND (deleted = 1 OR status != 'open')");
  clear.bind(1, key);
  clear.exec();
}

Result<std::map<int64_t, std::vector<OpeningStore::ClusterMember>>> OpeningStore::Clusters(
    const std::vector<int64_t>& clusters) {
  using Map = std::map<int64_t, std::vector<ClusterMember>>;
  return db_.Read<Map>([&](SQLite::Database& c) -> Result<Map> {
    SQLite::Statement st(c,
                         "SELECT id, board FROM openings WHERE cluster = ? AND deleted = 0 AND "
                         "status = 'open' ORDER BY id");
    Map out;
    for (int64_t cluster : clusters) {
      st.reset();
      st.bind(1, cluster);
      auto& list = out[cluster];
      while (st.executeStep())
        list.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    }
    return out;
  });
}

Result<int64_t> OpeningStore::BackfillDuplicateKeys() {
  const std::string now = Timestamp(clock_.Now());
  int64_t total = 0;
  for (;;) {
    auto done = db_.Write<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
      std::vector<std::pair<int64_t, std::string>> rows;
      {
        SQLite::Statement st(c, "SELECT id, doc FROM openings WHERE dup_key = '' LIMIT 1000");
        while (st.executeStep()) {
          const Opening o = DecodeOpening(nlohmann::json::parse(st.getColumn(1).getString()));
          rows.emplace_back(st.getColumn(0).getInt64(), DuplicateKey(o));
        }
      }
      SQLite::Statement set(c, "UPDATE openings SET dup_key = ? WHERE id = ?");
      std::set<std::string> keys;
      for (const auto& [id, key] : rows) {
        set.reset();
        set.bind(1, key);
        set.bind(2, id);
        set.exec();
        keys.insert(key);
      }
      for (const std::string& k : keys) ReclusterOpenings(c, k, now);
      return static_cast<int64_t>(rows.size());
    });
    if (!done) return done;
    if (*done == 0) return total;
    total += *done;
  }
}

}  // namespace jobmatch
