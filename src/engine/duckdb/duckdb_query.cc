#include "engine/duckdb/duckdb_query.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace scry::engine {

namespace {

// Frees a string DuckDB allocated for the caller.
std::string TakeName(const char* text) {
  if (text == nullptr) return "";
  std::string out(text);
  duckdb_free(const_cast<char*>(text));
  return out;
}

// Length of the dollar-quote tag ("$$" or "$name$") starting at `i`, or 0.
size_t DollarTagLength(std::string_view sql, size_t i) {
  size_t j = i + 1;
  while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) {
    ++j;
  }
  return j < sql.size() && sql[j] == '$' ? j + 1 - i : 0;
}

// The statement text without what follows its last token (blanks, comments,
// semicolons), so that it can sit inside parentheses. Skips over strings,
// quoted identifiers and comments so that their contents do not count.
std::string_view TrimStatement(std::string_view sql) {
  size_t end = 0;  // one past the last character that belongs to the statement
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t newline = sql.find('\n', i);
      i = newline == std::string_view::npos ? sql.size() : newline;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '\'' || c == '"') {
      // E'...' strings escape with backslashes; others double the quote.
      const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
      size_t j = i + 1;
      while (j < sql.size() && sql[j] != c) j += (escapes && sql[j] == '\\') ? 2 : 1;
      i = end = std::min(j + 1, sql.size());
    } else if (c == '$' && DollarTagLength(sql, i) > 0) {
      const std::string_view tag = sql.substr(i, DollarTagLength(sql, i));
      const size_t close = sql.find(tag, i + tag.size());
      i = end = close == std::string_view::npos ? sql.size() : close + tag.size();
    } else {
      if (c != ';' && !std::isspace(static_cast<unsigned char>(c))) end = i + 1;
      ++i;
    }
  }
  return sql.substr(0, end);
}

// SELECT c0, CAST(c1 AS VARCHAR), ... FROM (<sql>) AS scry_result(c0, c1, ...):
// positional aliases keep duplicate or odd column names harmless, and the
// newline before the closing parenthesis ends any trailing "--" comment.
std::string TextCastWrapper(std::string_view sql, const std::vector<bool>& cast) {
  std::string select;
  std::string aliases;
  for (size_t i = 0; i < cast.size(); ++i) {
    const std::string alias = fmt::format("c{}", i);
    if (i > 0) {
      select += ", ";
      aliases += ", ";
    }
    select += cast[i] ? fmt::format("CAST({} AS VARCHAR)", alias) : alias;
    aliases += alias;
  }
  return fmt::format("SELECT {} FROM (\n{}\n) AS scry_result({})", select, TrimStatement(sql),
                     aliases);
}

}  // namespace

DuckDbQuery::~DuckDbQuery() {
  Abandon();
  if (has_result_) duckdb_destroy_result(&result_);
  if (pending_ != nullptr) duckdb_destroy_pending(&pending_);
  if (runnable_ != nullptr && runnable_ != original_) duckdb_destroy_prepare(&runnable_);
  if (original_ != nullptr) duckdb_destroy_prepare(&original_);
}

void DuckDbQuery::Abandon() {
  if (finished_ || (pending_ == nullptr && !has_result_)) return;
  // Once started, the statement's tasks run on DuckDB's worker threads; merely
  // destroying the result would leave them running until the next statement on
  // this connection cleans up, which then waits for them. Interrupt and drain
  // instead, so that they stop now.
  duckdb_interrupt(connection_);
  if (!has_result_) (void)Execute();
  while (!finished_) {
    duckdb_data_chunk data = duckdb_fetch_chunk(result_);
    if (data == nullptr) {
      finished_ = true;
    } else {
      duckdb_destroy_data_chunk(&data);
    }
  }
}

StatusOr<std::unique_ptr<DuckDbQuery>> DuckDbQuery::Prepare(duckdb_connection connection,
                                                            std::string_view sql) {
  std::unique_ptr<DuckDbQuery> query(new DuckDbQuery());
  query->connection_ = connection;
  RETURN_IF_ERROR(query->PrepareReadable(connection, sql));
  return query;
}

Status DuckDbQuery::PrepareReadable(duckdb_connection connection, std::string_view sql) {
  const std::string text(sql);
  duckdb_extracted_statements statements = nullptr;
  const idx_t count = duckdb_extract_statements(connection, text.c_str(), &statements);
  Status status;
  if (count == 0) {
    const char* error = duckdb_extract_statements_error(statements);
    status = error != nullptr ? DuckDbMessageStatus(error)
                              : InvalidArgumentError("the SQL text holds no statement");
  } else if (count > 1) {
    status = InvalidArgumentError(
        fmt::format("expected one SQL statement, got {}", static_cast<uint64_t>(count)));
  } else if (duckdb_prepare_extracted_statement(connection, statements, 0, &original_) ==
             DuckDBError) {
    const char* error = duckdb_prepare_error(original_);
    status = DuckDbMessageStatus(error != nullptr ? error : "cannot prepare the statement");
  }
  duckdb_destroy_extracted(&statements);
  RETURN_IF_ERROR(status);

  statement_type_ = duckdb_prepared_statement_type(original_);
  const idx_t column_count = duckdb_prepared_statement_column_count(original_);
  std::vector<bool> cast(column_count, false);
  bool any_cast = false;
  for (idx_t i = 0; i < column_count; ++i) {
    DuckDbLogicalType type(duckdb_prepared_statement_column_logical_type(original_, i));
    columns_.push_back({TakeName(duckdb_prepared_statement_column_name(original_, i)),
                        DuckDbColumnType(type.get())});
    cast[i] = DuckDbNeedsTextCast(type.get());
    any_cast |= cast[i];
  }
  runnable_ = original_;
  if (any_cast) RETURN_IF_ERROR(PrepareTextCast(connection, sql, cast));
  ASSIGN_OR_RETURN(decoder_, DuckDbChunkDecoder::Create(runnable_, columns_));
  return Status::Ok();
}

Status DuckDbQuery::PrepareTextCast(duckdb_connection connection, std::string_view sql,
                                    const std::vector<bool>& cast) {
  auto first_cast = std::find(cast.begin(), cast.end(), true);
  const ColumnInfo& column = columns_[first_cast - cast.begin()];
  if (statement_type_ != DUCKDB_STATEMENT_TYPE_SELECT) {
    return InvalidArgumentError(
        fmt::format("column '{}' of type {} can only be read from a SELECT statement", column.name,
                    column.type.engine_name));
  }
  duckdb_prepared_statement wrapped = nullptr;
  const std::string wrapper = TextCastWrapper(sql, cast);
  if (duckdb_prepare(connection, wrapper.c_str(), &wrapped) == DuckDBError) {
    const char* error = duckdb_prepare_error(wrapped);
    Status status = DuckDbMessageStatus(error != nullptr ? error : "cannot prepare");
    duckdb_destroy_prepare(&wrapped);
    return status.WithContext(fmt::format("cannot read column '{}' of type {} as text", column.name,
                                          column.type.engine_name));
  }
  runnable_ = wrapped;
  return Status::Ok();
}

Status DuckDbQuery::Start() {
  if (duckdb_pending_prepared_streaming(runnable_, &pending_) == DuckDBError) {
    finished_ = true;
    const char* error = duckdb_pending_error(pending_);
    return DuckDbMessageStatus(error != nullptr ? error : "cannot start the statement");
  }
  return Status::Ok();
}

Status DuckDbQuery::Execute() {
  const duckdb_state state = duckdb_execute_pending(pending_, &result_);
  has_result_ = true;
  duckdb_destroy_pending(&pending_);
  if (state == DuckDBError) {
    finished_ = true;
    return DuckDbErrorStatus(duckdb_result_error_type(&result_), duckdb_result_error(&result_));
  }
  return Status::Ok();
}

StatusOr<bool> DuckDbQuery::Next(Chunk* chunk) {
  while (!finished_) {
    duckdb_data_chunk data = duckdb_fetch_chunk(result_);
    if (data == nullptr) {
      finished_ = true;
      const char* error = duckdb_result_error(&result_);
      if (error != nullptr) return DuckDbErrorStatus(duckdb_result_error_type(&result_), error);
      break;
    }
    Status status;
    const bool empty = duckdb_data_chunk_get_size(data) == 0;
    if (!empty) status = decoder_.Decode(data, chunk);
    duckdb_destroy_data_chunk(&data);
    if (!status.ok()) {
      finished_ = true;
      return status;
    }
    if (!empty) return true;
  }
  for (Column& column : chunk->columns) column.Clear();
  return false;
}

}  // namespace scry::engine
