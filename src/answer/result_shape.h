// What a result is made of, as a chart or a sentence cares: which columns are
// time, categories or measures, their display names and number formats, and
// how many distinct values each category has.
//
// Columns are matched to the query's select items in order (a compared
// measure brings its _previous and _change columns after it, as the compiler
// writes them); when there is no query (an author's SQL) or the columns do not
// line up, each column's kind comes from its type alone.
//
// Thread-safe: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/result_set.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::answer {

enum class FieldKind {
  kTime,      // a date, a truncated date, a year
  kCategory,  // text, names, identifiers, flags: what bars are labelled with
  kMeasure,   // a number to plot: an aggregate or a numeric measure column
  kOther,     // nothing to plot (intervals, blobs, free text)
};

// What a compared measure's extra columns hold.
enum class ComparisonPart { kNone, kPrevious, kChange };

struct Field {
  size_t index = 0;   // column in the ResultSet
  std::string name;   // as in the result
  std::string title;  // for people: "Revenue", "Order date (month)"
  FieldKind kind = FieldKind::kOther;
  semantic::ValueFormat format = semantic::ValueFormat::kPlain;
  semantic::TimeGrain grain = semantic::TimeGrain::kNone;
  // Additive measures (sums and counts) can be added across rows: shares of a
  // total and an "Other" bar make sense for them, not for averages.
  bool additive = false;
  bool geographic = false;  // a place name: still bars, never map tiles
  // A running total over the periods (its rows do not add up: the last is the total).
  bool cumulative = false;
  ComparisonPart comparison = ComparisonPart::kNone;
  size_t distinct = 0;  // distinct non-null values among the rows
};

struct ResultShape {
  std::vector<Field> fields;
  size_t rows = 0;
  bool truncated = false;  // the result holds only the first rows
  // How the asker wanted it drawn ("as a pie chart"); kAuto for an author's SQL.
  semantic::ChartPreference preference = semantic::ChartPreference::kAuto;

  // Fields of one kind, comparison columns left out, in result order.
  std::vector<const Field*> Of(FieldKind kind) const;
  const Field* Find(const std::string& name) const;
  const Field* ComparisonOf(const Field& measure, ComparisonPart part) const;
};

// `query` may be null (SQL an author wrote).
ResultShape DescribeResult(const semantic::Model& model, const semantic::SemanticQuery* query,
                           const engine::ResultSet& result);

}  // namespace scry::answer
