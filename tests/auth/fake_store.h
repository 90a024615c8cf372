// FakeStore: an in-memory Store with the parts auth/ uses (users, tokens,
// sessions, spaces, grants) and Unimplemented for the rest. Thread-safe
// through one mutex. Counts writes so tests can see what auth/ stored.
#pragma once

#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace scry::auth::testing {

class FakeStore final : public store::Store {
 public:
  int touch_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return touch_count_;
  }
  size_t session_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.size();
  }

  StatusOr<int> SchemaVersion() override { return 1; }

  StatusOr<store::User> CreateUser(const store::User& user) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (FindUserByEmail(user.email) != nullptr) {
      return AlreadyExistsError("user '" + user.email + "'");
    }
    store::User stored = user;
    stored.id = static_cast<int64_t>(users_.size()) + 1;
    users_.push_back(stored);
    return stored;
  }
  StatusOr<store::User> GetUser(int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (id < 1 || id > static_cast<int64_t>(users_.size())) return NotFoundError("user");
    return users_[id - 1];
  }
  StatusOr<store::User> GetUserByEmail(std::string_view email) override {
    std::lock_guard<std::mutex> lock(mu_);
    const store::User* user = FindUserByEmail(email);
    if (user == nullptr) return NotFoundError("user '" + std::string(email) + "'");
    return *user;
  }
  StatusOr<std::vector<store::User>> ListUsers() override {
    std::lock_guard<std::mutex> lock(mu_);
    return users_;
  }
  Status UpdateUser(const store::User& user) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (user.id < 1 || user.id > static_cast<int64_t>(users_.size())) return NotFoundError("user");
    const int64_t created = users_[user.id - 1].created_ms;
    users_[user.id - 1] = user;
    users_[user.id - 1].created_ms = created;
    return Status::Ok();
  }
  StatusOr<int64_t> CountUsers() override {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int64_t>(users_.size());
  }

  StatusOr<store::AccessToken> CreateToken(const store::AccessToken& token) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& t : tokens_) {
      if (t.token_hash == token.token_hash) return AlreadyExistsError("token hash");
    }
    store::AccessToken stored = token;
    stored.id = static_cast<int64_t>(tokens_.size()) + 1;
    tokens_.push_back(stored);
    return stored;
  }
  StatusOr<store::AccessToken> GetTokenByHash(std::string_view token_hash) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& t : tokens_) {
      if (t.token_hash == token_hash) return t;
    }
    return NotFoundError("token");
  }
  StatusOr<std::vector<store::AccessToken>> ListTokens(int64_t user_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<store::AccessToken> out;
    for (const auto& t : tokens_) {
      if (t.user_id == user_id) out.push_back(t);
    }
    return out;
  }
  Status RevokeToken(int64_t user_id, int64_t token_id, int64_t now_ms) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : tokens_) {
      if (t.id == token_id && t.user_id == user_id) {
        t.revoked_ms = now_ms;
        return Status::Ok();
      }
    }
    return NotFoundError("token " + std::to_string(token_id));
  }
  Status TouchToken(int64_t token_id, int64_t now_ms) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : tokens_) {
      if (t.id == token_id) {
        t.last_used_ms = now_ms;
        ++touch_count_;
        return Status::Ok();
      }
    }
    return NotFoundError("token");
  }

  Status CreateSession(const store::Session& session) override {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.push_back(session);
    return Status::Ok();
  }
  StatusOr<store::Session> GetSession(std::string_view id_hash) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& s : sessions_) {
      if (s.id_hash == id_hash) return s;
    }
    return NotFoundError("session");
  }
  Status DeleteSession(std::string_view id_hash) override {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = std::remove_if(sessions_.begin(), sessions_.end(),
                                   [&](const store::Session& s) { return s.id_hash == id_hash; });
    if (it == sessions_.end()) return NotFoundError("session");
    sessions_.erase(it, sessions_.end());
    return Status::Ok();
  }
  Status DeleteExpiredSessions(int64_t now_ms) override {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(std::remove_if(sessions_.begin(), sessions_.end(),
                                   [&](const store::Session& s) { return s.expires_ms <= now_ms; }),
                    sessions_.end());
    return Status::Ok();
  }

  Status PutSpace(const store::Space& space) override {
    std::lock_guard<std::mutex> lock(mu_);
    spaces_.erase(std::remove_if(spaces_.begin(), spaces_.end(),
                                 [&](const store::Space& s) { return s.id == space.id; }),
                  spaces_.end());
    spaces_.push_back(space);
    return Status::Ok();
  }
  StatusOr<store::Space> GetSpace(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& s : spaces_) {
      if (s.id == id) return s;
    }
    return NotFoundError("space");
  }
  StatusOr<std::vector<store::Space>> ListSpaces() override {
    std::lock_guard<std::mutex> lock(mu_);
    return spaces_;
  }
  Status PutGrant(const store::Grant& grant) override {
    std::lock_guard<std::mutex> lock(mu_);
    grants_.push_back(grant);
    return Status::Ok();
  }
  Status DeleteGrant(const store::Grant& grant) override {
    std::lock_guard<std::mutex> lock(mu_);
    grants_.erase(std::remove_if(grants_.begin(), grants_.end(),
                                 [&](const store::Grant& g) {
                                   return g.space_id == grant.space_id && g.kind == grant.kind &&
                                          g.principal == grant.principal;
                                 }),
                  grants_.end());
    return Status::Ok();
  }
  StatusOr<std::vector<store::Grant>> ListGrants(std::string_view space_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<store::Grant> out;
    for (const auto& g : grants_) {
      if (g.space_id == space_id) out.push_back(g);
    }
    return out;
  }

  // Not used by auth/.
  Status CreateConversation(const store::Conversation&) override { return Unused(); }
  StatusOr<store::Conversation> GetConversation(int64_t, std::string_view) override {
    return Unused();
  }
  StatusOr<store::Page<store::Conversation>> ListConversations(
      const store::ConversationQuery&) override {
    return Unused();
  }
  Status RenameConversation(int64_t, std::string_view, std::string_view, int64_t) override {
    return Unused();
  }
  Status DeleteConversation(int64_t, std::string_view) override { return Unused(); }
  StatusOr<store::Message> AddMessage(const store::Message&) override { return Unused(); }
  StatusOr<store::Message> GetMessage(int64_t, std::string_view, std::string_view) override {
    return Unused();
  }
  StatusOr<std::vector<store::Message>> ListMessages(int64_t, std::string_view) override {
    return Unused();
  }
  StatusOr<store::Page<store::Message>> ListMessagesPage(int64_t, std::string_view, int,
                                                         std::string_view) override {
    return Unused();
  }
  Status SetMessageStatus(std::string_view, store::MessageStatus, int64_t) override {
    return Unused();
  }
  Status FinishMessage(const store::Message&, const store::StoredResult*) override {
    return Unused();
  }
  Status DeleteMessage(int64_t, std::string_view, std::string_view) override { return Unused(); }
  StatusOr<std::vector<store::Message>> ListUnfinishedMessages() override { return Unused(); }
  StatusOr<store::StoredResult> GetResult(std::string_view) override { return Unused(); }
  Status PutFeedback(const store::Feedback&) override { return Unused(); }
  StatusOr<store::Feedback> GetFeedback(std::string_view, int64_t) override { return Unused(); }
  StatusOr<std::vector<store::Feedback>> ListFeedback(int64_t, std::string_view) override {
    return Unused();
  }
  Status AddAttachment(const store::Attachment&) override { return Unused(); }
  StatusOr<std::vector<store::Attachment>> ListAttachments(int64_t, std::string_view) override {
    return Unused();
  }
  Status DeleteAttachment(int64_t, std::string_view, std::string_view) override { return Unused(); }
  Status CreateTrustedQuestion(const store::TrustedQuestion&) override { return Unused(); }
  StatusOr<store::TrustedQuestion> GetTrustedQuestion(std::string_view, std::string_view) override {
    return Unused();
  }
  StatusOr<std::vector<store::TrustedQuestion>> ListTrustedQuestions(std::string_view) override {
    return Unused();
  }
  Status UpdateTrustedQuestion(const store::TrustedQuestion&) override { return Unused(); }
  Status DeleteTrustedQuestion(std::string_view, std::string_view) override { return Unused(); }
  Status RecordTrustedUse(std::string_view, std::string_view, int64_t) override { return Unused(); }
  Status AddUsageEvent(const store::UsageEvent&) override { return Unused(); }
  StatusOr<std::vector<store::UsageEvent>> ListUsageEvents(const store::UsageQuery&) override {
    return Unused();
  }

 private:
  static Status Unused() { return UnimplementedError("FakeStore: not used by auth"); }

  static std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  // REQUIRES: mu_ held.
  const store::User* FindUserByEmail(std::string_view email) const {
    for (const auto& u : users_) {
      if (Lower(u.email) == Lower(email)) return &u;
    }
    return nullptr;
  }

  mutable std::mutex mu_;
  std::vector<store::User> users_;          // GUARDED_BY(mu_); id = index + 1
  std::vector<store::AccessToken> tokens_;  // GUARDED_BY(mu_)
  std::vector<store::Session> sessions_;    // GUARDED_BY(mu_)
  std::vector<store::Space> spaces_;        // GUARDED_BY(mu_)
  std::vector<store::Grant> grants_;        // GUARDED_BY(mu_)
  int touch_count_ = 0;                     // GUARDED_BY(mu_)
};

}  // namespace scry::auth::testing
