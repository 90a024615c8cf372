// Internal to engine/duckdb: what DuckDB's types and errors mean to scry.
//
// Maps duckdb_logical_type to ColumnType (see the storage table in
// engine/column.h) with DuckDB's own spelling, and DuckDB errors to Status
// codes. Stateless functions; thread-safe.
#pragma once

#include <duckdb.h>

#include <string>
#include <string_view>

#include "common/status.h"
#include "engine/column.h"

namespace scry::engine {

// Owns a duckdb_logical_type that a DuckDB accessor returned.
class DuckDbLogicalType {
 public:
  explicit DuckDbLogicalType(duckdb_logical_type type) : type_(type) {}
  ~DuckDbLogicalType() {
    if (type_ != nullptr) duckdb_destroy_logical_type(&type_);
  }
  DuckDbLogicalType(const DuckDbLogicalType&) = delete;
  DuckDbLogicalType& operator=(const DuckDbLogicalType&) = delete;
  duckdb_logical_type get() const { return type_; }

 private:
  duckdb_logical_type type_;
};

// Turns a DuckDB error into a Status carrying DuckDB's message. Permission
// errors (files, extensions, a locked configuration, a read-only database)
// become PermissionDenied; errors in the SQL (parser, binder, catalog,
// conversion, ...) InvalidArgument; an interrupt Cancelled (the engine refines
// it to DeadlineExceeded when its deadline fired); out of memory
// ResourceExhausted; internal and fatal errors Internal.
Status DuckDbErrorStatus(duckdb_error_type type, std::string_view message);

// The same, for messages that come without a type (prepare, extract): the type
// is read from DuckDB's "<Type> Error: ..." prefix.
Status DuckDbMessageStatus(std::string_view message);

// The scry type of a DuckDB column, with DuckDB's spelling as engine_name.
// Types without a scry representation are kOther (see DuckDbNeedsTextCast).
ColumnType DuckDbColumnType(duckdb_logical_type type);

// True when values of `type` must be cast to VARCHAR to be read: lists,
// structs, maps, unions, arrays, UUID, BIT, TIME WITH TIME ZONE, BIGNUM, ...
bool DuckDbNeedsTextCast(duckdb_logical_type type);

// DuckDB's name for a type: "INTEGER", "DECIMAL(12,2)", "VARCHAR[]",
// "INTEGER[3]", "STRUCT(a INTEGER, b VARCHAR)", "MAP(VARCHAR, INTEGER)",
// "TIMESTAMP WITH TIME ZONE"; a type's alias ("JSON", a user's enum type name)
// when it has one.
std::string DuckDbTypeName(duckdb_logical_type type);

// Quotes an identifier: "name", with inner double quotes doubled.
std::string DuckDbQuoteIdentifier(std::string_view name);
// Quotes a string literal: 'text', with inner single quotes doubled.
std::string DuckDbQuoteLiteral(std::string_view text);

}  // namespace scry::engine
