#include "answer/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <optional>

#include "answer/chart.h"
#include "answer/number_format.h"
#include "answer/words.h"
#include "engine/column.h"

namespace scry::answer {
namespace {

using semantic::CompareOp;
using semantic::Filter;
using semantic::Literal;

std::string Percent(double fraction) { return fmt::format("{:.1f}%", std::fabs(fraction) * 100); }

std::string LiteralText(const Literal& literal) {
  switch (literal.kind) {
    case Literal::Kind::kText:
      return literal.text;
    case Literal::Kind::kInteger:
      return std::to_string(literal.integer);
    case Literal::Kind::kNumber:
      return literal.text.empty() ? fmt::format("{}", literal.number) : literal.text;
    case Literal::Kind::kDate:
      return FormatIsoDate(literal.date);
    default:
      return "";
  }
}

// "Channel Online", "Region North or South": equality filters in words.
void AddFilterWords(const semantic::Model& model, const Filter& filter,
                    std::vector<std::string>* parts) {
  if (filter.kind == Filter::Kind::kAnd) {
    for (const Filter& child : filter.children) AddFilterWords(model, child, parts);
    return;
  }
  if (filter.kind != Filter::Kind::kPredicate) return;
  const semantic::Predicate& predicate = filter.predicate;
  if (predicate.negated || predicate.subquery || predicate.values.empty() ||
      predicate.lhs.kind != semantic::ValueExpr::Kind::kColumn ||
      (predicate.op != CompareOp::kEq && predicate.op != CompareOp::kIn)) {
    return;
  }
  std::vector<std::string> values;
  for (const Literal& literal : predicate.values) values.push_back(LiteralText(literal));
  const semantic::ColumnModel* column =
      model.FindColumn(predicate.lhs.column.table, predicate.lhs.column.column);
  const std::string name =
      column && !column->display_name.empty() ? column->display_name : predicate.lhs.column.column;
  parts->push_back(fmt::format("{} {}", MidSentence(name), fmt::join(values, " or ")));
}

// " (last quarter, channel Online)": what the rows are limited to.
std::string Scope(const semantic::Model& model, const semantic::SemanticQuery* query) {
  if (query == nullptr) return "";
  std::vector<std::string> parts;
  if (query->time_range) {
    const semantic::TimeRange& range = *query->time_range;
    parts.push_back(!range.phrase.empty()
                        ? range.phrase
                        : fmt::format("{} to {}", FormatIsoDate(range.start),
                                      FormatIsoDate(CivilFromDays(DaysFromCivil(range.end) - 1))));
  }
  AddFilterWords(model, query->where, &parts);
  return parts.empty() ? "" : fmt::format(" ({})", fmt::join(parts, ", "));
}

struct Facts {
  const ResultShape& shape;
  const engine::ResultSet& result;
  std::string scope;

  const engine::Column& Of(const Field& field) const { return result.column(field.index); }
  std::string Value(const Field& field, size_t row) const {
    return SpokenValue(Of(field), row, field);
  }
  double Number(const Field& field, size_t row) const { return Of(field).NumberAt(row); }
  std::string Computed(const Field& field, double value) const {
    return SpokenNumber(value, Of(field));
  }
  // Rows whose `field` is not null.
  std::vector<size_t> Present(const Field& field) const {
    std::vector<size_t> rows;
    for (size_t row = 0; row < shape.rows; ++row) {
      if (!Of(field).IsNull(row)) rows.push_back(row);
    }
    return rows;
  }
};

// "up 20.0% from 1,000.00 (+200.00)".
std::string ChangeWords(const Facts& facts, const Field& measure, size_t row) {
  const Field* previous = facts.shape.ComparisonOf(measure, ComparisonPart::kPrevious);
  const Field* change = facts.shape.ComparisonOf(measure, ComparisonPart::kChange);
  if (previous == nullptr || change == nullptr || facts.Of(*previous).IsNull(row) ||
      facts.Of(*change).IsNull(row)) {
    return "";
  }
  const double delta = facts.Number(*change, row);
  const double before = facts.Number(*previous, row);
  if (delta == 0) return fmt::format(", unchanged from {}", facts.Value(*previous, row));
  std::string text = delta > 0 ? ", up " : ", down ";
  if (before != 0) text += Percent(delta / before) + " ";
  std::string signed_change = facts.Value(*change, row);
  if (delta > 0) signed_change = "+" + signed_change;
  return text + fmt::format("from {} ({})", facts.Value(*previous, row), signed_change);
}

std::string OneRow(const Facts& facts, const std::vector<const Field*>& measures,
                   const std::vector<const Field*>& categories) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < measures.size() && i < 3; ++i) {
    const Field& measure = *measures[i];
    parts.push_back(fmt::format("{}{} is {}{}", i == 0 ? measure.title : MidSentence(measure.title),
                                i == 0 ? facts.scope : "", facts.Value(measure, 0),
                                ChangeWords(facts, measure, 0)));
  }
  std::string prefix;
  if (!categories.empty()) prefix = facts.Value(*categories.front(), 0) + ": ";
  return prefix + fmt::format("{}", fmt::join(parts, "; ")) + ".";
}

std::string DirectionWords(double first, double last) {
  if (last == first) return "unchanged";
  const std::string way = last > first ? "up" : "down";
  return first == 0 ? way : fmt::format("{} {}", way, Percent((last - first) / first));
}

// The rows whose `measure` is not null, earliest period first.
std::vector<size_t> InTimeOrder(const Facts& facts, const Field& time, const Field& measure) {
  std::vector<size_t> rows = facts.Present(measure);
  const engine::Column& times = facts.Of(time);
  const bool numeric = IsNumeric(times.type().id);
  std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
    return numeric ? times.NumberAt(a) < times.NumberAt(b) : times.Int64At(a) < times.Int64At(b);
  });
  return rows;
}

std::string OverTime(const Facts& facts, const Field& time, const Field& measure) {
  const std::vector<size_t> rows = InTimeOrder(facts, time, measure);
  if (rows.size() < 2) return "";
  const size_t first = rows.front();
  const size_t last = rows.back();
  std::string text =
      fmt::format("{}{} went from {} in {} to {} in {}, {}.", measure.title, facts.scope,
                  facts.Value(measure, first), facts.Value(time, first), facts.Value(measure, last),
                  facts.Value(time, last),
                  DirectionWords(facts.Number(measure, first), facts.Number(measure, last)));
  if (rows.size() < 3) return text;
  const auto by_value = [&](size_t a, size_t b) {
    return facts.Number(measure, a) < facts.Number(measure, b);
  };
  const size_t high = *std::max_element(rows.begin(), rows.end(), by_value);
  const size_t low = *std::min_element(rows.begin(), rows.end(), by_value);
  if (facts.Number(measure, high) == facts.Number(measure, low)) return text;
  text +=
      fmt::format(" The highest was {} in {} and the lowest {} in {}", facts.Value(measure, high),
                  facts.Value(time, high), facts.Value(measure, low), facts.Value(time, low));
  if (measure.additive) {
    double total = 0;
    for (size_t row : rows) total += facts.Number(measure, row);
    text += fmt::format("; {} periods total {}", GroupThousands(std::to_string(rows.size())),
                        facts.Computed(measure, total));
  }
  return text + ".";
}

// A running total: where it ended, and where it started.
std::string RunningTotal(const Facts& facts, const Field& time, const Field& measure) {
  const std::vector<size_t> rows = InTimeOrder(facts, time, measure);
  if (rows.empty()) return "";
  const size_t first = rows.front();
  const size_t last = rows.back();
  std::string text = fmt::format("{}{} reached {} in {}", measure.title, facts.scope,
                                 facts.Value(measure, last), facts.Value(time, last));
  if (rows.size() > 1) {
    text += fmt::format(", from {} in {}, over {} periods", facts.Value(measure, first),
                        facts.Value(time, first), GroupThousands(std::to_string(rows.size())));
  }
  return text + ".";
}

std::string ByCategory(const Facts& facts, const Field& category, const Field& measure) {
  std::vector<size_t> rows = facts.Present(measure);
  if (rows.empty()) return "";
  const auto by_value = [&](size_t a, size_t b) {
    return facts.Number(measure, a) < facts.Number(measure, b);
  };
  const size_t high = *std::max_element(rows.begin(), rows.end(), by_value);
  const size_t low = *std::min_element(rows.begin(), rows.end(), by_value);
  const std::string members = Plural(MidSentence(category.title));
  if (facts.Number(measure, high) == facts.Number(measure, low)) {
    return fmt::format("All {} {}{} have {} {}.", rows.size(), members, facts.scope,
                       MidSentence(measure.title), facts.Value(measure, high));
  }
  double total = 0;
  bool negative = false;
  for (size_t row : rows) {
    total += facts.Number(measure, row);
    negative = negative || facts.Number(measure, row) < 0;
  }
  std::string text =
      fmt::format("{} has the highest {}{}: {}", facts.Value(category, high),
                  MidSentence(measure.title), facts.scope, facts.Value(measure, high));
  if (measure.additive && !negative && total > 0) {
    text += fmt::format(", {} of the total of {} across {} {}",
                        Percent(facts.Number(measure, high) / total),
                        facts.Computed(measure, total), rows.size(), members);
  } else {
    text += fmt::format(", of {} {}", rows.size(), members);
  }
  text += ".";
  if (rows.size() >= 2) {
    text += fmt::format(" {} has the lowest: {}.", facts.Value(category, low),
                        facts.Value(measure, low));
  }
  return text;
}

// The leader of the latest period, for several series over time.
std::string LatestLeader(const Facts& facts, const Field& time, const Field& category,
                         const Field& measure) {
  std::vector<size_t> rows = facts.Present(measure);
  if (rows.empty()) return "";
  const engine::Column& times = facts.Of(time);
  const auto key = [&](size_t row) {
    return IsNumeric(times.type().id) ? times.NumberAt(row)
                                      : static_cast<double>(times.Int64At(row));
  };
  double latest = key(rows.front());
  for (size_t row : rows) latest = std::max(latest, key(row));
  std::optional<size_t> leader;
  for (size_t row : rows) {
    if (key(row) == latest &&
        (!leader || facts.Number(measure, row) > facts.Number(measure, *leader))) {
      leader = row;
    }
  }
  return fmt::format("In {}, {} had the highest {}{}: {}, of {} {} over {} periods.",
                     facts.Value(time, *leader), facts.Value(category, *leader),
                     MidSentence(measure.title), facts.scope, facts.Value(measure, *leader),
                     category.distinct, Plural(MidSentence(category.title)), time.distinct);
}

std::string TopPair(const Facts& facts, const Field& a, const Field& b, const Field& measure) {
  std::vector<size_t> rows = facts.Present(measure);
  if (rows.empty()) return "";
  const size_t high = *std::max_element(rows.begin(), rows.end(), [&](size_t x, size_t y) {
    return facts.Number(measure, x) < facts.Number(measure, y);
  });
  return fmt::format("The highest {}{} is {}, for {} and {}, of {} combinations.",
                     MidSentence(measure.title), facts.scope, facts.Value(measure, high),
                     facts.Value(a, high), facts.Value(b, high), facts.shape.rows);
}

std::string RowCount(const Facts& facts) {
  const size_t rows = facts.shape.rows;
  if (!facts.shape.truncated) {
    return fmt::format("{} {}{}.", GroupThousands(std::to_string(rows)), rows == 1 ? "row" : "rows",
                       facts.scope);
  }
  const int64_t total = facts.result.total_rows();
  if (total < 0) {
    return fmt::format("The first {} rows{} are shown; there are more.",
                       GroupThousands(std::to_string(rows)), facts.scope);
  }
  return fmt::format("The first {} of {} rows{} are shown.", GroupThousands(std::to_string(rows)),
                     GroupThousands(std::to_string(total)), facts.scope);
}

std::string Describe(const Facts& facts) {
  const ResultShape& shape = facts.shape;
  if (shape.rows == 0) return Capitalized(fmt::format("no rows match{}.", facts.scope));
  const auto measures = shape.Of(FieldKind::kMeasure);
  const auto times = shape.Of(FieldKind::kTime);
  const auto categories = shape.Of(FieldKind::kCategory);
  if (shape.truncated || measures.empty()) return RowCount(facts);
  std::string text;
  if (shape.rows == 1 && times.empty() && categories.size() <= 1) {
    text = OneRow(facts, measures, categories);
  } else if (times.size() == 1 && categories.empty() && times.front()->distinct == shape.rows) {
    text = measures.front()->cumulative ? RunningTotal(facts, *times.front(), *measures.front())
                                        : OverTime(facts, *times.front(), *measures.front());
  } else if (times.empty() && categories.size() == 1 &&
             categories.front()->distinct == shape.rows) {
    text = ByCategory(facts, *categories.front(), *measures.front());
  } else if (times.size() == 1 && categories.size() == 1 && measures.size() == 1) {
    text = LatestLeader(facts, *times.front(), *categories.front(), *measures.front());
  } else if (times.empty() && categories.size() == 2 && measures.size() == 1) {
    text = TopPair(facts, *categories[0], *categories[1], *measures.front());
  }
  return text.empty() ? RowCount(facts) : text;
}

}  // namespace

std::string Summarize(const ResultShape& shape, const semantic::SemanticQuery* query,
                      const engine::ResultSet& result, const semantic::Model& model) {
  if (result.column_count() == 0) return "";
  std::string text = Describe(Facts{shape, result, Scope(model, query)});
  // A chart asked for and not drawn: say why (only then is the chart chosen twice).
  if (shape.preference != semantic::ChartPreference::kAuto) {
    const std::string note = ChooseChart(shape, result).note;
    if (!note.empty()) text += " " + note;
  }
  return text;
}

}  // namespace scry::answer
