#include "server/static_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "server/server_fixture.h"

namespace scry::server::testing {
namespace {

void WriteFile(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class StaticFilesTest : public ServerTest {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "dist";
    WriteFile(root_ / "index.html", "<!doctype html><title>scry</title>");
    WriteFile(root_ / "assets" / "index-BdK3x9aZ.js", "console.log('app')");
    WriteFile(root_ / "assets" / "style.css", "body{}");
    WriteFile(root_ / "favicon.ico", "icon");
    WriteFile(dir_.path() / "secret.txt", "TOP SECRET");
    std::filesystem::create_symlink(dir_.path() / "secret.txt", root_ / "leak.txt");
    auto files = StaticFiles::Open(root_);
    ASSERT_TRUE(files.ok()) << files.status();
    router_.SetFallback(files->AsHandler());
    StartServer();
  }

  TempDir dir_;
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, IndexHasCspNosniffAndRevalidation) {
  auto response = Client()->Get("/");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "<!doctype html><title>scry</title>");
  EXPECT_EQ(response->Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(response->Header("Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_NE(response->Header("Content-Security-Policy").find("script-src 'self' 'unsafe-eval'"),
            std::string::npos);
  EXPECT_EQ(response->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response->Header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableOthersNot) {
  auto client = Client();
  auto hashed = client->Get("/assets/index-BdK3x9aZ.js");
  ASSERT_TRUE(hashed.ok()) << hashed.status();
  EXPECT_EQ(hashed->Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(hashed->Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(hashed->Header("Content-Security-Policy"), "");
  auto plain = client->Get("/assets/style.css");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(plain->Header("Cache-Control"), "no-cache");
  auto icon = client->Get("/favicon.ico");
  ASSERT_TRUE(icon.ok()) << icon.status();
  EXPECT_EQ(icon->Header("Content-Type"), "image/x-icon");
}

TEST_F(StaticFilesTest, MatchingETagIs304) {
  auto client = Client();
  auto first = client->Get("/assets/style.css");
  ASSERT_TRUE(first.ok()) << first.status();
  std::string etag = first->Header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = client->Get("/assets/style.css", {{"If-None-Match", "\"other\", " + etag}});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  auto after = client->Get("/favicon.ico");  // The connection stayed in step.
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->body, "icon");
}

TEST_F(StaticFilesTest, ClientRoutesGetTheAppMissingAssetsAndApiGet404) {
  auto client = Client();
  auto route = client->Get("/conversations/42");
  ASSERT_TRUE(route.ok()) << route.status();
  EXPECT_EQ(route->status, 200);
  EXPECT_EQ(route->Header("Content-Type"), "text/html; charset=utf-8");
  auto missing = client->Get("/assets/gone-12345678.js");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->status, 404);
  auto api = client->Get("/api/v1/unknown");
  ASSERT_TRUE(api.ok()) << api.status();
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(nlohmann::json::parse(api->body)["error"]["code"], "NOT_FOUND");
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                           "/assets/%2e%2e/%2e%2e/secret.txt", "/leak.txt", "/a%00b.txt"}) {
    SCOPED_TRACE(path);
    auto response = Client()->Get(path);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->status, 400);
    EXPECT_EQ(response->body.find("TOP SECRET"), std::string::npos);
  }
}

TEST(StaticFilesUnitTest, ContentTypesAndHashedNames) {
  EXPECT_EQ(ContentTypeFor("a.SVG"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
  EXPECT_TRUE(IsHashedAsset("/assets/vega-embed-C1x_9k-Z.js"));
  EXPECT_FALSE(IsHashedAsset("/assets/style.css"));
  EXPECT_FALSE(IsHashedAsset("/index-BdK3x9aZ.js"));
  EXPECT_EQ(StaticFiles::Open("/nonexistent/dir").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace scry::server::testing
