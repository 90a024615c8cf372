#include "engine/duckdb/duckdb_file_converter.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>

#include "engine/duckdb/duckdb_engine.h"
#include "engine/duckdb/duckdb_writer.h"
#include "engine/duckdb/import_source.h"
#include "engine/duckdb/importer.h"

namespace scry::engine {
namespace {

namespace fs = std::filesystem;

// The table's name inside the private instances; the schema returned is
// named after the file.
constexpr const char* kTable = "attachment";

StatusOr<FileFormat> RequestedFormat(const std::string& format) {
  if (format.empty()) return FileFormat::kAuto;
  if (format == "csv") return FileFormat::kCsv;
  if (format == "parquet") return FileFormat::kParquet;
  if (format == "json") return FileFormat::kJson;
  return InvalidArgumentError(fmt::format("format: '{}' is not one of csv, parquet, json", format));
}

// "csv", "parquet", "json".
std::string FormatWord(FileFormat format) {
  std::string word(import::FormatName(format));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return word;
}

// A compressed upload could expand far beyond the upload limit; a name whose
// extension names no format is refused rather than guessed at.
Status CheckFileName(const std::string& file_name, FileFormat requested) {
  bool compressed = false;
  std::string extension;
  const FileFormat by_name = import::FormatOfFileName(file_name, &compressed, &extension);
  if (compressed) {
    return InvalidArgumentError(
        fmt::format("'{}' is compressed: upload the CSV, Parquet or JSON file itself", file_name));
  }
  if (requested == FileFormat::kAuto && by_name == FileFormat::kAuto && !extension.empty()) {
    return InvalidArgumentError(fmt::format(
        "'{}' is not a CSV, Parquet or JSON file (unknown extension '{}'): upload .csv, .tsv, "
        ".txt, .parquet, .json, .jsonl or .ndjson",
        file_name, extension));
  }
  return Status::Ok();
}

// The folder both files of the request live in, absolute, normalized.
StatusOr<fs::path> RequestFolder(const ConvertRequest& request) {
  std::error_code ec;
  const fs::path input = fs::absolute(request.input, ec).lexically_normal();
  const fs::path output = fs::absolute(request.output, ec).lexically_normal();
  if (ec || request.input.empty() || request.output.empty() ||
      input.parent_path() != output.parent_path() || input == output) {
    return InvalidArgumentError(
        "convert: the upload and the output must be two files of one folder");
  }
  return input.parent_path();
}

// A private instance that may touch only `folder`.
StatusOr<std::unique_ptr<DuckDbWriter>> OpenLockedWriter(const fs::path& folder,
                                                         const DuckDbConverterOptions& options) {
  DuckDbWriterOptions writer_options;
  writer_options.memory_limit = options.memory_limit;
  writer_options.threads = options.threads;
  writer_options.temp_directory = (folder / "spill").string();
  ASSIGN_OR_RETURN(std::unique_ptr<DuckDbWriter> writer, DuckDbWriter::Open("", writer_options));
  RETURN_IF_ERROR(writer->Execute(
      fmt::format("SET allowed_directories = [{}]; SET enable_external_access = false; "
                  "SET lock_configuration = true",
                  import::SqlLiteral(folder.string() + "/"))));
  return writer;
}

// The importer's refusals are already clear, but DuckDB's own messages name
// the file by the server's path: it becomes the name it was uploaded under.
// Running out of memory is not the file's fault in the same way.
Status ImportError(const Status& status, const ConvertRequest& request,
                   const DuckDbConverterOptions& options) {
  if (status.message().find("Out of Memory") != std::string_view::npos) {
    return ResourceExhaustedError(
        fmt::format("'{}' is too big to convert within the {} of memory allowed", request.file_name,
                    options.memory_limit));
  }
  std::string message(status.message());
  std::error_code ec;
  for (const std::string& path :
       {fs::absolute(request.input, ec).lexically_normal().string(), request.input}) {
    for (size_t at = message.find(path); !path.empty() && at != std::string::npos;
         at = message.find(path, at + request.file_name.size())) {
      message.replace(at, path.size(), request.file_name);
    }
  }
  return Status(status.code(), message);
}

// Reads the written file's columns and statistics, as introspection reads a
// warehouse table.
StatusOr<TableSchema> Describe(const fs::path& folder, const std::string& output,
                               const DuckDbConverterOptions& options) {
  DuckDbOptions engine_options;
  engine_options.memory_limit = options.memory_limit;
  engine_options.threads = options.threads;
  engine_options.readable_directories = {folder.string()};
  import::ImportSource parquet;
  parquet.path = output;
  parquet.format = FileFormat::kParquet;
  engine_options.setup_sql = {fmt::format("CREATE VIEW {} AS SELECT * FROM {}",
                                          import::QuoteIdentifier(kTable),
                                          import::ReaderSql(parquet, false))};
  ASSIGN_OR_RETURN(std::unique_ptr<DuckDbEngine> engine, DuckDbEngine::Open(engine_options));
  IntrospectOptions introspect;
  introspect.tables = {kTable};
  introspect.max_top_values = options.max_top_values;
  ASSIGN_OR_RETURN(DatabaseSchema schema, engine->Introspect(introspect));
  if (schema.tables.size() != 1) return InternalError("convert: the converted table is missing");
  return std::move(schema.tables.front());
}

StatusOr<ConvertedFile> ConvertInFolder(const ConvertRequest& request, const fs::path& folder,
                                        const DuckDbConverterOptions& options) {
  ASSIGN_OR_RETURN(FileFormat requested, RequestedFormat(request.format));
  RETURN_IF_ERROR(CheckFileName(request.file_name, requested));
  ImportOptions import_options;
  import_options.table = kTable;
  import_options.format = requested;
  import_options.display_names = {request.file_name};
  ConvertedFile converted;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<DuckDbWriter> writer, OpenLockedWriter(folder, options));
    StatusOr<ImportReport> report = ImportFiles(*writer, {request.input}, import_options);
    if (!report.ok()) return ImportError(report.status(), request, options);
    if (static_cast<int>(report->columns.size()) > options.max_columns) {
      return InvalidArgumentError(fmt::format("'{}' has {} columns; at most {} are accepted",
                                              request.file_name, report->columns.size(),
                                              options.max_columns));
    }
    converted.format = FormatWord(report->format);
    converted.row_count = report->table_rows;
    Status written = writer->Execute(fmt::format("COPY {} TO {} (FORMAT parquet)",
                                                 import::QuoteIdentifier(kTable),
                                                 import::SqlLiteral(request.output)));
    if (!written.ok()) return ImportError(written, request, options);
  }
  ASSIGN_OR_RETURN(converted.table, Describe(folder, request.output, options));
  converted.table.name = TableNameForFile(request.file_name);
  converted.table.row_count = converted.row_count;
  return converted;
}

}  // namespace

DuckDbFileConverter::DuckDbFileConverter(DuckDbConverterOptions options)
    : options_(std::move(options)) {}

StatusOr<ConvertedFile> DuckDbFileConverter::Convert(const ConvertRequest& request) const {
  ASSIGN_OR_RETURN(fs::path folder, RequestFolder(request));
  StatusOr<ConvertedFile> converted = ConvertInFolder(request, folder, options_);
  std::error_code ignored;
  fs::remove_all(folder / "spill", ignored);
  if (!converted.ok()) fs::remove(request.output, ignored);
  return converted;
}

std::string DuckDbFileConverter::SourceSql(const std::string& path) const {
  import::ImportSource parquet;
  parquet.path = path;
  parquet.format = FileFormat::kParquet;
  return import::ReaderSql(parquet, false);
}

}  // namespace scry::engine
