#include "store/change_log.h"

namespace jobmatch {

void AppendChange(SQLite::Database& c, const char* entity, int64_t entity_id,
                  const std::string& at) {
  SQLite::Statement st(c, "INSERT INTO changes (entity, entity_id, at) VALUES (?, ?, ?)");
  st.bind(1, entity);
  st.bind(2, entity_id);
  st.bind(3, at);
  st.exec();
}

Result<std::vector<Change>> ChangeLog::After(int64_t seq, int limit) {
  return db_.Read<std::vector<Change>>([&](SQLite::Database& c) -> Result<std::vector<Change>> {
    SQLite::Statement st(c,
                         "SELECT seq, entity, entity_id FROM changes WHERE seq > ? "
                         "ORDER BY seq LIMIT ?");
    st.bind(1, seq);
    st.bind(2, limit);
    std::vector<Change> out;
    while (st.executeStep()) {
      out.push_back(
          {st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt64()});
    }
    return out;
  });
}

Result<int64_t> ChangeLog::Last() {
  return db_.Read<int64_t>([](SQLite::Database& c) -> Result<int64_t> {
    return c.execAndGet("SELECT COALESCE(MAX(seq), 0) FROM changes").getInt64();
  });
}

}  // namespace jobmatch
