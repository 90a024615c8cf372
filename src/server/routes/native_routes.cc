#include "server/routes/native_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "auth/permissions.h"
#include "engine/column.h"
#include "server/errors.h"
#include "server/routes/route_util.h"
#include "server/sse.h"

namespace scry::server {
namespace {

using nlohmann::json;
using store::MessageStatus;

Response Ok(int status, const json& body) { return Response::Json(status, body.dump()); }

json TokenJson(const store::AccessToken& token) {
  json out = {{"id", token.id},
              {"name", token.name},
              {"prefix", token.prefix},
              {"created_ms", token.created_ms}};
  out["expires_ms"] = token.expires_ms ? json(*token.expires_ms) : json(nullptr);
  out["revoked_ms"] = token.revoked_ms ? json(*token.revoked_ms) : json(nullptr);
  out["last_used_ms"] = token.last_used_ms ? json(*token.last_used_ms) : json(nullptr);
  return out;
}

json ConversationJson(const store::Conversation& conversation) {
  return {{"id", conversation.id},
          {"space_id", conversation.space_id},
          {"title", conversation.title},
          {"created_ms", conversation.created_ms},
          {"updated_ms", conversation.updated_ms},
          {"message_count", conversation.message_count}};
}

// A message as JSON text. The stored answer is the server's own JSON text and
// is copied in as it is: parsing and printing it again for every message was
// most of the time it took to open a long conversation.
std::string MessageText(const store::Message& message,
                        const std::optional<store::Feedback>& feedback) {
  json out = {{"id", message.id},
              {"conversation_id", message.conversation_id},
              {"seq", message.seq},
              {"question", message.question},
              {"status", store::MessageStatusName(message.status)},
              {"created_ms", message.created_ms},
              {"updated_ms", message.updated_ms}};
  if (!message.error_code.empty()) {
    out["error"] = {{"code", message.error_code}, {"message", message.error_message}};
  }
  if (feedback) {
    out["feedback"] = {{"rating", store::RatingName(feedback->rating)},
                       {"comment", feedback->comment}};
  }
  std::string text = out.dump();
  const std::string& answer = message.answer_json;
  if (answer.size() >= 2 && answer.front() == '{' && answer.back() == '}') {
    text.pop_back();
    text += ",\"answer\":";
    text += answer;
    text += '}';
  }
  return text;
}

// Every native route answers failures in the native error shape.
Handler Route(RouteBody body) { return server::Route(ErrorStyle::kNative, std::move(body)); }

// The caller, then the conversation in the URL (theirs, or NotFound).
struct Owned {
  Caller caller;
  store::Conversation conversation;
};

StatusOr<Owned> OwnedConversation(const ApiContext& c, const Request& request) {
  Owned owned;
  ASSIGN_OR_RETURN(owned.caller, c.auth->Authenticate(request));
  ASSIGN_OR_RETURN(owned.conversation,
                   c.store->GetConversation(owned.caller.user.id, request.PathParam("id")));
  return owned;
}

// The message in the URL, in its current stage.
StatusOr<store::Message> OwnedMessage(const ApiContext& c, const Owned& owned,
                                      const Request& request) {
  ASSIGN_OR_RETURN(store::Message message,
                   c.store->GetMessage(owned.caller.user.id, owned.conversation.id,
                                       request.PathParam("message_id")));
  c.service->ShowLiveStage(&message);
  return message;
}

// RFC 4180: quote a field holding a comma, a quote or a line break.
void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char ch : field) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

json CatalogJson(const conversation::SpaceRuntime& space) {
  json tables = json::array();
  for (const semantic::TableModel& table : space.model->tables) {
    json columns = json::array();
    for (const semantic::ColumnModel& column : table.columns) {
      columns.push_back({{"name", column.name},
                         {"display_name", column.display_name},
                         {"description", column.description},
                         {"role", semantic::ColumnRoleName(column.role)},
                         {"sample_values", json::array()}});
      json& samples = columns.back()["sample_values"];
      for (size_t i = 0; i < column.values.size() && i < 5; ++i)
        samples.push_back(column.values[i]);
    }
    tables.push_back({{"name", table.name},
                      {"display_name", table.display_name},
                      {"description", table.description},
                      {"columns", std::move(columns)}});
  }
  json metrics = json::array();
  for (const semantic::MetricModel& metric : space.model->metrics) {
    metrics.push_back({{"name", metric.name},
                       {"display_name", metric.display_name},
                       {"description", metric.description},
                       {"expression", metric.expression}});
  }
  const json examples = space.example_questions;
  return {{"space_id", space.id},
          {"title", space.title},
          {"tables", std::move(tables)},
          {"metrics", std::move(metrics)},
          {"example_questions", std::move(examples)}};
}

}  // namespace

Status AddNativeRoutes(const ApiContext& context, Router* router) {
  const ApiContext c = context;
  const std::string v1 = "/api/v1";
  const std::string conversation = v1 + "/conversations/{id}";
  const std::string message = conversation + "/messages/{message_id}";

  // Sessions.
  RETURN_IF_ERROR(router->Add(
      "POST", v1 + "/login", Route([c](const Request& request) -> StatusOr<Response> {
        if (c.login_limiter != nullptr) {
          // Per address, so guessing passwords is slow whoever is guessed.
          const std::string_view peer = request.remote_address;
          const RateDecision decision =
              c.login_limiter->Acquire("login:" + std::string(peer.substr(0, peer.rfind(':'))));
          if (!decision.allowed) return RateLimitedError(decision.retry_after_seconds);
        }
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string email, TextField(body, "email"));
        ASSIGN_OR_RETURN(std::string password, TextField(body, "password"));
        ASSIGN_OR_RETURN(auth::NewSession session, c.sessions->Login(email, password));
        Response response =
            Ok(200, {{"user", UserJson(session.user)}, {"csrf_token", session.csrf_token}});
        response.headers["Set-Cookie"] =
            c.sessions->SetCookieHeader(session.cookie_value, request.tls);
        response.headers["Cache-Control"] = "no-store";
        return response;
      })));
  RETURN_IF_ERROR(
      router->Add("POST", v1 + "/logout", Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                    if (const auto cookie =
                            auth::FindCookie(request.Header("Cookie"), c.sessions->cookie_name())) {
                      RETURN_IF_ERROR(c.sessions->Logout(*cookie));
                    }
                    Response response = Ok(200, json::object());
                    response.headers["Set-Cookie"] = c.sessions->ClearCookieHeader(request.tls);
                    return response;
                  })));
  RETURN_IF_ERROR(
      router->Add("GET", v1 + "/me", Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                    json out = {{"user", UserJson(caller.user)}};
                    if (caller.via_session) out["csrf_token"] = caller.csrf_token;
                    return Ok(200, out);
                  })));

  // Personal access tokens.
  RETURN_IF_ERROR(router->Add(
      "GET", v1 + "/tokens", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
        ASSIGN_OR_RETURN(std::vector<store::AccessToken> tokens, c.tokens->List(caller.user.id));
        json list = json::array();
        for (const store::AccessToken& token : tokens) list.push_back(TokenJson(token));
        return Ok(200, {{"tokens", list}});
      })));
  RETURN_IF_ERROR(router->Add(
      "POST", v1 + "/tokens", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string name, TextField(body, "name"));
        std::optional<std::chrono::milliseconds> ttl;
        if (body.contains("ttl_days")) {
          if (!body["ttl_days"].is_number() || body["ttl_days"].get<double>() <= 0) {
            return InvalidArgumentError("ttl_days: expected a positive number of days");
          }
          ttl = std::chrono::milliseconds(
              static_cast<int64_t>(body["ttl_days"].get<double>() * 86'400'000));
        }
        ASSIGN_OR_RETURN(auth::CreatedToken created, c.tokens->Create(caller.user, name, ttl));
        json out = TokenJson(created.record);
        out["token"] = created.secret;  // shown this once
        Response response = Ok(201, out);
        response.headers["Cache-Control"] = "no-store";
        return response;
      })));
  RETURN_IF_ERROR(router->Add("DELETE", v1 + "/tokens/{token_id}",
                              Route([c](const Request& request) -> StatusOr<Response> {
                                ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                                int64_t id = 0;
                                try {
                                  id = std::stoll(std::string(request.PathParam("token_id")));
                                } catch (const std::exception&) {
                                  return NotFoundError("no such token");
                                }
                                RETURN_IF_ERROR(c.tokens->Revoke(caller.user.id, id));
                                return Ok(200, json::object());
                              })));

  // Spaces.
  RETURN_IF_ERROR(router->Add(
      "GET", v1 + "/spaces", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
        json list = json::array();
        for (const conversation::SpaceRuntime* space : c.spaces->List()) {
          if (!c.access->CheckSpace(caller.user, *space).ok()) continue;
          list.push_back(
              {{"id", space->id}, {"title", space->title}, {"description", space->description}});
        }
        return Ok(200, {{"spaces", list}});
      })));
  RETURN_IF_ERROR(router->Add("GET", v1 + "/spaces/{space_id}/catalog",
                              Route([c](const Request& request) -> StatusOr<Response> {
                                ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                                ASSIGN_OR_RETURN(const conversation::SpaceRuntime* space,
                                                 c.spaces->Find(request.PathParam("space_id")));
                                RETURN_IF_ERROR(c.access->CheckSpace(caller.user, *space));
                                return Ok(200, CatalogJson(*space));
                              })));

  // Conversations.
  RETURN_IF_ERROR(router->Add(
      "POST", v1 + "/conversations", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string space_id, TextField(body, "space_id"));
        ASSIGN_OR_RETURN(std::string title, TextField(body, "title", false));
        ASSIGN_OR_RETURN(store::Conversation created,
                         c.service->StartConversation(caller.user, space_id, title));
        return Ok(201, ConversationJson(created));
      })));
  RETURN_IF_ERROR(router->Add(
      "GET", v1 + "/conversations", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
        store::ConversationQuery query;
        query.user_id = caller.user.id;
        query.space_id = request.Query("space_id").value_or("");
        query.search = request.Query("q").value_or("");
        query.page_size = static_cast<int>(IntQuery(request, "page_size", 50, 1, 1000));
        query.page_token = request.Query("page_token").value_or("");
        ASSIGN_OR_RETURN(store::Page<store::Conversation> page, c.store->ListConversations(query));
        json list = json::array();
        for (const store::Conversation& item : page.items) list.push_back(ConversationJson(item));
        return Ok(200, {{"conversations", list}, {"next_page_token", page.next_page_token}});
      })));
  RETURN_IF_ERROR(router->Add(
      "GET", conversation, Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        ASSIGN_OR_RETURN(std::vector<store::Message> messages,
                         c.store->ListMessages(owned.caller.user.id, owned.conversation.id));
        for (store::Message& item : messages) c.service->ShowLiveStage(&item);
        // One read for the feedback of every message, not one per message.
        ASSIGN_OR_RETURN(auto feedback_of,
                         FeedbackByMessage(*c.store, owned.caller.user.id, owned.conversation.id));
        json head = ConversationJson(owned.conversation);
        head["message_count"] = messages.size();
        std::string text = head.dump();
        text.pop_back();
        text += ",\"messages\":[";
        for (size_t i = 0; i < messages.size(); ++i) {
          if (i > 0) text += ',';
          text += MessageText(messages[i], FeedbackOf(feedback_of, messages[i].id));
        }
        text += "]}";
        return Response::Json(200, std::move(text));
      })));
  RETURN_IF_ERROR(
      router->Add("PATCH", conversation, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
                    ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
                    ASSIGN_OR_RETURN(std::string title, TextField(body, "title"));
                    if (title.find_first_not_of(" \t") == std::string::npos || title.size() > 200) {
                      return InvalidArgumentError("title: 1 to 200 characters");
                    }
                    RETURN_IF_ERROR(c.store->RenameConversation(
                        owned.caller.user.id, owned.conversation.id, title, c.clock->NowMs()));
                    owned.conversation.title = title;
                    return Ok(200, ConversationJson(owned.conversation));
                  })));
  RETURN_IF_ERROR(router->Add(
      "DELETE", conversation, Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        RETURN_IF_ERROR(c.service->DeleteConversation(owned.caller.user, owned.conversation.id));
        return Ok(200, json::object());
      })));

  // Messages.
  RETURN_IF_ERROR(router->Add(
      "POST", conversation + "/messages", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        conversation::PostRequest post;
        ASSIGN_OR_RETURN(post.question, TextField(body, "question", !body.contains("choice")));
        if (body.contains("choice")) {
          if (!body["choice"].is_number_integer()) {
            return InvalidArgumentError("choice: expected the number of a clarification choice");
          }
          post.choice = body["choice"].get<int>();
        }
        ASSIGN_OR_RETURN(store::Message posted,
                         c.service->Post(owned.caller.user, owned.conversation.id, post));
        return Response::Json(202, MessageText(posted, std::nullopt));
      })));
  // An author's own SQL, run through the guard under their row filters, as a
  // message of the conversation.
  RETURN_IF_ERROR(router->Add(
      "POST", conversation + "/sql", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        RETURN_IF_ERROR(auth::Authorize(owned.caller.user, auth::Action::kRunOwnSql));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string sql, TextField(body, "sql"));
        ASSIGN_OR_RETURN(store::Message posted,
                         c.service->Post(owned.caller.user, owned.conversation.id,
                                         conversation::PostRequest::Sql(std::move(sql))));
        return Response::Json(202, MessageText(posted, std::nullopt));
      })));
  RETURN_IF_ERROR(
      router->Add("GET", message, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
                    ASSIGN_OR_RETURN(store::Message found, OwnedMessage(c, owned, request));
                    return Response::Json(
                        200, MessageText(found, FeedbackOf(*c.store, found, owned.caller.user.id)));
                  })));
  RETURN_IF_ERROR(router->Add(
      "POST", message + "/cancel", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        RETURN_IF_ERROR(c.service->Cancel(owned.caller.user, owned.conversation.id,
                                          request.PathParam("message_id")));
        return Ok(202, json::object());
      })));
  RETURN_IF_ERROR(router->Add(
      "PUT", message + "/feedback", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        ASSIGN_OR_RETURN(store::Message found, OwnedMessage(c, owned, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string rating, TextField(body, "rating"));
        store::Feedback feedback;
        if (rating == "up") {
          feedback.rating = store::Rating::kUp;
        } else if (rating == "down") {
          feedback.rating = store::Rating::kDown;
        } else if (rating == "none") {
          feedback.rating = store::Rating::kNone;
        } else {
          return InvalidArgumentError("rating: one of up, down, none");
        }
        ASSIGN_OR_RETURN(feedback.comment, TextField(body, "comment", false));
        if (feedback.comment.size() > 4000)
          return InvalidArgumentError("comment: at most 4000 bytes");
        feedback.message_id = found.id;
        feedback.user_id = owned.caller.user.id;
        feedback.created_ms = c.clock->NowMs();
        RETURN_IF_ERROR(c.store->PutFeedback(feedback));
        store::UsageEvent usage;
        usage.time_ms = feedback.created_ms;
        usage.user_id = owned.caller.user.id;
        usage.space_id = owned.conversation.space_id;
        usage.conversation_id = owned.conversation.id;
        usage.message_id = found.id;
        usage.kind = "feedback";
        usage.outcome = std::string(store::RatingName(feedback.rating));
        (void)c.store->AddUsageEvent(usage);
        return Ok(200, {{"rating", rating}, {"comment", feedback.comment}});
      })));
  RETURN_IF_ERROR(router->Add(
      "GET", message + "/result", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Owned owned, OwnedConversation(c, request));
        ASSIGN_OR_RETURN(store::Message found, OwnedMessage(c, owned, request));
        ASSIGN_OR_RETURN(store::StoredResult stored, c.store->GetResult(found.id));
        const int64_t offset = IntQuery(request, "offset", 0, 0, stored.stored_rows);
        const int64_t limit = IntQuery(request, "limit", 100, 1, 1000);
        json rows = json::parse(stored.rows_json, nullptr, false);
        json columns = json::parse(stored.columns_json, nullptr, false);
        if (rows.is_discarded() || columns.is_discarded()) {
          return InternalError("the stored result is damaged");
        }
        json page = json::array();
        for (int64_t i = offset; i < std::min<int64_t>(offset + limit, rows.size()); ++i) {
          page.push_back(std::move(rows[i]));
        }
        return Ok(200, {{"columns", columns},
                        {"rows", page},
                        {"offset", offset},
                        {"stored_rows", stored.stored_rows},
                        // null: more rows than the engine counts
                        {"total_rows", stored.total_rows >= 0 ? json(stored.total_rows) : json()},
                        {"truncated", stored.truncated}});
      })));

  // The full result as CSV, streamed from the engine (not capped) on the
  // download pool: it may take as long as the query.
  RETURN_IF_ERROR(
      router->Add("GET", message + "/result.csv", [c](std::shared_ptr<Exchange> exchange) {
        const Request& request = exchange->request();
        StatusOr<Owned> owned = OwnedConversation(c, request);
        if (!owned.ok()) {
          exchange->Reply(ApiError(owned.status(), ErrorStyle::kNative, request));
          return;
        }
        Status queued = c.downloads->Submit([c, exchange, owned = *owned](int) {
          const Request& request = exchange->request();
          std::shared_ptr<ResponseStream> stream;
          Status status = c.service->StreamResult(
              owned.caller.user, owned.conversation.id, request.PathParam("message_id"),
              [&](const std::vector<engine::ColumnInfo>& columns, const engine::Chunk& chunk) {
                std::string text;
                if (stream == nullptr) {
                  Headers headers;
                  headers["Content-Type"] = "text/csv; charset=utf-8";
                  headers["Content-Disposition"] = "attachment; filename=\"result.csv\"";
                  stream = exchange->Stream(200, std::move(headers));
                  if (stream == nullptr) return false;
                  for (size_t i = 0; i < columns.size(); ++i) {
                    if (i > 0) text.push_back(',');
                    AppendCsvField(columns[i].name, &text);
                  }
                  text += "\r\n";
                }
                for (size_t row = 0; row < chunk.row_count(); ++row) {
                  for (size_t col = 0; col < chunk.columns.size(); ++col) {
                    if (col > 0) text.push_back(',');
                    if (!chunk.columns[col].IsNull(row)) {
                      AppendCsvField(engine::FormatValue(chunk.columns[col], row), &text);
                    }
                  }
                  text += "\r\n";
                }
                return stream->Write(text);
              });
          if (stream == nullptr) {
            if (status.ok()) {
              exchange->Reply(Response::Text(200, "", "text/csv; charset=utf-8"));
            } else {
              exchange->Reply(ApiError(status, ErrorStyle::kNative, request));
            }
            return;
          }
          stream->Close();
          store::UsageEvent usage;
          usage.time_ms = c.clock->NowMs();
          usage.user_id = owned.caller.user.id;
          usage.space_id = owned.conversation.space_id;
          usage.conversation_id = owned.conversation.id;
          usage.message_id = std::string(request.PathParam("message_id"));
          usage.kind = "download";
          usage.outcome = status.ok() ? "completed" : "failed";
          (void)c.store->AddUsageEvent(usage);
        });
        if (!queued.ok()) exchange->Reply(ApiError(queued, ErrorStyle::kNative, request));
      }));

  // Live stages of a message and its final answer, as Server-Sent Events.
  RETURN_IF_ERROR(router->Add("GET", message + "/events", [c](std::shared_ptr<Exchange> exchange) {
    const Request& request = exchange->request();
    StatusOr<Owned> owned = OwnedConversation(c, request);
    StatusOr<store::Message> found =
        owned.ok() ? OwnedMessage(c, *owned, request) : StatusOr<store::Message>(owned.status());
    if (!found.ok()) {
      exchange->Reply(ApiError(found.status(), ErrorStyle::kNative, request));
      return;
    }
    auto writer = std::make_shared<SseWriter>(StartSse(*exchange));
    auto send = [writer](const store::Message& message) {
      writer->Send("status", json{{"status", store::MessageStatusName(message.status)}}.dump());
      if (store::IsFinal(message.status)) {
        writer->Send("answer", MessageText(message, std::nullopt));
        writer->Close();
      }
    };
    if (store::IsFinal(found->status)) {
      send(*found);
      return;
    }
    const std::string message_id = found->id;
    const int64_t user_id = owned->caller.user.id;
    const std::string conversation_id = owned->conversation.id;
    auto handle = std::make_shared<std::atomic<int64_t>>(0);
    *handle =
        c.service->Subscribe(message_id, [c, writer, handle, user_id, conversation_id,
                                          message_id](const conversation::MessageEvent& event) {
          if (!store::IsFinal(event.status)) {
            writer->Send("status", json{{"status", store::MessageStatusName(event.status)}}.dump());
            return;
          }
          StatusOr<store::Message> final_message =
              c.store->GetMessage(user_id, conversation_id, message_id);
          if (final_message.ok()) {
            writer->Send("status", json{{"status", store::MessageStatusName(event.status)}}.dump());
            writer->Send("answer", MessageText(*final_message, std::nullopt));
          }
          writer->Close();
          c.service->Unsubscribe(*handle);
        });
    if (writer->stream() != nullptr) {
      writer->stream()->OnClientGone([c, handle] { c.service->Unsubscribe(*handle); });
    }
    // The message may have finished before the subscription: read it again.
    StatusOr<store::Message> again = c.store->GetMessage(user_id, conversation_id, message_id);
    if (again.ok()) c.service->ShowLiveStage(&*again);
    if (again.ok() && store::IsFinal(again->status)) {
      c.service->Unsubscribe(*handle);
      send(*again);
    } else if (again.ok()) {
      writer->Send("status", json{{"status", store::MessageStatusName(again->status)}}.dump());
    }
  }));

  return Status::Ok();
}

}  // namespace scry::server
