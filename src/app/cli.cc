#include "app/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.h"
#include "app/warehouse.h"
#include "common/clock.h"

namespace scry::app {
namespace {

void AddWarehouseOption(CLI::App* command, std::string* warehouse) {
  command->add_option("--warehouse,-w", *warehouse,
                      "Warehouse file: DuckDB, or a SQLite file to read (default: "
                      "$SCRY_WAREHOUSE or scry-data/warehouse.duckdb)");
}

void AddAskOptions(CLI::App* command, AskCommandOptions* options) {
  command->add_option("--model", options->model,
                      "Semantic model file (default: <warehouse>.model.yaml, else bootstrapped)");
  command->add_option("--today", options->today,
                      "The date relative dates are read against, YYYY-MM-DD (default: today)");
  command->add_option("--max-rows", options->max_rows, "Rows to show")->check(CLI::PositiveNumber);
  command->add_option("--timeout", options->timeout_seconds, "Seconds the query may run")
      ->check(CLI::PositiveNumber);
}

// Errors are one line on stderr: what failed and why, never a stack of codes.
int Report(const Status& status) {
  if (status.ok()) return 0;
  std::cerr << "scry: " << status.message() << '\n';
  return 1;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app("scry: ask your data warehouse questions", "scry");
  app.require_subcommand(1);
  app.set_version_flag("--version", "scry 0.1.0");

  const std::string default_warehouse = DefaultWarehousePath();
  SqlCommandOptions sql;
  std::string sql_format = "table";
  sql.warehouse = default_warehouse;
  CLI::App* sql_cmd = app.add_subcommand("sql", "Run one SELECT statement (checked by the guard)");
  AddWarehouseOption(sql_cmd, &sql.warehouse);
  sql_cmd->add_option("query", sql.sql, "The SELECT statement")->required();
  sql_cmd->add_option("--format,-f", sql_format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  sql_cmd->add_option("--max-rows", sql.max_rows, "Rows the table format shows")
      ->check(CLI::PositiveNumber);
  sql_cmd->add_option("--timeout", sql.timeout_seconds, "Seconds the query may run")
      ->check(CLI::PositiveNumber);

  std::string tables_warehouse = default_warehouse;
  CLI::App* tables_cmd = app.add_subcommand("tables", "List the tables with their row counts");
  AddWarehouseOption(tables_cmd, &tables_warehouse);

  std::string describe_warehouse = default_warehouse;
  std::string describe_table;
  CLI::App* describe_cmd =
      app.add_subcommand("describe", "Describe a table: columns, types, keys, frequent values");
  AddWarehouseOption(describe_cmd, &describe_warehouse);
  describe_cmd->add_option("table", describe_table, "Table name")->required();

  ImportCommandOptions import;
  import.warehouse = default_warehouse;
  CLI::App* import_cmd =
      app.add_subcommand("import", "Import CSV, Parquet or JSON files as a table");
  AddWarehouseOption(import_cmd, &import.warehouse);
  import_cmd->add_option("files", import.files, "Files of the same shape")->required();
  import_cmd->add_option("--table,-t", import.table, "Table name (default: from the file name)");
  import_cmd->add_flag("--append", import.append, "Add the rows to an existing table");
  import_cmd->add_flag("--replace", import.replace, "Replace an existing table");
  import_cmd->add_option("--format", import.format, "auto, csv, parquet or json")
      ->check(CLI::IsMember({"auto", "csv", "parquet", "json"}));

  DemoCommandOptions demo;
  demo.warehouse = default_warehouse;
  CLI::App* demo_cmd =
      app.add_subcommand("demo-data", "Generate the demo retail warehouse (replaces its tables)");
  AddWarehouseOption(demo_cmd, &demo.warehouse);
  demo_cmd->add_option("--rows", demo.rows, "Order lines to generate")
      ->check(CLI::Range(int64_t{1000}, int64_t{2'000'000'000}));
  demo_cmd->add_option("--end-date", demo.end_date,
                       "Last day of history, YYYY-MM-DD (default: today)");
  demo_cmd->add_option("--seed", demo.seed, "Random seed");

  AskCommandOptions ask;
  ask.warehouse = default_warehouse;
  CLI::App* ask_cmd = app.add_subcommand("ask", "Answer one question in plain English");
  AddWarehouseOption(ask_cmd, &ask.warehouse);
  ask_cmd->add_option("question", ask.question, "The question")->required();
  AddAskOptions(ask_cmd, &ask);
  ask_cmd->add_flag("--json", ask.json, "Print the whole answer as one JSON object");
  ask_cmd->add_flag("--trace", ask.trace, "Show how the question was read, pass by pass");

  AskCommandOptions chat;
  chat.warehouse = default_warehouse;
  CLI::App* chat_cmd = app.add_subcommand("chat", "Hold a conversation with follow-ups");
  AddWarehouseOption(chat_cmd, &chat.warehouse);
  AddAskOptions(chat_cmd, &chat);

  ModelCommandOptions model;
  model.warehouse = default_warehouse;
  CLI::App* model_cmd = app.add_subcommand("model", "The semantic model: init, check");
  model_cmd->require_subcommand(1);
  CLI::App* model_init = model_cmd->add_subcommand("init", "Bootstrap the model from the schema");
  CLI::App* model_check = model_cmd->add_subcommand("check", "Check a model file against the data");
  for (CLI::App* command : {model_init, model_check}) {
    AddWarehouseOption(command, &model.warehouse);
    command->add_option("--model", model.model, "Model file (default: <warehouse>.model.yaml)");
  }
  model_init->add_flag("--force", model.force, "Replace an existing model file");

  EvalOptions eval;
  CLI::App* eval_cmd = AddEvalCommands(&app, &eval);

  ServeCommandOptions serve;
  CLI::App* serve_cmd = app.add_subcommand("serve", "Run the server (API, Genie API, web UI)");
  serve_cmd->add_option("--config", serve.config, "The configuration file (scry.yaml)");
  serve_cmd->add_option("--set", serve.overrides, "Override a configuration key: key=value");
  serve_cmd->add_option("--warehouse", serve.warehouse, "Serve this warehouse as space 'default'");
  serve_cmd->add_option("--listen", serve.listen, "Address to listen on, host:port");

  UserCommandOptions account;
  auto add_store_options = [&account](CLI::App* command) {
    command->add_option("--config", account.config, "The configuration file (scry.yaml)");
    command->add_option("--set", account.overrides, "Override a configuration key: key=value");
  };
  CLI::App* user_cmd = app.add_subcommand("user", "Accounts: add, list, set, set-role, set-attr");
  user_cmd->require_subcommand(1);
  CLI::App* user_add = user_cmd->add_subcommand("add", "Add a user");
  user_add->add_option("email", account.email, "Email address")->required();
  user_add->add_option("--name", account.name, "Display name");
  // No default_val: CLI11 would apply it to the other user commands too.
  user_add->add_option("--role", account.role, "viewer (default), author or admin");
  user_add->add_option("--password", account.password, "Password for signing in to the web UI");
  CLI::App* user_list = user_cmd->add_subcommand("list", "List the users");
  CLI::App* user_set = user_cmd->add_subcommand("set", "Change a user's role or attributes");
  user_set->add_option("email", account.email, "Email address")->required();
  user_set->add_option("--role", account.role, "viewer, author or admin");
  user_set->add_option("--attr", account.attribute, "key=value (row filters read these)");
  CLI::App* user_set_role = user_cmd->add_subcommand("set-role", "Change a user's role");
  user_set_role->add_option("email", account.email, "Email address")->required();
  user_set_role->add_option("role", account.role, "viewer, author or admin")->required();
  CLI::App* user_set_attr =
      user_cmd->add_subcommand("set-attr", "Set a user attribute (key= removes it)");
  user_set_attr->add_option("email", account.email, "Email address")->required();
  user_set_attr->add_option("attribute", account.attribute, "key=value")->required();
  CLI::App* token_cmd = app.add_subcommand("token", "Personal access tokens: create, list, revoke");
  token_cmd->require_subcommand(1);
  CLI::App* token_create = token_cmd->add_subcommand("create", "Create a token (printed once)");
  token_create->add_option("email", account.email, "The token's owner")->required();
  token_create->add_option("--name", account.name, "What the token is for");
  token_create->add_option("--ttl-days", account.ttl_days, "Days until it expires");
  CLI::App* token_list = token_cmd->add_subcommand("list", "List a user's tokens");
  token_list->add_option("email", account.email, "The tokens' owner")->required();
  CLI::App* token_revoke = token_cmd->add_subcommand("revoke", "Revoke a token");
  token_revoke->add_option("email", account.email, "The token's owner")->required();
  token_revoke->add_option("id", account.token_id, "The token's id")->required();
  CLI::App* grant_cmd = app.add_subcommand("grant", "Who may use a space: add, list, remove");
  grant_cmd->require_subcommand(1);
  CLI::App* grant_add = grant_cmd->add_subcommand("add", "Let a user or a group use a space");
  CLI::App* grant_remove = grant_cmd->add_subcommand("remove", "Take a grant back");
  for (CLI::App* command : {grant_add, grant_remove}) {
    command->add_option("space", account.space, "The space's id")->required();
    command->add_option("--user", account.email, "A user's email");
    command->add_option("--group", account.group, "A group name");
  }
  CLI::App* grant_list = grant_cmd->add_subcommand("list", "List a space's grants");
  grant_list->add_option("space", account.space, "The space's id")->required();
  for (CLI::App* command :
       {user_add, user_list, user_set, user_set_role, user_set_attr, token_create, token_list,
        token_revoke, grant_add, grant_list, grant_remove}) {
    add_store_options(command);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (sql_cmd->parsed()) {
    ParseOutputFormat(sql_format, &sql.format);
    return Report(RunSql(sql, std::cout));
  }
  if (tables_cmd->parsed()) return Report(RunTables(tables_warehouse, std::cout));
  if (describe_cmd->parsed())
    return Report(RunDescribe(describe_warehouse, describe_table, std::cout));
  if (import_cmd->parsed()) return Report(RunImport(import, std::cout));
  if (ask_cmd->parsed()) return Report(RunAsk(ask, std::cout));
  if (chat_cmd->parsed()) return Report(RunChat(chat, std::cin, std::cout));
  if (model_init->parsed()) return Report(RunModelInit(model, std::cout));
  if (model_check->parsed()) return Report(RunModelCheck(model, std::cout));
  if (eval_cmd->parsed()) return Report(RunEval(eval, std::cout));
  if (serve_cmd->parsed()) return Report(RunServe(serve, std::cout));
  if (user_add->parsed()) return Report(RunUserAdd(account, std::cout));
  if (user_list->parsed()) return Report(RunUserList(account, std::cout));
  if (user_set->parsed() || user_set_role->parsed() || user_set_attr->parsed()) {
    return Report(RunUserSet(account, std::cout));
  }
  if (grant_add->parsed()) return Report(RunGrantAdd(account, std::cout));
  if (grant_list->parsed()) return Report(RunGrantList(account, std::cout));
  if (grant_remove->parsed()) return Report(RunGrantRemove(account, std::cout));
  if (token_create->parsed()) return Report(RunTokenCreate(account, std::cout));
  if (token_list->parsed()) return Report(RunTokenList(account, std::cout));
  if (token_revoke->parsed()) return Report(RunTokenRevoke(account, std::cout));
  if (demo_cmd->parsed()) {
    SystemClock clock;
    return Report(RunDemoData(demo, clock, std::cout));
  }
  return 0;
}

}  // namespace scry::app
