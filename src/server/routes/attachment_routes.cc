#include "server/routes/attachment_routes.h"

#include <nlohmann/json.hpp>

#include "conversation/attachments.h"
#include "server/routes/route_util.h"

namespace scry::server {
namespace {

using nlohmann::json;

json AttachmentJson(const store::Attachment& attachment) {
  json columns = json::array();
  const json stored = json::parse(attachment.columns_json, nullptr, false);
  if (stored.is_array()) {
    for (const json& column : stored) {
      columns.push_back({{"name", column.value("name", "")}, {"type", column.value("type", "")}});
    }
  }
  return {{"id", attachment.id},
          {"conversation_id", attachment.conversation_id},
          {"file_name", attachment.file_name},
          {"table_name", attachment.table_name},
          {"format", attachment.format},
          {"size_bytes", attachment.size_bytes},
          {"row_count", attachment.row_count},
          {"columns", std::move(columns)},
          {"created_ms", attachment.created_ms}};
}

Response Ok(int status, const json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Handler Route(RouteBody body) { return server::Route(ErrorStyle::kNative, std::move(body)); }

// The caller, once the conversation in the URL is known to be theirs.
StatusOr<Caller> Owner(const ApiContext& c, const Request& request) {
  ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
  RETURN_IF_ERROR(c.store->GetConversation(caller.user.id, request.PathParam("id")).status());
  return caller;
}

// A browser form posts multipart/form-data: its parts' framing is not a table.
Status CheckUploadBody(const Request& request) {
  const std::string_view type = request.Header("Content-Type");
  if (type.substr(0, 19) == "multipart/form-data") {
    return InvalidArgumentError(
        "send the file itself as the request body (fetch(url, {method: 'POST', body: file})), "
        "not a multipart form");
  }
  return Status::Ok();
}

// Checks the request at once, then converts the upload on the uploads pool:
// it can take as long as reading the whole file.
void Upload(const ApiContext& c, std::shared_ptr<Exchange> exchange) {
  const Request& request = exchange->request();
  StatusOr<Caller> caller = Owner(c, request);
  Status checked = caller.ok() ? CheckUploadBody(request) : caller.status();
  if (checked.ok()) {
    checked = c.uploads->Submit([c, exchange, user = caller->user](int) {
      const Request& request = exchange->request();
      conversation::UploadRequest upload{request.Query("name").value_or(""),
                                         request.Query("format").value_or(""), request.body};
      StatusOr<store::Attachment> attachment =
          c.attachments->Upload(user, request.PathParam("id"), upload);
      exchange->Reply(attachment.ok()
                          ? Ok(201, AttachmentJson(*attachment))
                          : ApiError(attachment.status(), ErrorStyle::kNative, request));
    });
  }
  if (!checked.ok()) exchange->Reply(ApiError(checked, ErrorStyle::kNative, request));
}

}  // namespace

Status AddAttachmentRoutes(const ApiContext& context, Router* router) {
  if (context.attachments == nullptr || context.uploads == nullptr) {
    return InvalidArgumentError("attachment routes need the attachments and an uploads pool");
  }
  const ApiContext c = context;
  const std::string attachments = "/api/v1/conversations/{id}/attachments";
  RouteOptions upload_options;
  upload_options.max_body_bytes = static_cast<size_t>(c.attachments->options().max_upload_bytes);
  RETURN_IF_ERROR(router->Add(
      "POST", attachments, [c](std::shared_ptr<Exchange> exchange) { Upload(c, exchange); },
      upload_options));
  RETURN_IF_ERROR(
      router->Add("GET", attachments, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                    ASSIGN_OR_RETURN(std::vector<store::Attachment> listed,
                                     c.attachments->List(caller.user, request.PathParam("id")));
                    json list = json::array();
                    for (const store::Attachment& attachment : listed)
                      list.push_back(AttachmentJson(attachment));
                    return Ok(200, {{"attachments", std::move(list)}});
                  })));
  RETURN_IF_ERROR(router->Add("DELETE", attachments + "/{attachment_id}",
                              Route([c](const Request& request) -> StatusOr<Response> {
                                ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                                RETURN_IF_ERROR(
                                    c.attachments->Delete(caller.user, request.PathParam("id"),
                                                          request.PathParam("attachment_id")));
                                return Ok(200, json::object());
                              })));
  return Status::Ok();
}

}  // namespace scry::server
