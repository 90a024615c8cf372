// AttachmentService: files people upload to a conversation (CSV, Parquet,
// JSON), each becoming a table that only that conversation can query.
//
// An upload is converted (engine::FileConverter) into one Parquet file,
// <directory>/<conversation id>/<attachment id>.parquet, and recorded in the
// store with the table's name (from the file's name: "Targets 2025.csv" →
// targets_2025, with _2, _3 ... when the space or the conversation already has
// that name) and its schema and sample values. A file that is not a table is
// refused with the converter's reason, and nothing is left behind: no record,
// no file.
//
// A question in the conversation then runs under a ConversationScope: the
// asker's guard policy plus the conversation's attachments as virtual tables
// (sql::GuardPolicy::virtual_tables: the table name → the converter's source
// for the file, written here, never by a user), and a semantic model and
// parser that know the attachments' tables. Only the conversation's own
// attachments are ever put in its policy, and the store lists them only for
// the conversation's owner, so no path (a question, an author's SQL, a CSV
// download) reaches another conversation's file; the guard still refuses
// file paths and file functions in user SQL, and row filters still apply to
// the warehouse tables read beside an attachment.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status_or.h"
#include "conversation/attachment_model.h"
#include "conversation/service.h"
#include "engine/file_converter.h"
#include "store/store.h"

namespace scry::conversation {

struct AttachmentOptions {
  // Where attachment files live; created when missing. The spaces' engines
  // must be able to read it (SpaceRuntime::attachments).
  std::string directory;
  // Largest upload, in bytes.
  int64_t max_upload_bytes = 100 << 20;
  int max_per_conversation = 20;
  // Conversations whose model (the space's plus their attachments) is kept.
  size_t cached_models = 32;
};

struct UploadRequest {
  std::string file_name;  // as the person's computer named it
  std::string format;     // "csv", "parquet", "json", or "" (by name, then content)
  std::string_view bytes;
};

// What a question in a conversation runs with.
struct ConversationScope {
  // The asker's policy with the conversation's attachments as virtual tables.
  sql::GuardPolicy policy;
  // The space's model and parser with the attachments' tables; null when the
  // conversation has none (the space's own serve).
  std::shared_ptr<const AttachmentModel> attachments;

  const semantic::Model& model(const SpaceRuntime& space) const {
    return attachments ? attachments->model : *space.model;
  }
  const nlq::Parser& parser(const SpaceRuntime& space) const {
    return attachments ? *attachments->parser : *space.parser;
  }
};

class AttachmentService {
 public:
  // Creates the directory when missing. Every argument must outlive the
  // service. InvalidArgument when the directory cannot be made.
  static StatusOr<std::unique_ptr<AttachmentService>> Create(
      store::Store& store, const SpaceDirectory& spaces, const AccessPolicy& access,
      const engine::FileConverter& converter, const Clock& clock, AttachmentOptions options);

  // Converts and records an upload. InvalidArgument (saying why, nothing
  // kept) for a bad name, an empty or too big file, a file that is not a
  // table; NotFound for a conversation that is not the user's;
  // PermissionDenied when the user may no longer use its space;
  // FailedPrecondition when the space cannot take attachments or the
  // conversation has as many as allowed.
  StatusOr<store::Attachment> Upload(const store::User& user, std::string_view conversation_id,
                                     const UploadRequest& upload);

  // The conversation's attachments, oldest first. NotFound when it is not
  // the user's.
  StatusOr<std::vector<store::Attachment>> List(const store::User& user,
                                                std::string_view conversation_id) const;

  // Removes one attachment: its record, then its file. NotFound when the
  // conversation is not the user's or has no such attachment.
  Status Delete(const store::User& user, std::string_view conversation_id,
                std::string_view attachment_id);

  // Removes the files of a conversation (after the store deleted it with its
  // attachments' records).
  void RemoveFiles(std::string_view conversation_id);

  // The scope of a question of `user` in the conversation, whose space is
  // `space` and whose asker's policy is `policy`. An attachment whose table
  // name the space has since come to use is left out (the space's table
  // wins). A space whose engine cannot read attachments gets `policy` alone.
  StatusOr<ConversationScope> ScopeFor(const store::User& user, std::string_view conversation_id,
                                       const SpaceRuntime& space, sql::GuardPolicy policy);

  const AttachmentOptions& options() const { return options_; }

 private:
  AttachmentService(store::Store& store, const SpaceDirectory& spaces, const AccessPolicy& access,
                    const engine::FileConverter& converter, const Clock& clock,
                    AttachmentOptions options);

  StatusOr<std::string> FilePath(std::string_view conversation_id,
                                 std::string_view attachment_id) const;
  // Records a converted upload under a free table name and moves its file
  // into place. REQUIRES: record_mu_ held.
  Status Record(const store::User& user, const SpaceRuntime& space, const std::string& converted,
                store::Attachment* attachment);

  store::Store& store_;
  const SpaceDirectory& spaces_;
  const AccessPolicy& access_;
  const engine::FileConverter& converter_;
  const Clock& clock_;
  const AttachmentOptions options_;
  AttachmentModelCache models_;
  // Held from choosing a table name to recording it, so that two uploads to
  // one conversation cannot take the same name.
  std::mutex record_mu_;
};

}  // namespace scry::conversation
