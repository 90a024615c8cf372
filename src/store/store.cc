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

std::string_view PrincipalKindName(PrincipalKind kind) {
  return kind == PrincipalKind::kGroup ? "group" : "user";
}

PrincipalKind ParsePrincipalKind(std::string_view name) {
  return name == "group" ? PrincipalKind::kGroup : PrincipalKind::kUser;
}

std::string_view RatingName(Rating rating) {
  switch (rating) {
    case Rating::kUp:
      return "up";
    case Rating::kDown:
      return "down";
    case Rating::kNone:
      break;
  }
  return "none";
}

std::optional<Rating> ParseRating(std::string_view name) {
  if (name == "up") return Rating::kUp;
  if (name == "down") return Rating::kDown;
  if (name == "none") return Rating::kNone;
  return std::nullopt;
}

bool IsFinal(MessageStatus status) {
  return status == MessageStatus::kCompleted || status == MessageStatus::kFailed ||
         status == MessageStatus::kCancelled;
}

}  // namespace scry::store
