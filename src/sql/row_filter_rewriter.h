// Row filters in the SQL that runs: every read of a filtered table becomes a
// read of only the rows its predicate keeps. The same rewrite replaces every
// read of a virtual table (a conversation's attachment) with its source.
//
// The rewrite works on the original text, guided by DuckDB's parse tree: each
// base-table reference carries the byte offset of its name (query_location),
// so the name's exact span is replaced, whatever surrounds it (an alias,
// column aliases, a JOIN, a LATERAL, comments inside the name):
//
//   FROM main.orders o      ->  FROM (SELECT * FROM "main"."orders" WHERE (p)) o
//   FROM "Orders"           ->  FROM (SELECT * FROM "Orders" WHERE (p)) AS "Orders"
//
// References to CTEs are not table reads and are left alone (the tree walker
// applies DuckDB's scoping). The guard then parses the rewritten text again and
// calls VerifyRowFilters: every read of a filtered table in the new tree must
// be one of the wrapped reads, at the offset the rewrite put it; anything
// else (a reference the parser placed elsewhere, a name the text does not
// spell where the tree says) refuses the query. The rewrite is therefore
// never trusted on its own.
//
// Predicates are SQL text supplied by the caller (auth/row_filters.h builds
// them with quoted identifiers and escaped literals). They must name only
// columns the table has: an unknown column could bind to an outer query.
//
// Thread-safe: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "sql/sql_tree_walker.h"

namespace scry::sql {

// Table name (bare, compared case-insensitively, any schema) -> predicate.
using RowFilterMap = std::map<std::string, std::string>;
// Virtual table name (bare, compared case-insensitively, unqualified
// references only) -> its source: a table function call the server wrote,
// function name first, e.g. read_parquet('/srv/attachments/c1/a1.parquet').
using VirtualTableMap = std::map<std::string, std::string>;

struct RowFilterRewrite {
  std::string sql;
  // Byte offsets in `sql` of the name inside each wrapper: where a filtered
  // read must stand when `sql` is parsed again.
  std::vector<size_t> filtered_reads;
  // Byte offsets in `sql` of each virtual table's source (its function
  // name): the only places a table function the guard's rules refuse may
  // stand when `sql` is parsed again.
  std::vector<size_t> source_reads;
};

// Returns the predicate for `ref` in `filters`, or nullptr when the table is
// not filtered.
const std::string* FindRowFilter(const RowFilterMap& filters, const TableReference& ref);

// Returns the source for `ref` in `sources`, or nullptr when it is not a
// virtual table. Only an unqualified name can be one: "main.t" never is.
const std::string* FindVirtualTable(const VirtualTableMap& sources, const TableReference& ref);

// Returns `sql` with every reference in `tables` (from parsing exactly `sql`)
// that has a row filter wrapped in a filtering subquery. PermissionDenied when
// a filtered reference has no location or its name is not spelled at its
// location. With no filtered reference, returns `sql` unchanged.
StatusOr<RowFilterRewrite> ApplyRowFilters(std::string_view sql,
                                           const std::vector<TableReference>& tables,
                                           const RowFilterMap& filters);

// As ApplyRowFilters, and also replaces every reference to a virtual table
// with its source, the same way:
//
//   FROM targets      ->  FROM (SELECT * FROM read_parquet('...')) AS "targets"
//   FROM targets t    ->  FROM (SELECT * FROM read_parquet('...')) t
//
// A table may not be both filtered and virtual (InvalidArgument).
StatusOr<RowFilterRewrite> ApplyTableRewrites(std::string_view sql,
                                              const std::vector<TableReference>& tables,
                                              const RowFilterMap& filters,
                                              const VirtualTableMap& sources);

// Checks the parse of a rewritten text: every reference in `tables` that has a
// row filter must stand at one of `expected` (RowFilterRewrite::filtered_reads),
// and each expected read must be there. PermissionDenied otherwise.
Status VerifyRowFilters(const std::vector<TableReference>& tables, const RowFilterMap& filters,
                        const std::vector<size_t>& expected);

// Checks the parse of a rewritten text: each of `expected`
// (RowFilterRewrite::source_reads) holds a table function call. The caller
// refuses any other call its rules refuse. PermissionDenied otherwise.
Status VerifyVirtualSources(const std::vector<FunctionCall>& table_functions,
                            const std::vector<size_t>& expected);

}  // namespace scry::sql
