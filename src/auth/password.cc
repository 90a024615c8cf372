#include "auth/password.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <string>

#include "auth/secrets.h"
#include "common/utf8.h"

namespace scry::auth {
namespace {

// Hard bound whatever the rules say: Argon2 reads all of it.
constexpr size_t kMaxPasswordBytes = 4'096;

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool SameIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

Status Refuse(std::string_view why) {
  return InvalidArgumentError(fmt::format("the password {}", why));
}

}  // namespace

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::Moderate() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

PasswordCost PasswordCost::Fast() {
  // Argon2id needs at least 1 pass; libsodium's minimum memory is 8 KiB.
  return {std::max<uint64_t>(crypto_pwhash_OPSLIMIT_MIN, 1), crypto_pwhash_MEMLIMIT_MIN};
}

Status CheckPasswordRules(std::string_view password, std::string_view email,
                          const PasswordRules& rules) {
  size_t characters = 0;
  if (!CountUtf8CodePoints(password, &characters)) return Refuse("is not valid UTF-8 text");
  if (characters < rules.min_length) {
    return Refuse(fmt::format("must be at least {} characters long", rules.min_length));
  }
  if (password.size() > std::min(rules.max_length, kMaxPasswordBytes)) {
    return Refuse(fmt::format("must be at most {} bytes long",
                              std::min(rules.max_length, kMaxPasswordBytes)));
  }
  if (HasControlCharacter(password)) return Refuse("must not contain control characters");
  if (password.find_first_not_of(' ') == std::string_view::npos) {
    return Refuse("must not be only spaces");
  }
  if (password.find_first_not_of(password.front()) == std::string_view::npos) {
    return Refuse("must not be one character repeated");
  }
  if (!email.empty() && SameIgnoringAsciiCase(password, email)) {
    return Refuse("must not be the account's email address");
  }
  return Status::Ok();
}

StatusOr<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  RETURN_IF_ERROR(InitSodium());
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError(
        fmt::format("the password must be at most {} bytes long", kMaxPasswordBytes));
  }
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), cost.ops_limit, cost.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return InternalError("auth: Argon2id hashing failed (out of memory?)");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
  if (!InitSodium().ok() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      password.size() > kMaxPasswordBytes) {
    return false;
  }
  const std::string terminated(hash);  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash, const PasswordCost& cost) {
  if (!InitSodium().ok() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost.ops_limit, cost.mem_limit) != 0;
}

}  // namespace scry::auth
