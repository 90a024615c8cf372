#include "engine/duckdb/duckdb_chunk_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace scry::engine {

// How one result column is read: the physical layout of DuckDB's vector and,
// for enums, the dictionary.
struct DuckDbChunkDecoder::ColumnDecoder {
  enum class Kind : uint8_t {
    kBool,
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kUInt8,
    kUInt16,
    kUInt32,
    kUInt64,
    kHugeInt,
    kUHugeInt,
    kFloat,
    kDouble,
    kString,  // VARCHAR, BLOB, and kOther columns cast to VARCHAR
    kDate,
    kTime,
    kTimeNs,
    kTimestampS,
    kTimestampMs,
    kTimestampUs,
    kTimestampNs,
    kInterval,
    kEnum8,
    kEnum16,
    kEnum32,
  };
  Kind kind = Kind::kString;
  std::string name;                     // for error messages
  std::vector<std::string> dictionary;  // kEnum*
};

namespace {

using Kind = DuckDbChunkDecoder::ColumnDecoder::Kind;

// Integer widths DuckDB uses for decimals and enum indexes.
StatusOr<Kind> IntegerKind(duckdb_type physical) {
  switch (physical) {
    case DUCKDB_TYPE_SMALLINT:
      return Kind::kInt16;
    case DUCKDB_TYPE_INTEGER:
      return Kind::kInt32;
    case DUCKDB_TYPE_BIGINT:
      return Kind::kInt64;
    case DUCKDB_TYPE_HUGEINT:
      return Kind::kHugeInt;
    case DUCKDB_TYPE_UTINYINT:
      return Kind::kEnum8;
    case DUCKDB_TYPE_USMALLINT:
      return Kind::kEnum16;
    case DUCKDB_TYPE_UINTEGER:
      return Kind::kEnum32;
    default:
      return InternalError(fmt::format("unexpected internal DuckDB type {}", int(physical)));
  }
}

StatusOr<Kind> KindOf(duckdb_logical_type type) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      return Kind::kBool;
    case DUCKDB_TYPE_TINYINT:
      return Kind::kInt8;
    case DUCKDB_TYPE_SMALLINT:
      return Kind::kInt16;
    case DUCKDB_TYPE_INTEGER:
      return Kind::kInt32;
    case DUCKDB_TYPE_BIGINT:
      return Kind::kInt64;
    case DUCKDB_TYPE_UTINYINT:
      return Kind::kUInt8;
    case DUCKDB_TYPE_USMALLINT:
      return Kind::kUInt16;
    case DUCKDB_TYPE_UINTEGER:
      return Kind::kUInt32;
    case DUCKDB_TYPE_UBIGINT:
      return Kind::kUInt64;
    case DUCKDB_TYPE_HUGEINT:
      return Kind::kHugeInt;
    case DUCKDB_TYPE_UHUGEINT:
      return Kind::kUHugeInt;
    case DUCKDB_TYPE_FLOAT:
      return Kind::kFloat;
    case DUCKDB_TYPE_DOUBLE:
      return Kind::kDouble;
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB:
      return Kind::kString;
    case DUCKDB_TYPE_DATE:
      return Kind::kDate;
    case DUCKDB_TYPE_TIME:
      return Kind::kTime;
    case DUCKDB_TYPE_TIME_NS:
      return Kind::kTimeNs;
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return Kind::kTimestampUs;
    case DUCKDB_TYPE_TIMESTAMP_S:
      return Kind::kTimestampS;
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return Kind::kTimestampMs;
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return Kind::kTimestampNs;
    case DUCKDB_TYPE_INTERVAL:
      return Kind::kInterval;
    case DUCKDB_TYPE_DECIMAL:
      return IntegerKind(duckdb_decimal_internal_type(type));
    case DUCKDB_TYPE_ENUM:
      return IntegerKind(duckdb_enum_internal_type(type));
    default:
      return InvalidArgumentError("type cannot be read directly");
  }
}

std::vector<std::string> EnumDictionary(duckdb_logical_type type) {
  std::vector<std::string> out(duckdb_enum_dictionary_size(type));
  for (size_t i = 0; i < out.size(); ++i) {
    char* value = duckdb_enum_dictionary_value(type, i);
    if (value != nullptr) {
      out[i] = value;
      duckdb_free(value);
    }
  }
  return out;
}

std::string_view StringView(const duckdb_string_t& s) {
  const uint32_t length = s.value.inlined.length;
  // Strings of up to 12 bytes live inside the struct; longer ones behind a pointer.
  return length <= 12 ? std::string_view(s.value.inlined.inlined, length)
                      : std::string_view(s.value.pointer.ptr, length);
}

Int128 HugeInt(const duckdb_hugeint& v) {
  const auto bits =
      (static_cast<unsigned __int128>(static_cast<uint64_t>(v.upper)) << 64) | v.lower;
  return static_cast<Int128>(bits);
}

// DuckDB marks infinite timestamps with the extreme int64 values; scaling them
// would overflow, so they pass through unchanged.
constexpr bool IsInfinite(int64_t value) { return value == INT64_MAX || value == -INT64_MAX; }

int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t q = value / divisor;
  if (value % divisor != 0 && value < 0) --q;
  return q;
}

int64_t ScaleTimestamp(int64_t value, int64_t factor) {
  return IsInfinite(value) ? value : value * factor;
}

int64_t NanosToMicros(int64_t value) { return IsInfinite(value) ? value : FloorDiv(value, 1000); }

// Calls `append(value)` for each valid row and out->AppendNull() for the rest.
template <typename T, typename Append>
void ForEachRow(duckdb_vector vector, idx_t rows, Column* out, Append&& append) {
  const T* values = static_cast<const T*>(duckdb_vector_get_data(vector));
  const uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity == nullptr) {
    for (idx_t row = 0; row < rows; ++row) append(values[row]);
    return;
  }
  for (idx_t row = 0; row < rows; ++row) {
    if ((validity[row >> 6] >> (row & 63)) & 1) {
      append(values[row]);
    } else {
      out->AppendNull();
    }
  }
}

template <typename T>
void DecodeInt64(duckdb_vector vector, idx_t rows, Column* out) {
  ForEachRow<T>(vector, rows, out, [out](T v) { out->AppendInt64(static_cast<int64_t>(v)); });
}

template <typename T>
void DecodeInt128(duckdb_vector vector, idx_t rows, Column* out) {
  ForEachRow<T>(vector, rows, out, [out](T v) { out->AppendInt128(static_cast<Int128>(v)); });
}

template <typename T>
void DecodeEnum(duckdb_vector vector, idx_t rows, const std::vector<std::string>& dictionary,
                Column* out) {
  ForEachRow<T>(vector, rows, out, [&](T index) {
    if (index < dictionary.size()) {
      out->AppendText(dictionary[index]);
    } else {
      out->AppendNull();
    }
  });
}

Status DecodeUHugeInt(duckdb_vector vector, idx_t rows, const std::string& name, Column* out) {
  bool overflow = false;
  ForEachRow<duckdb_uhugeint>(vector, rows, out, [&](const duckdb_uhugeint& v) {
    overflow |= (v.upper >> 63) != 0;
    out->AppendInt128(
        static_cast<Int128>((static_cast<unsigned __int128>(v.upper) << 64) | v.lower));
  });
  if (overflow) {
    return OutOfRangeError(
        fmt::format("column '{}': a UHUGEINT value exceeds the range scry can represent", name));
  }
  return Status::Ok();
}

Status DecodeColumn(const DuckDbChunkDecoder::ColumnDecoder& decoder, duckdb_vector vector,
                    idx_t rows, Column* out) {
  switch (decoder.kind) {
    case Kind::kBool:
      DecodeInt64<bool>(vector, rows, out);
      break;
    case Kind::kInt8:
      DecodeInt64<int8_t>(vector, rows, out);
      break;
    case Kind::kInt16:
      DecodeInt64<int16_t>(vector, rows, out);
      break;
    case Kind::kInt32:
      DecodeInt64<int32_t>(vector, rows, out);
      break;
    case Kind::kInt64:
      DecodeInt64<int64_t>(vector, rows, out);
      break;
    case Kind::kUInt8:
      DecodeInt64<uint8_t>(vector, rows, out);
      break;
    case Kind::kUInt16:
      DecodeInt64<uint16_t>(vector, rows, out);
      break;
    case Kind::kUInt32:
      DecodeInt64<uint32_t>(vector, rows, out);
      break;
    case Kind::kUInt64:
      DecodeInt128<uint64_t>(vector, rows, out);
      break;
    case Kind::kHugeInt:
      ForEachRow<duckdb_hugeint>(vector, rows, out,
                                 [out](const duckdb_hugeint& v) { out->AppendInt128(HugeInt(v)); });
      break;
    case Kind::kUHugeInt:
      return DecodeUHugeInt(vector, rows, decoder.name, out);
    case Kind::kFloat:
      ForEachRow<float>(vector, rows, out, [out](float v) { out->AppendDouble(v); });
      break;
    case Kind::kDouble:
      ForEachRow<double>(vector, rows, out, [out](double v) { out->AppendDouble(v); });
      break;
    case Kind::kString:
      ForEachRow<duckdb_string_t>(
          vector, rows, out, [out](const duckdb_string_t& v) { out->AppendText(StringView(v)); });
      break;
    case Kind::kDate:
      ForEachRow<duckdb_date>(vector, rows, out,
                              [out](duckdb_date v) { out->AppendInt64(v.days); });
      break;
    case Kind::kTime:
      ForEachRow<duckdb_time>(vector, rows, out,
                              [out](duckdb_time v) { out->AppendInt64(v.micros); });
      break;
    case Kind::kTimeNs:
      ForEachRow<int64_t>(vector, rows, out, [out](int64_t v) { out->AppendInt64(v / 1000); });
      break;
    case Kind::kTimestampS:
      ForEachRow<int64_t>(vector, rows, out,
                          [out](int64_t v) { out->AppendInt64(ScaleTimestamp(v, 1'000'000)); });
      break;
    case Kind::kTimestampMs:
      ForEachRow<int64_t>(vector, rows, out,
                          [out](int64_t v) { out->AppendInt64(ScaleTimestamp(v, 1'000)); });
      break;
    case Kind::kTimestampUs:
      DecodeInt64<int64_t>(vector, rows, out);
      break;
    case Kind::kTimestampNs:
      ForEachRow<int64_t>(vector, rows, out,
                          [out](int64_t v) { out->AppendInt64(NanosToMicros(v)); });
      break;
    case Kind::kInterval:
      ForEachRow<duckdb_interval>(vector, rows, out, [out](const duckdb_interval& v) {
        out->AppendInterval(Interval{v.months, v.days, v.micros});
      });
      break;
    case Kind::kEnum8:
      DecodeEnum<uint8_t>(vector, rows, decoder.dictionary, out);
      break;
    case Kind::kEnum16:
      DecodeEnum<uint16_t>(vector, rows, decoder.dictionary, out);
      break;
    case Kind::kEnum32:
      DecodeEnum<uint32_t>(vector, rows, decoder.dictionary, out);
      break;
  }
  return Status::Ok();
}

// Decimals share the integer kinds of their internal width but land in Int128.
Status DecodeDecimal(Kind kind, duckdb_vector vector, idx_t rows, Column* out) {
  switch (kind) {
    case Kind::kInt16:
      DecodeInt128<int16_t>(vector, rows, out);
      break;
    case Kind::kInt32:
      DecodeInt128<int32_t>(vector, rows, out);
      break;
    case Kind::kInt64:
      DecodeInt128<int64_t>(vector, rows, out);
      break;
    case Kind::kHugeInt:
      ForEachRow<duckdb_hugeint>(vector, rows, out,
                                 [out](const duckdb_hugeint& v) { out->AppendInt128(HugeInt(v)); });
      break;
    default:
      return InternalError("unexpected decimal width");
  }
  return Status::Ok();
}

}  // namespace

DuckDbChunkDecoder::DuckDbChunkDecoder() = default;
DuckDbChunkDecoder::DuckDbChunkDecoder(DuckDbChunkDecoder&&) noexcept = default;
DuckDbChunkDecoder& DuckDbChunkDecoder::operator=(DuckDbChunkDecoder&&) noexcept = default;
DuckDbChunkDecoder::~DuckDbChunkDecoder() = default;

StatusOr<DuckDbChunkDecoder> DuckDbChunkDecoder::Create(duckdb_prepared_statement prepared,
                                                        const std::vector<ColumnInfo>& columns) {
  DuckDbChunkDecoder decoder;
  decoder.columns_ = columns;
  const idx_t count = duckdb_prepared_statement_column_count(prepared);
  if (count != columns.size()) {
    return InternalError(
        fmt::format("expected {} result columns, DuckDB has {}", columns.size(), count));
  }
  for (idx_t i = 0; i < count; ++i) {
    DuckDbLogicalType type(duckdb_prepared_statement_column_logical_type(prepared, i));
    auto column = std::make_unique<ColumnDecoder>();
    column->name = columns[i].name;
    StatusOr<Kind> kind = KindOf(type.get());
    if (!kind.ok()) {
      return InvalidArgumentError(fmt::format("column '{}' of type {} cannot be read",
                                              columns[i].name, DuckDbTypeName(type.get())));
    }
    column->kind = *kind;
    if (duckdb_get_type_id(type.get()) == DUCKDB_TYPE_ENUM) {
      column->dictionary = EnumDictionary(type.get());
    }
    decoder.decoders_.push_back(std::move(column));
  }
  return decoder;
}

Status DuckDbChunkDecoder::Decode(duckdb_data_chunk chunk, Chunk* out) const {
  bool reusable = out->columns.size() == columns_.size();
  for (size_t i = 0; reusable && i < columns_.size(); ++i) {
    reusable = out->columns[i].type().id == columns_[i].type.id &&
               out->columns[i].type().scale == columns_[i].type.scale;
  }
  if (reusable) {
    for (Column& column : out->columns) column.Clear();
  } else {
    out->columns.clear();
    for (const ColumnInfo& info : columns_) out->columns.emplace_back(info.type);
  }
  const idx_t rows = duckdb_data_chunk_get_size(chunk);
  for (size_t i = 0; i < columns_.size(); ++i) {
    Column* column = &out->columns[i];
    column->Reserve(rows);
    duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, i);
    if (columns_[i].type.id == TypeId::kDecimal) {
      RETURN_IF_ERROR(DecodeDecimal(decoders_[i]->kind, vector, rows, column));
    } else {
      RETURN_IF_ERROR(DecodeColumn(*decoders_[i], vector, rows, column));
    }
  }
  return Status::Ok();
}

}  // namespace scry::engine
