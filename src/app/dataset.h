// A dataset ready for questions: the warehouse's engine, its semantic model,
// the parser, the SQL dialect and the guard that go with it. Composed here,
// in app/, the one place that picks implementations.
#pragma once

#include <memory>
#include <string>

#include "app/warehouse.h"
#include "common/status_or.h"
#include "engine/engine.h"
#include "nlq/parser.h"
#include "semantic/model.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::app {

struct Dataset {
  std::string warehouse_path;
  std::unique_ptr<engine::Engine> engine;
  semantic::Model model;
  std::unique_ptr<nlq::Parser> parser;  // reads `model`; declared after it
  std::unique_ptr<sql::Dialect> dialect;
  std::unique_ptr<sql::Guard> guard;
  sql::GuardPolicy policy;
  std::string model_source;  // the YAML file it came from, or "bootstrapped"
};

// The model file that goes with a warehouse: "<warehouse>.model.yaml".
std::string DefaultModelPath(const std::string& warehouse_path);

// Introspects the warehouse (with value dictionaries) and bootstraps a model.
StatusOr<semantic::Model> BootstrapWarehouseModel(engine::Engine& engine, const std::string& name);

// Opens the warehouse read-only (with `limits`) and loads its model:
// `model_path` when given, else the default model file when it exists, else a
// model bootstrapped from the live schema.
StatusOr<std::unique_ptr<Dataset>> OpenDataset(const std::string& warehouse_path,
                                               const std::string& model_path = "",
                                               const EngineLimits& limits = {});

}  // namespace scry::app
