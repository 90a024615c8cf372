#include "server/routes/admin_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "auth/password.h"
#include "auth/permissions.h"
#include "server/routes/route_util.h"

namespace scry::server {
namespace {

using nlohmann::json;

Response Ok(int status, const json& body) { return Response::Json(status, body.dump()); }

Handler Route(RouteBody body) { return server::Route(ErrorStyle::kNative, std::move(body)); }

// The caller, when an admin may do `action`.
StatusOr<Caller> Admin(const ApiContext& c, const Request& request, auth::Action action) {
  ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
  RETURN_IF_ERROR(auth::Authorize(caller.user, action));
  return caller;
}

StatusOr<int64_t> UserIdParam(const Request& request) {
  const std::string_view text = request.PathParam("user_id");
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return NotFoundError(fmt::format("no user with id '{}'", text));
  }
  return id;
}

// Attribute names and values, group names: short printable text.
Status CheckLabel(std::string_view what, std::string_view text) {
  if (text.empty() || text.size() > 200) {
    return InvalidArgumentError(fmt::format("{}: 1 to 200 characters", what));
  }
  for (unsigned char ch : text) {
    if (ch < 0x20 || ch == 0x7f) {
      return InvalidArgumentError(fmt::format("{}: control characters are not allowed", what));
    }
  }
  return Status::Ok();
}

StatusOr<std::map<std::string, std::string>> AttributesField(const json& body) {
  const json& field = body["attributes"];
  if (!field.is_object()) {
    return InvalidArgumentError("attributes: expected an object of text values");
  }
  std::map<std::string, std::string> attributes;
  for (const auto& [key, value] : field.items()) {
    RETURN_IF_ERROR(CheckLabel("attributes: a name", key));
    if (!value.is_string()) {
      return InvalidArgumentError(fmt::format("attributes.{}: expected text", key));
    }
    RETURN_IF_ERROR(CheckLabel(fmt::format("attributes.{}", key), value.get<std::string>()));
    attributes[key] = value.get<std::string>();
  }
  return attributes;
}

StatusOr<std::vector<std::string>> GroupsField(const json& body) {
  const json& field = body["groups"];
  if (!field.is_array()) return InvalidArgumentError("groups: expected a list of group names");
  std::vector<std::string> groups;
  for (const json& group : field) {
    if (!group.is_string()) return InvalidArgumentError("groups: expected a list of group names");
    RETURN_IF_ERROR(CheckLabel("groups: a name", group.get<std::string>()));
    groups.push_back(group.get<std::string>());
  }
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return groups;
}

StatusOr<store::Role> RoleField(const json& body) {
  ASSIGN_OR_RETURN(std::string name, TextField(body, "role"));
  const std::optional<store::Role> role = store::ParseRole(name);
  if (!role) return InvalidArgumentError("role: one of viewer, author, admin");
  return *role;
}

// Applies the optional fields of a user body (create and update alike).
Status ApplyUserFields(const json& body, store::User* user) {
  if (body.contains("display_name")) {
    ASSIGN_OR_RETURN(user->display_name, TextField(body, "display_name"));
    if (user->display_name.size() > 200) {
      return InvalidArgumentError("display_name: at most 200 characters");
    }
  }
  if (body.contains("role")) {
    ASSIGN_OR_RETURN(user->role, RoleField(body));
  }
  if (body.contains("attributes")) {
    ASSIGN_OR_RETURN(user->attributes, AttributesField(body));
  }
  if (body.contains("groups")) {
    ASSIGN_OR_RETURN(user->groups, GroupsField(body));
  }
  if (body.contains("disabled")) {
    if (!body["disabled"].is_boolean())
      return InvalidArgumentError("disabled: expected true or false");
    user->disabled = body["disabled"].get<bool>();
  }
  if (body.contains("password")) {
    ASSIGN_OR_RETURN(std::string password, TextField(body, "password"));
    RETURN_IF_ERROR(auth::CheckPasswordRules(password, user->email));
    ASSIGN_OR_RETURN(user->password_hash, auth::HashPassword(password));
  }
  return Status::Ok();
}

bool IsActiveAdmin(const store::User& user) {
  return user.role == store::Role::kAdmin && !user.disabled;
}

json GrantJson(const store::Grant& grant) {
  return {{"space_id", grant.space_id},
          {"kind", store::PrincipalKindName(grant.kind)},
          {"principal", grant.principal},
          {"created_ms", grant.created_ms}};
}

StatusOr<store::PrincipalKind> KindOf(std::string_view name) {
  if (name == "user") return store::PrincipalKind::kUser;
  if (name == "group") return store::PrincipalKind::kGroup;
  return InvalidArgumentError("kind: one of user, group");
}

// The value at fraction `q` (0..1) of sorted `values`, nearest rank; 0 when empty.
double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::string DayOf(int64_t time_ms) {
  const std::time_t seconds = static_cast<std::time_t>(time_ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
}

// The `limit` largest counts, ties by key.
json Top(const std::map<std::string, int64_t>& counts, const char* key, size_t limit) {
  std::vector<std::pair<std::string, int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json out = json::array();
  for (size_t i = 0; i < sorted.size() && i < limit; ++i) {
    out.push_back({{key, sorted[i].first}, {"count", sorted[i].second}});
  }
  return out;
}

struct DayStats {
  int64_t questions = 0;
  int64_t failed = 0;
  int64_t clarifications = 0;
  std::vector<double> latencies;
};

// What the usage dashboard shows, computed from the usage events.
json UsageSummary(const std::vector<store::UsageEvent>& events,
                  const std::map<int64_t, std::string>& emails) {
  std::map<std::string, int64_t> outcomes;
  std::map<std::string, DayStats> days;
  std::map<std::string, int64_t> by_user;
  std::map<std::string, int64_t> asked;
  std::map<std::string, int64_t> failed;
  std::vector<double> latencies;
  std::vector<double> engine_times;
  double engine_total = 0;
  int64_t questions = 0;
  int64_t up = 0;
  int64_t down = 0;
  int64_t downloads = 0;
  int64_t sql_runs = 0;  // authors' own SQL
  for (const store::UsageEvent& event : events) {
    if (event.kind == "feedback") {
      up += event.outcome == "up";
      down += event.outcome == "down";
      continue;
    }
    if (event.kind == "download") {
      ++downloads;
      continue;
    }
    if (event.kind == "sql") {
      ++sql_runs;
      continue;
    }
    if (event.kind != "question") continue;
    ++questions;
    ++outcomes[event.outcome];
    DayStats& day = days[DayOf(event.time_ms)];
    ++day.questions;
    day.failed += event.outcome == "failed";
    day.clarifications += event.outcome == "clarification";
    day.latencies.push_back(event.latency_ms);
    latencies.push_back(event.latency_ms);
    if (event.engine_ms > 0) engine_times.push_back(event.engine_ms);
    engine_total += event.engine_ms;
    const auto email = emails.find(event.user_id);
    ++by_user[email != emails.end() ? email->second : std::to_string(event.user_id)];
    ++asked[event.question];
    if (event.outcome == "failed" || event.outcome == "not_understood") ++failed[event.question];
  }
  std::sort(latencies.begin(), latencies.end());
  std::sort(engine_times.begin(), engine_times.end());
  json per_day = json::array();
  for (auto& [day, stats] : days) {
    std::sort(stats.latencies.begin(), stats.latencies.end());
    per_day.push_back({{"day", day},
                       {"questions", stats.questions},
                       {"failed", stats.failed},
                       {"clarifications", stats.clarifications},
                       {"latency_p50_ms", Percentile(stats.latencies, 0.5)},
                       {"latency_p95_ms", Percentile(stats.latencies, 0.95)}});
  }
  const double total = std::max<int64_t>(questions, 1);
  return {
      {"questions", questions},
      {"outcomes", outcomes},
      {"failure_rate", static_cast<double>(outcomes["failed"]) / total},
      {"clarification_rate", static_cast<double>(outcomes["clarification"]) / total},
      {"latency_ms", {{"p50", Percentile(latencies, 0.5)}, {"p95", Percentile(latencies, 0.95)}}},
      {"engine_ms",
       {{"total", engine_total},
        {"p50", Percentile(engine_times, 0.5)},
        {"p95", Percentile(engine_times, 0.95)}}},
      {"feedback", {{"up", up}, {"down", down}}},
      {"downloads", downloads},
      {"per_day", std::move(per_day)},
      {"top_users", Top(by_user, "user", 10)},
      {"top_questions", Top(asked, "question", 10)},
      {"top_failed_questions", Top(failed, "question", 10)}};
}

}  // namespace

Status AddAdminRoutes(const ApiContext& context, Router* router) {
  const ApiContext c = context;
  const std::string admin = "/api/v1/admin";
  const std::string grants = admin + "/spaces/{space_id}/grants";

  // Users.
  RETURN_IF_ERROR(
      router->Add("GET", admin + "/users", Route([c](const Request& request) -> StatusOr<Response> {
                    RETURN_IF_ERROR(Admin(c, request, auth::Action::kManageUsers).status());
                    ASSIGN_OR_RETURN(std::vector<store::User> users, c.store->ListUsers());
                    json list = json::array();
                    for (const store::User& user : users) list.push_back(UserJson(user));
                    return Ok(200, {{"users", list}});
                  })));
  RETURN_IF_ERROR(router->Add(
      "POST", admin + "/users", Route([c](const Request& request) -> StatusOr<Response> {
        RETURN_IF_ERROR(Admin(c, request, auth::Action::kManageUsers).status());
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        store::User user;
        ASSIGN_OR_RETURN(user.email, TextField(body, "email"));
        if (user.email.find('@') == std::string::npos || user.email.size() > 320) {
          return InvalidArgumentError("email: expected an email address");
        }
        ASSIGN_OR_RETURN(user.role, RoleField(body));
        user.display_name = user.email;
        RETURN_IF_ERROR(ApplyUserFields(body, &user));
        user.created_ms = c.clock->NowMs();
        ASSIGN_OR_RETURN(store::User created, c.store->CreateUser(user));
        return Ok(201, UserJson(created));
      })));
  RETURN_IF_ERROR(router->Add(
      "PATCH", admin + "/users/{user_id}", Route([c](const Request& request) -> StatusOr<Response> {
        RETURN_IF_ERROR(Admin(c, request, auth::Action::kManageUsers).status());
        ASSIGN_OR_RETURN(int64_t id, UserIdParam(request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        if (body.contains("email")) {
          return InvalidArgumentError("email: cannot be changed; create a new user instead");
        }
        ASSIGN_OR_RETURN(store::User user, c.store->GetUser(id));
        const bool was_admin = IsActiveAdmin(user);
        RETURN_IF_ERROR(ApplyUserFields(body, &user));
        if (was_admin && !IsActiveAdmin(user)) {
          ASSIGN_OR_RETURN(std::vector<store::User> users, c.store->ListUsers());
          const auto admins = std::count_if(users.begin(), users.end(), IsActiveAdmin);
          if (admins <= 1) {
            return FailedPreconditionError("this is the last admin: make another user admin first");
          }
        }
        RETURN_IF_ERROR(c.store->UpdateUser(user));
        return Ok(200, UserJson(user));
      })));

  // Grants.
  RETURN_IF_ERROR(router->Add(
      "GET", grants, Route([c](const Request& request) -> StatusOr<Response> {
        RETURN_IF_ERROR(Admin(c, request, auth::Action::kManageGrants).status());
        ASSIGN_OR_RETURN(const conversation::SpaceRuntime* space,
                         c.spaces->Find(request.PathParam("space_id")));
        ASSIGN_OR_RETURN(std::vector<store::Grant> list, c.store->ListGrants(space->id));
        json out = json::array();
        for (const store::Grant& grant : list) out.push_back(GrantJson(grant));
        return Ok(200, {{"grants", out}});
      })));
  RETURN_IF_ERROR(router->Add(
      "POST", grants, Route([c](const Request& request) -> StatusOr<Response> {
        RETURN_IF_ERROR(Admin(c, request, auth::Action::kManageGrants).status());
        ASSIGN_OR_RETURN(const conversation::SpaceRuntime* space,
                         c.spaces->Find(request.PathParam("space_id")));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string kind, TextField(body, "kind"));
        store::Grant grant;
        grant.space_id = space->id;
        ASSIGN_OR_RETURN(grant.kind, KindOf(kind));
        if (grant.kind == store::PrincipalKind::kUser) {
          // A user by id (a number) or by email.
          if (body.contains("principal") && body["principal"].is_number_integer()) {
            grant.principal = std::to_string(body["principal"].get<int64_t>());
          } else {
            ASSIGN_OR_RETURN(grant.principal, TextField(body, "principal"));
          }
          StatusOr<store::User> user = grant.principal.find('@') != std::string::npos
                                           ? c.store->GetUserByEmail(grant.principal)
                                           : c.store->GetUser(std::atoll(grant.principal.c_str()));
          if (!user.ok()) {
            return InvalidArgumentError(fmt::format("principal: no user '{}'", grant.principal));
          }
          grant.principal = std::to_string(user->id);
        } else {
          ASSIGN_OR_RETURN(grant.principal, TextField(body, "principal"));
          RETURN_IF_ERROR(CheckLabel("principal", grant.principal));
        }
        grant.created_ms = c.clock->NowMs();
        RETURN_IF_ERROR(c.store->PutGrant(grant));
        return Ok(201, GrantJson(grant));
      })));
  RETURN_IF_ERROR(router->Add("DELETE", grants + "/{kind}/{principal}",
                              Route([c](const Request& request) -> StatusOr<Response> {
                                RETURN_IF_ERROR(
                                    Admin(c, request, auth::Action::kManageGrants).status());
                                ASSIGN_OR_RETURN(const conversation::SpaceRuntime* space,
                                                 c.spaces->Find(request.PathParam("space_id")));
                                store::Grant grant;
                                grant.space_id = space->id;
                                ASSIGN_OR_RETURN(grant.kind, KindOf(request.PathParam("kind")));
                                grant.principal = std::string(request.PathParam("principal"));
                                RETURN_IF_ERROR(c.store->DeleteGrant(grant));
                                return Ok(200, json::object());
                              })));

  // Usage.
  RETURN_IF_ERROR(router->Add(
      "GET", admin + "/usage", Route([c](const Request& request) -> StatusOr<Response> {
        RETURN_IF_ERROR(Admin(c, request, auth::Action::kViewUsage).status());
        const int64_t days = IntQuery(request, "days", 30, 1, 3660);
        store::UsageQuery query;
        query.from_ms = c.clock->NowMs() - days * 86'400'000;
        query.space_id = request.Query("space_id").value_or("");
        ASSIGN_OR_RETURN(std::vector<store::UsageEvent> events, c.store->ListUsageEvents(query));
        ASSIGN_OR_RETURN(std::vector<store::User> users, c.store->ListUsers());
        std::map<int64_t, std::string> emails;
        for (const store::User& user : users) emails[user.id] = user.email;
        json out = UsageSummary(events, emails);
        out["days"] = days;
        out["from_ms"] = query.from_ms;
        out["space_id"] = query.space_id;
        return Ok(200, out);
      })));
  return Status::Ok();
}

}  // namespace scry::server
