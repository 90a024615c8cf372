#include "app/server_spaces.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "nlq/examples.h"

namespace scry::app {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Status NarrowModel(const std::vector<std::string>& tables, semantic::Model* model) {
  if (tables.empty()) return Status::Ok();
  std::set<std::string> keep;
  for (const std::string& table : tables) {
    if (model->FindTable(table) == nullptr) {
      return NotFoundError(fmt::format("table '{}' is not in the warehouse", table));
    }
    keep.insert(Lower(table));
  }
  auto kept = [&](std::string_view table) { return keep.count(Lower(table)) > 0; };
  std::erase_if(model->tables, [&](const semantic::TableModel& t) { return !kept(t.name); });
  std::erase_if(model->joins, [&](const semantic::JoinModel& j) {
    return !kept(j.from_table) || !kept(j.to_table);
  });
  std::erase_if(model->metrics, [&](const semantic::MetricModel& m) {
    return std::any_of(m.tables.begin(), m.tables.end(),
                       [&](const std::string& t) { return !kept(t); });
  });
  return Status::Ok();
}

StatusOr<std::unique_ptr<ServerSpaces>> ServerSpaces::Open(
    const std::vector<SpaceConfig>& spaces, const Clock& clock,
    const std::string& attachments_directory) {
  auto out = std::make_unique<ServerSpaces>();
  EngineLimits limits;
  if (!attachments_directory.empty()) limits.readable_directories = {attachments_directory};
  for (const SpaceConfig& config : spaces) {
    auto entry = std::make_unique<Entry>();
    entry->config = config;
    const std::string where = fmt::format("space '{}'", config.id);
    StatusOr<std::unique_ptr<Dataset>> dataset =
        OpenDataset(config.warehouse, config.model, limits);
    if (!dataset.ok()) return dataset.status().WithContext(where);
    entry->dataset = std::move(dataset).value();
    Dataset& data = *entry->dataset;
    RETURN_IF_ERROR(NarrowModel(config.tables, &data.model).WithContext(where));
    // The parser reads the model: rebuild it on the narrowed one.
    data.parser = std::make_unique<nlq::Parser>(data.model);
    data.policy.allowed_tables.clear();
    for (const semantic::TableModel& table : data.model.tables) {
      data.policy.allowed_tables.push_back(table.name);
    }
    conversation::SpaceRuntime& runtime = entry->runtime;
    runtime.id = config.id;
    runtime.title = config.title;
    runtime.description = config.description;
    runtime.model = &data.model;
    runtime.parser = data.parser.get();
    runtime.dialect = data.dialect.get();
    runtime.guard = data.guard.get();
    runtime.engine = data.engine.get();
    // Only DuckDB reads the attachments' Parquet files.
    runtime.attachments = !attachments_directory.empty() && data.engine->name() == "duckdb";
    runtime.policy = data.policy;
    for (const semantic::ExampleQuestion& example : data.model.examples) {
      runtime.example_questions.push_back(example.question);
    }
    for (std::string& made : nlq::SuggestExampleQuestions(data.model, *data.parser, clock)) {
      runtime.example_questions.push_back(std::move(made));
    }
    out->entries_.push_back(std::move(entry));
  }
  return out;
}

StatusOr<const conversation::SpaceRuntime*> ServerSpaces::Find(std::string_view space_id) const {
  for (const auto& entry : entries_) {
    if (entry->runtime.id == space_id) return &entry->runtime;
  }
  return NotFoundError(fmt::format("space '{}' does not exist", std::string(space_id)));
}

std::vector<const conversation::SpaceRuntime*> ServerSpaces::List() const {
  std::vector<const conversation::SpaceRuntime*> out;
  for (const auto& entry : entries_) out.push_back(&entry->runtime);
  return out;
}

const SpaceConfig* ServerSpaces::ConfigOf(std::string_view space_id) const {
  for (const auto& entry : entries_) {
    if (entry->config.id == space_id) return &entry->config;
  }
  return nullptr;
}

}  // namespace scry::app
