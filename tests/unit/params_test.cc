#include "http/params.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

HttpRequest With(std::map<std::string, std::string> query) {
  HttpRequest req;
  req.query = std::move(query);
  return req;
}

// Each refusal is a 400 bad_parameter naming the parameter.
template <typename T>
void ExpectRefused(const Result<T>& r, const std::string& name) {
  ASSERT_FALSE(r) << name;
  EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest);
  EXPECT_EQ(r.error().code, "bad_parameter");
  EXPECT_EQ(r.error().field, name);
  EXPECT_EQ(r.error().message.rfind(name + " ", 0), 0u) << r.error().message;
}

TEST(ParamsTest, IntegersWithinTheirBoundsOnly) {
  EXPECT_EQ(*IntParam(With({}), "k", 1, 10), std::nullopt);
  EXPECT_EQ(*IntParam(With({{"k", ""}}), "k", 1, 10), std::nullopt);
  EXPECT_EQ(*IntParam(With({{"k", "1"}}), "k", 1, 10), 1);
  EXPECT_EQ(*IntParam(With({{"k", "10"}}), "k", 1, 10), 10);
  for (const char* bad : {"0", "11", "-1", "1.5", "abc", "3x", " 3", "99999999999999999999"}) {
    ExpectRefused(IntParam(With({{"k", bad}}), "k", 1, 10), "k");
  }
}

TEST(ParamsTest, BooleansAreTrueOrFalse) {
  EXPECT_EQ(*BoolParam(With({}), "b"), std::nullopt);
  EXPECT_EQ(*BoolParam(With({{"b", "true"}}), "b"), true);
  EXPECT_EQ(*BoolParam(With({{"b", "false"}}), "b"), false);
  for (const char* bad : {"True", "1", "yes"})
    ExpectRefused(BoolParam(With({{"b", bad}}), "b"), "b");
}

TEST(ParamsTest, ListsDropEmptyItems) {
  EXPECT_EQ(SplitList("a,,b,"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_TRUE(SplitList(",,").empty());
  EXPECT_EQ(SplitList("焊工"), (std::vector<std::string>{"焊工"}));
}

TEST(ParamsTest, PagingHasDefaultsACapAndALastPage) {
  auto d = PagingParams(With({}));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->page, 1);
  EXPECT_EQ(d->per_page, kDefaultPerPage);
  auto capped = PagingParams(With({{"page", "3"}, {"per_page", "1000"}}));
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->page, 3);
  EXPECT_EQ(capped->per_page, kPerPageCap);
  ExpectRefused(PagingParams(With({{"page", "0"}})), "page");
  ExpectRefused(PagingParams(With({{"page", std::to_string(kMaxPageNumber + 1)}})), "page");
  ExpectRefused(PagingParams(With({{"per_page", "0"}})), "per_page");
}

TEST(ParamsTest, AsBadRequestKeepsTheFieldAndMessage) {
  Error e{ErrorKind::kUnprocessable, "validation_failed", "region is unknown", "region", {}, {}};
  const Error bad = AsBadRequest(e);
  EXPECT_EQ(bad.kind, ErrorKind::kBadRequest);
  EXPECT_EQ(bad.code, "validation_failed");
  EXPECT_EQ(bad.field, "region");
  EXPECT_EQ(bad.message, "region is unknown");
}

}  // namespace
}  // namespace jobmatch
