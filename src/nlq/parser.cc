#include "nlq/parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "nlq/cues.h"
#include "nlq/explain.h"
#include "nlq/followup.h"
#include "nlq/intent.h"
#include "nlq/schema_index.h"
#include "nlq/tokenizer.h"
#include "nlq/trace.h"

namespace scry::nlq {

struct Parser::Index {
  explicit Index(const semantic::Model& model) : schema(model) {}
  SchemaIndex schema;
};

namespace {

using semantic::ChartPreference;
using semantic::SemanticQuery;

// --- chart preferences --------------------------------------------------------

// Names of a kind of chart; at one position the longest wins.
struct ChartName {
  std::vector<std::string_view> words;
  ChartPreference preference;
  bool leads;  // may open the question: "pie chart of orders by status"
};

const std::vector<ChartName>& ChartNames() {
  static const auto* names = new std::vector<ChartName>{
      {{"pie", "chart"}, ChartPreference::kPie, true},
      {{"pie", "graph"}, ChartPreference::kPie, true},
      {{"donut", "chart"}, ChartPreference::kPie, true},
      {{"doughnut", "chart"}, ChartPreference::kPie, true},
      {{"pie"}, ChartPreference::kPie, true},
      {{"donut"}, ChartPreference::kPie, true},
      {{"doughnut"}, ChartPreference::kPie, true},
      {{"bar", "chart"}, ChartPreference::kBar, true},
      {{"bar", "graph"}, ChartPreference::kBar, true},
      {{"column", "chart"}, ChartPreference::kBar, true},
      {{"bars"}, ChartPreference::kBar, false},
      {{"bar"}, ChartPreference::kBar, false},
      {{"line", "chart"}, ChartPreference::kLine, true},
      {{"line", "graph"}, ChartPreference::kLine, true},
      {{"line"}, ChartPreference::kLine, false},
      {{"lines"}, ChartPreference::kLine, false},
      {{"table"}, ChartPreference::kTable, false},
  };
  return *names;
}

bool WordAt(const Tokens& tokens, size_t i, std::initializer_list<std::string_view> words) {
  if (i >= tokens.size() || !tokens[i].IsWord()) return false;
  return std::find(words.begin(), words.end(), tokens[i].text) != words.end();
}

// The chart named at `i`, and where its name ends.
const ChartName* ChartNameAt(const Tokens& tokens, size_t i, size_t* end) {
  const ChartName* best = nullptr;
  for (const ChartName& name : ChartNames()) {
    if (best != nullptr && best->words.size() >= name.words.size()) continue;
    bool match = i + name.words.size() <= tokens.size();
    for (size_t k = 0; match && k < name.words.size(); ++k) {
      match = tokens[i + k].IsWord() && tokens[i + k].text == name.words[k];
    }
    if (match) best = &name;
  }
  if (best != nullptr) *end = i + best->words.size();
  return best;
}

size_t SkipArticle(const Tokens& tokens, size_t i) {
  return WordAt(tokens, i, {"a", "an", "the"}) ? i + 1 : i;
}

// "(shown) as a pie chart", "in a donut", "as bars instead", "in table form".
bool MatchChartFrame(const Tokens& tokens, size_t i, size_t* begin, size_t* end,
                     ChartPreference* preference) {
  if (!WordAt(tokens, i, {"as", "in", "on", "with", "using"})) return false;
  const ChartName* name = ChartNameAt(tokens, SkipArticle(tokens, i + 1), end);
  if (name == nullptr) return false;
  while (WordAt(tokens, *end, {"chart", "graph", "form", "format", "view", "instead"})) ++*end;
  *begin = i;
  if (i > 0 && WordAt(tokens, i - 1,
                      {"shown", "show", "displayed", "display", "drawn", "draw", "plotted", "plot",
                       "presented", "visualized", "visualised", "charted"})) {
    --*begin;
  }
  *preference = name->preference;
  return true;
}

// "pie chart of orders by status", "show me a bar chart of revenue by region".
bool MatchLeadingChart(const Tokens& tokens, size_t* begin, size_t* end,
                       ChartPreference* preference) {
  size_t i = 0;
  while (WordAt(tokens, i,
                {"show", "me", "give", "make", "draw", "plot", "create", "display", "please", "can",
                 "could", "you", "i", "want", "would", "like"})) {
    ++i;
  }
  const size_t article = i;
  const ChartName* name = ChartNameAt(tokens, SkipArticle(tokens, i), end);
  if (name == nullptr || !name->leads || !WordAt(tokens, *end, {"of", "for", "showing"})) {
    return false;
  }
  *begin = article;
  ++*end;
  *preference = name->preference;
  return true;
}

// How the question asks to see its answer, with the words that say so taken
// out of `tokens`, so that the rest reads as it would without them. A verb
// that only asks for a picture ("plot revenue by month") goes too.
ChartPreference TakeChartPreference(Tokens* tokens) {
  ChartPreference preference = ChartPreference::kAuto;
  size_t begin = 0;
  size_t end = 0;
  bool found = MatchLeadingChart(*tokens, &begin, &end, &preference);
  for (size_t i = 0; !found && i < tokens->size(); ++i) {
    found = MatchChartFrame(*tokens, i, &begin, &end, &preference);
  }
  if (found) {
    tokens->erase(tokens->begin() + static_cast<std::ptrdiff_t>(begin),
                  tokens->begin() + static_cast<std::ptrdiff_t>(end));
  }
  // "(the) share of revenue by channel as a pie": the parts of a whole are
  // what a pie shows; the words say nothing more.
  size_t i = 0;
  while (WordAt(*tokens, i, {"show", "me", "give", "the", "what", "is"})) ++i;
  if (preference == ChartPreference::kPie &&
      WordAt(*tokens, i,
             {"share", "shares", "proportion", "proportions", "split", "breakdown", "distribution",
              "mix"}) &&
      WordAt(*tokens, i + 1, {"of"})) {
    tokens->erase(tokens->begin() + static_cast<std::ptrdiff_t>(i),
                  tokens->begin() + static_cast<std::ptrdiff_t>(i + 2));
  }
  if (tokens->size() > 1 &&
      WordAt(*tokens, 0, {"plot", "chart", "graph", "visualize", "visualise", "draw"})) {
    tokens->erase(tokens->begin());
  }
  return preference;
}

// "show that as a pie chart", "as bars instead": words that only point back.
bool OnlyPointsBack(const Tokens& tokens) {
  return std::all_of(tokens.begin(), tokens.end(), [](const Token& token) {
    constexpr std::string_view kPointing[] = {"instead", "now",  "again", "make",
                                              "draw",    "plot", "redo",  "same"};
    return token.kind == Token::Kind::kPunct || IsFunctionWord(token) ||
           std::find(std::begin(kPointing), std::end(kPointing), token.text) != std::end(kPointing);
  });
}

// A follow-up may take away the periods a running total ran over ("by store
// region instead"): what is left is the plain total.
void KeepRunnableTotals(SemanticQuery* query) {
  if (query->Periods().size() == 1 && !query->comparison) return;
  for (semantic::SelectItem& item : query->select) item.cumulative = false;
}

// Every pass up to and including the intent, on one question.
void CollectColumns(const semantic::Filter& filter, std::vector<semantic::ColumnRef>* out) {
  if (filter.kind == semantic::Filter::Kind::kPredicate) {
    if (!filter.predicate.lhs.column.empty()) out->push_back(filter.predicate.lhs.column);
    return;
  }
  for (const semantic::Filter& child : filter.children) CollectColumns(child, out);
}

std::vector<semantic::ColumnRef> ColumnsOf(const SemanticQuery& query) {
  std::vector<semantic::ColumnRef> columns;
  for (const auto& item : query.select) columns.push_back(item.value.column);
  for (const auto& group : query.group_by) columns.push_back(group.column);
  CollectColumns(query.where, &columns);
  CollectColumns(query.having, &columns);
  return columns;
}

Reading ReadQuestion(const Tokens& tokens, const SchemaIndex& index, const CivilDate& today,
                     const PreviousTurn* previous,
                     std::vector<std::pair<int, Resolved>> forced = {}) {
  Reading reading;
  if (previous != nullptr) {
    reading.previous = &previous->query;
    reading.previous_columns = ColumnsOf(previous->query);
  }
  reading.tokens = &tokens;
  reading.index = &index;
  reading.today = today;
  reading.forced = std::move(forced);
  reading.times = FindTimeExpressions(tokens, today);
  std::vector<bool> blocked(tokens.size(), false);
  for (const TimeExpression& time : reading.times) {
    for (size_t t = time.begin; t < time.end; ++t) blocked[t] = true;
  }
  reading.mentions = LinkMentions(tokens, index, blocked);
  reading.cues = FindCues(tokens, blocked);
  ReadIntent(&reading);
  return reading;
}

std::vector<std::string> UnusedWords(const Reading& r) {
  std::vector<std::string> words;
  for (size_t t = 0; t < r.tokens->size(); ++t) {
    const Token& token = r.token(t);
    const int element = r.element_of_token[t];
    if (element >= 0 && r.elements[element].used) continue;
    if (token.kind == Token::Kind::kPunct || IsFunctionWord(token) || IsStopWord(token.text)) {
      continue;
    }
    // Cues that only frame the question ("show", "list") are not content.
    if (element >= 0 && r.elements[element].kind == Element::Kind::kCue) {
      const Cue::Kind kind = r.cues[r.elements[element].index].kind;
      if (kind == Cue::Kind::kList || kind == Cue::Kind::kDistinct) continue;
    }
    words.push_back(token.original.empty() ? token.text : token.original);
  }
  return words;
}

double Confidence(const Reading& r, size_t unused) {
  double lexical = 1;
  int mentions = 0;
  for (size_t e = 0; e < r.elements.size(); ++e) {
    if (r.elements[e].kind != Element::Kind::kMention || !r.elements[e].used) continue;
    lexical += std::min(1.0, r.resolved[r.elements[e].index].score);
    ++mentions;
  }
  lexical /= (mentions + 1);
  const double confidence = lexical - 0.12 * static_cast<double>(unused) - r.penalty;
  return std::clamp(confidence, 0.0, 1.0);
}

bool Understood(const Reading& r, const SemanticQuery& query, bool follow_up) {
  if (query.select.empty() || query.subject_table.empty()) return false;
  // A follow-up may change only an order or a limit ("top 3 only").
  return std::any_of(r.elements.begin(), r.elements.end(), [&](const Element& e) {
    return e.used &&
           (follow_up || e.kind == Element::Kind::kMention || e.kind == Element::Kind::kTime);
  });
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::string> Hints(const semantic::Model& model) {
  std::vector<std::string> hints;
  std::string tables;
  for (const semantic::TableModel& table : model.tables) {
    tables += (tables.empty() ? "" : ", ") +
              Lower(table.display_name.empty() ? table.name : table.display_name);
  }
  hints.push_back("You can ask about: " + tables + ".");
  std::string measures;
  for (const semantic::MetricModel& metric : model.metrics) {
    if (measures.size() > 200) break;
    measures += (measures.empty() ? "" : ", ") +
                Lower(metric.display_name.empty() ? metric.name : metric.display_name);
  }
  if (!measures.empty()) hints.push_back("Measures: " + measures + ".");
  for (const semantic::ExampleQuestion& example : model.examples) {
    if (hints.size() >= 5) break;
    hints.push_back("For example: " + example.question);
  }
  return hints;
}

std::string MentionText(const Reading& r, int mention) {
  std::string text;
  for (size_t t = r.mentions[mention].begin; t < r.mentions[mention].end; ++t) {
    text += (text.empty() ? "" : " ") + r.token(t).original;
  }
  return text;
}

std::string OptionLabel(const semantic::Model& model, const Resolved& option) {
  const semantic::TableModel& table = model.tables[option.table];
  const semantic::ColumnRef ref{table.name, table.columns[option.column].name};
  const std::string column = ColumnLabel(model, ref);
  if (option.kind == Resolved::Kind::kValue) {
    return fmt::format("{} (a {})", option.value, column);
  }
  std::string label = column;
  if (!label.empty())
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

}  // namespace

Parser::Parser(const semantic::Model& model, ParserOptions options)
    : model_(model), options_(options), index_(std::make_unique<Index>(model)) {}

Parser::~Parser() = default;

std::string Parser::Trace(std::string_view question, const Clock& clock) const {
  Tokens tokens = Tokenize(Normalize(question));
  TakeChartPreference(&tokens);
  const Reading reading = ReadQuestion(tokens, index_->schema, clock.Today(), nullptr);
  return TraceReading(reading);
}

ParseResult Parser::Parse(std::string_view question, const Clock& clock,
                          const PreviousTurn* previous) const {
  const CivilDate today = clock.Today();
  Tokens tokens = Tokenize(Normalize(question));
  const ChartPreference chart = TakeChartPreference(&tokens);
  ParseResult result;
  if (chart != ChartPreference::kAuto && previous != nullptr && OnlyPointsBack(tokens)) {
    // "show that as a pie chart": the previous answer, drawn another way.
    result.kind = ParseResult::Kind::kQuery;
    result.query = previous->query;
    result.query.chart = chart;
    result.interpretation.confidence = 1;
    result.interpretation.follow_up = true;
    result.interpretation.follow_up_reason = "asks only to draw the previous answer another way";
    Explain(result.query, model_, &result.interpretation);
    return result;
  }
  Reading reading = ReadQuestion(tokens, index_->schema, today, previous);
  SemanticQuery query = ToQuery(reading);

  FollowUpDecision decision;
  if (previous != nullptr) decision = DecideFollowUp(reading, previous->query);
  auto finish_query = [&](const Reading& r, SemanticQuery q) {
    if (decision.follow_up) q = MergeFollowUp(r, q, previous->query);
    KeepRunnableTotals(&q);
    if (chart != ChartPreference::kAuto) q.chart = chart;
    return q;
  };
  query = finish_query(reading, std::move(query));

  // "total revenue by zodiac sign": answering without the grouping would
  // answer another question; say what was not understood instead.
  if (!reading.unknown_groups.empty() && !decision.follow_up) {
    result.kind = ParseResult::Kind::kNotUnderstood;
    result.message = fmt::format("I could not find \"{}\" in the data to group by.",
                                 reading.unknown_groups.front());
    result.hints = Hints(model_);
    result.interpretation.unused_words = UnusedWords(reading);
    return result;
  }
  if (!Understood(reading, query, decision.follow_up)) {
    result.kind = ParseResult::Kind::kNotUnderstood;
    result.message = tokens.empty() ? "Ask a question about the data, for example one of these."
                                    : "I could not match this question to the data.";
    result.hints = Hints(model_);
    result.interpretation.unused_words = UnusedWords(reading);
    return result;
  }

  result.query = query;
  result.interpretation.unused_words = UnusedWords(reading);
  result.interpretation.confidence = Confidence(reading, result.interpretation.unused_words.size());
  result.interpretation.follow_up = decision.follow_up;
  result.interpretation.follow_up_reason = decision.reason;
  Explain(query, model_, &result.interpretation);
  result.kind = ParseResult::Kind::kQuery;

  if (!reading.ambiguities.empty()) {
    const Reading::Ambiguity& ambiguity = reading.ambiguities.front();
    Clarification clarification;
    clarification.question =
        fmt::format("Which \"{}\" do you mean?", MentionText(reading, ambiguity.mention));
    for (const Resolved& option : ambiguity.options) {
      if (clarification.choices.size() == 4) break;
      Reading forced =
          ReadQuestion(tokens, index_->schema, today, previous, {{ambiguity.mention, option}});
      Clarification::Choice choice;
      choice.label = OptionLabel(model_, option);
      choice.query = finish_query(forced, ToQuery(forced));
      choice.interpretation = result.interpretation;
      Explain(choice.query, model_, &choice.interpretation);
      clarification.choices.push_back(std::move(choice));
    }
    result.kind = ParseResult::Kind::kClarification;
    result.clarification = std::move(clarification);
  }
  return result;
}

}  // namespace scry::nlq
