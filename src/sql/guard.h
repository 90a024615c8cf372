// Guard: the check every SQL text passes before it runs for a question or an
// analyst, whoever wrote it (the compiler, a person, a model).
//
// It parses the text with DuckDB's own parser (json_serialize_sql) and accepts
// exactly one SELECT statement (CTEs, subqueries, set operations and window
// functions are fine) that reads only tables on the policy's allow-list. It
// refuses everything else, with a message that says what was refused and why:
// writes and DDL, COPY/EXPORT, ATTACH, INSTALL/LOAD, PRAGMA, SET, CALL, several
// statements, and table functions that touch files or the network
// (read_csv, read_parquet, read_text, glob, ...), even though the engine's
// locked-down connection would refuse those too: two locks, not one.
//
// With row filters in the policy, the SQL returned is the text rewritten so
// that every read of a filtered table reads only the allowed rows, checked
// again from the top: still exactly one SELECT, and no read of a filtered
// table left outside a filter. Virtual tables (a conversation's attachments)
// are rewritten into their sources the same way.
//
// Thread-safe: Check() may be called from many threads at once.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"

namespace scry::sql {

struct GuardPolicy {
  // Tables the statement may read, compared case-insensitively. A name may be
  // bare ("orders", matching any schema) or qualified ("main.orders").
  std::vector<std::string> allowed_tables;
  // Largest accepted SQL text, in bytes.
  size_t max_sql_bytes = 100'000;
  // Row filters: table name (bare, compared case-insensitively, in any schema)
  // -> a boolean SQL predicate over that table's own columns, e.g.
  // "\"region\" = 'Europe'". Every read of such a table, wherever it stands
  // (joins, subqueries, CTE bodies, set operations, LATERAL), reads only the
  // rows the predicate keeps; see row_filter_rewriter.h. "false" hides every row.
  std::map<std::string, std::string> row_filters;
  // Virtual tables: name (bare, compared case-insensitively) -> the source the
  // server reads it from, a table function call written by the server, never
  // by a user: "read_parquet('/srv/attachments/c1/a1.parquet')". A statement
  // may read them by their unqualified name; each read is replaced with
  // "(SELECT * FROM <source>) AS name" and the result checked again from the
  // top, where a refused table function is accepted only where the rewrite
  // put a source. Naming the function or the path directly stays refused.
  // A virtual table must not also be on allowed_tables or have a row filter.
  std::map<std::string, std::string> virtual_tables;
};

struct CheckedSql {
  std::string sql;                  // the text that may run (row filters applied)
  std::vector<std::string> tables;  // tables it reads, lower case, sorted, unique
  // The tables whose reads were filtered, lower case, sorted, unique.
  std::vector<std::string> filtered_tables;
  // The virtual tables read (also in `tables`), lower case, sorted, unique.
  std::vector<std::string> virtual_tables;
};

class Guard {
 public:
  // Opens the private in-memory DuckDB instance used only for parsing. Fails
  // with Internal when DuckDB cannot start.
  static StatusOr<std::unique_ptr<Guard>> Create();
  ~Guard();

  // Returns the SQL that may run, or: InvalidArgument for text that does not
  // parse or is empty; PermissionDenied for anything that is not exactly one
  // read-only SELECT over allowed tables, or whose row filters cannot be
  // applied with certainty. The message names the refused thing
  // ("statement 2 of 2", "table 'secrets'", "function read_csv") and the reason.
  StatusOr<CheckedSql> Check(std::string_view sql, const GuardPolicy& policy) const;

  struct State;  // Defined in the .cc.

 private:
  explicit Guard(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace scry::sql
