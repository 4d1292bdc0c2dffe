// A member's timeline from the batch tables (kept apart from batch_store.cc,
// which holds the runs, plans and statistics).
#include "store/batch_store.h"

namespace jobmatch {

Result<std::vector<MemberEvent>> BatchStore::MemberEvents(int64_t member_id) {
  return db_.Read<std::vector<MemberEvent>>(
      [&](SQLite::Database& c) -> Result<std::vector<MemberEvent>> {
        SQLite::Statement st(
            c,
            "SELECT COALESCE(b.finished_at, b.created_at), 'recommended', r.id, r.kind, r.item_id, "
            "r.title, r.track, '', '' FROM recommendations r JOIN batches b ON b.id = r.batch_id "
            "WHERE r.member_id = :m "
            "UNION ALL SELECT o.at, 'outcome', r.id, r.kind, r.item_id, r.title, r.track, "
            "o.status, o.note FROM outcomes o JOIN recommendations r ON r.id = o.recommendation_id "
            "WHERE r.member_id = :m "
            "UNION ALL SELECT l.at, 'answer', r.id, r.kind, r.item_id, r.title, r.track, l.answer, "
            "COALESCE(l.reason, '') FROM link_responses l JOIN recommendations r "
            "ON r.id = l.recommendation_id WHERE r.member_id = :m "
            "ORDER BY 1, 3 LIMIT 5000");
        st.bind(":m", member_id);
        std::vector<MemberEvent> out;
        while (st.executeStep()) {
          out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(),
                         st.getColumn(2).getInt64(), st.getColumn(3).getString(),
                         st.getColumn(4).getInt64(), st.getColumn(5).getString(),
                         st.getColumn(6).getString(), st.getColumn(7).getString(),
                         st.getColumn(8).getString()});
        }
        return out;
      });
}

}  // namespace jobmatch
