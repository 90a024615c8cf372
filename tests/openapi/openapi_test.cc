// The API document (src/server/routes/openapi.json) against the server it
// describes: the document is well formed (OpenAPI 3.1.0, every $ref
// resolves, operations and path parameters agree), the binary serves the
// file as it is in the tree, and the real server composition (ServerApp)
// registers exactly the routes the document lists. validate.mjs beside this
// file runs a real OpenAPI validator over the same file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/server_app.h"
#include "app/server_config.h"
#include "engine/duckdb/demo_data.h"
#include "engine/duckdb/duckdb_writer.h"
#include "server/routes/openapi_route.h"
#include "server/test_client.h"

namespace scry {
namespace {

using nlohmann::json;
using server::testing::HttpResponse;
using server::testing::TempDir;
using server::testing::TestHttpClient;

constexpr const char* kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch"};

// Routes the HTTP layer answers itself, before the router: documented, but
// never in Router::Routes().
const std::set<std::string> kTransportRoutes = {"GET /healthz"};

json Document() { return json::parse(server::OpenApiDocument()); }

// Every (method, path, operation) of the document, methods in upper case.
struct Operation {
  std::string method;
  std::string path;
  json operation;
  json path_item;
};

std::vector<Operation> Operations(const json& document) {
  std::vector<Operation> out;
  for (const auto& [path, item] : document.at("paths").items()) {
    for (const char* method : kMethods) {
      if (!item.contains(method)) continue;
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back({upper, path, item[method], item});
    }
  }
  return out;
}

// The node `ref` ("#/components/...") points at, or null when it points at
// nothing.
const json* Resolve(const json& document, const std::string& ref) {
  if (!ref.starts_with("#/")) return nullptr;
  const json::json_pointer pointer(ref.substr(1));
  return document.contains(pointer) ? &document.at(pointer) : nullptr;
}

// Every "$ref" in `node`, with where it was found.
void CollectRefs(const json& node, const std::string& where,
                 std::vector<std::pair<std::string, std::string>>* refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs->push_back({where, value.get<std::string>()});
      CollectRefs(value, where + "/" + key, refs);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      CollectRefs(node[i], where + "/" + std::to_string(i), refs);
    }
  }
}

// The names between braces in a path template.
std::set<std::string> TemplateParams(const std::string& path) {
  std::set<std::string> names;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    names.insert(path.substr(open + 1, path.find('}', open) - open - 1));
  }
  return names;
}

TEST(OpenApiDocumentTest, IsOpenApi310) {
  const json document = Document();
  EXPECT_EQ(document.at("openapi"), "3.1.0");
  EXPECT_TRUE(document.at("info").at("title").is_string());
  EXPECT_TRUE(document.at("info").at("version").is_string());
  EXPECT_FALSE(document.at("paths").empty());
}

TEST(OpenApiDocumentTest, BuiltInDocumentIsTheFileInTheTree) {
  std::ifstream file(std::string(SCRY_SOURCE_DIR) + "/src/server/routes/openapi.json",
                     std::ios::binary);
  ASSERT_TRUE(file) << "openapi.json is missing";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(server::OpenApiDocument(), text.str())
      << "the binary holds an older openapi.json: re-run cmake";
}

TEST(OpenApiDocumentTest, EveryRefResolves) {
  const json document = Document();
  std::vector<std::pair<std::string, std::string>> refs;
  CollectRefs(document, "", &refs);
  EXPECT_GT(refs.size(), 100u);
  for (const auto& [where, ref] : refs) {
    EXPECT_NE(Resolve(document, ref), nullptr) << where << ": " << ref << " points at nothing";
  }
}

TEST(OpenApiDocumentTest, OperationsAreComplete) {
  const json document = Document();
  std::set<std::string> ids;
  for (const Operation& op : Operations(document)) {
    const std::string where = op.method + " " + op.path;
    ASSERT_TRUE(op.operation.contains("operationId")) << where;
    EXPECT_TRUE(ids.insert(op.operation["operationId"].get<std::string>()).second)
        << where << ": operationId used twice";
    EXPECT_TRUE(op.operation.contains("summary")) << where;
    EXPECT_FALSE(op.operation.value("tags", json::array()).empty()) << where;
    EXPECT_TRUE(op.operation.contains("security")) << where << ": say who may call it";
    ASSERT_TRUE(op.operation.contains("responses")) << where;
    EXPECT_FALSE(op.operation["responses"].empty()) << where;

    std::set<std::string> declared;
    json parameters = op.path_item.value("parameters", json::array());
    for (const json& p : op.operation.value("parameters", json::array())) parameters.push_back(p);
    for (const json& parameter : parameters) {
      const json* resolved =
          parameter.contains("$ref") ? Resolve(document, parameter["$ref"]) : &parameter;
      ASSERT_NE(resolved, nullptr) << where;
      if (resolved->value("in", "") != "path") continue;
      declared.insert(resolved->at("name").get<std::string>());
      EXPECT_EQ(resolved->value("required", false), true) << where << ": " << resolved->at("name");
    }
    EXPECT_EQ(declared, TemplateParams(op.path)) << where << ": path parameters";
  }
}

TEST(OpenApiDocumentTest, ErrorResponsesUseTheirPathsErrorShape) {
  const json document = Document();
  for (const Operation& op : Operations(document)) {
    const bool genie = op.path.starts_with("/api/2.0/") || op.path.starts_with("/.well-known/");
    for (const auto& [status, response] : op.operation["responses"].items()) {
      if (status[0] != '4' && status[0] != '5') continue;
      if (!response.contains("$ref")) continue;  // a plain-text one (/readyz)
      const std::string ref = response["$ref"];
      const bool genie_ref = ref.starts_with("#/components/responses/Genie");
      EXPECT_EQ(genie_ref, genie) << op.method << " " << op.path << " " << status << ": " << ref;
    }
  }
}

// The real server as `scry serve` composes it, on a small demo warehouse.
class OpenApiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const std::string warehouse = (dir_->path() / "demo.duckdb").string();
    {
      auto writer = engine::DuckDbWriter::Open(warehouse);
      ASSERT_TRUE(writer.ok()) << writer.status();
      engine::DemoOptions demo;
      demo.rows = 1000;
      demo.end_date = CivilDate{2025, 11, 24};
      const Status generated = engine::GenerateDemoWarehouse(**writer, demo);
      ASSERT_TRUE(generated.ok()) << generated;
    }
    app::ServerConfig config;
    config.source = "openapi_test";
    config.listen_host = "127.0.0.1";
    config.listen_port = 0;
    config.store_kind = "sqlite";
    config.store_path = (dir_->path() / "scry.db").string();
    config.today = "2025-11-24";
    app::SpaceConfig space;
    space.id = "demo";
    space.title = "Demo";
    space.warehouse = warehouse;
    config.spaces.push_back(space);
    auto app = app::ServerApp::Open(config);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = std::move(app).value();
    const Status started = app_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }

  static void TearDownTestSuite() {
    app_.reset();  // before its store's folder goes
    dir_.reset();
  }

  void SetUp() override { ASSERT_NE(app_, nullptr) << "the server did not start"; }

  HttpResponse Send(std::string_view method, std::string_view target,
                    const server::Headers& headers = {}) {
    TestHttpClient client("127.0.0.1", app_->port());
    auto response = client.Send(method, target, "", headers);
    EXPECT_TRUE(response.ok()) << method << " " << target << ": " << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<app::ServerApp> app_;
};

TEST_F(OpenApiServerTest, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  std::set<std::string> registered;
  for (const server::Router::RouteInfo& route : app_->router().Routes()) {
    registered.insert(route.method + " " + route.pattern);
  }
  ASSERT_FALSE(registered.empty());
  std::set<std::string> documented;
  for (const Operation& op : Operations(Document())) documented.insert(op.method + " " + op.path);

  for (const std::string& route : registered) {
    EXPECT_TRUE(documented.count(route))
        << route << " is served but not in src/server/routes/openapi.json";
  }
  for (const std::string& route : documented) {
    if (kTransportRoutes.count(route)) {
      EXPECT_FALSE(registered.count(route)) << route << ": no longer a transport route";
      continue;
    }
    EXPECT_TRUE(registered.count(route))
        << route << " is in openapi.json but the server does not serve it (method and path, "
        << "parameter names included, must match the route's pattern)";
  }
}

// Path parameters filled with values that name nothing.
std::string Target(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '{') {
      out.push_back(path[i]);
      continue;
    }
    const size_t close = path.find('}', i);
    out += "1";
    i = close;
  }
  return out;
}

TEST_F(OpenApiServerTest, OperationsNeedingCredentialsRefuseCallsWithout) {
  for (const Operation& op : Operations(Document())) {
    const std::string where = op.method + " " + op.path;
    const HttpResponse response = Send(op.method, Target(op.path));
    if (op.operation["security"].empty()) {
      EXPECT_NE(response.status, 401) << where << " is documented as open";
      continue;
    }
    EXPECT_EQ(response.status, 401) << where << ": " << response.body;
    EXPECT_TRUE(op.operation["responses"].contains("401")) << where << ": 401 undocumented";
    const json body = json::parse(response.body, nullptr, false);
    if (op.path.starts_with("/api/2.0/")) {
      EXPECT_EQ(body.value("error_code", ""), "UNAUTHENTICATED") << where << ": " << response.body;
    } else {
      ASSERT_TRUE(body.contains("error")) << where << ": " << response.body;
      EXPECT_EQ(body["error"].value("code", ""), "UNAUTHENTICATED") << where;
      EXPECT_FALSE(body["error"].value("request_id", "").empty()) << where;
    }
  }
}

TEST_F(OpenApiServerTest, ServesTheDocumentWithoutCredentials) {
  const HttpResponse response = Send("GET", "/api/v1/openapi.json");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
  EXPECT_NE(response.Header("Cache-Control").find("max-age="), std::string::npos);
  EXPECT_EQ(response.body, server::OpenApiDocument());
  const json document = json::parse(response.body, nullptr, false);
  ASSERT_FALSE(document.is_discarded());
  EXPECT_EQ(document["openapi"], "3.1.0");

  const std::string etag = response.Header("ETag");
  ASSERT_FALSE(etag.empty());
  const HttpResponse again = Send("GET", "/api/v1/openapi.json", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  const HttpResponse other = Send("GET", "/api/v1/openapi.json", {{"If-None-Match", "\"0\""}});
  EXPECT_EQ(other.status, 200);
}

TEST_F(OpenApiServerTest, TransportRoutesAnswer) {
  for (const std::string& route : kTransportRoutes) {
    const size_t space = route.find(' ');
    const HttpResponse response = Send(route.substr(0, space), route.substr(space + 1));
    EXPECT_EQ(response.status, 200) << route;
  }
}

}  // namespace
}  // namespace scry
