// Passwords: rules a new password must meet, and Argon2id hashes (libsodium's
// crypto_pwhash_str) that embed their own salt and cost, so a hash made under
// one cost still verifies after the default changes.
//
// Thread-safe: pure functions over their arguments (libsodium is initialized
// once, see secrets.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/status_or.h"

namespace scry::auth {

// Argon2id work factors. Interactive() is libsodium's recommendation for
// logins (2 passes, 64 MiB, ~0.1 s here); Fast() is the smallest libsodium
// accepts, for tests only.
struct PasswordCost {
  uint64_t ops_limit = 0;
  size_t mem_limit = 0;

  static PasswordCost Interactive();
  static PasswordCost Moderate();
  static PasswordCost Fast();
};

struct PasswordRules {
  size_t min_length = 10;     // characters (UTF-8 code points)
  size_t max_length = 1'000;  // bytes: hashing cost must not be the attacker's to choose
};

// OK when `password` may be set for the account `email`; otherwise
// InvalidArgument saying which rule it breaks: too short, too long, not valid
// UTF-8, holds control characters, only whitespace, one repeated character,
// or the same as the email address.
Status CheckPasswordRules(std::string_view password, std::string_view email,
                          const PasswordRules& rules = {});

// Returns the Argon2id hash string ("$argon2id$v=19$m=...") of `password`.
// Internal when libsodium cannot allocate the memory the cost asks for;
// InvalidArgument when the password is longer than any rule allows.
StatusOr<std::string> HashPassword(std::string_view password,
                                   const PasswordCost& cost = PasswordCost::Interactive());

// Whether `password` matches `hash` (a string from HashPassword). False for an
// empty or malformed hash: an account without a password cannot log in.
bool VerifyPassword(std::string_view password, std::string_view hash);

// Whether `hash` was made with a cost other than `cost` (or another
// algorithm), so it should be replaced at the next successful login.
bool PasswordNeedsRehash(std::string_view hash,
                         const PasswordCost& cost = PasswordCost::Interactive());

}  // namespace scry::auth
