// The API document: GET /api/v1/openapi.json serves the OpenAPI 3.1
// description of everything this server answers (the native API, the
// operational endpoints and the Genie-compatible API).
//
// The document is openapi.json beside this file, maintained by hand and
// built into the binary (src/server/routes/CMakeLists.txt turns it into a
// generated source), so a server serves the document of its own routes
// wherever it runs. tests/openapi checks that the document and the routes the
// server registers agree, and validates it with an OpenAPI validator.
//
// Thread-safety: both functions may be called from any thread.
#pragma once

#include <string_view>

#include "common/status.h"
#include "server/router.h"

namespace scry::server {

// The document's JSON text, as built in.
std::string_view OpenApiDocument();

// Registers GET /api/v1/openapi.json: the document as application/json,
// without authentication, cacheable (an ETag, and 304 for a matching
// If-None-Match). Returns the router's error when the route exists already.
Status AddOpenApiRoute(Router* router);

}  // namespace scry::server
