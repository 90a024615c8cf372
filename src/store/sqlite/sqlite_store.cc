// SqliteStore: opening, migrations and the connections. The methods of the
// Store interface live in sqlite_store_<part>.cc.
#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include "store/sqlite/sqlite_migrations.h"

namespace scry::store {

using sqlite::SqliteDb;
using sqlite::Statement;

namespace {

const char* SynchronousPragma(SqliteSync sync) {
  switch (sync) {
    case SqliteSync::kNormal:
      return "PRAGMA synchronous = NORMAL";
    case SqliteSync::kExtra:
      return "PRAGMA synchronous = EXTRA";
    case SqliteSync::kFull:
      break;
  }
  return "PRAGMA synchronous = FULL";
}

// WAL lets readers run beside the writer. The mode is kept in the file, so
// this also reads the header: a file that is not a database fails here.
Status UseWal(SqliteDb& db, bool in_memory) {
  ASSIGN_OR_RETURN(Statement pragma, db.Prepare("PRAGMA journal_mode = WAL"));
  StatusOr<bool> row = pragma.Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("opening store '{}'", db.path()));
  const std::string mode = *row ? pragma.Text(0) : "";
  // An in-memory database has no file to keep a WAL in and stays "memory".
  if (mode != "wal" && !in_memory) {
    return FailedPreconditionError(
        fmt::format("store '{}': cannot use WAL mode (journal mode is '{}')", db.path(), mode));
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<SqliteDb>> OpenReader(const std::string& path, int busy_timeout_ms) {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> reader,
                   SqliteDb::Open(path, /*create=*/false, busy_timeout_ms));
  // A reader never writes, even by a mistake in this file.
  RETURN_IF_ERROR(reader->Exec("PRAGMA query_only = 1", "opening a reader"));
  return reader;
}

}  // namespace

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                         SqliteStoreOptions options) {
  // SQLite reads "" as a temporary file that vanishes on close: never a store.
  if (path.empty()) return InvalidArgumentError("the store's path is empty");
  const bool in_memory = path == ":memory:";
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> writer,
                   SqliteDb::Open(path, /*create=*/true, options.busy_timeout_ms));
  RETURN_IF_ERROR(UseWal(*writer, in_memory));
  RETURN_IF_ERROR(writer->Exec(SynchronousPragma(options.synchronous), "setting synchronous"));
  RETURN_IF_ERROR(sqlite::MigrateSqliteStore(*writer));

  // An in-memory database is private to its connection: readers would each
  // see an empty one of their own, so the writer serves reads too.
  std::vector<std::unique_ptr<SqliteDb>> readers;
  if (!in_memory) {
    for (int i = 0; i < std::max(1, options.reader_connections); ++i) {
      ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> reader, OpenReader(path, options.busy_timeout_ms));
      readers.push_back(std::move(reader));
    }
  }
  // The constructor is private, so std::make_unique cannot call it.
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(writer), std::move(readers)));
}

SqliteStore::SqliteStore(std::unique_ptr<SqliteDb> writer,
                         std::vector<std::unique_ptr<SqliteDb>> readers)
    : writer_(std::move(writer)),
      idle_readers_(std::move(readers)),
      has_readers_(!idle_readers_.empty()) {}

SqliteStore::~SqliteStore() = default;

Status SqliteStore::InTransaction(SqliteDb& db, const char* begin, std::string_view what,
                                  const Body& body) {
  Status status;
  {
    StatusOr<Statement> start = db.Prepare(begin);
    status = start.ok() ? start->Run() : start.status();
  }
  if (status.ok()) status = body(db);
  if (status.ok()) {
    StatusOr<Statement> commit = db.Prepare("COMMIT");
    status = commit.ok() ? commit->Run() : commit.status();
  }
  if (!status.ok()) {
    if (db.InTransaction()) (void)db.Exec("ROLLBACK", "rolling back");
    return status.WithContext(what);
  }
  return Status::Ok();
}

Status SqliteStore::Write(std::string_view what, const Body& body) {
  std::lock_guard<std::mutex> lock(write_mu_);
  // IMMEDIATE takes the write lock at BEGIN: a transaction that read first
  // and then found the lock taken (by another process) could only fail.
  return InTransaction(*writer_, "BEGIN IMMEDIATE", what, body);
}

Status SqliteStore::Read(std::string_view what, const Body& body) {
  if (!has_readers_) {
    std::lock_guard<std::mutex> lock(write_mu_);
    return InTransaction(*writer_, "BEGIN", what, body);
  }
  // Returns the reader to the pool however `body` ends.
  struct Lease {
    SqliteStore* store;
    std::unique_ptr<SqliteDb> reader;
    ~Lease() { store->ReturnReader(std::move(reader)); }
  } lease{this, TakeReader()};
  return InTransaction(*lease.reader, "BEGIN", what, body);
}

std::unique_ptr<SqliteDb> SqliteStore::TakeReader() {
  std::unique_lock<std::mutex> lock(readers_mu_);
  reader_returned_.wait(lock, [this] { return !idle_readers_.empty(); });
  std::unique_ptr<SqliteDb> reader = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return reader;
}

void SqliteStore::ReturnReader(std::unique_ptr<SqliteDb> reader) {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_returned_.notify_one();
}

StatusOr<int> SqliteStore::SchemaVersion() {
  int version = 0;
  RETURN_IF_ERROR(Read("schema version", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(version, sqlite::ReadSqliteSchemaVersion(db));
    return Status::Ok();
  }));
  return version;
}

}  // namespace scry::store
