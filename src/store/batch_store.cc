#include "store/batch_store.h"

namespace jobmatch {

namespace {

BatchRow ReadBatch(SQLite::Statement& st) {
  BatchRow b;
  b.id = st.getColumn(0).getInt64();
  b.status = st.getColumn(1).getString();
  b.region = st.getColumn(2).getString();
  b.as_of = st.getColumn(3).getString();
  b.requested_by = st.getColumn(4).getString();
  b.created_at = st.getColumn(5).getString();
  b.started_at = st.getColumn(6).getString();
  b.finished_at = st.getColumn(7).getString();
  b.done = st.getColumn(8).getInt64();
  b.total = st.getColumn(9).getInt64();
  const std::string summary = st.getColumn(10).getString();
  b.summary = summary.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(summary);
  b.error = st.getColumn(11).getString();
  return b;
}

constexpr char kBatchColumns[] =
    "SELECT id, status, region, as_of, requested_by, created_at, started_at, finished_at, done, "
    "total, summary, error FROM batches";

RecommendationRow ReadRecommendation(SQLite::Statement& st) {
  return {st.getColumn(0).getInt64(),  st.getColumn(1).getInt64(),  st.getColumn(2).getInt64(),
          st.getColumn(3).getInt64(),  st.getColumn(4).getString(), st.getColumn(5).getString(),
          st.getColumn(6).getInt64(),  st.getColumn(7).getString(), st.getColumn(8).getDouble(),
          st.getColumn(9).getString(), st.getColumn(10).getString()};
}

constexpr char kRecommendationColumns[] =
    "SELECT id, batch_id, household_id, member_id, track, kind, item_id, title, score, "
    "COALESCE(status, ''), COALESCE(status_at, '') FROM recommendations";

// The plans and recommendations of a run that will never succeed.
void DeletePlans(SQLite::Database& c, int64_t id) {
  for (const char* sql :
       {"DELETE FROM recommendations WHERE batch_id = ?", "DELETE FROM plans WHERE batch_id = ?"}) {
    SQLite::Statement st(c, sql);
    st.bind(1, id);
    st.exec();
  }
}

}  // namespace

Result<int64_t> BatchStore::CreateQueued(const std::string& region, const std::string& as_of,
                                         const std::string& actor) {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
    SQLite::Statement busy(c, "SELECT 1 FROM batches WHERE status IN ('queued', 'running')");
    if (busy.executeStep()) {
      return fail(ErrorKind::kConflict, "batch_running", "a batch is already queued or running");
    }
    SQLite::Statement st(c,
                         "INSERT INTO batches (status, region, as_of, requested_by, created_at) "
                         "VALUES ('queued', ?, ?, ?, ?)");
    st.bind(1, region);
    st.bind(2, as_of);
    st.bind(3, actor);
    st.bind(4, now);
    st.exec();
    return c.getLastInsertRowid();
  });
}

Result<void> BatchStore::MarkRunning(int64_t id, int64_t total) {
  const std::string now = Timestamp(clock_.Now());
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(
        c, "UPDATE batches SET status = 'running', started_at = ?, total = ? WHERE id = ?");
    st.bind(1, now);
    st.bind(2, total);
    st.bind(3, id);
    st.exec();
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> BatchStore::MarkFailed(int64_t id, const std::string& error, int64_t done) {
  const std::string now = Timestamp(clock_.Now());
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(
        c,
        "UPDATE batches SET status = 'failed', finished_at = ?, error = ?, done = ? "
        "WHERE id = ?");
    st.bind(1, now);
    st.bind(2, error);
    st.bind(3, done);
    st.bind(4, id);
    st.exec();
    DeletePlans(c, id);
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> BatchStore::WritePlans(
    int64_t id, const std::vector<PlanWrite>& plans,
    const std::function<nlohmann::json(std::size_t, const std::vector<int64_t>&)>& plan_doc) {
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement rec(c,
                          "INSERT INTO recommendations (batch_id, household_id, member_id, track, "
                          "kind, item_id, title, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement plan(c,
                           "INSERT INTO plans (batch_id, household_id, zero_employment, dibao, "
                           "needs_attention, doc) VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < plans.size(); ++i) {
      const PlanWrite& p = plans[i];
      std::vector<int64_t> ids;
      for (const auto& r : p.recommendations) {
        rec.reset();
        rec.bind(1, id);
        rec.bind(2, p.household_id);
        rec.bind(3, r.member_id);
        rec.bind(4, r.track);
        rec.bind(5, r.kind);
        rec.bind(6, r.item_id);
        rec.bind(7, r.title);
        rec.bind(8, r.score);
        rec.exec();
        ids.push_back(c.getLastInsertRowid());
      }
      plan.reset();
      plan.bind(1, id);
      plan.bind(2, p.household_id);
      plan.bind(3, p.zero_employment ? 1 : 0);
      plan.bind(4, p.dibao ? 1 : 0);
      plan.bind(5, p.needs_attention ? 1 : 0);
      plan.bind(6, plan_doc(i, ids).dump());
      plan.exec();
    }
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> BatchStore::Succeed(int64_t id, int64_t done, const nlohmann::json& summary) {
  const std::string now = Timestamp(clock_.Now());
  auto r = db_.Write<bool>([&](SQLite::Database& c) -> Result<bool> {
    SQLite::Statement st(
        c,
        "UPDATE batches SET status = 'succeeded', finished_at = ?, done = ?, summary = ? "
        "WHERE id = ?");
    st.bind(1, now);
    st.bind(2, done);
    st.bind(3, summary.dump());
    st.bind(4, id);
    st.exec();
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<int64_t> BatchStore::FailInterrupted() {
  const std::string now = Timestamp(clock_.Now());
  return db_.Write<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
    std::vector<int64_t> ids;
    SQLite::Statement unfinished(c, "SELECT id FROM batches WHERE status IN ('queued', 'running')");
    while (unfinished.executeStep()) ids.push_back(unfinished.getColumn(0).getInt64());
    SQLite::Statement st(c,
                         "UPDATE batches SET status = 'failed', finished_at = ?, "
                         "error = 'interrupted: the process stopped during the run' "
                         "WHERE status IN ('queued', 'running')");
    st.bind(1, now);
    st.exec();
    for (int64_t id : ids) DeletePlans(c, id);
    return static_cast<int64_t>(ids.size());
  });
}

Result<std::optional<BatchRow>> BatchStore::Get(int64_t id) {
  return db_.Read<std::optional<BatchRow>>(
      [&](SQLite::Database& c) -> Result<std::optional<BatchRow>> {
        SQLite::Statement st(c, std::string(kBatchColumns) + " WHERE id = ?");
        st.bind(1, id);
        if (!st.executeStep()) return std::nullopt;
        return ReadBatch(st);
      });
}

Result<std::pair<int64_t, std::vector<BatchRow>>> BatchStore::List(int limit, int offset) {
  using Page = std::pair<int64_t, std::vector<BatchRow>>;
  return db_.Read<Page>([&](SQLite::Database& c) -> Result<Page> {
    Page out{c.execAndGet("SELECT COUNT(*) FROM batches").getInt64(), {}};
    SQLite::Statement st(c, std::string(kBatchColumns) + " ORDER BY id DESC LIMIT ? OFFSET ?");
    st.bind(1, limit);
    st.bind(2, offset);
    while (st.executeStep()) out.second.push_back(ReadBatch(st));
    return out;
  });
}

Result<std::optional<int64_t>> BatchStore::LatestSucceeded() {
  return db_.Read<std::optional<int64_t>>(
      [](SQLite::Database& c) -> Result<std::optional<int64_t>> {
        SQLite::Statement st(c, "SELECT MAX(id) FROM batches WHERE status = 'succeeded'");
        if (!st.executeStep() || st.getColumn(0).isNull()) return std::nullopt;
        return st.getColumn(0).getInt64();
      });
}

Result<std::optional<nlohmann::json>> BatchStore::LatestPlan(int64_t household_id) {
  return db_.Read<std::optional<nlohmann::json>>(
      [&](SQLite::Database& c) -> Result<std::optional<nlohmann::json>> {
        // The newest succeeded run that planned this household: a regional
        // run does not erase the plans of households outside its region.
        SQLite::Statement st(c,
                             "SELECT p.doc FROM plans p JOIN batches b ON b.id = p.batch_id "
                             "WHERE p.household_id = ? AND b.status = 'succeeded' "
                             "ORDER BY p.batch_id DESC LIMIT 1");
        st.bind(1, household_id);
        if (!st.executeStep()) return std::nullopt;
        return nlohmann::json::parse(st.getColumn(0).getString());
      });
}

Result<std::vector<nlohmann::json>> BatchStore::Plans(int64_t batch_id) {
  return db_.Read<std::vector<nlohmann::json>>(
      [&](SQLite::Database& c) -> Result<std::vector<nlohmann::json>> {
        SQLite::Statement st(c, "SELECT doc FROM plans WHERE batch_id = ? ORDER BY household_id");
        st.bind(1, batch_id);
        std::vector<nlohmann::json> out;
        while (st.executeStep()) out.push_back(nlohmann::json::parse(st.getColumn(0).getString()));
        return out;
      });
}

Result<std::optional<RecommendationRow>> BatchStore::GetRecommendation(int64_t id) {
  return db_.Read<std::optional<RecommendationRow>>(
      [&](SQLite::Database& c) -> Result<std::optional<RecommendationRow>> {
        SQLite::Statement st(c, std::string(kRecommendationColumns) +
                                    " WHERE id = ? AND batch_id IN "
                                    "(SELECT id FROM batches WHERE status = 'succeeded')");
        st.bind(1, id);
        if (!st.executeStep()) return std::nullopt;
        return ReadRecommendation(st);
      });
}

Result<std::map<int64_t, RecommendationRow>> BatchStore::Recommendations(int64_t batch_id,
                                                                         int64_t household_id) {
  using Map = std::map<int64_t, RecommendationRow>;
  return db_.Read<Map>([&](SQLite::Database& c) -> Result<Map> {
    SQLite::Statement st(
        c, std::string(kRecommendationColumns) + " WHERE batch_id = ? AND household_id = ?");
    st.bind(1, batch_id);
    st.bind(2, household_id);
    Map out;
    while (st.executeStep()) {
      RecommendationRow r = ReadRecommendation(st);
      out.emplace(r.id, std::move(r));
    }
    return out;
  });
}

WriteStep BatchStore::OutcomeStep(int64_t recommendation_id, std::string status, std::string note,
                                  std::string actor) {
  return [=, now = Timestamp(clock_.Now())](SQLite::Database& c) -> Result<void> {
    SQLite::Statement ins(
        c,
        "INSERT INTO outcomes (recommendation_id, status, note, at, actor) VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, recommendation_id);
    ins.bind(2, status);
    ins.bind(3, note);
    ins.bind(4, now);
    ins.bind(5, actor);
    ins.exec();
    SQLite::Statement up(c, "UPDATE recommendations SET status = ?, status_at = ? WHERE id = ?");
    up.bind(1, status);
    up.bind(2, now);
    up.bind(3, recommendation_id);
    up.exec();
    return {};
  };
}

Result<int64_t> BatchStore::CountMemberOutcomes(int64_t member_id, const std::string& status) {
  return db_.Read<int64_t>([&](SQLite::Database& c) -> Result<int64_t> {
    SQLite::Statement st(
        c,
        "SELECT COUNT(*) FROM outcomes o JOIN recommendations r ON r.id = o.recommendation_id "
        "WHERE r.member_id = ? AND o.status = ?");
    st.bind(1, member_id);
    st.bind(2, status);
    st.executeStep();
    return st.getColumn(0).getInt64();
  });
}

Result<std::map<int64_t, int64_t>> BatchStore::CountByStatus(
    const std::string& kind, const std::vector<std::string>& statuses) {
  using Map = std::map<int64_t, int64_t>;
  return db_.Read<Map>([&](SQLite::Database& c) -> Result<Map> {
    std::string in;
    for (std::size_t i = 0; i < statuses.size(); ++i) in += i ? ", ?" : "?";
    SQLite::Statement st(
        c, "SELECT item_id, COUNT(*) FROM recommendations WHERE kind = ? AND status IN (" + in +
               ") GROUP BY item_id");
    st.bind(1, kind);
    for (std::size_t i = 0; i < statuses.size(); ++i) st.bind(static_cast<int>(i + 2), statuses[i]);
    Map out;
    while (st.executeStep()) out[st.getColumn(0).getInt64()] = st.getColumn(1).getInt64();
    return out;
  });
}

Result<std::vector<BatchStore::OpenFollowUp>> BatchStore::OpenFollowUps(
    std::optional<int64_t> household_id, int limit) {
  using Rows = std::vector<OpenFollowUp>;
  return db_.Read<Rows>([&](SQLite::Database& c) -> Result<Rows> {
    // `status IS NOT NULL` lets the partial index of acted-on rows serve.
    const std::string in_household = household_id ? "r.household_id = :h AND " : "";
    SQLite::Statement st(
        c,
        "SELECT r.id, r.batch_id, r.household_id, r.member_id, r.track, r.kind, r.item_id, "
        "r.title, r.score, r.status, r.status_at, CASE WHEN r.status IN ('hired', "
        "'retained_1m', 'retained_3m') THEN (SELECT MIN(o.at) FROM outcomes o WHERE "
        "o.recommendation_id = r.id AND o.status = 'hired') ELSE r.status_at END AS since, "
        "r.status = 'completed' AND EXISTS (SELECT 1 FROM recommendations q JOIN outcomes o ON "
        "o.recommendation_id = q.id WHERE q.member_id = r.member_id AND q.kind = 'opening' AND "
        "o.at >= r.status_at), "
        "r.status = 'completed' AND EXISTS (SELECT 1 FROM recommendations q JOIN outcomes o ON "
        "o.recommendation_id = q.id WHERE q.member_id = r.member_id AND q.kind = 'aid' AND "
        "q.id != r.id AND o.at >= r.status_at) "
        "FROM recommendations r WHERE " +
            in_household +
            "r.status IS NOT NULL AND r.status IN ('hired', 'retained_1m', 'retained_3m', "
            "'enrolled', 'completed', 'granted') ORDER BY since, r.id LIMIT :limit");
    if (household_id) st.bind(":h", *household_id);
    st.bind(":limit", limit);
    Rows out;
    while (st.executeStep()) {
      RecommendationRow r{
          st.getColumn(0).getInt64(),  st.getColumn(1).getInt64(),  st.getColumn(2).getInt64(),
          st.getColumn(3).getInt64(),  st.getColumn(4).getString(), st.getColumn(5).getString(),
          st.getColumn(6).getInt64(),  st.getColumn(7).getString(), st.getColumn(8).getDouble(),
          st.getColumn(9).getString(), st.getColumn(10).getString()};
      out.push_back({std::move(r), st.getColumn(11).getString(), st.getColumn(12).getInt() != 0,
                     st.getColumn(13).getInt() != 0});
    }
    return out;
  });
}

Result<StatsFigures> BatchStore::Stats(const std::string& region) {
  return db_.Read<StatsFigures>([&](SQLite::Database& c) -> Result<StatsFigures> {
    const std::string in_region =
        region.empty() ? " 1=1 "
                       : " (h.region = :r OR h.region_city = :r OR h.region_province = :r) ";
    auto statement = [&](const std::string& sql) {
      auto st = std::make_unique<SQLite::Statement>(c, sql);
      if (!region.empty()) st->bind(":r", region);
      return st;
    };
    StatsFigures f;
    // Each household's latest plan: a regional run elsewhere does not hide it.
    auto plans = statement(
        "SELECT COUNT(*), TOTAL(p.zero_employment), "
        "TOTAL(p.zero_employment = 1 AND h.zero_employment = 0), TOTAL(p.dibao), "
        "TOTAL(p.needs_attention), MAX(p.batch_id) "
        "FROM households h JOIN plans p ON p.household_id = h.id WHERE" +
        in_region +
        "AND p.batch_id = (SELECT MAX(q.batch_id) FROM plans q JOIN batches b ON b.id = "
        "q.batch_id WHERE q.household_id = h.id AND b.status = 'succeeded')");
    plans->executeStep();
    f.households = plans->getColumn(0).getInt64();
    f.zero_employment_households = plans->getColumn(1).getInt64();
    f.zero_employment_resolved = plans->getColumn(2).getInt64();
    f.dibao_households = plans->getColumn(3).getInt64();
    f.needs_attention = plans->getColumn(4).getInt64();
    if (!plans->getColumn(5).isNull()) f.batch_id = plans->getColumn(5).getInt64();

    auto count = [&](const std::string& what, const std::string& status,
                     const std::string& also = "") {
      auto st = statement("SELECT COUNT(DISTINCT " + what +
                          ") FROM recommendations r JOIN households h ON h.id = r.household_id "
                          "WHERE" +
                          in_region +
                          "AND EXISTS (SELECT 1 FROM outcomes o WHERE o.recommendation_id = r.id "
                          "AND o.status = :s)" +
                          also);
      st->bind(":s", status);
      st->executeStep();
      return st->getColumn(0).getInt64();
    };
    f.members_placed = count("r.member_id", "hired");
    f.members_retained_6m = count("r.member_id", "retained_6m");
    f.graduates_placed = count("r.member_id", "hired", " AND r.track = 'graduate'");
    f.courses_enrolled = count("r.id", "enrolled");
    f.courses_completed = count("r.id", "completed", " AND r.kind = 'course'");
    f.aid_granted = count("r.id", "granted");
    f.startups = count("r.member_id", "started_business");
    // What households answered through their links.
    auto answers = statement(
        "SELECT TOTAL(l.answer = 'interested'), TOTAL(l.answer = 'not_suitable') FROM "
        "link_responses l JOIN recommendations r ON r.id = l.recommendation_id JOIN households h "
        "ON h.id = r.household_id WHERE" +
        in_region);
    answers->executeStep();
    f.interested = answers->getColumn(0).getInt64();
    f.not_suitable = answers->getColumn(1).getInt64();
    return f;
  });
}

Result<std::vector<int64_t>> BatchStore::Prune(int keep) {
  auto victims =
      db_.Read<std::vector<int64_t>>([&](SQLite::Database& c) -> Result<std::vector<int64_t>> {
        SQLite::Statement st(
            c,
            "SELECT b.id FROM batches b WHERE b.status IN ('succeeded', 'failed') "
            "AND b.id NOT IN (SELECT id FROM batches ORDER BY id DESC LIMIT ?) "
            "AND NOT EXISTS (SELECT 1 FROM recommendations r JOIN outcomes o "
            "ON o.recommendation_id = r.id WHERE r.batch_id = b.id) "
            "AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.batch_id = b.id AND p.batch_id = "
            "(SELECT MAX(q.batch_id) FROM plans q JOIN batches s ON s.id = q.batch_id "
            "WHERE q.household_id = p.household_id AND s.status = 'succeeded')) "
            "ORDER BY b.id");
        st.bind(1, keep);
        std::vector<int64_t> ids;
        while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
        return ids;
      });
  if (!victims) return victims;
  for (int64_t id : *victims) {
    auto r = db_.Write<void>([id](SQLite::Database& c) -> Result<void> {
      for (const char* sql :
           {"DELETE FROM recommendations WHERE batch_id = ?",
            "DELETE FROM plans WHERE batch_id = ?", "DELETE FROM batches WHERE id = ?"}) {
        SQLite::Statement st(c, sql);
        st.bind(1, id);
        st.exec();
      }
      return {};
    });
    if (!r) return std::unexpected(r.error());
  }
  if (!victims->empty()) {
    auto r = db_.Read<void>([](SQLite::Database& c) -> Result<void> {
      c.exec("PRAGMA incremental_vacuum");
      return {};
    });
    if (!r) return std::unexpected(r.error());
  }
  return victims;
}

}  // namespace jobmatch
