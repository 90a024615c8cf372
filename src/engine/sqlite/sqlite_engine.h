// SqliteEngine: a user's SQLite file, opened read-only.
//
// The file is opened with SQLITE_OPEN_READONLY and every connection installs
// an authorizer that allows only reads (SELECT, reads of permitted tables'
// columns, functions without side effects) and denies everything else
// (writes, ATTACH, every PRAGMA, reading tables outside the allow-list), and
// a SQL text must hold exactly one read-only statement.
// The public text-to-SQL suites are SQLite files.
//
// Thread-safety: as for Engine (engine/engine.h). Connections must not
// outlive their engine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/engine.h"

namespace scry::engine {

struct SqliteOptions {
  std::string path;
  // Tables statements may read (case-insensitive). Empty: every table of the file.
  std::vector<std::string> allowed_tables;
};

class SqliteEngine final : public Engine {
 public:
  // Fails with NotFound when the file does not exist, InvalidArgument when it
  // is not a SQLite database.
  static StatusOr<std::unique_ptr<SqliteEngine>> Open(const SqliteOptions& options);
  ~SqliteEngine() override;

  std::string_view name() const override { return "sqlite"; }
  StatusOr<std::unique_ptr<Connection>> Connect() override;
  StatusOr<DatabaseSchema> Introspect(const IntrospectOptions& options) override;

  struct State;  // Defined in the .cc.

 private:
  explicit SqliteEngine(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace scry::engine
