// Row filters: rules that bind a space's rows to its users' attributes.
//
// A rule {attribute: "region", column: "region"} means: in every table of the
// space that has a column named "region", a user sees only the rows whose
// region equals the user's "region" attribute. {attribute, table, column}
// limits a rule to one table (and then the column must exist there). With
// "list": true the attribute may hold several values separated by commas
// ("Europe, Asia"), any of which matches.
//
// Fail closed: a user who lacks a bound attribute (or whose attribute is
// empty) sees no rows of the tables the rule covers. Several rules on one
// table must all hold.
//
// Rules live in a space's config JSON (store::Space::config_json) under the
// key "row_filters", as an array of rule objects. BuildRowFilters turns rules,
// a user's attributes and the space's catalog into per-table SQL predicates
// for the guard (sql::GuardPolicy::row_filters), which applies them to every
// read of those tables in the SQL that runs, whoever wrote it. Predicates
// quote identifiers ("region") and escape literals ('O''Brien'), so an
// attribute value cannot change the SQL's meaning.
//
// Thread-safe: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/database_schema.h"
#include "common/status_or.h"

namespace scry::auth {

// The key of the rules in a space's config JSON.
inline constexpr std::string_view kRowFiltersKey = "row_filters";

struct RowFilterRule {
  std::string attribute;  // the user attribute, e.g. "region"
  std::string column;     // the column compared with it, e.g. "region"
  std::string table;      // empty: every table that has `column`
  bool list = false;      // the attribute holds comma-separated values

  friend bool operator==(const RowFilterRule&, const RowFilterRule&) = default;
};

// Table name (lower case) -> SQL predicate over that table's columns; the
// shape of sql::GuardPolicy::row_filters.
using RowFilters = std::map<std::string, std::string>;

// Reads the rules from a space's config JSON text. No "row_filters" key (or
// an empty text) gives no rules. InvalidArgument, naming the rule, for text
// that is not a JSON object, a value that is not an array of rule objects, a
// missing or empty attribute or column, or an unknown key (a typo must not
// silently filter nothing).
StatusOr<std::vector<RowFilterRule>> ParseRowFilterRules(std::string_view config_json);

// The rules as a JSON array text, the inverse of the array ParseRowFilterRules
// reads.
std::string RowFilterRulesToJson(const std::vector<RowFilterRule>& rules);

// Returns `config_json` (a JSON object text; empty is {}) with its
// "row_filters" replaced by `rules`, other keys kept. InvalidArgument when
// the text is not a JSON object.
StatusOr<std::string> SetRowFilterRules(std::string_view config_json,
                                        const std::vector<RowFilterRule>& rules);

// The predicates for one user: for each table a rule covers, the rules'
// conditions joined with AND ("false" when the user lacks the attribute).
// Table and column names are matched case-insensitively against `catalog` and
// spelled as the catalog spells them. A rule naming a table the catalog lacks
// filters that name with "false". InvalidArgument when a rule names a table
// that lacks its column, or an attribute value holds a NUL or control
// character.
StatusOr<RowFilters> BuildRowFilters(const std::vector<RowFilterRule>& rules,
                                     const std::map<std::string, std::string>& attributes,
                                     const DatabaseSchema& catalog);

// `identifier` in double quotes, embedded quotes doubled: "Order ""Items""".
std::string QuoteSqlIdentifier(std::string_view identifier);
// `text` in single quotes, embedded quotes doubled: 'O''Brien'.
std::string QuoteSqlString(std::string_view text);

}  // namespace scry::auth
