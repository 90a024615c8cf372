#include "app/output_format.h"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "common/status_or.h"
#include "engine/result_json.h"

namespace scry::app {
namespace {

using engine::Column;
using engine::ResultSet;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Cuts `text` to at most `width` display columns, ending with "…" when cut.
std::string Truncate(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  std::string out;
  size_t columns = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsContinuationByte(text[i])) {
      if (columns + 1 >= width) break;
      ++columns;
    }
    out += text[i];
  }
  return out + "…";
}

// Control characters would break the layout of a table line.
std::string Printable(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

void Pad(std::string* line, const std::string& cell, size_t width, bool right) {
  const size_t fill = width - std::min(width, DisplayWidth(cell));
  if (right) line->append(fill, ' ');
  *line += cell;
  if (!right) line->append(fill, ' ');
}

// `{"columns":[...],"rows":[` — the opening of the JSON object of result_json.h.
std::string ColumnsJsonPrefix(const std::vector<engine::ColumnInfo>& columns) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const engine::ColumnInfo& column : columns) {
    writer.StartObject();
    writer.Key("name");
    writer.String(column.name.data(), static_cast<rapidjson::SizeType>(column.name.size()));
    writer.Key("type");
    const std::string_view type = engine::TypeIdName(column.type.id);
    writer.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
    writer.EndObject();
  }
  writer.EndArray();
  return std::string("{\"columns\":") + buffer.GetString() + ",\"rows\":[";
}

}  // namespace

bool ParseOutputFormat(const std::string& text, OutputFormat* format) {
  if (text == "table")
    *format = OutputFormat::kTable;
  else if (text == "csv")
    *format = OutputFormat::kCsv;
  else if (text == "json")
    *format = OutputFormat::kJson;
  else
    return false;
  return true;
}

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (char c : text) width += IsContinuationByte(c) ? 0 : 1;
  return width;
}

void WriteTable(const ResultSet& result, std::ostream& out, const TableStyle& style) {
  const size_t columns = result.column_count();
  const size_t rows = result.row_count();
  std::vector<std::vector<std::string>> cells(rows, std::vector<std::string>(columns));
  std::vector<size_t> widths(columns);
  std::vector<bool> right(columns);
  for (size_t c = 0; c < columns; ++c) {
    const Column& column = result.column(c);
    right[c] = engine::IsNumeric(column.type().id);
    widths[c] = DisplayWidth(Truncate(result.columns()[c].name, style.max_column_width));
    for (size_t r = 0; r < rows; ++r) {
      std::string text = column.IsNull(r) ? style.null_text : engine::FormatValue(column, r);
      cells[r][c] = Truncate(Printable(std::move(text)), style.max_column_width);
      widths[c] = std::max(widths[c], DisplayWidth(cells[r][c]));
    }
  }
  std::string line;
  for (size_t c = 0; c < columns; ++c) {
    line += c == 0 ? " " : " | ";
    Pad(&line, Truncate(result.columns()[c].name, style.max_column_width), widths[c], false);
  }
  out << line << '\n';
  line.clear();
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) line += '+';
    line.append(widths[c] + 2, '-');
  }
  out << line << '\n';
  for (size_t r = 0; r < rows; ++r) {
    line.clear();
    for (size_t c = 0; c < columns; ++c) {
      line += c == 0 ? " " : " | ";
      Pad(&line, cells[r][c], widths[c], right[c]);
    }
    out << line << '\n';
  }
  const std::string time =
      style.elapsed_seconds >= 0 ? fmt::format(", {:.3f} s", style.elapsed_seconds) : "";
  if (result.truncated()) {
    const std::string total = result.total_rows() >= 0 ? fmt::format("{} rows", result.total_rows())
                                                       : std::string("more rows");
    out << fmt::format("(showing the first {} of {}{}; use --max-rows N or --format csv)\n", rows,
                       total, time);
  } else {
    out << fmt::format("({} row{}{})\n", rows, rows == 1 ? "" : "s", time);
  }
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos &&
      (value.empty() || (value.front() != ' ' && value.back() != ' '))) {
    return value;
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

StatusOr<int64_t> StreamCsv(engine::ResultStream& stream, std::ostream& out) {
  const auto& columns = stream.columns();
  std::string line;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) line += ',';
    line += CsvField(columns[c].name);
  }
  out << line << '\n';
  int64_t written = 0;
  engine::Chunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, stream.Next(&chunk));
    if (!more) break;
    std::string block;
    for (size_t r = 0; r < chunk.row_count(); ++r) {
      for (size_t c = 0; c < chunk.columns.size(); ++c) {
        if (c > 0) block += ',';
        // Null is an empty field; an empty string is quoted so the two differ.
        if (!chunk.columns[c].IsNull(r)) {
          std::string value = engine::FormatValue(chunk.columns[c], r);
          block += value.empty() ? "\"\"" : CsvField(value);
        }
      }
      block += '\n';
    }
    out << block;
    written += static_cast<int64_t>(chunk.row_count());
  }
  return written;
}

StatusOr<int64_t> StreamJson(engine::ResultStream& stream, std::ostream& out) {
  const auto& columns = stream.columns();
  out << ColumnsJsonPrefix(columns);
  int64_t written = 0;
  bool first = true;
  engine::Chunk chunk;
  std::string block;
  while (true) {
    ASSIGN_OR_RETURN(bool more, stream.Next(&chunk));
    if (!more) break;
    block.clear();
    engine::AppendRowsJson(chunk, columns, &first, &block);
    out << block;
    written += static_cast<int64_t>(chunk.row_count());
  }
  out << fmt::format("],\"row_count\":{},\"total_rows\":{},\"truncated\":false}}\n", written,
                     written);
  return written;
}

}  // namespace scry::app
