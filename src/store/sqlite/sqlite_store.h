// SqliteStore: the Store in one SQLite file (WAL mode), the default for a
// single scry server.
//
// Concurrency: one writer connection, used under `write_mu_`, runs every
// write as BEGIN IMMEDIATE ... COMMIT; a small pool of reader connections
// serves reads beside it (WAL lets readers see the last commit while a write
// is in progress). Each connection caches its prepared statements, so reading
// a conversation of a thousand messages is one prepared query stepped a
// thousand times. An in-memory store (":memory:") has one connection, which
// reads and writes under the same lock.
//
// Durability: a write returns OK only after its COMMIT; with synchronous=FULL
// (the default) the commit is also fsynced, so it survives a power cut, not
// only a killed process.
//
// Thread-safe, as every Store.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace scry::store {

// PRAGMA synchronous for the store's writes.
enum class SqliteSync {
  kNormal,  // WAL fsynced at checkpoints only: survives a killed process, not a power cut
  kFull,    // every commit fsynced
  kExtra,   // FULL, and the directory too after the WAL is reset
};

struct SqliteStoreOptions {
  SqliteSync synchronous = SqliteSync::kFull;
  // How long a write waits for another process holding the file's write lock
  // (a CLI admin command beside the server) before failing with Unavailable.
  int busy_timeout_ms = 5000;
  // Reader connections for a file store (at least 1); ignored for ":memory:".
  int reader_connections = 4;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the store at `path` (":memory:" for a private in-memory
  // store) and applies pending migrations. Unavailable when the file cannot
  // be opened, FailedPrecondition when its schema is newer than this build's,
  // DataLoss when it is not a SQLite database.
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                     SqliteStoreOptions options = {});
  ~SqliteStore() override;

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
  using Body = std::function<Status(sqlite::SqliteDb&)>;

  SqliteStore(std::unique_ptr<sqlite::SqliteDb> writer,
              std::vector<std::unique_ptr<sqlite::SqliteDb>> readers);

  // Runs `body` on the writer inside BEGIN IMMEDIATE ... COMMIT; rolls back
  // when `body` or the commit fails. `what` names the operation in errors.
  Status Write(std::string_view what, const Body& body);
  // Runs `body` on a reader inside one read transaction, so its statements
  // see one snapshot.
  Status Read(std::string_view what, const Body& body);
  Status InTransaction(sqlite::SqliteDb& db, const char* begin, std::string_view what,
                       const Body& body);

  // One statement in its own transaction, `args` bound to ?1, ?2, ...:
  // SelectOne reads one row with `read` (NotFound when there is none),
  // SelectAll every row, Execute runs a write, and ChangeOne runs a write
  // that must change a row (NotFound when it changed none).
  template <typename T, typename ReadRow, typename... Args>
  StatusOr<T> SelectOne(std::string_view what, const std::string& sql, ReadRow read,
                        const Args&... args) {
    StatusOr<T> row = NotFoundError("not found");
    RETURN_IF_ERROR(Read(what, [&](sqlite::SqliteDb& db) {
      ASSIGN_OR_RETURN(sqlite::Statement select, db.Prepare(sql));
      select.BindAll(args...);
      row = sqlite::ReadOne<T>(select, read);
      return row.status();
    }));
    return row;
  }
  template <typename T, typename ReadRow, typename... Args>
  StatusOr<std::vector<T>> SelectAll(std::string_view what, const std::string& sql, ReadRow read,
                                     const Args&... args) {
    std::vector<T> rows;
    RETURN_IF_ERROR(Read(what, [&](sqlite::SqliteDb& db) {
      ASSIGN_OR_RETURN(sqlite::Statement select, db.Prepare(sql));
      select.BindAll(args...);
      ASSIGN_OR_RETURN(rows, sqlite::ReadAll<T>(select, read));
      return Status::Ok();
    }));
    return rows;
  }
  template <typename... Args>
  Status Execute(std::string_view what, const std::string& sql, const Args&... args) {
    return Write(what, [&](sqlite::SqliteDb& db) {
      ASSIGN_OR_RETURN(sqlite::Statement statement, db.Prepare(sql));
      return statement.BindAll(args...).Run();
    });
  }
  // An INSERT ... RETURNING id: the id the database assigned.
  template <typename... Args>
  StatusOr<int64_t> InsertReturningId(std::string_view what, const std::string& sql,
                                      const Args&... args) {
    int64_t id = 0;
    RETURN_IF_ERROR(Write(what, [&](sqlite::SqliteDb& db) {
      ASSIGN_OR_RETURN(sqlite::Statement insert, db.Prepare(sql));
      ASSIGN_OR_RETURN(const bool row, insert.BindAll(args...).Step());
      if (!row) return InternalError("no id returned");
      id = insert.Int(0);
      return insert.Run();
    }));
    return id;
  }
  template <typename... Args>
  Status ChangeOne(std::string_view what, const std::string& sql, const Args&... args) {
    return Write(what, [&](sqlite::SqliteDb& db) {
      ASSIGN_OR_RETURN(sqlite::Statement statement, db.Prepare(sql));
      RETURN_IF_ERROR(statement.BindAll(args...).Run());
      return sqlite::ChangedOne(db);
    });
  }

  // Waits until a reader is idle and takes it; ReturnReader gives it back.
  std::unique_ptr<sqlite::SqliteDb> TakeReader();
  void ReturnReader(std::unique_ptr<sqlite::SqliteDb> reader);

  std::mutex write_mu_;
  std::unique_ptr<sqlite::SqliteDb> writer_;  // GUARDED_BY(write_mu_)

  std::mutex readers_mu_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<sqlite::SqliteDb>> idle_readers_;  // GUARDED_BY(readers_mu_)
  const bool has_readers_;  // false for ":memory:": reads use the writer
};

}  // namespace scry::store
