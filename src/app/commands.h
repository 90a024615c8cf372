// The CLI's subcommands as plain functions: options in, text out, a Status
// back. cli.cc parses arguments into these option structs; tests call the
// functions directly.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "app/output_format.h"
#include "common/clock.h"
#include "common/status.h"
#include "eval/eval_command.h"

namespace CLI {
class App;
}  // namespace CLI

namespace scry::app {

struct SqlCommandOptions {
  std::string warehouse;
  std::string sql;
  OutputFormat format = OutputFormat::kTable;
  // Rows printed by the table format; CSV and JSON print every row.
  int64_t max_rows = 1000;
  double timeout_seconds = 60;
};

// Runs an analyst's SELECT through the guard on the read-only warehouse.
Status RunSql(const SqlCommandOptions& options, std::ostream& out);

// Lists the tables with row and column counts.
Status RunTables(const std::string& warehouse, std::ostream& out);

// Describes one table: columns, types, keys, distinct counts, frequent values.
Status RunDescribe(const std::string& warehouse, const std::string& table, std::ostream& out);

struct ImportCommandOptions {
  std::string warehouse;
  std::vector<std::string> files;
  std::string table;
  std::string format = "auto";  // auto, csv, parquet, json
  bool append = false;
  bool replace = false;
};

Status RunImport(const ImportCommandOptions& options, std::ostream& out);

struct DemoCommandOptions {
  std::string warehouse;
  int64_t rows = 10'000'000;
  std::string end_date;  // YYYY-MM-DD; empty = today by `clock`
  uint64_t seed = 42;
};

Status RunDemoData(const DemoCommandOptions& options, const Clock& clock, std::ostream& out);

struct AskCommandOptions {
  std::string warehouse;
  std::string model;  // empty: "<warehouse>.model.yaml" if it exists, else bootstrapped
  std::string question;
  std::string today;  // YYYY-MM-DD for relative dates; empty = the system clock
  bool json = false;
  bool trace = false;  // print how the parser read the question
  int64_t max_rows = 1000;
  double timeout_seconds = 60;
};

// Answers one question: the interpretation, the SQL and the table (or one
// JSON object). Fails only when the understood query could not run.
Status RunAsk(const AskCommandOptions& options, std::ostream& out);

// A conversation in the terminal: each line a question, follow-ups read
// against the previous answer, clarifications answered by their number.
Status RunChat(const AskCommandOptions& options, std::istream& in, std::ostream& out);

struct ModelCommandOptions {
  std::string warehouse;
  std::string model;  // empty: "<warehouse>.model.yaml"
  bool force = false;
};

// Bootstraps the semantic model from the live schema and writes it as YAML.
Status RunModelInit(const ModelCommandOptions& options, std::ostream& out);
// Checks a model file against the warehouse; every problem is listed.
Status RunModelCheck(const ModelCommandOptions& options, std::ostream& out);

struct EvalOptions {
  eval::EvalCommandOptions command;
  double min_ex = -1;  // negative: no ratchet
  std::string today;
  std::string trace;           // questions containing this get the parser's trace on stderr
  CLI::App* spider = nullptr;  // set by AddEvalCommands: which suite was chosen
};

// Declares `scry eval spider|sparc` on `app`; returns the eval command.
CLI::App* AddEvalCommands(CLI::App* app, EvalOptions* options);
Status RunEval(const EvalOptions& options, std::ostream& out);

struct ServeCommandOptions {
  std::string config;                  // scry.yaml; empty: defaults
  std::vector<std::string> overrides;  // --set key=value
  std::string warehouse;               // --warehouse: a space "default" on this file
  std::string listen;                  // --listen host:port
};

// Runs the server until SIGINT or SIGTERM, then stops gracefully.
Status RunServe(const ServeCommandOptions& options, std::ostream& out);

// scry user add|list|set and scry token create|list|revoke, on the store the
// configuration names.
struct UserCommandOptions {
  std::string config;
  std::vector<std::string> overrides;
  std::string email;
  std::string name;
  std::string role;
  std::string password;
  std::string attribute;  // set: key=value (empty value removes the key)
  double ttl_days = 0;
  int64_t token_id = 0;
  // grant: the space, and a user's email or a group name.
  std::string space;
  std::string group;
};

Status RunUserAdd(const UserCommandOptions& options, std::ostream& out);
Status RunUserList(const UserCommandOptions& options, std::ostream& out);
Status RunUserSet(const UserCommandOptions& options, std::ostream& out);
Status RunTokenCreate(const UserCommandOptions& options, std::ostream& out);
Status RunTokenList(const UserCommandOptions& options, std::ostream& out);
Status RunTokenRevoke(const UserCommandOptions& options, std::ostream& out);
// Grants of a space to a user (options.email) or a group (options.group).
Status RunGrantAdd(const UserCommandOptions& options, std::ostream& out);
Status RunGrantList(const UserCommandOptions& options, std::ostream& out);
Status RunGrantRemove(const UserCommandOptions& options, std::ostream& out);

}  // namespace scry::app
