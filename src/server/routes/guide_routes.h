// The "How to ask" guide of a space (/api/v1, see conversation/guide.h):
//
//   GET /api/v1/spaces/{space_id}/guide     → the guide as JSON
//   GET /api/v1/spaces/{space_id}/guide.md  → the same as Markdown, to
//                                             download (Content-Disposition)
//
// Built on the downloads pool (it runs a few queries under the asker's row
// filters) and cached by the GuideService. Errors in the native shape: 401
// without credentials, 403 without access to the space, 404 for an unknown
// space, 429 when the pool's queue is full.
#pragma once

#include "common/status.h"
#include "server/router.h"
#include "server/routes/api_context.h"

namespace scry::server {

// InvalidArgument when `context` has no guides or downloads pool.
Status AddGuideRoutes(const ApiContext& context, Router* router);

}  // namespace scry::server
