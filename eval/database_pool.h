// DatabasePool: the databases of one harness run, each opened once on first
// use and kept for the run: the read-only SqliteEngine on
// <db_dir>/<db_id>/<db_id>.sqlite, its schema (introspected with value
// dictionaries, keys from tables.json merged in), the annotations from
// tables.json, one connection, and the predictor the factory built for it.
//
// Thread-compatible: one harness thread uses the pool.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/sqlite/sqlite_engine.h"
#include "eval/eval_data.h"
#include "eval/predictor.h"

namespace scry::eval {

struct PoolOptions {
  std::string db_dir;
  // Most frequent values kept per text column: the value dictionaries.
  int max_top_values = 5000;
  // Limit for each introspection statement.
  std::chrono::milliseconds introspect_timeout{60'000};
};

struct OpenDatabase {
  std::unique_ptr<engine::SqliteEngine> engine;
  DatabaseSchema schema;
  semantic::SchemaAnnotations annotations;
  EvalDatabase description;  // points into the members above
  std::unique_ptr<engine::Connection> connection;
  // Null when the factory failed; `predictor_status` then says why.
  std::unique_ptr<Predictor> predictor;
  Status predictor_status;
  double open_seconds = 0;
};

class DatabasePool {
 public:
  // `schemas` and `factory` must outlive the pool.
  DatabasePool(const std::vector<SpiderSchema>& schemas, PredictorFactory& factory,
               PoolOptions options);

  // Returns the database, opening it on first use. Fails with NotFound when
  // tables.json has no entry for `db_id` or the file is missing, and with the
  // engine's error when the file cannot be opened or introspected; a failure
  // is remembered, so the file is tried once.
  StatusOr<OpenDatabase*> Get(const std::string& db_id);

  // Seconds spent opening databases and building predictors so far.
  double open_seconds() const;

 private:
  StatusOr<std::unique_ptr<OpenDatabase>> Open(const std::string& db_id);

  const std::vector<SpiderSchema>& schemas_;
  PredictorFactory& factory_;
  PoolOptions options_;
  std::map<std::string, std::unique_ptr<OpenDatabase>> open_;
  std::map<std::string, Status> failed_;
};

}  // namespace scry::eval
