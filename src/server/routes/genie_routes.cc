#include "server/routes/genie_routes.h"

#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "server/errors.h"
#include "server/routes/route_util.h"

namespace scry::server {
namespace {

// The rows a stored answer counted: its total, or the rows it kept when the
// total is unknown (null: the engine stopped counting).
int64_t RowCountOf(const nlohmann::json& answer) {
  for (const char* key : {"total_rows", "row_count"}) {
    const auto found = answer.find(key);
    if (found != answer.end() && found->is_number_integer()) return found->get<int64_t>();
  }
  return 0;
}

using nlohmann::json;
using store::MessageStatus;

constexpr std::string_view kPrefix = "/api/2.0/genie";

Response Ok(const json& body) { return Response::Json(200, body.dump()); }

std::string_view GenieStatus(MessageStatus status) {
  switch (status) {
    case MessageStatus::kSubmitted:
      return "SUBMITTED";
    case MessageStatus::kUnderstanding:
      return "ASKING_AI";
    case MessageStatus::kRunning:
      return "EXECUTING_QUERY";
    case MessageStatus::kCompleted:
      return "COMPLETED";
    case MessageStatus::kFailed:
    case MessageStatus::kCancelled:
      // The SDK only stops polling on COMPLETED or FAILED.
      return "FAILED";
  }
  return "FAILED";
}

std::string Rfc3339(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string QueryAttachmentId(std::string_view message_id) {
  return std::string(message_id) + "-q";
}
std::string TextAttachmentId(std::string_view message_id) { return std::string(message_id) + "-t"; }

std::string TypeName(std::string_view type) {
  if (type == "boolean") return "BOOLEAN";
  if (type == "integer") return "LONG";
  if (type == "hugeint" || type == "decimal") return "DECIMAL";
  if (type == "double") return "DOUBLE";
  if (type == "date") return "DATE";
  if (type == "timestamp" || type == "timestamptz") return "TIMESTAMP";
  if (type == "interval") return "INTERVAL";
  if (type == "blob") return "BINARY";
  return "STRING";
}

// Genie's JSON_ARRAY format: every non-null cell is a string.
json CellText(const json& cell) {
  if (cell.is_null()) return nullptr;
  if (cell.is_string()) return cell;
  if (cell.is_boolean()) return cell.get<bool>() ? "true" : "false";
  return cell.dump();
}

json Attachments(const store::Message& message, const json& answer) {
  json attachments = json::array();
  const std::string kind = answer.value("kind", "");
  if (kind == "query" && answer.contains("sql") && !answer.contains("error")) {
    const std::string restatement =
        answer.contains("interpretation") ? answer["interpretation"].value("restatement", "") : "";
    const int64_t rows = RowCountOf(answer);
    attachments.push_back(
        {{"attachment_id", QueryAttachmentId(message.id)},
         {"query",
          {{"query", answer["sql"]},
           {"description", restatement},
           {"title", restatement},
           {"statement_id", message.id},
           {"id", QueryAttachmentId(message.id)},
           {"last_updated_timestamp", message.updated_ms},
           {"query_result_metadata",
            {{"row_count", rows}, {"is_truncated", answer.value("truncated", false)}}}}}});
    attachments.push_back({{"attachment_id", TextAttachmentId(message.id)},
                           {"text",
                            {{"content", restatement},
                             {"id", TextAttachmentId(message.id)},
                             {"purpose", "TEXT_ATTACHMENT_PURPOSE_ANSWER"}}}});
  } else if (kind == "clarification" && answer.contains("clarification")) {
    const json& clarification = answer["clarification"];
    std::string content = clarification.value("question", "Which one do you mean?");
    int number = 1;
    for (const json& choice : clarification.value("choices", json::array())) {
      content += fmt::format("\n{}. {}", number++, choice.value("label", ""));
    }
    content += "\nReply with the number or the name of your choice.";
    attachments.push_back({{"attachment_id", TextAttachmentId(message.id)},
                           {"text",
                            {{"content", content},
                             {"id", TextAttachmentId(message.id)},
                             {"purpose", "FOLLOW_UP_QUESTION"}}}});
  } else if (kind == "not_understood") {
    std::string content = answer.value("message", "I could not read that question.");
    for (const json& hint : answer.value("hints", json::array())) {
      if (hint.is_string()) content += "\n- " + hint.get<std::string>();
    }
    attachments.push_back({{"attachment_id", TextAttachmentId(message.id)},
                           {"text",
                            {{"content", content},
                             {"id", TextAttachmentId(message.id)},
                             {"purpose", "TEXT_ATTACHMENT_PURPOSE_ANSWER"}}}});
  }
  return attachments;
}

json GenieMessage(const store::Message& message, std::string_view space_id,
                  const std::optional<store::Feedback>& feedback) {
  json out = {{"message_id", message.id},
              {"id", message.id},
              {"conversation_id", message.conversation_id},
              {"space_id", space_id},
              {"content", message.question},
              {"status", GenieStatus(message.status)},
              {"created_timestamp", message.created_ms},
              {"last_updated_timestamp", message.updated_ms},
              {"user_id", message.user_id}};
  json answer = message.answer_json.empty() ? json::object()
                                            : json::parse(message.answer_json, nullptr, false);
  if (answer.is_discarded()) answer = json::object();
  out["attachments"] =
      store::IsFinal(message.status) ? Attachments(message, answer) : json::array();
  if (message.status == MessageStatus::kFailed) {
    out["error"] = {{"error", message.error_message.empty() ? "The question could not be answered"
                                                            : message.error_message},
                    {"type", message.error_code == "INVALID_ARGUMENT" ? "INVALID_SQL_EXCEPTION"
                                                                      : "SQL_EXECUTION_EXCEPTION"}};
  } else if (message.status == MessageStatus::kCancelled) {
    out["error"] = {{"error", "The question was cancelled."},
                    {"type", "REPLY_PROCESS_TIMEOUT_EXCEPTION"}};
  }
  if (message.status == MessageStatus::kCompleted && answer.value("kind", "") == "query" &&
      answer.contains("sql")) {
    out["query_result"] = {{"statement_id", message.id},
                           {"row_count", RowCountOf(answer)},
                           {"is_truncated", answer.value("truncated", false)}};
  }
  if (feedback && feedback->rating != store::Rating::kNone) {
    out["feedback"] = {
        {"rating", feedback->rating == store::Rating::kUp ? "POSITIVE" : "NEGATIVE"}};
  }
  return out;
}

json GenieConversation(const store::Conversation& conversation) {
  return {{"conversation_id", conversation.id},
          {"id", conversation.id},
          {"space_id", conversation.space_id},
          {"title", conversation.title},
          {"created_timestamp", conversation.created_ms},
          {"last_updated_timestamp", conversation.updated_ms},
          {"user_id", conversation.user_id}};
}

json GenieSpace(const conversation::SpaceRuntime& space) {
  const std::string epoch = Rfc3339(0);
  return {{"space_id", space.id},   {"title", space.title}, {"description", space.description},
          {"warehouse_id", "scry"}, {"create_time", epoch}, {"update_time", epoch}};
}

StatusOr<std::string> Content(const json& body) {
  if (!body.contains("content") || !body["content"].is_string()) {
    return InvalidArgumentError("content: required, the question as text");
  }
  return body["content"].get<std::string>();
}

int PageSize(const Request& request, int fallback) {
  return static_cast<int>(IntQuery(request, "page_size", fallback, 1, 1000));
}

// Every route: who is asking, and may they use this space?
struct Scope {
  Caller caller;
  const conversation::SpaceRuntime* space = nullptr;
};

StatusOr<Scope> Enter(const ApiContext& context, const Request& request) {
  Scope scope;
  ASSIGN_OR_RETURN(scope.caller, context.auth->Authenticate(request));
  StatusOr<const conversation::SpaceRuntime*> space =
      context.spaces->Find(request.PathParam("space_id"));
  if (!space.ok()) return space.status();
  scope.space = *space;
  RETURN_IF_ERROR(context.access->CheckSpace(scope.caller.user, *scope.space));
  return scope;
}

// The conversation in the URL, owned by the caller and in the URL's space.
StatusOr<store::Conversation> ConversationOf(const ApiContext& context, const Scope& scope,
                                             const Request& request) {
  const std::string id(request.PathParam("conversation_id"));
  StatusOr<store::Conversation> conversation =
      context.store->GetConversation(scope.caller.user.id, id);
  if (!conversation.ok() || conversation->space_id != scope.space->id) {
    if (!conversation.ok() && conversation.status().code() != StatusCode::kNotFound) {
      return conversation.status();
    }
    return NotFoundError(fmt::format("Conversation not found: '{}'", id));
  }
  return conversation;
}

StatusOr<store::Message> MessageOf(const ApiContext& context, const Scope& scope,
                                   const Request& request) {
  ASSIGN_OR_RETURN(store::Conversation conversation, ConversationOf(context, scope, request));
  const std::string id(request.PathParam("message_id"));
  StatusOr<store::Message> message =
      context.store->GetMessage(scope.caller.user.id, conversation.id, id);
  if (!message.ok() && message.status().code() == StatusCode::kNotFound) {
    return NotFoundError(fmt::format("Message not found: '{}'", id));
  }
  if (message.ok()) context.service->ShowLiveStage(&*message);
  return message;
}

StatusOr<json> QueryResult(const ApiContext& context, const store::Message& message,
                           std::string_view attachment_id) {
  if (!attachment_id.empty() && attachment_id != QueryAttachmentId(message.id)) {
    return NotFoundError(fmt::format("Attachment not found: '{}'", std::string(attachment_id)));
  }
  if (!store::IsFinal(message.status)) {
    return json{
        {"statement_response", {{"statement_id", message.id}, {"status", {{"state", "RUNNING"}}}}}};
  }
  StatusOr<store::StoredResult> stored = context.store->GetResult(message.id);
  if (!stored.ok()) {
    if (stored.status().code() == StatusCode::kNotFound) {
      return NotFoundError(
          fmt::format("Message '{}' has no query result", std::string(message.id)));
    }
    return stored.status();
  }
  const json columns = json::parse(stored->columns_json, nullptr, false);
  const json rows = json::parse(stored->rows_json, nullptr, false);
  if (columns.is_discarded() || rows.is_discarded()) {
    return InternalError(fmt::format("the stored result of '{}' is damaged", message.id));
  }
  json schema_columns = json::array();
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string type = columns[i].value("type", "text");
    schema_columns.push_back({{"name", columns[i].value("name", "")},
                              {"position", i},
                              {"type_name", TypeName(type)},
                              {"type_text", TypeName(type)}});
  }
  json data = json::array();
  for (const json& row : rows) {
    json cells = json::array();
    for (const json& cell : row) cells.push_back(CellText(cell));
    data.push_back(std::move(cells));
  }
  const int64_t count = static_cast<int64_t>(data.size());
  return json{{"statement_response",
               {{"statement_id", message.id},
                {"status", {{"state", "SUCCEEDED"}}},
                {"manifest",
                 {{"format", "JSON_ARRAY"},
                  {"schema", {{"column_count", columns.size()}, {"columns", schema_columns}}},
                  {"total_row_count", count},
                  {"total_chunk_count", 1},
                  {"truncated", stored->truncated || stored->total_rows > count},
                  {"chunks",
                   json::array({{{"chunk_index", 0}, {"row_offset", 0}, {"row_count", count}}})}}},
                {"result",
                 {{"chunk_index", 0},
                  {"row_offset", 0},
                  {"row_count", count},
                  {"data_array", std::move(data)}}}}}};
}

// Every Genie route answers failures in Genie's error shape.
Handler Route(RouteBody body) { return server::Route(ErrorStyle::kGenie, std::move(body)); }

}  // namespace

Status AddGenieRoutes(const ApiContext& context, Router* router) {
  const ApiContext c = context;
  const std::string spaces = std::string(kPrefix) + "/spaces";
  const std::string space = spaces + "/{space_id}";
  const std::string conversation = space + "/conversations/{conversation_id}";
  const std::string message = conversation + "/messages/{message_id}";

  // The SDK probes this without auth whenever a client is built: answer at
  // once, never 429/503 (those are retried for minutes).
  RETURN_IF_ERROR(
      router->Add("GET", "/.well-known/databricks-config", Sync([](const Request& request) {
                    return ErrorResponse(NotFoundError("no workspace configuration"),
                                         ErrorStyle::kGenie, request.request_id);
                  })));

  RETURN_IF_ERROR(
      router->Add("GET", spaces, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Caller caller, c.auth->Authenticate(request));
                    json list = json::array();
                    for (const conversation::SpaceRuntime* runtime : c.spaces->List()) {
                      if (c.access->CheckSpace(caller.user, *runtime).ok())
                        list.push_back(GenieSpace(*runtime));
                    }
                    return Ok({{"spaces", list}});
                  })));

  RETURN_IF_ERROR(
      router->Add("GET", space, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
                    return Ok(GenieSpace(*scope.space));
                  })));

  RETURN_IF_ERROR(router->Add(
      "POST", space + "/start-conversation",
      Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string content, Content(body));
        if (content.find_first_not_of(" \t\r\n") == std::string::npos) {
          return InvalidArgumentError("content: the question is empty");
        }
        ASSIGN_OR_RETURN(store::Conversation started,
                         c.service->StartConversation(scope.caller.user, scope.space->id, content));
        StatusOr<store::Message> posted = c.service->Post(
            scope.caller.user, started.id, conversation::PostRequest::Question(content));
        if (!posted.ok()) {
          // Nothing half-made stays behind a refused question.
          (void)c.service->DeleteConversation(scope.caller.user, started.id);
          return posted.status();
        }
        return Ok({{"conversation_id", started.id},
                   {"message_id", posted->id},
                   {"conversation", GenieConversation(started)},
                   {"message", GenieMessage(*posted, scope.space->id, std::nullopt)}});
      })));

  RETURN_IF_ERROR(router->Add(
      "POST", conversation + "/messages", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
        ASSIGN_OR_RETURN(store::Conversation owned, ConversationOf(c, scope, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        ASSIGN_OR_RETURN(std::string content, Content(body));
        ASSIGN_OR_RETURN(store::Message posted,
                         c.service->Post(scope.caller.user, owned.id,
                                         conversation::PostRequest::Question(content)));
        return Ok(GenieMessage(posted, scope.space->id, std::nullopt));
      })));

  RETURN_IF_ERROR(router->Add(
      "GET", conversation + "/messages", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
        ASSIGN_OR_RETURN(store::Conversation owned, ConversationOf(c, scope, request));
        ASSIGN_OR_RETURN(
            store::Page<store::Message> page,
            c.store->ListMessagesPage(scope.caller.user.id, owned.id, PageSize(request, 100),
                                      request.Query("page_token").value_or("")));
        ASSIGN_OR_RETURN(auto feedback_of,
                         FeedbackByMessage(*c.store, scope.caller.user.id, owned.id));
        json messages = json::array();
        for (store::Message& item : page.items) {
          c.service->ShowLiveStage(&item);
          messages.push_back(GenieMessage(item, scope.space->id, FeedbackOf(feedback_of, item.id)));
        }
        json out = {{"messages", messages}};
        if (!page.next_page_token.empty()) out["next_page_token"] = page.next_page_token;
        return Ok(out);
      })));

  RETURN_IF_ERROR(router->Add(
      "GET", space + "/conversations", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
        store::ConversationQuery query;
        query.user_id = scope.caller.user.id;
        query.space_id = scope.space->id;
        query.page_size = PageSize(request, 50);
        query.page_token = request.Query("page_token").value_or("");
        ASSIGN_OR_RETURN(store::Page<store::Conversation> page, c.store->ListConversations(query));
        json list = json::array();
        for (const store::Conversation& item : page.items) {
          list.push_back({{"conversation_id", item.id},
                          {"title", item.title},
                          {"created_timestamp", item.created_ms},
                          {"agent_type", "GENIE_CONVERSATION_TYPE_CHAT"}});
        }
        json out = {{"conversations", list}};
        if (!page.next_page_token.empty()) out["next_page_token"] = page.next_page_token;
        return Ok(out);
      })));

  RETURN_IF_ERROR(
      router->Add("DELETE", conversation, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
                    ASSIGN_OR_RETURN(store::Conversation owned, ConversationOf(c, scope, request));
                    RETURN_IF_ERROR(c.service->DeleteConversation(scope.caller.user, owned.id));
                    return Ok(json::object());
                  })));

  RETURN_IF_ERROR(
      router->Add("GET", message, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
                    ASSIGN_OR_RETURN(store::Message found, MessageOf(c, scope, request));
                    return Ok(GenieMessage(found, scope.space->id,
                                           FeedbackOf(*c.store, found, scope.caller.user.id)));
                  })));

  RETURN_IF_ERROR(
      router->Add("DELETE", message, Route([c](const Request& request) -> StatusOr<Response> {
                    ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
                    ASSIGN_OR_RETURN(store::Message found, MessageOf(c, scope, request));
                    RETURN_IF_ERROR(c.store->DeleteMessage(scope.caller.user.id,
                                                           found.conversation_id, found.id));
                    return Ok(json::object());
                  })));

  // The query result: current path, and the deprecated ones the SDK still offers.
  auto result = [c](const Request& request) -> StatusOr<Response> {
    ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
    ASSIGN_OR_RETURN(store::Message found, MessageOf(c, scope, request));
    ASSIGN_OR_RETURN(json body, QueryResult(c, found, request.PathParam("attachment_id")));
    return Ok(body);
  };
  RETURN_IF_ERROR(
      router->Add("GET", message + "/attachments/{attachment_id}/query-result", Route(result)));
  RETURN_IF_ERROR(
      router->Add("POST", message + "/attachments/{attachment_id}/execute-query", Route(result)));
  RETURN_IF_ERROR(router->Add("GET", message + "/query-result", Route(result)));
  RETURN_IF_ERROR(router->Add("GET", message + "/query-result/{attachment_id}", Route(result)));
  RETURN_IF_ERROR(router->Add("POST", message + "/execute-query", Route(result)));

  RETURN_IF_ERROR(router->Add(
      "POST", message + "/feedback", Route([c](const Request& request) -> StatusOr<Response> {
        ASSIGN_OR_RETURN(Scope scope, Enter(c, request));
        ASSIGN_OR_RETURN(store::Message found, MessageOf(c, scope, request));
        ASSIGN_OR_RETURN(json body, ReadJsonObject(request));
        const std::string rating = body.value("rating", "");
        store::Feedback feedback;
        if (rating == "POSITIVE") {
          feedback.rating = store::Rating::kUp;
        } else if (rating == "NEGATIVE") {
          feedback.rating = store::Rating::kDown;
        } else if (rating == "NONE") {
          feedback.rating = store::Rating::kNone;
        } else {
          return InvalidArgumentError("rating: required, one of POSITIVE, NEGATIVE, NONE");
        }
        feedback.message_id = found.id;
        feedback.user_id = scope.caller.user.id;
        feedback.comment = body.value("comment", "");
        feedback.created_ms = c.clock->NowMs();
        RETURN_IF_ERROR(c.store->PutFeedback(feedback));
        return Ok(json::object());
      })));
  return Status::Ok();
}

}  // namespace scry::server
