#include "engine/duckdb/import_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace scry::engine::import {
namespace {

namespace fs = std::filesystem;

// Enough of a file's start to tell text from binary and to sniff its format.
constexpr size_t kHeadBytes = 64 * 1024;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The format an extension names, or kAuto.
FileFormat FormatOfExtension(const std::string& extension) {
  if (extension == ".csv" || extension == ".tsv" || extension == ".txt") return FileFormat::kCsv;
  if (extension == ".parquet" || extension == ".pq") return FileFormat::kParquet;
  if (extension == ".json" || extension == ".jsonl" || extension == ".ndjson") {
    return FileFormat::kJson;
  }
  return FileFormat::kAuto;
}

bool IsCompressionExtension(const std::string& extension) {
  return extension == ".gz" || extension == ".zst";
}

// Parquet files start with "PAR1"; JSON documents with '{' or '[' after
// optional blank space and a UTF-8 byte order mark; anything else is taken for
// CSV (the CSV checks decide whether it is a table).
FileFormat FormatOfContent(std::string_view head) {
  if (StartsWith(head, "PAR1")) return FileFormat::kParquet;
  if (StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  const size_t first = head.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (head[first] == '{' || head[first] == '[')) {
    return FileFormat::kJson;
  }
  return FileFormat::kCsv;
}

StatusOr<std::string> ReadHead(const fs::path& path, const std::string& display) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return PermissionDeniedError(fmt::format("cannot read '{}'", display));
  std::string head(kHeadBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

Status CheckFile(const fs::path& path, const std::string& display) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return NotFoundError(fmt::format("file '{}' does not exist", display));
  }
  if (fs::is_directory(status)) {
    return InvalidArgumentError(fmt::format("'{}' is a directory, not a file", display));
  }
  if (!fs::is_regular_file(status)) {
    return InvalidArgumentError(fmt::format("'{}' is not a regular file", display));
  }
  if (fs::file_size(path, ec) == 0 && !ec) {
    return InvalidArgumentError(fmt::format("'{}' is empty: there is no table in it", display));
  }
  return Status::Ok();
}

// Text formats must be text: a NUL byte means a binary file (or UTF-16, which
// the CSV reader does not take by default).
Status CheckText(const ImportSource& source, std::string_view head) {
  if (StartsWith(head, "\xFF\xFE") || StartsWith(head, "\xFE\xFF")) {
    return InvalidArgumentError(
        fmt::format("'{}' is UTF-16 text: save it as UTF-8 to import it", source.display));
  }
  if (head.find('\0') != std::string_view::npos) {
    const std::string hint =
        StartsWith(head, "PAR1") ? " (it looks like a Parquet file: import it as Parquet)" : "";
    return InvalidArgumentError(fmt::format("'{}' is a binary file, not {} text{}", source.display,
                                            FormatName(source.format), hint));
  }
  if (head.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidArgumentError(
        fmt::format("'{}' holds only blank space: there is no table in it", source.display));
  }
  return Status::Ok();
}

Status CheckContent(const ImportSource& source, std::string_view head) {
  if (source.compressed) {
    const bool gzip = StartsWith(head, "\x1F\x8B");
    const bool zstd = StartsWith(head, "\x28\xB5\x2F\xFD");
    if (!gzip && !zstd) {
      return InvalidArgumentError(
          fmt::format("'{}' is named as compressed but is not gzip or zstd data", source.display));
    }
    return Status::Ok();  // DuckDB decompresses; the table checks judge the content.
  }
  if (source.format == FileFormat::kParquet) {
    if (!StartsWith(head, "PAR1")) {
      return InvalidArgumentError(
          fmt::format("'{}' is not a Parquet file (it does not start with PAR1)", source.display));
    }
    return Status::Ok();
  }
  return CheckText(source, head);
}

// Settles the format from the request, the extension of `display` (under a
// compression extension) or the content.
StatusOr<FileFormat> SettleFormat(const std::string& display, FileFormat requested,
                                  bool* compressed, std::string_view head) {
  std::string extension;
  const FileFormat by_extension = FormatOfFileName(display, compressed, &extension);
  if (requested != FileFormat::kAuto) return requested;
  if (by_extension != FileFormat::kAuto) return by_extension;
  if (*compressed) {
    return InvalidArgumentError(fmt::format(
        "cannot tell the format of compressed file '{}': name it like data.csv.gz or give the "
        "format",
        display));
  }
  return FormatOfContent(head);
}

}  // namespace

FileFormat FormatOfFileName(std::string_view name, bool* compressed, std::string* extension) {
  fs::path file = fs::path(std::string(name)).filename();
  *compressed = IsCompressionExtension(Lower(file.extension().string()));
  if (*compressed) file = file.stem();
  *extension = Lower(file.extension().string());
  return FormatOfExtension(*extension);
}

StatusOr<ImportSource> ResolveSource(const std::string& path, FileFormat requested,
                                     const std::string& display) {
  const fs::path file(path);
  ImportSource source;
  source.display = display.empty() ? path : display;
  RETURN_IF_ERROR(CheckFile(file, source.display));
  ASSIGN_OR_RETURN(std::string head, ReadHead(file, source.display));
  std::error_code ec;
  const fs::path absolute = fs::absolute(file, ec);
  source.path = ec ? path : absolute.lexically_normal().string();
  ASSIGN_OR_RETURN(source.format,
                   SettleFormat(source.display, requested, &source.compressed, head));
  RETURN_IF_ERROR(CheckContent(source, head));
  if (!source.compressed) source.head = std::move(head);
  return source;
}

namespace {

// The path as a string literal for DuckDB's file functions, which expand
// * ? [ as globs: a one-character class matches the character itself, so
// "a[1].csv" becomes 'a[[]1].csv'.
std::string PathLiteral(const ImportSource& source) {
  std::string pattern;
  for (char c : source.path) {
    if (c == '*' || c == '?' || c == '[') {
      pattern += '[';
      pattern += c;
      pattern += ']';
    } else {
      pattern += c;
    }
  }
  return SqlLiteral(pattern);
}

}  // namespace

std::string SniffCsvSql(const ImportSource& source) {
  return fmt::format("sniff_csv({})", PathLiteral(source));
}

std::string ReaderSql(const ImportSource& source, bool full_sample) {
  const std::string literal = PathLiteral(source);
  const char* sample = full_sample ? ", sample_size = -1" : "";
  switch (source.format) {
    case FileFormat::kParquet:
      return fmt::format("read_parquet({})", literal);
    case FileFormat::kJson:
      // records = true: a document of scalars or arrays is not a table.
      return fmt::format("read_json({}, records = true{})", literal, sample);
    case FileFormat::kCsv:
    case FileFormat::kAuto:
      break;
  }
  return fmt::format("read_csv({}, auto_detect = true{})", literal, sample);
}

std::string_view FormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kParquet:
      return "Parquet";
    case FileFormat::kJson:
      return "JSON";
    case FileFormat::kCsv:
    case FileFormat::kAuto:
      break;
  }
  return "CSV";
}

std::string SqlLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace scry::engine::import
