// Hostile inputs: every one must be refused with the right code and a message
// that names what was refused. Legitimate queries are in guard_accept_test.cc.
#include "sql/guard.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "sql/guard_test_support.h"

namespace scry::sql {
namespace {

using guard_testing::CaseName;
using guard_testing::Lowered;
using guard_testing::RetailPolicy;
using guard_testing::SharedGuard;

constexpr StatusCode kDenied = StatusCode::kPermissionDenied;
constexpr StatusCode kInvalid = StatusCode::kInvalidArgument;

struct HostileCase {
  std::string_view name;
  std::string_view sql;
  StatusCode code;
  std::string_view names;  // must appear in the message, compared case-insensitively
};

const HostileCase kHostile[] = {
    // DDL
    {"create_table", "CREATE TABLE t (a INT)", kDenied, "CREATE statements change the schema"},
    {"create_table_as", "CREATE TABLE t AS SELECT * FROM orders", kDenied, "CREATE"},
    {"create_view", "CREATE VIEW v AS SELECT * FROM secrets", kDenied, "CREATE"},
    {"replace_view", "CREATE OR REPLACE VIEW orders AS SELECT * FROM secrets", kDenied, "CREATE"},
    {"create_macro", "CREATE MACRO twice(x) AS x * 2", kDenied, "CREATE"},
    {"create_table_macro", "CREATE MACRO leak() AS TABLE SELECT * FROM secrets", kDenied, "CREATE"},
    {"create_sequence", "CREATE SEQUENCE s START 1", kDenied, "CREATE"},
    {"create_index", "CREATE INDEX i ON orders (order_id)", kDenied, "CREATE"},
    {"create_schema", "CREATE SCHEMA staging", kDenied, "CREATE"},
    {"create_temp_table", "create temp table x as select 1", kDenied, "CREATE"},
    {"create_type", "CREATE TYPE mood AS ENUM ('happy', 'sad')", kDenied, "CREATE"},
    {"drop_table", "DROP TABLE orders", kDenied, "DROP statements change the schema"},
    {"drop_view", "DROP VIEW IF EXISTS v", kDenied, "DROP"},
    {"drop_schema", "DROP SCHEMA main CASCADE", kDenied, "DROP"},
    {"alter_add_column", "ALTER TABLE orders ADD COLUMN x INT", kDenied, "ALTER"},
    {"alter_rename", "ALTER TABLE secrets RENAME TO orders", kDenied, "ALTER"},
    {"comment_on", "COMMENT ON TABLE orders IS 'x'", kDenied, "COMMENT"},
    // DML
    {"insert_values", "INSERT INTO orders VALUES (1, 1, 1, DATE '2024-01-01', 'new', 1)", kDenied,
     "INSERT statements change data"},
    {"insert_select", "INSERT INTO orders SELECT * FROM orders", kDenied, "INSERT"},
    {"insert_or_replace", "INSERT OR REPLACE INTO orders SELECT * FROM orders", kDenied, "INSERT"},
    {"upsert", "INSERT INTO orders VALUES (1) ON CONFLICT DO NOTHING", kDenied, "INSERT"},
    {"update", "UPDATE orders SET total = 0", kDenied, "UPDATE statements change data"},
    {"delete", "DELETE FROM orders WHERE true", kDenied, "DELETE statements change data"},
    {"delete_returning", "DELETE FROM orders RETURNING *", kDenied, "DELETE"},
    {"truncate", "TRUNCATE orders", kDenied, "TRUNCATE"},
    {"merge", "MERGE INTO orders USING secrets ON true WHEN MATCHED THEN DELETE", kDenied, "MERGE"},
    {"with_insert", "WITH a AS (SELECT 1) INSERT INTO orders SELECT * FROM a", kDenied, "INSERT"},
    {"cte_delete_returning", "WITH x AS (DELETE FROM orders RETURNING *) SELECT * FROM x", kDenied,
     "WITH clause"},
    {"cte_insert_returning", "WITH x AS (INSERT INTO orders VALUES (1) RETURNING *) SELECT 1",
     kDenied, "WITH clause"},
    // Files and databases
    {"copy_to", "COPY orders TO '/tmp/orders.csv'", kDenied, "COPY statements read or write files"},
    {"copy_from", "COPY orders FROM '/etc/passwd'", kDenied, "COPY"},
    {"copy_query_to", "COPY (SELECT * FROM secrets) TO 'out.parquet' (FORMAT parquet)", kDenied,
     "COPY"},
    {"export_database", "EXPORT DATABASE '/tmp/dump'", kDenied, "EXPORT"},
    {"import_database", "IMPORT DATABASE '/tmp/dump'", kDenied, "IMPORT"},
    {"attach", "ATTACH '/tmp/other.db' AS other", kDenied,
     "ATTACH statements open other databases"},
    {"attach_sqlite", "ATTACH 'x.sqlite' AS x (TYPE sqlite)", kDenied, "ATTACH"},
    {"detach", "DETACH other", kDenied, "DETACH"},
    {"use", "USE other", kDenied, "USE"},
    {"install", "INSTALL httpfs", kDenied, "INSTALL statements install extensions"},
    {"force_install", "FORCE INSTALL httpfs", kDenied, "FORCE INSTALL"},
    {"load", "LOAD httpfs", kDenied, "LOAD"},
    {"update_extensions", "UPDATE EXTENSIONS", kDenied, "UPDATE EXTENSIONS statements install"},
    // Settings, procedures, maintenance, transactions, prepared statements
    {"pragma", "PRAGMA table_info('secrets')", kDenied, "PRAGMA"},
    {"pragma_toggle", "PRAGMA enable_profiling", kDenied, "PRAGMA"},
    {"set_external_access", "SET enable_external_access = true", kDenied,
     "SET statements change settings"},
    {"set_global", "SET GLOBAL memory_limit = '100GB'", kDenied, "SET"},
    {"set_variable", "SET VARIABLE x = 1", kDenied, "SET"},
    {"set_search_path", "SET search_path = 'information_schema'", kDenied, "SET"},
    {"reset", "RESET threads", kDenied, "RESET"},
    {"call", "CALL pragma_version()", kDenied, "CALL"},
    {"checkpoint", "CHECKPOINT", kDenied, "CHECKPOINT"},
    {"force_checkpoint", "FORCE CHECKPOINT", kDenied, "FORCE CHECKPOINT statements write"},
    {"vacuum", "VACUUM", kDenied, "VACUUM"},
    {"analyze", "ANALYZE orders", kDenied, "ANALYZE"},
    {"begin", "BEGIN TRANSACTION", kDenied, "BEGIN statements control transactions"},
    {"commit", "COMMIT", kDenied, "COMMIT"},
    {"rollback", "ROLLBACK", kDenied, "ROLLBACK"},
    {"prepare", "PREPARE p AS SELECT * FROM secrets", kDenied, "PREPARE"},
    {"execute", "EXECUTE p", kDenied, "EXECUTE"},
    {"deallocate", "DEALLOCATE p", kDenied, "DEALLOCATE"},
    {"explain", "EXPLAIN SELECT * FROM orders", kDenied, "EXPLAIN"},
    {"explain_analyze", "EXPLAIN ANALYZE SELECT * FROM secrets", kDenied, "EXPLAIN"},
    {"describe", "DESCRIBE secrets", kDenied, "DESCRIBE"},
    {"show_tables", "SHOW TABLES", kDenied, "SHOW"},
    {"summarize", "SUMMARIZE orders", kDenied, "SUMMARIZE"},
    {"dynamic_pivot", "PIVOT orders ON status USING sum(total)", kDenied,
     "PIVOT without a literal IN"},
    {"dynamic_pivot_in_subquery", "SELECT * FROM (PIVOT secrets ON secret USING count(*))", kDenied,
     "a PIVOT (in the query) without a literal IN"},
    {"pivot_in_subquery_list",
     "PIVOT orders ON status IN (SELECT secret FROM secrets) USING sum(total)", kDenied, "PIVOT"},
    {"describe_in_subquery", "SELECT * FROM (DESCRIBE secrets)", kDenied, "DESCRIBE"},
    {"show_in_subquery", "SELECT * FROM (SHOW TABLES)", kDenied, "SHOW"},
    {"summarize_in_subquery", "SELECT * FROM (SUMMARIZE SELECT * FROM secrets)", kDenied,
     "SUMMARIZE"},
    // Several statements
    {"two_selects", "SELECT 1; SELECT 2", kDenied, "statement 2 of 2"},
    {"select_then_drop", "SELECT * FROM orders; DROP TABLE orders", kDenied,
     "statement 2 of 2: DROP"},
    {"select_then_secret", "SELECT 1; SELECT * FROM secrets", kDenied, "statement 2 of 2"},
    {"third_deletes", "SELECT 1; SELECT 2; DELETE FROM orders", kDenied,
     "statement 3 of 3: DELETE"},
    {"select_then_attach", "SELECT * FROM orders;ATTACH 'x.db' AS y", kDenied,
     "statement 2 of 2: ATTACH"},
    // Table functions that read files, the network or SQL text
    {"read_csv", "SELECT * FROM read_csv('/etc/passwd')", kDenied,
     "table function read_csv reads files"},
    {"read_csv_auto", "SELECT * FROM read_csv_auto('x.csv')", kDenied, "read_csv_auto"},
    {"read_parquet", "SELECT * FROM read_parquet('s3://bucket/x.parquet')", kDenied,
     "read_parquet"},
    {"parquet_scan", "SELECT * FROM parquet_scan('x.parquet')", kDenied, "parquet_scan"},
    {"parquet_metadata", "SELECT * FROM parquet_metadata('x.parquet')", kDenied,
     "parquet_metadata"},
    {"parquet_schema", "SELECT * FROM parquet_schema('x.parquet')", kDenied, "parquet_schema"},
    {"read_json", "SELECT * FROM read_json('x.json')", kDenied, "read_json"},
    {"read_json_auto", "SELECT * FROM read_json_auto('https://example.com/x.json')", kDenied,
     "read_json_auto"},
    {"read_ndjson", "SELECT * FROM read_ndjson('x.ndjson')", kDenied, "read_ndjson"},
    {"read_text", "SELECT content FROM read_text('/etc/shadow')", kDenied, "read_text"},
    {"read_blob", "SELECT * FROM read_blob('/root/.ssh/id_rsa')", kDenied, "read_blob"},
    {"glob", "SELECT * FROM glob('/home/*')", kDenied, "glob"},
    {"sniff_csv", "SELECT * FROM sniff_csv('x.csv')", kDenied, "sniff_csv"},
    {"sqlite_scan", "SELECT * FROM sqlite_scan('x.db', 't')", kDenied, "sqlite_scan"},
    {"iceberg_scan", "SELECT * FROM iceberg_scan('s3://lake/t')", kDenied, "iceberg_scan"},
    {"delta_scan", "SELECT * FROM delta_scan('s3://lake/t')", kDenied, "delta_scan"},
    {"query_function", "SELECT * FROM query('SELECT * FROM secrets')", kDenied,
     "table function query runs SQL given as text"},
    {"query_table", "SELECT * FROM query_table('secrets')", kDenied, "query_table"},
    {"histogram_macro", "SELECT * FROM histogram('secrets', secret)", kDenied, "histogram"},
    {"execute_serialized", "SELECT * FROM json_execute_serialized_sql('{}')", kDenied,
     "json_execute_serialized_sql"},
    {"test_all_types", "SELECT * FROM test_all_types()", kDenied, "test_all_types"},
    {"read_csv_in_join", "SELECT * FROM orders JOIN read_csv('x.csv') c ON true", kDenied,
     "read_csv"},
    {"read_csv_in_scalar_subquery", "SELECT (SELECT count(*) FROM read_csv('x.csv'))", kDenied,
     "read_csv"},
    {"read_csv_in_cte", "WITH c AS (SELECT * FROM read_csv('x.csv')) SELECT * FROM c", kDenied,
     "read_csv"},
    {"read_text_as_scalar", "SELECT read_text('/etc/passwd')", kDenied, "function read_text"},
    // Replacement scans of files and URLs
    {"scan_csv_path", "SELECT * FROM 'data.csv'", kDenied, "'data.csv' looks like a file path"},
    {"scan_quoted_parquet", "SELECT * FROM \"data.parquet\"", kDenied, "data.parquet"},
    {"scan_s3", "SELECT * FROM 's3://bucket/data.parquet'", kDenied, "s3://bucket/data.parquet"},
    {"scan_https", "SELECT * FROM 'https://example.com/x.csv'", kDenied, "https://example.com"},
    {"scan_absolute", "FROM '/etc/passwd'", kDenied, "/etc/passwd"},
    {"scan_glob", "SELECT * FROM 'exports/*.parquet'", kDenied, "exports/*.parquet"},
    {"scan_in_join", "SELECT * FROM orders, '~/.ssh/id_rsa'", kDenied, "id_rsa"},
    // Comment tricks
    {"comment_then_drop", "SELECT 1; -- harmless\nDROP TABLE orders", kDenied,
     "statement 2 of 2: DROP"},
    {"semicolon_in_comment", "SELECT 1 /* ; */; DROP TABLE orders", kDenied,
     "statement 2 of 2: DROP"},
    {"block_comment_before_delete", "SELECT 1; /* just a comment */ DELETE FROM orders", kDenied,
     "statement 2 of 2: DELETE"},
    {"comment_between_keywords", "DROP/**/TABLE orders", kDenied, "DROP"},
    {"comment_hides_keyword", "/* SELECT */ DELETE FROM orders", kDenied, "DELETE"},
    {"line_comment_hides_keyword", "-- SELECT\nDELETE FROM orders", kDenied, "DELETE"},
    {"newline_semicolon", "SELECT * FROM orders -- total\n; DROP TABLE orders", kDenied,
     "statement 2 of 2"},
    {"nested_comment", "SELECT 1 /* a /* b */ ; */; UPDATE orders SET total = 0", kDenied,
     "statement 2 of 2: UPDATE"},
    {"string_with_semicolon", "SELECT ';' AS x; DROP TABLE orders", kDenied,
     "statement 2 of 2: DROP"},
    // Quoting, case and Unicode tricks
    {"quoted_function", "SELECT * FROM \"read_csv\"('x.csv')", kDenied, "read_csv"},
    {"mixed_case_function", "SELECT * FROM ReAd_CsV('x.csv')", kDenied, "read_csv"},
    {"schema_qualified_function", "SELECT * FROM main.read_csv('x.csv')", kDenied, "read_csv"},
    {"whitespace_function", "SELECT *\nFROM\n\tread_csv\n(\n'x.csv'\n)", kDenied, "read_csv"},
    {"quoted_table", "SELECT * FROM \"SECRETS\"", kDenied, "table 'secrets'"},
    {"escaped_quote_table", "SELECT * FROM \"secr\"\"ets\"", kDenied, "secr\"ets"},
    {"mixed_case_keywords", "SeLeCt * FrOm SeCrEtS", kDenied, "table 'secrets'"},
    {"unicode_table",
     "SELECT * FROM s\xC3\xA9"
     "crets",
     kDenied,
     "s\xC3\xA9"
     "crets"},
    {"fullwidth_table", "SELECT * FROM \xEF\xBD\x93\xEF\xBD\x85\xEF\xBD\x83", kDenied, "table"},
    {"nbsp_whitespace",
     "SELECT\xC2\xA0*\xC2\xA0"
     "FROM\xC2\xA0secrets",
     kDenied, "secrets"},
    // A forbidden table reached from an allowed query
    {"where_in_subquery", "SELECT * FROM orders WHERE customer_id IN (SELECT id FROM secrets)",
     kDenied, "table 'secrets' is not on the allow-list"},
    {"scalar_subquery", "SELECT (SELECT max(salary) FROM salaries) AS m FROM orders", kDenied,
     "salaries"},
    {"lateral_join",
     "SELECT * FROM orders o, LATERAL (SELECT * FROM salaries s WHERE s.salary > o.total) x",
     kDenied, "salaries"},
    {"union_branch", "SELECT name FROM customers UNION ALL SELECT secret FROM secrets", kDenied,
     "secrets"},
    {"except_branch", "SELECT 1 EXCEPT SELECT 1 FROM secrets", kDenied, "secrets"},
    {"cte_body", "WITH x AS (SELECT * FROM secrets) SELECT * FROM x", kDenied, "secrets"},
    {"join", "SELECT * FROM orders JOIN salaries ON true", kDenied, "salaries"},
    {"exists", "SELECT * FROM orders WHERE EXISTS (SELECT 1 FROM secrets)", kDenied, "secrets"},
    {"order_by_subquery", "SELECT * FROM orders ORDER BY (SELECT count(*) FROM secrets)", kDenied,
     "secrets"},
    {"having_subquery",
     "SELECT store_id FROM orders GROUP BY 1 HAVING count(*) > (SELECT count(*) FROM salaries)",
     kDenied, "salaries"},
    {"lambda_subquery", "SELECT list_transform([1], x -> (SELECT count(*) FROM secrets))", kDenied,
     "secrets"},
    {"table_function_argument", "SELECT * FROM range((SELECT count(*) FROM secrets))", kDenied,
     "secrets"},
    {"unnest_subquery", "SELECT unnest((SELECT list(secret) FROM secrets))", kDenied, "secrets"},
    {"values_subquery", "VALUES ((SELECT secret FROM secrets))", kDenied, "secrets"},
    {"pivot_source", "PIVOT secrets ON secret IN ('a') USING count(*)", kDenied, "secrets"},
    {"from_first", "FROM secrets", kDenied, "secrets"},
    {"union_by_name", "SELECT * FROM orders UNION ALL BY NAME FROM secrets", kDenied, "secrets"},
    {"time_travel_subquery", "SELECT * FROM orders AT (TIMESTAMP => (SELECT max(id) FROM secrets))",
     kDenied, "secrets"},
    {"named_argument_subquery", "SELECT * FROM range(3, step := (SELECT 1 FROM secrets))", kDenied,
     "secrets"},
    {"table_statement", "TABLE salaries", kDenied, "salaries"},
    {"aliased_as_allowed", "SELECT * FROM secrets AS orders", kDenied, "secrets"},
    {"qualified_schema", "SELECT * FROM main.secrets", kDenied, "main.secrets"},
    {"other_schema_for_qualified_entry", "SELECT * FROM staging.singer", kDenied, "staging.singer"},
    {"other_catalog", "SELECT * FROM other.main.orders", kDenied, "other.main.orders"},
    {"temp_catalog", "SELECT * FROM temp.main.orders", kDenied, "system catalog"},
    // CTE scoping: the name below the CTE is still the table
    {"cte_self_reference", "WITH secrets AS (SELECT * FROM secrets) SELECT * FROM secrets", kDenied,
     "secrets"},
    {"materialized_self_reference",
     "WITH secrets AS MATERIALIZED (SELECT * FROM secrets) SELECT * FROM secrets", kDenied,
     "secrets"},
    {"recursive_anchor_reads_table",
     "WITH RECURSIVE secrets AS (SELECT * FROM secrets UNION ALL SELECT * FROM secrets WHERE "
     "false) SELECT * FROM secrets",
     kDenied, "secrets"},
    {"cte_forward_reference",
     "WITH b AS (SELECT * FROM secrets), secrets AS (SELECT 1 AS x) SELECT * FROM b", kDenied,
     "secrets"},
    {"cte_other_union_branch",
     "(WITH secrets AS (SELECT 1 AS x) SELECT * FROM secrets) UNION ALL (SELECT * FROM secrets)",
     kDenied, "secrets"},
    {"cte_qualified_name", "WITH secrets AS (SELECT 1 AS x) SELECT * FROM main.secrets", kDenied,
     "main.secrets"},
    {"cte_in_sibling_subquery",
     "SELECT (WITH salaries AS (SELECT 1 AS s) SELECT s FROM salaries), (SELECT max(salary) FROM "
     "salaries)",
     kDenied, "salaries"},
    // The catalog, settings and state
    {"information_schema", "SELECT * FROM information_schema.tables", kDenied,
     "information_schema.tables"},
    {"information_schema_columns", "SELECT column_name FROM information_schema.columns", kDenied,
     "system catalog"},
    {"duckdb_tables_function", "SELECT * FROM duckdb_tables()", kDenied, "duckdb_tables"},
    {"duckdb_tables_view", "SELECT * FROM duckdb_tables", kDenied, "duckdb_tables"},
    {"duckdb_settings", "SELECT * FROM duckdb_settings()", kDenied, "duckdb_settings"},
    {"duckdb_secrets", "SELECT * FROM duckdb_secrets()", kDenied, "duckdb_secrets"},
    {"which_secret", "SELECT * FROM which_secret('s3://x/y', 's3')", kDenied, "which_secret"},
    {"pg_catalog", "SELECT * FROM pg_catalog.pg_class", kDenied, "pg_catalog.pg_class"},
    {"sqlite_master", "SELECT * FROM sqlite_master", kDenied, "sqlite_master"},
    {"system_sqlite_master", "SELECT * FROM system.sqlite_master", kDenied, "system.sqlite_master"},
    {"pragma_table_info", "SELECT * FROM pragma_table_info('secrets')", kDenied,
     "pragma_table_info"},
    {"getenv", "SELECT getenv('HOME')", kDenied, "function getenv"},
    {"current_setting", "SELECT current_setting('memory_limit')", kDenied, "current_setting"},
    {"getvariable", "SELECT getvariable('x')", kDenied, "getvariable"},
    {"nextval", "SELECT nextval('seq') FROM orders", kDenied, "function nextval"},
    {"currval", "SELECT currval('seq')", kDenied, "currval"},
    {"setseed", "SELECT setseed(0.5)", kDenied, "setseed"},
    {"write_log", "SELECT write_log('x')", kDenied, "write_log"},
    {"serialize_plan", "SELECT json_serialize_plan('SELECT * FROM secrets')", kDenied,
     "json_serialize_plan"},
    {"pg_get_viewdef", "SELECT pg_get_viewdef(1)", kDenied, "pg_get_viewdef"},
    {"getenv_in_where", "SELECT * FROM orders WHERE status = getenv('USER')", kDenied, "getenv"},
    // Text that is not SQL at all
    {"empty", "", kInvalid, "empty"},
    {"whitespace_only", " \n\t  ", kInvalid, "empty"},
    {"semicolons_only", " ; ;; ", kInvalid, "empty"},
    {"comment_only", "-- what were the sales?", kInvalid, "only comments"},
    {"syntax_error", "SELEC * FROM orders", kInvalid, "does not parse"},
    {"unterminated_string", "SELECT 'abc FROM orders", kInvalid, "does not parse"},
    {"unterminated_comment", "SELECT 1 /* never closed", kInvalid, "unterminated"},
    {"select_into", "SELECT * INTO copy_of_orders FROM orders", kInvalid, "SELECT INTO"},
    {"for_update", "SELECT * FROM orders FOR UPDATE", kInvalid, "locking"},
    {"invalid_utf8", "SELECT '\xFF\xFE'", kInvalid, "UTF-8"},
};

class HostileTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileTest, IsRefusedWithANamedReason) {
  const HostileCase& c = GetParam();
  StatusOr<CheckedSql> checked = SharedGuard().Check(c.sql, RetailPolicy());
  ASSERT_FALSE(checked.ok()) << "accepted: " << c.sql;
  EXPECT_EQ(checked.status().code(), c.code) << checked.status();
  EXPECT_NE(Lowered(checked.status().message()).find(Lowered(c.names)), std::string::npos)
      << "message does not name '" << c.names << "': " << checked.status();
}

INSTANTIATE_TEST_SUITE_P(Guard, HostileTest, ::testing::ValuesIn(kHostile), CaseName<HostileCase>);

TEST(GuardLimitsTest, TextOverTheLimitIsInvalid) {
  GuardPolicy policy = RetailPolicy();
  policy.max_sql_bytes = 1000;
  const std::string sql = "SELECT 1" + std::string(2000, ' ');
  StatusOr<CheckedSql> checked = SharedGuard().Check(sql, policy);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), kInvalid);
  EXPECT_NE(checked.status().message().find("more than the limit of 1000"), std::string::npos);
}

TEST(GuardLimitsTest, HugeTextIsInvalidUnderTheDefaultLimit) {
  std::string sql = "SELECT * FROM orders WHERE status IN ('a'";
  while (sql.size() <= 200'000) sql += ", 'a'";
  sql += ")";
  StatusOr<CheckedSql> checked = SharedGuard().Check(sql, RetailPolicy());
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), kInvalid) << checked.status();
}

TEST(GuardLimitsTest, NulByteIsInvalid) {
  const std::string sql("SELECT 1\0; DROP TABLE orders", 28);
  StatusOr<CheckedSql> checked = SharedGuard().Check(sql, RetailPolicy());
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), kInvalid);
  EXPECT_NE(checked.status().message().find("NUL"), std::string::npos);
}

TEST(GuardLimitsTest, DeepNestingIsInvalid) {
  std::string sql = "1";
  for (int i = 0; i < 3000; ++i) sql = "abs(" + sql + ")";
  sql = "SELECT " + sql;
  StatusOr<CheckedSql> checked = SharedGuard().Check(sql, RetailPolicy());
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), kInvalid) << checked.status();
}

TEST(GuardPolicyTest, EmptyAllowListRefusesEveryTable) {
  StatusOr<CheckedSql> checked = SharedGuard().Check("SELECT * FROM orders", GuardPolicy());
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), kDenied);
  EXPECT_NE(checked.status().message().find("'orders'"), std::string::npos);
}

TEST(GuardPolicyTest, SystemTableCanBeAllowedExplicitly) {
  GuardPolicy policy;
  policy.allowed_tables = {"information_schema.tables"};
  StatusOr<CheckedSql> checked =
      SharedGuard().Check("SELECT table_name FROM information_schema.tables", policy);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->tables, std::vector<std::string>{"information_schema.tables"});
}

TEST(GuardPolicyTest, BareEntryDoesNotReachSystemSchemas) {
  GuardPolicy policy;
  policy.allowed_tables = {"tables"};
  StatusOr<CheckedSql> checked =
      SharedGuard().Check("SELECT * FROM information_schema.tables", policy);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), kDenied);
}

TEST(GuardPolicyTest, CatalogQualifiedEntryMatchesOnlyThatCatalog) {
  GuardPolicy policy;
  policy.allowed_tables = {"shop.main.orders"};
  EXPECT_TRUE(SharedGuard().Check("SELECT * FROM shop.main.orders", policy).ok());
  EXPECT_FALSE(SharedGuard().Check("SELECT * FROM orders", policy).ok());
  EXPECT_FALSE(SharedGuard().Check("SELECT * FROM other.main.orders", policy).ok());
}

// Check() is const and shared: many threads at once must each get the answer
// a lone thread gets.
TEST(GuardConcurrencyTest, ConcurrentChecksAgreeWithSerialOnes) {
  const GuardPolicy policy = RetailPolicy();
  std::vector<std::string> expected;
  for (const HostileCase& c : kHostile) {
    expected.push_back(SharedGuard().Check(c.sql, policy).status().ToString());
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (size_t i = 0; i < std::size(kHostile); ++i) {
          const size_t k = (i * 7 + t * 13 + round) % std::size(kHostile);
          if (SharedGuard().Check(kHostile[k].sql, policy).status().ToString() != expected[k]) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace scry::sql
