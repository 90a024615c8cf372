#include "auth/secrets.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace scry::auth {
namespace {

TEST(Secrets, SodiumInitializesMoreThanOnce) {
  EXPECT_TRUE(InitSodium().ok());
  EXPECT_TRUE(InitSodium().ok());
}

TEST(Secrets, RandomTokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken(32);
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(Secrets, HashIsHexBlake2b256) {
  const std::string hash = HashSecret("scry_example");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash, HashSecret("scry_example"));
  EXPECT_NE(hash, HashSecret("scry_examplf"));
  // BLAKE2b-256 of the empty string.
  EXPECT_EQ(HashSecret(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(Secrets, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

}  // namespace
}  // namespace scry::auth
