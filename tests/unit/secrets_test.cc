#include "core/secrets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "test_env.h"

namespace jobmatch {
namespace {

bool IsLowerHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

TEST(SecretsTest, RandomHexHasTheLengthAskedAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomHex(32);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_TRUE(IsLowerHex(token)) << token;
    EXPECT_TRUE(seen.insert(token).second);
  }
  EXPECT_EQ(RandomHex(0), "");
}

TEST(SecretsTest, Sha256MatchesTheStandardVectors) {
  // FIPS 180-2, appendix B.1, and the empty message.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DataCipherTest, SealsAndOpensWithTheSameKeyOnly) {
  auto cipher = DataCipher::FromHex(testing::kTestDataKey);
  ASSERT_TRUE(cipher);
  const std::string sealed = cipher->Encrypt("11010519491231002X");
  EXPECT_EQ(sealed.find("11010519491231002X"), std::string::npos);
  EXPECT_NE(sealed, cipher->Encrypt("11010519491231002X"));  // a fresh nonce each time
  EXPECT_EQ(cipher->Decrypt(sealed), "11010519491231002X");
  std::string tampered = sealed;
  tampered[30] = tampered[30] == '0' ? '1' : '0';
  EXPECT_FALSE(cipher->Decrypt(tampered));
  auto other = DataCipher::FromHex(std::string(64, 'a'));
  EXPECT_FALSE(other->Decrypt(sealed));
  EXPECT_EQ(cipher->Decrypt(cipher->Encrypt("")), "");
}

TEST(DataCipherTest, RefusesWhatItDidNotSeal) {
  auto cipher = DataCipher::FromHex(testing::kTestDataKey);
  ASSERT_TRUE(cipher);
  const std::string sealed = cipher->Encrypt("x");
  for (const std::string& bad :
       {std::string(), std::string("zz"), std::string(10, '0'), sealed.substr(0, sealed.size() - 2),
        sealed + "00", std::string(sealed.size(), 'g')}) {
    EXPECT_FALSE(cipher->Decrypt(bad)) << bad;
  }
}

TEST(DataCipherTest, HashesAreStableAndKeyed) {
  auto a = DataCipher::FromHex(testing::kTestDataKey);
  auto b = DataCipher::FromHex(std::string(64, 'a'));
  EXPECT_EQ(a->Hash("x"), a->Hash("x"));
  EXPECT_NE(a->Hash("x"), a->Hash("y"));
  EXPECT_NE(a->Hash("x"), b->Hash("x"));
  EXPECT_NE(a->Hash("x"), Sha256Hex("x"));
  EXPECT_FALSE(DataCipher::FromHex("abc"));
  EXPECT_FALSE(DataCipher::FromHex(std::string(64, 'g')));
  EXPECT_FALSE(DataCipher::FromHex(std::string(66, 'a')));
}

}  // namespace
}  // namespace jobmatch
