// scry import, scry demo-data: the commands that write to the warehouse.
#include <fmt/format.h>

#include <chrono>

#include "app/commands.h"
#include "app/warehouse.h"
#include "engine/duckdb/demo_data.h"
#include "engine/duckdb/duckdb_writer.h"
#include "engine/duckdb/importer.h"

namespace scry::app {
namespace {

StatusOr<engine::FileFormat> ParseFileFormat(const std::string& text) {
  if (text == "auto") return engine::FileFormat::kAuto;
  if (text == "csv") return engine::FileFormat::kCsv;
  if (text == "parquet") return engine::FileFormat::kParquet;
  if (text == "json") return engine::FileFormat::kJson;
  return InvalidArgumentError(
      fmt::format("--format: '{}' is not one of auto, csv, parquet, json", text));
}

// Import and demo data write DuckDB files only; a SQLite file is the user's own.
Status CheckWritable(const std::string& path) {
  if (IsSqliteFile(path)) {
    return FailedPreconditionError(fmt::format(
        "'{}' is a SQLite database, which scry only reads; import into a DuckDB warehouse instead",
        path));
  }
  return Status::Ok();
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Status RunImport(const ImportCommandOptions& options, std::ostream& out) {
  if (options.append && options.replace) {
    return InvalidArgumentError("--append and --replace cannot be used together");
  }
  RETURN_IF_ERROR(CheckWritable(options.warehouse));
  engine::ImportOptions import;
  import.table = options.table;
  import.append = options.append;
  import.replace = options.replace;
  ASSIGN_OR_RETURN(import.format, ParseFileFormat(options.format));

  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto writer, engine::DuckDbWriter::Open(options.warehouse));
  ASSIGN_OR_RETURN(engine::ImportReport report,
                   engine::ImportFiles(*writer, options.files, import));
  RETURN_IF_ERROR(writer->Checkpoint());
  out << fmt::format("{} {} rows into table '{}' ({} rows now, {} columns) in {:.2f} s\n",
                     report.created ? "Imported" : (options.append ? "Appended" : "Replaced with"),
                     report.rows_imported, report.table, report.table_rows, report.columns.size(),
                     SecondsSince(start));
  for (const engine::ColumnInfo& column : report.columns) {
    out << fmt::format("  {:<32} {}\n", column.name,
                       column.type.engine_name.empty() ? engine::TypeIdName(column.type.id)
                                                       : column.type.engine_name);
  }
  return Status::Ok();
}

Status RunDemoData(const DemoCommandOptions& options, const Clock& clock, std::ostream& out) {
  RETURN_IF_ERROR(CheckWritable(options.warehouse));
  engine::DemoOptions demo;
  demo.rows = options.rows;
  demo.seed = options.seed;
  demo.end_date = clock.Today();
  if (!options.end_date.empty()) {
    auto parsed = ParseIsoDate(options.end_date);
    if (!parsed) {
      return InvalidArgumentError(
          fmt::format("--end-date: '{}' is not a date of the form YYYY-MM-DD", options.end_date));
    }
    demo.end_date = *parsed;
  }
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto writer, engine::DuckDbWriter::Open(options.warehouse));
  RETURN_IF_ERROR(engine::GenerateDemoWarehouse(*writer, demo));
  out << fmt::format(
      "Demo warehouse '{}': {} order lines, five years to {}, seed {}, in {:.1f} s\n",
      options.warehouse, demo.rows, FormatIsoDate(demo.end_date), demo.seed, SecondsSince(start));
  return Status::Ok();
}

}  // namespace scry::app
