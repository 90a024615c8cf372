#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace scry {
namespace {

TEST(Utf8Test, CountsCodePointsOfValidText) {
  size_t count = 0;
  EXPECT_TRUE(CountUtf8CodePoints("", &count));
  EXPECT_EQ(count, 0u);
  EXPECT_TRUE(CountUtf8CodePoints("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x88", &count));
  EXPECT_EQ(count, 8u);
  EXPECT_TRUE(IsValidUtf8("targets.csv"));
}

TEST(Utf8Test, RefusesBrokenSequences) {
  size_t count = 0;
  EXPECT_FALSE(CountUtf8CodePoints("\xFF", &count));  // not a lead byte
  EXPECT_FALSE(IsValidUtf8("\xC3"));                  // cut short
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));              // cut short
  EXPECT_FALSE(IsValidUtf8("a\xC3(b"));               // no continuation byte
  EXPECT_FALSE(IsValidUtf8(std::string("\x80", 1)));  // a lone continuation byte
}

}  // namespace
}  // namespace scry
