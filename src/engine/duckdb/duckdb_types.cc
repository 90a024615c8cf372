#include "engine/duckdb/duckdb_types.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace scry::engine {
namespace {

// Takes a string DuckDB allocated, frees it.
std::string TakeString(char* text) {
  if (text == nullptr) return "";
  std::string out(text);
  duckdb_free(text);
  return out;
}

std::string Alias(duckdb_logical_type type) {
  return TakeString(duckdb_logical_type_get_alias(type));
}

bool ContainsInsensitive(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

// Some refusals of the lock-down arrive as "Invalid Input" errors; they are
// permission problems all the same.
bool IsLockDownRefusal(std::string_view message) {
  return ContainsInsensitive(message, "read-only mode") ||
         ContainsInsensitive(message, "configuration has been locked") ||
         ContainsInsensitive(message, "disabled by configuration") ||
         ContainsInsensitive(message, "disabled through configuration");
}

// The error types DuckDB's "<Type> Error:" prefixes name; anything else is an
// error in the SQL.
duckdb_error_type TypeFromPrefix(std::string_view message) {
  const size_t end = message.find(" Error:");
  if (end == std::string_view::npos) return DUCKDB_ERROR_INVALID;
  std::string prefix(message.substr(0, end));
  std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  struct Entry {
    const char* prefix;
    duckdb_error_type type;
  };
  static constexpr Entry kEntries[] = {
      {"permission", DUCKDB_ERROR_PERMISSION},
      {"interrupt", DUCKDB_ERROR_INTERRUPT},
      {"out of memory", DUCKDB_ERROR_OUT_OF_MEMORY},
      {"internal", DUCKDB_ERROR_INTERNAL},
      {"fatal", DUCKDB_ERROR_FATAL},
      {"io", DUCKDB_ERROR_IO},
      {"missing extension", DUCKDB_ERROR_MISSING_EXTENSION},
      {"extension autoloading", DUCKDB_ERROR_AUTOLOAD},
      {"invalid input", DUCKDB_ERROR_INVALID_INPUT},
      {"transactioncontext", DUCKDB_ERROR_TRANSACTION},
      {"connection", DUCKDB_ERROR_CONNECTION},
  };
  for (const Entry& entry : kEntries) {
    if (prefix == entry.prefix) return entry.type;
  }
  return DUCKDB_ERROR_INVALID;
}

std::string DecimalName(duckdb_logical_type type) {
  return fmt::format("DECIMAL({},{})", duckdb_decimal_width(type), duckdb_decimal_scale(type));
}

std::string EnumName(duckdb_logical_type type) {
  std::string out = "ENUM(";
  const uint32_t size = duckdb_enum_dictionary_size(type);
  for (uint32_t i = 0; i < size; ++i) {
    if (i > 0) out += ", ";
    out += DuckDbQuoteLiteral(TakeString(duckdb_enum_dictionary_value(type, i)));
  }
  return out + ")";
}

// Field names that are plain lower-case identifiers stay bare, as DuckDB prints them.
std::string FieldName(const std::string& name) {
  const bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
  return plain ? name : DuckDbQuoteIdentifier(name);
}

std::string StructName(duckdb_logical_type type, bool is_union) {
  std::string out = is_union ? "UNION(" : "STRUCT(";
  const idx_t count =
      is_union ? duckdb_union_type_member_count(type) : duckdb_struct_type_child_count(type);
  for (idx_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    std::string name = TakeString(is_union ? duckdb_union_type_member_name(type, i)
                                           : duckdb_struct_type_child_name(type, i));
    DuckDbLogicalType child(is_union ? duckdb_union_type_member_type(type, i)
                                     : duckdb_struct_type_child_type(type, i));
    out += FieldName(name) + " " + DuckDbTypeName(child.get());
  }
  return out + ")";
}

const char* SimpleName(duckdb_type id) {
  switch (id) {
    case DUCKDB_TYPE_BOOLEAN:
      return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT:
      return "TINYINT";
    case DUCKDB_TYPE_SMALLINT:
      return "SMALLINT";
    case DUCKDB_TYPE_INTEGER:
      return "INTEGER";
    case DUCKDB_TYPE_BIGINT:
      return "BIGINT";
    case DUCKDB_TYPE_UTINYINT:
      return "UTINYINT";
    case DUCKDB_TYPE_USMALLINT:
      return "USMALLINT";
    case DUCKDB_TYPE_UINTEGER:
      return "UINTEGER";
    case DUCKDB_TYPE_UBIGINT:
      return "UBIGINT";
    case DUCKDB_TYPE_HUGEINT:
      return "HUGEINT";
    case DUCKDB_TYPE_UHUGEINT:
      return "UHUGEINT";
    case DUCKDB_TYPE_FLOAT:
      return "FLOAT";
    case DUCKDB_TYPE_DOUBLE:
      return "DOUBLE";
    case DUCKDB_TYPE_VARCHAR:
      return "VARCHAR";
    case DUCKDB_TYPE_BLOB:
      return "BLOB";
    case DUCKDB_TYPE_DATE:
      return "DATE";
    case DUCKDB_TYPE_TIME:
      return "TIME";
    case DUCKDB_TYPE_TIME_NS:
      return "TIME_NS";
    case DUCKDB_TYPE_TIME_TZ:
      return "TIME WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP:
      return "TIMESTAMP";
    case DUCKDB_TYPE_TIMESTAMP_S:
      return "TIMESTAMP_S";
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return "TIMESTAMP_MS";
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return "TIMESTAMP_NS";
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return "TIMESTAMP WITH TIME ZONE";
    case DUCKDB_TYPE_INTERVAL:
      return "INTERVAL";
    case DUCKDB_TYPE_UUID:
      return "UUID";
    case DUCKDB_TYPE_BIT:
      return "BIT";
    case DUCKDB_TYPE_BIGNUM:
      return "BIGNUM";
    case DUCKDB_TYPE_SQLNULL:
      return "NULL";
    case DUCKDB_TYPE_ANY:
      return "ANY";
    default:
      return "UNKNOWN";
  }
}

}  // namespace

Status DuckDbErrorStatus(duckdb_error_type type, std::string_view message) {
  if (message.empty()) message = "DuckDB reported an error without a message";
  switch (type) {
    case DUCKDB_ERROR_PERMISSION:
    case DUCKDB_ERROR_MISSING_EXTENSION:
    case DUCKDB_ERROR_AUTOLOAD:
      return PermissionDeniedError(message);
    case DUCKDB_ERROR_INTERRUPT:
      return CancelledError(message);
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      return ResourceExhaustedError(message);
    case DUCKDB_ERROR_INTERNAL:
    case DUCKDB_ERROR_FATAL:
    case DUCKDB_ERROR_IO:
      return InternalError(message);
    case DUCKDB_ERROR_CONNECTION:
      return UnavailableError(message);
    case DUCKDB_ERROR_TRANSACTION:
      return Status(StatusCode::kAborted, message);
    default:
      break;
  }
  if (IsLockDownRefusal(message)) return PermissionDeniedError(message);
  return InvalidArgumentError(message);
}

Status DuckDbMessageStatus(std::string_view message) {
  return DuckDbErrorStatus(TypeFromPrefix(message), message);
}

bool DuckDbNeedsTextCast(duckdb_logical_type type) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
    case DUCKDB_TYPE_DECIMAL:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIME_NS:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_INTERVAL:
    case DUCKDB_TYPE_ENUM:
      return false;
    default:
      return true;
  }
}

std::string DuckDbTypeName(duckdb_logical_type type) {
  std::string alias = Alias(type);
  if (!alias.empty()) return alias;
  const duckdb_type id = duckdb_get_type_id(type);
  switch (id) {
    case DUCKDB_TYPE_DECIMAL:
      return DecimalName(type);
    case DUCKDB_TYPE_ENUM:
      return EnumName(type);
    case DUCKDB_TYPE_LIST: {
      DuckDbLogicalType child(duckdb_list_type_child_type(type));
      return DuckDbTypeName(child.get()) + "[]";
    }
    case DUCKDB_TYPE_ARRAY: {
      DuckDbLogicalType child(duckdb_array_type_child_type(type));
      return fmt::format("{}[{}]", DuckDbTypeName(child.get()), duckdb_array_type_array_size(type));
    }
    case DUCKDB_TYPE_MAP: {
      DuckDbLogicalType key(duckdb_map_type_key_type(type));
      DuckDbLogicalType value(duckdb_map_type_value_type(type));
      return fmt::format("MAP({}, {})", DuckDbTypeName(key.get()), DuckDbTypeName(value.get()));
    }
    case DUCKDB_TYPE_STRUCT:
      return StructName(type, /*is_union=*/false);
    case DUCKDB_TYPE_UNION:
      return StructName(type, /*is_union=*/true);
    default:
      return SimpleName(id);
  }
}

ColumnType DuckDbColumnType(duckdb_logical_type type) {
  std::string name = DuckDbTypeName(type);
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      return ColumnType::Of(TypeId::kBoolean, std::move(name));
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
      return ColumnType::Of(TypeId::kInteger, std::move(name));
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
      return ColumnType::Of(TypeId::kHugeInteger, std::move(name));
    case DUCKDB_TYPE_DECIMAL:
      return ColumnType::Decimal(duckdb_decimal_width(type), duckdb_decimal_scale(type),
                                 std::move(name));
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
      return ColumnType::Of(TypeId::kDouble, std::move(name));
    case DUCKDB_TYPE_VARCHAR: {
      // JSON is a VARCHAR with an alias; it is a document, not a label.
      const TypeId id = name == "JSON" ? TypeId::kOther : TypeId::kText;
      return ColumnType::Of(id, std::move(name));
    }
    case DUCKDB_TYPE_ENUM:
      return ColumnType::Of(TypeId::kText, std::move(name));
    case DUCKDB_TYPE_BLOB:
      return ColumnType::Of(TypeId::kBlob, std::move(name));
    case DUCKDB_TYPE_DATE:
      return ColumnType::Of(TypeId::kDate, std::move(name));
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIME_NS:
      return ColumnType::Of(TypeId::kTime, std::move(name));
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return ColumnType::Of(TypeId::kTimestamp, std::move(name));
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return ColumnType::Of(TypeId::kTimestampTz, std::move(name));
    case DUCKDB_TYPE_INTERVAL:
      return ColumnType::Of(TypeId::kInterval, std::move(name));
    default:
      return ColumnType::Of(TypeId::kOther, std::move(name));
  }
}

std::string DuckDbQuoteIdentifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string DuckDbQuoteLiteral(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace scry::engine
