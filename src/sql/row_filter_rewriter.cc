#include "sql/row_filter_rewriter.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "sql/guard_rules.h"
#include "sql/sql_text.h"

namespace scry::sql {
namespace {

// The text a wrapper opens with, up to the table's name.
constexpr std::string_view kWrapperHead = "(SELECT * FROM ";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsIdentifierStart(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$'; }

// Returns the offset past a /* */ comment opening at `pos` (nested, as
// DuckDB's lexer reads them), or sql.size() when it never closes.
size_t SkipBlockComment(std::string_view sql, size_t pos) {
  int depth = 0;
  while (pos < sql.size()) {
    if (sql.compare(pos, 2, "/*") == 0) {
      ++depth;
      pos += 2;
    } else if (sql.compare(pos, 2, "*/") == 0) {
      pos += 2;
      if (--depth == 0) return pos;
    } else {
      ++pos;
    }
  }
  return pos;
}

// Returns the first offset at or after `pos` that is not whitespace or a comment.
size_t SkipSpaceAndComments(std::string_view sql, size_t pos) {
  while (pos < sql.size()) {
    if (IsSpace(sql[pos])) {
      ++pos;
    } else if (sql.compare(pos, 2, "--") == 0) {
      const size_t newline = sql.find('\n', pos);
      pos = newline == std::string_view::npos ? sql.size() : newline + 1;
    } else if (sql.compare(pos, 2, "/*") == 0) {
      pos = SkipBlockComment(sql, pos);
    } else {
      break;
    }
  }
  return pos;
}

struct Identifier {
  std::string name;  // unquoted
  size_t end = 0;    // offset past it
};

// Reads one identifier, "quoted" (with "" for a quote) or plain, at `pos`.
std::optional<Identifier> ReadIdentifier(std::string_view sql, size_t pos) {
  if (pos >= sql.size()) return std::nullopt;
  Identifier id;
  if (sql[pos] != '"') {
    if (!IsIdentifierStart(sql[pos])) return std::nullopt;
    size_t end = pos + 1;
    while (end < sql.size() && IsIdentifierPart(sql[end])) ++end;
    return Identifier{std::string(sql.substr(pos, end - pos)), end};
  }
  for (size_t i = pos + 1; i < sql.size(); ++i) {
    if (sql[i] != '"') {
      id.name += sql[i];
    } else if (i + 1 < sql.size() && sql[i + 1] == '"') {
      id.name += '"';
      ++i;
    } else {
      id.end = i + 1;
      return id;
    }
  }
  return std::nullopt;
}

std::vector<std::string> NameParts(const TableReference& ref) {
  std::vector<std::string> parts;
  for (const std::string* part : {&ref.catalog, &ref.schema, &ref.table}) {
    if (!part->empty()) parts.push_back(*part);
  }
  return parts;
}

std::string DoubleQuoted(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

Status CannotFilter(const TableReference& ref, std::string_view why) {
  return PermissionDeniedError(fmt::format(
      "refused: the row filter of table '{}' cannot be applied here ({})", DisplayName(ref), why));
}

// Returns the offset past the name of `ref`, which must be spelled, part by
// part (comments allowed around the dots), at its location.
StatusOr<size_t> NameEnd(std::string_view sql, const TableReference& ref) {
  if (!ref.location || *ref.location >= sql.size()) {
    return CannotFilter(ref, "the parser gave no position for it");
  }
  size_t pos = *ref.location;
  const std::vector<std::string> parts = NameParts(ref);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      pos = SkipSpaceAndComments(sql, pos);
      if (pos >= sql.size() || sql[pos] != '.') break;
      pos = SkipSpaceAndComments(sql, pos + 1);
    }
    std::optional<Identifier> id = ReadIdentifier(sql, pos);
    if (!id || AsciiLower(id->name) != AsciiLower(parts[i])) break;
    if (i + 1 == parts.size()) return id->end;
    pos = id->end;
  }
  return CannotFilter(ref, "its name is not written where the parser placed it");
}

// A filtered or virtual reference, located in the text: exactly one of
// `predicate` and `source` is set.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  const TableReference* ref = nullptr;
  const std::string* predicate = nullptr;
  const std::string* source = nullptr;
};

// Returns the spans of the filtered and virtual references, ordered, one per
// location (the walker may list a CTE body twice), never overlapping.
StatusOr<std::vector<Span>> RewrittenSpans(std::string_view sql,
                                           const std::vector<TableReference>& tables,
                                           const RowFilterMap& filters,
                                           const VirtualTableMap& sources) {
  std::vector<Span> spans;
  for (const TableReference& ref : tables) {
    const std::string* predicate = FindRowFilter(filters, ref);
    const std::string* source = FindVirtualTable(sources, ref);
    if (predicate == nullptr && source == nullptr) continue;
    if (predicate != nullptr && source != nullptr) {
      return InvalidArgumentError(fmt::format(
          "table '{}' has a row filter and is a virtual table: it can only be one", ref.table));
    }
    ASSIGN_OR_RETURN(size_t end, NameEnd(sql, ref));
    spans.push_back({*ref.location, end, &ref, predicate, source});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> unique;
  for (const Span& span : spans) {
    if (!unique.empty() && unique.back().begin == span.begin && unique.back().end == span.end) {
      continue;
    }
    if (!unique.empty() && span.begin < unique.back().end) {
      return CannotFilter(*span.ref, "it overlaps another table reference");
    }
    unique.push_back(span);
  }
  return unique;
}

// "(SELECT * FROM <name> WHERE (<predicate>))" for a filtered reference,
// "(SELECT * FROM <source>)" for a virtual one, plus "AS <table>" when the
// reference had no alias, so that columns qualified by the table's name
// ("orders.amount") still bind.
std::string Wrapper(const Span& span) {
  std::string text(kWrapperHead);
  if (span.source != nullptr) {
    text += *span.source + ")";
  } else {
    const std::vector<std::string> parts = NameParts(*span.ref);
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) text += '.';
      text += DoubleQuoted(parts[i]);
    }
    text += fmt::format(" WHERE ({}))", *span.predicate);
  }
  if (!span.ref->aliased) text += " AS " + DoubleQuoted(span.ref->table);
  return text;
}

// Predicates and sources are spliced into SQL: a NUL would cut the text short
// in C APIs downstream, and an empty one would not parse.
Status CheckSplicedText(const std::map<std::string, std::string>& texts, std::string_view what) {
  for (const auto& [table, text] : texts) {
    if (text.empty() || text.find('\0') != std::string::npos) {
      return InvalidArgumentError(
          fmt::format("the {} of table '{}' is empty or holds a NUL byte", what, table));
    }
  }
  return Status::Ok();
}

}  // namespace

const std::string* FindRowFilter(const RowFilterMap& filters, const TableReference& ref) {
  const std::string table = AsciiLower(ref.table);
  for (const auto& [name, predicate] : filters) {
    if (AsciiLower(name) == table) return &predicate;
  }
  return nullptr;
}

const std::string* FindVirtualTable(const VirtualTableMap& sources, const TableReference& ref) {
  if (!ref.catalog.empty() || !ref.schema.empty()) return nullptr;
  const std::string table = AsciiLower(ref.table);
  for (const auto& [name, source] : sources) {
    if (AsciiLower(name) == table) return &source;
  }
  return nullptr;
}

StatusOr<RowFilterRewrite> ApplyRowFilters(std::string_view sql,
                                           const std::vector<TableReference>& tables,
                                           const RowFilterMap& filters) {
  return ApplyTableRewrites(sql, tables, filters, {});
}

StatusOr<RowFilterRewrite> ApplyTableRewrites(std::string_view sql,
                                              const std::vector<TableReference>& tables,
                                              const RowFilterMap& filters,
                                              const VirtualTableMap& sources) {
  RETURN_IF_ERROR(CheckSplicedText(filters, "row filter"));
  RETURN_IF_ERROR(CheckSplicedText(sources, "source"));
  ASSIGN_OR_RETURN(std::vector<Span> spans, RewrittenSpans(sql, tables, filters, sources));
  RowFilterRewrite rewrite;
  size_t copied = 0;
  for (const Span& span : spans) {
    rewrite.sql.append(sql.substr(copied, span.begin - copied));
    std::vector<size_t>& reads =
        span.source != nullptr ? rewrite.source_reads : rewrite.filtered_reads;
    reads.push_back(rewrite.sql.size() + kWrapperHead.size());
    rewrite.sql += Wrapper(span);
    copied = span.end;
  }
  rewrite.sql.append(sql.substr(copied));
  return rewrite;
}

Status VerifyRowFilters(const std::vector<TableReference>& tables, const RowFilterMap& filters,
                        const std::vector<size_t>& expected) {
  std::vector<size_t> found;
  for (const TableReference& ref : tables) {
    if (FindRowFilter(filters, ref) == nullptr) continue;
    if (!ref.location || !std::binary_search(expected.begin(), expected.end(), *ref.location)) {
      return CannotFilter(ref, "a read of it escapes the filter");
    }
    found.push_back(*ref.location);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  if (found.size() != expected.size()) {
    return PermissionDeniedError(
        "refused: the row filters could not be applied to every read of a filtered table");
  }
  return Status::Ok();
}

Status VerifyVirtualSources(const std::vector<FunctionCall>& table_functions,
                            const std::vector<size_t>& expected) {
  std::vector<size_t> found;
  for (const FunctionCall& call : table_functions) {
    if (call.location && std::binary_search(expected.begin(), expected.end(), *call.location)) {
      found.push_back(*call.location);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  if (found.size() != expected.size()) {
    return PermissionDeniedError(
        "refused: the sources of the virtual tables could not be put in place of every read");
  }
  return Status::Ok();
}

}  // namespace scry::sql
