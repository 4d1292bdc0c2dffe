// Authentication and the role matrix over real HTTP.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../support/builders.h"
#include "server_process.h"

namespace jobmatch::testing {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  TempDir dir_;
  ServerProcess server_{dir_.path()};
};

TEST_F(AuthTest, PublicEndpointsNeedNoKey) {
  EXPECT_EQ(server_.Request("GET", "/healthz").status, 200);
  auto m = server_.Request("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("jobmatch_index_documents"), std::string::npos);
  EXPECT_EQ(m.headers["content-type"].rfind("text/plain", 0), 0u);
}

TEST_F(AuthTest, MissingOrUnknownKeyIs401) {
  auto none = server_.Request("GET", "/v1/openings");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.Json()["error"]["field"], "Authorization");
  EXPECT_EQ(server_.Request("GET", "/v1/openings", "jm_not_a_key").status, 401);
}

TEST_F(AuthTest, AdminCreatesKeysThatWorkUntilRevoked) {
  auto created = server_.Post("/v1/keys", {{"role", "counsellor"}, {"owner", "张老师"}}, kAdminKey);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = created.Json()["key"];
  const std::string id = created.Json()["id"];
  EXPECT_GE(key.size(), 32u + 3u);  // at least 128 random bits, hex-encoded
  EXPECT_EQ(server_.Get("/v1/openings", key).status, 200);
  // The list shows ids and owners, never a secret.
  auto listed = server_.Get("/v1/keys", kAdminKey);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json()["total"], 1);
  EXPECT_EQ(listed.Json()["items"][0]["id"], id);
  EXPECT_EQ(listed.Json()["items"][0]["owner"], "张老师");
  EXPECT_TRUE(listed.Json()["items"][0]["revoked_at"].is_null());
  EXPECT_EQ(listed.body.find(key), std::string::npos);
  EXPECT_EQ(server_.Get("/v1/keys", key).status, 403);
  EXPECT_EQ(server_.Request("DELETE", "/v1/keys/" + id, kAdminKey).status, 204);
  EXPECT_EQ(server_.Get("/v1/openings", key).status, 401);
  EXPECT_EQ(server_.Request("DELETE", "/v1/keys/" + id, kAdminKey).status, 404);
  EXPECT_FALSE(server_.Get("/v1/keys", kAdminKey).Json()["items"][0]["revoked_at"].is_null());
}

TEST_F(AuthTest, KeysAreStoredOnlyAsHashes) {
  const std::string key = server_.CreateKey("board", "苏州人才网");
  ASSERT_EQ(server_.Get("/v1/openings", key).status, 200);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    EXPECT_EQ(content.str().find(key), std::string::npos) << entry.path();
    EXPECT_EQ(content.str().find(kAdminKey), std::string::npos) << entry.path();
  }
}

TEST_F(AuthTest, KeyCreationIsValidated) {
  // Regression: a null owner was accepted and then answered with a 500.
  auto null_owner =
      server_.Post("/v1/keys", {{"role", "counsellor"}, {"owner", nullptr}}, kAdminKey);
  EXPECT_EQ(null_owner.status, 201) << null_owner.body;
  EXPECT_EQ(null_owner.Json()["owner"], "");
  auto bad_role = server_.Post("/v1/keys", {{"role", "root"}}, kAdminKey);
  EXPECT_EQ(bad_role.status, 422);
  EXPECT_EQ(bad_role.Json()["error"]["field"], "role");
  auto no_owner = server_.Post("/v1/keys", {{"role", "board"}}, kAdminKey);
  EXPECT_EQ(no_owner.status, 422);
  EXPECT_EQ(no_owner.Json()["error"]["field"], "owner");
}

// Each role against each opening and key route: the expected status, before
// validation or lookup, for a request that is otherwise fine.
TEST_F(AuthTest, RoleMatrix) {
  auto household =
      server_.Post("/v1/households",
                   HouseholdJson("AUTH-1", MakeIdNumber("320505", "1980-05-05", true)), kAdminKey);
  ASSERT_EQ(household.status, 201) << household.body;
  const std::string household_id = std::to_string(household.Json()["id"].get<int64_t>());
  const std::map<std::string, std::string> keys = {
      {"admin", kAdminKey},
      {"counsellor", server_.CreateKey("counsellor", "")},
      {"board", server_.CreateKey("board", "苏州人才网")},
      {"other_board", server_.CreateKey("board", "南方人才网")},
      {"household", server_.CreateKey("household", household_id)},
  };
  auto posted = server_.Post("/v1/openings", SampleOpening("M-1"), keys.at("board"));
  ASSERT_EQ(posted.status, 201) << posted.body;
  const std::string path = "/v1/openings/" + std::to_string(posted.Json()["id"].get<int64_t>());

  struct Case {
    std::string role;
    int search, read, post, del, create_key;
  };
  const std::vector<Case> cases = {
      {"admin", 200, 200, 403, 204, 201},       {"counsellor", 200, 200, 403, 403, 403},
      {"other_board", 200, 200, 201, 403, 403}, {"household", 200, 200, 403, 403, 403},
      {"board", 200, 200, 200, 204, 403},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.role);
    const std::string& key = keys.at(c.role);
    // (Re-)post the board's opening: an earlier case may have deleted it.
    ASSERT_LT(server_.Post("/v1/openings", SampleOpening("M-1"), keys.at("board")).status, 300);
    EXPECT_EQ(server_.Get("/v1/openings", key).status, c.search);
    EXPECT_EQ(server_.Get(path, key).status, c.read);
    EXPECT_EQ(server_.Post("/v1/openings", SampleOpening("M-1"), key).status, c.post);
    EXPECT_EQ(server_.Request("DELETE", path, key).status, c.del);
    EXPECT_EQ(server_.Post("/v1/keys", {{"role", "counsellor"}}, key).status, c.create_key);
  }
}

}  // namespace
}  // namespace jobmatch::testing
