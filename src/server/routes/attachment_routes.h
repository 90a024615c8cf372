// The attachments of a conversation (/api/v1, JSON): files uploaded to it,
// each a table only that conversation can query.
//
//   POST   /api/v1/conversations/{id}/attachments?name=<file name>[&format=csv|parquet|json]
//          body: the file's bytes as they are (what fetch(url, {method: "POST", body: file})
//          sends for a dropped File; any Content-Type but multipart/form-data)
//          → 201 attachment
//   GET    /api/v1/conversations/{id}/attachments                 → {attachments: [attachment]}
//   DELETE /api/v1/conversations/{id}/attachments/{attachment_id} → {}
//
// An attachment: {id, conversation_id, file_name, table_name, format,
// size_bytes, row_count, columns: [{name, type}], created_ms}.
//
// Errors ({"error": {code, message, request_id}}): 400 for a missing or bad
// name, an unknown format, a file that is not a table (the message says
// why), a multipart body, a conversation that has as many attachments as
// allowed or a space that takes none; 401 without credentials; 403 without
// the CSRF header of a session or access to the space; 404 for a
// conversation that is not the caller's (another user's is never told
// apart from a missing one) or an unknown attachment; 413 for a body over
// the upload limit; 429 when too many uploads wait.
#pragma once

#include "common/status.h"
#include "server/router.h"
#include "server/routes/api_context.h"

namespace scry::server {

// InvalidArgument when `context` has no attachments or uploads pool.
Status AddAttachmentRoutes(const ApiContext& context, Router* router);

}  // namespace scry::server
