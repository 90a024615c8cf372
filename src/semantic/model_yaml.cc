// Model → YAML, and the file helpers. The layout is for people: tables with
// their columns, then joins, metrics and examples; a column always shows its
// name, type and role, and every other field only when it says something
// (no empty lists, no -1 counts, no "plain" format). A single-column join is
// written "from: orders.customer_id / to: customers.customer_id". Reading is
// in model_yaml_read.cc.
#include "semantic/model_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace scry::semantic {
namespace {

// Short lists read best on one line: [client, buyer].
bool FitsOnOneLine(const std::vector<std::string>& items) {
  size_t length = 0;
  for (const std::string& item : items) {
    if (item.find('\n') != std::string::npos) return false;
    length += item.size() + 2;
  }
  return items.size() <= 12 && length <= 80;
}

// Multi-line text (SQL, descriptions) reads best as a literal block. yaml-cpp
// always writes "|", which ends the text with one line break when read; each
// block's chomping indicator is recorded here and set in the output by
// Finish(), so the text reads back exactly.
class YamlWriter {
 public:
  YAML::Emitter out;

  void Text(const std::string& value) {
    // Text that ends in several line breaks, starts with a space or holds
    // tabs or carriage returns stays double-quoted: a literal block would
    // not give it back exactly.
    const size_t trailing = value.size() - 1 - value.find_last_not_of('\n');
    const bool literal = value.find('\n') != std::string::npos && value[0] != ' ' &&
                         value[0] != '\n' && trailing <= 1 &&
                         value.find_first_of("\r\t") == std::string::npos;
    if (!literal) {
      out << value;
      return;
    }
    chomping_.push_back(trailing == 0 ? "|-" : "|");
    out << YAML::Literal << value;
  }

  std::string Finish() const;

 private:
  std::vector<std::string> chomping_;
};

size_t Indent(std::string_view line) {
  const size_t first = line.find_first_not_of(' ');
  return first == std::string_view::npos ? line.size() : first;
}

// Replaces the "|" of each literal block header, in order, skipping the
// blocks' own lines (more indented than their header, or blank).
std::string YamlWriter::Finish() const {
  std::string text = out.c_str();
  std::string fixed;
  size_t next = 0;
  size_t block_indent = std::string::npos;  // inside a block: its header's indent
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    const bool in_block =
        block_indent != std::string::npos &&
        (line.find_first_not_of(' ') == std::string::npos || Indent(line) > block_indent);
    if (!in_block) {
      block_indent = std::string::npos;
      const bool header = line.ends_with(": |") || line.ends_with("- |") || line == "|";
      if (header && next < chomping_.size()) {
        line = line.substr(0, line.size() - 1) + chomping_[next++];
        block_indent = Indent(line);
      }
    }
    fixed += line;
    if (end < text.size()) fixed += '\n';
    start = end + 1;
  }
  return fixed;
}

void EmitText(YamlWriter& writer, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  writer.out << YAML::Key << std::string(key) << YAML::Value;
  writer.Text(value);
}

void EmitList(YamlWriter& w, std::string_view key, const std::vector<std::string>& items) {
  if (items.empty()) return;
  w.out << YAML::Key << std::string(key) << YAML::Value;
  w.out << (FitsOnOneLine(items) ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
  for (const std::string& item : items) w.Text(item);
  w.out << YAML::EndSeq;
}

void EmitCount(YamlWriter& w, std::string_view key, int64_t value) {
  if (value >= 0) w.out << YAML::Key << std::string(key) << YAML::Value << value;
}

void EmitColumn(YamlWriter& w, const ColumnModel& column) {
  w.out << YAML::BeginMap;
  w.out << YAML::Key << "name" << YAML::Value << column.name;
  w.out << YAML::Key << "type" << YAML::Value << std::string(DataTypeName(column.type));
  w.out << YAML::Key << "role" << YAML::Value << std::string(ColumnRoleName(column.role));
  EmitText(w, "display_name", column.display_name);
  EmitText(w, "description", column.description);
  if (column.default_aggregation != Aggregation::kNone) {
    w.out << YAML::Key << "aggregation" << YAML::Value
          << std::string(AggregationName(column.default_aggregation));
  }
  if (column.format != ValueFormat::kPlain) {
    w.out << YAML::Key << "format" << YAML::Value << std::string(ValueFormatName(column.format));
  }
  if (column.primary_key) w.out << YAML::Key << "primary_key" << YAML::Value << true;
  EmitCount(w, "distinct_count", column.distinct_count);
  EmitList(w, "synonyms", column.synonyms);
  EmitList(w, "values", column.values);
  w.out << YAML::EndMap;
}

void EmitTable(YamlWriter& w, const TableModel& table) {
  w.out << YAML::BeginMap;
  w.out << YAML::Key << "name" << YAML::Value << table.name;
  EmitText(w, "display_name", table.display_name);
  EmitText(w, "description", table.description);
  EmitList(w, "synonyms", table.synonyms);
  EmitList(w, "primary_key", table.primary_key);
  EmitText(w, "name_column", table.name_column);
  EmitText(w, "time_column", table.time_column);
  EmitCount(w, "row_count", table.row_count);
  if (!table.columns.empty()) {
    w.out << YAML::Key << "columns" << YAML::Value << YAML::BeginSeq;
    for (const ColumnModel& column : table.columns) EmitColumn(w, column);
    w.out << YAML::EndSeq;
  }
  w.out << YAML::EndMap;
}

// "orders.customer_id" when that reads back unambiguously, else a map.
void EmitJoinEnd(YamlWriter& w, std::string_view key, const std::string& table,
                 const std::vector<std::string>& columns) {
  w.out << YAML::Key << std::string(key) << YAML::Value;
  if (columns.size() == 1 && !table.empty() && columns[0].find('.') == std::string::npos) {
    w.out << table + "." + columns[0];
    return;
  }
  w.out << YAML::BeginMap << YAML::Key << "table" << YAML::Value << table;
  w.out << YAML::Key << "columns" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& column : columns) w.out << column;
  w.out << YAML::EndSeq << YAML::EndMap;
}

void EmitJoin(YamlWriter& w, const JoinModel& join) {
  w.out << YAML::BeginMap;
  EmitJoinEnd(w, "from", join.from_table, join.from_columns);
  EmitJoinEnd(w, "to", join.to_table, join.to_columns);
  if (join.source != JoinSource::kDeclared) {
    w.out << YAML::Key << "source" << YAML::Value
          << (join.source == JoinSource::kInferred ? "inferred" : "manual");
  }
  if (join.one_to_one) w.out << YAML::Key << "one_to_one" << YAML::Value << true;
  w.out << YAML::EndMap;
}

void EmitMetric(YamlWriter& w, const MetricModel& metric) {
  w.out << YAML::BeginMap;
  w.out << YAML::Key << "name" << YAML::Value << metric.name;
  w.out << YAML::Key << "expression" << YAML::Value;
  w.Text(metric.expression);
  EmitText(w, "display_name", metric.display_name);
  EmitText(w, "description", metric.description);
  if (metric.format != ValueFormat::kPlain) {
    w.out << YAML::Key << "format" << YAML::Value << std::string(ValueFormatName(metric.format));
  }
  EmitList(w, "synonyms", metric.synonyms);
  w.out << YAML::EndMap;
}

void EmitExample(YamlWriter& w, const ExampleQuestion& example) {
  w.out << YAML::BeginMap;
  w.out << YAML::Key << "question" << YAML::Value;
  w.Text(example.question);
  w.out << YAML::Key << "sql" << YAML::Value;
  w.Text(example.sql);
  if (!example.trusted) w.out << YAML::Key << "trusted" << YAML::Value << false;
  w.out << YAML::EndMap;
}

template <typename T, typename EmitFn>
void EmitSection(YamlWriter& w, std::string_view key, const std::vector<T>& items, EmitFn emit) {
  if (items.empty()) return;
  w.out << YAML::Key << std::string(key) << YAML::Value << YAML::BeginSeq;
  for (const T& item : items) emit(w, item);
  w.out << YAML::EndSeq;
}

}  // namespace

std::string ModelToYaml(const Model& model) {
  YamlWriter w;
  w.out.SetIndent(2);
  w.out << YAML::BeginMap;
  EmitText(w, "name", model.name);
  EmitText(w, "description", model.description);
  EmitSection(w, "tables", model.tables, EmitTable);
  EmitSection(w, "joins", model.joins, EmitJoin);
  EmitSection(w, "metrics", model.metrics, EmitMetric);
  EmitSection(w, "examples", model.examples, EmitExample);
  w.out << YAML::EndMap;
  std::string text = w.Finish();
  if (text == "{}") text.clear();  // an empty model
  return text + "\n";
}

Status SaveModel(const Model& model, const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return UnavailableError("cannot write '" + path + "': " + std::strerror(errno));
  file << ModelToYaml(model);
  file.close();
  if (!file) return UnavailableError("cannot write '" + path + "': " + std::strerror(errno));
  return Status::Ok();
}

StatusOr<Model> LoadModel(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return NotFoundError("cannot read '" + path + "': " + std::strerror(errno));
  std::stringstream text;
  text << file.rdbuf();
  StatusOr<Model> model = ModelFromYaml(text.str());
  if (!model.ok()) return model.status().WithContext(path);
  return model;
}

}  // namespace scry::semantic
