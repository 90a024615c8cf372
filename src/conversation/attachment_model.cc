#include "conversation/attachment_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "semantic/bootstrap.h"

namespace scry::conversation {
namespace {

using nlohmann::json;

constexpr TypeId kTypeIds[] = {
    TypeId::kBoolean,   TypeId::kInteger,     TypeId::kHugeInteger, TypeId::kDecimal,
    TypeId::kDouble,    TypeId::kText,        TypeId::kDate,        TypeId::kTime,
    TypeId::kTimestamp, TypeId::kTimestampTz, TypeId::kInterval,    TypeId::kBlob,
    TypeId::kOther,
};

TypeId TypeIdNamed(std::string_view name) {
  for (TypeId id : kTypeIds) {
    if (TypeIdName(id) == name) return id;
  }
  return TypeId::kOther;
}

json ColumnJson(const ColumnSchema& column) {
  json values = json::array();
  for (const ColumnSchema::ValueCount& value : column.top_values) {
    values.push_back({{"value", value.value}, {"count", value.count}});
  }
  json out = {{"name", column.name},
              {"type", TypeIdName(column.type.id)},
              {"engine_type", column.type.engine_name},
              {"nullable", column.nullable},
              {"distinct_count", column.distinct_count},
              {"top_values", std::move(values)}};
  if (column.type.id == TypeId::kDecimal) {
    out["precision"] = column.type.precision;
    out["scale"] = column.type.scale;
  }
  return out;
}

ColumnSchema ColumnFromJson(const json& item) {
  ColumnSchema column;
  column.name = item.at("name").get<std::string>();
  column.type.id = TypeIdNamed(item.at("type").get<std::string>());
  column.type.engine_name = item.value("engine_type", "");
  column.type.precision = item.value("precision", uint8_t{0});
  column.type.scale = item.value("scale", uint8_t{0});
  column.nullable = item.value("nullable", true);
  column.distinct_count = item.value("distinct_count", int64_t{-1});
  for (const json& value : item.value("top_values", json::array())) {
    column.top_values.push_back(
        {value.at("value").get<std::string>(), value.at("count").get<int64_t>()});
  }
  return column;
}

}  // namespace

std::string TableSchemaToJson(const TableSchema& table) {
  json columns = json::array();
  for (const ColumnSchema& column : table.columns) columns.push_back(ColumnJson(column));
  // Values come from users' files: never let one bad byte fail the upload.
  return columns.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status TableSchemaFromJson(std::string_view text, TableSchema* table) {
  const json columns = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!columns.is_array()) return InvalidArgumentError("the attachment's columns are damaged");
  try {
    for (const json& item : columns) table->columns.push_back(ColumnFromJson(item));
  } catch (const json::exception& e) {
    return InvalidArgumentError(fmt::format("the attachment's columns are damaged: {}", e.what()));
  }
  return Status::Ok();
}

StatusOr<semantic::Model> ModelWithTables(const semantic::Model& space,
                                          const std::vector<TableSchema>& tables) {
  semantic::Model merged = space;
  if (tables.empty()) return merged;
  DatabaseSchema schema;
  schema.tables = tables;
  std::sort(schema.tables.begin(), schema.tables.end(),
            [](const TableSchema& a, const TableSchema& b) { return a.name < b.name; });
  for (const TableSchema& table : schema.tables) {
    if (space.FindTable(table.name) != nullptr) {
      return InvalidArgumentError(
          fmt::format("table '{}' is already a table of the space", table.name));
    }
  }
  semantic::BootstrapOptions options;
  options.model_name = space.name;
  ASSIGN_OR_RETURN(semantic::Model added, semantic::BootstrapModel(schema, options));
  for (semantic::TableModel& table : added.tables) merged.tables.push_back(std::move(table));
  for (semantic::JoinModel& join : added.joins) merged.joins.push_back(std::move(join));
  for (semantic::MetricModel& metric : added.metrics) {
    if (space.FindMetric(metric.name) != nullptr && !metric.tables.empty()) {
      metric.name = metric.tables.front() + "_" + metric.name;
    }
    if (merged.FindMetric(metric.name) != nullptr) continue;  // a name taken twice: left out
    merged.metrics.push_back(std::move(metric));
  }
  return merged;
}

std::shared_ptr<const AttachmentModel> AttachmentModelCache::Find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void AttachmentModelCache::Put(const std::string& key,
                               std::shared_ptr<const AttachmentModel> model) {
  std::lock_guard<std::mutex> lock(mu_);
  if (capacity_ == 0) return;
  if (auto it = index_.find(key); it != index_.end()) {
    // Built twice at once: keep the first, the other is as good.
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(key, std::move(model));
  index_[key] = entries_.begin();
  while (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

}  // namespace scry::conversation
