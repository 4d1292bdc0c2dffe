// Openings in the store: upsert keyed by (board, external_id), read, delete,
// and the scans the search index needs. Every write appends to the change log
// in the same transaction. Thread-safe (it only holds a Database).
#pragma once

#include <cstdint>
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

// A row as the search index sees it: its stored JSON, or deleted.
struct StoredRow {
  int64_t id = 0;
  bool deleted = false;
  nlohmann::json doc;
};

class OpeningStore {
 public:
  OpeningStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Upserts every opening in one transaction (one fsync for a whole bulk
  // request). An opening identical to the stored one is left alone
  // (kUnchanged, no change-log entry).
  Result<std::vector<UpsertOutcome>> Upsert(std::vector<Opening>& openings);

  // The stored JSON of a live (not deleted) opening, or nullopt.
  Result<std::optional<nlohmann::json>> Get(int64_t id);

  // Marks an opening deleted (kept for history, gone from reads and search).
  // Returns false when there was no live opening with that id.
  Result<bool> Delete(int64_t id);

  // Rows by id, deleted ones included (for applying the change log).
  Result<std::vector<StoredRow>> GetMany(const std::vector<int64_t>& ids);

  // Live openings with id > after_id, in id order, at most `limit` (for reindex).
  Result<std::vector<StoredRow>> ScanLive(int64_t after_id, int limit);

  Result<int64_t> CountLive();

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace jobmatch
