#include "core/id_number.h"

#include <gtest/gtest.h>

#include "core/secrets.h"
#include "test_env.h"

namespace jobmatch {
namespace {

// 11010519491231002X: the check digit example of GB 11643-1999.
TEST(IdNumberTest, AcceptsValidNumbersAndReadsThem) {
  auto facts = CheckIdNumber("11010519491231002X");
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->birth_date, "1949-12-31");
  EXPECT_EQ(facts->gender, Gender::kFemale);  // 17th digit 2: even
  auto lower = CheckIdNumber("11010519491231002x");
  EXPECT_TRUE(lower);
}

TEST(IdNumberTest, RejectsWrongLengthCharactersDatesAndCheckDigits) {
  for (const char* id : {"110105194912310021",                         // wrong check digit
                         "11010519491231002",                          // 17 characters
                         "1101051949123100211", "11010519491331002X",  // month 13
                         "1101051949123A002X", ""}) {
    EXPECT_FALSE(CheckIdNumber(id)) << id;
  }
}

TEST(IdNumberTest, MasksAllButTheFirstSixAndLastFour) {
  EXPECT_EQ(MaskIdNumber("320502198001011234"), "320502********1234");
  EXPECT_EQ(MaskIdNumber("short"), "*****");
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
}

TEST(DataCipherTest, HashesAreStableAndKeyed) {
  auto a = DataCipher::FromHex(testing::kTestDataKey);
  auto b = DataCipher::FromHex(std::string(64, 'a'));
  EXPECT_EQ(a->Hash("x"), a->Hash("x"));
  EXPECT_NE(a->Hash("x"), b->Hash("x"));
  EXPECT_NE(a->Hash("x"), Sha256Hex("x"));
  EXPECT_FALSE(DataCipher::FromHex("abc"));
  EXPECT_FALSE(DataCipher::FromHex(std::string(64, 'g')));
}

}  // namespace
}  // namespace jobmatch
