// Who may do what: the one place where authorization is decided, from the
// caller's role and owner and the resource's owner. HTTP handlers ask here and
// nowhere else; tests/unit/policy_test.cc checks it as a matrix. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobmatch {

enum class Role { kAdmin, kCounsellor, kBoard, kHousehold };

std::optional<Role> ParseRole(std::string_view s);
std::string_view RoleName(Role r);

// The authenticated caller: its key id (never the key), role and owner (the
// board's name for board keys, the household id for household keys).
struct Principal {
  std::string key_id;
  Role role;
  std::string owner;
};

// A key as created: the only time its secret is seen.
struct NewKey {
  std::string id;   // public identifier, e.g. "key_3f9a…"
  std::string key;  // the secret, returned to the creator once
  Role role;
  std::string owner;
};

enum class Action {
  kSearchOpenings,  // GET /v1/openings
  kReadOpening,     // GET /v1/openings/{id}
  kPostOpening,     // POST /v1/openings, /v1/openings/bulk (resource owner: the board)
  kDeleteOpening,   // DELETE /v1/openings/{id} (resource owner: the opening's board)
  kManageKeys,      // POST /v1/keys, DELETE /v1/keys/{id}
  kWriteHousehold,  // POST/PUT /v1/households, exit
  kListHouseholds,  // GET /v1/households
  kReadHousehold,   // GET /v1/households/{id} (resource owner: the household id)
  kRevealIdNumber,  // ?reveal=id_number
  kReadMatches,     // GET /v1/members/{id}/matches (resource owner: the member's household id)
  kReadAudit,       // GET /v1/audit
  kWriteCatalog,    // POST/PUT/DELETE /v1/courses, /v1/aid-products
  kReadCatalog,     // GET /v1/courses, /v1/aid-products
  kRunBatch,        // POST/GET /v1/batches, plans.csv
  kReadPlan,        // GET /v1/households/{id}/plan (resource owner: the household id)
  kRecordOutcome,   // POST /v1/recommendations/{id}/outcome
  kReadStats,       // GET /v1/stats
  // Learning that a household or member id does not exist (404) rather than
  // being refused (403) as for any id one may not read.
  kLearnMissingIds,
};

enum class Decision { kAllow, kDeny };

// `resource_owner` is the owner of the resource acted on, where it has one.
Decision Authorize(const Principal& p, Action a, std::string_view resource_owner = {});

}  // namespace jobmatch
