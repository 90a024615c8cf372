// Parser: a question in plain English → SemanticQuery, with no language model.
//
// A pipeline of named passes (normalize, tokenize, stem, link words to the
// model, read the intent, resolve time, merge with the previous turn, score
// and explain), each of which can be traced and tested on its own. When the
// question is ambiguous it asks instead of guessing; when nothing in it is
// recognizable it says so and shows what can be asked. Never an error for a
// question a person typed.
//
// Thread-safe: a Parser is immutable after construction and Parse() may be
// called from many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::nlq {

// The previous turn of a conversation, the context of a follow-up.
struct PreviousTurn {
  std::string question;
  semantic::SemanticQuery query;
};

// How the parser read the question, in words a person checks at a glance.
struct Interpretation {
  // "Sum of revenue by store region, orders in Q3 2025".
  std::string restatement;
  // Chips: "measure: sum of revenue", "by: store region", "filter: channel is Online",
  // "time: Q3 2025".
  struct Chip {
    std::string kind;  // measure, group, filter, time, order, limit
    std::string text;
  };
  std::vector<Chip> chips;
  // Words of the question that played no part in the reading.
  std::vector<std::string> unused_words;
  // 0..1: how sure the parser is of this reading.
  double confidence = 0;
  // Whether the question was read as a follow-up of the previous turn, and why.
  bool follow_up = false;
  std::string follow_up_reason;
};

struct Clarification {
  std::string question;  // "Which region do you mean?"
  struct Choice {
    std::string label;  // "Store region"
    semantic::SemanticQuery query;
    Interpretation interpretation;
  };
  std::vector<Choice> choices;  // at most four, each a complete query
};

struct ParseResult {
  enum class Kind {
    kQuery,          // understood: `query` and `interpretation`
    kClarification,  // ambiguous: `clarification`
    kNotUnderstood,  // nothing recognizable: `message` and `hints`
  };
  Kind kind = Kind::kNotUnderstood;
  semantic::SemanticQuery query;
  Interpretation interpretation;
  Clarification clarification;
  std::string message;             // for kNotUnderstood
  std::vector<std::string> hints;  // what can be asked: measures, tables, examples

  // Read as a query with every word used: what may be offered to people as a
  // question that works (an example, a suggestion, a guide's phrase).
  bool UnderstoodWhole() const {
    return kind == Kind::kQuery && interpretation.unused_words.empty();
  }
};

struct ParserOptions {
  // Below this confidence the answer is a clarification (or not understood).
  double min_confidence = 0.35;
  // Two readings within this much of each other are a tie worth asking about.
  double tie_margin = 0.05;
  // Rows a plain listing returns when the question names no number.
  int64_t default_list_limit = 0;
};

class Parser {
 public:
  // `model` must outlive the parser. Builds the word indexes once.
  Parser(const semantic::Model& model, ParserOptions options = {});
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Reads `question`, as a follow-up of `previous` when given and when the
  // question reads as one. Relative dates ("last month") are relative to
  // `clock`'s today.
  ParseResult Parse(std::string_view question, const Clock& clock,
                    const PreviousTurn* previous = nullptr) const;

  // How the question was read, pass by pass, for `scry ask --trace`.
  std::string Trace(std::string_view question, const Clock& clock) const;

  struct Index;  // Defined in the .cc: the model's words, built once.

 private:
  const semantic::Model& model_;
  ParserOptions options_;
  std::unique_ptr<Index> index_;
};

}  // namespace scry::nlq
