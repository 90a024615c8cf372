// Shared by the auth tests: a clock the test moves by hand, and a store with
// a few users whose passwords are hashed at the cheapest Argon2id cost.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>

#include "auth/fake_store.h"
#include "auth/password.h"
#include "common/clock.h"

namespace scry::auth::testing {

class ManualClock final : public Clock {
 public:
  // 2024-05-01T00:00:00Z.
  ManualClock() : now_(std::chrono::milliseconds(1'714'521'600'000)) {}
  std::chrono::system_clock::time_point Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Advance(std::chrono::milliseconds by) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += by;
  }

 private:
  mutable std::mutex mu_;
  std::chrono::system_clock::time_point now_;  // GUARDED_BY(mu_)
};

inline constexpr const char* kGoodPassword = "correct horse battery";

// Adds a user with kGoodPassword (unless `password` is given, "" for none).
inline store::User AddUser(FakeStore& store, const std::string& email,
                           store::Role role = store::Role::kViewer,
                           const std::string& password = kGoodPassword) {
  store::User user;
  user.email = email;
  user.display_name = email.substr(0, email.find('@'));
  user.role = role;
  if (!password.empty()) {
    StatusOr<std::string> hash = HashPassword(password, PasswordCost::Fast());
    EXPECT_TRUE(hash.ok()) << hash.status();
    user.password_hash = hash.ok() ? *hash : "";
  }
  StatusOr<store::User> created = store.CreateUser(user);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? *created : user;
}

}  // namespace scry::auth::testing
