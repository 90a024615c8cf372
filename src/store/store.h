// Store: everything scry keeps about people and conversations — users, access
// tokens, browser sessions, spaces and grants, conversations, messages with
// their stored answers and results, feedback, attachments and usage events.
//
// Two implementations pass the same conformance suite (tests/store/):
// SqliteStore (the default; one WAL file beside the warehouse) and
// PostgresStore (libpq; several app servers sharing one store). Each applies
// its numbered migrations (one schema, written in its own SQL) when it opens,
// recording the version reached in a `schema_version` table.
//
// Contract for every implementation:
// - Thread-safe: any method may be called from many threads at once.
// - Durable: when a write returns OK it is committed; a process killed
//   afterwards (SIGKILL) finds it on restart.
// - Expected failures are values: NotFound for a missing row, AlreadyExists
//   for a duplicate unique key (an email, a token hash), InvalidArgument for a
//   malformed page token, Unavailable/Internal when the database fails. The
//   message names the thing ("conversation 'c1'").
// - The store does not decide who may see what: callers (auth/, conversation/)
//   pass the owner they checked. Methods that take a `user_id` filter by it, so
//   a caller cannot read another user's rows by forgetting a check.
// - Times are epoch milliseconds (UTC), set by the caller from its Clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/status_or.h"

namespace scry::store {

enum class Role { kViewer, kAuthor, kAdmin };
std::string_view RoleName(Role role);  // "viewer", "author", "admin"
std::optional<Role> ParseRole(std::string_view name);

struct User {
  int64_t id = 0;     // assigned by the store, > 0
  std::string email;  // unique, compared lower case
  std::string display_name;
  Role role = Role::kViewer;
  std::string password_hash;  // Argon2id string from auth/; empty: no password login
  std::map<std::string, std::string> attributes;  // e.g. {"region": "Europe"}
  std::vector<std::string> groups;                // group names, for grants
  bool disabled = false;
  int64_t created_ms = 0;
};

struct AccessToken {
  int64_t id = 0;  // assigned by the store
  int64_t user_id = 0;
  std::string name;        // what the owner called it ("ci script")
  std::string token_hash;  // hex hash of the secret; the secret itself is never stored
  std::string prefix;      // first characters of the secret, shown in lists
  int64_t created_ms = 0;
  std::optional<int64_t> expires_ms;
  std::optional<int64_t> revoked_ms;
  std::optional<int64_t> last_used_ms;
};

struct Session {
  std::string id_hash;  // hex hash of the cookie value
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
};

struct Space {
  std::string id;  // chosen by the admin ("sales"); URL-safe
  std::string title;
  std::string description;
  // The space's configuration as JSON text, owned by the layer that uses it
  // (warehouse, model file, exposed tables, row-filter rules).
  std::string config_json;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

enum class PrincipalKind { kUser, kGroup };
std::string_view PrincipalKindName(PrincipalKind kind);   // "user", "group"
PrincipalKind ParsePrincipalKind(std::string_view name);  // "group" or else kUser

struct Grant {
  std::string space_id;
  PrincipalKind kind = PrincipalKind::kUser;
  std::string principal;  // user id as decimal text, or a group name
  int64_t created_ms = 0;
};

struct Conversation {
  std::string id;  // assigned by the caller (random, URL-safe)
  std::string space_id;
  int64_t user_id = 0;  // the owner
  std::string title;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;     // last message or rename
  int64_t message_count = 0;  // filled by reads
};

// The stages a message goes through; the last three are final.
enum class MessageStatus {
  kSubmitted,
  kUnderstanding,
  kRunning,
  kCompleted,
  kFailed,
  kCancelled,
};
std::string_view MessageStatusName(MessageStatus status);  // "submitted", ...
std::optional<MessageStatus> ParseMessageStatus(std::string_view name);
bool IsFinal(MessageStatus status);

struct Message {
  std::string id;  // assigned by the caller
  std::string conversation_id;
  int64_t user_id = 0;
  int64_t seq = 0;  // 1, 2, ... within the conversation; assigned by the store
  std::string question;
  MessageStatus status = MessageStatus::kSubmitted;
  // The whole answer as JSON text (interpretation, clarification, SQL,
  // columns, the first rows, chart, summary, suggestions, timings); empty
  // until the answer is stored. Reopening a conversation reads this, never
  // the engine.
  std::string answer_json;
  std::string error_code;  // set when failed: a StatusCode name
  std::string error_message;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// The stored rows of an answer, for paging without re-running the query.
struct StoredResult {
  std::string message_id;
  std::string columns_json;  // [{"name","type"}, ...]
  std::string rows_json;     // [[...], ...]: the first rows, up to the server's cap
  int64_t stored_rows = 0;
  int64_t total_rows = 0;  // rows the query produced (>= stored_rows)
  bool truncated = false;
};

enum class Rating { kNone, kUp, kDown };
std::string_view RatingName(Rating rating);                // "none", "up", "down"
std::optional<Rating> ParseRating(std::string_view name);  // nullopt when not one of those

struct Feedback {
  std::string message_id;
  int64_t user_id = 0;
  Rating rating = Rating::kNone;
  std::string comment;
  int64_t created_ms = 0;
};

struct Attachment {
  std::string id;  // assigned by the caller
  std::string conversation_id;
  int64_t user_id = 0;
  std::string file_name;     // as uploaded
  std::string format;        // "csv", "parquet", "json"
  std::string table_name;    // the table only this conversation can query
  std::string storage_path;  // where the imported data lives
  int64_t size_bytes = 0;
  int64_t row_count = 0;
  std::string columns_json;
  int64_t created_ms = 0;
};

struct UsageEvent {
  int64_t id = 0;  // assigned by the store
  int64_t time_ms = 0;
  int64_t user_id = 0;
  std::string space_id;
  std::string conversation_id;
  std::string message_id;
  std::string kind;     // "question", "sql", "download", "upload", "feedback", ...
  std::string outcome;  // "completed", "failed", "clarification", "cancelled", ...
  std::string question;
  double latency_ms = 0;  // submitted to final
  double engine_ms = 0;   // time in the engine
};

// A question an author vouches for in a space, with the SQL that answers it:
// later questions that mean the same (conversation/trusted_questions.h) are
// answered with this SQL.
struct TrustedQuestion {
  std::string id;  // assigned by the caller (random, URL-safe)
  std::string space_id;
  std::string question;
  std::string sql;
  int64_t created_by = 0;  // user id of the author who marked or wrote it
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  // The moment its relative dates ("last quarter") are read at: when the
  // marked answer was given, or when the question was written or last edited.
  int64_t as_of_ms = 0;
  int64_t use_count = 0;  // questions it has answered
  std::optional<int64_t> last_used_ms;
};

// A page of a listing. `next_page_token` is empty on the last page; it is
// opaque to callers and only valid for the same listing.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

struct ConversationQuery {
  int64_t user_id = 0;   // owner; required
  std::string space_id;  // empty: every space
  std::string search;    // matches title or any question, case-insensitive; empty: all
  int page_size = 50;    // 1..1000
  std::string page_token;
};

struct UsageQuery {
  int64_t from_ms = 0;
  int64_t to_ms = 0;     // exclusive; 0: no upper bound
  std::string space_id;  // empty: every space
};

class Store {
 public:
  virtual ~Store() = default;

  // The schema version after migrations; for /readyz and tests.
  virtual StatusOr<int> SchemaVersion() = 0;

  // Users. CreateUser assigns `id`; the email must be unique.
  virtual StatusOr<User> CreateUser(const User& user) = 0;
  virtual StatusOr<User> GetUser(int64_t id) = 0;
  virtual StatusOr<User> GetUserByEmail(std::string_view email) = 0;
  virtual StatusOr<std::vector<User>> ListUsers() = 0;
  // Replaces every field but id and created_ms.
  virtual Status UpdateUser(const User& user) = 0;
  virtual StatusOr<int64_t> CountUsers() = 0;

  // Access tokens.
  virtual StatusOr<AccessToken> CreateToken(const AccessToken& token) = 0;
  virtual StatusOr<AccessToken> GetTokenByHash(std::string_view token_hash) = 0;
  virtual StatusOr<std::vector<AccessToken>> ListTokens(int64_t user_id) = 0;
  // NotFound unless the token exists and belongs to `user_id`.
  virtual Status RevokeToken(int64_t user_id, int64_t token_id, int64_t now_ms) = 0;
  virtual Status TouchToken(int64_t token_id, int64_t now_ms) = 0;

  // Browser sessions.
  virtual Status CreateSession(const Session& session) = 0;
  virtual StatusOr<Session> GetSession(std::string_view id_hash) = 0;
  virtual Status DeleteSession(std::string_view id_hash) = 0;
  virtual Status DeleteExpiredSessions(int64_t now_ms) = 0;

  // Spaces and grants. PutSpace creates or replaces by id.
  virtual Status PutSpace(const Space& space) = 0;
  virtual StatusOr<Space> GetSpace(std::string_view id) = 0;
  virtual StatusOr<std::vector<Space>> ListSpaces() = 0;
  virtual Status PutGrant(const Grant& grant) = 0;
  virtual Status DeleteGrant(const Grant& grant) = 0;
  virtual StatusOr<std::vector<Grant>> ListGrants(std::string_view space_id) = 0;

  // Conversations. A conversation of another user is NotFound.
  virtual Status CreateConversation(const Conversation& conversation) = 0;
  virtual StatusOr<Conversation> GetConversation(int64_t user_id, std::string_view id) = 0;
  virtual StatusOr<Page<Conversation>> ListConversations(const ConversationQuery& query) = 0;
  virtual Status RenameConversation(int64_t user_id, std::string_view id, std::string_view title,
                                    int64_t now_ms) = 0;
  // Deletes the conversation with its messages, results, feedback and
  // attachments' records (callers remove attachment files).
  virtual Status DeleteConversation(int64_t user_id, std::string_view id) = 0;

  // Messages. AddMessage assigns `seq` and returns the stored message; it
  // also bumps the conversation's updated_ms.
  virtual StatusOr<Message> AddMessage(const Message& message) = 0;
  virtual StatusOr<Message> GetMessage(int64_t user_id, std::string_view conversation_id,
                                       std::string_view message_id) = 0;
  // Every message of a conversation in seq order (answers included): what
  // reopening a conversation reads.
  virtual StatusOr<std::vector<Message>> ListMessages(int64_t user_id,
                                                      std::string_view conversation_id) = 0;
  virtual StatusOr<Page<Message>> ListMessagesPage(int64_t user_id,
                                                   std::string_view conversation_id, int page_size,
                                                   std::string_view page_token) = 0;
  // Moves a message to `status` (no-op NotFound if missing). A final status is
  // never left: updating a final message is FailedPrecondition.
  virtual Status SetMessageStatus(std::string_view message_id, MessageStatus status,
                                  int64_t now_ms) = 0;
  // Stores the answer and the final status in one transaction, with the
  // result rows when `result` is given.
  virtual Status FinishMessage(const Message& message, const StoredResult* result) = 0;
  virtual Status DeleteMessage(int64_t user_id, std::string_view conversation_id,
                               std::string_view message_id) = 0;
  // Messages not final (after a crash): the server fails them on start.
  virtual StatusOr<std::vector<Message>> ListUnfinishedMessages() = 0;

  virtual StatusOr<StoredResult> GetResult(std::string_view message_id) = 0;

  // Feedback: one per (message, user); a new one replaces the old.
  virtual Status PutFeedback(const Feedback& feedback) = 0;
  virtual StatusOr<Feedback> GetFeedback(std::string_view message_id, int64_t user_id) = 0;
  // The feedback `user_id` gave on the messages of a conversation (one read
  // for opening a conversation); empty for another user's conversation.
  virtual StatusOr<std::vector<Feedback>> ListFeedback(int64_t user_id,
                                                       std::string_view conversation_id) = 0;

  // Attachments. AddAttachment and ListAttachments are NotFound for another
  // user's conversation; ListAttachments lists in created_ms order.
  virtual Status AddAttachment(const Attachment& attachment) = 0;
  virtual StatusOr<std::vector<Attachment>> ListAttachments(int64_t user_id,
                                                            std::string_view conversation_id) = 0;
  // Removes one attachment's record (callers remove its file). NotFound when
  // the conversation is not the user's or has no attachment `id`.
  virtual Status DeleteAttachment(int64_t user_id, std::string_view conversation_id,
                                  std::string_view id) = 0;

  // Trusted questions of a space. Create: AlreadyExists for a taken id. Get,
  // Update, Delete and RecordTrustedUse are NotFound unless `id` is a trusted
  // question of `space_id`. List is in created_ms order. Update replaces
  // question, sql, updated_ms and as_of_ms; RecordTrustedUse adds one to
  // use_count and sets last_used_ms.
  virtual Status CreateTrustedQuestion(const TrustedQuestion& trusted) = 0;
  virtual StatusOr<TrustedQuestion> GetTrustedQuestion(std::string_view space_id,
                                                       std::string_view id) = 0;
  virtual StatusOr<std::vector<TrustedQuestion>> ListTrustedQuestions(
      std::string_view space_id) = 0;
  virtual Status UpdateTrustedQuestion(const TrustedQuestion& trusted) = 0;
  virtual Status DeleteTrustedQuestion(std::string_view space_id, std::string_view id) = 0;
  virtual Status RecordTrustedUse(std::string_view space_id, std::string_view id,
                                  int64_t now_ms) = 0;

  // Usage events (append-only).
  virtual Status AddUsageEvent(const UsageEvent& event) = 0;
  virtual StatusOr<std::vector<UsageEvent>> ListUsageEvents(const UsageQuery& query) = 0;
};

}  // namespace scry::store
