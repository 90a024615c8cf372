#include "server/static_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "server/errors.h"

namespace scry::server {
namespace {

namespace fs = std::filesystem;

struct TypeEntry {
  std::string_view extension;
  std::string_view type;
};

constexpr TypeEntry kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
    {".wasm", "application/wasm"},
};

bool IsHashChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool IsHtml(std::string_view content_type) { return content_type.starts_with("text/html"); }

Response NotFound(const Request& request) {
  return HttpErrorResponse(404, "no such file: " + request.path, ErrorStyleForPath(request.path),
                           request.request_id);
}

// A validator that changes whenever the file does: size and modification time.
std::string ETagFor(uintmax_t size, fs::file_time_type modified) {
  auto ticks = modified.time_since_epoch().count();
  return fmt::format("\"{:x}-{:x}\"", size, static_cast<unsigned long long>(ticks));
}

// True when If-None-Match lists `etag` (or is "*").
bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view tag = if_none_match.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag || tag == "*") return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string extension(file_name.substr(dot));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const TypeEntry& entry : kContentTypes) {
    if (entry.extension == extension) return entry.type;
  }
  return "application/octet-stream";
}

bool IsHashedAsset(std::string_view path) {
  if (!path.starts_with("/assets/")) return false;
  std::string_view name = path.substr(path.rfind('/') + 1);
  std::string_view stem = name.substr(0, name.find('.'));
  // Vite's default "[name]-[hash]": a dash, then 8 base64url characters
  // (which may themselves be dashes).
  constexpr size_t kHashLength = 8;
  if (name.find('.') == std::string_view::npos || stem.size() < kHashLength + 2 ||
      stem[stem.size() - kHashLength - 1] != '-') {
    return false;
  }
  std::string_view hash = stem.substr(stem.size() - kHashLength);
  return std::all_of(hash.begin(), hash.end(), IsHashChar);
}

StatusOr<StaticFiles> StaticFiles::Open(const fs::path& root,
                                        std::vector<std::string> excluded_prefixes) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return NotFoundError("static files: '" + root.string() + "' is not a directory");
  }
  return StaticFiles(std::move(canonical), std::move(excluded_prefixes));
}

Handler StaticFiles::AsHandler() const {
  return Sync([files = *this](const Request& request) { return files.Serve(request); });
}

Response StaticFiles::Serve(const Request& request) const {
  for (const std::string& prefix : excluded_prefixes_) {
    if (request.path.starts_with(prefix)) return NotFound(request);
  }
  std::optional<std::string> decoded = PercentDecode(request.path);
  std::string refused_why;
  if (!decoded) {
    refused_why = "malformed escape in path";
  } else if (decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) {
    refused_why = "forbidden character in path";
  } else {
    for (std::string_view segment : SplitPath(*decoded)) {
      if (segment == ".." || segment == ".") refused_why = "path segments '.' and '..' are refused";
    }
  }
  if (!refused_why.empty()) {
    return HttpErrorResponse(400, refused_why, ErrorStyle::kNative, request.request_id);
  }
  std::string relative = *decoded;
  relative.erase(0, relative.find_first_not_of('/'));  // All of it when it is only slashes.
  fs::path file = root_ / relative;
  std::error_code ec;
  if (relative.empty() || fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::is_regular_file(file, ec)) {
    // A client-side route (/conversations/42) gets the app; a missing
    // asset (/assets/app-1234abcd.js) must not receive HTML as JavaScript.
    if (fs::path(relative).filename().has_extension()) return NotFound(request);
    file = root_ / "index.html";
    if (!fs::is_regular_file(file, ec)) return NotFound(request);
    return ServeFile(request, file, "/index.html");
  }
  return ServeFile(request, file, *decoded);
}

Response StaticFiles::ServeFile(const Request& request, const fs::path& file,
                                std::string_view url_path) const {
  std::error_code ec;
  fs::path canonical = fs::canonical(file, ec);
  auto [root_end, _] =
      std::mismatch(root_.begin(), root_.end(), canonical.begin(), canonical.end());
  if (ec || root_end != root_.end()) {
    // A symlink that leads outside the root.
    return HttpErrorResponse(400, "path leads outside the web root", ErrorStyle::kNative,
                             request.request_id);
  }
  uintmax_t size = fs::file_size(canonical, ec);
  fs::file_time_type modified = fs::last_write_time(canonical, ec);
  if (ec) return NotFound(request);
  Response response;
  std::string_view type = ContentTypeFor(canonical.filename().string());
  response.headers["Content-Type"] = std::string(type);
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Cache-Control"] =
      IsHashedAsset(url_path) ? "public, max-age=31536000, immutable" : "no-cache";
  std::string etag = ETagFor(size, modified);
  response.headers["ETag"] = etag;
  if (IsHtml(type)) {
    response.headers["Content-Security-Policy"] = std::string(kContentSecurityPolicy);
    response.headers["Referrer-Policy"] = "no-referrer";
  }
  if (ETagMatches(request.Header("If-None-Match"), etag)) {
    response.status = 304;
    return response;
  }
  std::ifstream in(canonical, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) return NotFound(request);
  response.body = std::move(content).str();
  return response;
}

}  // namespace scry::server
