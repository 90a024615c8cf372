// Secrets: libsodium set-up, random secrets, their storage hashes and
// constant-time comparison. The building blocks of tokens.h and sessions.h.
//
// A secret is high-entropy (32 random bytes), so a fast hash (BLAKE2b through
// crypto_generichash) is enough to store it: the store never holds anything
// that would let its reader act as the user.
//
// Thread-safe: InitSodium may be called from many threads at once (libsodium's
// sodium_init is itself idempotent and thread-safe); the other functions call
// it first.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace scry::auth {

// Initializes libsodium once. Internal when it cannot (no entropy source).
Status InitSodium();

// `byte_count` random bytes as URL-safe base64 without padding, e.g. 32 bytes
// -> 43 characters.
std::string RandomToken(size_t byte_count = 32);

// The hex BLAKE2b-256 hash of `secret`: what the store keeps instead of it.
std::string HashSecret(std::string_view secret);

// Compares two strings in time that depends only on their lengths (lengths
// are not secret here: every token and hash has a fixed length).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace scry::auth
