// history_bench: how long opening a long conversation takes over HTTP.
//
// The server is scry::app::ServerApp (bench_server.h) over the demo warehouse.
// A few typical questions are first asked over HTTP, so their stored answers
// are exactly what the conversation service stores (interpretation, query,
// SQL, columns, the first rows, timings, and the stored result rows). A
// conversation of `--messages` answered messages (default 1,000) is then
// written straight into the server's store, each a copy of one of those
// answers, as the service would have written it (AddMessage, then
// FinishMessage with the answer and its result).
//
// Timed, `--runs` times each, alternating so machine noise hits both alike:
//   http   GET /api/v1/conversations/{id} on a keep-alive connection, the
//          whole body read (what the web UI does to reopen a conversation);
//   store  Store::ListMessages of the same conversation: the same rows read
//          in the same process, the baseline.
// Prints p50, p99 and max of each and the ratio http / store at p50. It fails
// when a request fails or the conversation does not come back whole;
// `--check` also fails it when the HTTP p99 is 50 ms or more.
//
//   history_bench [--warehouse PATH] [--rows N] [--messages M] [--runs R] [--check]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench_server.h"
#include "bench/bench_util.h"
#include "conversation/service.h"

namespace scry::bench {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr double kTargetP99Ms = 50;

// Questions whose answers carry a few rows to a hundred.
constexpr const char* kQuestions[] = {
    "revenue by month last year",
    "top 10 customers by revenue",
    "revenue by store region",
    "revenue by category last year",
    "revenue by year",
    "top 50 products by revenue",
    "orders by channel",
    "revenue by month",
    "revenue by product",
};

struct Options {
  std::string warehouse;  // empty: a fresh one in a temporary folder
  int64_t rows = 100'000;
  int messages = 1000;
  int runs = 200;
  bool check = false;
};

// A stored answer to copy: the message as the service finished it and its
// stored result.
struct SourceAnswer {
  store::Message message;
  store::StoredResult result;
};

// Asks every question over HTTP in one conversation and reads back what the
// service stored for each. Fails unless each is a completed answer with rows.
StatusOr<std::vector<SourceAnswer>> AskSources(BenchServer& server, const BenchUser& user) {
  ApiClient client(server.port(), user.token);
  ASSIGN_OR_RETURN(std::string conversation, client.StartConversation());
  std::vector<SourceAnswer> sources;
  for (const char* question : kQuestions) {
    ASSIGN_OR_RETURN(Asked asked, client.Ask(conversation, question));
    const std::string id = asked.message.value("id", "");
    SourceAnswer source;
    ASSIGN_OR_RETURN(source.message, server.store().GetMessage(user.user.id, conversation, id));
    if (source.message.status != store::MessageStatus::kCompleted) {
      return FailedPreconditionError(fmt::format("'{}' was not answered: {} {}", question,
                                                 source.message.error_code,
                                                 source.message.error_message));
    }
    ASSIGN_OR_RETURN(source.result, server.store().GetResult(id));
    sources.push_back(std::move(source));
  }
  return sources;
}

// Writes a conversation of `count` answered messages, copies of `sources` in
// turn, the way the conversation service stores them. Returns its id.
StatusOr<std::string> WriteConversation(store::Store& store, const store::User& user,
                                        const std::vector<SourceAnswer>& sources, int count) {
  store::Conversation conversation;
  conversation.id = conversation::NewId();
  conversation.space_id = std::string(kBenchSpace);
  conversation.user_id = user.id;
  conversation.title = fmt::format("{} questions", count);
  conversation.created_ms = conversation.updated_ms = sources[0].message.created_ms;
  RETURN_IF_ERROR(store.CreateConversation(conversation));
  for (int i = 0; i < count; ++i) {
    const SourceAnswer& source = sources[static_cast<size_t>(i) % sources.size()];
    store::Message message;
    message.id = conversation::NewId();
    message.conversation_id = conversation.id;
    message.user_id = user.id;
    message.question = source.message.question;
    message.status = store::MessageStatus::kSubmitted;
    message.created_ms = message.updated_ms = conversation.created_ms + i * 60'000;
    ASSIGN_OR_RETURN(message, store.AddMessage(message));
    message.status = store::MessageStatus::kCompleted;
    message.answer_json = source.message.answer_json;
    message.updated_ms += 1'000;
    store::StoredResult result = source.result;
    result.message_id = message.id;
    RETURN_IF_ERROR(store.FinishMessage(message, &result));
  }
  return conversation.id;
}

struct Timings {
  std::vector<double> http_ms;
  std::vector<double> store_ms;
  size_t body_bytes = 0;
};

// One timed GET of the whole conversation; checks it came back whole the
// first time (parsing is not timed) and that every body is as long.
Status TimeHttpRead(ApiClient& client, const std::string& target, int messages, Timings* timings) {
  const auto start = SteadyClock::now();
  ASSIGN_OR_RETURN(server::testing::HttpResponse response, client.Send("GET", target));
  const double ms = MillisecondsBetween(start, SteadyClock::now());
  if (response.status != 200) {
    return FailedPreconditionError(fmt::format("GET {}: HTTP {}", target, response.status));
  }
  if (timings->body_bytes == 0) {
    const json body = json::parse(response.body, nullptr, false);
    const auto read = body.find("messages");
    if (read == body.end() || !read->is_array() || read->size() != static_cast<size_t>(messages)) {
      return FailedPreconditionError(fmt::format("GET {}: not {} messages", target, messages));
    }
    timings->body_bytes = response.body.size();
  } else if (response.body.size() != timings->body_bytes) {
    return FailedPreconditionError(fmt::format("GET {}: the body changed length", target));
  }
  timings->http_ms.push_back(ms);
  return Status::Ok();
}

Status TimeStoreRead(store::Store& store, const store::User& user, const std::string& id,
                     int messages, Timings* timings) {
  const auto start = SteadyClock::now();
  ASSIGN_OR_RETURN(std::vector<store::Message> read, store.ListMessages(user.id, id));
  const double ms = MillisecondsBetween(start, SteadyClock::now());
  if (read.size() != static_cast<size_t>(messages)) {
    return FailedPreconditionError(
        fmt::format("ListMessages: {} messages, not {}", read.size(), messages));
  }
  timings->store_ms.push_back(ms);
  return Status::Ok();
}

// Three reads each to warm up, then `runs` of each, alternating.
StatusOr<Timings> TimeReads(BenchServer& server, const BenchUser& user, const std::string& id,
                            const Options& options) {
  ApiClient client(server.port(), user.token);
  const std::string target = fmt::format("/api/v1/conversations/{}", id);
  Timings warm_up;
  for (int i = 0; i < 3; ++i) {
    RETURN_IF_ERROR(TimeHttpRead(client, target, options.messages, &warm_up));
    RETURN_IF_ERROR(TimeStoreRead(server.store(), user.user, id, options.messages, &warm_up));
  }
  Timings timings;
  for (int i = 0; i < options.runs; ++i) {
    RETURN_IF_ERROR(TimeHttpRead(client, target, options.messages, &timings));
    RETURN_IF_ERROR(TimeStoreRead(server.store(), user.user, id, options.messages, &timings));
  }
  return timings;
}

void PrintSources(const std::vector<SourceAnswer>& sources, int messages) {
  size_t answer_bytes = 0, result_bytes = 0;
  for (const SourceAnswer& source : sources) {
    answer_bytes += source.message.answer_json.size();
    result_bytes += source.result.rows_json.size();
    std::cout << fmt::format("  {:<32} answer {:>6} bytes, stored rows {:>4} ({} bytes)\n",
                             source.message.question, source.message.answer_json.size(),
                             source.result.stored_rows, source.result.rows_json.size());
  }
  std::cout << fmt::format(
      "conversation: {} answered messages, copies of these {} answers in turn "
      "(answer JSON {:.1f} KB on average)\n",
      messages, sources.size(), static_cast<double>(answer_bytes) / sources.size() / 1024);
}

StatusOr<int> Run(Options options) {
  server::testing::TempDir folder;
  if (options.warehouse.empty()) options.warehouse = (folder.path() / "demo.duckdb").string();
  RawDuckDb direct;
  ASSIGN_OR_RETURN(std::string today,
                   OpenDemoWarehouse(options.warehouse, options.rows, &direct, std::cout));
  ASSIGN_OR_RETURN(std::unique_ptr<BenchServer> server,
                   BenchServer::Start({options.warehouse, today, folder.path().string(), 1}));
  const BenchUser& user = server->users()[0];
  ASSIGN_OR_RETURN(std::vector<SourceAnswer> sources, AskSources(*server, user));
  PrintSources(sources, options.messages);
  const auto writing = SteadyClock::now();
  ASSIGN_OR_RETURN(std::string id,
                   WriteConversation(server->store(), user.user, sources, options.messages));
  std::cout << fmt::format("written to the store in {:.1f} s (not timed)\n",
                           MillisecondsBetween(writing, SteadyClock::now()) / 1000);

  ASSIGN_OR_RETURN(Timings timings, TimeReads(*server, user, id, options));
  const Distribution http = Describe(timings.http_ms);
  const Distribution store = Describe(timings.store_ms);
  std::cout << fmt::format("\nopening the conversation, {} runs each, alternating\n", options.runs)
            << fmt::format("  {:<44} {:>8} {:>8} {:>8}\n", "", "p50 ms", "p99 ms", "max ms")
            << fmt::format("  {:<44} {:8.2f} {:8.2f} {:8.2f}\n",
                           "http   GET /api/v1/conversations/{id}", http.median, http.p99, http.max)
            << fmt::format("  {:<44} {:8.2f} {:8.2f} {:8.2f}\n",
                           "store  Store::ListMessages (baseline)", store.median, store.p99,
                           store.max)
            << fmt::format("  response body {:.2f} MB\n",
                           static_cast<double>(timings.body_bytes) / (1024 * 1024))
            << fmt::format("ratio http / store (p50): {:.2f}\n",
                           store.median > 0 ? http.median / store.median : 0)
            << fmt::format("http p99: {:.2f} ms (target < {:.0f} ms)\n", http.p99, kTargetP99Ms);
  return options.check && http.p99 >= kTargetP99Ms ? 1 : 0;
}

}  // namespace
}  // namespace scry::bench

int main(int argc, char** argv) {
  CLI::App app("Opening a long conversation over HTTP, against reading it from the store");
  scry::bench::Options options;
  app.add_option("--warehouse", options.warehouse,
                 "Demo warehouse to reuse, or to create when missing (default: a temporary one)");
  app.add_option("--rows", options.rows, "Order lines to generate when the warehouse is missing");
  app.add_option("--messages", options.messages, "Answered messages in the conversation")
      ->check(CLI::Range(1, 100'000));
  app.add_option("--runs", options.runs, "Timed reads of each kind")->check(CLI::Range(1, 100'000));
  app.add_flag("--check", options.check, "Also fail when the HTTP p99 is 50 ms or more");
  CLI11_PARSE(app, argc, argv);
  return scry::bench::ExitCode("history_bench", scry::bench::Run(options));
}
