#include "conversation/guide.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>

#include "conversation/pipeline.h"
#include "engine/column.h"
#include "sql/sql_text.h"

namespace scry::conversation {
namespace {

using nlohmann::json;

// Time phrases offered when the parser reads them after a measure as a time
// range (or a comparison): general English, checked against this space.
constexpr std::string_view kTimePhrases[] = {
    "today",         "yesterday",      "this week",
    "last week",     "this month",     "last month",
    "this quarter",  "last quarter",   "this year",
    "last year",     "year to date",   "last 7 days",
    "last 30 days",  "last 12 months", "last 3 months",
    "since January", "vs last year",   "compared with the previous period",
};

constexpr std::string_view kGrains[] = {"day", "week", "month", "quarter", "year"};

bool Contains(const std::set<std::string>& set, std::string_view name) {
  return set.count(sql::AsciiLower(name)) > 0;
}

// The tables the policy lets the asker read (bare names, lower case).
std::set<std::string> AllowedTables(const sql::GuardPolicy& policy) {
  std::set<std::string> out;
  for (const std::string& table : policy.allowed_tables) {
    const size_t dot = table.rfind('.');
    out.insert(sql::AsciiLower(dot == std::string::npos ? table : table.substr(dot + 1)));
  }
  return out;
}

std::string Lower(std::string_view text) { return sql::AsciiLower(text); }

class Builder {
 public:
  Builder(const SpaceRuntime& space, const sql::GuardPolicy& policy, const Clock& clock,
          const GuideOptions& options)
      : space_(space),
        model_(*space.model),
        policy_(policy),
        clock_(clock),
        options_(options),
        allowed_(AllowedTables(policy)),
        pipeline_(*space.model, *space.parser, *space.dialect, *space.guard, policy, clock) {
    run_.policy = &policy_;
    run_.compose = false;
    run_.execute.timeout = options.query_timeout;
    run_.collect.max_rows = 1;
    run_.collect.count_limit = 0;
  }

  Guide Build() {
    Guide guide;
    guide.space_id = space_.id;
    guide.title = space_.title;
    AddMeasures(&guide);
    AddDimensions(&guide);
    StatusOr<std::unique_ptr<engine::Connection>> connection = space_.engine->Connect();
    if (connection.ok()) connection_ = std::move(connection).value();
    AddTime(&guide);
    ChooseLeadMeasure(guide);
    AddTimePhrases(&guide);
    AddExamples(&guide);
    AddTips(&guide);
    guide.intro = Intro(guide);
    return guide;
  }

 private:
  bool TableAllowed(std::string_view table) const { return Contains(allowed_, table); }

  void AddMeasures(Guide* guide) const {
    for (const semantic::MetricModel& metric : model_.metrics) {
      if (!std::all_of(metric.tables.begin(), metric.tables.end(),
                       [&](const std::string& table) { return TableAllowed(table); })) {
        continue;
      }
      guide->measures.push_back({metric.name, metric.display_name, metric.description,
                                 std::string(semantic::ValueFormatName(metric.format))});
    }
    std::set<std::string> seen;
    for (const Guide::Measure& measure : guide->measures) seen.insert(Lower(measure.display_name));
    for (const semantic::TableModel& table : model_.tables) {
      if (!TableAllowed(table.name)) continue;
      for (const semantic::ColumnModel& column : table.columns) {
        if (column.role != semantic::ColumnRole::kMeasure) continue;
        // A metric over the column says it better ("Average unit price").
        if (ReadByMetric(table.name, column.name)) continue;
        // A metric of the same name already says it.
        if (!seen.insert(Lower(column.display_name)).second) continue;
        guide->measures.push_back({table.name + "." + column.name, column.display_name,
                                   column.description,
                                   std::string(semantic::ValueFormatName(column.format))});
      }
    }
    // Everything can be counted: "number of orders".
    for (const semantic::TableModel& table : model_.tables) {
      if (!TableAllowed(table.name) || table.primary_key.empty()) continue;
      guide->measures.push_back({"count:" + table.name, "Number of " + Lower(table.display_name),
                                 fmt::format("How many {}.", Lower(table.display_name)), "count"});
    }
  }

  bool ReadByMetric(std::string_view table, std::string_view column) const {
    const std::string qualified = Lower(fmt::format("{}.{}", table, column));
    return std::any_of(model_.metrics.begin(), model_.metrics.end(),
                       [&](const semantic::MetricModel& metric) {
                         return Lower(metric.expression).find(qualified) != std::string::npos;
                       });
  }

  void AddDimensions(Guide* guide) const {
    for (const semantic::TableModel& table : model_.tables) {
      if (!TableAllowed(table.name)) continue;
      for (const semantic::ColumnModel& column : table.columns) {
        if (guide->dimensions.size() >= options_.max_dimensions) return;
        if (column.role != semantic::ColumnRole::kDimension &&
            column.role != semantic::ColumnRole::kName &&
            column.role != semantic::ColumnRole::kFlag) {
          continue;
        }
        Guide::Dimension dimension{table.name + "." + column.name,
                                   column.display_name,
                                   column.description,
                                   table.display_name,
                                   std::string(semantic::ColumnRoleName(column.role)),
                                   {}};
        // A row filter may hide values: only a dimension without one shows
        // the model's samples (they were read from the whole table).
        if (policy_.row_filters.count(Lower(table.name)) == 0 &&
            policy_.row_filters.count(table.name) == 0) {
          for (size_t i = 0; i < column.values.size() && i < 5; ++i)
            dimension.sample_values.push_back(column.values[i]);
        }
        guide->dimensions.push_back(std::move(dimension));
      }
    }
  }

  // A single-row query through the guard; nullopt when it fails.
  std::optional<engine::ResultSet> RunOne(const std::string& sql) {
    if (connection_ == nullptr) return std::nullopt;
    Answer answer = pipeline_.RunSql(sql, *connection_, run_);
    if (!answer.status.ok()) return std::nullopt;
    return std::move(answer.result);
  }

  void AddTime(Guide* guide) {
    const sql::Dialect& dialect = *space_.dialect;
    for (const semantic::TableModel& table : model_.tables) {
      if (!TableAllowed(table.name)) continue;
      for (const semantic::ColumnModel& column : table.columns) {
        if (guide->time.size() >= options_.max_time_columns) return;
        if (column.role != semantic::ColumnRole::kTime ||
            (column.type != semantic::DataType::kDate &&
             column.type != semantic::DataType::kTimestamp)) {
          continue;
        }
        Guide::TimeColumn time{
            table.name + "." + column.name, column.display_name, table.display_name, "", "", {}};
        for (std::string_view grain : kGrains) time.grains.emplace_back(grain);
        const std::string quoted = dialect.QuoteIdentifier(column.name);
        std::optional<engine::ResultSet> range =
            RunOne(fmt::format("SELECT min({0}) AS first_day, max({0}) AS last_day FROM {1}",
                               quoted, dialect.QuoteIdentifier(table.name)));
        if (range && range->row_count() == 1 && range->column_count() == 2) {
          if (!range->column(0).IsNull(0))
            time.from = engine::FormatValue(range->column(0), 0).substr(0, 10);
          if (!range->column(1).IsNull(0))
            time.to = engine::FormatValue(range->column(1), 0).substr(0, 10);
        }
        guide->time.push_back(std::move(time));
      }
    }
  }

  // The measure tips and time phrases are shown with: the first that reads
  // as a query over a time range ("revenue last month"), money first, as
  // people mostly ask about money; else the first measure.
  void ChooseLeadMeasure(const Guide& guide) {
    // The measure of the space's first example question, then money that
    // adds up, then other money, then the rest.
    const std::string first_example =
        space_.example_questions.empty() ? std::string() : Lower(space_.example_questions.front());
    auto rank = [&](const Guide::Measure& m) {
      const std::string words = Lower(m.display_name);
      if (!first_example.empty() && first_example.find(words) != std::string::npos) return 0;
      if (m.format == "currency" && words.rfind("average", 0) != 0) return 1;
      return m.format == "currency" ? 2 : 3;
    };
    std::vector<const Guide::Measure*> candidates;
    for (const Guide::Measure& m : guide.measures) candidates.push_back(&m);
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [&](const Guide::Measure* a, const Guide::Measure* b) { return rank(*a) < rank(*b); });
    for (const Guide::Measure* m : candidates) {
      const std::string words = Lower(m->display_name);
      const nlq::ParseResult parse =
          space_.parser->Parse(fmt::format("{} last month", words), clock_, nullptr);
      if (parse.UnderstoodWhole() && parse.query.time_range) {
        lead_ = words;
        return;
      }
    }
    if (!candidates.empty()) lead_ = Lower(candidates.front()->display_name);
  }

  void AddTimePhrases(Guide* guide) const {
    const std::string& measure = lead_;
    if (measure.empty() || guide->time.empty()) return;
    for (std::string_view phrase : kTimePhrases) {
      const nlq::ParseResult parse =
          space_.parser->Parse(fmt::format("{} {}", measure, phrase), clock_, nullptr);
      if (!parse.UnderstoodWhole()) continue;
      if (!parse.query.time_range && !parse.query.comparison) continue;
      guide->time_phrases.emplace_back(phrase);
    }
  }

  // The space's example questions that the asker gets rows for.
  void AddExamples(Guide* guide) {
    for (const std::string& question : space_.example_questions) {
      if (guide->examples.size() >= options_.max_examples) break;
      if (connection_ == nullptr) break;
      Answer answer = pipeline_.Ask(question, nullptr, *connection_, run_);
      if (!answer.parse.UnderstoodWhole() || !answer.status.ok() ||
          answer.result.row_count() == 0) {
        continue;
      }
      guide->examples.push_back({question, answer.parse.interpretation.restatement});
    }
  }

  // A tip with an example in quotes, kept when the example parses as a query
  // (and `check` holds for it).
  template <typename Check>
  bool TipIfParses(Guide* guide, std::string_view text, const std::string& example,
                   Check check) const {
    const nlq::ParseResult parse = space_.parser->Parse(example, clock_, nullptr);
    if (!parse.UnderstoodWhole() || !check(parse.query)) return false;
    guide->tips.push_back(fmt::format("{} “{}”", text, example));
    return true;
  }

  void AddTips(Guide* guide) const {
    const std::string& measure = lead_;
    if (!measure.empty()) {
      for (const Guide::Dimension& dimension : guide->dimensions) {
        if (dimension.sample_values.empty() || dimension.role != "dimension") continue;
        if (TipIfParses(guide, "Name a value to keep only its rows:",
                        fmt::format("{} for {}", measure, dimension.sample_values.front()),
                        [](const semantic::SemanticQuery& query) {
                          return !query.where.children.empty() ||
                                 query.where.kind == semantic::Filter::Kind::kPredicate;
                        })) {
          break;
        }
      }
      for (const Guide::Dimension& dimension : guide->dimensions) {
        if (dimension.role != "dimension") continue;
        if (TipIfParses(
                guide, "Say “by” to break a number down:",
                fmt::format("{} by {}", measure, Lower(dimension.display_name)),
                [](const semantic::SemanticQuery& query) { return !query.group_by.empty(); })) {
          break;
        }
      }
      if (!guide->time.empty()) {
        TipIfParses(guide, "Name a grain to follow a number over time:",
                    fmt::format("{} by month", measure),
                    [](const semantic::SemanticQuery& query) { return !query.group_by.empty(); });
      }
      for (const semantic::TableModel& table : model_.tables) {
        if (!TableAllowed(table.name) || table.name_column.empty()) continue;
        if (TipIfParses(
                guide, "Ask for the top or bottom few:",
                fmt::format("top 5 {} by {}", Lower(table.display_name), measure),
                [](const semantic::SemanticQuery& query) { return query.limit.has_value(); })) {
          break;
        }
      }
    }
    guide->tips.push_back(
        "Keep going in the same chat: a follow-up such as “only …”, “by month instead” or "
        "“top 5” changes the last answer instead of starting over.");
    guide->tips.push_back(
        "Check the chips under each answer: they say how scry read the question (measure, "
        "grouping, filters, time range). If one is wrong, rephrase with the names on this page.");
    guide->tips.push_back(
        "When a question can be read in more than one way, scry asks which one you meant: click "
        "the right choice.");
    guide->tips.push_back(
        "Every answer shows the SQL that ran; download the full result as CSV from the answer.");
  }

  std::string Intro(const Guide& guide) const {
    // The space's own description first, as a sentence.
    std::string intro = space_.description;
    while (!intro.empty() && (intro.back() == ' ' || intro.back() == '\n')) intro.pop_back();
    if (!intro.empty()) {
      if (std::string_view(".!?").find(intro.back()) == std::string_view::npos) intro += '.';
      intro += ' ';
    }
    std::vector<std::string> tables;
    for (const semantic::TableModel& table : model_.tables) {
      if (TableAllowed(table.name)) tables.push_back(Lower(table.display_name));
    }
    intro += fmt::format(
        "Ask in plain words about {}. scry turns each question into SQL, runs it and answers "
        "with a sentence, a chart, the table and the SQL.",
        tables.empty() ? std::string("this space's data")
                       : fmt::format("{}", fmt::join(tables, ", ")));
    if (!guide.measures.empty()) {
      intro += fmt::format(" Start with a measure, such as “{}”, then add “by …” and a time range.",
                           lead_);
    }
    return intro;
  }

  const SpaceRuntime& space_;
  const semantic::Model& model_;
  const sql::GuardPolicy& policy_;
  const Clock& clock_;
  const GuideOptions& options_;
  const std::set<std::string> allowed_;
  Pipeline pipeline_;
  PipelineOptions run_;
  std::unique_ptr<engine::Connection> connection_;
  std::string lead_;  // ChooseLeadMeasure
};

// Markdown text: characters that would start markup are escaped.
std::string Md(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (std::string_view("\\`*_[]<>#|").find(ch) != std::string_view::npos) out.push_back('\\');
    out.push_back(ch == '\n' ? ' ' : ch);
  }
  return out;
}

std::string RangeWords(const Guide::TimeColumn& time) {
  if (time.from.empty() && time.to.empty()) return "no rows yet";
  if (time.from == time.to) return "on " + time.from;
  return fmt::format("from {} to {}", time.from, time.to);
}

std::string ListWords(const std::vector<std::string>& words) {
  if (words.empty()) return "";
  if (words.size() == 1) return words.front();
  std::string out;
  for (size_t i = 0; i + 1 < words.size(); ++i) out += (i > 0 ? ", " : "") + words[i];
  return out + " or " + words.back();
}

// The key of a guide in the cache: what makes two askers' guides differ.
std::string CacheKey(std::string_view space_id, const sql::GuardPolicy& policy) {
  std::string key(space_id);
  for (const std::string& table : policy.allowed_tables) key += "\x1f" + table;
  key += "\x1e";
  for (const auto& [table, predicate] : policy.row_filters)
    key += table + "\x1d" + predicate + "\x1f";
  return key;
}

}  // namespace

json GuideJson(const Guide& guide) {
  json measures = json::array();
  for (const Guide::Measure& m : guide.measures) {
    measures.push_back({{"name", m.name},
                        {"display_name", m.display_name},
                        {"description", m.description},
                        {"format", m.format}});
  }
  json dimensions = json::array();
  for (const Guide::Dimension& d : guide.dimensions) {
    dimensions.push_back({{"name", d.name},
                          {"display_name", d.display_name},
                          {"description", d.description},
                          {"table", d.table},
                          {"role", d.role},
                          {"sample_values", d.sample_values}});
  }
  json time = json::array();
  for (const Guide::TimeColumn& t : guide.time) {
    time.push_back({{"name", t.name},
                    {"display_name", t.display_name},
                    {"table", t.table},
                    {"from", t.from.empty() ? json(nullptr) : json(t.from)},
                    {"to", t.to.empty() ? json(nullptr) : json(t.to)},
                    {"grains", t.grains}});
  }
  json examples = json::array();
  for (const Guide::Example& e : guide.examples) {
    examples.push_back({{"question", e.question}, {"what", e.what}});
  }
  return {{"space_id", guide.space_id},
          {"title", guide.title},
          {"intro", guide.intro},
          {"measures", std::move(measures)},
          {"dimensions", std::move(dimensions)},
          {"time", std::move(time)},
          {"time_phrases", guide.time_phrases},
          {"examples", std::move(examples)},
          {"tips", guide.tips}};
}

std::string GuideMarkdown(const Guide& guide) {
  std::string md = fmt::format("# How to ask: {}\n\n{}\n", Md(guide.title), Md(guide.intro));
  if (!guide.measures.empty()) {
    md += "\n## What you can measure\n\n";
    for (const Guide::Measure& m : guide.measures) {
      md += fmt::format("- **{}**", Md(m.display_name));
      if (!m.description.empty()) md += " — " + Md(m.description);
      if (m.format != "plain") md += fmt::format(" ({})", Md(m.format));
      md += "\n";
    }
  }
  if (!guide.dimensions.empty()) {
    md += "\n## By what\n\n";
    for (const Guide::Dimension& d : guide.dimensions) {
      md += fmt::format("- **{}** ({})", Md(d.display_name), Md(d.table));
      if (!d.description.empty()) md += " — " + Md(d.description);
      if (!d.sample_values.empty()) {
        std::vector<std::string> samples;
        for (const std::string& value : d.sample_values) samples.push_back("“" + Md(value) + "”");
        md += fmt::format("; for example {}", fmt::join(samples, ", "));
      }
      md += "\n";
    }
  }
  if (!guide.time.empty()) {
    md += "\n## Over which time ranges\n\n";
    for (const Guide::TimeColumn& t : guide.time) {
      md += fmt::format("- **{}** ({}): {}; by {}\n", Md(t.display_name), Md(t.table),
                        RangeWords(t), ListWords(t.grains));
    }
    if (!guide.time_phrases.empty()) {
      std::vector<std::string> quoted;
      for (const std::string& phrase : guide.time_phrases) quoted.push_back("“" + Md(phrase) + "”");
      md += fmt::format("\nTime phrases scry understands: {}.\n", fmt::join(quoted, ", "));
    }
  }
  if (!guide.examples.empty()) {
    md += "\n## Questions that work here\n\n";
    for (const Guide::Example& e : guide.examples) {
      md += fmt::format("- “{}”", Md(e.question));
      if (!e.what.empty()) md += " — " + Md(e.what);
      md += "\n";
    }
  }
  if (!guide.tips.empty()) {
    md += "\n## Tips\n\n";
    for (const std::string& tip : guide.tips) md += "- " + Md(tip) + "\n";
  }
  return md;
}

Guide BuildGuide(const SpaceRuntime& space, const sql::GuardPolicy& policy, const Clock& clock,
                 const GuideOptions& options) {
  return Builder(space, policy, clock, options).Build();
}

GuideService::GuideService(const AccessPolicy& access, const Clock& clock, GuideOptions options)
    : access_(access), clock_(clock), options_(options) {}

StatusOr<Guide> GuideService::For(const store::User& user, const SpaceRuntime& space) {
  RETURN_IF_ERROR(access_.CheckSpace(user, space));
  ASSIGN_OR_RETURN(const sql::GuardPolicy policy, access_.PolicyFor(user, space));
  const std::string key = CacheKey(space.id, policy);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now - it->second.built < options_.ttl) return it->second.guide;
  }
  // Built outside the lock: two askers missing at once both build, which
  // is cheaper than making every other guide wait.
  Guide guide = BuildGuide(space, policy, clock_, options_);
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = now - it->second.built >= options_.ttl ? cache_.erase(it) : std::next(it);
  }
  cache_[key] = {now, guide};
  return guide;
}

}  // namespace scry::conversation
