#include "conversation/attachments.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/utf8.h"

namespace scry::conversation {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxFileName = 255;
constexpr std::string_view kIncoming = ".incoming";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Ids become folder and file names: only letters, digits, '-' and '_'.
bool IsSafeId(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// The file's own name: what follows the last slash (a browser may send a
// path), trimmed; a name a person can read back.
StatusOr<std::string> CleanFileName(std::string_view raw) {
  const size_t slash = raw.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? raw : raw.substr(slash + 1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty() || name == "." || name == "..") {
    return InvalidArgumentError("name: give the file's name, such as targets.csv");
  }
  if (name.size() > kMaxFileName) {
    return InvalidArgumentError(fmt::format("name: at most {} bytes", kMaxFileName));
  }
  if (!IsValidUtf8(name)) return InvalidArgumentError("name: not valid UTF-8");
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return InvalidArgumentError("name: holds control characters");
  }
  return std::string(name);
}

// The bare part of an allow-list entry ("main.orders" → "orders").
std::string BareName(std::string_view entry) {
  const size_t dot = entry.find_last_of('.');
  return Lower(dot == std::string_view::npos ? entry : entry.substr(dot + 1));
}

// Names the space's tables and the asker's policy use, lower case.
std::set<std::string> WarehouseNames(const SpaceRuntime& space, const sql::GuardPolicy& policy) {
  std::set<std::string> names;
  for (const semantic::TableModel& table : space.model->tables) names.insert(Lower(table.name));
  for (const std::string& entry : space.policy.allowed_tables) names.insert(BareName(entry));
  for (const std::string& entry : policy.allowed_tables) names.insert(BareName(entry));
  for (const auto& [table, predicate] : policy.row_filters) names.insert(Lower(table));
  return names;
}

// `base`, or base_2, base_3 ... : the first not in `taken`.
std::string FreeName(const std::string& base, const std::set<std::string>& taken) {
  if (!taken.count(Lower(base))) return base;
  for (int i = 2;; ++i) {
    std::string candidate = fmt::format("{}_{}", base, i);
    if (!taken.count(Lower(candidate))) return candidate;
  }
}

// Removes a folder when it goes out of scope.
struct ScratchFolder {
  fs::path path;
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

Status WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return InternalError(fmt::format("cannot write the upload to '{}'", path.string()));
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<AttachmentService>> AttachmentService::Create(
    store::Store& store, const SpaceDirectory& spaces, const AccessPolicy& access,
    const engine::FileConverter& converter, const Clock& clock, AttachmentOptions options) {
  std::error_code ec;
  if (options.directory.empty()) return InvalidArgumentError("attachments: no directory given");
  fs::create_directories(options.directory, ec);
  const fs::path directory = ec ? fs::path() : fs::canonical(options.directory, ec);
  if (ec) {
    return InvalidArgumentError(
        fmt::format("attachments: cannot use directory '{}': {}", options.directory, ec.message()));
  }
  options.directory = directory.string();
  return std::unique_ptr<AttachmentService>(
      new AttachmentService(store, spaces, access, converter, clock, std::move(options)));
}

AttachmentService::AttachmentService(store::Store& store, const SpaceDirectory& spaces,
                                     const AccessPolicy& access,
                                     const engine::FileConverter& converter, const Clock& clock,
                                     AttachmentOptions options)
    : store_(store),
      spaces_(spaces),
      access_(access),
      converter_(converter),
      clock_(clock),
      options_(std::move(options)),
      models_(options_.cached_models) {}

StatusOr<std::string> AttachmentService::FilePath(std::string_view conversation_id,
                                                  std::string_view attachment_id) const {
  if (!IsSafeId(conversation_id) || !IsSafeId(attachment_id)) {
    return InternalError("attachments: an id is not fit for a file name");
  }
  return (fs::path(options_.directory) / conversation_id /
          (std::string(attachment_id) + ".parquet"))
      .string();
}

StatusOr<store::Attachment> AttachmentService::Upload(const store::User& user,
                                                      std::string_view conversation_id,
                                                      const UploadRequest& upload) {
  ASSIGN_OR_RETURN(std::string file_name, CleanFileName(upload.file_name));
  if (upload.bytes.empty()) {
    return InvalidArgumentError(fmt::format("'{}' is empty: there is no table in it", file_name));
  }
  if (static_cast<int64_t>(upload.bytes.size()) > options_.max_upload_bytes) {
    return InvalidArgumentError(fmt::format("'{}' is {} bytes; uploads are limited to {} bytes",
                                            file_name, upload.bytes.size(),
                                            options_.max_upload_bytes));
  }
  ASSIGN_OR_RETURN(store::Conversation conversation,
                   store_.GetConversation(user.id, conversation_id));
  ASSIGN_OR_RETURN(const SpaceRuntime* space, spaces_.Find(conversation.space_id));
  RETURN_IF_ERROR(access_.CheckSpace(user, *space));
  if (!space->attachments) {
    return FailedPreconditionError(fmt::format(
        "space '{}' does not take attachments: its engine cannot read them", space->id));
  }
  store::Attachment attachment;
  attachment.id = NewId();
  attachment.conversation_id = conversation.id;
  attachment.user_id = user.id;
  attachment.file_name = file_name;
  attachment.size_bytes = static_cast<int64_t>(upload.bytes.size());
  ScratchFolder incoming{fs::path(options_.directory) / kIncoming / attachment.id};
  std::error_code ec;
  fs::create_directories(incoming.path, ec);
  if (ec) return InternalError(fmt::format("attachments: cannot make a folder: {}", ec.message()));
  const fs::path input = incoming.path / "upload";
  const fs::path output = incoming.path / "table.parquet";
  RETURN_IF_ERROR(WriteFile(input, upload.bytes));
  ASSIGN_OR_RETURN(engine::ConvertedFile converted,
                   converter_.Convert({input.string(), file_name, upload.format, output.string()}));
  attachment.format = converted.format;
  attachment.table_name = converted.table.name;
  attachment.row_count = converted.row_count;
  attachment.columns_json = TableSchemaToJson(converted.table);
  attachment.created_ms = clock_.NowMs();
  {
    std::lock_guard<std::mutex> lock(record_mu_);
    RETURN_IF_ERROR(Record(user, *space, output.string(), &attachment));
  }
  store::UsageEvent usage;
  usage.time_ms = attachment.created_ms;
  usage.user_id = user.id;
  usage.space_id = space->id;
  usage.conversation_id = conversation.id;
  usage.kind = "upload";
  usage.outcome = "completed";
  usage.question = file_name;
  (void)store_.AddUsageEvent(usage);
  return attachment;
}

Status AttachmentService::Record(const store::User& user, const SpaceRuntime& space,
                                 const std::string& converted, store::Attachment* attachment) {
  ASSIGN_OR_RETURN(std::vector<store::Attachment> existing,
                   store_.ListAttachments(user.id, attachment->conversation_id));
  if (static_cast<int>(existing.size()) >= options_.max_per_conversation) {
    return FailedPreconditionError(
        fmt::format("the conversation already has {} attachments, the most it may have; delete "
                    "one to add another",
                    existing.size()));
  }
  std::set<std::string> taken = WarehouseNames(space, space.policy);
  for (const store::Attachment& other : existing) taken.insert(Lower(other.table_name));
  attachment->table_name = FreeName(attachment->table_name, taken);
  ASSIGN_OR_RETURN(attachment->storage_path, FilePath(attachment->conversation_id, attachment->id));
  std::error_code ec;
  fs::create_directories(fs::path(attachment->storage_path).parent_path(), ec);
  if (!ec) fs::rename(converted, attachment->storage_path, ec);
  if (ec) return InternalError(fmt::format("attachments: cannot keep the file: {}", ec.message()));
  Status added = store_.AddAttachment(*attachment);
  if (!added.ok()) {
    // The conversation may have been deleted meanwhile: leave no file, and no
    // folder if it was the only one.
    fs::remove(attachment->storage_path, ec);
    fs::remove(fs::path(attachment->storage_path).parent_path(), ec);
  }
  return added;
}

StatusOr<std::vector<store::Attachment>> AttachmentService::List(
    const store::User& user, std::string_view conversation_id) const {
  return store_.ListAttachments(user.id, conversation_id);
}

Status AttachmentService::Delete(const store::User& user, std::string_view conversation_id,
                                 std::string_view attachment_id) {
  RETURN_IF_ERROR(store_.DeleteAttachment(user.id, conversation_id, attachment_id));
  ASSIGN_OR_RETURN(std::string path, FilePath(conversation_id, attachment_id));
  std::error_code ignored;
  fs::remove(path, ignored);
  return Status::Ok();
}

void AttachmentService::RemoveFiles(std::string_view conversation_id) {
  if (!IsSafeId(conversation_id)) return;
  std::error_code ignored;
  fs::remove_all(fs::path(options_.directory) / conversation_id, ignored);
}

StatusOr<ConversationScope> AttachmentService::ScopeFor(const store::User& user,
                                                        std::string_view conversation_id,
                                                        const SpaceRuntime& space,
                                                        sql::GuardPolicy policy) {
  ConversationScope scope;
  scope.policy = std::move(policy);
  if (!space.attachments) return scope;
  ASSIGN_OR_RETURN(std::vector<store::Attachment> attachments,
                   store_.ListAttachments(user.id, conversation_id));
  const std::set<std::string> warehouse = WarehouseNames(space, scope.policy);
  std::vector<const store::Attachment*> used;
  std::string key = space.id + "/" + std::string(conversation_id);
  for (const store::Attachment& attachment : attachments) {
    if (warehouse.count(Lower(attachment.table_name))) continue;
    ASSIGN_OR_RETURN(std::string path, FilePath(attachment.conversation_id, attachment.id));
    scope.policy.virtual_tables[attachment.table_name] = converter_.SourceSql(path);
    used.push_back(&attachment);
    key += "/" + attachment.id;
  }
  if (used.empty()) return scope;
  // Only on a miss: the kept schemas are read and the model bootstrapped.
  auto build = [&]() -> StatusOr<std::shared_ptr<const AttachmentModel>> {
    std::vector<TableSchema> tables;
    for (const store::Attachment* attachment : used) {
      TableSchema table;
      table.name = attachment->table_name;
      table.row_count = attachment->row_count;
      RETURN_IF_ERROR(TableSchemaFromJson(attachment->columns_json, &table));
      tables.push_back(std::move(table));
    }
    auto built = std::make_shared<AttachmentModel>();
    ASSIGN_OR_RETURN(built->model, ModelWithTables(*space.model, tables));
    built->parser = std::make_unique<nlq::Parser>(built->model);
    return std::shared_ptr<const AttachmentModel>(std::move(built));
  };
  ASSIGN_OR_RETURN(scope.attachments, models_.Get(key, build));
  return scope;
}

}  // namespace scry::conversation
