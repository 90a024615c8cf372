#include "auth/secrets.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace scry::auth {
namespace {

// libsodium cannot fail once initialized; if it could not start, nothing
// random may be produced, so the process stops rather than issue weak secrets.
void RequireSodium() {
  if (!InitSodium().ok()) std::abort();
}

}  // namespace

Status InitSodium() {
  // sodium_init returns 0 on the first success and 1 when already done.
  static const int result = sodium_init();
  if (result < 0) return InternalError("auth: libsodium failed to initialize");
  return Status::Ok();
}

std::string RandomToken(size_t byte_count) {
  RequireSodium();
  std::vector<unsigned char> bytes(byte_count);
  randombytes_buf(bytes.data(), bytes.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_encoded_len(byte_count, variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
  sodium_memzero(bytes.data(), bytes.size());
  text.resize(text.find('\0'));  // the encoded length counts the terminator
  return text;
}

std::string HashSecret(std::string_view secret) {
  RequireSodium();
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  std::string hex(sizeof hash * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace scry::auth
