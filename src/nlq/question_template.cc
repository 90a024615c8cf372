#include "nlq/question_template.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "nlq/cues.h"
#include "nlq/linker.h"
#include "nlq/schema_index.h"
#include "nlq/time_calendar.h"
#include "nlq/time_expressions.h"
#include "nlq/tokenizer.h"
#include "semantic/lexicon.h"

namespace scry::nlq {

struct QuestionTemplater::Index {
  explicit Index(const semantic::Model& model) : schema(model) {}
  SchemaIndex schema;
};

namespace {

// Candidates this close to the best are equally good readings of a mention.
constexpr double kTie = 0.02;

// Words that frame a question or only join its parts: dropped from templates.
// Words that change what is asked ("not", "or", "only", "top", "each") are
// not here; the cues keep the shape words.
bool IsFiller(const std::string& word) {
  static const auto* words = new std::unordered_set<std::string>{
      "a",     "an",   "the",     "of",    "for",   "in",   "on",    "at",     "to",     "and",
      "is",    "are",  "was",     "were",  "be",    "been", "being", "'s",     "please", "me",
      "us",    "i",    "we",      "you",   "my",    "our",  "your",  "show",   "list",   "give",
      "tell",  "find", "display", "get",   "see",   "know", "want",  "need",   "can",    "could",
      "would", "will", "should",  "do",    "does",  "did",  "what",  "which",  "who",    "whom",
      "whose", "have", "has",     "had",   "there", "it",   "its",   "their",  "they",   "them",
      "this",  "that", "these",   "those", "as",    "from", "with",  "within", "during", "by",
      "per",   "each", "every",   "all",   "any",   "some", "like",  "about",  "kindly", "how"};
  return words->count(word) > 0;
}

std::string EntityKey(const SchemaIndex& index, const Entry& entry) {
  const semantic::Model& model = index.model();
  switch (entry.kind) {
    case Entry::Kind::kTable:
      return "table:" + model.tables[entry.table].name;
    case Entry::Kind::kColumn:
    case Entry::Kind::kValue:
      return "column:" + model.tables[entry.table].name + "." +
             model.tables[entry.table].columns[entry.column].name;
    case Entry::Kind::kMetric:
      return "metric:" + model.metrics[entry.metric].name;
  }
  return "";
}

// A word by its stem, the lexicon's synonyms folded to the smallest stem so
// that "client" and "customer" read alike.
std::string CanonicalWord(const Token& token) {
  std::string best = token.stem.empty() ? token.text : token.stem;
  for (const std::string& synonym : semantic::SynonymsOf(token.text)) {
    if (synonym.find(' ') != std::string::npos) continue;
    best = std::min(best, Stem(synonym));
  }
  return "w:" + best;
}

// The cue as a word of the template; empty for cues that do not change what
// is asked (framing, and sums: "total revenue" is "revenue"). A cue kind not
// named here counts by its kind alone.
std::string CueWord(const Cue& cue) {
  using Kind = Cue::Kind;
  const int kind = static_cast<int>(cue.kind);
  const int op = static_cast<int>(cue.op);
  std::string quantity;
  for (const std::string& stem : cue.quantity) quantity += (quantity.empty() ? "" : "_") + stem;
  switch (cue.kind) {
    case Kind::kList:
      return "";
    case Kind::kAggregate:
      if (cue.aggregation == semantic::Aggregation::kSum) return "";
      return fmt::format("cue:{}:{}", kind, static_cast<int>(cue.aggregation));
    case Kind::kCompare:
      return fmt::format("cue:{}:{}:{}", kind, op, cue.negated);
    case Kind::kDirection:
    case Kind::kLimit:
      return fmt::format("cue:{}:{}", kind, cue.descending);
    case Kind::kSuperlative:
      return fmt::format("cue:{}:{}:{}", kind, cue.descending, quantity);
    case Kind::kComparative:
      return fmt::format("cue:{}:{}:{}", kind, op, quantity);
    case Kind::kTextMatch:
      return fmt::format("cue:{}:{}", kind, op);
    case Kind::kNegation:
      return "cue:not";  // TakeNegation looks for it
    default:
      return fmt::format("cue:{}", kind);
  }
}

// The shape of a range: one calendar year, quarter, month, week or day, open
// on one side, or any other range.
std::string RangeShape(const CivilDate& start, const CivilDate& end) {
  if (start == kDistantPast) return "until";
  if (end == kDistantFuture) return "since";
  if (AddDays(start, 1) == end) return "day";
  if (Weekday(start) == 0 && AddDays(start, 7) == end) return "week";
  if (start.day == 1) {
    if (start.month == 1 && AddMonths(start, 12) == end) return "year";
    if ((start.month - 1) % 3 == 0 && AddMonths(start, 3) == end) return "quarter";
    if (AddMonths(start, 1) == end) return "month";
  }
  return "range";
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string SpanText(const Tokens& tokens, size_t begin, size_t end) {
  std::string text;
  for (size_t t = begin; t < end; ++t) {
    if (tokens[t].kind == Token::Kind::kPunct) continue;
    text += (text.empty() ? "" : " ") + tokens[t].text;
  }
  return text;
}

// What each token belongs to; -1 for none.
struct Owners {
  std::vector<int> time, mention, cue;
};

// Settles cues that overlap mentions as the parser does, roughly: a mention
// of two or more words read whole ("number of products" as a column) keeps
// its words; otherwise the cue does and the mention is dropped.
void AssignMentionsAndCues(const std::vector<Mention>& mentions, const std::vector<Cue>& cues,
                           Owners* owners) {
  std::vector<bool> dropped_mention(mentions.size(), false);
  std::vector<bool> dropped_cue(cues.size(), false);
  for (size_t c = 0; c < cues.size(); ++c) {
    for (size_t m = 0; m < mentions.size(); ++m) {
      if (!(cues[c].begin < mentions[m].end && mentions[m].begin < cues[c].end)) continue;
      if (mentions[m].positions.size() >= 2) {
        dropped_cue[c] = true;
      } else {
        dropped_mention[m] = true;
      }
    }
  }
  for (size_t m = 0; m < mentions.size(); ++m) {
    if (dropped_mention[m]) continue;
    for (size_t t = mentions[m].begin; t < mentions[m].end; ++t) {
      owners->mention[t] = static_cast<int>(m);
    }
  }
  for (size_t c = 0; c < cues.size(); ++c) {
    if (dropped_cue[c]) continue;
    for (size_t t = cues[c].begin; t < cues[c].end; ++t) {
      if (owners->mention[t] < 0) owners->cue[t] = static_cast<int>(c);
    }
  }
}

class Builder {
 public:
  Builder(const SchemaIndex& index, const Tokens& tokens) : index_(index), tokens_(tokens) {}

  void Word(std::string key) {
    if (key.empty()) return;
    core_.push_back({TemplateElement::Kind::kWord, {std::move(key)}, -1});
  }
  void Entity(std::vector<std::string> keys) {
    core_.push_back({TemplateElement::Kind::kEntity, std::move(keys), -1});
  }
  // A grain or period comparison: moved after the core, like time ranges.
  void Modifier(std::string key) {
    modifiers_.push_back({TemplateElement::Kind::kWord, {std::move(key)}, -1});
  }
  // Values and times go after the core; numbers and text stay in place.
  void Slot(TemplateSlot slot) {
    const bool movable =
        slot.kind == TemplateSlot::Kind::kValue || slot.kind == TemplateSlot::Kind::kTime;
    slots_.push_back(std::move(slot));
    TemplateElement element{TemplateElement::Kind::kSlot, {}, static_cast<int>(slots_.size()) - 1};
    (movable ? modifiers_ : core_).push_back(element);
  }
  // Whether the last core element is a "not" cue, taken for a value after it.
  bool TakeNegation() {
    if (core_.empty() || core_.back().kind != TemplateElement::Kind::kWord ||
        core_.back().keys.front() != "cue:not") {
      return false;
    }
    core_.pop_back();
    return true;
  }

  QuestionTemplate Finish() {
    QuestionTemplate out;
    out.elements = std::move(core_);
    // Slots renumbered in the order their elements now stand.
    for (TemplateElement& element : modifiers_) out.elements.push_back(std::move(element));
    for (TemplateElement& element : out.elements) {
      if (element.kind != TemplateElement::Kind::kSlot) continue;
      out.slots.push_back(slots_[element.slot]);
      element.slot = static_cast<int>(out.slots.size()) - 1;
    }
    return out;
  }

  const SchemaIndex& index() const { return index_; }
  const Tokens& tokens() const { return tokens_; }

 private:
  const SchemaIndex& index_;
  const Tokens& tokens_;
  std::vector<TemplateElement> core_;
  std::vector<TemplateElement> modifiers_;
  std::vector<TemplateSlot> slots_;
};

void AddTime(const TimeExpression& time, Builder* out) {
  if (time.range_start && time.range_end) {
    TemplateSlot slot;
    slot.kind = TemplateSlot::Kind::kTime;
    slot.start = *time.range_start;
    slot.end = *time.range_end;
    slot.type = RangeShape(*slot.start, *slot.end);
    slot.name = slot.type;
    if (slot.type == "year") slot.year = slot.start->year;
    slot.value = FormatIsoDate(*slot.start) + "/" + FormatIsoDate(*slot.end);
    slot.text = SpanText(out->tokens(), time.begin, time.end);
    out->Slot(std::move(slot));
  }
  if (time.grain != semantic::TimeGrain::kNone) {
    out->Modifier("grain:" + std::string(semantic::TimeGrainName(time.grain)));
  }
  if (time.comparison) {
    out->Modifier(fmt::format("compare:{}", static_cast<int>(time.comparison->kind)));
  }
}

void AddMention(const Mention& mention, Builder* out) {
  const std::vector<Entry>& entries = out->index().entries();
  const double best = mention.best().score;
  const bool value = entries[mention.best().entry].kind == Entry::Kind::kValue;
  std::vector<std::string> keys;
  for (const Candidate& candidate : mention.candidates) {
    const Entry& entry = entries[candidate.entry];
    if (candidate.score < best - kTie || (entry.kind == Entry::Kind::kValue) != value) continue;
    keys.push_back(EntityKey(out->index(), entry));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (!value) {
    out->Entity(std::move(keys));
    return;
  }
  const Entry& entry = entries[mention.best().entry];
  TemplateSlot slot;
  slot.kind = TemplateSlot::Kind::kValue;
  slot.type = "value";
  for (std::string& key : keys) slot.columns.push_back(key.substr(key.find(':') + 1));
  slot.value = entry.value;
  slot.name = out->index().model().tables[entry.table].columns[entry.column].name;
  slot.text = SpanText(out->tokens(), mention.begin, mention.end);
  slot.negated = out->TakeNegation();
  out->Slot(std::move(slot));
}

void AddLoneToken(const Token& token, Builder* out) {
  switch (token.kind) {
    case Token::Kind::kPunct:
      return;
    case Token::Kind::kNumber: {
      TemplateSlot slot;
      slot.kind = TemplateSlot::Kind::kNumber;
      slot.type = token.unit == Token::Unit::kPercent    ? "percent"
                  : token.unit == Token::Unit::kCurrency ? "currency"
                                                         : "number";
      slot.name = "number";
      slot.number = token.number;
      slot.value = token.number_text;
      slot.text = token.text;
      out->Slot(std::move(slot));
      return;
    }
    case Token::Kind::kQuoted: {
      TemplateSlot slot;
      slot.kind = TemplateSlot::Kind::kText;
      slot.type = "text";
      slot.name = "text";
      slot.value = token.original.empty() ? token.text : token.original;
      slot.text = token.text;
      out->Slot(std::move(slot));
      return;
    }
    case Token::Kind::kWord:
      if (!IsFiller(token.text)) out->Word(CanonicalWord(token));
      return;
  }
}

// Whether two sorted lists share an item: two mentions name the same thing
// when one of their equally good readings is common ("revenue" may be the
// metric or the column, "total revenue" the metric).
bool Intersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    if (*i < *j) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

}  // namespace

std::string QuestionTemplate::ToString() const {
  std::string out;
  for (const TemplateElement& element : elements) {
    if (!out.empty()) out += ' ';
    switch (element.kind) {
      case TemplateElement::Kind::kWord:
        out += element.keys.front();
        break;
      case TemplateElement::Kind::kEntity: {
        std::string keys;
        for (const std::string& key : element.keys) keys += (keys.empty() ? "" : "|") + key;
        out += "[" + keys + "]";
        break;
      }
      case TemplateElement::Kind::kSlot: {
        const TemplateSlot& slot = slots[element.slot];
        std::string type = slot.type;
        if (slot.kind == TemplateSlot::Kind::kValue) {
          type = slot.negated ? "not value" : "value";
          for (const std::string& column : slot.columns) type += " " + column;
        }
        out += "{" + type + "}";
        break;
      }
    }
  }
  return out;
}

bool SlotsCompatible(const TemplateSlot& a, const TemplateSlot& b) {
  if (a.kind != b.kind || a.type != b.type) return false;
  if (a.kind != TemplateSlot::Kind::kValue) return true;
  return a.negated == b.negated && Intersect(a.columns, b.columns);
}

bool SameShape(const QuestionTemplate& a, const QuestionTemplate& b) {
  if (a.elements.size() != b.elements.size()) return false;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    const TemplateElement& x = a.elements[i];
    const TemplateElement& y = b.elements[i];
    if (x.kind != y.kind) return false;
    if (x.kind == TemplateElement::Kind::kSlot) {
      if (!SlotsCompatible(a.slots[x.slot], b.slots[y.slot])) return false;
    } else if (x.kind == TemplateElement::Kind::kEntity) {
      if (!Intersect(x.keys, y.keys)) return false;
    } else if (x.keys != y.keys) {
      return false;
    }
  }
  return true;
}

bool SameValue(const TemplateSlot& a, const TemplateSlot& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TemplateSlot::Kind::kNumber:
      return a.number == b.number;
    case TemplateSlot::Kind::kText:
      return Lower(a.value) == Lower(b.value);
    case TemplateSlot::Kind::kValue:
    case TemplateSlot::Kind::kTime:
      return a.value == b.value;
  }
  return false;
}

QuestionTemplater::QuestionTemplater(const semantic::Model& model)
    : model_(model), index_(std::make_unique<Index>(model)) {}

QuestionTemplater::~QuestionTemplater() = default;

QuestionTemplate QuestionTemplater::Read(std::string_view question, const CivilDate& today) const {
  const Tokens tokens = Tokenize(Normalize(question));
  const std::vector<TimeExpression> times = FindTimeExpressions(tokens, today);
  Owners owners{std::vector<int>(tokens.size(), -1), std::vector<int>(tokens.size(), -1),
                std::vector<int>(tokens.size(), -1)};
  std::vector<bool> blocked(tokens.size(), false);
  for (size_t i = 0; i < times.size(); ++i) {
    for (size_t t = times[i].begin; t < times[i].end && t < tokens.size(); ++t) {
      owners.time[t] = static_cast<int>(i);
      blocked[t] = true;
    }
  }
  const std::vector<Mention> mentions = LinkMentions(tokens, index_->schema, blocked);
  const std::vector<Cue> cues = FindCues(tokens, blocked);
  AssignMentionsAndCues(mentions, cues, &owners);

  Builder out(index_->schema, tokens);
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (owners.time[t] >= 0) {
      if (t == times[owners.time[t]].begin) AddTime(times[owners.time[t]], &out);
    } else if (owners.mention[t] >= 0) {
      if (t == mentions[owners.mention[t]].begin) AddMention(mentions[owners.mention[t]], &out);
    } else if (owners.cue[t] >= 0 && tokens[t].kind != Token::Kind::kNumber) {
      // A cue's words make one element; a number inside it ("top 5") is a slot.
      const bool first = t == 0 || owners.cue[t - 1] != owners.cue[t];
      if (first) out.Word(CueWord(cues[owners.cue[t]]));
    } else {
      AddLoneToken(tokens[t], &out);
    }
  }
  return out.Finish();
}

}  // namespace scry::nlq
