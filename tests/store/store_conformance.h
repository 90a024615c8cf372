// The Store conformance suite: the behaviour every `scry::store::Store`
// implementation must have, written once and run against each of them.
//
// To run it against an implementation, link the `scry_store_conformance`
// object library (tests/store/CMakeLists.txt) and instantiate the suite with a
// factory that returns a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(
//       Postgres, StoreConformanceTest,
//       ::testing::Values(StoreFactory{"postgres", [] { return MakeEmptyPostgresStore(); }}),
//       StoreFactoryName);
//
// The factory is called once per test (in SetUp); returning null skips the
// test (for a backend whose server is not available here), with the factory's
// `skip_reason` as the message.
//
// Assumptions the suite makes about every store: times are whatever the test
// passes (no clock is read); searches are case-insensitive at least for ASCII;
// an operation on a row that does not exist (or belongs to another user) is
// NotFound; a duplicate unique key is AlreadyExists; a foreign key to a missing
// user (token, session) is NotFound.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/store.h"

namespace scry::store::conformance {

struct StoreFactory {
  // Suffix of the test names: letters, digits and '_' only.
  std::string name;
  // A fresh, empty store, or null to skip the test.
  std::function<std::unique_ptr<Store>()> make;
  // Why `make` may return null ("no PostgreSQL server: set SCRY_TEST_PG").
  std::string skip_reason = "the store is not available here";
};

// For INSTANTIATE_TEST_SUITE_P's last argument: the factory's name.
std::string StoreFactoryName(const ::testing::TestParamInfo<StoreFactory>& info);

// GoogleTest prints parameters in failure messages; a factory prints its name.
void PrintTo(const StoreFactory& factory, std::ostream* os);

// "<prefix><n>", e.g. Numbered("m", 3) is "m3": ids for loops.
std::string Numbered(std::string prefix, int64_t n);

// A question (status submitted, created and updated at `created_ms`), not
// yet added to any store.
Message UnsavedQuestion(int64_t user_id, const std::string& conversation_id, const std::string& id,
                        const std::string& question, int64_t created_ms);

class StoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;

  Store& store() { return *store_; }

  // Fixtures. Each fails the test (and returns what it was given, id 0) when
  // the store refuses, so a broken Create* shows as one clear failure.
  User AddUser(const std::string& email, Role role = Role::kViewer);
  Conversation AddConversation(int64_t user_id, const std::string& id,
                               const std::string& title = "a conversation",
                               int64_t updated_ms = 1000, const std::string& space_id = "sales");
  // A message with status submitted, created at `created_ms`.
  Message AddQuestion(int64_t user_id, const std::string& conversation_id, const std::string& id,
                      const std::string& question = "how many orders", int64_t created_ms = 2000);

  std::unique_ptr<Store> store_;
};

}  // namespace scry::store::conformance
