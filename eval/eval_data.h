// The public text-to-SQL suites as plain values, loaded from their JSON files:
// Spider questions (`[{db_id, question, query}]`), Spider schemas
// (tables.json: natural-language and original table and column names, keys)
// and SParC conversations (`[{db_id, turns: [{question, query}]}]`).
//
// Loading never throws: a malformed file is an InvalidArgument naming the file
// and the field ("questions.json: item 12: 'query' must be a string").
// Plain values; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "common/status_or.h"

namespace scry::eval {

struct SpiderQuestion {
  std::string db_id;
  std::string question;
  std::string query;  // the gold SQL
};

// One entry of Spider's tables.json. Column index 0 is usually Spider's "*"
// pseudo-column, whose table index is -1.
struct SpiderSchema {
  std::string db_id;
  std::vector<std::string> table_names;           // natural language: "singer in concert"
  std::vector<std::string> table_names_original;  // as in the database: "singer_in_concert"
  struct ColumnName {
    int table = -1;  // index into the table name lists, -1 for "*"
    std::string name;
  };
  std::vector<ColumnName> column_names;           // natural language: "song release year"
  std::vector<ColumnName> column_names_original;  // as in the database: "Song_release_year"
  std::vector<std::string> column_types;
  // Column indexes; a table with several is a composite key.
  std::vector<int> primary_keys;
  // Pairs of column indexes: {referencing column, referenced column}.
  std::vector<std::pair<int, int>> foreign_keys;
};

struct SparcTurn {
  std::string question;
  std::string query;  // the gold SQL, in the context of the turns before it
};

struct SparcConversation {
  std::string db_id;
  std::vector<SparcTurn> turns;
};

// Each fails with NotFound when the file cannot be read and InvalidArgument
// when it is not JSON of the expected shape.
StatusOr<std::vector<SpiderQuestion>> LoadSpiderQuestions(const std::string& path);
StatusOr<std::vector<SpiderSchema>> LoadSpiderSchemas(const std::string& path);
StatusOr<std::vector<SparcConversation>> LoadSparcConversations(const std::string& path);

// The same, from JSON text; `source` names it in error messages.
StatusOr<std::vector<SpiderQuestion>> ParseSpiderQuestions(const std::string& text,
                                                           const std::string& source);
StatusOr<std::vector<SpiderSchema>> ParseSpiderSchemas(const std::string& text,
                                                       const std::string& source);
StatusOr<std::vector<SparcConversation>> ParseSparcConversations(const std::string& text,
                                                                 const std::string& source);

}  // namespace scry::eval
