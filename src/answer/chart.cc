#include "answer/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "answer/number_format.h"
#include "answer/words.h"
#include "engine/result_json.h"

namespace scry::answer {
namespace {

using nlohmann::json;
using semantic::TimeGrain;

// Okabe-Ito: told apart by people with the common colour-vision deficiencies.
const json& Palette() {
  static const json palette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                               "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return palette;
}
constexpr const char* kUp = "#009E73";
constexpr const char* kDown = "#D55E00";

// Series beyond this many colours are not told apart.
constexpr size_t kMaxSeries = 8;
// Periods below this many read better as bars than as a line.
constexpr size_t kMinLinePeriods = 4;
// A heatmap past this many rows or columns is noise.
constexpr size_t kMaxHeatmapSide = 50;
// Angles past this many slices are not compared by eye.
constexpr size_t kMaxPieParts = 5;

// Vega-Lite reads dots and brackets in a field as nested access.
std::string FieldRef(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '.' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// `datum["name"]` for an expression.
std::string Datum(const std::string& name) { return "datum[" + json(name).dump() + "]"; }

std::string Format(const Field& field, const engine::ResultSet& result) {
  return D3Format(field.format, field.format == semantic::ValueFormat::kPercent &&
                                    HoldsFractions(result.column(field.index)));
}

// The axis's labels: ticks of the scale, so shorter than the values' format.
std::string TickFormat(const Field& field, const engine::ResultSet& result) {
  const engine::Column& column = result.column(field.index);
  double largest = 0;
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row)) largest = std::max(largest, std::fabs(column.NumberAt(row)));
  }
  return AxisFormat(field.format,
                    field.format == semantic::ValueFormat::kPercent && HoldsFractions(column),
                    largest);
}

json Measure(const Field& field, const engine::ResultSet& result) {
  return {{"field", FieldRef(field.name)},
          {"type", "quantitative"},
          {"title", field.title},
          {"axis", {{"format", TickFormat(field, result)}}}};
}

json Category(const Field& field) {
  return {{"field", FieldRef(field.name)}, {"type", "nominal"}, {"title", field.title}};
}

const char* TimeUnit(TimeGrain grain) {
  switch (grain) {
    case TimeGrain::kYear:
      return "utcyear";
    case TimeGrain::kQuarter:
      return "utcyearquarter";
    case TimeGrain::kMonth:
      return "utcyearmonth";
    default:
      return "utcyearmonthdate";
  }
}

json Time(const Field& field, const engine::ResultSet& result) {
  if (IsNumeric(result.columns()[field.index].type.id)) {  // a year held as a number
    return {{"field", FieldRef(field.name)}, {"type", "ordinal"}, {"title", field.title}};
  }
  json out = {{"field", FieldRef(field.name)}, {"type", "temporal"}, {"title", field.title}};
  const TypeId id = result.columns()[field.index].type.id;
  if (field.grain != TimeGrain::kNone || id == TypeId::kDate) {
    out["timeUnit"] = TimeUnit(field.grain);
  } else {
    out["scale"] = {{"type", "utc"}};
  }
  return out;
}

json Tooltip(const ResultShape& shape, const engine::ResultSet& result) {
  json tooltip = json::array();
  for (const Field& field : shape.fields) {
    if (field.kind == FieldKind::kOther) continue;
    if (field.kind == FieldKind::kMeasure) {
      tooltip.push_back({{"field", FieldRef(field.name)},
                         {"type", "quantitative"},
                         {"title", field.title},
                         {"format", Format(field, result)}});
    } else if (field.kind == FieldKind::kTime) {
      json time = Time(field, result);
      time.erase("scale");
      tooltip.push_back(std::move(time));
    } else {
      tooltip.push_back(Category(field));
    }
  }
  return tooltip;
}

json Spec(std::string description) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
          {"description", std::move(description)},
          {"data", {{"name", kChartDataName}}},
          {"config",
           {{"range", {{"category", Palette()}}},
            {"mark", {{"color", Palette()[0]}}},
            {"axis", {{"labelLimit", 200}}}}}};
}

Chart Kpi(const ResultShape& shape, const Field& measure, const engine::ResultSet& result) {
  const std::string format = Format(measure, result);
  json spec = Spec(fmt::format("{}: a single number", measure.title));
  json value = {
      {"mark", {{"type", "text"}, {"fontSize", 40}, {"fontWeight", "bold"}}},
      {"encoding",
       {{"text",
         {{"field", FieldRef(measure.name)}, {"type", "quantitative"}, {"format", format}}}}}};
  const Field* change = shape.ComparisonOf(measure, ComparisonPart::kChange);
  if (change == nullptr) {
    for (auto& [key, part] : value.items()) spec[key] = part;
    spec["title"] = measure.title;
    return {"kpi", std::move(spec), ""};
  }
  spec["description"] =
      fmt::format("{}: a single number and its change from the previous period", measure.title);
  const std::string test = Datum(change->name) + " >= 0";
  json delta = {
      {"mark", {{"type", "text"}, {"fontSize", 18}, {"dy", 36}}},
      {"encoding",
       {{"text",
         {{"field", FieldRef(change->name)}, {"type", "quantitative"}, {"format", "+" + format}}},
        {"color", {{"condition", {{"test", test}, {"value", kUp}}}, {"value", kDown}}}}}};
  spec["title"] = measure.title;
  spec["layer"] = json::array({std::move(value), std::move(delta)});
  return {"kpi", std::move(spec), ""};
}

// Two to four measures as one series each: folded into key/value pairs, the
// key labelled with each measure's title.
void FoldMeasures(const std::vector<const Field*>& measures, json* spec) {
  json names = json::array();
  std::string label;
  for (const Field* field : measures) {
    names.push_back(field->name);
    label += fmt::format("datum.__measure === {} ? {} : ", json(field->name).dump(),
                         json(field->title).dump());
  }
  label += "datum.__measure";
  (*spec)["transform"] = json::array({{{"fold", names}, {"as", {"__measure", "__value"}}},
                                      {{"calculate", label}, {"as", "__series"}}});
}

// How a series over time is drawn: a line, bars for a few periods, an area
// for a running total (stacked when there are several), or what was asked.
enum class TimeMark { kLine, kBar, kArea };

TimeMark TimeMarkFor(const ResultShape& shape, const Field& time,
                     const std::vector<const Field*>& series) {
  if (shape.preference == semantic::ChartPreference::kBar) return TimeMark::kBar;
  if (time.distinct < 2) return TimeMark::kBar;
  const bool running = std::all_of(series.begin(), series.end(),
                                   [](const Field* field) { return field->cumulative; });
  if (running && shape.preference != semantic::ChartPreference::kLine) return TimeMark::kArea;
  if (shape.preference == semantic::ChartPreference::kLine) return TimeMark::kLine;
  return time.distinct >= kMinLinePeriods ? TimeMark::kLine : TimeMark::kBar;
}

json TimeMarkSpec(TimeMark style, const Field& time) {
  switch (style) {
    case TimeMark::kLine:
      return {{"type", "line"}, {"point", time.distinct <= 24}, {"tooltip", true}};
    case TimeMark::kArea:
      return {{"type", "area"},
              {"line", true},
              {"point", time.distinct <= 24},
              {"opacity", 0.7},
              {"tooltip", true}};
    case TimeMark::kBar:
      break;
  }
  return {{"type", "bar"}, {"tooltip", true}};
}

Chart OverTime(const ResultShape& shape, const Field& time, const std::vector<const Field*>& series,
               const Field* by, const engine::ResultSet& result) {
  const TimeMark style = TimeMarkFor(shape, time, series);
  const bool line = style != TimeMark::kBar;
  json spec = Spec("");
  json x = Time(time, result);
  json mark = TimeMarkSpec(style, time);
  json encoding = {{"x", x}, {"tooltip", Tooltip(shape, result)}};
  std::string what;
  if (series.size() == 1) {
    encoding["y"] = Measure(*series.front(), result);
    what = series.front()->title;
    if (by != nullptr) {
      encoding["color"] = Category(*by);
      if (!line) encoding["xOffset"] = {{"field", FieldRef(by->name)}, {"type", "nominal"}};
      what += " by " + by->title;
    }
  } else {
    FoldMeasures(series, &spec);
    json y = Measure(*series.front(), result);
    y["field"] = "__value";
    y["title"] = nullptr;
    encoding["y"] = y;
    encoding["color"] = {{"field", "__series"}, {"type", "nominal"}, {"title", nullptr}};
    if (!line) encoding["xOffset"] = {{"field", "__series"}, {"type", "nominal"}};
    encoding.erase("tooltip");
    std::vector<std::string> titles;
    for (const Field* field : series) titles.push_back(field->title);
    what = fmt::format("{}", fmt::join(titles, " and "));
  }
  if (!line && time.grain != TimeGrain::kNone && x["type"] == "temporal") {
    x["type"] = "ordinal";  // a few bars: one band each, labelled by period
    encoding["x"] = x;
  }
  spec["mark"] = mark;
  spec["encoding"] = encoding;
  static constexpr const char* kKinds[] = {"line", "bar", "area"};
  static constexpr const char* kTitles[] = {"Line", "Bar", "Area"};
  const auto index = static_cast<size_t>(style);
  spec["description"] =
      fmt::format("{} chart of {} over {}, {} periods{}", kTitles[index], what, time.title,
                  time.distinct, style == TimeMark::kArea && by != nullptr ? ", stacked" : "");
  return {kKinds[index], std::move(spec), ""};
}

Chart Bars(const ResultShape& shape, const Field& category, const Field& measure,
           const engine::ResultSet& result, const ChartOptions& options) {
  json spec = Spec("");
  json y = Category(category);
  json x = Measure(measure, result);
  y["sort"] = "-x";
  std::string description = fmt::format("Bar chart of {} by {}, {} bars sorted by value",
                                        measure.title, category.title, category.distinct);
  if (category.distinct > options.max_categories) {
    const size_t kept = options.max_categories - 1;
    const std::string field = FieldRef(measure.name);
    json transform = json::array({{{"window", {{{"op", "row_number"}, {"as", "__rank"}}}},
                                   {"sort", {{{"field", field}, {"order", "descending"}}}}}});
    if (measure.additive) {
      transform.push_back({{"calculate", fmt::format("datum.__rank <= {} ? {} : 'Other'", kept,
                                                     Datum(category.name))},
                           {"as", "__category"}});
      transform.push_back({{"aggregate",
                            {{{"op", "sum"}, {"field", field}, {"as", measure.name}},
                             {{"op", "min"}, {"field", "__rank"}, {"as", "__order"}}}},
                           {"groupby", {"__category"}}});
      y["field"] = "__category";
      y["sort"] = {{"field", "__order"}, {"order", "ascending"}};
      description =
          fmt::format("Bar chart of {} by {}: the {} largest, the other {} added up as Other",
                      measure.title, category.title, kept, category.distinct - kept);
    } else {
      transform.push_back({{"filter", fmt::format("datum.__rank <= {}", options.max_categories)}});
      description = fmt::format("Bar chart of {} by {}: the {} highest of {}", measure.title,
                                category.title, options.max_categories, category.distinct);
    }
    spec["transform"] = std::move(transform);
  }
  spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
  spec["encoding"] = {{"y", y}, {"x", x}};
  if (!spec.contains("transform")) spec["encoding"]["tooltip"] = Tooltip(shape, result);
  spec["description"] = description;
  return {"bar", std::move(spec), ""};
}

Chart GroupedBars(const Field& category, const std::vector<const Field*>& measures,
                  const engine::ResultSet& result) {
  json spec = Spec("");
  FoldMeasures(measures, &spec);
  json x = Measure(*measures.front(), result);
  x["field"] = "__value";
  x["title"] = nullptr;
  json y = Category(category);
  std::vector<std::string> titles;
  for (const Field* field : measures) titles.push_back(field->title);
  spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
  spec["encoding"] = {{"y", y},
                      {"x", x},
                      {"yOffset", {{"field", "__series"}, {"type", "nominal"}}},
                      {"color", {{"field", "__series"}, {"type", "nominal"}, {"title", nullptr}}}};
  spec["description"] = fmt::format("Grouped bar chart of {} by {}, {} groups",
                                    fmt::join(titles, " and "), category.title, category.distinct);
  return {"grouped_bar", std::move(spec), ""};
}

Chart Scatter(const ResultShape& shape, const Field& x, const Field& y,
              const engine::ResultSet& result) {
  json spec =
      Spec(fmt::format("Scatter plot of {} against {}, {} points", y.title, x.title, shape.rows));
  spec["mark"] = {{"type", "point"}, {"filled", true}, {"tooltip", true}};
  spec["encoding"] = {
      {"x", Measure(x, result)}, {"y", Measure(y, result)}, {"tooltip", Tooltip(shape, result)}};
  return {"scatter", std::move(spec), ""};
}

Chart TwoCategories(const ResultShape& shape, const Field& a, const Field& b, const Field& measure,
                    const engine::ResultSet& result, const ChartOptions& options) {
  // The wider category goes down the side; the narrower one is colour.
  const Field& rows = a.distinct >= b.distinct ? a : b;
  const Field& colors = a.distinct >= b.distinct ? b : a;
  json spec = Spec("");
  if (rows.distinct <= options.max_categories && colors.distinct <= kMaxSeries) {
    json y = Category(rows);
    json x = Measure(measure, result);
    json encoding = {
        {"y", y}, {"x", x}, {"color", Category(colors)}, {"tooltip", Tooltip(shape, result)}};
    const bool stacked = measure.additive;
    if (!stacked) encoding["yOffset"] = {{"field", FieldRef(colors.name)}, {"type", "nominal"}};
    spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
    spec["encoding"] = encoding;
    spec["description"] =
        fmt::format("{} bar chart of {} by {} and {}", stacked ? "Stacked" : "Grouped",
                    measure.title, rows.title, colors.title);
    return {stacked ? "stacked_bar" : "grouped_bar", std::move(spec), ""};
  }
  if (rows.distinct > kMaxHeatmapSide || colors.distinct > kMaxHeatmapSide) return {};
  json color = Measure(measure, result);
  color["legend"] = {{"format", color["axis"]["format"]}};
  color.erase("axis");
  color["scale"] = {{"scheme", "viridis"}};
  spec["mark"] = {{"type", "rect"}, {"tooltip", true}};
  spec["encoding"] = {{"y", Category(rows)},
                      {"x", Category(colors)},
                      {"color", color},
                      {"tooltip", Tooltip(shape, result)}};
  spec["description"] = fmt::format("Heatmap of {} by {} ({}) and {} ({})", measure.title,
                                    rows.title, rows.distinct, colors.title, colors.distinct);
  return {"heatmap", std::move(spec), ""};
}

bool SameFormat(const std::vector<const Field*>& measures) {
  for (const Field* field : measures) {
    if (field->format != measures.front()->format) return false;
  }
  return true;
}

// Why `shape` cannot be a pie; empty when it can: one category and one
// measure that adds up to a whole, 2 to 5 parts, each zero or more.
std::string PieRefusal(const ResultShape& shape, const engine::ResultSet& result) {
  const auto measures = shape.Of(FieldKind::kMeasure);
  const auto categories = shape.Of(FieldKind::kCategory);
  if (shape.fields.size() != 2 || measures.size() != 1 || categories.size() != 1 ||
      categories.front()->distinct != shape.rows) {
    return "a pie shows one measure split by one category";
  }
  if (shape.truncated || shape.rows > kMaxPieParts) {
    return fmt::format("a pie needs {} parts or fewer", kMaxPieParts);
  }
  if (shape.rows < 2) return "a pie needs at least 2 parts";
  if (!measures.front()->additive) return "a pie needs parts that add up to a whole";
  const engine::Column& values = result.column(measures.front()->index);
  double total = 0;
  for (size_t row = 0; row < shape.rows; ++row) {
    if (values.IsNull(row) || values.NumberAt(row) < 0) {
      return "a pie cannot show negative or missing values";
    }
    total += values.NumberAt(row);
  }
  if (total <= 0) return "a pie needs a total above zero";
  return "";
}

Chart Pie(const ResultShape& shape, const Field& category, const Field& measure,
          const engine::ResultSet& result) {
  const engine::Column& values = result.column(measure.index);
  double total = 0;
  size_t largest = 0;
  for (size_t row = 0; row < shape.rows; ++row) {
    total += values.NumberAt(row);
    if (values.NumberAt(row) > values.NumberAt(largest)) largest = row;
  }
  const std::string field = FieldRef(measure.name);
  const std::string format = Format(measure, result);
  json spec = Spec(fmt::format(
      "Pie chart of {} by {}, {} parts; the largest, {}, is {:.1f}% of the total", measure.title,
      category.title, shape.rows, engine::FormatValue(result.column(category.index), largest),
      values.NumberAt(largest) / total * 100));
  spec["transform"] = json::array(
      {{{"joinaggregate", {{{"op", "sum"}, {"field", field}, {"as", "__total"}}}}},
       {{"calculate", fmt::format("{} / datum.__total", Datum(measure.name))}, {"as", "__share"}}});
  const json by_value = {{"field", field}, {"op", "sum"}, {"order", "descending"}};
  json color = Category(category);
  color["sort"] = by_value;
  color["legend"] = {{"title", category.title}};
  spec["mark"] = {{"type", "arc"}, {"tooltip", true}};
  spec["view"] = {{"stroke", nullptr}};
  spec["encoding"] = {
      {"theta", {{"field", field}, {"type", "quantitative"}, {"stack", true}}},
      {"color", color},
      {"order", {{"field", field}, {"type", "quantitative"}, {"sort", "descending"}}},
      {"tooltip",
       {Category(category),
        {{"field", field}, {"type", "quantitative"}, {"title", measure.title}, {"format", format}},
        {{"field", "__share"}, {"type", "quantitative"}, {"title", "Share"}, {"format", ".1%"}}}}};
  return {"pie", std::move(spec), ""};
}

// The chart in words, for a note: "bars", "a line chart".
std::string KindWords(const std::string& kind) {
  if (kind.empty()) return "a table";
  if (kind == "kpi") return "a single number";
  if (kind == "bar") return "bars";
  if (kind == "grouped_bar") return "grouped bars";
  if (kind == "stacked_bar") return "stacked bars";
  if (kind == "scatter") return "a scatter plot";
  if (kind == "area") return "an area chart";
  return "a " + kind + " chart";
}

Chart ChooseAny(const ResultShape& shape, const engine::ResultSet& result,
                const ChartOptions& options);

}  // namespace

Chart ChooseChart(const ResultShape& shape, const engine::ResultSet& result,
                  const ChartOptions& options) {
  using semantic::ChartPreference;
  if (shape.preference == ChartPreference::kTable) return {};
  if (shape.preference == ChartPreference::kPie) {
    const std::string refusal = PieRefusal(shape, result);
    if (refusal.empty()) {
      return Pie(shape, *shape.Of(FieldKind::kCategory).front(),
                 *shape.Of(FieldKind::kMeasure).front(), result);
    }
    Chart chart = ChooseAny(shape, result, options);
    if (shape.rows == 0) return chart;  // nothing to draw, as a pie or otherwise
    chart.note = Capitalized(fmt::format("shown as {}: {}.", KindWords(chart.kind), refusal));
    return chart;
  }
  Chart chart = ChooseAny(shape, result, options);
  const bool over_time = chart.kind == "line" || chart.kind == "area" ||
                         (chart.kind == "bar" && !shape.Of(FieldKind::kTime).empty());
  if (chart.kind.empty()) return chart;  // no rows, or too many: nothing to draw either way
  if (shape.preference == ChartPreference::kLine && !over_time) {
    chart.note = Capitalized(
        fmt::format("shown as {}: a line chart needs a time dimension.", KindWords(chart.kind)));
  } else if (shape.preference == ChartPreference::kBar &&
             chart.kind.find("bar") == std::string::npos) {
    chart.note = Capitalized(fmt::format("shown as {}: bars need a category or periods to compare.",
                                         KindWords(chart.kind)));
  }
  return chart;
}

namespace {

// Every chart but the pie, which only a question asks for.
Chart ChooseAny(const ResultShape& shape, const engine::ResultSet& result,
                const ChartOptions& options) {
  if (shape.rows == 0 || shape.truncated || shape.rows > options.max_rows) return {};
  const auto measures = shape.Of(FieldKind::kMeasure);
  const auto times = shape.Of(FieldKind::kTime);
  const auto categories = shape.Of(FieldKind::kCategory);
  if (measures.empty()) return {};
  if (shape.rows == 1 && measures.size() == 1 && times.empty()) {
    return Kpi(shape, *measures.front(), result);
  }
  // One row per period (or per period and series): otherwise the rows are a
  // listing, not a series.
  if (times.size() == 1 && categories.empty() && measures.size() <= 4 &&
      times.front()->distinct == shape.rows && shape.rows > 1) {
    return OverTime(shape, *times.front(), measures, nullptr, result);
  }
  if (times.size() == 1 && categories.size() == 1 && measures.size() == 1 &&
      categories.front()->distinct <= kMaxSeries &&
      times.front()->distinct * categories.front()->distinct >= shape.rows) {
    return OverTime(shape, *times.front(), measures, categories.front(), result);
  }
  if (!times.empty()) return {};
  if (categories.size() == 1 && categories.front()->distinct == shape.rows) {
    const Field& category = *categories.front();
    if (measures.size() == 1) return Bars(shape, category, *measures.front(), result, options);
    if (measures.size() <= 4 && SameFormat(measures) &&
        category.distinct <= options.max_categories) {
      return GroupedBars(category, measures, result);
    }
    if (measures.size() == 2) return Scatter(shape, *measures[0], *measures[1], result);
    return {};
  }
  if (categories.size() <= 1 && measures.size() == 2 && shape.rows > 1) {
    return Scatter(shape, *measures[0], *measures[1], result);
  }
  if (categories.size() == 2 && measures.size() == 1 &&
      categories[0]->distinct * categories[1]->distinct >= shape.rows) {
    return TwoCategories(shape, *categories[0], *categories[1], *measures.front(), result, options);
  }
  return {};
}

}  // namespace

json ChartValues(const engine::ResultSet& result) {
  const json encoded = json::parse(engine::ResultSetToJson(result));
  json values = json::array();
  for (const json& row : encoded["rows"]) {
    json object = json::object();
    for (size_t i = 0; i < result.column_count(); ++i) object[result.columns()[i].name] = row[i];
    values.push_back(std::move(object));
  }
  return values;
}

}  // namespace scry::answer
