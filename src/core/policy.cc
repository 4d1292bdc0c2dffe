#include "core/policy.h"

#include <string>

namespace jobmatch {

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "admin") return Role::kAdmin;
  if (s == "counsellor") return Role::kCounsellor;
  if (s == "board") return Role::kBoard;
  if (s == "household") return Role::kHousehold;
  if (s == "reader") return Role::kReader;
  return std::nullopt;
}

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kCounsellor:
      return "counsellor";
    case Role::kBoard:
      return "board";
    case Role::kHousehold:
      return "household";
    case Role::kReader:
      return "reader";
  }
  return "";
}

Decision Authorize(const Principal& p, Action a, std::string_view resource_owner) {
  auto allow_if = [](bool ok) { return ok ? Decision::kAllow : Decision::kDeny; };
  switch (a) {
    case Action::kSearchOpenings:
    case Action::kReadOpening:
      return Decision::kAllow;  // every key may search and read openings
    case Action::kPostOpening:
      // Only a board posts, and only as itself: openings belong to a board.
      return allow_if(p.role == Role::kBoard && p.owner == resource_owner);
    case Action::kDeleteOpening:
      return allow_if(p.role == Role::kAdmin ||
                      (p.role == Role::kBoard && p.owner == resource_owner));
    case Action::kRenewOpening:
      return allow_if(p.role == Role::kBoard && p.owner == resource_owner);
    case Action::kReadFeed:
      return allow_if(p.role == Role::kAdmin || p.role == Role::kCounsellor ||
                      p.role == Role::kReader);
    case Action::kReadBoardStats:
      return allow_if(p.role == Role::kBoard);
    case Action::kManageKeys:
    case Action::kReadAudit:
    case Action::kClearComplianceFlag:
      return allow_if(p.role == Role::kAdmin);
    case Action::kWriteHousehold:
    case Action::kListHouseholds:
    case Action::kRevealIdNumber:
    case Action::kWriteCatalog:
    case Action::kRunBatch:
    case Action::kRecordOutcome:
    case Action::kReadStats:
    case Action::kLearnMissingIds:
    case Action::kReadTimeline:
      return allow_if(p.role == Role::kAdmin || p.role == Role::kCounsellor);
    case Action::kReadHousehold:
    case Action::kReadMatches:
    case Action::kReadPlan:
      // A household key sees its own household and nothing else; boards never.
      return allow_if(p.role == Role::kAdmin || p.role == Role::kCounsellor ||
                      (p.role == Role::kHousehold && p.owner == resource_owner));
    case Action::kReadCatalog:
      return Decision::kAllow;
    case Action::kManageUsers:
      return allow_if(p.role == Role::kAdmin);
    case Action::kReadUser:
      return allow_if(p.role == Role::kAdmin ||
                      (p.user_id != 0 && std::to_string(p.user_id) == resource_owner));
    case Action::kChangeOwnPassword:
      return allow_if(p.user_id != 0);
  }
  return Decision::kDeny;
}

}  // namespace jobmatch

namespace jobmatch {

bool InScope(const Principal& p, const Regions& regions, std::string_view code) {
  if (p.role == Role::kAdmin || p.region.empty()) return true;  // admins see everything
  for (const Region* r : regions.Lineage(code)) {
    if (r->code == p.region) return true;
  }
  return false;
}

}  // namespace jobmatch
