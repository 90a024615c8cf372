// Trusted questions: an author vouches for the SQL that answers a question in
// a space; later questions that mean the same thing are answered with that
// SQL, with their own values in the places the marked question had its.
//
// How a question is matched:
// 1. Both questions are read into templates (nlq/question_template.h): what
//    they ask, with values of the model's dictionaries, time ranges, numbers
//    and quoted text taken out as typed slots.
// 2. The trusted SQL's literals that equal a slot's value in the marked
//    question become that slot's parameter (TrustedBinding): a value of a
//    column ('Europe', or 'europe' when the SQL lower-cases), a time range's
//    first day, the day after it or its last day, a year (2024 or '2024'), a
//    number (5, or 0.05 for "5%"), quoted text. A literal equal to the values
//    of two slots binds neither, and those slots stay fixed.
// 3. A later question matches when its template has the same shape
//    (SameShape: the same measure, grouping, filters and words, a value of the
//    same column, a time range of the same shape) and every slot that is not
//    a parameter holds the same value (for a time range, the same words
//    suffice, "last quarter", when the SQL writes no date or year of its own
//    and so computes them itself). The SQL then
//    gets the new values as literals, quoted, and goes through the guard as
//    any SQL does (read-only, the asker's row filters).
//
// Relative dates of the marked question are read at its `as_of_ms` (when the
// marked answer was given, or the question written), so the dates in its SQL
// are recognised; the asker's are read at their today.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status_or.h"
#include "nlq/question_template.h"
#include "store/store.h"

namespace scry::conversation {

class AccessPolicy;  // service.h
class SpaceDirectory;
struct SpaceRuntime;

// A parameter of a trusted question as the API shows it: "region" (value)
// "Europe", "year" (year) "2024".
struct TrustedParameter {
  std::string name;
  std::string kind;  // "value", a time range's shape, "number", "percent", "currency", "text"
  std::string value;
};

// One literal of the trusted SQL that stands for a slot of its question.
struct TrustedBinding {
  size_t begin = 0;  // the literal's bytes in the SQL
  size_t end = 0;
  int slot = -1;
  // How the slot's value is written there: "value", "lower", "upper", "start",
  // "end", "last", "year", "year_text", "number", "fraction".
  std::string role;
};

// A trusted question read against a model, ready to match.
struct PreparedTrusted {
  store::TrustedQuestion record;
  nlq::QuestionTemplate question;
  std::vector<TrustedBinding> bindings;
  std::vector<bool> bound;  // per slot: it is a parameter
  std::vector<TrustedParameter> parameters;
  // The SQL writes a date or a year of its own (a literal like 2024 or
  // '2024-07-01' that is no parameter): then a time range it does not hold
  // must have the same dates, not only the same words.
  bool sql_has_dates = false;
};

PreparedTrusted PrepareTrusted(const nlq::QuestionTemplater& templater,
                               const store::TrustedQuestion& record);

// The trusted SQL with `asked`'s values in place of the marked question's,
// or nullopt when `asked` does not mean what `trusted` means.
std::optional<std::string> MatchTrusted(const PreparedTrusted& trusted,
                                        const nlq::QuestionTemplate& asked);

struct TrustedMatch {
  std::string id;
  std::string question;  // the trusted question's text
  std::string sql;       // its SQL with the asker's values
};

// A trusted question with its parameters, as the API lists it.
struct TrustedView {
  store::TrustedQuestion record;
  std::vector<TrustedParameter> parameters;
};

// The trusted questions of the spaces: writing them (for the API) and
// matching questions against them (for the ConversationService). Checks who
// may use the space; the route checks who may manage (authors, admins).
class TrustedQuestionService {
 public:
  // Every argument outlives the service.
  TrustedQuestionService(store::Store& store, const SpaceDirectory& spaces,
                         const AccessPolicy& access, const Clock& clock);
  ~TrustedQuestionService();

  // NotFound for an unknown space, PermissionDenied without access to it.
  StatusOr<std::vector<TrustedView>> List(const store::User& user, std::string_view space_id);
  StatusOr<TrustedView> Get(const store::User& user, std::string_view space_id,
                            std::string_view id);

  // Stores `question` with `sql`. InvalidArgument for an empty or oversized
  // question, one with nothing to match, or SQL the guard refuses under the
  // author's policy (with the guard's reason); AlreadyExists when a trusted
  // question of the space already answers it.
  StatusOr<TrustedView> Create(const store::User& user, std::string_view space_id,
                               std::string_view question, std::string_view sql);
  // Marks the question of an answered message of the user's conversation in
  // the space, with the SQL it ran. NotFound for another user's conversation
  // or message; InvalidArgument when the conversation is in another space or
  // the message has no answered question with SQL.
  StatusOr<TrustedView> CreateFromMessage(const store::User& user, std::string_view space_id,
                                          std::string_view conversation_id,
                                          std::string_view message_id);
  // Replaces the question and/or the SQL, checked as Create checks them. New
  // SQL moves its as-of time to now; a new question alone keeps it.
  StatusOr<TrustedView> Update(const store::User& user, std::string_view space_id,
                               std::string_view id, std::optional<std::string> question,
                               std::optional<std::string> sql);
  Status Delete(const store::User& user, std::string_view space_id, std::string_view id);

  // The trusted question of the space that answers `question` (asked on
  // `today`), with its SQL for the asker's values; nullopt when none does
  // (or the store cannot be read: the parser answers then). Among several,
  // the one needing the fewest values changed, then the latest edited.
  std::optional<TrustedMatch> Match(const SpaceRuntime& space, std::string_view question,
                                    const CivilDate& today);
  // Counts an answer given by trusted question `id`.
  void RecordUse(std::string_view space_id, std::string_view id);

 private:
  struct Cached;
  StatusOr<const SpaceRuntime*> Space(const store::User& user, std::string_view space_id) const;
  const nlq::QuestionTemplater& TemplaterFor(const SpaceRuntime& space);
  std::shared_ptr<const PreparedTrusted> Prepared(const SpaceRuntime& space,
                                                  const store::TrustedQuestion& record);
  TrustedView ViewOf(const SpaceRuntime& space, const store::TrustedQuestion& record);
  // Checks and stores a new trusted question whose relative dates are read
  // at `as_of_ms`.
  StatusOr<TrustedView> Add(const store::User& user, const SpaceRuntime& space,
                            std::string_view question, std::string_view sql, int64_t as_of_ms);
  // Checks a question and SQL an author wants to store (see Create);
  // `except_id` is the trusted question being edited.
  Status Check(const store::User& user, const SpaceRuntime& space,
               const store::TrustedQuestion& candidate, std::string_view except_id);

  store::Store& store_;
  const SpaceDirectory& spaces_;
  const AccessPolicy& access_;
  const Clock& clock_;

  std::mutex mu_;
  // One templater per model, kept for the service's life (models outlive it).
  std::map<const semantic::Model*, std::unique_ptr<nlq::QuestionTemplater>>
      templaters_;  // GUARDED_BY(mu_)
  // Per "space/id": the prepared question, for its updated_ms and model.
  std::map<std::string, std::shared_ptr<const Cached>, std::less<>> prepared_;  // GUARDED_BY(mu_)
};

}  // namespace scry::conversation
