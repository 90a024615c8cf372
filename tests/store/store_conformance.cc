// The fixture of the Store conformance suite; the tests themselves are in
// store_conformance_*.cc, one file per part of the interface.
#include "store/store_conformance.h"

namespace scry::store::conformance {

std::string StoreFactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

void PrintTo(const StoreFactory& factory, std::ostream* os) { *os << factory.name; }

std::string Numbered(std::string prefix, int64_t n) { return prefix += std::to_string(n); }

void StoreConformanceTest::SetUp() {
  store_ = GetParam().make();
  if (store_ == nullptr) GTEST_SKIP() << GetParam().skip_reason;
}

User StoreConformanceTest::AddUser(const std::string& email, Role role) {
  User user;
  user.email = email;
  user.display_name = "User " + email;
  user.role = role;
  user.created_ms = 100;
  StatusOr<User> created = store().CreateUser(user);
  EXPECT_TRUE(created.ok()) << "CreateUser(" << email << "): " << created.status();
  return created.ok() ? *created : user;
}

Conversation StoreConformanceTest::AddConversation(int64_t user_id, const std::string& id,
                                                   const std::string& title, int64_t updated_ms,
                                                   const std::string& space_id) {
  Conversation conversation;
  conversation.id = id;
  conversation.space_id = space_id;
  conversation.user_id = user_id;
  conversation.title = title;
  conversation.created_ms = updated_ms;
  conversation.updated_ms = updated_ms;
  Status status = store().CreateConversation(conversation);
  EXPECT_TRUE(status.ok()) << "CreateConversation(" << id << "): " << status;
  return conversation;
}

Message UnsavedQuestion(int64_t user_id, const std::string& conversation_id, const std::string& id,
                        const std::string& question, int64_t created_ms) {
  Message message;
  message.id = id;
  message.conversation_id = conversation_id;
  message.user_id = user_id;
  message.question = question;
  message.status = MessageStatus::kSubmitted;
  message.created_ms = created_ms;
  message.updated_ms = created_ms;
  return message;
}

Message StoreConformanceTest::AddQuestion(int64_t user_id, const std::string& conversation_id,
                                          const std::string& id, const std::string& question,
                                          int64_t created_ms) {
  const Message message = UnsavedQuestion(user_id, conversation_id, id, question, created_ms);
  StatusOr<Message> added = store().AddMessage(message);
  EXPECT_TRUE(added.ok()) << "AddMessage(" << id << "): " << added.status();
  return added.ok() ? *added : message;
}

}  // namespace scry::store::conformance
