// Reading: the working state of the intent pass — the question's tokens with
// what each has been taken to mean, the links and cues found in it, and the
// parts of a SemanticQuery assembled so far. Internal to nlq.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "nlq/cues.h"
#include "nlq/linker.h"
#include "nlq/schema_index.h"
#include "nlq/time_expressions.h"
#include "nlq/token.h"
#include "semantic/query.h"

namespace scry::nlq {

// What a column or table mention resolved to.
struct Resolved {
  enum class Kind { kNone, kTable, kColumn, kMetric, kValue };
  Kind kind = Kind::kNone;
  int table = -1;
  int column = -1;
  int metric = -1;
  std::string value;
  double score = 0;
};

// An element of the question, in order: a mention, a cue, a number, a quoted
// string or a time expression. Tokens outside every element are filler.
struct Element {
  enum class Kind { kMention, kCue, kNumber, kQuoted, kTime };
  Kind kind = Kind::kMention;
  size_t begin = 0;
  size_t end = 0;
  int index = -1;  // into Reading::mentions / cues / times; token index for numbers, quoted
  bool used = false;
};

struct Reading {
  const Tokens* tokens = nullptr;
  const SchemaIndex* index = nullptr;
  CivilDate today;

  std::vector<Mention> mentions;
  std::vector<Resolved> resolved;  // one per mention
  std::vector<Cue> cues;
  std::vector<TimeExpression> times;
  std::vector<Element> elements;      // sorted by position
  std::vector<int> element_of_token;  // element covering each token, or -1
  // Join distance between tables (number of joins), -1 when not connected.
  std::vector<std::vector<int>> table_distance;

  // The query being assembled; `order` of select items is the question's order.
  struct SelectPart {
    semantic::ValueExpr value;
    size_t position = 0;      // token position, for ordering
    bool from_group = false;  // added because the question groups by it
    bool cumulative = false;  // a running total over the question's periods
  };
  std::vector<SelectPart> select;
  std::vector<semantic::ValueExpr> group_by;
  // Every grouping the question asked for, kept even when the standalone
  // reading drops it (a follow-up "by payment method" groups the previous answer).
  std::vector<semantic::ValueExpr> group_requests;
  // Groups by a thing's key or name said with "by", "per", "for each" or
  // "grouped by" ("revenue by store"): a measure with many rows per such
  // thing is aggregated per group (Assemble).
  std::vector<semantic::ValueExpr> entity_groups;
  std::vector<semantic::Filter> where;
  std::vector<semantic::Filter> having;
  std::optional<semantic::TimeRange> time_range;
  std::optional<semantic::PeriodComparison> comparison;
  semantic::TimeGrain grain = semantic::TimeGrain::kNone;
  std::vector<semantic::OrderItem> order_by;
  std::optional<int64_t> limit;
  std::optional<bool> limit_descending;  // "top 3": true, "bottom 3": false
  bool distinct = false;
  bool all_columns = false;
  std::string subject_table;
  bool subject_named = false;   // a table was named as what the question is about
  bool default_select = false;  // nothing to show was named; Assemble chose it
  // An aggregate with nothing after it ("and the average?"), for follow-ups.
  semantic::Aggregation dangling_aggregation = semantic::Aggregation::kNone;
  // Every aggregate said with nothing after it ("the minimum and maximum").
  std::vector<semantic::Aggregation> dangling_aggregations;
  int count_table = -1;        // "how many singers": the table whose rows are counted
  int superlative_group = -1;  // "the most common X": X's element, grouped and counted
  std::optional<semantic::SetOperation> set_operation;
  // "both cats and dogs": one condition per value, answered by intersecting
  // the same query run once per value. Applied last, by Assemble.
  struct BothValues {
    semantic::ColumnRef column;
    std::vector<semantic::Literal> values;
  };
  std::optional<BothValues> both;
  // "in both 2023 and 2024" on a date column: the second year's range, for
  // the intersected query (the first is the query's own time range).
  std::optional<semantic::TimeRange> both_time;

  // Time expressions waiting for Assemble, which knows the measure's table:
  // the expression, and a date or year column named right before it, if any.
  struct PendingTime {
    int time = -1;
    int table = -1;
    int column = -1;
    semantic::CompareOp op = semantic::CompareOp::kEq;  // from a cue before it: "after 2008"
    bool has_op = false;
  };
  std::vector<PendingTime> pending_times;
  // Time ranges no column of this question could take ("and last year?"):
  // a follow-up applies them to the previous query's time column.
  std::vector<TimeExpression> unapplied_times;
  // A group cue followed by words that name nothing ("by zodiac sign").
  std::vector<std::string> unknown_groups;
  // "a greater surface area than that": a comparison with the previous answer,
  // completed (with the previous query as its subquery) by the follow-up merge.
  std::optional<semantic::Predicate> compare_with_previous;
  // "how about more than 3?", "how about 3?", "how about the highest?": a
  // condition or an order with nothing of its own to apply to, for the
  // follow-up merge to apply to the previous query's.
  struct DanglingCompare {
    bool has_op = false;
    semantic::CompareOp op = semantic::CompareOp::kEq;
    bool negated = false;
    semantic::Literal value;
  };
  std::optional<DanglingCompare> dangling_compare;
  std::optional<bool> dangling_superlative;  // descending
  // Groups read from a bare "by", kept only if the question aggregates.
  std::vector<size_t> weak_groups;  // indices into group_by

  // Things the reading could not settle, for a clarification.
  struct Ambiguity {
    int mention = -1;
    std::vector<Resolved> options;
  };
  std::vector<Ambiguity> ambiguities;

  // The previous turn's query, when there is one, and the columns it used:
  // context for resolving what a short follow-up means.
  const semantic::SemanticQuery* previous = nullptr;
  std::vector<semantic::ColumnRef> previous_columns;
  // A column named as the previous turn's condition ("in that district").
  bool refers_back = false;

  // Resolutions imposed from outside (a clarification's choice): mention index → meaning.
  std::vector<std::pair<int, Resolved>> forced;

  double penalty = 0;  // lowered confidence for guesses made along the way

  const Token& token(size_t i) const { return (*tokens)[i]; }
  const semantic::Model& model() const { return index->model(); }
};

}  // namespace scry::nlq
