// The steps that read conditions: times, comparisons, text matches, values
// and existence ("with no orders").
#include <algorithm>

#include "nlq/intent_steps.h"
#include "nlq/intent_util.h"

namespace scry::nlq {
namespace {

using semantic::ColumnRole;
using semantic::CompareOp;
using semantic::DataType;
using semantic::Filter;
using semantic::Literal;
using semantic::Predicate;
using semantic::SemanticQuery;
using semantic::ValueExpr;

Filter ColumnPredicate(const Reading& r, int table, int column, CompareOp op,
                       std::vector<Literal> values, bool negated) {
  Predicate predicate;
  predicate.lhs = ValueExpr::Column(RefOf(r, table, column));
  predicate.op = op;
  predicate.values = std::move(values);
  predicate.negated = negated;
  return Filter::Of(std::move(predicate));
}

bool IsDateColumn(const semantic::ColumnModel& column) {
  return column.type == DataType::kDate || column.type == DataType::kTimestamp;
}

// The column a comparison's left side names: the mention just before the
// cue, skipping filler ("whose age is above", "with a capacity of over").
int LeftColumnElement(const Reading& r, int cue) {
  int p = PrevElement(r, cue, 4);
  if (p >= 0 && IsCue(r, p, Cue::Kind::kNegation)) p = PrevElement(r, p, 3);
  return p >= 0 && IsColumn(r, p) ? p : -1;
}

// "above the average (age)": a subquery computing the aggregate of the column.
Filter AverageComparison(const Reading& r, int table, int column, CompareOp op,
                         semantic::Aggregation aggregation) {
  SemanticQuery sub;
  sub.subject_table = TableModelOf(r, table).name;
  sub.select.push_back({ValueExpr::Aggregate(aggregation, RefOf(r, table, column)), ""});
  Predicate predicate;
  predicate.lhs = ValueExpr::Column(RefOf(r, table, column));
  predicate.op = op;
  predicate.subquery = semantic::Box<SemanticQuery>(std::move(sub));
  return Filter::Of(std::move(predicate));
}

// "with more than 2 orders": the count of a related table's rows per subject.
Filter CountComparison(const Reading& r, int counted_table, CompareOp op, Literal value,
                       bool negated) {
  Predicate predicate;
  predicate.lhs = ValueExpr::CountRows(TableModelOf(r, counted_table).name);
  predicate.op = op;
  predicate.values.push_back(std::move(value));
  predicate.negated = negated;
  return Filter::Of(std::move(predicate));
}

bool IsNumericColumn(const semantic::ColumnModel& column) {
  return column.type == DataType::kInteger || column.type == DataType::kNumber;
}

bool IsOperand(const Reading& r, int e) {
  if (e < 0) return false;
  const Element::Kind kind = r.elements[e].kind;
  return kind == Element::Kind::kNumber || kind == Element::Kind::kQuoted || IsValue(r, e);
}

}  // namespace

void ApplyTimes(Reading* r) {
  for (size_t e = 0; e < r->elements.size(); ++e) {
    Element& element = r->elements[e];
    if (element.kind != Element::Kind::kTime) continue;
    const TimeExpression& time = r->times[element.index];
    element.used = true;
    if (time.comparison) r->comparison = time.comparison;
    if (time.grain != semantic::TimeGrain::kNone && !time.range_start) r->grain = time.grain;
    if (!time.range_start) continue;
    Reading::PendingTime pending;
    pending.time = element.index;
    // "order date in 2024", "founded after 2008": the column named just before;
    // "ordered in 2023": the time column of the table a verb names.
    int p = PrevElement(*r, static_cast<int>(e), 3);
    // "in both 2023", "is either 1948 or 1949".
    if (p >= 0 && (IsCue(*r, p, Cue::Kind::kAlso) || IsCue(*r, p, Cue::Kind::kEither))) {
      if (IsCue(*r, p, Cue::Kind::kEither)) MarkUsed(r, p);
      p = PrevElement(*r, p, 3);
    }
    if (p >= 0 && IsTable(*r, p)) {
      const semantic::TableModel& table = TableModelOf(*r, ResolvedOf(*r, p)->table);
      const std::string& time_column = table.time_column;
      if (!time_column.empty() && time_column.find('.') == std::string::npos) {
        if (const semantic::ColumnModel* column = table.FindColumn(time_column)) {
          pending.table = ResolvedOf(*r, p)->table;
          pending.column = static_cast<int>(column - table.columns.data());
        }
      }
    }
    if (p >= 0 && IsColumn(*r, p)) {
      const Resolved& column = *ResolvedOf(*r, p);
      const semantic::ColumnModel& model = ColumnModelOf(*r, column.table, column.column);
      // A year may be stored as a real number ("birth_year" REAL).
      const std::vector<std::string> words = WordsOf(model.name);
      const bool year_named = std::find(words.begin(), words.end(), "year") != words.end();
      if (IsDateColumn(model) || model.type == DataType::kInteger ||
          (model.type == DataType::kNumber && year_named)) {
        pending.table = column.table;
        pending.column = column.column;
        MarkUsed(r, p);
      }
    }
    r->pending_times.push_back(pending);
  }
}

void ApplyComparisons(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    const bool compare = IsCue(*r, e, Cue::Kind::kCompare);
    const bool comparative = IsCue(*r, e, Cue::Kind::kComparative);
    if (!compare && !comparative) continue;
    const Cue& cue = CueOf(*r, e);
    const bool negated = cue.negated || NegatedBefore(*r, e);
    int left = LeftColumnElement(*r, e);
    // "priced over 1000", "aged under 30": a verb of quantity names the
    // column, the comparison after it the operator.
    std::optional<std::pair<int, int>> verb_column;
    if (left < 0 && compare) {
      const int verb = PrevElement(*r, e, 1);
      if (verb >= 0 && IsCue(*r, verb, Cue::Kind::kComparative) && !r->elements[verb].used &&
          CueOf(*r, verb).op == CompareOp::kEq) {
        verb_column =
            QuantityColumn(*r, CueOf(*r, verb).quantity, TablesNear(*r, r->elements[e].begin));
        if (verb_column) MarkUsed(r, verb);
      }
    }
    std::optional<std::pair<int, int>> column = verb_column;
    if (left >= 0)
      column = std::make_pair(ResolvedOf(*r, left)->table, ResolvedOf(*r, left)->column);
    if (!column && comparative) {
      column = QuantityColumn(*r, cue.quantity, TablesNear(*r, r->elements[e].begin));
    }
    const bool split = !cue.quantity.empty() && cue.quantity.front() == "#split";
    int right = NextElement(*r, e, 2);
    // "less than age 72": a word the model does not know, naming the unit.
    if (right < 0) {
      size_t t = r->elements[e].end;
      while (t < r->tokens->size() && IsFiller(r->token(t))) ++t;
      if (t + 1 < r->tokens->size() && r->element_of_token[t] < 0 &&
          r->token(t).kind == Token::Kind::kWord && r->element_of_token[t + 1] >= 0 &&
          r->elements[r->element_of_token[t + 1]].kind == Element::Kind::kNumber) {
        right = r->element_of_token[t + 1];
      }
    }
    // "a greater weight than 10", "above age 20": the column comes between the
    // comparison and the number.
    if (right >= 0 && IsColumn(*r, right) && !r->elements[right].used) {
      const int operand = NextElement(*r, right, 2);
      bool than = !split;
      for (size_t t = r->elements[right].end; operand >= 0 && t < r->elements[operand].begin; ++t) {
        if (r->token(t).text == "than") than = true;
      }
      if (operand >= 0 && than && IsOperand(*r, operand)) {
        column = std::make_pair(ResolvedOf(*r, right)->table, ResolvedOf(*r, right)->column);
        MarkUsed(r, right);
        right = operand;
      }
    }
    if (split) {
      // "more than" etc. are cues of their own; a lone "greater" needs its "than".
      bool than = false;
      for (size_t t = r->elements[e].end; right >= 0 && t < r->elements[right].begin; ++t) {
        if (r->token(t).text == "than") than = true;
      }
      if (!than && left < 0) continue;
      if (!than) continue;
    }
    // "above the average (age)"
    if (right >= 0 && IsCue(*r, right, Cue::Kind::kAggregate) &&
        CueOf(*r, right).aggregation != semantic::Aggregation::kSum) {
      int of = NextElement(*r, right, 2);
      if (of >= 0 && IsColumn(*r, of) && !r->elements[of].used) {
        column = std::make_pair(ResolvedOf(*r, of)->table, ResolvedOf(*r, of)->column);
        MarkUsed(r, of);
      }
      if (!column) continue;
      r->where.push_back(AverageComparison(*r, column->first, column->second, cue.op,
                                           CueOf(*r, right).aggregation));
      MarkUsed(r, e);
      MarkUsed(r, right);
      MarkUsed(r, left);
      continue;
    }
    // "below the average weight", read as the metric average_weight.
    if (right >= 0 && IsMetric(*r, right) && column) {
      const semantic::MetricModel& metric = r->model().metrics[ResolvedOf(*r, right)->metric];
      semantic::Aggregation aggregation = semantic::Aggregation::kNone;
      const size_t open = metric.expression.find('(');
      if (open != std::string::npos) {
        semantic::ParseAggregation(metric.expression.substr(0, open), &aggregation);
      }
      if (aggregation == semantic::Aggregation::kAvg ||
          aggregation == semantic::Aggregation::kMin ||
          aggregation == semantic::Aggregation::kMax) {
        r->where.push_back(
            AverageComparison(*r, column->first, column->second, cue.op, aggregation));
        MarkUsed(r, e);
        MarkUsed(r, right);
        MarkUsed(r, left);
        continue;
      }
    }
    // "categories with an average list price above 50": a metric compared per
    // group (HAVING).
    if (left < 0 && !column && IsOperand(*r, right) && cue.op != CompareOp::kBetween) {
      int metric = PrevElement(*r, e, 4);
      if (metric >= 0 && IsCue(*r, metric, Cue::Kind::kNegation))
        metric = PrevElement(*r, metric, 3);
      if (metric >= 0 && IsMetric(*r, metric) && !r->elements[metric].used) {
        if (std::optional<Literal> value = LiteralOf(*r, right, nullptr)) {
          Predicate predicate;
          predicate.lhs =
              ValueExpr::Metric(r->model().metrics[ResolvedOf(*r, metric)->metric].name);
          predicate.op = cue.op;
          predicate.values.push_back(*value);
          predicate.negated = negated;
          r->having.push_back(Filter::Of(std::move(predicate)));
          MarkUsed(r, e);
          MarkUsed(r, right);
          MarkUsed(r, metric);
          continue;
        }
      }
    }
    if (!IsOperand(*r, right)) {
      // "than that", "than those": the previous answer, for a follow-up.
      const size_t after_cue = right >= 0 ? r->elements[right].end : r->elements[e].end;
      bool refers_back = false;
      for (size_t t = r->elements[e].end; t < r->tokens->size() && t <= after_cue + 1; ++t) {
        const std::string& word = r->token(t).text;
        refers_back =
            refers_back || word == "that" || word == "those" || word == "it" || word == "this";
      }
      if (refers_back && column && r->previous != nullptr) {
        semantic::Predicate predicate;
        predicate.lhs = ValueExpr::Column(RefOf(*r, column->first, column->second));
        predicate.op = cue.op;
        predicate.negated = negated;
        r->compare_with_previous = predicate;
        MarkUsed(r, e);
        MarkUsed(r, left);
        if (right >= 0 && IsColumn(*r, right)) MarkUsed(r, right);
      }
      continue;
    }
    const semantic::ColumnModel* model =
        column ? &ColumnModelOf(*r, column->first, column->second) : nullptr;
    std::optional<Literal> value = LiteralOf(*r, right, model);
    if (!value) continue;
    std::vector<Literal> values{*value};
    int last = right;
    if (cue.op == CompareOp::kBetween) {
      // "between 5000 and 10000": the joiner is a word of the cue, not filler.
      const int second = right + 1 < static_cast<int>(r->elements.size()) ? right + 1 : -1;
      bool joined = second >= 0;
      for (size_t t = r->elements[right].end; joined && t < r->elements[second].begin; ++t) {
        const std::string& word = r->token(t).text;
        joined = word == "and" || word == "to" || word == "-" || IsFiller(r->token(t));
      }
      if (!joined) continue;
      if (second < 0 || !IsOperand(*r, second)) continue;
      std::optional<Literal> upper = LiteralOf(*r, second, model);
      if (!upper) continue;
      values.push_back(*upper);
      last = second;
    }
    // "with more than 2 orders": a count of a table named after the number.
    const int after = NextElement(*r, last, 1);
    if (after >= 0 && EntityTable(*r, after) >= 0 && cue.op != CompareOp::kBetween &&
        r->elements[last].kind == Element::Kind::kNumber && !r->elements[after].used) {
      // The count is compared with the number as a number, whatever column
      // stood before the cue.
      r->having.push_back(CountComparison(*r, EntityTable(*r, after), cue.op,
                                          *LiteralOf(*r, right, nullptr), negated));
      MarkUsed(r, e);
      MarkUsed(r, right);
      MarkUsed(r, after);
      continue;
    }
    // "speak more than 2 languages": a number of a text column's values, per
    // subject, when nothing numeric stood before the cue.
    if (after >= 0 && IsColumn(*r, after) && !r->elements[after].used &&
        cue.op != CompareOp::kBetween && r->elements[last].kind == Element::Kind::kNumber &&
        r->token(r->elements[last].index).integer &&
        (!column || !IsNumericColumn(ColumnModelOf(*r, column->first, column->second)))) {
      const Resolved& counted = *ResolvedOf(*r, after);
      if (ColumnModelOf(*r, counted.table, counted.column).type == DataType::kText) {
        Predicate predicate;
        predicate.lhs = ValueExpr::Aggregate(semantic::Aggregation::kCountDistinct,
                                             RefOf(*r, counted.table, counted.column), true);
        predicate.op = cue.op;
        predicate.values.push_back(*LiteralOf(*r, right, nullptr));
        predicate.negated = negated;
        r->having.push_back(Filter::Of(std::move(predicate)));
        MarkUsed(r, e);
        MarkUsed(r, right);
        MarkUsed(r, after);
        MarkUsed(r, left);
        continue;
      }
    }
    if (!column && after >= 0 && IsColumn(*r, after)) {
      column = std::make_pair(ResolvedOf(*r, after)->table, ResolvedOf(*r, after)->column);
      MarkUsed(r, after);
    }
    if (!column && r->previous != nullptr && values.size() == 1) {
      // "how about more than 3?": the previous question's comparison, changed.
      r->dangling_compare = Reading::DanglingCompare{true, cue.op, negated, values.front()};
      for (int k = e; k <= last; ++k) MarkUsed(r, k);
      continue;
    }
    if (!column) continue;
    CompareOp op = cue.op;
    // "older than 1990" on a birth year or date: the year runs the other way.
    if (cue.quantity_is_age &&
        ColumnModelOf(*r, column->first, column->second).role != ColumnRole::kMeasure) {
      if (op == CompareOp::kGt)
        op = CompareOp::kLt;
      else if (op == CompareOp::kLt)
        op = CompareOp::kGt;
    }
    // "continents with an average life expectancy below 72": the aggregate
    // of each group is compared (HAVING), not each row.
    const int aggregate = left >= 0 ? PrevElement(*r, left, 2) : -1;
    if (aggregate >= 0 && !r->elements[aggregate].used &&
        IsCue(*r, aggregate, Cue::Kind::kAggregate)) {
      Predicate predicate;
      predicate.lhs = ValueExpr::Aggregate(CueOf(*r, aggregate).aggregation,
                                           RefOf(*r, column->first, column->second));
      predicate.op = op;
      predicate.values = std::move(values);
      predicate.negated = negated;
      r->having.push_back(Filter::Of(std::move(predicate)));
      for (int k = e; k <= last; ++k) MarkUsed(r, k);
      MarkUsed(r, left);
      MarkUsed(r, aggregate);
      continue;
    }
    r->where.push_back(
        ColumnPredicate(*r, column->first, column->second, op, std::move(values), negated));
    for (int k = e; k <= last; ++k) MarkUsed(r, k);
    MarkUsed(r, left);
  }
}

void ApplyTextMatches(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || !IsCue(*r, e, Cue::Kind::kTextMatch)) continue;
    const Cue& cue = CueOf(*r, e);
    // The pattern: a quoted string, a value, or the next word as typed.
    std::string pattern;
    int right = NextElement(*r, e, 3);
    size_t after_cue = r->elements[e].end;
    while (after_cue < r->tokens->size() && IsFiller(r->token(after_cue))) ++after_cue;
    if (right >= 0 && r->elements[right].kind == Element::Kind::kQuoted) {
      pattern = r->token(r->elements[right].index).original;
    } else if (right >= 0 && IsValue(*r, right)) {
      pattern = ResolvedOf(*r, right)->value;
    } else if (after_cue < r->tokens->size() && r->token(after_cue).kind != Token::Kind::kPunct) {
      // "starting with letter A": skip the word "letter".
      if (r->token(after_cue).text == "letter" && after_cue + 1 < r->tokens->size()) ++after_cue;
      pattern = r->token(after_cue).original;
      right = r->element_of_token[after_cue];
    }
    if (pattern.empty()) continue;
    int left = LeftColumnElement(*r, e);
    std::optional<std::pair<int, int>> column;
    if (left < 0) {
      // "the notes of the death events which have the substring 'East'": the
      // nearest text column named before the cue.
      for (int k = e - 1; k >= 0; --k) {
        if (!IsColumn(*r, k)) continue;
        const Resolved* resolved = ResolvedOf(*r, k);
        if (ColumnModelOf(*r, resolved->table, resolved->column).type == DataType::kText) {
          column = std::make_pair(resolved->table, resolved->column);
          break;
        }
      }
    }
    if (left >= 0) {
      column = std::make_pair(ResolvedOf(*r, left)->table, ResolvedOf(*r, left)->column);
    } else if (!column) {
      for (int table : FocusTables(*r)) {
        const int name = NameColumn(*r, table);
        if (name >= 0) {
          column = std::make_pair(table, name);
          break;
        }
      }
    }
    if (!column) continue;
    r->where.push_back(ColumnPredicate(*r, column->first, column->second, cue.op,
                                       {Literal::Text(pattern)}, NegatedBefore(*r, e)));
    MarkUsed(r, e);
    MarkUsed(r, left);
    MarkUsed(r, right);
  }
}

namespace {

bool IsListJoiner(const Token& token) {
  return token.text == "or" || token.text == "and" || token.text == "," || token.text == "nor";
}

// Values of the same column joined by "or", "and" or commas after element `e`.
std::vector<int> ValueList(const Reading& r, int e, int table, int column) {
  std::vector<int> list{e};
  int at = e;
  while (at + 1 < static_cast<int>(r.elements.size())) {
    const int next = at + 1;
    const Element& element = r.elements[next];
    bool joined = element.begin > r.elements[at].end;
    for (size_t t = r.elements[at].end; t < element.begin; ++t) {
      if (!IsListJoiner(r.token(t)) && !IsFiller(r.token(t))) joined = false;
    }
    if (!joined) break;
    const Resolved* resolved = ResolvedOf(r, next);
    const bool same_column = resolved != nullptr && resolved->kind == Resolved::Kind::kValue &&
                             resolved->table == table && resolved->column == column;
    const bool literal = element.kind == Element::Kind::kQuoted;
    if (!same_column && !literal) break;
    list.push_back(next);
    at = next;
  }
  return list;
}

// The table a "with no Y" clause restricts: the nearest table named before it.
int RestrictedTable(const Reading& r, int e) {
  for (int k = e - 1; k >= 0; --k) {
    const Resolved* resolved = ResolvedOf(r, k);
    if (resolved != nullptr && resolved->kind == Resolved::Kind::kTable) return resolved->table;
  }
  for (int k = e - 1; k >= 0; --k) {
    const Resolved* resolved = ResolvedOf(r, k);
    if (resolved != nullptr && resolved->kind == Resolved::Kind::kColumn) return resolved->table;
  }
  return -1;
}

// "both X and Y": a "both" right before the first of the listed values.
bool BothBefore(const Reading& r, int first, int last) {
  const size_t begin = r.elements[first].begin;
  for (size_t t = begin; t-- > 0 && begin - t <= 3;) {
    if (r.token(t).text == "both") return true;
    if (!IsFiller(r.token(t))) break;
  }
  (void)last;
  return false;
}

// The column whose dictionary holds `value` (case-insensitive), preferring the
// tables the question is about; nullopt when none or too many equally do.
std::optional<std::pair<int, int>> ColumnHoldingValue(const Reading& r, const std::string& value) {
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  const std::string wanted = lower(value);
  const std::vector<int> focus = FocusTables(r);
  std::optional<std::pair<int, int>> best;
  int best_rank = 1 << 20;
  for (size_t t = 0; t < r.model().tables.size(); ++t) {
    const auto& columns = r.model().tables[t].columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      for (const std::string& candidate : columns[c].values) {
        if (lower(candidate) != wanted) continue;
        const auto it = std::find(focus.begin(), focus.end(), static_cast<int>(t));
        const int rank = it == focus.end() ? 1000 : static_cast<int>(it - focus.begin());
        if (rank < best_rank) {
          best_rank = rank;
          best = std::make_pair(static_cast<int>(t), static_cast<int>(c));
        }
        break;
      }
    }
  }
  return best;
}

}  // namespace

// "official languages", "male singers": a yes/no column named as an adjective
// means rows where it is yes ("not official": where it is no).
void ApplyFlags(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || !IsColumn(*r, e)) continue;
    const Resolved& resolved = *ResolvedOf(*r, e);
    const semantic::ColumnModel& column = ColumnModelOf(*r, resolved.table, resolved.column);
    if (column.role != semantic::ColumnRole::kFlag) continue;
    // "whose is_male is 'T'" compares it outright: left to the other steps.
    const int next = NextElement(*r, e, 2);
    if (next >= 0 && (IsOperand(*r, next) || IsCue(*r, next, Cue::Kind::kCompare))) continue;
    std::optional<Literal> yes;
    if (column.type == DataType::kBoolean) {
      yes = Literal::Boolean(true);
    } else {
      for (const std::string& value : column.values) {
        std::string lower = value;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "t" || lower == "y" || lower == "yes" || lower == "true" || lower == "1") {
          yes = column.type == DataType::kText ? Literal::Text(value)
                                               : Literal::Integer(std::atoll(value.c_str()));
        }
      }
    }
    if (!yes) continue;
    r->where.push_back(ColumnPredicate(*r, resolved.table, resolved.column, CompareOp::kEq, {*yes},
                                       NegatedBefore(*r, e)));
    MarkUsed(r, e);
    if (NegatedBefore(*r, e)) MarkUsed(r, e - 1);
  }
}

// "how about 3?": a number alone, in a follow-up, replaces the previous
// comparison's number.
void ApplyBareNumber(Reading* r) {
  if (r->previous == nullptr || r->dangling_compare) return;
  int number = -1;
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    if (r->elements[e].kind == Element::Kind::kNumber && number < 0) {
      number = e;
    } else if (r->elements[e].kind == Element::Kind::kMention) {
      return;  // something else is named: not a bare number
    }
  }
  if (number < 0) return;
  const std::optional<Literal> value = LiteralOf(*r, number, nullptr);
  if (!value) return;
  r->dangling_compare = Reading::DanglingCompare{false, CompareOp::kEq, false, *value};
  MarkUsed(r, number);
}

void ApplyValues(Reading* r) {
  ApplyFlags(r);
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    const Element::Kind kind = r->elements[e].kind;
    int table = -1, column = -1;
    int named = -1;  // a column mention naming the value's column
    if (IsValue(*r, e)) {
      table = ResolvedOf(*r, e)->table;
      column = ResolvedOf(*r, e)->column;
      // The column may be named before the value ("region Caribbean", "whose
      // region is Caribbean") or after it ("the Caribbean region").
      for (int p : {PrevElement(*r, e, 3), NextElement(*r, e, 3)}) {
        if (p >= 0 && IsColumn(*r, p) && !r->elements[p].used &&
            ResolvedOf(*r, p)->table == table && ResolvedOf(*r, p)->column == column) {
          named = p;
          break;
        }
      }
    } else if (kind == Element::Kind::kNumber || kind == Element::Kind::kQuoted) {
      // "the 5 largest", "3 most": the number is how many, not a value.
      const int reserved = NextElement(*r, e, 0);
      if (kind == Element::Kind::kNumber && reserved >= 0 &&
          (IsCue(*r, reserved, Cue::Kind::kSuperlative) ||
           IsCue(*r, reserved, Cue::Kind::kLimit))) {
        continue;
      }
      // "the 3 countries which have the most": how many, read by the ordering.
      if (kind == Element::Kind::kNumber && reserved >= 0 && IsTable(*r, reserved)) {
        const Token& token = r->token(r->elements[e].index);
        size_t before = r->elements[e].begin;
        if (token.integer && before > 0 && r->token(before - 1).text == "the") continue;
      }
      // "with 4 cylinders": a number right before a numeric column it counts.
      const int n = NextElement(*r, e, 0);
      int p = PrevElement(*r, e, 3);
      if (kind == Element::Kind::kNumber && n >= 0 && IsColumn(*r, n) && !r->elements[n].used &&
          IsNumericColumn(ColumnModelOf(*r, ResolvedOf(*r, n)->table, ResolvedOf(*r, n)->column))) {
        table = ResolvedOf(*r, n)->table;
        column = ResolvedOf(*r, n)->column;
        named = n;
      } else if (kind == Element::Kind::kQuoted && n >= 0 && IsColumn(*r, n) &&
                 !r->elements[n].used && (p < 0 || !IsColumn(*r, p))) {
        // "the 'Home & Kitchen' category": the column named after the value.
        table = ResolvedOf(*r, n)->table;
        column = ResolvedOf(*r, n)->column;
        named = n;
      } else {
        // "with age 20", "whose name is 'Bob'", "stadium id 5", "whose name is not 'Bob'".
        if (p >= 0 && IsCue(*r, p, Cue::Kind::kNegation)) p = PrevElement(*r, p, 3);
        if ((p < 0 || !IsColumn(*r, p) || r->elements[p].used) && kind == Element::Kind::kQuoted) {
          // "ended up being 'Captured'": the column whose values hold it.
          if (auto found = ColumnHoldingValue(*r, r->token(r->elements[e].index).original)) {
            table = found->first;
            column = found->second;
            p = -1;
          }
        }
        if (table < 0 && (p < 0 || !IsColumn(*r, p) || r->elements[p].used)) continue;
        if (table < 0) {
          table = ResolvedOf(*r, p)->table;
          column = ResolvedOf(*r, p)->column;
          named = p;
        }
      }
    } else {
      continue;
    }
    const semantic::ColumnModel& model = ColumnModelOf(*r, table, column);
    std::vector<int> list =
        kind == Element::Kind::kNumber ? std::vector<int>{e} : ValueList(*r, e, table, column);
    std::vector<Literal> values;
    for (int item : list) {
      if (auto literal = LiteralOf(*r, item, &model)) values.push_back(*literal);
      MarkUsed(r, item);
    }
    if (values.empty()) continue;
    // "CD or DVD as their record format": the column named after the values.
    if (named < 0) {
      const int after = NextElement(*r, list.back(), 3);
      if (after >= 0 && !r->elements[after].used && IsColumn(*r, after) &&
          ResolvedOf(*r, after)->table == table && ResolvedOf(*r, after)->column == column) {
        named = after;
      }
    }
    const bool negated = NegatedBefore(*r, named >= 0 ? named : e) || NegatedBefore(*r, e);
    // "both cats and dogs": every value, not any of them.
    if (values.size() > 1 && !negated && BothBefore(*r, list.front(), list.back())) {
      r->both = Reading::BothValues{RefOf(*r, table, column), std::move(values)};
      MarkUsed(r, named);
      continue;
    }
    const CompareOp op = values.size() > 1 ? CompareOp::kIn : CompareOp::kEq;
    Filter filter = ColumnPredicate(*r, table, column, op, std::move(values), false);
    if (negated) {
      // "students who do not have a cat": no related row with the value, not
      // a related row with another value.
      const int restricted = RestrictedTable(*r, named >= 0 ? named : e);
      if (restricted >= 0 && restricted != table) {
        if (auto hop = ReferenceInto(*r, table, restricted)) {
          r->where.push_back(NotInRelated(*r, restricted, *hop, std::move(filter)));
          MarkUsed(r, named);
          // "a cat as a pet": the value's own table names what it is.
          const int head = NextElement(*r, list.back(), 2);
          if (head >= 0 && !r->elements[head].used && EntityTable(*r, head) == table) {
            MarkUsed(r, head);
          }
          MarkUsed(r, NegationBefore(*r, named >= 0 ? named : e));
          MarkUsed(r, NegationBefore(*r, e));
          continue;
        }
      }
      filter.predicate.negated = true;
    }
    r->where.push_back(std::move(filter));
    MarkUsed(r, named);
    MarkUsed(r, NegationBefore(*r, named >= 0 ? named : e));
  }
}

namespace {

// The element after a negation, skipping a verb and the small words after it
// ("did not lose any ship", "never ordered from an online store").
int ExistenceTarget(const Reading& r, int e) {
  size_t t = r.elements[e].end;
  int skipped_words = 0;
  while (t < r.tokens->size()) {
    const int element = r.element_of_token[t];
    if (element >= 0) {
      // A verb that is also an order word ("ordered") is still the verb.
      if (IsCue(r, element, Cue::Kind::kOrder) && skipped_words == 0) {
        t = r.elements[element].end;
        ++skipped_words;
        continue;
      }
      return element;
    }
    const Token& token = r.token(t);
    const bool small = IsFiller(token) || token.text == "from" || token.text == "with" ||
                       token.text == "by" || token.text == "any" || token.text == "a";
    if (!small && ++skipped_words > 1) return -1;
    ++t;
  }
  return -1;
}

// The table whose rows must not exist: named by a table, or by a value of one.
int ExistenceTable(const Reading& r, int e) {
  if (e < 0) return -1;
  if (IsValue(r, e)) return ResolvedOf(r, e)->table;
  return r.elements[e].used ? -1 : EntityTable(r, e);
}

// Conditions on the related table ("any ship with tonnage 225"), or on a
// table reached through it ("never ordered from an online store": stores
// through orders), belong to the rows that must not exist, not to the subject.
Filter TakeFiltersOn(Reading* r, int table, int subject) {
  Filter taken;
  std::vector<Filter> kept;
  for (Filter& filter : r->where) {
    int on = -1;
    if (filter.kind == Filter::Kind::kPredicate && !filter.predicate.lhs.column.empty()) {
      on = TableIndex(*r, filter.predicate.lhs.column.table);
    }
    const bool beyond =
        on >= 0 && on != subject &&
        (on == table || (r->table_distance[table][on] >= 0 &&
                         r->table_distance[table][on] < r->table_distance[subject][on]));
    if (beyond) {
      taken.AddConjunct(std::move(filter));
    } else {
      kept.push_back(std::move(filter));
    }
  }
  r->where = std::move(kept);
  return taken;
}

// "courses that have some students", "singers with concerts": the word
// before the table says the subject has related rows.
bool HaveBefore(const Reading& r, int e) {
  size_t t = r.elements[e].begin;
  while (t > 0) {
    const std::string& word = r.token(t - 1).text;
    if (word == "some" || word == "any" || word == "a" || word == "an" || word == "the") {
      // "dogs that went through any treatment": "any" alone says so.
      if (word == "any") return true;
      --t;
      continue;
    }
    return word == "have" || word == "has" || word == "had" || word == "having" || word == "with";
  }
  return false;
}

}  // namespace

void ApplyExistence(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || !IsCue(*r, e, Cue::Kind::kNegation)) continue;
    const int next = ExistenceTarget(*r, e);
    const int related = ExistenceTable(*r, next);
    if (related < 0) continue;
    const int subject = RestrictedTable(*r, e);
    if (subject < 0 || subject == related) continue;
    // "shops that do not hire any employee": the verb names the table that
    // links the two; the rows that must not exist are the ones it links.
    const int beyond = NextElement(*r, next, 2);
    if (beyond >= 0 && !r->elements[beyond].used && !IsValue(*r, beyond) &&
        EntityTable(*r, beyond) >= 0 && EntityTable(*r, beyond) != subject &&
        r->table_distance[related][EntityTable(*r, beyond)] == 1 &&
        ReferenceInto(*r, EntityTable(*r, beyond), subject)) {
      MarkUsed(r, beyond);
    }
    // The related rows reach the subject through a reference (perhaps over a
    // bridge table: students ← has_pet → pets).
    const std::optional<ReferenceHop> hop = ReferenceInto(*r, related, subject);
    if (!hop) continue;
    Filter condition = TakeFiltersOn(r, related, subject);
    r->where.push_back(NotInRelated(*r, subject, *hop, std::move(condition)));
    MarkUsed(r, e);
    MarkUsed(r, next);
  }
  // Positive existence: "courses that have some students enrolled".
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || EntityTable(*r, e) < 0 || !HaveBefore(*r, e)) continue;
    const int related = EntityTable(*r, e);
    const int subject = RestrictedTable(*r, e);
    if (subject < 0 || subject == related) continue;
    const std::optional<ReferenceHop> hop = ReferenceInto(*r, related, subject);
    if (!hop) continue;
    Filter condition = TakeFiltersOn(r, related, subject);
    Filter in = NotInRelated(*r, subject, *hop, std::move(condition));
    in.predicate.negated = false;
    r->where.push_back(std::move(in));
    MarkUsed(r, e);
  }
}

}  // namespace scry::nlq
