// The batch's tables: runs, the plans each run wrote, the recommendations in
// them and the outcomes recorded against those. A running batch writes its
// plans in slices; nothing reads them (plans, recommendations) until the
// transaction that marks the run succeeded, and a failed or interrupted run's
// are deleted, so such a run never replaces the last good plans. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace jobmatch {

struct BatchRow {
  int64_t id = 0;
  std::string status;  // queued | running | succeeded | failed
  std::string region;
  std::string as_of;
  std::string requested_by;
  std::string created_at, started_at, finished_at;
  int64_t done = 0, total = 0;
  nlohmann::json summary;
  std::string error;
};

struct RecommendationWrite {
  int64_t member_id;
  std::string track;
  std::string kind;  // opening | course | aid
  int64_t item_id;
  std::string title;
  double score;  // the explanation is in the plan's document
};

struct PlanWrite {
  int64_t household_id;
  bool zero_employment, dibao, needs_attention;
  std::vector<RecommendationWrite> recommendations;
};

// One event of a member's timeline (BatchStore::MemberEvents).
struct MemberEvent {
  std::string at;
  std::string kind;  // recommended | outcome | answer
  int64_t recommendation_id = 0;
  std::string item_kind;  // opening | course | aid
  int64_t item_id = 0;
  std::string title, track;
  std::string status, note;  // outcome: status and note; answer: answer and reason
};

struct RecommendationRow {
  int64_t id, batch_id, household_id, member_id;
  std::string track, kind;
  int64_t item_id;
  std::string title;
  double score;
  std::string status, status_at;
};

// Supervision figures for a region (every household whose region, city or
// province is it; everywhere when empty). Plan figures count each household's
// latest plan, whichever run wrote it; outcome figures count every run.
struct StatsFigures {
  std::optional<int64_t> batch_id;  // the newest run among the plans counted
  int64_t households = 0, zero_employment_households = 0, zero_employment_resolved = 0,
          dibao_households = 0, needs_attention = 0;
  int64_t members_placed = 0, members_retained_6m = 0, graduates_placed = 0;
  int64_t courses_enrolled = 0, courses_completed = 0, aid_granted = 0;
  int64_t startups = 0;  // members who started a business (自主创业) with aid
  int64_t interested = 0, not_suitable = 0;  // households' answers through their links
};

class BatchStore {
 public:
  BatchStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<int64_t> CreateQueued(const std::string& region, const std::string& as_of,
                               const std::string& actor);
  Result<void> MarkRunning(int64_t id, int64_t total);
  // Marks the run failed and deletes the plans it wrote.
  Result<void> MarkFailed(int64_t id, const std::string& error, int64_t done);
  // Writes plans of a running run and their recommendations, in one
  // transaction. `plan_doc(i, ids)` builds plan i's document once its
  // recommendations have ids (in the order given).
  Result<void> WritePlans(
      int64_t id, const std::vector<PlanWrite>& plans,
      const std::function<nlohmann::json(std::size_t, const std::vector<int64_t>&)>& plan_doc);
  // Marks the run succeeded: the plans it wrote become the households' plans.
  Result<void> Succeed(int64_t id, int64_t done, const nlohmann::json& summary);
  // Runs left queued or running by a process that died become failed (and
  // their plans are deleted).
  Result<int64_t> FailInterrupted();

  Result<std::optional<BatchRow>> Get(int64_t id);
  Result<std::pair<int64_t, std::vector<BatchRow>>> List(int limit, int offset);
  Result<std::optional<int64_t>> LatestSucceeded();
  // The household's plan in the latest successful run that planned it.
  Result<std::optional<nlohmann::json>> LatestPlan(int64_t household_id);
  Result<std::vector<nlohmann::json>> Plans(int64_t batch_id);

  // A recommendation of a succeeded run.
  Result<std::optional<RecommendationRow>> GetRecommendation(int64_t id);
  // Current status of each recommendation of a household's plan in a run.
  Result<std::map<int64_t, RecommendationRow>> Recommendations(int64_t batch_id,
                                                               int64_t household_id);
  // Records an outcome, as a step of a transaction (an outcome, the member's
  // new employment and the opening's positions commit together).
  WriteStep OutcomeStep(int64_t recommendation_id, std::string status, std::string note,
                        std::string actor);
  // What happened to a member's recommendations, oldest first: each one made
  // (at its run's end), each outcome, each answer through a household link.
  Result<std::vector<MemberEvent>> MemberEvents(int64_t member_id);
  // How many of a member's recommendations were ever marked `status` (e.g. declined).
  Result<int64_t> CountMemberOutcomes(int64_t member_id, const std::string& status);
  Result<StatsFigures> Stats(const std::string& region);
  // Recommendations whose latest status may have a follow-up (hired,
  // retained_1m, retained_3m, enrolled, completed, granted), everywhere or
  // in one household, oldest `since` first: the day of the first hire for
  // stable employment, else of the latest status; and whether the member has
  // had an outcome on an opening, or on another aid, since that status.
  struct OpenFollowUp {
    RecommendationRow recommendation;
    std::string since;
    bool opening_outcome = false, aid_outcome = false;
  };
  Result<std::vector<OpenFollowUp>> OpenFollowUps(std::optional<int64_t> household_id, int limit);

  // Deletes finished runs (their plans and recommendations) except the newest
  // `keep`, any run an outcome refers to, and any run that holds some
  // household's latest plan; then returns the freed pages to the file system.
  // One transaction per run deleted. Returns the ids deleted.
  Result<std::vector<int64_t>> Prune(int keep);

  // item id → recommendations of `kind` whose current status is one of `statuses`.
  Result<std::map<int64_t, int64_t>> CountByStatus(const std::string& kind,
                                                   const std::vector<std::string>& statuses);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace jobmatch
