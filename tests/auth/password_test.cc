#include "auth/password.h"

#include <gtest/gtest.h>

#include <string>

namespace scry::auth {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
  StatusOr<std::string> hash = HashPassword("correct horse battery", PasswordCost::Fast());
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$")) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterz", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(Password, SaltsEveryHash) {
  StatusOr<std::string> a = HashPassword("same password", PasswordCost::Fast());
  StatusOr<std::string> b = HashPassword("same password", PasswordCost::Fast());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(Password, InteractiveCostVerifies) {
  StatusOr<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
}

TEST(Password, EmptyOrMalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("anything at all", ""));
  EXPECT_FALSE(VerifyPassword("anything at all", "not a hash"));
  EXPECT_FALSE(VerifyPassword("anything at all", "$argon2id$v=19$m=8,t=1,p=1$broken"));
  EXPECT_FALSE(VerifyPassword("anything at all", std::string(1000, 'x')));
}

TEST(Password, NeedsRehashWhenTheCostChanged) {
  StatusOr<std::string> hash = HashPassword("correct horse battery", PasswordCost::Fast());
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(PasswordNeedsRehash(*hash, PasswordCost::Interactive()));
  EXPECT_FALSE(PasswordNeedsRehash(*hash, PasswordCost::Fast()));
  EXPECT_TRUE(PasswordNeedsRehash("garbage"));
}

TEST(Password, RefusesToHashAnEnormousPassword) {
  EXPECT_EQ(HashPassword(std::string(5000, 'a'), PasswordCost::Fast()).status().code(),
            StatusCode::kInvalidArgument);
}

struct RuleCase {
  const char* name;
  std::string password;
  const char* expected_message;  // empty: accepted
};

class PasswordRulesTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(PasswordRulesTest, ExplainsEachRule) {
  const RuleCase& c = GetParam();
  Status status = CheckPasswordRules(c.password, "ann@example.com");
  if (std::string(c.expected_message).empty()) {
    EXPECT_TRUE(status.ok()) << status;
  } else {
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(), c.expected_message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Auth, PasswordRulesTest,
    ::testing::Values(
        RuleCase{"good", "correct horse battery", ""}, RuleCase{"exactly_ten", "abcdefghij", ""},
        RuleCase{"unicode_counts_characters", "ééééééééééé", ""},
        RuleCase{"too_short", "abcdefghi", "the password must be at least 10 characters long"},
        RuleCase{"short_in_characters_long_in_bytes", "ééééé",
                 "the password must be at least 10 characters long"},
        RuleCase{"too_long", std::string(1001, 'a') + "b",
                 "the password must be at most 1000 bytes long"},
        RuleCase{"control_character", "abcdefghij\n",
                 "the password must not contain control characters"},
        RuleCase{"nul", std::string("abcde\0fghij", 11),
                 "the password must not contain control characters"},
        RuleCase{"only_spaces", std::string(12, ' '), "the password must not be only spaces"},
        RuleCase{"repeated", std::string(12, 'a'),
                 "the password must not be one character repeated"},
        RuleCase{"email", "Ann@Example.com",
                 "the password must not be the account's email address"},
        RuleCase{"invalid_utf8", "abcdefghij\xff", "the password is not valid UTF-8 text"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Password, RulesAreConfigurable) {
  PasswordRules rules;
  rules.min_length = 4;
  EXPECT_TRUE(CheckPasswordRules("abcd", "", rules).ok());
  rules.max_length = 3;
  EXPECT_FALSE(CheckPasswordRules("abcd", "", rules).ok());
}

}  // namespace
}  // namespace scry::auth
