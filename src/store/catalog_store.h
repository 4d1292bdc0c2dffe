// A catalogue of JSON documents — courses or aid products — in its own table,
// with soft deletes and the change log entry that feeds the search index.
// Thread-safe (it only holds a Database).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/entity.h"
#include "store/opening_store.h"

namespace jobmatch {

class CatalogStore {
 public:
  // Builds the stored document once the id and timestamps are known.
  using Encoder = std::function<nlohmann::json(int64_t id, const std::string& created_at,
                                               const std::string& updated_at)>;

  // `table` is courses or aid_products; `entity` its change-log name.
  CatalogStore(Database& db, const Clock& clock, std::string table, const char* entity)
      : db_(db), clock_(clock), table_(std::move(table)), entity_(entity) {}

  Result<nlohmann::json> Create(const Encoder& encode);
  // kNotFound when no live row has that id.
  Result<nlohmann::json> Replace(int64_t id, const Encoder& encode);
  Result<std::optional<nlohmann::json>> Get(int64_t id);
  Result<bool> Delete(int64_t id);
  Result<std::vector<StoredRow>> GetMany(const std::vector<int64_t>& ids);
  Result<std::vector<StoredRow>> ScanLive(int64_t after_id, int limit);

  const char* entity() const { return entity_; }

 private:
  // Writes a row's document and records the change, in the caller's transaction.
  void SaveDoc(SQLite::Database& c, int64_t id, const nlohmann::json& doc, const std::string& now);

  Database& db_;
  const Clock& clock_;
  std::string table_;
  const char* entity_;
};

}  // namespace jobmatch
