// The Genie Conversation API (/api/2.0/genie/...), as Databricks' SDK and the
// apps built on it call it (../shared/reference/genie-conversation-api.md):
// start a conversation, post a message, poll it, read its query result, send
// feedback, list and delete conversations and messages, read spaces. A client
// written for Genie works against scry by changing host and token only.
//
// Mapping of scry's answers onto Genie's shapes:
// - message status: submitted → SUBMITTED, understanding → ASKING_AI,
//   running → EXECUTING_QUERY, completed → COMPLETED, failed and cancelled →
//   FAILED (the SDK keeps polling any other status until its deadline);
// - a query answer → a `query` attachment (SQL, the restatement as its
//   description, row count) plus a `text` attachment with the restatement;
//   a clarification → a `text` attachment with purpose FOLLOW_UP_QUESTION
//   listing the choices (a reply with a choice's number or label picks it);
//   "not understood" → a `text` attachment with what can be asked;
// - the query result → a statement response with every cell as a string.
#pragma once

#include "common/status.h"
#include "server/router.h"
#include "server/routes/api_context.h"

namespace scry::server {

// Registers every Genie route on `router`, plus the client's discovery probe
// (GET /.well-known/databricks-config → 404 at once, without auth).
Status AddGenieRoutes(const ApiContext& context, Router* router);

}  // namespace scry::server
