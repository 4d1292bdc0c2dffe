// Who may do what: the one place where authorization is decided, from the
// caller's role, owner and region scope and the resource's owner or region.
// HTTP handlers and the service ask here and nowhere else;
// tests/unit/policy_test.cc checks it as a matrix. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/regions.h"

namespace jobmatch {

// A reader is a partner site that mirrors the openings through the feed.
enum class Role { kAdmin, kCounsellor, kBoard, kHousehold, kReader };

std::optional<Role> ParseRole(std::string_view s);
std::string_view RoleName(Role r);

// The authenticated caller: who acts (a key's id, never the key, or
// "user:<username>" for a signed-in user), its role, its owner (the board's
// name for board keys, the household id for household keys) and its scope (a
// region code; empty: national).
struct Principal {
  std::string actor;
  Role role;
  std::string owner;
  std::string region;
  int64_t user_id = 0;  // a signed-in user's id; 0 for keys
};

// The service acting for itself (the CLI, tests): an admin without a key.
inline Principal SystemPrincipal(std::string actor) {
  return Principal{std::move(actor), Role::kAdmin, "", "", 0};
}

// A key as created: the only time its secret is seen.
struct NewKey {
  std::string id;   // public identifier, e.g. "key_3f9a…"
  std::string key;  // the secret, returned to the creator once
  Role role;
  std::string owner;
  std::string region;  // a counsellor key's scope; "" national
};

enum class Action {
  kSearchOpenings,       // GET /v1/openings
  kReadOpening,          // GET /v1/openings/{id}
  kPostOpening,          // POST /v1/openings, /v1/openings/bulk (resource owner: the board)
  kDeleteOpening,        // DELETE /v1/openings/{id} (resource owner: the opening's board)
  kRenewOpening,         // POST /v1/openings/{id}/renew (resource owner: the opening's board)
  kReadFeed,             // GET /v1/openings/feed
  kReadBoardStats,       // GET /v1/boards/me/stats (a board's own)
  kManageKeys,           // POST /v1/keys, DELETE /v1/keys/{id}
  kWriteHousehold,       // POST/PUT /v1/households, exit
  kListHouseholds,       // GET /v1/households
  kReadHousehold,        // GET /v1/households/{id} (resource owner: the household id)
  kRevealIdNumber,       // ?reveal=id_number
  kReadMatches,          // GET /v1/members/{id}/matches (resource owner: the member's household id)
  kReadTimeline,         // GET /v1/members/{id}/timeline (counsellors and admins only)
  kReadAudit,            // GET /v1/audit
  kClearComplianceFlag,  // POST /v1/openings/{id}/compliance_flags/clear
  kWriteCatalog,         // POST/PUT/DELETE /v1/courses, /v1/aid-products
  kReadCatalog,          // GET /v1/courses, /v1/aid-products
  kRunBatch,             // POST/GET /v1/batches, plans.csv
  kReadPlan,             // GET /v1/households/{id}/plan (resource owner: the household id)
  kRecordOutcome,        // POST /v1/recommendations/{id}/outcome
  kReadStats,            // GET /v1/stats
  // Learning that a household or member id does not exist (404) rather than
  // being refused (403) as for any id one may not read.
  kLearnMissingIds,
  kManageUsers,        // POST/PATCH /v1/users, GET /v1/users
  kReadUser,           // GET /v1/users/{id} (resource owner: the user id)
  kChangeOwnPassword,  // POST /v1/session/password: signed-in users only
};

enum class Decision { kAllow, kDeny };

// `resource_owner` is the owner of the resource acted on, where it has one.
Decision Authorize(const Principal& p, Action a, std::string_view resource_owner = {});

// Whether the region `code` lies within the caller's scope: its region and
// everything beneath it; everywhere for admins and callers without one
// (national keys). Outside it a household does not exist for the caller (404),
// and the caller may neither file one there nor run a batch or read
// statistics there (403).
bool InScope(const Principal& p, const Regions& regions, std::string_view code);

}  // namespace jobmatch
