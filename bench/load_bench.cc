// load_bench: the real server under load over loopback, and what it costs
// beyond the engine for each answered question.
//
// The server is scry::app::ServerApp (bench_server.h) over the demo warehouse.
// Each client is a user with its own token and its own connections; it loops:
// start a conversation, ask a typical question, ask a follow-up, follow each
// message's event stream to its answer, and read the conversation back.
//
// Three phases, in one run:
//   1. unloaded: one client asks every script `--rounds` times (after one
//      round not counted), and after each answer the same SQL runs directly
//      on a DuckDB connection (the baseline, interleaved so noise hits both);
//   2. load: `--clients` clients for `--seconds`;
//   3. report: throughput, latencies and errors; then, per question, where
//      the time of an answer went (see PrintOverhead for the definitions).
//
// Any failed request, or an answer that is not a completed query (a failure,
// a clarification, not understood), is an error: the exit status is then 1.
// `--check` also fails when the unloaded overhead is 10% of the engine time
// or more.
//
//   load_bench [--warehouse PATH] [--rows N] [--clients K] [--seconds S]
//              [--rounds R] [--workers W] [--check]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_server.h"
#include "bench/bench_util.h"

namespace scry::bench {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// A typical question about the demo's orders, revenue, customers and stores,
// and a follow-up that refines it; each is answered directly (no
// clarification) by the model-free parser.
struct Script {
  const char* question;
  const char* follow_up;
};

constexpr Script kScripts[] = {
    {"total revenue", "by year"},
    {"revenue by store region", "only online"},
    {"revenue by month last year", "by category instead"},
    {"top 10 customers by revenue", "last year"},
    {"average revenue by customer segment", "last year"},
    {"orders by channel", "and by status"},
};

// One answered question.
struct Sample {
  std::string label;  // the question, or "<question> / <follow-up>"
  std::string message_id;
  std::string sql;
  double waited_ms = 0;   // question sent → answer event read
  double started_ms = 0;  // Asked::started_ms
  double run_ms = 0;      // the engine, inside the server (answer.timings_ms.run)
  double nlq_sql_ms = 0;  // understand + compile + guard (answer.timings_ms)
  double latency_ms = 0;  // the usage event's: question stored → answer stored
};

struct Tally {
  std::vector<Sample> samples;
  std::vector<double> read_ms;  // GET /api/v1/conversations/{id}
  int64_t requests = 0;
  int64_t conversations = 0;
  int64_t errors = 0;
  std::vector<std::string> first_errors;

  void Error(std::string message) {
    ++errors;
    if (first_errors.size() < 5) first_errors.push_back(std::move(message));
  }
  void Merge(Tally other) {
    for (Sample& sample : other.samples) samples.push_back(std::move(sample));
    read_ms.insert(read_ms.end(), other.read_ms.begin(), other.read_ms.end());
    requests += other.requests;
    conversations += other.conversations;
    errors += other.errors;
    for (std::string& message : other.first_errors) {
      if (first_errors.size() < 5) first_errors.push_back(std::move(message));
    }
  }
};

// Direct DuckDB times of each SQL text, in milliseconds.
using DirectTimes = std::map<std::string, std::vector<double>>;

// The answered question as a sample; an error when the message is not a
// completed query with its SQL and timings.
StatusOr<Sample> ReadSample(std::string label, const Asked& asked) {
  const json& message = asked.message;
  const json answer = message.value("answer", json::object());
  const std::string status = message.value("status", "");
  const std::string kind = answer.value("kind", "");
  if (status != "completed" || kind != "query" || answer.contains("error") ||
      !answer.contains("sql") || !answer["sql"].is_string() || !answer.contains("timings_ms")) {
    return FailedPreconditionError(
        fmt::format("'{}': status {}, kind {}{}", label, status, kind,
                    answer.contains("error") ? ", error " + answer["error"].dump() : ""));
  }
  const json& timings = answer["timings_ms"];
  Sample sample;
  sample.label = std::move(label);
  sample.message_id = message.value("id", "");
  sample.sql = answer["sql"].get<std::string>();
  sample.waited_ms = asked.waited_ms;
  sample.started_ms = asked.started_ms;
  sample.run_ms = timings.value("run", 0.0);
  sample.nlq_sql_ms = timings.value("understand", 0.0) + timings.value("compile", 0.0) +
                      timings.value("guard", 0.0);
  return sample;
}

StatusOr<Sample> SampleOf(std::string label, const Asked& asked) {
  try {
    return ReadSample(std::move(label), asked);
  } catch (const json::exception& e) {  // a field of another type than the API's
    return Status(StatusCode::kDataLoss, fmt::format("the answer's JSON: {}", e.what()));
  }
}

// One conversation of a client: the script's question, its follow-up, and
// reading the conversation back. Stops at the first error.
void RunConversation(ApiClient& client, const Script& script, Tally* tally) {
  StatusOr<std::string> id = client.StartConversation();
  if (!id.ok()) return tally->Error(id.status().ToString());
  ++tally->conversations;
  for (const char* turn : {script.question, script.follow_up}) {
    StatusOr<Asked> asked = client.Ask(*id, turn);
    if (!asked.ok()) return tally->Error(asked.status().ToString());
    const std::string label =
        turn == script.question ? std::string(turn) : fmt::format("{} / {}", script.question, turn);
    StatusOr<Sample> sample = SampleOf(label, *asked);
    if (!sample.ok()) return tally->Error(sample.status().ToString());
    tally->samples.push_back(std::move(sample).value());
  }
  const auto start = SteadyClock::now();
  StatusOr<json> read = client.Call("GET", fmt::format("/api/v1/conversations/{}", *id));
  const double ms = MillisecondsBetween(start, SteadyClock::now());
  if (!read.ok()) return tally->Error(read.status().ToString());
  const auto messages = read->find("messages");
  if (messages == read->end() || !messages->is_array() || messages->size() != 2) {
    return tally->Error(fmt::format("conversation {}: expected 2 messages", *id));
  }
  tally->read_ms.push_back(ms);
}

Status RunDirect(RawDuckDb& direct, const std::string& sql, DirectTimes* times) {
  const auto start = SteadyClock::now();
  RETURN_IF_ERROR(direct.Run(sql).status().WithContext(sql));
  (*times)[sql].push_back(MillisecondsBetween(start, SteadyClock::now()));
  return Status::Ok();
}

// Phase 1: one client, one question at a time, each answer's SQL then run
// directly. The first round warms up (its errors still count).
StatusOr<Tally> RunUnloaded(BenchServer& server, RawDuckDb& direct, int rounds,
                            DirectTimes* times) {
  ApiClient client(server.port(), server.users()[0].token);
  Tally tally;
  for (int round = 0; round <= rounds; ++round) {
    Tally this_round;
    DirectTimes warm_up;
    for (const Script& script : kScripts) {
      const size_t before = this_round.samples.size();
      RunConversation(client, script, &this_round);
      for (size_t i = before; i < this_round.samples.size(); ++i) {
        RETURN_IF_ERROR(
            RunDirect(direct, this_round.samples[i].sql, round == 0 ? &warm_up : times));
      }
    }
    if (round == 0) {  // only its errors count
      this_round.samples.clear();
      this_round.read_ms.clear();
      this_round.conversations = 0;
    }
    tally.Merge(std::move(this_round));
  }
  tally.requests = client.requests();
  return tally;
}

// Phase 2: `clients` clients loop until `seconds` have passed; a conversation
// under way then is finished. `*elapsed_s` is until the last one finished.
Tally RunLoad(BenchServer& server, int clients, double seconds, double* elapsed_s) {
  std::vector<Tally> tallies(clients);
  std::vector<std::thread> threads;
  const auto start = SteadyClock::now();
  const auto deadline = start + std::chrono::duration_cast<SteadyClock::duration>(
                                    std::chrono::duration<double>(seconds));
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&server, &tallies, c, deadline] {
      ApiClient client(server.port(), server.users()[c].token);
      for (size_t i = 0; SteadyClock::now() < deadline; ++i) {
        RunConversation(client, kScripts[(c + i) % std::size(kScripts)], &tallies[c]);
      }
      tallies[c].requests = client.requests();
    });
  }
  for (std::thread& thread : threads) thread.join();
  *elapsed_s = MillisecondsBetween(start, SteadyClock::now()) / 1000;
  Tally all;
  for (Tally& tally : tallies) all.Merge(std::move(tally));
  return all;
}

// Each sample's usage event (stored by the server) gives the time the
// service spent on it, from storing the question to storing the answer.
Status AddServiceLatencies(store::Store& store, std::vector<Tally*> tallies) {
  ASSIGN_OR_RETURN(std::vector<store::UsageEvent> events, store.ListUsageEvents({}));
  std::map<std::string, double> latency;
  for (const store::UsageEvent& event : events) latency[event.message_id] = event.latency_ms;
  for (Tally* tally : tallies) {
    for (Sample& sample : tally->samples) {
      auto it = latency.find(sample.message_id);
      if (it == latency.end()) {
        return NotFoundError(fmt::format("no usage event for message {}", sample.message_id));
      }
      sample.latency_ms = it->second;
    }
  }
  return Status::Ok();
}

void PrintLoad(const Tally& tally, int clients, double elapsed_s, int workers) {
  std::cout << fmt::format(
      "\nload: {} clients for {:.1f} s ({} question workers)\n"
      "  conversations {:>8}\n"
      "  requests      {:>8}  {:8.1f}/s\n"
      "  questions     {:>8}  {:8.1f}/s answered\n"
      "  errors        {:>8}\n",
      clients, elapsed_s, workers, tally.conversations, tally.requests,
      static_cast<double>(tally.requests) / elapsed_s, tally.samples.size(),
      static_cast<double>(tally.samples.size()) / elapsed_s, tally.errors);
  std::vector<double> waited;
  for (const Sample& sample : tally.samples) waited.push_back(sample.waited_ms);
  const Distribution answer = Describe(waited);
  const Distribution read = Describe(tally.read_ms);
  std::cout << fmt::format("  {:<20} {:>9} {:>9} {:>9}\n", "", "p50 ms", "p99 ms", "max ms")
            << fmt::format("  {:<20} {:9.1f} {:9.1f} {:9.1f}   question sent -> answer read\n",
                           "question answered", answer.median, answer.p99, answer.max)
            << fmt::format("  {:<20} {:9.1f} {:9.1f} {:9.1f}   GET /api/v1/conversations/{{id}}\n",
                           "conversation read", read.median, read.p99, read.max);
}

// Means over a group of samples; see PrintOverhead.
struct Breakdown {
  int64_t n = 0;
  double direct = 0, engine = 0, wait = 0, queue = 0, nlq_sql = 0, worker = 0, http = 0;

  // `queued`: whether other questions were waiting (the load phase).
  void Add(const Sample& s, double direct_ms, bool queued) {
    const double queue_ms = queued ? s.started_ms : 0;
    ++n;
    direct += direct_ms;
    engine += s.run_ms;
    wait += s.waited_ms - queue_ms;
    queue += queue_ms;
    nlq_sql += s.nlq_sql_ms;
    worker += s.latency_ms - queue_ms - s.run_ms - s.nlq_sql_ms;
    http += s.waited_ms - s.latency_ms;
  }
  double Mean(double sum) const { return n > 0 ? sum / static_cast<double>(n) : 0; }
  double overhead() const { return wait - engine; }
  double ratio() const { return engine > 0 ? overhead() / engine : 0; }
};

std::string Row(const std::string& label, const Breakdown& b) {
  return fmt::format(
      "{:<48} {:>5} {:>7.2f} {:>8.2f} {:>8.2f} {:>9.2f} {:>8.2f} {:>7.2f} {:>7.2f} {:>8.1f}% "
      "{:>7.3f}\n",
      label, b.n, b.Mean(b.queue), b.Mean(b.direct), b.Mean(b.engine), b.Mean(b.overhead()),
      b.Mean(b.nlq_sql), b.Mean(b.worker), b.Mean(b.http), 100 * b.ratio(),
      b.direct > 0 ? b.wait / b.direct : 0);
}

// Prints, per question, the mean milliseconds of an answer; returns the
// overall overhead ratio.
double PrintOverhead(const std::string& title, const std::vector<Sample>& samples,
                     const DirectTimes& direct, bool queued) {
  std::map<std::string, Breakdown> by_label;
  std::vector<std::string> order;
  Breakdown all;
  for (const Sample& sample : samples) {
    auto it = direct.find(sample.sql);
    const double direct_ms = it == direct.end() ? 0 : Median(it->second);
    if (!by_label.count(sample.label)) order.push_back(sample.label);
    by_label[sample.label].Add(sample, direct_ms, queued);
    all.Add(sample, direct_ms, queued);
  }
  std::sort(order.begin(), order.end());
  std::cout << fmt::format("\n{}: mean ms per answered question\n", title)
            << fmt::format("{:<48} {:>5} {:>7} {:>8} {:>8} {:>9} {:>8} {:>7} {:>7} {:>9} {:>7}\n",
                           "question", "n", "queue", "direct", "engine", "overhead", "nlq+sql",
                           "worker", "http", "ovh/eng", "e2e/dir");
  for (const std::string& label : order) std::cout << Row(label, by_label[label]);
  std::cout << Row("all", all);
  return all.ratio();
}

void PrintDefinitions() {
  std::cout << R"(
How an answer's time is split (means per answered question, in ms):
  answer wait  question POST sent -> answer event read (client clock)
  queue        waiting for a worker behind other questions. Unloaded: 0 (one
               question at a time, idle workers). Under load: the question's
               202 read -> the first event after "submitted" (0 when that came
               before the event stream opened); it also holds the worker's
               first steps (history read, first stage stored), so under load
               this is an upper bound and overhead a lower bound
  direct       the same SQL run directly on a DuckDB connection (C API, every
               chunk fetched), median of the unloaded phase's runs; the space
               has no row filters, so it is the SQL the server ran
  engine       the SQL running in the engine inside the server (timings_ms.run)
  overhead     answer wait - queue - engine: all the server did for the
               question but run its SQL = nlq+sql + worker + http:
    nlq+sql    understand, compile, guard (timings_ms)
    worker     the rest of the service's time: storing the question, store
               reads and writes (history, stages, the answer and its rows),
               the answer JSON (usage event latency_ms - queue - engine - nlq+sql)
    http       request parsing, auth, conversation checks, the event stream,
               the usage write, delivery over loopback (answer wait - latency_ms)
  ovh/eng      overhead / engine;  e2e/dir  (answer wait - queue) / direct
)";
}

struct Options {
  std::string warehouse = "scry-data/load-bench.duckdb";
  int64_t rows = 10'000'000;
  int clients = 8;
  double seconds = 20;
  int rounds = 3;
  int workers = 2;
  bool check = false;
};

StatusOr<int> Run(const Options& options) {
  RawDuckDb direct;
  ASSIGN_OR_RETURN(std::string today,
                   OpenDemoWarehouse(options.warehouse, options.rows, &direct, std::cout));
  server::testing::TempDir folder;
  BenchServerOptions server_options{options.warehouse, today, folder.path().string(),
                                    options.clients, options.workers};
  const auto opening = SteadyClock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<BenchServer> server, BenchServer::Start(server_options));
  std::cout << fmt::format("server on 127.0.0.1:{} (opened in {:.1f} s), today {}\n",
                           server->port(), MillisecondsBetween(opening, SteadyClock::now()) / 1000,
                           today);

  DirectTimes times;
  ASSIGN_OR_RETURN(Tally unloaded, RunUnloaded(*server, direct, options.rounds, &times));
  double elapsed_s = 0;
  Tally load = RunLoad(*server, options.clients, options.seconds, &elapsed_s);
  RETURN_IF_ERROR(AddServiceLatencies(server->store(), {&unloaded, &load}));
  for (const Sample& sample : load.samples) {
    if (times.count(sample.sql)) continue;
    for (int i = 0; i < std::max(1, options.rounds); ++i) {
      RETURN_IF_ERROR(RunDirect(direct, sample.sql, &times));
    }
  }

  PrintLoad(load, options.clients, elapsed_s, options.workers);
  PrintDefinitions();
  const double quiet =
      PrintOverhead(fmt::format("unloaded: one question at a time, {} rounds", options.rounds),
                    unloaded.samples, times, /*queued=*/false);
  const double busy =
      PrintOverhead(fmt::format("under load: {} clients", options.clients), load.samples, times,
                    /*queued=*/true);
  const int64_t errors = unloaded.errors + load.errors;
  std::cout << fmt::format(
      "\nserver overhead ratio, unloaded:              {:.1f}% of engine time (target < 10%)\n"
      "server overhead ratio, under load ({} clients): {:.1f}% of engine time\n"
      "errors: {} (unloaded phase {}, load phase {})\n",
      100 * quiet, options.clients, 100 * busy, errors, unloaded.errors, load.errors);
  for (const Tally* tally : {&unloaded, &load}) {
    for (const std::string& message : tally->first_errors) std::cout << "  " << message << '\n';
  }
  if (errors > 0) return 1;
  if (options.check && quiet >= 0.10) return 1;
  return 0;
}

}  // namespace
}  // namespace scry::bench

int main(int argc, char** argv) {
  CLI::App app("The server under load over loopback, and its overhead beyond the engine");
  scry::bench::Options options;
  app.add_option("--warehouse", options.warehouse, "Demo warehouse (generated when missing)");
  app.add_option("--rows", options.rows, "Order lines to generate when the warehouse is missing");
  app.add_option("--clients", options.clients, "Concurrent clients")->check(CLI::Range(1, 256));
  app.add_option("--seconds", options.seconds, "Length of the load phase")
      ->check(CLI::PositiveNumber);
  app.add_option("--rounds", options.rounds, "Unloaded rounds of every script (after a warm-up)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--workers", options.workers, "The server's question workers")
      ->check(CLI::Range(1, 256));
  app.add_flag("--check", options.check, "Also fail when the unloaded overhead is 10% or more");
  CLI11_PARSE(app, argc, argv);
  return scry::bench::ExitCode("load_bench", scry::bench::Run(options));
}
