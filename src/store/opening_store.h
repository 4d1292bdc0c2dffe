// Openings in the store: upsert keyed by (board, external_id), read, delete,
// and the scans the search index needs. Every write appends to the change log
// in the same transaction. Thread-safe (it only holds a Database).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/opening.h"
#include "store/database.h"

namespace jobmatch {

// The outcome for one opening of an upsert; the opening itself is filled in
// with its id and timestamps.
struct UpsertOutcome {
  UpsertKind kind;
  int64_t id;
};

// A row as the search index sees it: its stored JSON, or gone (deleted;
// for openings also filled or expired).
struct StoredRow {
  int64_t id = 0;
  bool deleted = false;
  nlohmann::json doc;
};

// One entry of the openings' change feed: the latest change of an opening,
// its sequence number and time, and the opening unless it is gone.
struct FeedEntry {
  int64_t seq = 0;
  int64_t id = 0;
  std::string at;
  std::optional<nlohmann::json> opening;  // null: deleted, filled or expired
};

// What a board's openings came to (GET /v1/boards/me/stats): counts only.
struct BoardFigures {
  int64_t live = 0, expired = 0, filled = 0, recommended = 0, interested = 0, not_suitable = 0,
          hires = 0;
};

// Settles the clusters of one duplicate key (core/duplicates) inside a
// write: its open openings from different boards that are the same job
// share the id of the first as `cluster`; others have none. Each opening
// whose cluster changed gets a change-log entry (the index marks later ones).
void ReclusterOpenings(SQLite::Database& c, const std::string& key, const std::string& now);

class OpeningStore {
 public:
  OpeningStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Upserts every opening in one transaction (one fsync for a whole bulk
  // request). An opening identical to the stored one is left alone
  // (kUnchanged, no change-log entry). The positions filled carry over,
  // except that posting a filled opening again reopens it; each is
  // settled as of `today`.
  Result<std::vector<UpsertOutcome>> Upsert(std::vector<Opening>& openings, std::string_view today);

  // Writes back a live opening the service changed (not a board's post),
  // as it is: its positions filled and status stay.
  Result<void> Update(const Opening& o);

  // The stored JSON of a live (not deleted) opening, or nullopt; with
  // `cluster` when the job is also on other boards.
  Result<std::optional<nlohmann::json>> Get(int64_t id);

  // Marks an opening deleted (kept for history, gone from reads and search).
  // Returns false when there was no live opening with that id.
  Result<bool> Delete(int64_t id);

  // Rows by id, gone ones included (for applying the change log).
  Result<std::vector<StoredRow>> GetMany(const std::vector<int64_t>& ids);
  // Each opening's region code, read by SQLite without decoding the rest.
  Result<std::vector<std::pair<int64_t, std::string>>> RegionsOf(const std::vector<int64_t>& ids);

  // Open openings with id > after_id, in id order, at most `limit` (for reindex).
  Result<std::vector<StoredRow>> ScanLive(int64_t after_id, int limit);

  Result<int64_t> CountLive();  // not deleted: open, filled or expired

  // Marks the open openings whose expires_at is before `today` expired, each
  // with a change-log entry. Returns how many.
  Result<int64_t> ExpireDue(std::string_view today);

  // Sets a live opening's expires_at and settles it (an expired one reopens).
  // The stored JSON, or nullopt when there is no live opening with that id.
  Result<std::optional<nlohmann::json>> Renew(int64_t id, const std::string& expires_at,
                                              std::string_view today);

  // A step of another store's transaction: `delta` positions of the opening
  // filled (+1 a hire) or freed (-1 a member who left), then settled. No-op
  // for an opening that is gone.
  WriteStep FillStep(int64_t id, int delta, std::string today);

  // The feed: each opening's latest change with seq > `after`, in sequence
  // order, at most `limit`; `has_more` when more follow.
  Result<std::pair<std::vector<FeedEntry>, bool>> Feed(int64_t after, int limit);

  Result<BoardFigures> BoardStats(const std::string& board);

  // The same job on other boards (store/opening_clusters.cc): the open
  // openings of each cluster asked for, {id, board}, by id (the first is the
  // cluster's own id).
  struct ClusterMember {
    int64_t id;
    std::string board;
  };
  Result<std::map<int64_t, std::vector<ClusterMember>>> Clusters(
      const std::vector<int64_t>& clusters);
  // Gives the openings stored before duplicate keys existed theirs and
  // settles their clusters, a thousand to a transaction. Returns how many.
  Result<int64_t> BackfillDuplicateKeys();

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace jobmatch
