// The SQLite database that is jobmatch's source of truth: a pool of
// connections (one per concurrent caller, WAL mode, synchronous=FULL so that an
// acknowledged write survives power loss) and the schema migrations, versioned
// in code and applied at open. Thread-safe: Read() and Write() may be called
// from any thread; SQLite serialises writers (IMMEDIATE transactions).
//
// SQLiteCpp exceptions never leave this layer: Read/Write turn them into Errors.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace jobmatch {

// One step of a larger write, run by a store inside the transaction it opens,
// on the connection it writes with: how two stores commit together.
using WriteStep = std::function<Result<void>(SQLite::Database&)>;

// Runs `step` when there is one.
inline Result<void> RunStep(SQLite::Database& c, const WriteStep& step) {
  return step ? step(c) : Result<void>{};
}

// A page of rows and how many there are in all, for the paged lists: `table`
// is what both read from (a table, or a FROM clause with WHERE), `columns`
// and `order` what the page selects and in what order; `read` makes a row
// from the statement. Run inside Database::Read.
template <typename Row, typename ReadRow>
std::pair<int64_t, std::vector<Row>> ReadPage(SQLite::Database& c, const std::string& table,
                                              const std::string& columns, const std::string& order,
                                              int limit, int offset, ReadRow read) {
  std::pair<int64_t, std::vector<Row>> out{c.execAndGet("SELECT COUNT(*) FROM " + table).getInt64(),
                                           {}};
  SQLite::Statement st(
      c, "SELECT " + columns + " FROM " + table + " ORDER BY " + order + " LIMIT ? OFFSET ?");
  st.bind(1, limit);
  st.bind(2, offset);
  while (st.executeStep()) out.second.push_back(read(st));
  return out;
}

class Database {
 public:
  // Opens (creating if needed) the database file and migrates it to the
  // latest schema version.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);

  // Runs `fn` on a pooled connection (no transaction: each statement sees a
  // consistent snapshot; wrap in a read transaction for more).
  template <typename T>
  Result<T> Read(const std::function<Result<T>(SQLite::Database&)>& fn);

  // Runs `fn` inside one IMMEDIATE transaction, committed when fn succeeds and
  // rolled back when it returns an error or throws. Returns only after the
  // commit is durable.
  template <typename T>
  Result<T> Write(const std::function<Result<T>(SQLite::Database&)>& fn);

  // One small durable write: whether the store takes writes right now (a full
  // disk, a read-only file system and a lost lock all fail it).
  Result<void> Probe();

  int schema_version() const { return schema_version_; }
  // The schema version this build migrates to.
  static int LatestSchemaVersion();
  const std::string& path() const { return path_; }

 private:
  explicit Database(std::string path) : path_(std::move(path)) {}

  std::unique_ptr<SQLite::Database> Connect();
  std::unique_ptr<SQLite::Database> Acquire();
  void Release(std::unique_ptr<SQLite::Database> c);
  Result<void> Migrate();

  std::string path_;
  int schema_version_ = 0;
  std::mutex mu_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_;  // guarded by mu_
};

Error StorageError(const std::exception& e);

template <typename T>
Result<T> Database::Read(const std::function<Result<T>(SQLite::Database&)>& fn) {
  std::unique_ptr<SQLite::Database> c;
  try {
    c = Acquire();
    auto r = fn(*c);
    Release(std::move(c));
    return r;
  } catch (const std::exception& e) {
    if (c) Release(std::move(c));
    return std::unexpected(StorageError(e));
  }
}

template <typename T>
Result<T> Database::Write(const std::function<Result<T>(SQLite::Database&)>& fn) {
  std::unique_ptr<SQLite::Database> c;
  try {
    c = Acquire();
    Result<T> r = [&]() -> Result<T> {
      SQLite::Transaction tx(*c, SQLite::TransactionBehavior::IMMEDIATE);
      auto out = fn(*c);
      if (out) tx.commit();
      return out;  // not committed: the destructor rolls back
    }();
    Release(std::move(c));
    return r;
  } catch (const std::exception& e) {
    if (c) Release(std::move(c));
    return std::unexpected(StorageError(e));
  }
}

}  // namespace jobmatch
