#include "server/routes/trusted_routes.h"

#include <nlohmann/json.hpp>

#include "auth/permissions.h"
#include "conversation/trusted_questions.h"
#include "server/routes/route_util.h"

namespace scry::server {
namespace {

using nlohmann::json;

json TrustedJson(const conversation::TrustedView& view) {
  const store::TrustedQuestion& t = view.record;
  json parameters = json::array();
  for (const conversation::TrustedParameter& parameter : view.parameters) {
    parameters.push_back(
        {{"name", parameter.name}, {"kind", parameter.kind}, {"value", parameter.value}});
  }
  return {{"id", t.id},
          {"space_id", t.space_id},
          {"question", t.question},
          {"sql", t.sql},
          {"parameters", std::move(parameters)},
          {"created_by", t.created_by},
          {"created_ms", t.created_ms},
          {"updated_ms", t.updated_ms},
          {"as_of_ms", t.as_of_ms},
          {"use_count", t.use_count},
          {"last_used_ms", t.last_used_ms ? json(*t.last_used_ms) : json(nullptr)}};
}

Response Ok(int status, const json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Handler Route(RouteBody body) { return server::Route(ErrorStyle::kNative, std::move(body)); }

// The caller, when they may write trusted questions.
StatusOr<Caller> Author(const ApiContext& c, const Request& request) {
  ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
  RETURN_IF_ERROR(auth::Authorize(caller.user, auth::Action::kManageTrusted));
  return caller;
}

// The optional text field `name`: nullopt when absent.
StatusOr<std::optional<std::string>> OptionalText(const json& body, const char* name) {
  if (!body.contains(name)) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string text, TextField(body, name));
  return std::optional<std::string>(std::move(text));
}

}  // namespace

Status AddTrustedRoutes(const ApiContext& context, Router* router) {
  if (context.trusted == nullptr) {
    return InvalidArgumentError("the trusted question routes need the trusted question service");
  }
  const ApiContext c = context;
  const std::string list = "/api/v1/spaces/{space_id}/trusted-questions";
  const std::string one = list + "/{trusted_id}";

  RETURN_IF_ERROR(router->Add("GET", list, Route([c](const Request& request) -> StatusOr<Response> {
                                ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                                ASSIGN_OR_RETURN(
                                    std::vector<conversation::TrustedView> views,
                                    c.trusted->List(caller.user, request.PathParam("space_id")));
                                json items = json::array();
                                for (const conversation::TrustedView& view : views) {
                                  items.push_back(TrustedJson(view));
                                }
                                return Ok(200, {{"trusted_questions", std::move(items)}});
                              })));
  RETURN_IF_ERROR(router->Add(
      "POST", list, Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, Author(c, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        const std::string_view space_id = request.PathParam("space_id");
        const bool from_message = body.contains("conversation_id") || body.contains("message_id");
        if (from_message && (body.contains("question") || body.contains("sql"))) {
          return InvalidArgumentError(
              "send either question and sql, or conversation_id and message_id");
        }
        conversation::TrustedView created;
        if (from_message) {
          ASSIGN_OR_RETURN(std::string conversation_id, TextField(body, "conversation_id"));
          ASSIGN_OR_RETURN(std::string message_id, TextField(body, "message_id"));
          ASSIGN_OR_RETURN(created, c.trusted->CreateFromMessage(caller.user, space_id,
                                                                 conversation_id, message_id));
        } else {
          ASSIGN_OR_RETURN(std::string question, TextField(body, "question"));
          ASSIGN_OR_RETURN(std::string sql, TextField(body, "sql"));
          ASSIGN_OR_RETURN(created, c.trusted->Create(caller.user, space_id, question, sql));
        }
        return Ok(201, TrustedJson(created));
      })));
  RETURN_IF_ERROR(router->Add("GET", one, Route([c](const Request& request) -> StatusOr<Response> {
                                ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                                ASSIGN_OR_RETURN(
                                    conversation::TrustedView view,
                                    c.trusted->Get(caller.user, request.PathParam("space_id"),
                                                   request.PathParam("trusted_id")));
                                return Ok(200, TrustedJson(view));
                              })));
  RETURN_IF_ERROR(router->Add(
      "PATCH", one, Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, Author(c, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::optional<std::string> question, OptionalText(body, "question"));
        ASSIGN_OR_RETURN(std::optional<std::string> sql, OptionalText(body, "sql"));
        if (!question && !sql) return InvalidArgumentError("send question, sql or both");
        ASSIGN_OR_RETURN(conversation::TrustedView updated,
                         c.trusted->Update(caller.user, request.PathParam("space_id"),
                                           request.PathParam("trusted_id"), question, sql));
        return Ok(200, TrustedJson(updated));
      })));
  RETURN_IF_ERROR(
      router->Add("DELETE", one, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Caller caller, Author(c, request));
                    RETURN_IF_ERROR(c.trusted->Delete(caller.user, request.PathParam("space_id"),
                                                      request.PathParam("trusted_id")));
                    return Response::Text(204, "", "text/plain");
                  })));
  return Status::Ok();
}

}  // namespace scry::server
