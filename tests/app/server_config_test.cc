#include "app/server_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace scry::app {
namespace {

using ::testing::HasSubstr;

TEST(ServerConfigTest, DefaultsWithoutAFile) {
  StatusOr<ServerConfig> config = LoadServerConfig("", {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 8080);
  EXPECT_EQ(config->store_kind, "sqlite");
  EXPECT_TRUE(config->spaces.empty());
  EXPECT_EQ(config->limits.stored_rows, 1000);
}

TEST(ServerConfigTest, ReadsEveryKey) {
  const std::string yaml = R"(
listen: 0.0.0.0:9443
tls: {certificate: /etc/scry/cert.pem, key: /etc/scry/key.pem}
store: {kind: postgres, conninfo: "host=db dbname=scry"}
web_root: /srv/scry/web
today: 2025-11-24
spaces:
  - id: sales
    title: Sales
    description: Orders and customers
    warehouse: /data/w.duckdb
    tables: [orders, customers]
    row_filters:
      - {attribute: region, column: region}
      - {attribute: team, column: team_id, table: orders}
limits:
  workers: 4
  query_timeout_seconds: 12.5
  stored_rows: 500
  answer_rows: 50
)";
  StatusOr<ServerConfig> config = ParseServerConfig(yaml, "scry.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_host, "0.0.0.0");
  EXPECT_EQ(config->listen_port, 9443);
  EXPECT_EQ(config->tls_certificate, "/etc/scry/cert.pem");
  EXPECT_EQ(config->store_kind, "postgres");
  EXPECT_EQ(config->store_conninfo, "host=db dbname=scry");
  EXPECT_EQ(config->today, "2025-11-24");
  ASSERT_EQ(config->spaces.size(), 1u);
  const SpaceConfig& space = config->spaces[0];
  EXPECT_EQ(space.id, "sales");
  EXPECT_EQ(space.tables, (std::vector<std::string>{"orders", "customers"}));
  ASSERT_EQ(space.row_filters.size(), 2u);
  EXPECT_EQ(space.row_filters[1].table, "orders");
  EXPECT_EQ(config->limits.workers, 4);
  EXPECT_DOUBLE_EQ(config->limits.query_timeout_seconds, 12.5);
  EXPECT_EQ(config->limits.answer_rows, 50);
}

TEST(ServerConfigTest, OverridesReplaceAndAddKeys) {
  const std::string yaml = "listen: 127.0.0.1:8080\nspaces:\n  - {id: demo, warehouse: a.duckdb}\n";
  StatusOr<ServerConfig> config =
      ParseServerConfig(yaml, "scry.yaml",
                        {"listen=127.0.0.1:0", "limits.workers=3", "spaces.demo.warehouse=b.duckdb",
                         "spaces.extra.warehouse=c.duckdb", "spaces.extra.tables=[t1, t2]"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen_port, 0);
  EXPECT_EQ(config->limits.workers, 3);
  ASSERT_EQ(config->spaces.size(), 2u);
  EXPECT_EQ(config->spaces[0].warehouse, "b.duckdb");
  EXPECT_EQ(config->spaces[1].id, "extra");
  EXPECT_EQ(config->spaces[1].tables, (std::vector<std::string>{"t1", "t2"}));
}

TEST(ServerConfigTest, AttachmentsAndTheDefaultDataFolder) {
  StatusOr<ServerConfig> config = ParseServerConfig(
      "attachments: {directory: /srv/up, max_per_conversation: 5, workers: 2}\n"
      "spaces:\n  - {id: demo, warehouse: /data/w.duckdb}\n",
      "scry.yaml", {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->attachments.directory, "/srv/up");
  EXPECT_EQ(config->attachments.max_per_conversation, 5);
  EXPECT_EQ(config->attachments.workers, 2);
  EXPECT_EQ(DefaultDataFolder(*config), "/data");
  config->store_path = "/var/lib/scry/scry.db";
  EXPECT_EQ(DefaultDataFolder(*config), "/var/lib/scry");
  config->store_kind = "postgres";
  EXPECT_EQ(DefaultDataFolder(*config), "/data");
  EXPECT_EQ(DefaultDataFolder(ServerConfig{}), "scry-data");
  StatusOr<ServerConfig> bad =
      ParseServerConfig("attachments: {max_per_conversation: 0}\n", "scry.yaml", {});
  EXPECT_THAT(bad.status().message(), HasSubstr("attachments.max_per_conversation"));
  bad = ParseServerConfig("attachments: {folder: x}\n", "scry.yaml", {});
  EXPECT_THAT(bad.status().message(), HasSubstr("attachments.folder: unknown key"));
}

TEST(ServerConfigTest, ErrorsNameTheKeyAndTheProblem) {
  struct Case {
    std::string yaml;
    std::vector<std::string> overrides;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"limits: {workers: many}", {}, "scry.yaml: limits.workers: expected a whole number"},
      {"limits: {max_bodybytes: 10}", {}, "limits.max_bodybytes: unknown key"},
      {"listn: 1", {}, "listn: unknown key"},
      {"listen: nowhere", {}, "listen: expected host:port"},
      {"listen: 127.0.0.1:70000", {}, "listen (port): expected a whole number from 0 to 65535"},
      {"store: {kind: oracle}", {}, "store.kind: expected sqlite or postgres"},
      {"store: {kind: postgres}", {}, "store.conninfo: a postgres store needs a conninfo"},
      {"tls: {certificate: c.pem}", {}, "tls: HTTPS needs both"},
      {"today: yesterday", {}, "today: expected a date"},
      {"spaces: [{id: a, warehouse: w}, {id: a, warehouse: v}]", {}, "spaces[1].id: space 'a'"},
      {"spaces: [{id: 'a b', warehouse: w}]", {}, "spaces[0].id: use letters"},
      {"spaces: [{id: a}]", {}, "spaces[0].warehouse: every space needs a warehouse"},
      {"spaces: [{id: a, warehouse: w, row_filters: [{column: region}]}]",
       {},
       "spaces[0].row_filters[0]: a row filter needs an attribute"},
      {"limits: {stored_rows: 10, answer_rows: 20}", {}, "limits.answer_rows: cannot be more"},
      {"", {"limits.workers"}, "an override is key=value"},
      {"", {"limits.workers=0"}, "limits.workers: expected a whole number from 1 to 256"},
      {"listen: [1, 2", {}, "scry.yaml: line"},
  };
  for (const Case& c : cases) {
    StatusOr<ServerConfig> config = ParseServerConfig(c.yaml, "scry.yaml", c.overrides);
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument) << c.yaml;
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(c.expected)) << c.yaml;
  }
}

TEST(ServerConfigTest, RelativePathsInAFileAreRelativeToIt) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("scry_config_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "scry.yaml");
    out << "store: {path: data/scry.db}\nweb_root: web\nattachments: {directory: up}\n"
           "spaces:\n  - {id: d, warehouse: w.duckdb}\n";
  }
  StatusOr<ServerConfig> config = LoadServerConfig((dir / "scry.yaml").string(), {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->store_path, (dir / "data/scry.db").string());
  EXPECT_EQ(config->web_root, (dir / "web").string());
  EXPECT_EQ(config->attachments.directory, (dir / "up").string());
  EXPECT_EQ(config->spaces[0].warehouse, (dir / "w.duckdb").string());
  EXPECT_EQ(LoadServerConfig((dir / "missing.yaml").string(), {}).status().code(),
            StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scry::app
