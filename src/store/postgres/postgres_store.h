// PostgresStore: the Store on a PostgreSQL database, for several app servers
// sharing one store.
//
// Built on the libpq C API with a small connection pool; every value travels
// as a statement parameter. Open applies the numbered migrations (see
// migrations.h) under an advisory lock, so servers starting together are
// safe. Each method borrows one pooled connection for its statements; writes
// that touch several rows run in one transaction.
//
// Errors follow the Store contract. In addition: a connection that breaks
// during a call (server restart, terminated backend) makes that call
// Unavailable and is replaced, so the next call works again; a write that
// failed that way may or may not have been committed, as with any database.
//
// Thread-safe: any method may be called from many threads at once; at most
// `pool_size` statements run at a time, further callers wait for a
// connection up to `acquire_timeout`, then get Unavailable.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/postgres/pg_pool.h"
#include "store/store.h"

namespace scry::store {

struct PostgresStoreOptions {
  int pool_size = 4;  // connections opened at most
  // How long a call waits for a free connection before it is Unavailable.
  std::chrono::milliseconds acquire_timeout{10000};
  // The longest one statement may run (lock waits included) before it is
  // cancelled and the call is DeadlineExceeded; 0: no limit.
  std::chrono::milliseconds statement_timeout{30000};
};

class PostgresStore final : public Store {
 public:
  // Connects with a libpq conninfo string ("host=... port=... dbname=..." or
  // a postgresql:// URI) and migrates. Unavailable when the server cannot be
  // reached; FailedPrecondition when the database's schema is newer than this
  // binary knows.
  static StatusOr<std::unique_ptr<PostgresStore>> Open(const std::string& conninfo,
                                                       PostgresStoreOptions options = {});

  StatusOr<int> SchemaVersion() override;

  StatusOr<User> CreateUser(const User& user) override;
  StatusOr<User> GetUser(int64_t id) override;
  StatusOr<User> GetUserByEmail(std::string_view email) override;
  StatusOr<std::vector<User>> ListUsers() override;
  Status UpdateUser(const User& user) override;
  StatusOr<int64_t> CountUsers() override;

  StatusOr<AccessToken> CreateToken(const AccessToken& token) override;
  StatusOr<AccessToken> GetTokenByHash(std::string_view token_hash) override;
  StatusOr<std::vector<AccessToken>> ListTokens(int64_t user_id) override;
  Status RevokeToken(int64_t user_id, int64_t token_id, int64_t now_ms) override;
  Status TouchToken(int64_t token_id, int64_t now_ms) override;

  Status CreateSession(const Session& session) override;
  StatusOr<Session> GetSession(std::string_view id_hash) override;
  Status DeleteSession(std::string_view id_hash) override;
  Status DeleteExpiredSessions(int64_t now_ms) override;

  Status PutSpace(const Space& space) override;
  StatusOr<Space> GetSpace(std::string_view id) override;
  StatusOr<std::vector<Space>> ListSpaces() override;
  Status PutGrant(const Grant& grant) override;
  Status DeleteGrant(const Grant& grant) override;
  StatusOr<std::vector<Grant>> ListGrants(std::string_view space_id) override;

  Status CreateConversation(const Conversation& conversation) override;
  StatusOr<Conversation> GetConversation(int64_t user_id, std::string_view id) override;
  StatusOr<Page<Conversation>> ListConversations(const ConversationQuery& query) override;
  Status RenameConversation(int64_t user_id, std::string_view id, std::string_view title,
                            int64_t now_ms) override;
  Status DeleteConversation(int64_t user_id, std::string_view id) override;

  StatusOr<Message> AddMessage(const Message& message) override;
  StatusOr<Message> GetMessage(int64_t user_id, std::string_view conversation_id,
                               std::string_view message_id) override;
  StatusOr<std::vector<Message>> ListMessages(int64_t user_id,
                                              std::string_view conversation_id) override;
  StatusOr<Page<Message>> ListMessagesPage(int64_t user_id, std::string_view conversation_id,
                                           int page_size, std::string_view page_token) override;
  Status SetMessageStatus(std::string_view message_id, MessageStatus status,
                          int64_t now_ms) override;
  Status FinishMessage(const Message& message, const StoredResult* result) override;
  Status DeleteMessage(int64_t user_id, std::string_view conversation_id,
                       std::string_view message_id) override;
  StatusOr<std::vector<Message>> ListUnfinishedMessages() override;

  StatusOr<StoredResult> GetResult(std::string_view message_id) override;

  Status PutFeedback(const Feedback& feedback) override;
  StatusOr<Feedback> GetFeedback(std::string_view message_id, int64_t user_id) override;
  StatusOr<std::vector<Feedback>> ListFeedback(int64_t user_id,
                                               std::string_view conversation_id) override;

  Status AddAttachment(const Attachment& attachment) override;
  StatusOr<std::vector<Attachment>> ListAttachments(int64_t user_id,
                                                    std::string_view conversation_id) override;
  Status DeleteAttachment(int64_t user_id, std::string_view conversation_id,
                          std::string_view id) override;

  Status CreateTrustedQuestion(const TrustedQuestion& trusted) override;
  StatusOr<TrustedQuestion> GetTrustedQuestion(std::string_view space_id,
                                               std::string_view id) override;
  StatusOr<std::vector<TrustedQuestion>> ListTrustedQuestions(std::string_view space_id) override;
  Status UpdateTrustedQuestion(const TrustedQuestion& trusted) override;
  Status DeleteTrustedQuestion(std::string_view space_id, std::string_view id) override;
  Status RecordTrustedUse(std::string_view space_id, std::string_view id, int64_t now_ms) override;

  Status AddUsageEvent(const UsageEvent& event) override;
  StatusOr<std::vector<UsageEvent>> ListUsageEvents(const UsageQuery& query) override;

 private:
  explicit PostgresStore(std::unique_ptr<pg::Pool> pool) : pool_(std::move(pool)) {}

  // NotFound unless conversation `id` exists and belongs to `user_id`.
  // REQUIRES: `conn` borrowed from pool_ by the caller.
  Status CheckConversation(PGconn* conn, int64_t user_id, std::string_view id);
  // After an UPDATE of a message that matched no row: NotFound when the
  // message is missing, FailedPrecondition when its status is final.
  Status WhyNotUpdated(PGconn* conn, std::string_view message_id);

  std::unique_ptr<pg::Pool> pool_;
};

}  // namespace scry::store
