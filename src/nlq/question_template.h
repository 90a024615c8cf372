// QuestionTemplate: a question reduced to what it asks, with the values it
// names taken out as typed slots. Two questions that mean the same thing but
// for those values ("revenue by channel in Europe", "Asia Pacific revenue per
// channel") have templates of the same shape; a question that asks for
// something else (another measure, another grouping, a filter more or less, a
// value of another column) does not. Trusted questions
// (conversation/trusted_questions.h) are matched this way.
//
// Reading a question runs the parser's first passes (normalize, tokenize,
// time expressions, linking, cues) and keeps, in order:
// - each mention of a table, column or metric as an entity (the set of
//   equally good readings, so "sales" and "revenue" are the same metric when
//   the model or the lexicon says so; two mentions are the same when they
//   share a reading);
// - each cue as its kind ("how many", "number of" and "count of" are one
//   count; "by", "per" and "for each" one grouping); a sum ("total", "how
//   much") and framing words ("show", "what is") are dropped, as the parser
//   drops them;
// - every other word by its stem (inflection), with the lexicon's synonyms
//   folded to one, and filler words ("the", "in", "please") dropped;
// and takes out as slots: values from the model's value dictionaries (with
//   their possible columns, negated by a "not" just before), time ranges
//   ("2024", "last quarter", "since March") typed by their shape (year,
//   quarter, month, week, day, since, until, range), numbers (with their unit)
//   and quoted text. Filters by a value or a time range may stand anywhere in
//   a question, so those slots (and time grains and period comparisons) are
//   moved after the rest, in their order.
//
// Thread-safe: a QuestionTemplater is immutable after construction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "semantic/model.h"

namespace scry::nlq {

struct TemplateSlot {
  enum class Kind { kValue, kTime, kNumber, kText };
  Kind kind = Kind::kValue;
  // What else may stand here. kValue: unused (see columns); kTime: the
  // range's shape ("year", "quarter", "month", "week", "day", "since",
  // "until", "range"); kNumber: "number", "percent" or "currency"; kText: "text".
  std::string type;
  // kValue: every column ("table.column") the value may be a value of, sorted.
  std::vector<std::string> columns;
  bool negated = false;  // kValue: "not in Europe", "except Online"
  // The value itself. kValue: as stored in the data; kNumber: canonical digits
  // ("1500"); kText: as typed; kTime: the range as "start/end" ISO dates.
  std::string value;
  // A name for the parameter it becomes: the column's name, the time shape,
  // "number" or "text".
  std::string name;
  // kTime: the range [start, end); `year` when it is one calendar year.
  std::optional<CivilDate> start;
  std::optional<CivilDate> end;
  std::optional<int> year;
  double number = 0;  // kNumber
  // The words as typed, lower case ("last quarter", "europe").
  std::string text;
};

struct TemplateElement {
  enum class Kind { kWord, kEntity, kSlot };
  Kind kind = Kind::kWord;
  // kWord: one canonical word or cue ("cue:count"); kEntity: the model
  // elements it may name ("metric:revenue", "column:stores.channel"), sorted.
  std::vector<std::string> keys;
  int slot = -1;  // kSlot: index into QuestionTemplate::slots
};

struct QuestionTemplate {
  std::vector<TemplateElement> elements;
  std::vector<TemplateSlot> slots;  // in the order their elements stand

  bool empty() const { return elements.empty(); }
  // "metric:revenue cue:group column:stores.channel {value stores.region}",
  // for tests, traces and messages.
  std::string ToString() const;
};

// Whether a slot of `b` may stand where `a` has its slot: the same kind and
// type, a value of a column `a`'s value may belong to, negated alike.
bool SlotsCompatible(const TemplateSlot& a, const TemplateSlot& b);

// Whether `b` asks what `a` asks, values aside: the same elements in the same
// order, entities with a reading in common, compatible slots.
bool SameShape(const QuestionTemplate& a, const QuestionTemplate& b);

// Whether two slots hold the same value (a time range by its dates).
bool SameValue(const TemplateSlot& a, const TemplateSlot& b);

class QuestionTemplater {
 public:
  // `model` must outlive the templater. Indexes the model's words once.
  explicit QuestionTemplater(const semantic::Model& model);
  ~QuestionTemplater();
  QuestionTemplater(const QuestionTemplater&) = delete;
  QuestionTemplater& operator=(const QuestionTemplater&) = delete;

  // The template of `question`; relative dates are read from `today`.
  QuestionTemplate Read(std::string_view question, const CivilDate& today) const;

  const semantic::Model& model() const { return model_; }

 private:
  struct Index;
  const semantic::Model& model_;
  std::unique_ptr<Index> index_;
};

}  // namespace scry::nlq
