#include "eval/eval_data.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace scry::eval {
namespace {

using Json = nlohmann::json;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return NotFoundError(fmt::format("{}: cannot read the file", path));
  return text.str();
}

// nlohmann throws on malformed text; the exception stops here.
StatusOr<Json> ParseJson(const std::string& text, const std::string& source) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    return InvalidArgumentError(fmt::format("{}: not valid JSON: {}", source, e.what()));
  }
}

Status FieldError(const std::string& where, std::string_view field, std::string_view what) {
  return InvalidArgumentError(fmt::format("{}: '{}' {}", where, field, what));
}

StatusOr<const Json*> Field(const Json& object, std::string_view field, const std::string& where) {
  if (!object.is_object()) return InvalidArgumentError(fmt::format("{}: must be an object", where));
  const auto it = object.find(field);
  if (it == object.end()) return FieldError(where, field, "is missing");
  return &*it;
}

StatusOr<std::string> StringField(const Json& object, std::string_view field,
                                  const std::string& where) {
  ASSIGN_OR_RETURN(const Json* value, Field(object, field, where));
  if (!value->is_string()) return FieldError(where, field, "must be a string");
  return value->get<std::string>();
}

StatusOr<const Json*> ArrayField(const Json& object, std::string_view field,
                                 const std::string& where) {
  ASSIGN_OR_RETURN(const Json* value, Field(object, field, where));
  if (!value->is_array()) return FieldError(where, field, "must be a list");
  return value;
}

StatusOr<std::vector<std::string>> StringList(const Json& object, std::string_view field,
                                              const std::string& where) {
  ASSIGN_OR_RETURN(const Json* list, ArrayField(object, field, where));
  std::vector<std::string> out;
  for (const Json& item : *list) {
    if (!item.is_string()) return FieldError(where, field, "must hold only strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

StatusOr<std::vector<int>> IntList(const Json& object, std::string_view field,
                                   const std::string& where) {
  ASSIGN_OR_RETURN(const Json* list, ArrayField(object, field, where));
  std::vector<int> out;
  for (const Json& item : *list) {
    // Spider writes a composite primary key as a nested list of indexes.
    if (item.is_array()) {
      for (const Json& inner : item) {
        if (!inner.is_number_integer()) return FieldError(where, field, "must hold integers");
        out.push_back(inner.get<int>());
      }
      continue;
    }
    if (!item.is_number_integer()) return FieldError(where, field, "must hold integers");
    out.push_back(item.get<int>());
  }
  return out;
}

// [[table index, name], ...]
StatusOr<std::vector<SpiderSchema::ColumnName>> ColumnNames(const Json& object,
                                                            std::string_view field,
                                                            const std::string& where) {
  ASSIGN_OR_RETURN(const Json* list, ArrayField(object, field, where));
  std::vector<SpiderSchema::ColumnName> out;
  for (const Json& item : *list) {
    if (!item.is_array() || item.size() != 2 || !item[0].is_number_integer() ||
        !item[1].is_string()) {
      return FieldError(where, field, "must hold [table index, name] pairs");
    }
    out.push_back({item[0].get<int>(), item[1].get<std::string>()});
  }
  return out;
}

StatusOr<std::vector<std::pair<int, int>>> IndexPairs(const Json& object, std::string_view field,
                                                      const std::string& where) {
  ASSIGN_OR_RETURN(const Json* list, ArrayField(object, field, where));
  std::vector<std::pair<int, int>> out;
  for (const Json& item : *list) {
    if (!item.is_array() || item.size() != 2 || !item[0].is_number_integer() ||
        !item[1].is_number_integer()) {
      return FieldError(where, field, "must hold [column index, column index] pairs");
    }
    out.emplace_back(item[0].get<int>(), item[1].get<int>());
  }
  return out;
}

StatusOr<Json> TopLevelList(const std::string& text, const std::string& source) {
  ASSIGN_OR_RETURN(Json json, ParseJson(text, source));
  if (!json.is_array()) return InvalidArgumentError(fmt::format("{}: must be a list", source));
  return json;
}

std::string ItemName(const std::string& source, size_t index) {
  return fmt::format("{}: item {}", source, index);
}

Status CheckIndexes(const SpiderSchema& schema, const std::string& where) {
  const int tables = static_cast<int>(schema.table_names_original.size());
  const int columns = static_cast<int>(schema.column_names_original.size());
  if (schema.table_names.size() != schema.table_names_original.size()) {
    return FieldError(where, "table_names", "must be as long as 'table_names_original'");
  }
  for (const auto& column : schema.column_names_original) {
    if (column.table < -1 || column.table >= tables) {
      return FieldError(where, "column_names_original", "names a table index out of range");
    }
  }
  for (int key : schema.primary_keys) {
    if (key < 0 || key >= columns) return FieldError(where, "primary_keys", "is out of range");
  }
  for (const auto& [from, to] : schema.foreign_keys) {
    if (from < 0 || from >= columns || to < 0 || to >= columns) {
      return FieldError(where, "foreign_keys", "is out of range");
    }
  }
  return Status::Ok();
}

StatusOr<SpiderSchema> SchemaFromJson(const Json& item, const std::string& where) {
  SpiderSchema schema;
  ASSIGN_OR_RETURN(schema.db_id, StringField(item, "db_id", where));
  const std::string named = fmt::format("{} ({})", where, schema.db_id);
  ASSIGN_OR_RETURN(schema.table_names, StringList(item, "table_names", named));
  ASSIGN_OR_RETURN(schema.table_names_original, StringList(item, "table_names_original", named));
  ASSIGN_OR_RETURN(schema.column_names, ColumnNames(item, "column_names", named));
  ASSIGN_OR_RETURN(schema.column_names_original, ColumnNames(item, "column_names_original", named));
  if (item.contains("column_types")) {
    ASSIGN_OR_RETURN(schema.column_types, StringList(item, "column_types", named));
  }
  ASSIGN_OR_RETURN(schema.primary_keys, IntList(item, "primary_keys", named));
  ASSIGN_OR_RETURN(schema.foreign_keys, IndexPairs(item, "foreign_keys", named));
  RETURN_IF_ERROR(CheckIndexes(schema, named));
  return schema;
}

StatusOr<SparcConversation> ConversationFromJson(const Json& item, const std::string& where) {
  SparcConversation conversation;
  ASSIGN_OR_RETURN(conversation.db_id, StringField(item, "db_id", where));
  ASSIGN_OR_RETURN(const Json* turns, ArrayField(item, "turns", where));
  for (size_t t = 0; t < turns->size(); ++t) {
    const std::string turn_where = fmt::format("{}: turn {}", where, t);
    SparcTurn turn;
    ASSIGN_OR_RETURN(turn.question, StringField((*turns)[t], "question", turn_where));
    ASSIGN_OR_RETURN(turn.query, StringField((*turns)[t], "query", turn_where));
    conversation.turns.push_back(std::move(turn));
  }
  return conversation;
}

}  // namespace

StatusOr<std::vector<SpiderQuestion>> ParseSpiderQuestions(const std::string& text,
                                                           const std::string& source) {
  ASSIGN_OR_RETURN(Json json, TopLevelList(text, source));
  std::vector<SpiderQuestion> questions;
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string where = ItemName(source, i);
    SpiderQuestion question;
    ASSIGN_OR_RETURN(question.db_id, StringField(json[i], "db_id", where));
    ASSIGN_OR_RETURN(question.question, StringField(json[i], "question", where));
    ASSIGN_OR_RETURN(question.query, StringField(json[i], "query", where));
    questions.push_back(std::move(question));
  }
  return questions;
}

StatusOr<std::vector<SpiderSchema>> ParseSpiderSchemas(const std::string& text,
                                                       const std::string& source) {
  ASSIGN_OR_RETURN(Json json, TopLevelList(text, source));
  std::vector<SpiderSchema> schemas;
  for (size_t i = 0; i < json.size(); ++i) {
    ASSIGN_OR_RETURN(SpiderSchema schema, SchemaFromJson(json[i], ItemName(source, i)));
    schemas.push_back(std::move(schema));
  }
  return schemas;
}

StatusOr<std::vector<SparcConversation>> ParseSparcConversations(const std::string& text,
                                                                 const std::string& source) {
  ASSIGN_OR_RETURN(Json json, TopLevelList(text, source));
  std::vector<SparcConversation> conversations;
  for (size_t i = 0; i < json.size(); ++i) {
    ASSIGN_OR_RETURN(SparcConversation conversation,
                     ConversationFromJson(json[i], ItemName(source, i)));
    conversations.push_back(std::move(conversation));
  }
  return conversations;
}

StatusOr<std::vector<SpiderQuestion>> LoadSpiderQuestions(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseSpiderQuestions(text, path);
}

StatusOr<std::vector<SpiderSchema>> LoadSpiderSchemas(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseSpiderSchemas(text, path);
}

StatusOr<std::vector<SparcConversation>> LoadSparcConversations(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseSparcConversations(text, path);
}

}  // namespace scry::eval
