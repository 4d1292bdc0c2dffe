// Households in the store (their audit log: store/audit_store.h). ID numbers are sealed with the
// DataCipher before they reach SQLite and looked up by keyed hash; the plaintext exists only in
// memory. Exited households are kept (history), never deleted. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/household.h"
#include "core/regions.h"
#include "core/secrets.h"
#include "store/database.h"
#include "store/household_query.h"

namespace jobmatch {

class HouseholdStore {
 public:
  HouseholdStore(Database& db, const Clock& clock, const DataCipher& cipher, const Regions& regions,
                 WorkingAge age)
      : db_(db), clock_(clock), cipher_(cipher), regions_(regions), age_(age) {}

  // Creates a household; members get ids. kConflict when archive_no is taken.
  Result<Household> Create(Household h);
  // Replaces a household's fields and members. Members given with an id keep
  // it (it must belong to this household); members left out are marked removed.
  // `also`, when given, is written in the same transaction.
  Result<Household> Replace(int64_t id, Household h, const WriteStep& also = nullptr);
  Result<std::optional<Household>> Get(int64_t id);
  // The household a member belongs to (removed members included: nullopt if none).
  Result<std::optional<Household>> GetByMember(int64_t member_id);
  Result<std::optional<Household>> GetByArchiveNo(const std::string& archive_no);
  // The live household (not exited, not `except`) whose live member holds
  // this ID number: one person, one archive entry.
  Result<std::optional<int64_t>> HolderOf(const std::string& id_number, int64_t except);
  Result<std::pair<int64_t, std::vector<Household>>> List(const HouseholdFilter& f);
  // Marks the household exited; history is kept.
  Result<Household> Exit(int64_t id, const std::string& reason);

 private:
  Result<Household> Write(Household h, bool create, const WriteStep& also = nullptr);
  Household Decode(const std::string& doc) const;

  Database& db_;
  const Clock& clock_;
  const DataCipher& cipher_;
  const Regions& regions_;
  WorkingAge age_;
};

}  // namespace jobmatch
