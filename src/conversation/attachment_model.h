// What the question parser knows about a conversation with attachments: the
// space's semantic model plus one table per attachment, bootstrapped from the
// schema and sample values kept with the attachment's record, and a parser
// over that model. Built once per conversation and set of attachments and
// kept in a small cache, since building a parser indexes every word of the
// model.
//
// Thread-safe: AttachmentModelCache may be used from many threads; a built
// AttachmentModel is immutable.
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/database_schema.h"
#include "common/status_or.h"
#include "nlq/parser.h"
#include "semantic/model.h"

namespace scry::conversation {

// A table's schema as kept in store::Attachment::columns_json: the columns
// with their types, distinct counts and most frequent values.
std::string TableSchemaToJson(const TableSchema& table);
// Reads what TableSchemaToJson wrote into `table` (its name and row count are
// the caller's). InvalidArgument when the text is not such a list.
Status TableSchemaFromJson(std::string_view text, TableSchema* table);

// `space` with `tables` added, as a person would get from bootstrapping them
// alone: their columns' roles, words, value dictionaries, their joins among
// themselves and a metric per measure (renamed "<table>_<metric>" when the
// space has a metric of that name). InvalidArgument when a table's name is
// already one of the space's.
StatusOr<semantic::Model> ModelWithTables(const semantic::Model& space,
                                          const std::vector<TableSchema>& tables);

struct AttachmentModel {
  semantic::Model model;
  std::unique_ptr<nlq::Parser> parser;  // reads `model`; declared after it
};

// The most recently used AttachmentModels by key (the space, the
// conversation and its attachments' ids), at most `capacity` of them.
class AttachmentModelCache {
 public:
  explicit AttachmentModelCache(size_t capacity) : capacity_(capacity) {}

  // The model under `key`, building it with `build` when missing. A model
  // stays usable by whoever holds it after it leaves the cache (shared_ptr:
  // a question may still be running with it).
  template <typename Build>
  StatusOr<std::shared_ptr<const AttachmentModel>> Get(const std::string& key, Build build) {
    if (std::shared_ptr<const AttachmentModel> found = Find(key)) return found;
    ASSIGN_OR_RETURN(std::shared_ptr<const AttachmentModel> built, build());
    Put(key, built);
    return built;
  }

 private:
  std::shared_ptr<const AttachmentModel> Find(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const AttachmentModel> model);

  const size_t capacity_;
  std::mutex mu_;
  // Most recently used first; `index_` points into it. GUARDED_BY(mu_).
  std::list<std::pair<std::string, std::shared_ptr<const AttachmentModel>>> entries_;
  std::map<std::string, decltype(entries_)::iterator> index_;  // GUARDED_BY(mu_)
};

}  // namespace scry::conversation
