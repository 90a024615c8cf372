#include "sql/guard.h"

#include <duckdb.h>
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "sql/guard_rules.h"
#include "sql/row_filter_rewriter.h"
#include "sql/sql_text.h"
#include "sql/sql_tree_walker.h"

namespace scry::sql {
namespace {

using Json = nlohmann::json;

// The text travels as a bound parameter, never spliced into SQL.
constexpr const char* kSerializeQuery =
    "SELECT json_serialize_sql($1::VARCHAR, skip_null := true, skip_empty := true)";
constexpr std::string_view kOnlySelect = "Only SELECT statements can be serialized";
constexpr std::string_view kCteNeedsSelect = "A CTE needs a SELECT";
// Sessions kept for reuse; more concurrent checks open more and close them after.
constexpr size_t kMaxIdleSessions = 8;

// One connection and its prepared statement: a prepared statement may be
// used by one thread at a time, so each concurrent check takes its own.
struct Session {
  duckdb_connection connection = nullptr;
  duckdb_prepared_statement statement = nullptr;
};

void CloseSession(Session& session) {
  if (session.statement != nullptr) duckdb_destroy_prepare(&session.statement);
  if (session.connection != nullptr) duckdb_disconnect(&session.connection);
}

Status SetOption(duckdb_config config, const char* name, const char* value) {
  if (duckdb_set_config(config, name, value) == DuckDBError) {
    return InternalError(fmt::format("guard: DuckDB refused option {}={}", name, value));
  }
  return Status::Ok();
}

// The guard's instance only parses, but it is locked down like the engine's
// read-only one in case a parse ever reached further than expected.
Status LockDown(duckdb_config config) {
  RETURN_IF_ERROR(SetOption(config, "enable_external_access", "false"));
  RETURN_IF_ERROR(SetOption(config, "autoinstall_known_extensions", "false"));
  RETURN_IF_ERROR(SetOption(config, "autoload_known_extensions", "false"));
  RETURN_IF_ERROR(SetOption(config, "allow_community_extensions", "false"));
  RETURN_IF_ERROR(SetOption(config, "threads", "1"));
  RETURN_IF_ERROR(SetOption(config, "memory_limit", "64MB"));
  return SetOption(config, "lock_configuration", "true");
}

std::string_view StringField(const Json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

bool IsOnlySelectError(const Json& reply) {
  return reply.value("error", false) &&
         StringField(reply, "error_message").find(kOnlySelect) != std::string_view::npos;
}

// For text that is not one plain SELECT.
std::string StatementRefusal(std::string_view what) {
  return fmt::format("refused: {}; only a single SELECT may run", what);
}

// For a SELECT that reaches something it may not.
std::string Refusal(std::string_view what) { return fmt::format("refused: {}", what); }

}  // namespace

struct Guard::State {
  duckdb_database database = nullptr;
  std::mutex mu;
  std::vector<Session> idle;  // GUARDED_BY(mu)

  ~State() {
    for (Session& session : idle) CloseSession(session);
    if (database != nullptr) duckdb_close(&database);
  }

  StatusOr<Session> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!idle.empty()) {
        Session session = idle.back();
        idle.pop_back();
        return session;
      }
    }
    Session session;
    if (duckdb_connect(database, &session.connection) == DuckDBError) {
      return InternalError("guard: cannot connect to its DuckDB instance");
    }
    if (duckdb_prepare(session.connection, kSerializeQuery, &session.statement) == DuckDBError) {
      std::string error = duckdb_prepare_error(session.statement);
      CloseSession(session);
      return InternalError("guard: cannot prepare json_serialize_sql: " + error);
    }
    return session;
  }

  void Release(Session session) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (idle.size() < kMaxIdleSessions) {
        idle.push_back(session);
        return;
      }
    }
    CloseSession(session);
  }

  // Returns json_serialize_sql's reply for `sql`, parsed.
  StatusOr<Json> Serialize(std::string_view sql) {
    ASSIGN_OR_RETURN(Session session, Acquire());
    // Back to the pool on every path, an exception (bad_alloc) included.
    struct Lease {
      State* state;
      Session session;
      ~Lease() { state->Release(session); }
    } lease{this, session};
    return SerializeWith(lease.session, sql);
  }

 private:
  static StatusOr<Json> SerializeWith(const Session& session, std::string_view sql) {
    if (duckdb_bind_varchar_length(session.statement, 1, sql.data(), sql.size()) == DuckDBError) {
      return InvalidArgumentError("the SQL is not valid UTF-8");
    }
    duckdb_result result;
    if (duckdb_execute_prepared(session.statement, &result) == DuckDBError) {
      std::string error = duckdb_result_error(&result);
      duckdb_destroy_result(&result);
      return InternalError("guard: json_serialize_sql failed: " + error);
    }
    std::string text;
    if (duckdb_data_chunk chunk = duckdb_fetch_chunk(result); chunk != nullptr) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
      auto* values = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
      if (duckdb_data_chunk_get_size(chunk) > 0 &&
          duckdb_validity_row_is_valid(duckdb_vector_get_validity(vector), 0)) {
        text.assign(duckdb_string_t_data(&values[0]), duckdb_string_t_length(values[0]));
      }
      duckdb_destroy_data_chunk(&chunk);
    }
    duckdb_destroy_result(&result);
    Json reply = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (reply.is_discarded() || !reply.is_object()) {
      return InternalError("guard: json_serialize_sql returned no JSON object");
    }
    return reply;
  }
};

namespace {

// Explains a refusal of non-SELECT text by finding the statement at fault.
// Each piece is parsed again on its own; the decision was already made on the
// whole text, so a piece the splitter gets wrong only costs precision.
Status RefuseNonSelect(Guard::State& state, std::string_view sql) {
  const std::vector<std::string_view> pieces = SplitStatements(sql);
  if (pieces.size() == 1) {
    return PermissionDeniedError(
        StatementRefusal(WhyStatementIsRefused(StatementKeyword(pieces[0]))));
  }
  for (size_t i = 0; i < pieces.size(); ++i) {
    StatusOr<Json> reply = state.Serialize(pieces[i]);
    if (!reply.ok() || !IsOnlySelectError(*reply)) continue;
    return PermissionDeniedError(
        StatementRefusal(fmt::format("statement {} of {}: {}", i + 1, pieces.size(),
                                     WhyStatementIsRefused(StatementKeyword(pieces[i])))));
  }
  return PermissionDeniedError(StatementRefusal("the text holds a statement that is not a SELECT"));
}

Status RefuseParseError(Guard::State& state, const Json& reply, std::string_view sql) {
  const std::string_view message = StringField(reply, "error_message");
  if (message.find(kOnlySelect) != std::string_view::npos) return RefuseNonSelect(state, sql);
  if (message.find(kCteNeedsSelect) != std::string_view::npos) {
    return PermissionDeniedError(StatementRefusal(
        "a WITH clause holds a statement that is not a SELECT (a CTE that changes data)"));
  }
  if (StringField(reply, "error_type") == "parser") {
    return InvalidArgumentError(fmt::format("the SQL does not parse: {}", message));
  }
  return InvalidArgumentError(fmt::format("the SQL could not be parsed: {}", message));
}

// `trusted_sources`: sorted offsets where the guard's own rewrite put a
// virtual table's source; a table function there is the server's, not the
// user's.
Status CheckFunctions(const SqlTreeFacts& facts, const std::vector<size_t>& trusted_sources) {
  for (const FunctionCall& call : facts.table_functions) {
    if (call.location &&
        std::binary_search(trusted_sources.begin(), trusted_sources.end(), *call.location)) {
      continue;
    }
    if (std::optional<std::string> why = WhyTableFunctionIsRefused(call.name)) {
      return PermissionDeniedError(Refusal(fmt::format("table function {} {}", call.name, *why)));
    }
  }
  for (const FunctionCall& call : facts.functions) {
    if (std::optional<std::string> why = WhyFunctionIsRefused(call.name)) {
      return PermissionDeniedError(Refusal(fmt::format("function {} {}", call.name, *why)));
    }
  }
  return Status::Ok();
}

// Returns the allow-list entries the statement reads, lower case, sorted, unique.
StatusOr<std::vector<std::string>> CheckTables(const SqlTreeFacts& facts,
                                               const GuardPolicy& policy) {
  const TableAllowList allow_list(policy.allowed_tables);
  std::vector<std::string> tables;
  for (const TableReference& ref : facts.tables) {
    const std::string name = DisplayName(ref);
    if (LooksLikeFilePath(ref.table)) {
      return PermissionDeniedError(Refusal(fmt::format(
          "'{}' looks like a file path or URL, and reading files is not allowed", name)));
    }
    if (FindVirtualTable(policy.virtual_tables, ref) != nullptr) {
      tables.push_back(AsciiLower(ref.table));
    } else if (const std::string* entry = allow_list.Match(ref)) {
      tables.push_back(*entry);
    } else if (IsSystemTable(ref)) {
      return PermissionDeniedError(Refusal(fmt::format(
          "table '{}' belongs to the system catalog, which is not on the allow-list", name)));
    } else {
      return PermissionDeniedError(Refusal(
          fmt::format("table '{}' is not on the allow-list of tables this SQL may read", name)));
    }
  }
  std::sort(tables.begin(), tables.end());
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  return tables;
}

// Parses `sql` and returns what its single SELECT reads, after the checks
// that do not depend on the allow-list. Table functions at `trusted_sources`
// (the guard's own rewrite) are not judged.
StatusOr<SqlTreeFacts> ParseSingleSelect(Guard::State& state, std::string_view sql,
                                         const std::vector<size_t>& trusted_sources = {}) {
  ASSIGN_OR_RETURN(Json reply, state.Serialize(sql));
  if (reply.value("error", false)) return RefuseParseError(state, reply, sql);
  const auto statements = reply.find("statements");
  if (statements == reply.end() || !statements->is_array()) {
    return InternalError("guard: json_serialize_sql returned no statements");
  }
  if (statements->empty()) return InvalidArgumentError("the SQL holds only comments");
  if (statements->size() > 1) {
    return PermissionDeniedError(fmt::format(
        "refused: statement 2 of {}: only a single statement may run", statements->size()));
  }
  ASSIGN_OR_RETURN(SqlTreeFacts facts, WalkSqlTree((*statements)[0]));
  if (!facts.unsupported.empty()) {
    return PermissionDeniedError(StatementRefusal(facts.unsupported.front() + " may not run here"));
  }
  RETURN_IF_ERROR(CheckFunctions(facts, trusted_sources));
  return facts;
}

// The lower-case names of the tables in `facts` that `matches` picks,
// sorted, unique.
template <typename Matches>
std::vector<std::string> TablesWhere(const SqlTreeFacts& facts, Matches matches) {
  std::vector<std::string> names;
  for (const TableReference& ref : facts.tables) {
    if (matches(ref)) names.push_back(AsciiLower(ref.table));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// A virtual table that is also an allowed table or has a row filter would
// make a name mean two things: the policy is refused.
Status CheckVirtualTables(const GuardPolicy& policy) {
  const TableAllowList allow_list(policy.allowed_tables);
  for (const auto& [name, source] : policy.virtual_tables) {
    const TableReference bare{"", "", name, std::nullopt, false};
    if (allow_list.Match(bare) != nullptr || FindRowFilter(policy.row_filters, bare) != nullptr) {
      return InvalidArgumentError(
          fmt::format("guard policy: virtual table '{}' is also a table of the warehouse", name));
    }
  }
  return Status::Ok();
}

// Rewrites `checked.sql` under the policy's row filters and virtual tables
// and checks the result from the top again; the rewrite is kept only when
// every read of a filtered table in the new tree is one it wrapped, every
// source it put is there, no virtual table is left, and no table function
// the rules refuse stands anywhere but at a source.
Status RewriteTables(Guard::State& state, const SqlTreeFacts& facts, const GuardPolicy& policy,
                     CheckedSql& checked) {
  checked.filtered_tables = TablesWhere(facts, [&](const TableReference& ref) {
    return FindRowFilter(policy.row_filters, ref) != nullptr;
  });
  checked.virtual_tables = TablesWhere(facts, [&](const TableReference& ref) {
    return FindVirtualTable(policy.virtual_tables, ref) != nullptr;
  });
  if (checked.filtered_tables.empty() && checked.virtual_tables.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(
      RowFilterRewrite rewrite,
      ApplyTableRewrites(checked.sql, facts.tables, policy.row_filters, policy.virtual_tables));
  StatusOr<SqlTreeFacts> again = ParseSingleSelect(state, rewrite.sql, rewrite.source_reads);
  if (!again.ok()) {
    const char* what = checked.filtered_tables.empty() ? "the virtual tables" : "the row filters";
    return PermissionDeniedError(fmt::format("refused: {} cannot be applied to this SQL ({})", what,
                                             again.status().message()));
  }
  GuardPolicy rewritten = policy;
  rewritten.virtual_tables.clear();  // every read of one was replaced
  RETURN_IF_ERROR(CheckTables(*again, rewritten).status());
  RETURN_IF_ERROR(VerifyRowFilters(again->tables, policy.row_filters, rewrite.filtered_reads));
  RETURN_IF_ERROR(VerifyVirtualSources(again->table_functions, rewrite.source_reads));
  checked.sql = std::move(rewrite.sql);
  return Status::Ok();
}

StatusOr<CheckedSql> CheckStatements(Guard::State& state, std::string_view sql,
                                     const GuardPolicy& policy) {
  RETURN_IF_ERROR(CheckVirtualTables(policy));
  ASSIGN_OR_RETURN(SqlTreeFacts facts, ParseSingleSelect(state, sql));
  ASSIGN_OR_RETURN(std::vector<std::string> tables, CheckTables(facts, policy));
  CheckedSql checked{std::string(sql), std::move(tables), {}, {}};
  RETURN_IF_ERROR(RewriteTables(state, facts, policy, checked));
  return checked;
}

}  // namespace

StatusOr<std::unique_ptr<Guard>> Guard::Create() {
  auto state = std::make_unique<State>();
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) == DuckDBError) {
    return InternalError("guard: cannot create a DuckDB configuration");
  }
  Status locked = LockDown(config);
  char* error = nullptr;
  const bool opened =
      locked.ok() && duckdb_open_ext(nullptr, &state->database, config, &error) == DuckDBSuccess;
  duckdb_destroy_config(&config);
  if (!locked.ok()) return locked;
  if (!opened) {
    std::string message = error != nullptr ? error : "unknown error";
    duckdb_free(error);
    return InternalError("guard: cannot open its DuckDB instance: " + message);
  }
  // Prove that the parser is reachable before anyone relies on the guard.
  ASSIGN_OR_RETURN(Json probe, state->Serialize("SELECT 1"));
  if (probe.value("error", true)) return InternalError("guard: json_serialize_sql does not work");
  return std::unique_ptr<Guard>(new Guard(std::move(state)));
}

Guard::Guard(std::unique_ptr<State> state) : state_(std::move(state)) {}
Guard::~Guard() = default;

StatusOr<CheckedSql> Guard::Check(std::string_view sql, const GuardPolicy& policy) const {
  if (sql.size() > policy.max_sql_bytes) {
    return InvalidArgumentError(fmt::format("the SQL is {} bytes, more than the limit of {}",
                                            sql.size(), policy.max_sql_bytes));
  }
  // A NUL would end the text early for C APIs downstream: what runs would
  // not be what was checked.
  if (sql.find('\0') != std::string_view::npos) {
    return InvalidArgumentError("the SQL contains a NUL byte");
  }
  // The trimmed text is both what is parsed and what is returned to run.
  const std::string_view trimmed = TrimSql(sql);
  if (trimmed.empty()) return InvalidArgumentError("the SQL is empty");
  try {
    return CheckStatements(*state_, trimmed, policy);
  } catch (const std::exception& e) {
    // nlohmann-json throws on type mismatches; a tree of an unexpected shape
    // is refused, never passed.
    return InternalError(fmt::format("guard: cannot read the parse tree: {}", e.what()));
  }
}

}  // namespace scry::sql
