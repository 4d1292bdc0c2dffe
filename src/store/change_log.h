// The `changes` table: one row per write, appended in the write's own
// transaction, read in sequence order by the search indexer. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/entity.h"
#include "store/database.h"

namespace jobmatch {

struct Change {
  int64_t seq;
  std::string entity;
  int64_t entity_id;
};

// Appends a change; call only inside a Database::Write transaction.
void AppendChange(SQLite::Database& c, const char* entity, int64_t entity_id,
                  const std::string& at);

class ChangeLog {
 public:
  explicit ChangeLog(Database& db) : db_(db) {}

  Result<std::vector<Change>> After(int64_t seq, int limit);
  // The sequence number of the newest change (0 when none).
  Result<int64_t> Last();

 private:
  Database& db_;
};

}  // namespace jobmatch
