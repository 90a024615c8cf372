#include "store/store.h"

#include <array>
#include <utility>

namespace scry::store {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles = {{
    {Role::kViewer, "viewer"},
    {Role::kAuthor, "author"},
    {Role::kAdmin, "admin"},
}};

constexpr std::array<std::pair<MessageStatus, std::string_view>, 6> kStatuses = {{
    {MessageStatus::kSubmitted, "submitted"},
    {MessageStatus::kUnderstanding, "understanding"},
    {MessageStatus::kRunning, "running"},
    {MessageStatus::kCompleted, "completed"},
    {MessageStatus::kFailed, "failed"},
    {MessageStatus::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoles) {
    if (value == role) return name;
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [value, known] : kRoles) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string_view MessageStatusName(MessageStatus status) {
  for (const auto& [value, name] : kStatuses) {
    if (value == status) return name;
  }
  return "submitted";
}

std::optional<MessageStatus> ParseMessageStatus(std::string_view name) {
  for (const auto& [value, known] : kStatuses) {
    if (known == name) return value;
  }
  return std::nullopt;
}

bool IsFinal(MessageStatus status) {
  return status == MessageStatus::kCompleted || status == MessageStatus::kFailed ||
         status == MessageStatus::kCancelled;
}

}  // namespace scry::store
