#include "conversation/service.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <random>
#include <utility>

#include "conversation/answer_json.h"
#include "conversation/attachments.h"
#include "conversation/trusted_questions.h"
#include "semantic/query_json.h"

namespace scry::conversation {
namespace {

using nlohmann::json;
using store::MessageStatus;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMaxQuestionBytes = 4000;
constexpr size_t kTitleLength = 60;

double MillisecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// Splits the engine's result JSON into what the answer keeps inline (the
// first `answer_rows` rows) and the stored result (up to the collect cap).
void SplitResult(json* answer, int64_t answer_rows, const std::string& message_id,
                 store::StoredResult* stored) {
  if (!answer->contains("rows")) return;
  json& rows = (*answer)["rows"];
  stored->message_id = message_id;
  stored->columns_json = answer->value("columns", json::array()).dump();
  stored->stored_rows = static_cast<int64_t>(rows.size());
  // Null when the engine stopped counting (more rows than its count limit):
  // kept as -1, unknown.
  const auto total = answer->find("total_rows");
  stored->total_rows = total != answer->end() && total->is_number_integer()
                           ? total->get<int64_t>()
                           : (answer->value("truncated", false) ? -1 : stored->stored_rows);
  stored->truncated = answer->value("truncated", false);
  stored->rows_json = rows.dump();
  if (static_cast<int64_t>(rows.size()) > answer_rows) {
    rows.erase(rows.begin() + answer_rows, rows.end());
  }
  (*answer)["rows_inline"] = rows.size();
  (*answer)["rows_stored"] = stored->stored_rows;
}

// Makes `message` a failed one whose answer is only `failure`.
void MarkFailed(const Status& failure, int64_t now_ms, store::Message* message) {
  message->status = MessageStatus::kFailed;
  message->error_code = std::string(StatusCodeName(failure.code()));
  message->error_message = std::string(failure.message());
  message->answer_json =
      json{{"question", message->question},
           {"kind", "error"},
           {"error", {{"code", message->error_code}, {"message", message->error_message}}}}
          .dump();
  message->updated_ms = now_ms;
}

// The message just before `id`, or null.
const store::Message* LastBefore(const std::vector<store::Message>& history, std::string_view id) {
  const store::Message* last = nullptr;
  for (const store::Message& message : history) {
    if (message.id == id) break;
    last = &message;
  }
  return last;
}

// The choices of the clarifying question `asked` answered; empty when it is
// not a clarification (or there is no message).
json ClarificationChoices(const store::Message* asked) {
  if (asked == nullptr) return json::array();
  const json answer = json::parse(asked->answer_json, nullptr, false);
  if (answer.is_discarded() || !answer.is_object() || !answer.contains("clarification")) {
    return json::array();
  }
  return answer["clarification"].value("choices", json::array());
}

// A reply that names a choice of the clarification just before it: its
// number ("2") or its label ("store region"), ignoring case.
std::optional<int> PickedChoice(const std::vector<store::Message>& history,
                                const store::Message& message) {
  const store::Message* asked = LastBefore(history, message.id);
  if (asked == nullptr || asked->status != MessageStatus::kCompleted) return std::nullopt;
  const json choices = ClarificationChoices(asked);
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  std::string reply = lower(Trim(message.question));
  while (!reply.empty() && (reply.back() == '.' || reply.back() == '!')) reply.pop_back();
  for (size_t i = 0; i < choices.size(); ++i) {
    if (reply == std::to_string(i + 1) || reply == lower(choices[i].value("label", ""))) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

// A clarification's choice as an understood query: each choice is stored
// complete, so picking one needs no parsing.
StatusOr<nlq::ParseResult> ParseOfChoice(const json& chosen) {
  ASSIGN_OR_RETURN(semantic::SemanticQuery query, semantic::QueryFromJson(chosen["query"]));
  nlq::ParseResult parse;
  parse.kind = nlq::ParseResult::Kind::kQuery;
  parse.query = std::move(query);
  parse.interpretation.restatement = chosen.value("restatement", "");
  parse.interpretation.confidence = 1.0;
  return parse;
}

// What a question or download in the conversation runs with: `policy` and,
// with attachments configured, the conversation's attachments.
StatusOr<ConversationScope> ScopeOf(AttachmentService* attachments, const store::User& user,
                                    std::string_view conversation_id, const SpaceRuntime& space,
                                    sql::GuardPolicy policy) {
  if (attachments != nullptr) {
    return attachments->ScopeFor(user, conversation_id, space, std::move(policy));
  }
  ConversationScope scope;
  scope.policy = std::move(policy);
  return scope;
}

constexpr std::string_view kNoSuchChoice =
    "choice: the previous message has no clarification choice with that number";

}  // namespace

struct ConversationService::Job {
  store::User user;
  store::Message message;
  std::string space_id;
  std::optional<int> choice;
  bool own_sql = false;  // message.question is SQL to run as written
  std::atomic<bool> cancelled{false};
  std::atomic<MessageStatus> stage{MessageStatus::kSubmitted};
  // The connection the job's query runs on while it runs; guarded by the
  // service's mutex so Cancel() can interrupt it.
  engine::Connection* connection = nullptr;
  SteadyClock::time_point submitted = SteadyClock::now();
};

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string TitleFromQuestion(std::string_view question) {
  std::string title = Trim(question);
  if (title.empty()) return "New conversation";
  // Collapse runs of white space so a pasted question stays one line.
  std::string compact;
  for (char c : title) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space && !compact.empty() && compact.back() == ' ') continue;
    compact.push_back(space ? ' ' : c);
  }
  if (compact.size() > kTitleLength) {
    size_t cut = compact.rfind(' ', kTitleLength);
    if (cut == std::string::npos || cut < kTitleLength / 2) cut = kTitleLength;
    // Never cut inside a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(compact[cut]) & 0xC0) == 0x80) --cut;
    compact = compact.substr(0, cut) + "…";
  }
  while (!compact.empty() && (compact.back() == '?' || compact.back() == '.')) compact.pop_back();
  if (!compact.empty()) compact[0] = static_cast<char>(std::toupper(compact[0]));
  return compact.empty() ? "New conversation" : compact;
}

std::string NewId() {
  static std::mutex mutex;
  static std::mt19937_64 generator{std::random_device{}()};
  std::lock_guard<std::mutex> lock(mutex);
  return fmt::format("{:016x}{:016x}", generator(), generator());
}

ConversationService::ConversationService(store::Store& store, const SpaceDirectory& spaces,
                                         const AccessPolicy& access, const Clock& clock,
                                         ServiceOptions options)
    : store_(store),
      spaces_(spaces),
      access_(access),
      clock_(clock),
      options_(std::move(options)),
      connections_(std::max(1, options_.workers)),
      pool_(options_.workers, options_.max_queued) {}

ConversationService::~ConversationService() { Shutdown(); }

void ConversationService::Shutdown() {
  pool_.Shutdown();
  std::unique_lock<std::mutex> lock(mutex_);
  finished_.wait(lock, [this] { return streams_ == 0; });
}

StatusOr<int> ConversationService::RecoverUnfinished() {
  ASSIGN_OR_RETURN(std::vector<store::Message> unfinished, store_.ListUnfinishedMessages());
  int failed = 0;
  for (store::Message& message : unfinished) {
    MarkFailed(UnavailableError("The server stopped while answering this question; ask it again."),
               clock_.NowMs(), &message);
    RETURN_IF_ERROR(store_.FinishMessage(message, nullptr));
    ++failed;
  }
  return failed;
}

void ConversationService::FailUnexpectedly(const std::shared_ptr<Job>& job, std::string_view what) {
  store::Message message = job->message;
  MarkFailed(InternalError(fmt::format("answering failed unexpectedly: {}", what)), clock_.NowMs(),
             &message);
  if (!store_.FinishMessage(message, nullptr).ok()) Observer().StoreError("finish_message");
  Observer().QuestionFinished("failed", {});
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_.erase(message.id);
  }
  finished_.notify_all();
  Publish({message.id, message.status, message.answer_json});
}

StatusOr<store::Conversation> ConversationService::StartConversation(
    const store::User& user, std::string_view space_id, std::string_view first_question) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, spaces_.Find(space_id));
  RETURN_IF_ERROR(access_.CheckSpace(user, *space));
  store::Conversation conversation;
  conversation.id = NewId();
  conversation.space_id = space->id;
  conversation.user_id = user.id;
  conversation.title = TitleFromQuestion(first_question);
  conversation.created_ms = conversation.updated_ms = clock_.NowMs();
  RETURN_IF_ERROR(store_.CreateConversation(conversation));
  return conversation;
}

StatusOr<store::Message> ConversationService::Post(const store::User& user,
                                                   std::string_view conversation_id,
                                                   const PostRequest& request) {
  const bool own_sql = !request.sql.empty();
  if (own_sql && (request.choice || !request.question.empty())) {
    return InvalidArgumentError("send either a question or SQL, not both");
  }
  const std::string question = Trim(own_sql ? request.sql : request.question);
  if (own_sql && question.empty()) return InvalidArgumentError("sql: the SQL is empty");
  if (question.empty() && !request.choice) {
    return InvalidArgumentError("the question is empty: type what you want to know");
  }
  if (question.size() > kMaxQuestionBytes) {
    return InvalidArgumentError(fmt::format("the question is {} bytes long; the limit is {}",
                                            question.size(), kMaxQuestionBytes));
  }
  if (request.choice && *request.choice < 0) {
    return InvalidArgumentError("choice: must be 0 or more");
  }
  ASSIGN_OR_RETURN(store::Conversation conversation,
                   store_.GetConversation(user.id, conversation_id));
  ASSIGN_OR_RETURN(const SpaceRuntime* space, spaces_.Find(conversation.space_id));
  RETURN_IF_ERROR(access_.CheckSpace(user, *space));
  // A conversation started without a title is named after its first question.
  if (conversation.message_count == 0 && !own_sql && !request.choice &&
      conversation.title == TitleFromQuestion("")) {
    RETURN_IF_ERROR(store_.RenameConversation(user.id, conversation.id, TitleFromQuestion(question),
                                              clock_.NowMs()));
  }
  std::string text = question;
  if (request.choice) {
    // Checked now, so a bad choice is refused and nothing is stored; the
    // message reads as the choice's label.
    ASSIGN_OR_RETURN(std::vector<store::Message> history,
                     store_.ListMessages(user.id, conversation.id));
    const json choices = ClarificationChoices(history.empty() ? nullptr : &history.back());
    if (*request.choice >= static_cast<int>(choices.size())) {
      return InvalidArgumentError(kNoSuchChoice);
    }
    text = choices[*request.choice].value("label", "");
  }

  auto job = std::make_shared<Job>();
  job->user = user;
  job->space_id = conversation.space_id;
  job->choice = request.choice;
  job->own_sql = own_sql;
  job->message.id = NewId();
  job->message.conversation_id = conversation.id;
  job->message.user_id = user.id;
  job->message.question = text;
  job->message.status = MessageStatus::kSubmitted;
  job->message.created_ms = job->message.updated_ms = clock_.NowMs();
  // Stored before it is queued or acknowledged: an accepted question is never lost.
  ASSIGN_OR_RETURN(job->message, store_.AddMessage(job->message));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_[job->message.id] = job;
  }
  // The worker changes job->message from now on: reply with this copy.
  const store::Message accepted = job->message;
  Status queued = pool_.Submit([this, job](int worker) {
    // A bug must not take the server down: the question fails with the
    // reason, and the worker goes on with the next one.
    try {
      Answer(worker, job);
    } catch (const std::exception& error) {
      FailUnexpectedly(job, error.what());
    }
  });
  if (!queued.ok()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      running_.erase(job->message.id);
    }
    store::Message failed = accepted;
    failed.status = MessageStatus::kFailed;
    failed.error_code = std::string(StatusCodeName(queued.code()));
    failed.error_message = std::string(queued.message());
    failed.updated_ms = clock_.NowMs();
    (void)store_.FinishMessage(failed, nullptr);
    return queued;
  }
  return accepted;
}

Status ConversationService::DeleteConversation(const store::User& user,
                                               std::string_view conversation_id) {
  RETURN_IF_ERROR(store_.DeleteConversation(user.id, conversation_id));
  if (options_.attachments != nullptr) options_.attachments->RemoveFiles(conversation_id);
  return Status::Ok();
}

Status ConversationService::Cancel(const store::User& user, std::string_view conversation_id,
                                   std::string_view message_id) {
  // Ownership first: another user's message is NotFound, never cancelled.
  ASSIGN_OR_RETURN(store::Message message, store_.GetMessage(user.id, conversation_id, message_id));
  if (store::IsFinal(message.status)) return Status::Ok();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = running_.find(message_id);
  if (it == running_.end()) return Status::Ok();
  it->second->cancelled = true;
  if (it->second->connection != nullptr) it->second->connection->Cancel();
  return Status::Ok();
}

void ConversationService::ShowLiveStage(store::Message* message) const {
  if (store::IsFinal(message->status)) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = running_.find(message->id);
  if (it != running_.end()) message->status = it->second->stage.load();
}

int64_t ConversationService::Subscribe(std::string_view message_id, Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t handle = next_listener_++;
  listeners_[handle] = {std::string(message_id), std::move(listener)};
  return handle;
}

void ConversationService::Unsubscribe(int64_t handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  listeners_.erase(handle);
}

void ConversationService::Publish(const MessageEvent& event) {
  std::vector<Listener> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [handle, entry] : listeners_) {
      if (entry.first == event.message_id) targets.push_back(entry.second);
    }
  }
  // Outside the lock: a listener may unsubscribe or write to a slow client.
  for (const Listener& listener : targets) listener(event);
}

StatusOr<store::Message> ConversationService::WaitForFinal(const store::User& user,
                                                           std::string_view conversation_id,
                                                           std::string_view message_id,
                                                           std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  for (;;) {
    ASSIGN_OR_RETURN(store::Message message,
                     store_.GetMessage(user.id, conversation_id, message_id));
    if (store::IsFinal(message.status)) return message;
    std::unique_lock<std::mutex> lock(mutex_);
    // Woken when any job finishes; the short wait also covers a job that
    // finished between the read above and taking the lock.
    if (finished_.wait_until(
            lock, std::min(deadline, SteadyClock::now() + std::chrono::milliseconds(50))) ==
            std::cv_status::timeout &&
        SteadyClock::now() >= deadline) {
      return DeadlineExceededError(
          fmt::format("message '{}' is not answered yet", std::string(message_id)));
    }
  }
}

ServiceObserver& ConversationService::Observer() const {
  static ServiceObserver none;
  return options_.observer != nullptr ? *options_.observer : none;
}

engine::Connection* ConversationService::ConnectionFor(int worker, const SpaceRuntime& space,
                                                       Status* status) {
  auto& connections = connections_[worker];
  auto it = connections.find(space.id);
  if (it != connections.end()) return it->second.get();
  StatusOr<std::unique_ptr<engine::Connection>> connection = space.engine->Connect();
  if (!connection.ok()) {
    *status = connection.status();
    return nullptr;
  }
  return connections.emplace(space.id, std::move(connection).value()).first->second.get();
}

std::optional<nlq::PreviousTurn> ConversationService::PreviousTurnOf(
    const std::vector<store::Message>& messages, std::string_view before_id) const {
  // The latest answered query before this message is the context; a
  // clarification or a failure in between does not break the thread.
  std::optional<nlq::PreviousTurn> previous;
  for (const store::Message& message : messages) {
    if (message.id == before_id) break;
    if (message.status != MessageStatus::kCompleted || message.answer_json.empty()) continue;
    json answer = json::parse(message.answer_json, nullptr, false);
    if (answer.is_discarded() || answer.value("kind", "") != "query" || answer.contains("error") ||
        !answer.contains("query")) {
      continue;
    }
    StatusOr<semantic::SemanticQuery> query = semantic::QueryFromJson(answer["query"]);
    if (!query.ok()) continue;
    previous = nlq::PreviousTurn{message.question, std::move(query).value()};
  }
  return previous;
}

void ConversationService::Answer(int worker, const std::shared_ptr<Job>& job) {
  store::Message& message = job->message;
  json answer_json;
  store::StoredResult stored;
  bool has_result = false;
  Status failure;
  engine::Connection* connection = nullptr;
  double engine_ms = 0;
  std::string outcome = "completed";
  ServiceObserver& observer = Observer();
  QuestionTimings timings;
  timings.queue_ms = MillisecondsSince(job->submitted);

  auto step = [&](MessageStatus status) {
    job->stage = status;
    Publish({message.id, status, ""});
  };

  do {
    if (job->cancelled) break;
    StatusOr<const SpaceRuntime*> space = spaces_.Find(job->space_id);
    if (!space.ok()) {
      failure = space.status();
      break;
    }
    StatusOr<sql::GuardPolicy> policy = access_.PolicyFor(job->user, **space);
    StatusOr<ConversationScope> scope =
        policy.ok() ? ScopeOf(options_.attachments, job->user, message.conversation_id, **space,
                              std::move(policy).value())
                    : StatusOr<ConversationScope>(policy.status());
    if (!scope.ok()) {
      failure = scope.status();
      break;
    }
    StatusOr<std::vector<store::Message>> history =
        store_.ListMessages(job->user.id, message.conversation_id);
    if (!history.ok()) {
      observer.StoreError("list_messages");
      failure = history.status();
      break;
    }
    step(MessageStatus::kUnderstanding);
    const SpaceRuntime& runtime = **space;
    const Clock& questions_clock =
        options_.questions_clock != nullptr ? *options_.questions_clock : clock_;
    Pipeline pipeline(scope->model(runtime), scope->parser(runtime), *runtime.dialect,
                      *runtime.guard, runtime.policy, questions_clock);
    PipelineOptions pipeline_options;
    pipeline_options.execute = options_.execute;
    pipeline_options.compile = options_.compile;
    pipeline_options.collect.max_rows = options_.stored_rows;
    pipeline_options.collect.count_limit = options_.count_limit;
    pipeline_options.policy = &scope->policy;

    // Understand: a choice answers the previous message's clarification.
    nlq::ParseResult parse;
    std::optional<TrustedMatch> trusted;
    const auto understand_start = SteadyClock::now();
    // A reply that names a choice counts as picking it.
    std::optional<int> choice = job->own_sql  ? std::nullopt
                                : job->choice ? job->choice
                                              : PickedChoice(*history, message);
    if (job->own_sql) {
      // Nothing to understand: the SQL is checked and run below.
    } else if (choice) {
      const json choices = ClarificationChoices(LastBefore(*history, message.id));
      if (*choice >= static_cast<int>(choices.size())) {
        failure = InvalidArgumentError(kNoSuchChoice);
        break;
      }
      StatusOr<nlq::ParseResult> chosen = ParseOfChoice(choices[*choice]);
      if (!chosen.ok()) {
        failure = chosen.status();
        break;
      }
      parse = std::move(chosen).value();
    } else {
      // A trusted question answers first; the parser's reading is still kept,
      // as the context of the next question.
      if (options_.trusted != nullptr) {
        trusted = options_.trusted->Match(runtime, message.question, questions_clock.Today());
      }
      std::optional<nlq::PreviousTurn> previous = PreviousTurnOf(*history, message.id);
      parse = scope->parser(runtime).Parse(message.question, questions_clock,
                                           previous ? &*previous : nullptr);
    }
    const double understand_ms = MillisecondsSince(understand_start);

    conversation::Answer answer;
    answer.parse = parse;
    answer.own_sql = job->own_sql;
    if ((job->own_sql || trusted || parse.kind == nlq::ParseResult::Kind::kQuery) &&
        !job->cancelled) {
      step(MessageStatus::kRunning);
      Status connect_status;
      connection = ConnectionFor(worker, runtime, &connect_status);
      if (connection == nullptr) {
        failure = connect_status;
        break;
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job->connection = connection;
      }
      // A Cancel() between the check above and registering the connection
      // is seen here.
      if (job->cancelled) break;
      observer.QueryStarted();
      answer = job->own_sql ? pipeline.RunSql(message.question, *connection, pipeline_options)
               : trusted    ? pipeline.RunTrusted(parse, *trusted, *connection, pipeline_options)
                            : pipeline.Run(parse, *connection, pipeline_options);
      if (answer.trusted && answer.status.ok()) {
        options_.trusted->RecordUse(runtime.id, answer.trusted->id);
      }
      observer.QueryFinished();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job->connection = nullptr;
      }
      engine_ms = answer.timings.run_ms;
      timings.compile_ms = answer.timings.compile_ms;
      timings.guard_ms = answer.timings.guard_ms;
      timings.run_ms = answer.timings.run_ms;
      // Failing before the engine (compile, guard) is not an engine error.
      if (!answer.status.ok() && !answer.executed_sql.empty() && !job->cancelled) {
        observer.EngineError(StatusCodeName(answer.status.code()));
      }
    }
    answer.timings.understand_ms = understand_ms;
    timings.understand_ms = understand_ms;
    if (job->cancelled) break;
    answer_json = AnswerToJson(message.question, answer);
    SplitResult(&answer_json, options_.answer_rows, message.id, &stored);
    has_result = !stored.message_id.empty();
    if (!answer.status.ok()) {
      failure = answer.status;
    } else if (answer.trusted) {
      outcome = "completed";
    } else if (parse.kind == nlq::ParseResult::Kind::kClarification) {
      outcome = "clarification";
    } else if (parse.kind == nlq::ParseResult::Kind::kNotUnderstood) {
      outcome = "not_understood";
    }
  } while (false);

  if (job->cancelled) {
    message.status = MessageStatus::kCancelled;
    outcome = "cancelled";
    answer_json = json{{"question", message.question},
                       {"kind", "cancelled"},
                       {"message", "The question was cancelled."}};
    has_result = false;
  } else if (!failure.ok()) {
    message.status = MessageStatus::kFailed;
    message.error_code = std::string(StatusCodeName(failure.code()));
    message.error_message = std::string(failure.message());
    outcome = "failed";
    if (answer_json.is_null())
      answer_json = json{{"question", message.question}, {"kind", "error"}};
    answer_json["error"] = {{"code", message.error_code}, {"message", message.error_message}};
  } else {
    message.status = MessageStatus::kCompleted;
  }
  message.answer_json = answer_json.dump();
  message.updated_ms = clock_.NowMs();
  const auto finish_start = SteadyClock::now();
  Status stored_status = store_.FinishMessage(message, has_result ? &stored : nullptr);
  if (!stored_status.ok()) {
    observer.StoreError("finish_message");
    // The answer could not be kept: say so rather than leave the message
    // running forever.
    MarkFailed(stored_status.WithContext("storing the answer"), message.updated_ms, &message);
    (void)store_.FinishMessage(message, nullptr);
  }

  store::UsageEvent usage;
  usage.time_ms = message.updated_ms;
  usage.user_id = job->user.id;
  usage.space_id = job->space_id;
  usage.conversation_id = message.conversation_id;
  usage.message_id = message.id;
  usage.kind = job->own_sql ? "sql" : "question";
  usage.outcome = outcome;
  usage.question = message.question;
  usage.latency_ms = MillisecondsSince(job->submitted);
  usage.engine_ms = engine_ms;
  if (!store_.AddUsageEvent(usage).ok()) observer.StoreError("add_usage_event");
  timings.store_ms += MillisecondsSince(finish_start);
  timings.total_ms = MillisecondsSince(job->submitted);
  observer.QuestionFinished(outcome, timings);

  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_.erase(message.id);
  }
  finished_.notify_all();
  Publish({message.id, message.status, message.answer_json});
}

Status ConversationService::StreamResult(
    const store::User& user, std::string_view conversation_id, std::string_view message_id,
    const std::function<bool(const std::vector<engine::ColumnInfo>&, const engine::Chunk&)>& sink) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++streams_;
  }
  struct Done {
    ConversationService* service;
    ~Done() {
      {
        std::lock_guard<std::mutex> lock(service->mutex_);
        --service->streams_;
      }
      service->finished_.notify_all();
    }
  } done{this};
  ASSIGN_OR_RETURN(store::Message message, store_.GetMessage(user.id, conversation_id, message_id));
  ASSIGN_OR_RETURN(store::Conversation conversation,
                   store_.GetConversation(user.id, conversation_id));
  json answer = json::parse(message.answer_json, nullptr, false);
  if (answer.is_discarded() || !answer.contains("sql") || answer.contains("error")) {
    return FailedPreconditionError(
        fmt::format("message '{}' has no result to download", std::string(message_id)));
  }
  ASSIGN_OR_RETURN(const SpaceRuntime* space, spaces_.Find(conversation.space_id));
  RETURN_IF_ERROR(access_.CheckSpace(user, *space));
  ASSIGN_OR_RETURN(sql::GuardPolicy policy, access_.PolicyFor(user, *space));
  ASSIGN_OR_RETURN(ConversationScope scope,
                   ScopeOf(options_.attachments, user, conversation.id, *space, std::move(policy)));
  // The stored SQL already passed the guard when it ran; it passes again under
  // the user's policy of today (a changed row filter applies at once, a
  // deleted attachment is gone).
  ASSIGN_OR_RETURN(sql::CheckedSql checked,
                   space->guard->Check(answer["sql"].get<std::string>(), scope.policy));
  ASSIGN_OR_RETURN(std::unique_ptr<engine::Connection> connection, space->engine->Connect());
  engine::ExecuteOptions execute = options_.execute;
  ASSIGN_OR_RETURN(std::unique_ptr<engine::ResultStream> stream,
                   connection->Execute(checked.sql, execute));
  engine::Chunk chunk;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, stream->Next(&chunk));
    if (!more) break;
    if (!sink(stream->columns(), chunk)) return CancelledError("the download was stopped");
  }
  return Status::Ok();
}

}  // namespace scry::conversation
