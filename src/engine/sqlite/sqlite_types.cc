// Type rules for SQLite results (the summary is in sqlite_types.h).
//
// Candidates for a column, tried in this order on the first chunk's values:
//
//   1. The declared type, read with SQLite's own affinity rules first and
//      scry's refinements after them: contains INT -> integer; CHAR, CLOB or
//      TEXT -> text; BLOB -> blob (only when every value is a blob); REAL,
//      FLOA or DOUB -> double; BOOL -> boolean (values 0 and 1); DATETIME or
//      TIMESTAMP -> timestamp; DATE -> date; TIME -> time; DECIMAL(p,s) or
//      NUMERIC(p,s) with s > 0 -> decimal with scale s. A declared text
//      column stays text whatever it holds, so the declaration wins there.
//   2. What the values are: only integers -> integer; integers and reals ->
//      double; only text -> date, then timestamp, then text; any blob -> blob.
//   3. Text, which holds anything.
//
// "Holds" means exactly: a real goes into an integer column only when it is
// integral, an integer into a double only when the double is exact, a text
// into a date or timestamp only when scry prints it back as the very same text
// (so "2024-3-1" or "2024-03-01T10:00" stay text, and a result read as a date
// looks identical to the text SQLite returned), a real into a decimal only
// when its shortest exact form has at most `scale` digits after the point.
// Decimals carry precision 38 because SQLite never enforces the declared one;
// the declaration stays visible in ColumnType::engine_name.
//
// The same conversion is applied to later chunks; a value there that the
// decided type cannot hold exactly fails the stream (see sqlite_stream.cc).
#include "engine/sqlite/sqlite_types.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "common/clock.h"

namespace scry::engine {
namespace {

constexpr int kMaxDecimalDigits = 38;
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

std::string ToUpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

Int128 Pow10(int exponent) {
  Int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// Reads `count` decimal digits at `pos`; false when any is not a digit.
bool ReadDigits(std::string_view text, size_t pos, size_t count, int64_t* out) {
  if (pos + count > text.size()) return false;
  int64_t value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// "HH:MM:SS[.ffffff]" exactly as FormatTime prints it.
bool ParseCanonicalTime(std::string_view text, int64_t* micros) {
  int64_t hours, minutes, seconds, fraction = 0;
  if (text.size() < 8 || text[2] != ':' || text[5] != ':') return false;
  if (!ReadDigits(text, 0, 2, &hours) || !ReadDigits(text, 3, 2, &minutes) ||
      !ReadDigits(text, 6, 2, &seconds)) {
    return false;
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return false;
  if (text.size() > 8) {
    const size_t digits = text.size() - 9;
    if (text[8] != '.' || digits < 1 || digits > 6) return false;
    if (!ReadDigits(text, 9, digits, &fraction)) return false;
    for (size_t i = digits; i < 6; ++i) fraction *= 10;
  }
  *micros = ((hours * 60 + minutes) * 60 + seconds) * kMicrosPerSecond + fraction;
  return FormatTime(*micros) == text;
}

// "YYYY-MM-DD HH:MM:SS[.ffffff]" exactly as FormatTimestamp prints it.
bool ParseCanonicalTimestamp(std::string_view text, int64_t* micros) {
  if (text.size() < 19 || text[10] != ' ') return false;
  const std::optional<CivilDate> date = ParseIsoDate(text.substr(0, 10));
  int64_t time = 0;
  if (!date || !ParseCanonicalTime(text.substr(11), &time)) return false;
  *micros = DaysFromCivil(*date) * kMicrosPerDay + time;
  return FormatTimestamp(*micros) == text;
}

bool ParseCanonicalDate(std::string_view text, int64_t* days) {
  const std::optional<CivilDate> date = ParseIsoDate(text);
  if (!date) return false;
  *days = DaysFromCivil(*date);
  return true;
}

// The unscaled value of `value` at `scale`, when its shortest exact decimal
// form has no more than `scale` digits after the point and 38 in all.
bool DoubleToUnscaled(double value, int scale, Int128* out) {
  if (!std::isfinite(value) || std::fabs(value) >= 1e38) return false;
  char buffer[512];
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  if (result.ec != std::errc()) return false;
  std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (fraction.size() > static_cast<size_t>(scale)) return false;
  Int128 unscaled = 0;
  int significant = 0;
  auto push = [&](char digit) {
    unscaled = unscaled * 10 + (digit - '0');
    if (unscaled != 0) ++significant;
  };
  for (char c : whole) push(c);
  for (char c : fraction) push(c);
  for (size_t i = fraction.size(); i < static_cast<size_t>(scale); ++i) push('0');
  if (significant > kMaxDecimalDigits) return false;
  *out = negative ? -unscaled : unscaled;
  return true;
}

bool AppendAsDecimal(const SqliteValue& value, Column* column) {
  const int scale = column->type().scale;
  Int128 unscaled = 0;
  if (value.storage == SqliteStorage::kInteger) {
    const Int128 limit = Pow10(kMaxDecimalDigits - scale);
    if (value.integer >= limit || value.integer <= -limit) return false;
    unscaled = static_cast<Int128>(value.integer) * Pow10(scale);
  } else if (value.storage != SqliteStorage::kReal ||
             !DoubleToUnscaled(value.real, scale, &unscaled)) {
    return false;
  }
  column->AppendInt128(unscaled);
  return true;
}

bool AppendAsInteger(const SqliteValue& value, Column* column) {
  if (value.storage == SqliteStorage::kInteger) {
    column->AppendInt64(value.integer);
    return true;
  }
  // 2^63 is exact as a double; every integral double in [-2^63, 2^63) fits.
  constexpr double kTwo63 = 9223372036854775808.0;
  if (value.storage != SqliteStorage::kReal || value.real != std::trunc(value.real) ||
      value.real < -kTwo63 || value.real >= kTwo63) {
    return false;
  }
  column->AppendInt64(static_cast<int64_t>(value.real));
  return true;
}

bool AppendAsDouble(const SqliteValue& value, Column* column) {
  if (value.storage == SqliteStorage::kReal) {
    column->AppendDouble(value.real);
    return true;
  }
  if (value.storage != SqliteStorage::kInteger) return false;
  const double converted = static_cast<double>(value.integer);
  constexpr double kTwo63 = 9223372036854775808.0;
  if (converted >= kTwo63 || static_cast<int64_t>(converted) != value.integer) return false;
  column->AppendDouble(converted);
  return true;
}

// Text holds every storage class: numbers in their canonical text form
// (FormatDouble's shortest round trip for reals), text and blobs as their bytes.
void AppendAsText(const SqliteValue& value, Column* column) {
  switch (value.storage) {
    case SqliteStorage::kInteger:
      column->AppendText(std::to_string(value.integer));
      break;
    case SqliteStorage::kReal:
      column->AppendText(FormatDouble(value.real));
      break;
    default:
      column->AppendText(value.bytes);
      break;
  }
}

bool AppendAsTemporal(const SqliteValue& value, Column* column) {
  if (value.storage != SqliteStorage::kText) return false;
  int64_t parsed = 0;
  bool ok = false;
  switch (column->type().id) {
    case TypeId::kDate:
      ok = ParseCanonicalDate(value.bytes, &parsed);
      break;
    case TypeId::kTime:
      ok = ParseCanonicalTime(value.bytes, &parsed);
      break;
    case TypeId::kTimestamp:
      ok = ParseCanonicalTimestamp(value.bytes, &parsed);
      break;
    default:
      break;
  }
  if (ok) column->AppendInt64(parsed);
  return ok;
}

// The decimal scale declared as "(p,s)" in `upper`, or 0.
int DeclaredScale(std::string_view upper) {
  const size_t open = upper.find('(');
  const size_t comma = upper.find(',', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || comma == std::string_view::npos) return 0;
  size_t pos = comma + 1;
  while (pos < upper.size() && upper[pos] == ' ') ++pos;
  int scale = 0;
  const auto result = std::from_chars(upper.data() + pos, upper.data() + upper.size(), scale);
  if (result.ec != std::errc() || scale <= 0 || scale > kMaxDecimalDigits) return 0;
  return scale;
}

struct SampleStats {
  int integers = 0;
  int reals = 0;
  int texts = 0;
  int blobs = 0;
};

SampleStats CountStorage(const std::vector<SqliteOwnedValue>& sample) {
  SampleStats stats;
  for (const SqliteOwnedValue& value : sample) {
    switch (value.storage) {
      case SqliteStorage::kInteger:
        ++stats.integers;
        break;
      case SqliteStorage::kReal:
        ++stats.reals;
        break;
      case SqliteStorage::kText:
        ++stats.texts;
        break;
      case SqliteStorage::kBlob:
        ++stats.blobs;
        break;
      case SqliteStorage::kNull:
        break;
    }
  }
  return stats;
}

// Rule 2 of the file comment: the types the values themselves suggest.
std::vector<TypeId> ValueTypes(const SampleStats& stats) {
  if (stats.blobs > 0) return {TypeId::kBlob};
  const bool numbers = stats.integers + stats.reals > 0;
  if (stats.texts > 0) {
    if (numbers) return {};
    return {TypeId::kDate, TypeId::kTimestamp};
  }
  if (stats.reals > 0) return {TypeId::kDouble};
  if (stats.integers > 0) return {TypeId::kInteger};
  return {};
}

std::string_view DefaultEngineName(TypeId id) {
  switch (id) {
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kDouble:
      return "REAL";
    case TypeId::kBlob:
      return "BLOB";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    default:
      return "TEXT";
  }
}

std::vector<ColumnType> CandidateTypes(const char* declared, const SampleStats& stats) {
  const std::string declaration = declared == nullptr ? "" : declared;
  std::vector<ColumnType> candidates;
  ColumnType from_declaration = DeclaredSqliteType(declaration);
  const bool only_blobs = stats.integers + stats.reals + stats.texts == 0;
  if (from_declaration.id == TypeId::kText) return {from_declaration};
  if (from_declaration.id != TypeId::kOther &&
      (from_declaration.id != TypeId::kBlob || only_blobs)) {
    candidates.push_back(from_declaration);
  }
  for (TypeId id : ValueTypes(stats)) candidates.push_back(ColumnType::Of(id));
  candidates.push_back(ColumnType::Of(TypeId::kText));
  for (ColumnType& type : candidates) {
    if (type.engine_name.empty()) {
      type.engine_name =
          declaration.empty() ? std::string(DefaultEngineName(type.id)) : declaration;
    }
  }
  return candidates;
}

}  // namespace

SqliteValue SqliteValue::FromStatement(sqlite3_stmt* stmt, int column) {
  SqliteValue value;
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      value.storage = SqliteStorage::kInteger;
      value.integer = sqlite3_column_int64(stmt, column);
      break;
    case SQLITE_FLOAT:
      value.storage = SqliteStorage::kReal;
      value.real = sqlite3_column_double(stmt, column);
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
      const bool is_text = sqlite3_column_type(stmt, column) == SQLITE_TEXT;
      value.storage = is_text ? SqliteStorage::kText : SqliteStorage::kBlob;
      // Fetch the pointer before the size, as SQLite's documentation asks.
      const void* data = is_text ? static_cast<const void*>(sqlite3_column_text(stmt, column))
                                 : sqlite3_column_blob(stmt, column);
      const int size = sqlite3_column_bytes(stmt, column);
      if (data != nullptr && size > 0) {
        value.bytes = std::string_view(static_cast<const char*>(data), static_cast<size_t>(size));
      }
      break;
    }
    default:
      break;
  }
  return value;
}

SqliteOwnedValue SqliteOwnedValue::Copy(const SqliteValue& value) {
  return SqliteOwnedValue{value.storage, value.integer, value.real, std::string(value.bytes)};
}

bool AppendSqliteValue(const SqliteValue& value, Column* column) {
  if (value.storage == SqliteStorage::kNull) {
    column->AppendNull();
    return true;
  }
  switch (column->type().id) {
    case TypeId::kBoolean:
      if (value.storage != SqliteStorage::kInteger || (value.integer != 0 && value.integer != 1)) {
        return false;
      }
      column->AppendInt64(value.integer);
      return true;
    case TypeId::kInteger:
      return AppendAsInteger(value, column);
    case TypeId::kDecimal:
      return AppendAsDecimal(value, column);
    case TypeId::kDouble:
      return AppendAsDouble(value, column);
    case TypeId::kText:
    case TypeId::kBlob:
      AppendAsText(value, column);
      return true;
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
      return AppendAsTemporal(value, column);
    default:
      return false;
  }
}

ColumnType DeclaredSqliteType(std::string_view declared) {
  const std::string upper = ToUpperAscii(declared);
  const std::string name(declared);
  TypeId id = TypeId::kOther;
  if (upper.empty()) {
    id = TypeId::kOther;
  } else if (Contains(upper, "INT")) {
    id = TypeId::kInteger;
  } else if (Contains(upper, "CHAR") || Contains(upper, "CLOB") || Contains(upper, "TEXT")) {
    id = TypeId::kText;
  } else if (Contains(upper, "BLOB")) {
    id = TypeId::kBlob;
  } else if (Contains(upper, "REAL") || Contains(upper, "FLOA") || Contains(upper, "DOUB")) {
    id = TypeId::kDouble;
  } else if (Contains(upper, "BOOL")) {
    id = TypeId::kBoolean;
  } else if (Contains(upper, "DATETIME") || Contains(upper, "TIMESTAMP")) {
    id = TypeId::kTimestamp;
  } else if (Contains(upper, "DATE")) {
    id = TypeId::kDate;
  } else if (Contains(upper, "TIME")) {
    id = TypeId::kTime;
  } else if (Contains(upper, "DEC") || Contains(upper, "NUMERIC")) {
    const int scale = DeclaredScale(upper);
    if (scale > 0) {
      return ColumnType::Decimal(kMaxDecimalDigits, static_cast<uint8_t>(scale), name);
    }
  }
  return ColumnType::Of(id, name);
}

Column DecideSqliteColumn(const char* declared, const std::vector<SqliteOwnedValue>& sample) {
  const std::vector<ColumnType> candidates = CandidateTypes(declared, CountStorage(sample));
  for (const ColumnType& type : candidates) {
    Column column(type);
    column.Reserve(sample.size());
    bool holds_all = true;
    for (const SqliteOwnedValue& value : sample) {
      if (!AppendSqliteValue(value.view(), &column)) {
        holds_all = false;
        break;
      }
    }
    if (holds_all) return column;
  }
  // Unreachable: the last candidate is text, which holds every value.
  return Column(ColumnType::Of(TypeId::kText, "TEXT"));
}

std::string_view SqliteStorageName(SqliteStorage storage) {
  switch (storage) {
    case SqliteStorage::kInteger:
      return "integer";
    case SqliteStorage::kReal:
      return "real";
    case SqliteStorage::kText:
      return "text";
    case SqliteStorage::kBlob:
      return "blob";
    case SqliteStorage::kNull:
      return "null";
  }
  return "null";
}

}  // namespace scry::engine
