#include "answer/result_shape.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_set>

#include "answer/words.h"
#include "engine/column.h"

namespace scry::answer {
namespace {

using semantic::Aggregation;
using semantic::ColumnRole;
using semantic::TimeGrain;
using semantic::ValueExpr;
using semantic::ValueFormat;

std::string TitleOf(const std::string& display_name, const std::string& name) {
  return display_name.empty() ? Humanize(name) : display_name;
}

// Words that name places in column names; kept generic on purpose.
bool LooksGeographic(const std::string& words) {
  static constexpr std::array<std::string_view, 10> kPlaceWords = {
      "country",   "region", "state",     "city",   "province",
      "continent", "nation", "territory", "county", "district"};
  const std::string lower = Lower(words);
  return std::any_of(kPlaceWords.begin(), kPlaceWords.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

FieldKind KindOfType(TypeId id) {
  if (IsTemporal(id) && id != TypeId::kTime) return FieldKind::kTime;
  if (IsNumeric(id)) return FieldKind::kMeasure;
  if (id == TypeId::kText || id == TypeId::kBoolean) return FieldKind::kCategory;
  return FieldKind::kOther;
}

std::string AggregateTitle(Aggregation aggregation, const std::string& title) {
  const std::string lower = title.empty() ? title : Lower(title.substr(0, 1)) + title.substr(1);
  switch (aggregation) {
    case Aggregation::kAvg:
      return "Average " + lower;
    case Aggregation::kMin:
      return "Lowest " + lower;
    case Aggregation::kMax:
      return "Highest " + lower;
    case Aggregation::kMedian:
      return "Median " + lower;
    case Aggregation::kCount:
      return "Count of " + lower;
    case Aggregation::kCountDistinct:
      return "Distinct " + lower;
    default:
      return title;
  }
}

// Fills title, kind, format and grain of `field` from the select item.
void DescribeItem(const semantic::Model& model, const ValueExpr& value, TypeId type, Field* field) {
  field->kind = KindOfType(type);
  switch (value.kind) {
    case ValueExpr::Kind::kColumn: {
      const semantic::ColumnModel* column =
          model.FindColumn(value.column.table, value.column.column);
      const std::string title =
          column ? TitleOf(column->display_name, column->name) : Humanize(value.column.column);
      field->grain = value.grain;
      if (value.grain != TimeGrain::kNone) {
        field->title = Humanize(std::string(semantic::TimeGrainName(value.grain)));
        field->kind = FieldKind::kTime;
        return;
      }
      field->title = title;
      if (column == nullptr) return;
      field->format = column->format;
      field->geographic = LooksGeographic(column->name + " " + column->display_name);
      if (column->format == ValueFormat::kYear && IsNumeric(type)) {
        field->kind = FieldKind::kTime;
        field->grain = TimeGrain::kYear;
      } else if (column->role != ColumnRole::kMeasure && field->kind == FieldKind::kMeasure) {
        field->kind = FieldKind::kCategory;  // numeric identifiers and codes
      } else if (column->role == ColumnRole::kText && field->kind == FieldKind::kCategory) {
        field->kind = FieldKind::kOther;
      }
      return;
    }
    case ValueExpr::Kind::kAggregate: {
      const semantic::ColumnModel* column =
          model.FindColumn(value.column.table, value.column.column);
      const std::string title =
          column ? TitleOf(column->display_name, column->name) : Humanize(value.column.column);
      const bool counts = value.aggregation == Aggregation::kCount ||
                          value.aggregation == Aggregation::kCountDistinct;
      field->title = AggregateTitle(value.distinct && value.aggregation == Aggregation::kCount
                                        ? Aggregation::kCountDistinct
                                        : value.aggregation,
                                    title);
      field->format =
          counts ? ValueFormat::kCount : (column ? column->format : ValueFormat::kPlain);
      field->additive = counts || (value.aggregation == Aggregation::kSum && !value.distinct);
      if (field->kind == FieldKind::kTime) field->kind = FieldKind::kOther;  // min/max of dates
      return;
    }
    case ValueExpr::Kind::kCountRows: {
      const semantic::TableModel* table = model.FindTable(value.table);
      const std::string title = table ? TitleOf(table->display_name, table->name) : value.table;
      field->title = "Number of " + Lower(title);
      field->format = ValueFormat::kCount;
      field->additive = true;
      return;
    }
    case ValueExpr::Kind::kMetric: {
      const semantic::MetricModel* metric = model.FindMetric(value.metric);
      field->title = metric ? TitleOf(metric->display_name, metric->name) : Humanize(value.metric);
      field->format = metric ? metric->format : ValueFormat::kPlain;
      field->additive = metric != nullptr && Lower(metric->expression).starts_with("sum(") &&
                        metric->expression.find(')') + 1 == metric->expression.size();
      return;
    }
    case ValueExpr::Kind::kAllColumns:
      return;
  }
}

// Matches columns to select items; false when they do not line up.
bool DescribeFromQuery(const semantic::Model& model, const semantic::SemanticQuery& query,
                       const engine::ResultSet& result, std::vector<Field>* fields) {
  size_t column = 0;
  for (const semantic::SelectItem& item : query.select) {
    if (item.value.kind == ValueExpr::Kind::kAllColumns) return false;
    const bool compared = query.comparison.has_value() && item.value.IsAggregate();
    const size_t width = compared ? 3 : 1;
    if (column + width > result.column_count()) return false;
    Field& field = (*fields)[column];
    DescribeItem(model, item.value, result.columns()[column].type.id, &field);
    if (!item.label.empty() && item.value.kind != ValueExpr::Kind::kColumn) {
      field.title = Humanize(item.label);
    } else if (item.cumulative) {
      field.title = "Cumulative " + MidSentence(field.title);
    }
    if (item.cumulative) {
      field.cumulative = true;
      field.additive = false;  // each row already holds the ones before it
    }
    for (size_t extra = 1; extra < width; ++extra) {
      Field& part = (*fields)[column + extra];
      part.kind = field.kind;
      part.format = field.format;
      part.additive = field.additive;
      part.comparison = extra == 1 ? ComparisonPart::kPrevious : ComparisonPart::kChange;
      part.title = field.title + (extra == 1 ? " (previous period)" : " (change)");
    }
    column += width;
  }
  return column == result.column_count();
}

size_t DistinctValues(const engine::Column& column) {
  std::unordered_set<std::string> values;
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row)) values.insert(engine::FormatValue(column, row));
  }
  return values.size();
}

}  // namespace

std::vector<const Field*> ResultShape::Of(FieldKind kind) const {
  std::vector<const Field*> out;
  for (const Field& field : fields) {
    if (field.kind == kind && field.comparison == ComparisonPart::kNone) out.push_back(&field);
  }
  return out;
}

const Field* ResultShape::Find(const std::string& name) const {
  for (const Field& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

const Field* ResultShape::ComparisonOf(const Field& measure, ComparisonPart part) const {
  const size_t offset = part == ComparisonPart::kPrevious ? 1 : 2;
  if (measure.index + offset >= fields.size()) return nullptr;
  const Field& candidate = fields[measure.index + offset];
  return candidate.comparison == part ? &candidate : nullptr;
}

ResultShape DescribeResult(const semantic::Model& model, const semantic::SemanticQuery* query,
                           const engine::ResultSet& result) {
  ResultShape shape;
  shape.rows = result.row_count();
  shape.truncated = result.truncated();
  auto plain = [&] {
    std::vector<Field> fields(result.column_count());
    for (size_t i = 0; i < fields.size(); ++i) {
      fields[i].index = i;
      fields[i].name = result.columns()[i].name;
      fields[i].title = Humanize(fields[i].name);
      fields[i].kind = KindOfType(result.columns()[i].type.id);
      fields[i].geographic = LooksGeographic(fields[i].name);
    }
    return fields;
  };
  shape.fields = plain();
  if (query != nullptr && !DescribeFromQuery(model, *query, result, &shape.fields)) {
    shape.fields = plain();
  }
  if (query != nullptr) shape.preference = query->chart;
  for (Field& field : shape.fields) {
    if (field.kind == FieldKind::kCategory || field.kind == FieldKind::kTime) {
      field.distinct = DistinctValues(result.column(field.index));
    }
  }
  return shape;
}

}  // namespace scry::answer
