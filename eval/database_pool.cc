#include "eval/database_pool.h"

#include <fmt/format.h>

#include <filesystem>

#include "eval/spider_schema.h"

namespace scry::eval {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const SpiderSchema* FindSchema(const std::vector<SpiderSchema>& schemas, const std::string& db_id) {
  for (const SpiderSchema& schema : schemas) {
    if (schema.db_id == db_id) return &schema;
  }
  return nullptr;
}

}  // namespace

DatabasePool::DatabasePool(const std::vector<SpiderSchema>& schemas, PredictorFactory& factory,
                           PoolOptions options)
    : schemas_(schemas), factory_(factory), options_(std::move(options)) {}

StatusOr<OpenDatabase*> DatabasePool::Get(const std::string& db_id) {
  if (auto it = open_.find(db_id); it != open_.end()) return it->second.get();
  if (auto it = failed_.find(db_id); it != failed_.end()) return it->second;
  StatusOr<std::unique_ptr<OpenDatabase>> opened = Open(db_id);
  if (!opened.ok()) {
    failed_[db_id] = opened.status();
    return opened.status();
  }
  OpenDatabase* database = opened->get();
  open_[db_id] = std::move(opened).value();
  return database;
}

double DatabasePool::open_seconds() const {
  double seconds = 0;
  for (const auto& [id, database] : open_) seconds += database->open_seconds;
  return seconds;
}

StatusOr<std::unique_ptr<OpenDatabase>> DatabasePool::Open(const std::string& db_id) {
  const auto start = std::chrono::steady_clock::now();
  const SpiderSchema* spider = FindSchema(schemas_, db_id);
  if (spider == nullptr) {
    return NotFoundError(fmt::format("database '{}': no entry in the tables file", db_id));
  }
  const std::filesystem::path path =
      std::filesystem::path(options_.db_dir) / db_id / (db_id + ".sqlite");
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return NotFoundError(fmt::format("database '{}': no file {}", db_id, path.string()));
  }
  auto database = std::make_unique<OpenDatabase>();
  StatusOr<std::unique_ptr<engine::SqliteEngine>> engine =
      engine::SqliteEngine::Open(engine::SqliteOptions{path.string(), {}});
  if (!engine.ok()) return engine.status().WithContext(fmt::format("database '{}'", db_id));
  database->engine = std::move(engine).value();

  engine::IntrospectOptions introspect;
  introspect.max_top_values = options_.max_top_values;
  introspect.execute.timeout = options_.introspect_timeout;
  StatusOr<DatabaseSchema> schema = database->engine->Introspect(introspect);
  if (!schema.ok()) return schema.status().WithContext(fmt::format("database '{}'", db_id));
  database->schema = std::move(schema).value();
  MergeSpiderKeys(*spider, &database->schema);
  database->annotations = AnnotationsFromSpider(*spider);
  database->description =
      EvalDatabase{db_id, database->engine.get(), &database->schema, &database->annotations};

  StatusOr<std::unique_ptr<engine::Connection>> connection = database->engine->Connect();
  if (!connection.ok()) return connection.status().WithContext(fmt::format("database '{}'", db_id));
  database->connection = std::move(connection).value();

  StatusOr<std::unique_ptr<Predictor>> predictor = factory_.ForDatabase(database->description);
  if (predictor.ok()) {
    database->predictor = std::move(predictor).value();
  } else {
    database->predictor_status = predictor.status();
  }
  database->open_seconds = SecondsSince(start);
  return database;
}

}  // namespace scry::eval
