// Golden files: questions (or sequences of turns) with the interpretation and
// the SQL per dialect they must produce. The format, one case a block:
//
//   ## revenue by region, narrowed, regrouped      <- a case and its name
//   > revenue by region last quarter               <- a turn: the question
//   ? Which "region" do you mean?                  <- expect a clarification...
//   ! Store region                                 <- ...and answer it
//   restatement: Revenue by store region, last quarter (2025-07-01 to 2025-09-30)
//   follow-up: no
//   duckdb:                                        <- SQL, indented two spaces
//     SELECT ...
//   sqlite:
//     SELECT ...
//   rows: 4
//   > only online                                  <- the next turn
//   ...
//
// A turn that must not be understood says `understood: no`. Lines starting
// with `#` are comments. Cases run in order; each starts a new conversation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status_or.h"

namespace scry::golden {

struct Turn {
  std::string question;
  std::string clarification;  // expected clarifying question, if any
  std::string choice;         // the choice's label to answer it with
  bool understood = true;
  std::string restatement;
  std::optional<bool> follow_up;
  std::string duckdb_sql;
  std::string sqlite_sql;
  std::optional<int64_t> rows;
  int line = 0;  // where the turn starts, for messages
};

struct Case {
  std::string name;
  std::vector<Turn> turns;
  int line = 0;
};

struct GoldenFile {
  std::string path;
  std::vector<std::string> header;  // comment lines before the first case
  std::vector<Case> cases;
};

StatusOr<GoldenFile> ReadGoldenFile(const std::string& path);
std::string FormatGoldenFile(const GoldenFile& file);

}  // namespace scry::golden
