// scry.yaml: the server's configuration in one readable file. Every key can be
// overridden on the command line with `--set key=value` (dotted paths:
// `--set limits.query_timeout_seconds=10`, `--set spaces.demo.warehouse=w.duckdb`).
// A mistake names the key and the problem: "scry.yaml: limits.workers: expected
// a whole number from 1 to 256, got 'many'". Unknown keys are errors, so a typo
// is not silently ignored.
//
//   listen: 127.0.0.1:8080
//   tls: {certificate: cert.pem, key: key.pem}      # optional: serve HTTPS
//   store: {kind: sqlite, path: scry-data/scry.db}  # or {kind: postgres, conninfo: "..."}
//   web_root: web/dist                              # the browser UI's files
//   today: 2025-11-24                               # optional: the date questions are read against
//   spaces:
//     - id: demo
//       title: Demo sales
//       description: Orders, products, customers and stores
//       warehouse: scry-data/warehouse.duckdb
//       model: scry-data/warehouse.model.yaml      # optional; bootstrapped when absent
//       tables: [orders, order_items]              # optional; all when absent
//       row_filters: [{attribute: region, column: region}]
//   attachments:                                   # files uploaded to conversations
//     directory: scry-data/attachments             # default: beside the store (or warehouse)
//     max_per_conversation: 20
//     workers: 1                                   # conversions at once (4 times as many wait)
//   limits: {...}                                  # see ServerLimits
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status_or.h"

namespace scry::app {

struct RowFilterRule {
  std::string attribute;  // the user attribute whose value rows must match
  std::string column;     // every exposed table with this column is filtered
  std::string table;      // optional: only this table
};

struct SpaceConfig {
  std::string id;
  std::string title;
  std::string description;
  std::string warehouse;
  std::string model;
  std::vector<std::string> tables;
  std::vector<RowFilterRule> row_filters;
};

struct ServerLimits {
  int io_threads = 2;
  int workers = 2;
  int download_workers = 2;  // CSV downloads at once (4 times as many may wait)
  int64_t max_queued_questions = 256;
  int64_t max_body_bytes = 1 << 20;
  int64_t max_upload_bytes = 100 << 20;
  double query_timeout_seconds = 30;
  int64_t stored_rows = 1000;
  int64_t answer_rows = 100;
  double requests_per_second = 20;  // per user, sustained
  double request_burst = 60;        // per user, at once
  double shutdown_grace_seconds = 10;
};

// Files uploaded to conversations (their size limit is limits.max_upload_bytes).
struct AttachmentConfig {
  std::string directory;  // empty: "attachments" in DefaultDataFolder()
  int max_per_conversation = 20;
  int workers = 1;
};

struct ServerConfig {
  std::string source;  // the file read, or "defaults"
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string tls_certificate;
  std::string tls_key;
  std::string store_kind = "sqlite";
  std::string store_path;      // sqlite; default: scry.db beside the first warehouse
  std::string store_conninfo;  // postgres
  std::string web_root;
  // The date questions are read against ("last month"), YYYY-MM-DD, for a
  // warehouse whose data ends on another day (the demo's). Only questions:
  // conversations, tokens, sessions and usage keep the real time.
  std::string today;
  std::vector<SpaceConfig> spaces;
  AttachmentConfig attachments;
  ServerLimits limits;
};

// Where the server keeps its files when the configuration does not say: the
// folder of the SQLite store's file when one is given, else the first
// warehouse's folder, else scry-data.
std::string DefaultDataFolder(const ServerConfig& config);

// Reads `path` (empty: defaults only), then applies `overrides`
// ("key=value", in order). Relative paths in the file are relative to the
// file's folder; in overrides, to the working directory.
StatusOr<ServerConfig> LoadServerConfig(const std::string& path,
                                        const std::vector<std::string>& overrides);

// Parses YAML text (for tests); `source` names it in errors.
StatusOr<ServerConfig> ParseServerConfig(const std::string& yaml, const std::string& source,
                                         const std::vector<std::string>& overrides);

}  // namespace scry::app
