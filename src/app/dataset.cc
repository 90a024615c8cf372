#include "app/dataset.h"

#include <fmt/format.h>

#include <filesystem>

#include "semantic/bootstrap.h"
#include "semantic/model_yaml.h"

namespace scry::app {

std::string DefaultModelPath(const std::string& warehouse_path) {
  return warehouse_path + ".model.yaml";
}

StatusOr<semantic::Model> BootstrapWarehouseModel(engine::Engine& engine, const std::string& name) {
  engine::IntrospectOptions introspect;
  introspect.max_top_values = 5000;
  ASSIGN_OR_RETURN(engine::DatabaseSchema schema, engine.Introspect(introspect));
  semantic::BootstrapOptions options;
  options.model_name = name;
  return semantic::BootstrapModel(schema, options);
}

StatusOr<std::unique_ptr<Dataset>> OpenDataset(const std::string& warehouse_path,
                                               const std::string& model_path,
                                               const EngineLimits& limits) {
  auto dataset = std::make_unique<Dataset>();
  dataset->warehouse_path = warehouse_path;
  ASSIGN_OR_RETURN(dataset->engine, OpenWarehouse(warehouse_path, limits));
  std::string path = model_path;
  std::error_code ec;
  if (path.empty() && std::filesystem::exists(DefaultModelPath(warehouse_path), ec)) {
    path = DefaultModelPath(warehouse_path);
  }
  if (!path.empty()) {
    ASSIGN_OR_RETURN(dataset->model, semantic::LoadModel(path));
    dataset->model_source = path;
  } else {
    const std::string name = std::filesystem::path(warehouse_path).stem().string();
    ASSIGN_OR_RETURN(dataset->model, BootstrapWarehouseModel(*dataset->engine, name));
    dataset->model_source = "bootstrapped";
  }
  dataset->parser = std::make_unique<nlq::Parser>(dataset->model);
  dataset->dialect = sql::MakeDialect(dataset->engine->name());
  if (dataset->dialect == nullptr) {
    return UnimplementedError(
        fmt::format("no SQL dialect for the {} engine", dataset->engine->name()));
  }
  ASSIGN_OR_RETURN(dataset->guard, sql::Guard::Create());
  for (const semantic::TableModel& table : dataset->model.tables) {
    dataset->policy.allowed_tables.push_back(table.name);
  }
  return dataset;
}

}  // namespace scry::app
