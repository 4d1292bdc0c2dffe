#include "core/policy.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace jobmatch {
namespace {

// Every role × action, for a resource owned by board "A". The one table that
// says who may do what; change it together with Authorize().
TEST(PolicyTest, RoleActionMatrix) {
  const Principal admin{"k1", Role::kAdmin, "", "", 0};
  const Principal counsellor{"k2", Role::kCounsellor, "", "", 0};
  const Principal board_a{"k3", Role::kBoard, "A", "", 0};
  const Principal board_b{"k4", Role::kBoard, "B", "", 0};
  const Principal household{"k5", Role::kHousehold, "12", "", 0};
  const Principal reader{"k6", Role::kReader, "A", "", 0};  // owner "A" gives it nothing
  struct Row {
    Action action;
    bool admin, counsellor, board_a, board_b, household, reader;
  };
  const Row rows[] = {
      {Action::kSearchOpenings, true, true, true, true, true, true},
      {Action::kReadOpening, true, true, true, true, true, true},
      {Action::kPostOpening, false, false, true, false, false, false},
      {Action::kDeleteOpening, true, false, true, false, false, false},
      {Action::kRenewOpening, false, false, true, false, false, false},
      {Action::kReadFeed, true, true, false, false, false, true},
      {Action::kReadBoardStats, false, false, true, true, false, false},
      {Action::kManageKeys, true, false, false, false, false, false},
      {Action::kWriteHousehold, true, true, false, false, false, false},
      {Action::kListHouseholds, true, true, false, false, false, false},
      {Action::kRevealIdNumber, true, true, false, false, false, false},
      {Action::kReadAudit, true, false, false, false, false, false},
      {Action::kClearComplianceFlag, true, false, false, false, false, false},
      {Action::kWriteCatalog, true, true, false, false, false, false},
      {Action::kReadCatalog, true, true, true, true, true, true},
      {Action::kRunBatch, true, true, false, false, false, false},
      {Action::kRecordOutcome, true, true, false, false, false, false},
      {Action::kReadStats, true, true, false, false, false, false},
      {Action::kLearnMissingIds, true, true, false, false, false, false},
      {Action::kReadTimeline, true, true, false, false, false, false},
      {Action::kManageUsers, true, false, false, false, false, false},
      {Action::kReadUser, true, false, false, false, false, false},
      {Action::kChangeOwnPassword, false, false, false, false, false, false},  // keys have none
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
    EXPECT_EQ(allowed(reader), r.reader);
  }
}

// Household routes: the resource owner is the household id; key "12" owns household 12.
TEST(PolicyTest, HouseholdKeysReadOnlyTheirOwnHousehold) {
  const Principal household{"k5", Role::kHousehold, "12", "", 0};
  const Principal board{"k3", Role::kBoard, "12", "", 0};
  const Principal counsellor{"k2", Role::kCounsellor, "", "", 0};
  for (Action a : {Action::kReadHousehold, Action::kReadMatches, Action::kReadPlan}) {
    EXPECT_EQ(Authorize(household, a, "12"), Decision::kAllow);
    EXPECT_EQ(Authorize(household, a, "13"), Decision::kDeny);
    EXPECT_EQ(Authorize(board, a, "12"), Decision::kDeny);  // boards never, whatever their name
    EXPECT_EQ(Authorize(counsellor, a, "13"), Decision::kAllow);
  }
}

// Signed-in people: an admin manages accounts; anyone reads its own account
// and changes its own password.
TEST(PolicyTest, SignedInUsersReadThemselves) {
  const Principal admin{"user:root", Role::kAdmin, "", "", 1};
  const Principal counsellor{"user:wang", Role::kCounsellor, "", "320500", 7};
  EXPECT_EQ(Authorize(admin, Action::kManageUsers), Decision::kAllow);
  EXPECT_EQ(Authorize(counsellor, Action::kManageUsers), Decision::kDeny);
  EXPECT_EQ(Authorize(counsellor, Action::kReadUser, "7"), Decision::kAllow);
  EXPECT_EQ(Authorize(counsellor, Action::kReadUser, "1"), Decision::kDeny);
  EXPECT_EQ(Authorize(admin, Action::kReadUser, "7"), Decision::kAllow);
  EXPECT_EQ(Authorize(counsellor, Action::kChangeOwnPassword), Decision::kAllow);
  EXPECT_EQ(Authorize(admin, Action::kChangeOwnPassword), Decision::kAllow);
}

// Role × scope × the region of what is acted on. A county's counsellor sees
// its county; a city's, its counties; a province's, its cities; a national
// key and every admin, everything.
TEST(PolicyTest, ScopeMatrix) {
  const Regions& regions = testing::RealRegions();
  const Principal callers[] = {
      {"admin", Role::kAdmin, "", "", 0},
      {"admin-suzhou", Role::kAdmin, "", "320500", 0},  // admins are never scoped
      {"national", Role::kCounsellor, "", "", 0},
      {"jiangsu", Role::kCounsellor, "", "320000", 0},
      {"suzhou", Role::kCounsellor, "", "320500", 0},
      {"huqiu", Role::kCounsellor, "", "320505", 0},
      {"beijing", Role::kCounsellor, "", "110000", 0},
  };
  struct Row {
    const char* region;
    bool in[7];  // per caller, in the order above
  };
  const Row rows[] = {
      {"320505", {true, true, true, true, true, true, false}},    // 苏州市虎丘区
      {"320506", {true, true, true, true, true, false, false}},   // 苏州市吴中区
      {"320500", {true, true, true, true, true, false, false}},   // 苏州市
      {"320200", {true, true, true, true, false, false, false}},  // 无锡市
      {"320000", {true, true, true, true, false, false, false}},  // 江苏省
      {"110101", {true, true, true, false, false, false, true}},  // 北京市东城区
      {"", {true, true, true, false, false, false, false}},       // no region: national
  };
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < std::size(callers); ++i) {
      EXPECT_EQ(InScope(callers[i], regions, r.region), r.in[i])
          << callers[i].actor << " on " << r.region;
    }
  }
}

TEST(PolicyTest, RolesRoundTripThroughTheirNames) {
  for (Role r : {Role::kAdmin, Role::kCounsellor, Role::kBoard, Role::kHousehold, Role::kReader}) {
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  }
  EXPECT_FALSE(ParseRole("root"));
}

}  // namespace
}  // namespace jobmatch
