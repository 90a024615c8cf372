#include "nlq/trace.h"

#include <fmt/format.h>

namespace scry::nlq {
namespace {

std::string EntryName(const Reading& r, const Entry& entry) {
  const semantic::Model& model = r.model();
  switch (entry.kind) {
    case Entry::Kind::kTable:
      return "table " + model.tables[entry.table].name;
    case Entry::Kind::kColumn:
      return fmt::format("column {}.{}", model.tables[entry.table].name,
                         model.tables[entry.table].columns[entry.column].name);
    case Entry::Kind::kMetric:
      return "metric " + model.metrics[entry.metric].name;
    case Entry::Kind::kValue:
      return fmt::format("value '{}' of {}.{}", entry.value, model.tables[entry.table].name,
                         model.tables[entry.table].columns[entry.column].name);
  }
  return "";
}

std::string Span(const Reading& r, size_t begin, size_t end) {
  std::string text;
  for (size_t t = begin; t < end; ++t) text += (text.empty() ? "" : " ") + r.token(t).text;
  return text;
}

const char* CueKindName(Cue::Kind kind) {
  switch (kind) {
    case Cue::Kind::kCount:
      return "count";
    case Cue::Kind::kAggregate:
      return "aggregate";
    case Cue::Kind::kCompare:
      return "compare";
    case Cue::Kind::kGroup:
      return "group";
    case Cue::Kind::kOrder:
      return "order";
    case Cue::Kind::kDirection:
      return "direction";
    case Cue::Kind::kSuperlative:
      return "superlative";
    case Cue::Kind::kComparative:
      return "comparative";
    case Cue::Kind::kLimit:
      return "limit";
    case Cue::Kind::kDistinct:
      return "distinct";
    case Cue::Kind::kNegation:
      return "negation";
    case Cue::Kind::kAllColumns:
      return "all-columns";
    case Cue::Kind::kTextMatch:
      return "text-match";
    case Cue::Kind::kAverageRef:
      return "average-ref";
    case Cue::Kind::kEither:
      return "either";
    case Cue::Kind::kAlso:
      return "also";
    case Cue::Kind::kList:
      return "list";
    case Cue::Kind::kCumulative:
      return "cumulative";
  }
  return "?";
}

}  // namespace

std::string TraceReading(const Reading& r) {
  std::string out = "tokens:";
  for (const Token& token : *r.tokens) out += " [" + token.text + "]";
  out += "\nelements:\n";
  for (const Element& element : r.elements) {
    out += fmt::format("  {} '{}' ", element.used ? "used  " : "UNUSED",
                       Span(r, element.begin, element.end));
    switch (element.kind) {
      case Element::Kind::kMention: {
        const Mention& mention = r.mentions[element.index];
        const Resolved& resolved = r.resolved[element.index];
        out += fmt::format("mention → {} (score {:.2f})\n",
                           resolved.kind == Resolved::Kind::kNone ? "none" : "", resolved.score);
        for (const Candidate& candidate : mention.candidates) {
          out += fmt::format("      {:.2f}{}{} {}\n", candidate.score,
                             candidate.full ? "" : " partial", candidate.fuzzy ? " fuzzy" : "",
                             EntryName(r, r.index->entries()[candidate.entry]));
        }
        break;
      }
      case Element::Kind::kCue:
        out += fmt::format("cue {}\n", CueKindName(r.cues[element.index].kind));
        break;
      case Element::Kind::kTime:
        out += fmt::format("time '{}'\n", r.times[element.index].phrase);
        break;
      case Element::Kind::kNumber:
        out += "number\n";
        break;
      case Element::Kind::kQuoted:
        out += "quoted\n";
        break;
    }
  }
  for (const Reading::Ambiguity& ambiguity : r.ambiguities) {
    out +=
        fmt::format("ambiguity on '{}': {} options\n",
                    Span(r, r.mentions[ambiguity.mention].begin, r.mentions[ambiguity.mention].end),
                    ambiguity.options.size());
  }
  return out;
}

}  // namespace scry::nlq
