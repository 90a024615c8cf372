// Import of CSV, Parquet and JSON files as tables. See importer.h.
//
// DuckDB reads and types the files (read_csv, read_parquet, read_json); this
// file decides what counts as a table and what may be appended where. DuckDB
// accepts more than tables: a page of prose becomes a one-column CSV, a JSON
// number a one-row table, an empty file a table with no rows. The rules:
//   - the file exists, is a regular file, is not empty and (for CSV and JSON)
//     is text: no NUL bytes, not UTF-16, not only blank space (import_source);
//   - DuckDB can read it: the CSV sniffer finds a dialect, the Parquet footer
//     is sound, the JSON holds records (objects), not scalars or arrays;
//   - it has at least one column and at least one row with a value (a CSV
//     with only a header line is refused);
//   - the CSV sniffer may skip leading lines (a title above the header); a
//     skipped line holding the delimiter looks like data and is refused
//     rather than dropped;
//   - a CSV read as a single text column must have a header that looks like a
//     column name: at most 64 characters and 4 words, not ending like a
//     sentence, no delimiter characters in it. Otherwise it is plain text or
//     ragged lines, not a table (a single column of numbers or dates is one).
// All files of one import must have the same columns (by name, any case, any
// order); their types are unified as UNION ALL BY NAME does. Appending
// matches the file's columns to the table's by name: a missing or extra column
// is an error, and so is a value the table's column type cannot hold exactly
// (text that is no number, 2.5 for an integer column, a time of day for a
// date column).
//
// Checks run before anything changes; the change itself runs in one
// transaction, so a failure leaves the warehouse as it was.
#include "engine/duckdb/importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "engine/duckdb/import_names.h"
#include "engine/duckdb/import_source.h"

namespace scry::engine {
namespace {

using import::ImportSource;
using import::QuoteIdentifier;
using import::SqlLiteral;

struct FileColumn {
  std::string name;
  std::string type;  // as DuckDB spells it: "BIGINT", "DECIMAL(10,2)", ...
};

struct FileShape {
  ImportSource source;
  std::vector<FileColumn> columns;
};

// The table an import writes to, as found in the warehouse.
struct Target {
  std::string name;
  bool exists = false;
  std::vector<FileColumn> columns;  // when it exists
};

constexpr size_t kMaxHeaderLength = 64;
constexpr int kMaxHeaderWords = 4;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "'" : ", '") + item + "'";
  return out;
}

// DuckDB's messages end with hints and an echo of the statement, and CSV
// errors quote the offending line, which can be megabytes long; the first
// lines say what went wrong.
std::string EngineMessage(std::string_view message) {
  constexpr size_t kMaxLength = 300;
  std::string out;
  for (int kept = 0; kept < 2 && !message.empty();) {
    const size_t end = message.find('\n');
    std::string_view line = message.substr(0, end);
    message = end == std::string_view::npos ? std::string_view() : message.substr(end + 1);
    if (line.empty() || line.rfind("LINE ", 0) == 0 || line.rfind("Possible ", 0) == 0) break;
    if (line.rfind("Original Line:", 0) == 0) continue;
    if (kept++ > 0) out += ' ';
    out.append(line);
  }
  if (out.size() > kMaxLength) {
    size_t cut = kMaxLength;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    out = out.substr(0, cut) + "...";
  }
  return out;
}

Status NotATable(const ImportSource& source, const Status& error) {
  const std::string message(error.message());
  if (message.find("expected records") != std::string::npos) {
    return InvalidArgumentError(fmt::format(
        "'{}' is JSON but not a table: it needs one object per row, not scalars or arrays",
        source.display));
  }
  return InvalidArgumentError(fmt::format("'{}' cannot be read as {}: {}", source.display,
                                          import::FormatName(source.format),
                                          EngineMessage(message)));
}

StatusOr<std::vector<FileColumn>> ColumnsOf(DuckDbWriter& writer, const std::string& sql) {
  ASSIGN_OR_RETURN(ResultSet result, writer.Query(sql));
  std::vector<FileColumn> columns;
  for (size_t row = 0; row < result.row_count(); ++row) {
    columns.push_back({result.column(0).TextAt(row), result.column(1).TextAt(row)});
  }
  return columns;
}

// Auto-generated CSV column names ("column0") mean the file had no header.
bool IsGeneratedName(const std::string& name) {
  return name.size() > 6 && name.rfind("column", 0) == 0 &&
         std::all_of(name.begin() + 6, name.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A header that ends like a sentence or holds a delimiter (the sniffer found
// none that splits every line alike) is not a column name.
bool LooksLikeColumnName(const std::string& name) {
  if (name.empty() || name.size() > kMaxHeaderLength || IsGeneratedName(name)) return false;
  if (std::string_view(".!?:").find(name.back()) != std::string_view::npos) return false;
  if (name.find_first_of(",;|\t") != std::string::npos) return false;
  const int words = 1 + static_cast<int>(std::count(name.begin(), name.end(), ' '));
  return words <= kMaxHeaderWords;
}

// At least one row with at least one value.
Status CheckHasRows(DuckDbWriter& writer, const FileShape& shape, const std::string& reader) {
  std::string any_value;
  for (const FileColumn& column : shape.columns) {
    if (!any_value.empty()) any_value += " OR ";
    any_value += QuoteIdentifier(column.name) + " IS NOT NULL";
  }
  auto rows = writer.Query(
      fmt::format("SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT 1)", reader, any_value));
  if (!rows.ok()) return NotATable(shape.source, rows.status());
  if (rows->row_count() == 1 && rows->column(0).Int64At(0) == 0) {
    return InvalidArgumentError(
        fmt::format("'{}' has no data rows: there is no table in it", shape.source.display));
  }
  return Status::Ok();
}

// The CSV sniffer skips leading lines that do not fit the table (a title
// above the header). A skipped line holding the delimiter is likely a row of
// data, and skipping it would lose data silently.
Status CheckSkippedLines(DuckDbWriter& writer, const ImportSource& source) {
  if (source.format != FileFormat::kCsv || source.compressed) return Status::Ok();
  auto sniff = writer.Query("SELECT SkipRows, Delimiter FROM " + import::SniffCsvSql(source));
  if (!sniff.ok()) return NotATable(source, sniff.status());
  if (sniff->row_count() != 1) return Status::Ok();
  const int64_t skipped = sniff->column(0).Int64At(0);
  const std::string& delimiter = sniff->column(1).TextAt(0);
  std::string_view head = source.head;
  for (int64_t line = 0; line < skipped && !head.empty(); ++line) {
    const size_t end = head.find('\n');
    const std::string_view text = head.substr(0, end);
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 1);
    if (!delimiter.empty() && text.find(delimiter) != std::string_view::npos) {
      return InvalidArgumentError(fmt::format(
          "'{}' is not a consistent table: its first {} line(s) do not have the fields of the "
          "rest (line {}: '{}') and would be dropped; remove or fix them",
          source.display, skipped, line + 1, EngineMessage(text)));
    }
  }
  return Status::Ok();
}

// Describes one file and applies the "is it a table" rules of the file comment.
StatusOr<FileShape> InspectFile(DuckDbWriter& writer, const ImportSource& source,
                                bool full_sample) {
  const std::string reader = import::ReaderSql(source, full_sample);
  auto columns = ColumnsOf(
      writer, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + reader + ")");
  if (!columns.ok()) return NotATable(source, columns.status());
  FileShape shape{source, std::move(*columns)};
  if (shape.columns.empty()) {
    return InvalidArgumentError(fmt::format("'{}' has no columns", source.display));
  }
  if (source.format == FileFormat::kCsv && shape.columns.size() == 1 &&
      shape.columns[0].type == "VARCHAR" && !LooksLikeColumnName(shape.columns[0].name)) {
    return InvalidArgumentError(fmt::format(
        "'{}' looks like plain text, not a table: it reads as a single text column without a "
        "header naming it",
        source.display));
  }
  RETURN_IF_ERROR(CheckSkippedLines(writer, source));
  RETURN_IF_ERROR(CheckHasRows(writer, shape, reader));
  return shape;
}

// Column names in lower case, to compare shapes the way SQL does.
std::set<std::string> NameSet(const std::vector<FileColumn>& columns) {
  std::set<std::string> names;
  for (const FileColumn& column : columns) names.insert(Lower(column.name));
  return names;
}

// "missing 'a'; extra 'b'" comparing `have` to `want`, or "" when they match.
std::string NameDifference(const std::vector<FileColumn>& have,
                           const std::vector<FileColumn>& want) {
  const std::set<std::string> have_names = NameSet(have), want_names = NameSet(want);
  std::vector<std::string> missing, extra;
  for (const FileColumn& column : want) {
    if (!have_names.count(Lower(column.name))) missing.push_back(column.name);
  }
  for (const FileColumn& column : have) {
    if (!want_names.count(Lower(column.name))) extra.push_back(column.name);
  }
  std::string out;
  if (!missing.empty()) out += "missing column(s) " + Join(missing);
  if (!extra.empty())
    out += (out.empty() ? "" : "; ") + std::string("extra column(s) ") + Join(extra);
  return out;
}

Status CheckSameShape(const std::vector<FileShape>& shapes) {
  for (size_t i = 1; i < shapes.size(); ++i) {
    const std::string difference = NameDifference(shapes[i].columns, shapes[0].columns);
    if (!difference.empty()) {
      return InvalidArgumentError(fmt::format("'{}' does not have the columns of '{}': {}",
                                              shapes[i].source.display, shapes[0].source.display,
                                              difference));
    }
  }
  return Status::Ok();
}

StatusOr<std::string> ChooseTableName(const std::vector<std::string>& files,
                                      const ImportOptions& options) {
  if (!options.table.empty()) {
    RETURN_IF_ERROR(import::CheckTableName(options.table));
    return options.table;
  }
  std::string name = TableNameForFile(
      options.display_names.empty() ? files.front() : options.display_names.front());
  RETURN_IF_ERROR(import::CheckTableName(name));
  return name;
}

// Finds `name` (any case) among the tables and views of the current schema.
StatusOr<Target> FindTarget(DuckDbWriter& writer, const std::string& name) {
  auto in_schema = [&](const char* name_column) {
    return fmt::format(
        "database_name = current_database() AND schema_name = current_schema() AND lower({}) = "
        "lower({})",
        name_column, SqlLiteral(name));
  };
  ASSIGN_OR_RETURN(
      ResultSet found,
      writer.Query(fmt::format("SELECT table_name, 'table' FROM duckdb_tables() WHERE {} UNION ALL "
                               "SELECT view_name, 'view' FROM duckdb_views() WHERE {}",
                               in_schema("table_name"), in_schema("view_name"))));
  Target target{name, false, {}};
  if (found.row_count() == 0) return target;
  target.name = found.column(0).TextAt(0);
  if (found.column(1).TextAt(0) == "view") {
    return AlreadyExistsError(
        fmt::format("'{}' is a view; choose another table name", target.name));
  }
  target.exists = true;
  ASSIGN_OR_RETURN(
      target.columns,
      ColumnsOf(writer, fmt::format("SELECT column_name, data_type FROM duckdb_columns() "
                                    "WHERE database_name = current_database() AND "
                                    "schema_name = current_schema() AND table_name = {} "
                                    "ORDER BY column_index",
                                    SqlLiteral(target.name))));
  return target;
}

Status CheckTargetMode(const Target& target, const ImportOptions& options) {
  if (options.append && options.replace) {
    return InvalidArgumentError("append and replace cannot be combined");
  }
  if (options.append && !target.exists) {
    return NotFoundError(
        fmt::format("table '{}' does not exist: import without append to create it", target.name));
  }
  if (target.exists && !options.append && !options.replace) {
    return AlreadyExistsError(
        fmt::format("table '{}' already exists: append to it or replace it", target.name));
  }
  return Status::Ok();
}

// SQL true for a value of `column` (file type `from`) that the table type `to`
// cannot hold exactly: the cast fails, or (for non-text values) casting back
// does not give the value again.
std::string MisfitSql(const std::string& column, const std::string& from, const std::string& to) {
  const std::string cast = fmt::format("TRY_CAST({} AS {})", column, to);
  std::string misfit = fmt::format("{} IS NOT NULL AND ({} IS NULL", column, cast);
  if (from != "VARCHAR") {
    misfit += fmt::format(" OR TRY_CAST({} AS {}) IS DISTINCT FROM {}", cast, from, column);
  }
  return misfit + ")";
}

// Checks that every value of the file fits the table's column of the same name.
Status CheckValuesFit(DuckDbWriter& writer, const FileShape& shape, const Target& target,
                      const std::string& reader) {
  std::map<std::string, std::string> table_types;
  for (const FileColumn& column : target.columns) table_types[Lower(column.name)] = column.type;
  std::vector<const FileColumn*> checked;
  std::string select;
  for (const FileColumn& column : shape.columns) {
    const std::string& to = table_types[Lower(column.name)];
    if (Lower(to) == Lower(column.type)) continue;
    const std::string misfit = MisfitSql(QuoteIdentifier(column.name), column.type, to);
    select += fmt::format("{}count(*) FILTER (WHERE {}), min({}::VARCHAR) FILTER (WHERE {})",
                          select.empty() ? "" : ", ", misfit, QuoteIdentifier(column.name), misfit);
    checked.push_back(&column);
  }
  if (checked.empty()) return Status::Ok();
  auto counts = writer.Query(fmt::format("SELECT {} FROM {}", select, reader));
  if (!counts.ok()) return NotATable(shape.source, counts.status());
  for (size_t i = 0; i < checked.size(); ++i) {
    const int64_t bad = counts->column(2 * i).Int64At(0);
    if (bad == 0) continue;
    const FileColumn& column = *checked[i];
    return InvalidArgumentError(fmt::format(
        "'{}' does not fit table '{}': column '{}' has {} value(s) of type {} that the table's "
        "type {} cannot hold exactly, e.g. '{}'",
        shape.source.display, target.name, column.name, bad, column.type,
        table_types[Lower(column.name)], counts->column(2 * i + 1).TextAt(0)));
  }
  return Status::Ok();
}

Status CheckAppendable(DuckDbWriter& writer, const std::vector<FileShape>& shapes,
                       const Target& target, bool full_sample) {
  for (const FileShape& shape : shapes) {
    const std::string difference = NameDifference(shape.columns, target.columns);
    if (!difference.empty()) {
      return InvalidArgumentError(fmt::format("'{}' does not match table '{}': {}",
                                              shape.source.display, target.name, difference));
    }
    RETURN_IF_ERROR(
        CheckValuesFit(writer, shape, target, import::ReaderSql(shape.source, full_sample)));
  }
  return Status::Ok();
}

std::string CreateSql(const std::vector<FileShape>& shapes, const Target& target,
                      bool full_sample) {
  std::string sql = fmt::format("CREATE {}TABLE {} AS ", target.exists ? "OR REPLACE " : "",
                                QuoteIdentifier(target.name));
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (i > 0) sql += " UNION ALL BY NAME ";
    sql += "SELECT * FROM " + import::ReaderSql(shapes[i].source, full_sample);
  }
  return sql;
}

// One INSERT per file, naming the columns and casting each to the table's type.
std::string AppendSql(const FileShape& shape, const Target& target, bool full_sample) {
  std::map<std::string, std::string> table_types;
  for (const FileColumn& column : target.columns) table_types[Lower(column.name)] = column.type;
  std::string names, values;
  for (const FileColumn& column : shape.columns) {
    const std::string quoted = QuoteIdentifier(column.name);
    names += (names.empty() ? "" : ", ") + quoted;
    values += fmt::format("{}CAST({} AS {})", values.empty() ? "" : ", ", quoted,
                          table_types[Lower(column.name)]);
  }
  return fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", QuoteIdentifier(target.name), names,
                     values, import::ReaderSql(shape.source, full_sample));
}

StatusOr<int64_t> CountRows(DuckDbWriter& writer, const std::string& table) {
  ASSIGN_OR_RETURN(ResultSet result,
                   writer.Query("SELECT count(*) FROM " + QuoteIdentifier(table)));
  return result.column(0).Int64At(0);
}

Status WriteTable(DuckDbWriter& writer, const std::vector<FileShape>& shapes, const Target& target,
                  bool append, bool full_sample, ImportReport* report) {
  int64_t before = 0;
  if (append) {
    ASSIGN_OR_RETURN(before, CountRows(writer, target.name));
    for (const FileShape& shape : shapes) {
      RETURN_IF_ERROR(writer.Execute(AppendSql(shape, target, full_sample))
                          .WithContext(fmt::format("appending '{}'", shape.source.display)));
    }
  } else {
    RETURN_IF_ERROR(writer.Execute(CreateSql(shapes, target, full_sample)));
  }
  ASSIGN_OR_RETURN(report->table_rows, CountRows(writer, target.name));
  report->rows_imported = report->table_rows - before;
  ASSIGN_OR_RETURN(ResultSet empty,
                   writer.Query("SELECT * FROM " + QuoteIdentifier(target.name) + " LIMIT 0"));
  report->columns = empty.columns();
  return Status::Ok();
}

StatusOr<ImportReport> ImportOnce(DuckDbWriter& writer, const std::vector<ImportSource>& sources,
                                  const ImportOptions& options, const std::string& table,
                                  bool full_sample) {
  std::vector<FileShape> shapes;
  for (const ImportSource& source : sources) {
    ASSIGN_OR_RETURN(FileShape shape, InspectFile(writer, source, full_sample));
    shapes.push_back(std::move(shape));
  }
  RETURN_IF_ERROR(CheckSameShape(shapes));
  ASSIGN_OR_RETURN(Target target, FindTarget(writer, table));
  RETURN_IF_ERROR(CheckTargetMode(target, options));
  if (options.append) RETURN_IF_ERROR(CheckAppendable(writer, shapes, target, full_sample));
  ImportReport report;
  report.table = target.name;
  report.format = sources.front().format;
  report.created = !target.exists;
  Status written = writer.InTransaction(
      [&] { return WriteTable(writer, shapes, target, options.append, full_sample, &report); });
  if (!written.ok()) {
    return InvalidArgumentError(fmt::format("importing into table '{}' failed: {}", target.name,
                                            EngineMessage(written.message())));
  }
  return report;
}

// DuckDB types CSV columns from the first rows; a later value that does not
// fit fails the read with a conversion error, and sampling the whole file
// finds a type that holds it.
bool NeedsFullSample(const Status& status, const std::vector<ImportSource>& sources) {
  const bool any_csv = std::any_of(sources.begin(), sources.end(), [](const ImportSource& s) {
    return s.format == FileFormat::kCsv;
  });
  return any_csv && status.message().find("Conversion Error") != std::string_view::npos;
}

}  // namespace

StatusOr<ImportReport> ImportFiles(DuckDbWriter& writer, const std::vector<std::string>& files,
                                   const ImportOptions& options) {
  if (files.empty()) return InvalidArgumentError("no files to import");
  if (options.append && options.replace) {
    return InvalidArgumentError("append and replace cannot be combined");
  }
  ASSIGN_OR_RETURN(std::string table, ChooseTableName(files, options));
  if (!options.display_names.empty() && options.display_names.size() != files.size()) {
    return InvalidArgumentError("display_names must name every file");
  }
  std::vector<ImportSource> sources;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string display = options.display_names.empty() ? "" : options.display_names[i];
    ASSIGN_OR_RETURN(ImportSource source, import::ResolveSource(files[i], options.format, display));
    sources.push_back(std::move(source));
  }
  StatusOr<ImportReport> report = ImportOnce(writer, sources, options, table, false);
  if (!report.ok() && NeedsFullSample(report.status(), sources)) {
    return ImportOnce(writer, sources, options, table, true);
  }
  return report;
}

}  // namespace scry::engine
