// The audit log: who revealed an ID number, who signed in or failed to, who
// changed an account. Append-only (the database refuses updates and deletes).
// Thread-safe.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/household_query.h"

namespace jobmatch {

class AuditStore {
 public:
  explicit AuditStore(Database& db) : db_(db) {}

  Result<void> Append(const AuditEntry& e);
  // The same entry, written inside another store's transaction.
  static WriteStep Step(AuditEntry e);
  // Likewise, about the row that transaction has just inserted (a new user).
  static WriteStep StepAboutNewRow(AuditEntry e);
  // Newest first.
  Result<std::pair<int64_t, std::vector<AuditEntry>>> List(int limit, int offset);

 private:
  Database& db_;
};

}  // namespace jobmatch
