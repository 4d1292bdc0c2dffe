// People's accounts, sessions and region scope over real HTTP: signing in and
// out, the cookie and its CSRF token, throttled guessing, accounts an admin
// manages, and a county's counsellor who sees its county and nothing else.
#include <gtest/gtest.h>

#include <chrono>

#include "../support/builders.h"
#include "server_process.h"

namespace jobmatch::testing {
namespace {

constexpr char kPassword[] = "煤矿路17号-sunny-Dawn";

// A browser: keeps the session cookie and sends the CSRF token on writes.
class Browser {
 public:
  explicit Browser(const ServerProcess& s) : s_(s) {}

  HttpResult SignIn(const std::string& username, const std::string& password) {
    auto r = s_.RequestWith("POST", "/v1/session", {},
                            nlohmann::json{{"username", username}, {"password", password}}.dump());
    if (r.status == 200) {
      const std::string set = r.headers["set-cookie"];
      cookie_ = set.substr(0, set.find(';'));
      csrf_ = r.Json()["csrf_token"];
    }
    return r;
  }
  HttpResult Call(const std::string& method, const std::string& target,
                  const nlohmann::json& body = nullptr, bool with_csrf = true) const {
    std::map<std::string, std::string> headers = {{"Cookie", cookie_}};
    if (with_csrf) headers["X-CSRF-Token"] = csrf_;
    return s_.RequestWith(method, target, headers, body.is_null() ? "" : body.dump());
  }
  const std::string& cookie() const { return cookie_; }

 private:
  const ServerProcess& s_;
  std::string cookie_, csrf_;
};

class AccountsTest : public ::testing::Test {
 protected:
  nlohmann::json CreateUser(const std::string& username, const std::string& role,
                            const std::string& region) {
    nlohmann::json body = {{"username", username},
                           {"display_name", "王秀英"},
                           {"role", role},
                           {"password", kPassword}};
    if (!region.empty()) body["region"] = region;
    auto r = server_.Post("/v1/users", body, kAdminKey);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }
  int64_t FileHousehold(const std::string& archive_no, const std::string& region, int seq) {
    auto h = HouseholdJson(archive_no, MakeIdNumber(region, "1980-01-01", true, seq), region);
    auto r = server_.Post("/v1/households", h, kAdminKey);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["id"];
  }

  TempDir dir_;
  ServerProcess server_{dir_.path()};
};

TEST_F(AccountsTest, SignInSetsAStrictHttpOnlyCookieAndSignOutEndsItAtOnce) {
  CreateUser("wang.xiuying", "counsellor", "苏州市");
  Browser b(server_);
  auto r = b.SignIn("wang.xiuying", kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string set = r.headers["set-cookie"];
  EXPECT_EQ(set.rfind("jm_session=", 0), 0u) << set;
  EXPECT_NE(set.find("HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos) << set;
  EXPECT_NE(set.find("Path=/"), std::string::npos) << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << set;  // not told it sits behind TLS
  EXPECT_GE(b.cookie().size(), std::string("jm_session=").size() + 32);  // ≥ 128 bits
  const auto body = r.Json();
  EXPECT_EQ(body["user"]["username"], "wang.xiuying");
  EXPECT_EQ(body["user"]["region"], "320500");
  EXPECT_FALSE(body["user"].contains("password"));
  EXPECT_FALSE(body["user"]["last_login_at"].is_null());
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
  EXPECT_FALSE(body["expires_at"].get<std::string>().empty());

  auto me = b.Call("GET", "/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json()["user"]["username"], "wang.xiuying");
  EXPECT_EQ(b.Call("GET", "/v1/households").status, 200);

  auto out = b.Call("DELETE", "/v1/session");
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(b.Call("GET", "/v1/session").status, 401);
  EXPECT_EQ(b.Call("GET", "/v1/households").status, 401);
}

TEST_F(AccountsTest, AStolenCookieWithoutTheCsrfTokenCannotWrite) {
  CreateUser("wang", "counsellor", "320500");
  Browser b(server_);
  ASSERT_EQ(b.SignIn("wang", kPassword).status, 200);
  const auto h = HouseholdJson("JS-SZ-1", MakeIdNumber("320505", "1980-01-01", true, 1));
  auto refused = b.Call("POST", "/v1/households", h, /*with_csrf=*/false);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Json()["error"]["code"], "csrf");
  EXPECT_EQ(refused.Json()["error"]["field"], "X-CSRF-Token");
  auto forged = server_.RequestWith(
      "POST", "/v1/households", {{"Cookie", b.cookie()}, {"X-CSRF-Token", std::string(64, 'a')}},
      h.dump());
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(b.Call("GET", "/v1/households").Json()["total"], 0);           // nothing was written
  EXPECT_EQ(b.Call("GET", "/v1/households", nullptr, false).status, 200);  // reads need none
  EXPECT_EQ(b.Call("POST", "/v1/households", h).status, 201);
  // Keys are unaffected: no cookie, no CSRF token.
  auto by_key = server_.Post(
      "/v1/households", HouseholdJson("JS-SZ-2", MakeIdNumber("320505", "1981-01-01", true, 2)),
      kAdminKey);
  EXPECT_EQ(by_key.status, 201) << by_key.body;
}

TEST_F(AccountsTest, WrongPasswordsAreOneAnswerAndTheSixthIsThrottled) {
  CreateUser("li", "counsellor", "320500");
  Browser b(server_);
  auto unknown = b.SignIn("nobody", kPassword);
  auto wrong = b.SignIn("li", "not-the-password-1");
  ASSERT_EQ(unknown.status, 401);
  ASSERT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.Json()["error"], wrong.Json()["error"]);  // no hint which was wrong
  for (int i = 0; i < 4; ++i) EXPECT_EQ(b.SignIn("li", "not-the-password-2").status, 401);
  auto throttled = b.SignIn("li", kPassword);  // the sixth attempt, right password and all
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  EXPECT_EQ(throttled.Json()["error"]["code"], "too_many_attempts");
  ASSERT_TRUE(throttled.headers.contains("retry-after"));
  const int wait = std::stoi(throttled.headers["retry-after"]);
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 15 * 60);
  // Another username is not held back by li's failures.
  CreateUser("zhao", "counsellor", "320500");
  EXPECT_EQ(Browser(server_).SignIn("zhao", kPassword).status, 200);

  // The audit log has the attempts, never a password.
  auto audit = server_.Get("/v1/audit?per_page=100", kAdminKey);
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body.find("not-the-password"), std::string::npos);
  EXPECT_EQ(audit.body.find("sunny-Dawn"), std::string::npos);
  int failed = 0, logins = 0;
  const auto entries = audit.Json();
  for (const auto& e : entries["items"]) {
    failed += e["action"] == "login_failed";
    logins += e["action"] == "login";
  }
  EXPECT_EQ(failed, 6) << audit.body;  // the unknown name, five wrong passwords
  EXPECT_EQ(logins, 1);
}

TEST_F(AccountsTest, AdminsManageAccountsAndPasswordsAreChecked) {
  auto weak = server_.Post("/v1/users",
                           {{"username", "chen"},
                            {"display_name", "陈"},
                            {"role", "counsellor"},
                            {"region", "320500"},
                            {"password", "qwertyuiop"}},
                           kAdminKey);
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.Json()["error"]["field"], "password");
  auto shortpw = server_.Post("/v1/users",
                              {{"username", "chen"},
                               {"display_name", "陈"},
                               {"role", "counsellor"},
                               {"region", "320500"},
                               {"password", "Ab1!xyz"}},
                              kAdminKey);
  EXPECT_EQ(shortpw.status, 422);
  auto no_region = server_.Post("/v1/users",
                                {{"username", "chen"},
                                 {"display_name", "陈"},
                                 {"role", "counsellor"},
                                 {"password", kPassword}},
                                kAdminKey);
  EXPECT_EQ(no_region.status, 422);
  EXPECT_EQ(no_region.Json()["error"]["field"], "region");
  const auto chen = CreateUser("chen", "counsellor", "320500");
  auto taken = server_.Post(
      "/v1/users",
      {{"username", "CHEN"}, {"display_name", "陈"}, {"role", "admin"}, {"password", kPassword}},
      kAdminKey);
  EXPECT_EQ(taken.status, 409);

  // A counsellor may read itself, not others, and manage nobody.
  CreateUser("admin2", "admin", "");
  Browser counsellor(server_);
  ASSERT_EQ(counsellor.SignIn("chen", kPassword).status, 200);
  const std::string self = "/v1/users/" + std::to_string(chen["id"].get<int64_t>());
  EXPECT_EQ(counsellor.Call("GET", self).status, 200);
  EXPECT_EQ(counsellor.Call("GET", "/v1/users").status, 403);
  EXPECT_EQ(counsellor.Call("PATCH", self, {{"role", "admin"}}).status, 403);

  // An admin signed in disables chen: chen's session ends at once.
  Browser admin(server_);
  ASSERT_EQ(admin.SignIn("admin2", kPassword).status, 200);
  EXPECT_EQ(admin.Call("GET", "/v1/users").Json()["total"], 2);
  auto disabled = admin.Call("PATCH", self, {{"disabled", true}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.Json()["disabled"], true);
  EXPECT_EQ(counsellor.Call("GET", "/v1/session").status, 401);
  EXPECT_EQ(Browser(server_).SignIn("chen", kPassword).status, 401);
  EXPECT_EQ(admin.Call("PATCH", self, {{"disabled", false}}).status, 200);
  EXPECT_EQ(admin.Call("PATCH", self, {{"username", "x"}}).status, 422);
  EXPECT_EQ(Browser(server_).SignIn("chen", kPassword).status, 200);
}

TEST_F(AccountsTest, ChangingOnesPasswordEndsEverySession) {
  CreateUser("qian", "counsellor", "320500");
  Browser one(server_), two(server_);
  ASSERT_EQ(one.SignIn("qian", kPassword).status, 200);
  ASSERT_EQ(two.SignIn("qian", kPassword).status, 200);
  const std::string next = "绿色的桥-harbour-42";
  auto wrong = one.Call("POST", "/v1/session/password",
                        {{"current_password", "wrong-password-9"}, {"new_password", next}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(one.Call("POST", "/v1/session/password",
                     {{"current_password", kPassword}, {"new_password", "qian-password"}})
                .status,
            422);  // holds the username
  auto changed = one.Call("POST", "/v1/session/password",
                          {{"current_password", kPassword}, {"new_password", next}});
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(one.Call("GET", "/v1/session").status, 401);
  EXPECT_EQ(two.Call("GET", "/v1/session").status, 401);
  EXPECT_EQ(Browser(server_).SignIn("qian", kPassword).status, 401);
  EXPECT_EQ(Browser(server_).SignIn("qian", next).status, 200);
  // A key has no password to change.
  EXPECT_EQ(server_
                .Post("/v1/session/password",
                      {{"current_password", kPassword}, {"new_password", next}}, kAdminKey)
                .status,
            401);
}

// A counsellor of 苏州市 and the households of 苏州 and 北京, route by route.
TEST_F(AccountsTest, ACounsellorSeesItsRegionAndNothingElse) {
  CreateUser("suzhou", "counsellor", "320500");
  const int64_t sz = FileHousehold("JS-SZ-9", "320505", 1);
  const int64_t bj = FileHousehold("BJ-DC-9", "110101", 2);
  const std::string board = server_.CreateKey("board", "全国招聘网");
  for (const char* region : {"320505", "110101"}) {
    auto r = server_.Post("/v1/openings",
                          SampleOpening(std::string("ext-") + region, {{"region", region}}), board);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  Browser b(server_);
  ASSERT_EQ(b.SignIn("suzhou", kPassword).status, 200);
  auto member_of = [&](int64_t id) {
    return server_.Get("/v1/households/" + std::to_string(id))
        .Json()["members"][0]["id"]
        .get<int64_t>();
  };
  const std::string id_bj = MakeIdNumber("110101", "1980-01-01", true, 2);
  struct Row {
    const char* method;
    std::string path;
    nlohmann::json body;
    int suzhou, beijing;  // the status for Suzhou's household, for Beijing's
  };
  auto h = [](int64_t id) { return "/v1/households/" + std::to_string(id); };
  const Row rows[] = {
      {"GET", h(sz), nullptr, 200, 404},
      {"GET", h(sz) + "?reveal=id_number", nullptr, 200, 404},
      {"GET", "/v1/members/" + std::to_string(member_of(sz)) + "/matches", nullptr, 200, 404},
      {"PUT", h(sz), HouseholdJson("JS-SZ-9", MakeIdNumber("320505", "1980-01-01", true, 1)), 200,
       404},
      {"GET", h(sz) + "/plan", nullptr, 404, 404},  // no plan yet: not found either way
  };
  for (const Row& r : rows) {
    EXPECT_EQ(b.Call(r.method, r.path, r.body).status, r.suzhou) << r.method << " " << r.path;
    std::string other = r.path;
    other.replace(other.find(std::to_string(sz)), std::to_string(sz).size(), std::to_string(bj));
    if (r.path.find("/members/") != std::string::npos) {
      other = "/v1/members/" + std::to_string(member_of(bj)) + "/matches";
    }
    nlohmann::json body = r.body;
    if (body.is_object()) body = HouseholdJson("BJ-DC-9", id_bj, "110101");
    EXPECT_EQ(b.Call(r.method, other, body).status, r.beijing) << r.method << " " << other;
  }
  // Lists and searches return only what is in scope.
  auto list = b.Call("GET", "/v1/households").Json();
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], sz);
  EXPECT_EQ(b.Call("GET", "/v1/households?id_number=" + id_bj).Json()["total"], 0);
  EXPECT_EQ(server_.Get("/v1/households?id_number=" + id_bj).Json()["total"], 1);  // admin
  // Filing or moving a household outside the scope is forbidden, naming region.
  auto filed =
      b.Call("POST", "/v1/households",
             HouseholdJson("BJ-X", MakeIdNumber("110101", "1975-01-01", true, 3), "110101"));
  EXPECT_EQ(filed.status, 403);
  EXPECT_EQ(filed.Json()["error"]["field"], "region");
  auto moved =
      b.Call("PUT", h(sz),
             HouseholdJson("JS-SZ-9", MakeIdNumber("320505", "1980-01-01", true, 1), "110101"));
  EXPECT_EQ(moved.status, 403);
  // Batches and statistics: within the scope only.
  auto bj_batch = b.Call("POST", "/v1/batches", {{"region", "北京市"}});
  EXPECT_EQ(bj_batch.status, 403);
  EXPECT_EQ(bj_batch.Json()["error"]["field"], "region");
  EXPECT_EQ(b.Call("GET", "/v1/stats?region=110000").status, 403);
  auto stats = b.Call("GET", "/v1/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Json()["region"], "320500");  // its own by default
  // Openings stay open to all staff.
  EXPECT_EQ(b.Call("GET", "/v1/openings?region=110000").Json()["total"], 1);

  // After a national batch by the admin: plans, outcomes and the CSV in scope.
  auto started = server_.Post("/v1/batches", nlohmann::json::object(), kAdminKey);
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t batch = started.Json()["id"];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server_.Get("/v1/batches/" + std::to_string(batch)).Json()["status"] != "succeeded") {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
  }
  EXPECT_EQ(b.Call("GET", h(sz) + "/plan").status, 200);
  EXPECT_EQ(b.Call("GET", h(bj) + "/plan").status, 404);
  auto bj_plan = server_.Get(h(bj) + "/plan").Json();
  const int64_t bj_rec = bj_plan["members"][0]["jobs"][0]["recommendation_id"];
  EXPECT_EQ(b.Call("POST", "/v1/recommendations/" + std::to_string(bj_rec) + "/outcome",
                   {{"status", "applied"}})
                .status,
            404);
  auto csv = b.Call("GET", "/v1/batches/" + std::to_string(batch) + "/plans.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("JS-SZ-9"), std::string::npos);
  EXPECT_EQ(csv.body.find("BJ-DC-9"), std::string::npos);
  auto all = server_.Get("/v1/batches/" + std::to_string(batch) + "/plans.csv");
  EXPECT_NE(all.body.find("BJ-DC-9"), std::string::npos);

  // Follow-ups of hires: a Beijing hire is not the Suzhou counsellor's.
  auto sz_plan = server_.Get(h(sz) + "/plan").Json();
  const int64_t sz_rec = sz_plan["members"][0]["jobs"][0]["recommendation_id"];
  for (int64_t rec : {sz_rec, bj_rec}) {
    ASSERT_EQ(server_
                  .Post("/v1/recommendations/" + std::to_string(rec) + "/outcome",
                        {{"status", "hired"}}, kAdminKey)
                  .status,
              200);
  }
  auto follow_ups = b.Call("GET", "/v1/follow-ups").Json();
  ASSERT_EQ(follow_ups["items"].size(), 1u) << follow_ups;
  EXPECT_EQ(follow_ups["items"][0]["recommendation_id"], sz_rec);
  EXPECT_EQ(follow_ups["items"][0]["follow_up"], "retained_1m");
  EXPECT_EQ(follow_ups["items"][0]["archive_no"], "JS-SZ-9");
  EXPECT_EQ(follow_ups["items"][0]["due"], false);                      // 30 days after the hire
  EXPECT_EQ(server_.Get("/v1/follow-ups").Json()["items"].size(), 2u);  // the admin sees both

  // The sub-regions the console charts by, and the list's other filters.
  auto children = b.Call("GET", "/v1/regions").Json();
  EXPECT_EQ(children["parent"], "320500");
  bool huqiu = false;
  for (const auto& r : children["items"]) huqiu |= r["code"] == "320505";
  EXPECT_TRUE(huqiu) << children;
  EXPECT_GE(server_.Get("/v1/regions").Json()["items"].size(), 31u);  // the provinces
  auto beijing = server_.Get("/v1/regions?parent=" + Encode("北京市")).Json();
  EXPECT_EQ(beijing["items"][0]["code"], "110101");  // through 市辖区
  EXPECT_EQ(b.Call("GET", "/v1/households?dibao=true").Json()["total"], 1);
  EXPECT_EQ(b.Call("GET", "/v1/households?dibao=false").Json()["total"], 0);
  EXPECT_EQ(b.Call("GET", "/v1/households?needs_attention=true").Json()["total"], 0);
  EXPECT_EQ(b.Call("GET", "/v1/households?needs_attention=false").Json()["total"], 1);
  EXPECT_EQ(b.Call("GET", "/v1/households?needs_attention=maybe").status, 400);
}

TEST_F(AccountsTest, CounsellorKeysCarryAScopeToo) {
  auto key = server_.Post("/v1/keys",
                          {{"role", "counsellor"}, {"owner", "苏州市总工会"}, {"region", "苏州市"}},
                          kAdminKey);
  ASSERT_EQ(key.status, 201) << key.body;
  EXPECT_EQ(key.Json()["region"], "320500");
  const std::string scoped = key.Json()["key"];
  const int64_t bj = FileHousehold("BJ-DC-8", "110101", 4);
  EXPECT_EQ(server_.Get("/v1/households/" + std::to_string(bj), scoped).status, 404);
  EXPECT_EQ(
      server_.Post("/v1/keys", {{"role", "board"}, {"owner", "x"}, {"region", "320500"}}, kAdminKey)
          .status,
      422);
}

}  // namespace
}  // namespace jobmatch::testing
