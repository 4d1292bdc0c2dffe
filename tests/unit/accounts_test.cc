// Passwords, the sign-in throttle and session expiry, on a clock the test
// moves: what the API tests cannot wait for.
#include "service/accounts.h"

#include <gtest/gtest.h>

#include <atomic>

#include "core/password.h"
#include "service/throttle.h"
#include "store/audit_store.h"
#include "store/user_store.h"
#include "test_env.h"

namespace jobmatch {
namespace {

class ManualClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return t_.load(); }
  void Advance(std::chrono::seconds s) { t_ = t_.load() + s; }

 private:
  std::atomic<std::chrono::system_clock::time_point> t_{testing::TestNow()};
};

const PasswordRules& Rules() {
  static const PasswordRules rules =
      *PasswordRules::Load(JOBMATCH_SOURCE_DIR "/index/common_passwords.txt");
  return rules;
}

TEST(PasswordTest, HashesAreArgon2idSaltedAndVerifyOnlyTheirPassword) {
  auto a = HashPassword("correct horse battery");
  auto b = HashPassword("correct horse battery");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u) << *a;
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_EQ(a->find("horse"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*a, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*a, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("", ""));
}

TEST(PasswordTest, RulesRefuseShortCommonAndGuessablePasswords) {
  const PasswordRules& r = Rules();
  EXPECT_FALSE(r.Problem("煤矿路17号-sunny-Dawn", "wang"));
  EXPECT_FALSE(r.Problem("一二三四五六七八九十", "wang"));  // ten characters, thirty bytes
  EXPECT_TRUE(r.Problem("Ab1!xyz", "wang"));                // short
  EXPECT_TRUE(r.Problem("一二三四五六七八九", "wang"));     // nine characters
  EXPECT_TRUE(r.Problem("1234567890", "wang"));             // common
  EXPECT_TRUE(r.Problem("WoAiNi1314", "wang"));             // common, whatever the case
  EXPECT_TRUE(r.Problem("my-Wang-password", "wang"));       // holds the username
  EXPECT_TRUE(r.Problem("abababababab", "wang"));           // too few characters
  EXPECT_TRUE(r.Problem(std::string("bell\x07here-is-bad"), "wang"));
}

TEST(ThrottleTest, FiveFailuresHoldAUsernameUntilTheOldestLeavesTheWindow) {
  LoginThrottle t;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(t.Wait("Li", "10.0.0.1", 1000 + i), 0);
    t.Failed("Li", "10.0.0.1", 1000 + i);
  }
  EXPECT_EQ(t.Wait("li", "10.0.0.2", 1010), 1000 + 900 - 1010);  // names ignore case
  EXPECT_EQ(t.Wait("zhao", "10.0.0.1", 1010), 0);
  EXPECT_EQ(t.Wait("li", "10.0.0.1", 1899), 1);
  EXPECT_EQ(t.Wait("li", "10.0.0.1", 1900), 0);  // the failure at 1000 has left the window
  t.Failed("li", "10.0.0.1", 1900);
  EXPECT_GT(t.Wait("li", "10.0.0.1", 1900), 0);
  t.Succeeded("LI");
  EXPECT_EQ(t.Wait("li", "10.0.0.1", 1900), 0);
}

TEST(ThrottleTest, OneAddressFailingOverManyUsernamesIsHeldToo) {
  LoginThrottle t;
  for (int i = 0; i < 20; ++i) t.Failed("user" + std::to_string(i), "10.0.0.9", 5000);
  EXPECT_GT(t.Wait("someone-new", "10.0.0.9", 5001), 0);
  EXPECT_EQ(t.Wait("someone-new", "10.0.0.8", 5001), 0);
}

TEST(ThrottleTest, ARequestRateAdmitsSixtyAMinutePerKey) {
  LoginThrottle t({60, 0, 60});
  for (int i = 0; i < 60; ++i) ASSERT_EQ(t.Admit("link-a", 100), 0) << i;
  EXPECT_EQ(t.Admit("link-a", 100), 60);  // until the first is a minute old
  EXPECT_EQ(t.Admit("link-b", 100), 0);
  EXPECT_EQ(t.Admit("link-a", 160), 0);
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*Database::Open(dir_.path() + "/jobmatch.db"));
    users_ = std::make_unique<UserStore>(*db_, clock_);
    audit_ = std::make_unique<AuditStore>(*db_);
    accounts_ = std::make_unique<Accounts>(*users_, *audit_, testing::RealRegions(), clock_,
                                           Rules(), SessionLimits{});
    ASSERT_TRUE(accounts_->CreateUser({{"username", "wang"},
                                       {"display_name", "王秀英"},
                                       {"role", "counsellor"},
                                       {"region", "苏州市"},
                                       {"password", "煤矿路17号-sunny-Dawn"}},
                                      SystemPrincipal("test")));
  }
  std::string SignIn() {
    auto s = accounts_->SignIn({{"username", "wang"}, {"password", "煤矿路17号-sunny-Dawn"}},
                               "127.0.0.1");
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->token : "";
  }
  bool Live(const std::string& token) {
    auto c = accounts_->FromSession(token);
    return c && c->has_value();
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(SessionTest, ThirtyIdleMinutesEndASession) {
  const std::string token = SignIn();
  auto caller = accounts_->FromSession(token);
  ASSERT_TRUE(caller && *caller);
  EXPECT_EQ((*caller)->principal.region, "320500");
  EXPECT_EQ((*caller)->principal.actor, "user:wang");
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(Live(token));  // and its idle time starts again
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_TRUE(Live(token));
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_FALSE(Live(token));
  clock_.Advance(std::chrono::minutes(-30));
  EXPECT_FALSE(Live(token));  // ended for good, not just hidden
}

TEST_F(SessionTest, TwelveHoursEndASessionHoweverBusy) {
  const std::string token = SignIn();
  for (int i = 0; i < 12 * 4 - 1; ++i) {
    clock_.Advance(std::chrono::minutes(15));
    ASSERT_TRUE(Live(token)) << i;
  }
  clock_.Advance(std::chrono::minutes(15));
  EXPECT_FALSE(Live(token));
}

TEST_F(SessionTest, OnlyAHashOfTheSessionIdIsStored) {
  const std::string token = SignIn();
  EXPECT_EQ(token.size(), 64u);  // 256 random bits
  EXPECT_FALSE(Live(token.substr(0, 63) + (token.back() == '0' ? "1" : "0")));
  EXPECT_FALSE(Live("short"));
  db_.reset();
  std::ifstream in(dir_.path() + "/jobmatch.db", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ifstream wal(dir_.path() + "/jobmatch.db-wal", std::ios::binary);
  const std::string wal_bytes((std::istreambuf_iterator<char>(wal)), {});
  EXPECT_EQ(bytes.find(token), std::string::npos);
  EXPECT_EQ(wal_bytes.find(token), std::string::npos);
  EXPECT_EQ((bytes + wal_bytes).find("sunny-Dawn"), std::string::npos);
}

}  // namespace
}  // namespace jobmatch
