#include "conversation/trusted_questions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "conversation/service.h"
#include "sql/sql_literals.h"

namespace scry::conversation {

struct TrustedQuestionService::Cached {
  const semantic::Model* model = nullptr;
  std::shared_ptr<const PreparedTrusted> prepared;
};

namespace {

using nlq::TemplateSlot;
using SlotKind = nlq::TemplateSlot::Kind;

constexpr size_t kMaxQuestionBytes = 4000;
constexpr int64_t kDayMs = 86'400'000;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

CivilDate DateOfMs(int64_t ms) {
  return CivilFromDays(ms >= 0 ? ms / kDayMs : (ms + 1) / kDayMs - 1);
}

std::string LastDay(const TemplateSlot& slot) {
  return FormatIsoDate(CivilFromDays(DaysFromCivil(*slot.end) - 1));
}

std::optional<double> NumberOf(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A literal that may be a date or a year: '2024-07-01' (or a timestamp), 2024.
bool LooksLikeDate(const sql::SqlLiteral& literal) {
  if (literal.kind == sql::SqlLiteral::Kind::kString) {
    return literal.value.size() >= 10 && ParseIsoDate(literal.value.substr(0, 10)).has_value();
  }
  const std::optional<double> number = NumberOf(literal.value);
  return number && *number >= 1900 && *number <= 2200 && *number == static_cast<int>(*number);
}

// The roles in which `literal` writes `slot`'s value; empty when it does not.
std::vector<std::string> RolesOf(const sql::SqlLiteral& literal, const TemplateSlot& slot) {
  std::vector<std::string> roles;
  if (literal.kind == sql::SqlLiteral::Kind::kString) {
    if (slot.kind == SlotKind::kValue || slot.kind == SlotKind::kText) {
      if (literal.value == slot.value) {
        roles.push_back("value");
      } else if (literal.value == Lower(slot.value)) {
        roles.push_back("lower");
      } else if (literal.value == Upper(slot.value)) {
        roles.push_back("upper");
      }
    } else if (slot.kind == SlotKind::kTime) {
      if (literal.value == FormatIsoDate(*slot.start)) roles.push_back("start");
      if (literal.value == FormatIsoDate(*slot.end)) roles.push_back("end");
      if (literal.value == LastDay(slot)) roles.push_back("last");
      if (slot.year && literal.value == std::to_string(*slot.year)) roles.push_back("year_text");
    }
    return roles;
  }
  const std::optional<double> number = NumberOf(literal.value);
  if (!number) return roles;
  if (slot.kind == SlotKind::kNumber) {
    if (*number == slot.number) {
      roles.push_back("number");
    } else if (slot.type == "percent" && *number == slot.number / 100) {
      roles.push_back("fraction");
    }
  } else if (slot.kind == SlotKind::kTime && slot.year && *number == *slot.year) {
    roles.push_back("year");
  }
  return roles;
}

// `slot`'s value written in `role`, as a SQL literal.
std::string Render(const std::string& role, const TemplateSlot& slot) {
  if (role == "value") return sql::QuoteSqlString(slot.value);
  if (role == "lower") return sql::QuoteSqlString(Lower(slot.value));
  if (role == "upper") return sql::QuoteSqlString(Upper(slot.value));
  if (role == "start") return sql::QuoteSqlString(FormatIsoDate(*slot.start));
  if (role == "end") return sql::QuoteSqlString(FormatIsoDate(*slot.end));
  if (role == "last") return sql::QuoteSqlString(LastDay(slot));
  if (role == "year") return std::to_string(slot.year.value_or(0));
  if (role == "year_text") return sql::QuoteSqlString(std::to_string(slot.year.value_or(0)));
  if (role == "fraction") return fmt::format("{}", slot.number / 100);
  return slot.value;  // "number": canonical digits
}

std::string ParameterKind(const TemplateSlot& slot) {
  return slot.kind == SlotKind::kValue ? "value" : slot.type;
}

std::string ParameterValue(const TemplateSlot& slot) {
  if (slot.kind == SlotKind::kTime && slot.year) return std::to_string(*slot.year);
  return slot.value;
}

// The slots of `asked` whose values differ from the trusted question's.
int ChangedValues(const PreparedTrusted& trusted, const nlq::QuestionTemplate& asked) {
  int changed = 0;
  for (size_t i = 0; i < asked.slots.size(); ++i) {
    if (!nlq::SameValue(trusted.question.slots[i], asked.slots[i])) ++changed;
  }
  return changed;
}

}  // namespace

PreparedTrusted PrepareTrusted(const nlq::QuestionTemplater& templater,
                               const store::TrustedQuestion& record) {
  PreparedTrusted out;
  out.record = record;
  out.question = templater.Read(record.question, DateOfMs(record.as_of_ms));
  const std::vector<nlq::TemplateSlot>& slots = out.question.slots;
  std::vector<bool> ambiguous(slots.size(), false);
  for (const sql::SqlLiteral& literal : sql::FindLiterals(record.sql)) {
    out.sql_has_dates = out.sql_has_dates || LooksLikeDate(literal);
    std::vector<std::pair<int, std::string>> found;
    for (size_t s = 0; s < slots.size(); ++s) {
      const std::vector<std::string> roles = RolesOf(literal, slots[s]);
      if (!roles.empty()) found.emplace_back(static_cast<int>(s), roles.front());
    }
    if (found.size() > 1) {
      // One literal, two values of the question: which would change it is
      // unknown, so neither is a parameter.
      for (const auto& [slot, role] : found) ambiguous[slot] = true;
      continue;
    }
    if (found.size() == 1) {
      out.bindings.push_back({literal.begin, literal.end, found[0].first, found[0].second});
    }
  }
  out.bound.assign(slots.size(), false);
  std::erase_if(out.bindings, [&](const TrustedBinding& b) { return ambiguous[b.slot]; });
  for (const TrustedBinding& binding : out.bindings) out.bound[binding.slot] = true;
  std::set<std::string> names;
  for (size_t s = 0; s < slots.size(); ++s) {
    if (!out.bound[s]) continue;
    std::string name = slots[s].name.empty() ? "value" : slots[s].name;
    for (int n = 2; names.count(name) > 0; ++n) name = fmt::format("{}_{}", slots[s].name, n);
    names.insert(name);
    out.parameters.push_back({name, ParameterKind(slots[s]), ParameterValue(slots[s])});
  }
  return out;
}

std::optional<std::string> MatchTrusted(const PreparedTrusted& trusted,
                                        const nlq::QuestionTemplate& asked) {
  if (trusted.question.empty() || !nlq::SameShape(trusted.question, asked)) return std::nullopt;
  for (size_t s = 0; s < asked.slots.size(); ++s) {
    if (trusted.bound[s]) continue;
    const TemplateSlot& mine = trusted.question.slots[s];
    const TemplateSlot& theirs = asked.slots[s];
    // A fixed relative range ("last quarter") the SQL computes itself is the
    // same when said the same way.
    const bool same_words =
        mine.kind == SlotKind::kTime && mine.text == theirs.text && !trusted.sql_has_dates;
    if (!nlq::SameValue(mine, theirs) && !same_words) return std::nullopt;
  }
  std::vector<sql::LiteralReplacement> replacements;
  for (const TrustedBinding& binding : trusted.bindings) {
    replacements.push_back(
        {binding.begin, binding.end, Render(binding.role, asked.slots[binding.slot])});
  }
  return sql::ReplaceLiterals(trusted.record.sql, std::move(replacements));
}

TrustedQuestionService::TrustedQuestionService(store::Store& store, const SpaceDirectory& spaces,
                                               const AccessPolicy& access, const Clock& clock)
    : store_(store), spaces_(spaces), access_(access), clock_(clock) {}

TrustedQuestionService::~TrustedQuestionService() = default;

StatusOr<const SpaceRuntime*> TrustedQuestionService::Space(const store::User& user,
                                                            std::string_view space_id) const {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, spaces_.Find(space_id));
  RETURN_IF_ERROR(access_.CheckSpace(user, *space));
  return space;
}

const nlq::QuestionTemplater& TrustedQuestionService::TemplaterFor(const SpaceRuntime& space) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<nlq::QuestionTemplater>& templater = templaters_[space.model];
  // Indexing a model's words takes a moment, once per space.
  if (templater == nullptr) templater = std::make_unique<nlq::QuestionTemplater>(*space.model);
  return *templater;
}

std::shared_ptr<const PreparedTrusted> TrustedQuestionService::Prepared(
    const SpaceRuntime& space, const store::TrustedQuestion& record) {
  const std::string key = record.space_id + "/" + record.id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = prepared_.find(key);
    if (it != prepared_.end()) {
      const store::TrustedQuestion& cached = it->second->prepared->record;
      if (it->second->model == space.model && cached.updated_ms == record.updated_ms &&
          cached.as_of_ms == record.as_of_ms && cached.question == record.question &&
          cached.sql == record.sql) {
        return it->second->prepared;
      }
    }
  }
  auto cached = std::make_shared<Cached>();
  cached->model = space.model;
  cached->prepared = std::make_shared<PreparedTrusted>(PrepareTrusted(TemplaterFor(space), record));
  std::lock_guard<std::mutex> lock(mu_);
  prepared_[key] = cached;
  return cached->prepared;
}

TrustedView TrustedQuestionService::ViewOf(const SpaceRuntime& space,
                                           const store::TrustedQuestion& record) {
  std::shared_ptr<const PreparedTrusted> prepared = Prepared(space, record);
  return TrustedView{record, prepared->parameters};
}

StatusOr<std::vector<TrustedView>> TrustedQuestionService::List(const store::User& user,
                                                                std::string_view space_id) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, Space(user, space_id));
  ASSIGN_OR_RETURN(std::vector<store::TrustedQuestion> records,
                   store_.ListTrustedQuestions(space->id));
  std::vector<TrustedView> views;
  views.reserve(records.size());
  for (const store::TrustedQuestion& record : records) views.push_back(ViewOf(*space, record));
  return views;
}

StatusOr<TrustedView> TrustedQuestionService::Get(const store::User& user,
                                                  std::string_view space_id, std::string_view id) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, Space(user, space_id));
  ASSIGN_OR_RETURN(store::TrustedQuestion record, store_.GetTrustedQuestion(space->id, id));
  return ViewOf(*space, record);
}

Status TrustedQuestionService::Check(const store::User& user, const SpaceRuntime& space,
                                     const store::TrustedQuestion& candidate,
                                     std::string_view except_id) {
  if (candidate.question.empty()) {
    return InvalidArgumentError("question: required: the question this SQL answers");
  }
  if (candidate.question.size() > kMaxQuestionBytes) {
    return InvalidArgumentError(fmt::format("question: {} bytes long; the limit is {}",
                                            candidate.question.size(), kMaxQuestionBytes));
  }
  if (Trim(candidate.sql).empty()) return InvalidArgumentError("sql: required");
  const nlq::QuestionTemplate asked =
      TemplaterFor(space).Read(candidate.question, DateOfMs(candidate.as_of_ms));
  if (asked.empty()) {
    return InvalidArgumentError("question: nothing in it to match; write the question in words");
  }
  // The author's own policy: SQL they could not run, they cannot trust.
  ASSIGN_OR_RETURN(sql::GuardPolicy policy, access_.PolicyFor(user, space));
  StatusOr<sql::CheckedSql> checked = space.guard->Check(candidate.sql, policy);
  if (!checked.ok()) {
    return InvalidArgumentError(fmt::format("sql: {}", checked.status().message()));
  }
  ASSIGN_OR_RETURN(std::vector<store::TrustedQuestion> existing,
                   store_.ListTrustedQuestions(space.id));
  for (const store::TrustedQuestion& other : existing) {
    if (other.id == except_id) continue;
    if (MatchTrusted(*Prepared(space, other), asked)) {
      return AlreadyExistsError(fmt::format(
          "trusted question '{}' (\"{}\") already answers this question; edit it instead", other.id,
          other.question));
    }
  }
  return Status::Ok();
}

StatusOr<TrustedView> TrustedQuestionService::Create(const store::User& user,
                                                     std::string_view space_id,
                                                     std::string_view question,
                                                     std::string_view sql) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, Space(user, space_id));
  return Add(user, *space, question, sql, clock_.NowMs());
}

StatusOr<TrustedView> TrustedQuestionService::Add(const store::User& user,
                                                  const SpaceRuntime& space,
                                                  std::string_view question, std::string_view sql,
                                                  int64_t as_of_ms) {
  store::TrustedQuestion record;
  record.id = NewId();
  record.space_id = space.id;
  record.question = Trim(question);
  record.sql = Trim(sql);
  record.created_by = user.id;
  record.created_ms = record.updated_ms = clock_.NowMs();
  record.as_of_ms = as_of_ms;
  RETURN_IF_ERROR(Check(user, space, record, ""));
  RETURN_IF_ERROR(store_.CreateTrustedQuestion(record));
  return ViewOf(space, record);
}

StatusOr<TrustedView> TrustedQuestionService::CreateFromMessage(const store::User& user,
                                                                std::string_view space_id,
                                                                std::string_view conversation_id,
                                                                std::string_view message_id) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, Space(user, space_id));
  ASSIGN_OR_RETURN(store::Conversation conversation,
                   store_.GetConversation(user.id, conversation_id));
  if (conversation.space_id != space->id) {
    return InvalidArgumentError(fmt::format("conversation '{}' is in space '{}', not '{}'",
                                            conversation.id, conversation.space_id, space->id));
  }
  ASSIGN_OR_RETURN(store::Message message, store_.GetMessage(user.id, conversation.id, message_id));
  const nlohmann::json answer = nlohmann::json::parse(message.answer_json, nullptr, false);
  const bool answered = message.status == store::MessageStatus::kCompleted && answer.is_object() &&
                        answer.value("kind", "") == "query" && answer.contains("sql") &&
                        answer["sql"].is_string() && !answer.contains("error");
  if (!answered) {
    return InvalidArgumentError(fmt::format(
        "message '{}' is not an answered question with SQL: mark a question that was answered, "
        "or send question and sql",
        message.id));
  }
  // Its SQL's dates were computed when it was asked.
  return Add(user, *space, message.question, answer["sql"].get<std::string>(), message.created_ms);
}

StatusOr<TrustedView> TrustedQuestionService::Update(const store::User& user,
                                                     std::string_view space_id, std::string_view id,
                                                     std::optional<std::string> question,
                                                     std::optional<std::string> sql) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, Space(user, space_id));
  ASSIGN_OR_RETURN(store::TrustedQuestion record, store_.GetTrustedQuestion(space->id, id));
  if (question) record.question = Trim(*question);
  record.updated_ms = clock_.NowMs();
  // New SQL was written now; SQL kept keeps the dates it was written with.
  if (sql) {
    record.sql = Trim(*sql);
    record.as_of_ms = record.updated_ms;
  }
  RETURN_IF_ERROR(Check(user, *space, record, record.id));
  RETURN_IF_ERROR(store_.UpdateTrustedQuestion(record));
  return ViewOf(*space, record);
}

Status TrustedQuestionService::Delete(const store::User& user, std::string_view space_id,
                                      std::string_view id) {
  ASSIGN_OR_RETURN(const SpaceRuntime* space, Space(user, space_id));
  return store_.DeleteTrustedQuestion(space->id, id);
}

std::optional<TrustedMatch> TrustedQuestionService::Match(const SpaceRuntime& space,
                                                          std::string_view question,
                                                          const CivilDate& today) {
  StatusOr<std::vector<store::TrustedQuestion>> records = store_.ListTrustedQuestions(space.id);
  if (!records.ok() || records->empty()) return std::nullopt;
  const nlq::QuestionTemplate asked = TemplaterFor(space).Read(question, today);
  std::optional<TrustedMatch> best;
  int best_changed = 0;
  int64_t best_updated = 0;
  for (const store::TrustedQuestion& record : *records) {
    const std::shared_ptr<const PreparedTrusted> prepared = Prepared(space, record);
    std::optional<std::string> sql = MatchTrusted(*prepared, asked);
    if (!sql) continue;
    const int changed = ChangedValues(*prepared, asked);
    if (best && (changed > best_changed ||
                 (changed == best_changed && record.updated_ms <= best_updated))) {
      continue;
    }
    best = TrustedMatch{record.id, record.question, std::move(*sql)};
    best_changed = changed;
    best_updated = record.updated_ms;
  }
  return best;
}

void TrustedQuestionService::RecordUse(std::string_view space_id, std::string_view id) {
  // A lost count is not worth failing an answer for.
  (void)store_.RecordTrustedUse(space_id, id, clock_.NowMs());
}

}  // namespace scry::conversation
