#include "core/policy.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

// Every role × action, for a resource owned by board "A". The one table that
// says who may do what; change it together with Authorize().
TEST(PolicyTest, RoleActionMatrix) {
  const Principal admin{"k1", Role::kAdmin, ""};
  const Principal counsellor{"k2", Role::kCounsellor, ""};
  const Principal board_a{"k3", Role::kBoard, "A"};
  const Principal board_b{"k4", Role::kBoard, "B"};
  const Principal household{"k5", Role::kHousehold, "12"};
  struct Row {
    Action action;
    bool admin, counsellor, board_a, board_b, household;
  };
  const Row rows[] = {
      {Action::kSearchOpenings, true, true, true, true, true},
      {Action::kReadOpening, true, true, true, true, true},
      {Action::kPostOpening, false, false, true, false, false},
      {Action::kDeleteOpening, true, false, true, false, false},
      {Action::kManageKeys, true, false, false, false, false},
      {Action::kWriteHousehold, true, true, false, false, false},
      {Action::kListHouseholds, true, true, false, false, false},
      {Action::kRevealIdNumber, true, true, false, false, false},
      {Action::kReadAudit, true, false, false, false, false},
      {Action::kWriteCatalog, true, true, false, false, false},
      {Action::kReadCatalog, true, true, true, true, true},
      {Action::kRunBatch, true, true, false, false, false},
      {Action::kRecordOutcome, true, true, false, false, false},
      {Action::kReadStats, true, true, false, false, false},
      {Action::kLearnMissingIds, true, true, false, false, false},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(static_cast<int>(r.action));
    auto allowed = [&](const Principal& p) {
      return Authorize(p, r.action, "A") == Decision::kAllow;
    };
    EXPECT_EQ(allowed(admin), r.admin);
    EXPECT_EQ(allowed(counsellor), r.counsellor);
    EXPECT_EQ(allowed(board_a), r.board_a);
    EXPECT_EQ(allowed(board_b), r.board_b);
    EXPECT_EQ(allowed(household), r.household);
  }
}

// Household routes: the resource owner is the household id; key "12" owns household 12.
TEST(PolicyTest, HouseholdKeysReadOnlyTheirOwnHousehold) {
  const Principal household{"k5", Role::kHousehold, "12"};
  const Principal board{"k3", Role::kBoard, "12"};
  const Principal counsellor{"k2", Role::kCounsellor, ""};
  for (Action a : {Action::kReadHousehold, Action::kReadMatches, Action::kReadPlan}) {
    EXPECT_EQ(Authorize(household, a, "12"), Decision::kAllow);
    EXPECT_EQ(Authorize(household, a, "13"), Decision::kDeny);
    EXPECT_EQ(Authorize(board, a, "12"), Decision::kDeny);  // boards never, whatever their name
    EXPECT_EQ(Authorize(counsellor, a, "13"), Decision::kAllow);
  }
}

TEST(PolicyTest, RolesRoundTripThroughTheirNames) {
  for (Role r : {Role::kAdmin, Role::kCounsellor, Role::kBoard, Role::kHousehold}) {
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  }
  EXPECT_FALSE(ParseRole("root"));
}

}  // namespace
}  // namespace jobmatch
