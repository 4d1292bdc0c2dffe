// GenerationCache: entries live for one index generation and a bounded count.
#include "search/generation_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace jobmatch {
namespace {

TEST(GenerationCacheTest, FindsWhatWasPutAtTheSameGenerationOnly) {
  GenerationCache<int, std::string> cache(10);
  EXPECT_FALSE(cache.Find(1, 1));
  cache.Put(1, "one", 1);
  EXPECT_EQ(cache.Find(1, 1), "one");
  EXPECT_FALSE(cache.Find(2, 1));
  EXPECT_FALSE(cache.Find(1, 2));  // a reader at a newer generation
}

TEST(GenerationCacheTest, ANewerGenerationForgetsTheOlderOne) {
  GenerationCache<int, std::string> cache(10);
  cache.Put(1, "old", 1);
  cache.Put(2, "new", 2);
  EXPECT_FALSE(cache.Find(1, 1));
  EXPECT_FALSE(cache.Find(1, 2));
  EXPECT_EQ(cache.Find(2, 2), "new");
  cache.Put(3, "late", 1);  // computed by a reader still at generation 1
  EXPECT_FALSE(cache.Find(3, 1));
  EXPECT_FALSE(cache.Find(3, 2));
  EXPECT_EQ(cache.Find(2, 2), "new");
}

TEST(GenerationCacheTest, StartsAfreshWhenFull) {
  GenerationCache<int, int> cache(2);
  cache.Put(1, 10, 1);
  cache.Put(2, 20, 1);
  cache.Put(3, 30, 1);
  EXPECT_FALSE(cache.Find(1, 1));
  EXPECT_FALSE(cache.Find(2, 1));
  EXPECT_EQ(cache.Find(3, 1), 30);
}

TEST(GenerationCacheTest, GetComputesOnlyWhatIsNotCached) {
  GenerationCache<int, int> cache(10);
  int made = 0;
  auto make = [&] { return ++made * 10; };
  EXPECT_EQ(cache.Get(1, 1, make), 10);
  EXPECT_EQ(cache.Get(1, 1, make), 10);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(cache.Get(1, 2, make), 20);  // a newer generation computes again
  EXPECT_EQ(made, 2);
}

TEST(GenerationCacheTest, CapacityZeroKeepsNothing) {
  GenerationCache<int, int> cache(0);
  cache.Put(1, 10, 1);
  EXPECT_FALSE(cache.Find(1, 1));
}

}  // namespace
}  // namespace jobmatch
