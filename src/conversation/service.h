// ConversationService: a question posted to a conversation becomes a stored
// answer, asynchronously, through the one Pipeline.
//
// Posting stores the message (status "submitted") before it returns, so a
// question acknowledged to a client survives a crash; a worker then takes it
// through the visible stages understanding → running (live: published to
// subscribers and shown by ShowLiveStage, not stored) → completed | failed |
// cancelled, and stores the whole answer (interpretation,
// clarification choices, SQL, columns, the first rows with the total count,
// timings, error) with the final status in one write. Reopening a
// conversation reads those stored answers and never runs a query.
//
// Follow-ups: the previous answered turn of the conversation (its question
// and SemanticQuery, read back from the stored answer) is the parser's
// context; a clarification is answered by posting the number of a choice.
//
// Who may see what is decided by the AccessPolicy it is given (auth/ in the
// server): which spaces a user may use, and the guard policy (tables, row
// filters) every SQL of that user runs under. Every store read is filtered by
// the asking user, so another user's conversation is NotFound.
//
// Thread-safe. The destructor finishes queued questions and stops the
// workers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status_or.h"
#include "conversation/pipeline.h"
#include "conversation/worker_pool.h"
#include "engine/engine.h"
#include "nlq/parser.h"
#include "semantic/model.h"
#include "sql/dialect.h"
#include "sql/guard.h"
#include "store/store.h"

namespace scry::conversation {

class AttachmentService;       // attachments.h
class TrustedQuestionService;  // trusted_questions.h

// A space as the service uses it: what answers its questions. The pointers
// are owned by whoever composes the server and outlive the service.
struct SpaceRuntime {
  std::string id;
  std::string title;
  std::string description;
  const semantic::Model* model = nullptr;
  const nlq::Parser* parser = nullptr;
  const sql::Dialect* dialect = nullptr;
  const sql::Guard* guard = nullptr;
  engine::Engine* engine = nullptr;
  // The tables the space exposes; per-user row filters are added by the
  // AccessPolicy.
  sql::GuardPolicy policy;
  // Whether its conversations take attachments: the engine reads the
  // attachments' folder (a DuckDB engine with it among its readable
  // directories).
  bool attachments = false;
  // Questions to offer people (the model's own, then ones made from it).
  std::vector<std::string> example_questions;
};

class SpaceDirectory {
 public:
  virtual ~SpaceDirectory() = default;
  // NotFound for an unknown space.
  virtual StatusOr<const SpaceRuntime*> Find(std::string_view space_id) const = 0;
  virtual std::vector<const SpaceRuntime*> List() const = 0;
};

class AccessPolicy {
 public:
  virtual ~AccessPolicy() = default;
  // PermissionDenied (with the reason) when `user` may not use the space.
  virtual Status CheckSpace(const store::User& user, const SpaceRuntime& space) const = 0;
  // The guard policy every SQL of `user` in `space` runs under: the space's
  // tables and the user's row filters. Fails closed.
  virtual StatusOr<sql::GuardPolicy> PolicyFor(const store::User& user,
                                               const SpaceRuntime& space) const = 0;
};

// Times of one answered question, in milliseconds, for monitoring.
struct QuestionTimings {
  double queue_ms = 0;       // waiting for a worker
  double understand_ms = 0;  // parsing (with the previous turns)
  double compile_ms = 0;
  double guard_ms = 0;
  double run_ms = 0;    // in the engine
  double store_ms = 0;  // writing the stages and the answer
  double total_ms = 0;  // posted to stored
};

// What the service reports for monitoring (the server's /metrics). Called
// from worker threads, so implementations are thread-safe and quick.
class ServiceObserver {
 public:
  virtual ~ServiceObserver() = default;
  // A query starts or stops running in the engine.
  virtual void QueryStarted() {}
  virtual void QueryFinished() {}
  // A question (or an author's SQL) reached its final status; `outcome` as
  // in its usage event (completed, clarification, not_understood, failed,
  // cancelled).
  virtual void QuestionFinished(std::string_view /*outcome*/, const QuestionTimings& /*timings*/) {}
  // A store write or read failed (`operation` names it), or the engine
  // failed a query (`code` is the status code's name).
  virtual void StoreError(std::string_view /*operation*/) {}
  virtual void EngineError(std::string_view /*code*/) {}
};

struct ServiceOptions {
  int workers = 2;
  size_t max_queued = 256;
  // Rows kept with each answer for paging; the total is still counted.
  int64_t stored_rows = 1000;
  // Rows counted past the stored ones before the total is given up as
  // unknown (null), so a runaway result does not keep the engine busy.
  int64_t count_limit = 10'000'000;
  // Rows inside the answer itself (what reopening a conversation shows at
  // once); the rest are paged from the stored result.
  int64_t answer_rows = 100;
  engine::ExecuteOptions execute;
  sql::CompileOptions compile;
  // Told about queries, answers and errors; outlives the service. Optional.
  ServiceObserver* observer = nullptr;
  // Conversations' attachments: questions, authors' SQL and downloads run
  // with the conversation's attachments as tables. Outlives the service.
  // Optional: without it, attachments are ignored.
  AttachmentService* attachments = nullptr;
  // Trusted questions: a question that means what one of its space's trusted
  // questions means is answered with that question's SQL. Outlives the
  // service. Optional: without it, every question goes to the parser.
  TrustedQuestionService* trusted = nullptr;
  // The clock questions are read against ("last month"), when it is not the
  // service's: `today` in scry.yaml fixes the date questions mean while
  // conversations, messages and their times keep the real time. Outlives
  // the service. Optional: without it, the service's clock.
  const Clock* questions_clock = nullptr;
};

// One step of a message, for live streams (SSE). The final event carries the
// stored answer.
struct MessageEvent {
  std::string message_id;
  store::MessageStatus status = store::MessageStatus::kSubmitted;
  std::string answer_json;  // final events only
};

struct PostRequest {
  std::string question;
  // Answers the clarifying question of the previous message with its choice
  // at this index (0-based); the question text is then the choice's label.
  // Without it, a question that is exactly a choice's number (1-based) or
  // label, right after a clarification, picks that choice too.
  std::optional<int> choice;
  // SQL the user wrote, run as written through the guard instead of a
  // question (authors only: the caller checks the permission).
  std::string sql;

  static PostRequest Question(std::string text) {
    PostRequest request;
    request.question = std::move(text);
    return request;
  }
  static PostRequest Choice(int index) {
    PostRequest request;
    request.choice = index;
    return request;
  }
  static PostRequest Sql(std::string text) {
    PostRequest request;
    request.sql = std::move(text);
    return request;
  }
};

class ConversationService {
 public:
  using Listener = std::function<void(const MessageEvent&)>;

  ConversationService(store::Store& store, const SpaceDirectory& spaces, const AccessPolicy& access,
                      const Clock& clock, ServiceOptions options);
  ~ConversationService();

  ConversationService(const ConversationService&) = delete;
  ConversationService& operator=(const ConversationService&) = delete;

  // Fails every message a previous run left unfinished (the process stopped
  // while answering it), so no message stays "running" forever.
  StatusOr<int> RecoverUnfinished();

  // A new, empty conversation in `space_id`, titled after `first_question`
  // (empty: "New conversation").
  StatusOr<store::Conversation> StartConversation(const store::User& user,
                                                  std::string_view space_id,
                                                  std::string_view first_question);

  // Stores the question and queues it; returns the stored message (status
  // submitted). InvalidArgument for an empty or oversized question or a bad
  // choice, NotFound for another user's conversation, ResourceExhausted when
  // too many questions wait.
  StatusOr<store::Message> Post(const store::User& user, std::string_view conversation_id,
                                const PostRequest& request);

  // Deletes the conversation with its messages and its attachments (records
  // and files). NotFound for another user's conversation.
  Status DeleteConversation(const store::User& user, std::string_view conversation_id);

  // Cancels a message that is not final; a final one is left as it is (OK).
  Status Cancel(const store::User& user, std::string_view conversation_id,
                std::string_view message_id);

  // The stages between submitted and final (understanding, running) are
  // live state, not stored: writing each durably cost more than the rest of
  // the server's work for a fast query, and a crash fails an unfinished
  // message whatever its stage. Readers of a message pass it here to show
  // its current stage (messages answered by another server sharing the
  // store show "submitted" until they are final).
  void ShowLiveStage(store::Message* message) const;

  // Calls `listener` (from a worker thread) on each later step of the
  // message; returns a handle for Unsubscribe. When the message is already
  // final the caller should read it from the store instead.
  int64_t Subscribe(std::string_view message_id, Listener listener);
  void Unsubscribe(int64_t handle);

  // Blocks until the message is final or `timeout` passes; returns it as
  // stored. For the CLI and tests; the server uses Subscribe.
  StatusOr<store::Message> WaitForFinal(const store::User& user, std::string_view conversation_id,
                                        std::string_view message_id,
                                        std::chrono::milliseconds timeout);

  // Runs SQL of the message's answer again without the row cap, under the
  // user's current guard policy (with the conversation's attachments), and
  // hands each chunk to `sink` (false stops).
  // For CSV downloads: the full result streamed from the engine.
  Status StreamResult(const store::User& user, std::string_view conversation_id,
                      std::string_view message_id,
                      const std::function<bool(const std::vector<engine::ColumnInfo>&,
                                               const engine::Chunk&)>& sink);

  // Stops taking questions, finishes the queued ones and waits for the
  // downloads under way (stop their sinks first). Idempotent.
  void Shutdown();

  // Questions waiting or running.
  size_t pending() const { return pool_.pending(); }

 private:
  struct Job;

  void Answer(int worker, const std::shared_ptr<Job>& job);
  // Fails the job's message when answering it threw (a bug), so it is final.
  void FailUnexpectedly(const std::shared_ptr<Job>& job, std::string_view what);
  void Publish(const MessageEvent& event);
  ServiceObserver& Observer() const;
  engine::Connection* ConnectionFor(int worker, const SpaceRuntime& space, Status* status);
  std::optional<nlq::PreviousTurn> PreviousTurnOf(const std::vector<store::Message>& messages,
                                                  std::string_view before_id) const;

  store::Store& store_;
  const SpaceDirectory& spaces_;
  const AccessPolicy& access_;
  const Clock& clock_;
  const ServiceOptions options_;

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Job>, std::less<>> running_;
  std::map<int64_t, std::pair<std::string, Listener>> listeners_;
  int64_t next_listener_ = 1;
  std::condition_variable finished_;
  // StreamResult calls under way; Shutdown waits for them, as they run on
  // their callers' threads but use the store and the spaces.
  int streams_ = 0;

  // Per worker, one connection per space: a worker runs one question at a
  // time, so its connections need no lock.
  std::vector<std::map<std::string, std::unique_ptr<engine::Connection>, std::less<>>> connections_;
  WorkerPool pool_;  // last: its workers use everything above
};

// `text` without its leading and trailing white space.
std::string Trim(std::string_view text);

// A short title from a conversation's first question: trimmed, the first
// letter capitalised, cut at a word boundary near 60 characters.
std::string TitleFromQuestion(std::string_view question);

// A random URL-safe identifier (32 hex digits).
std::string NewId();

}  // namespace scry::conversation
