#include "conversation/test_space.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "engine/duckdb/demo_data.h"
#include "engine/duckdb/duckdb_engine.h"
#include "engine/duckdb/duckdb_writer.h"
#include "semantic/bootstrap.h"

namespace scry::testing {

TestSpace::~TestSpace() {
  // The engine holds the file: close it before removing the folder.
  engine.reset();
  std::error_code ec;
  std::filesystem::remove_all(directory, ec);
}

StatusOr<std::unique_ptr<TestSpace>> BuildTestSpace(const std::string& id, int64_t rows,
                                                    const std::string& attachments_directory) {
  static std::atomic<int> counter{0};
  auto space = std::make_unique<TestSpace>();
  space->directory =
      (std::filesystem::temp_directory_path() /
       ("scry_space_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
          .string();
  std::filesystem::remove_all(space->directory);
  std::filesystem::create_directories(space->directory);
  const std::string path = space->directory + "/demo.duckdb";
  {
    ASSIGN_OR_RETURN(auto writer, engine::DuckDbWriter::Open(path));
    engine::DemoOptions demo;
    demo.rows = rows;
    demo.end_date = CivilDate{2025, 11, 24};
    demo.seed = 11;
    RETURN_IF_ERROR(engine::GenerateDemoWarehouse(*writer, demo));
  }
  engine::DuckDbOptions options;
  options.path = path;
  if (!attachments_directory.empty()) options.readable_directories = {attachments_directory};
  ASSIGN_OR_RETURN(auto duckdb, engine::DuckDbEngine::Open(options));
  engine::IntrospectOptions introspect;
  introspect.max_top_values = 1000;
  ASSIGN_OR_RETURN(DatabaseSchema schema, duckdb->Introspect(introspect));
  semantic::BootstrapOptions bootstrap;
  bootstrap.model_name = id;
  ASSIGN_OR_RETURN(space->model, semantic::BootstrapModel(schema, bootstrap));
  space->engine = std::move(duckdb);
  space->parser = std::make_unique<nlq::Parser>(space->model);
  space->dialect = sql::MakeDialect("duckdb");
  ASSIGN_OR_RETURN(space->guard, sql::Guard::Create());
  conversation::SpaceRuntime& runtime = space->runtime;
  runtime.id = id;
  runtime.title = "Demo " + id;
  runtime.model = &space->model;
  runtime.parser = space->parser.get();
  runtime.dialect = space->dialect.get();
  runtime.guard = space->guard.get();
  runtime.engine = space->engine.get();
  runtime.attachments = !attachments_directory.empty();
  for (const semantic::TableModel& table : space->model.tables) {
    runtime.policy.allowed_tables.push_back(table.name);
  }
  return space;
}

AttachmentsFolder::AttachmentsFolder(const std::string& prefix) {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / (prefix + "_" + std::to_string(::getpid()));
  fs::remove_all(path);
  fs::create_directories(path);
  path_ = fs::canonical(path).string();
}

AttachmentsFolder::~AttachmentsFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> AttachmentsFolder::Files() const {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path_)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  return files;
}

void AttachmentsFolder::Clear() const {
  for (const auto& entry : std::filesystem::directory_iterator(path_)) {
    std::filesystem::remove_all(entry.path());
  }
}

StatusOr<const conversation::SpaceRuntime*> TestSpaceDirectory::Find(
    std::string_view space_id) const {
  for (const conversation::SpaceRuntime* space : spaces_) {
    if (space->id == space_id) return space;
  }
  return NotFoundError("space '" + std::string(space_id) + "' does not exist");
}

}  // namespace scry::testing
