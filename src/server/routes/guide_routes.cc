#include "server/routes/guide_routes.h"

#include <nlohmann/json.hpp>
#include <string>

#include "conversation/guide.h"
#include "server/routes/route_util.h"

namespace scry::server {
namespace {

// A file name made of the space id's letters, digits, '-' and '_'.
std::string FileName(std::string_view space_id) {
  std::string name;
  for (char ch : space_id) {
    const bool safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    name.push_back(safe ? ch : '_');
  }
  return (name.empty() ? std::string("space") : name) + "-how-to-ask.md";
}

// Authenticates at once, then builds (or reads from the cache) the guide on
// the downloads pool and replies with `render`'s response.
template <typename Render>
Handler GuideHandler(const ApiContext& c, Render render) {
  return [c, render](std::shared_ptr<Exchange> exchange) {
    const Request& request = exchange->request();
    StatusOr<Caller> caller = c.auth->Authenticate(request);
    StatusOr<const conversation::SpaceRuntime*> space =
        caller.ok() ? c.spaces->Find(request.PathParam("space_id"))
                    : StatusOr<const conversation::SpaceRuntime*>(caller.status());
    Status queued = space.status();
    if (queued.ok()) {
      queued = c.downloads->Submit([c, exchange, render, user = caller->user, space = *space](int) {
        StatusOr<conversation::Guide> guide = c.guides->For(user, *space);
        exchange->Reply(guide.ok()
                            ? render(*guide)
                            : ApiError(guide.status(), ErrorStyle::kNative, exchange->request()));
      });
    }
    if (!queued.ok()) exchange->Reply(ApiError(queued, ErrorStyle::kNative, request));
  };
}

}  // namespace

Status AddGuideRoutes(const ApiContext& context, Router* router) {
  if (context.guides == nullptr || context.downloads == nullptr) {
    return InvalidArgumentError("the guide routes need the guide service and the downloads pool");
  }
  const std::string space = "/api/v1/spaces/{space_id}";
  RETURN_IF_ERROR(router->Add("GET", space + "/guide",
                              GuideHandler(context, [](const conversation::Guide& guide) {
                                return Response::Json(200, conversation::GuideJson(guide).dump());
                              })));
  RETURN_IF_ERROR(router->Add(
      "GET", space + "/guide.md", GuideHandler(context, [](const conversation::Guide& guide) {
        Response response =
            Response::Text(200, conversation::GuideMarkdown(guide), "text/markdown; charset=utf-8");
        response.headers["Content-Disposition"] =
            "attachment; filename=\"" + FileName(guide.space_id) + "\"";
        return response;
      })));
  return Status::Ok();
}

}  // namespace scry::server
