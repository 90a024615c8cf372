// StaticFiles: serves a directory, the web UI's build output.
//
// - Content-Type from the extension; X-Content-Type-Options: nosniff always.
// - Hashed assets under /assets/ (Vite names them name-<hash>.ext) never
//   change: "Cache-Control: public, max-age=31536000, immutable". Everything
//   else, index.html above all, is revalidated ("no-cache") through ETag and
//   If-None-Match → 304.
// - A path without an extension that names no file is a client-side route:
//   it gets index.html. A missing file with an extension is 404.
// - Paths that climb out of the root (.., encoded or not, or a symlink that
//   leads out) are refused with 400.
// - HTML carries the Content-Security-Policy below.
// - Excluded prefixes (/api/ by default) are never served from disk: they
//   answer a JSON 404, so a mistyped API call does not receive the UI.
//
// Thread-safety: Serve may run on any number of threads at once (it only
// reads the file system).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "server/http_types.h"
#include "server/router.h"

namespace scry::server {

// The policy for HTML pages. 'unsafe-eval': vega compiles chart expressions
// with Function.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

// The Content-Type for a file name ("app.js" → "text/javascript; charset=utf-8"),
// "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

// True for /assets/<name>-<hash>.<ext> with a hash of 8+ URL-safe characters.
bool IsHashedAsset(std::string_view path);

class StaticFiles {
 public:
  // Returns NotFound when `root` is not a directory.
  static StatusOr<StaticFiles> Open(const std::filesystem::path& root,
                                    std::vector<std::string> excluded_prefixes = {"/api/"});

  // The answer to a GET or HEAD for `request.path`.
  Response Serve(const Request& request) const;

  // A handler for Router::SetFallback. The returned handler keeps a copy of
  // this object.
  Handler AsHandler() const;

 private:
  StaticFiles(std::filesystem::path root, std::vector<std::string> excluded_prefixes)
      : root_(std::move(root)), excluded_prefixes_(std::move(excluded_prefixes)) {}

  Response ServeFile(const Request& request, const std::filesystem::path& file,
                     std::string_view url_path) const;

  std::filesystem::path root_;  // Canonical.
  std::vector<std::string> excluded_prefixes_;
};

}  // namespace scry::server
