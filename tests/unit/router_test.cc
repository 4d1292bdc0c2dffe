#include "http/router.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

HttpResponse Named(const std::string& name) {
  return {200, name, ""};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    r_.Add("GET", "/v1/openings", Access::kSignedIn, [](HttpRequest&) { return Named("search"); });
    r_.Add("POST", "/v1/openings/bulk", Access::kSignedIn,
           [](HttpRequest&) { return Named("bulk"); });
    r_.Add("GET", "/v1/openings/:id", Access::kSignedIn, [](HttpRequest&) { return Named("get"); });
    r_.Add("DELETE", "/v1/openings/:id", Access::kSignedIn,
           [](HttpRequest&) { return Named("delete"); });
  }
  std::string Route(const std::string& method, const std::string& path) {
    HttpRequest req;
    req.method = method;
    req.path = path;
    auto m = r_.Match(req);
    if (!m.route) return m.method_not_allowed ? "405 " + m.allowed : "404";
    return m.route->handler(req).body + (req.params.empty() ? "" : " " + req.params["id"]);
  }
  Router r_;
};

TEST_F(RouterTest, MatchesMethodAndPattern) {
  EXPECT_EQ(Route("GET", "/v1/openings"), "search");
  EXPECT_EQ(Route("GET", "/v1/openings/42"), "get 42");
  EXPECT_EQ(Route("DELETE", "/v1/openings/42"), "delete 42");
  EXPECT_EQ(Route("POST", "/v1/openings/bulk"), "bulk");
  EXPECT_EQ(Route("GET", "/v1/openings/bulk"), "get bulk");  // an id that never exists: 404 later
}

TEST_F(RouterTest, WrongMethodIs405WithTheAllowedOnes) {
  EXPECT_EQ(Route("PUT", "/v1/openings/42"), "405 GET, DELETE");
  EXPECT_EQ(Route("PROPFIND", "/v1/openings"), "405 GET");
}

TEST_F(RouterTest, UnknownPathsAre404) {
  EXPECT_EQ(Route("GET", "/v1/opening"), "404");
  EXPECT_EQ(Route("GET", "/v1/openings/42/extra"), "404");
  EXPECT_EQ(Route("GET", "/v1/openings/"), "404");
  EXPECT_EQ(Route("GET", ""), "404");
}

}  // namespace
}  // namespace jobmatch
