// scry serve, scry user, scry token: the server and the accounts it serves.
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "app/server_app.h"
#include "auth/password.h"
#include "auth/tokens.h"

namespace scry::app {
namespace {

StatusOr<ServerConfig> ConfigFor(const ServeCommandOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  // A warehouse given on the command line becomes the space "default".
  if (!options.warehouse.empty()) {
    overrides.push_back("spaces.default.warehouse=" + options.warehouse);
  }
  if (!options.listen.empty()) overrides.push_back("listen=" + options.listen);
  return LoadServerConfig(options.config, overrides);
}

}  // namespace

Status RunServe(const ServeCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, ConfigFor(options));
  if (config.spaces.empty()) {
    return InvalidArgumentError(
        "no spaces: name a warehouse with --warehouse, or list spaces in scry.yaml");
  }
  // Signals are waited for on this thread, never handled asynchronously.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // The log (one key=value line per request, with its request id) goes to
  // stderr; stdout says only where the server listens, for scripts to read.
  if (spdlog::get("scry") == nullptr) spdlog::set_default_logger(spdlog::stderr_color_mt("scry"));
  ASSIGN_OR_RETURN(std::unique_ptr<ServerApp> app, ServerApp::Open(config));
  RETURN_IF_ERROR(app->Start());
  out << fmt::format("scry serving {} space{} on {}://{}:{}\n", config.spaces.size(),
                     config.spaces.size() == 1 ? "" : "s",
                     config.tls_certificate.empty() ? "http" : "https", config.listen_host,
                     app->port())
      << std::flush;
  int received = 0;
  sigwait(&signals, &received);
  out << "stopping: finishing answers in progress\n" << std::flush;
  app->Stop();
  return Status::Ok();
}

Status RunUserAdd(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  const std::optional<store::Role> role =
      store::ParseRole(options.role.empty() ? "viewer" : options.role);
  if (!role) return InvalidArgumentError("--role: one of viewer, author, admin");
  store::User user;
  user.email = options.email;
  user.display_name = options.name.empty() ? options.email : options.name;
  user.role = *role;
  if (!options.password.empty()) {
    RETURN_IF_ERROR(auth::CheckPasswordRules(options.password, options.email));
    ASSIGN_OR_RETURN(user.password_hash, auth::HashPassword(options.password));
  }
  ASSIGN_OR_RETURN(store::User created, store->CreateUser(user));
  out << fmt::format("user {} ({}) created with id {}\n", created.email,
                     store::RoleName(created.role), created.id);
  return Status::Ok();
}

Status RunUserList(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(std::vector<store::User> users, store->ListUsers());
  for (const store::User& user : users) {
    std::string attributes;
    for (const auto& [key, value] : user.attributes) {
      attributes += fmt::format("{}{}={}", attributes.empty() ? "" : ", ", key, value);
    }
    out << fmt::format("{:>4}  {:<32} {:<7} {}{}\n", user.id, user.email,
                       store::RoleName(user.role), attributes, user.disabled ? " (disabled)" : "");
  }
  return Status::Ok();
}

Status RunUserSet(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::User user, store->GetUserByEmail(options.email));
  if (!options.role.empty()) {
    const std::optional<store::Role> role = store::ParseRole(options.role);
    if (!role) return InvalidArgumentError("role: one of viewer, author, admin");
    user.role = *role;
  }
  if (!options.attribute.empty()) {
    const size_t equals = options.attribute.find('=');
    if (equals == std::string::npos || equals == 0) {
      return InvalidArgumentError("attribute: expected key=value, e.g. region=Europe");
    }
    const std::string key = options.attribute.substr(0, equals);
    const std::string value = options.attribute.substr(equals + 1);
    if (value.empty()) {
      user.attributes.erase(key);
    } else {
      user.attributes[key] = value;
    }
  }
  RETURN_IF_ERROR(store->UpdateUser(user));
  out << fmt::format("user {} updated\n", user.email);
  return Status::Ok();
}

Status RunTokenCreate(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::User user, store->GetUserByEmail(options.email));
  SystemClock clock;
  auth::TokenService tokens(*store, clock);
  std::optional<std::chrono::milliseconds> ttl;
  if (options.ttl_days > 0) {
    ttl = std::chrono::milliseconds(static_cast<int64_t>(options.ttl_days * 86'400'000));
  }
  ASSIGN_OR_RETURN(auth::CreatedToken created,
                   tokens.Create(user, options.name.empty() ? "cli" : options.name, ttl));
  // The secret alone on stdout, so scripts can capture it; it is not shown again.
  out << created.secret << '\n';
  return Status::Ok();
}

Status RunTokenList(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::User user, store->GetUserByEmail(options.email));
  ASSIGN_OR_RETURN(std::vector<store::AccessToken> tokens, store->ListTokens(user.id));
  for (const store::AccessToken& token : tokens) {
    out << fmt::format("{:>4}  {:<20} {}…  {}\n", token.id, token.name, token.prefix,
                       token.revoked_ms ? "revoked" : "active");
  }
  return Status::Ok();
}

Status RunTokenRevoke(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::User user, store->GetUserByEmail(options.email));
  SystemClock clock;
  auth::TokenService tokens(*store, clock);
  RETURN_IF_ERROR(tokens.Revoke(user.id, options.token_id));
  out << fmt::format("token {} revoked\n", options.token_id);
  return Status::Ok();
}

namespace {

// The space the options name, from the configuration (recorded in the store
// if the server has not run yet).
StatusOr<store::Space> SpaceOf(const UserCommandOptions& options, const ServerConfig& config,
                               store::Store& store) {
  for (const SpaceConfig& configured : config.spaces) {
    if (configured.id != options.space) continue;
    StatusOr<store::Space> stored = store.GetSpace(configured.id);
    if (stored.ok()) return stored;
    store::Space space;
    space.id = configured.id;
    space.title = configured.title;
    space.description = configured.description;
    space.created_ms = space.updated_ms = SystemClock().NowMs();
    RETURN_IF_ERROR(store.PutSpace(space));
    return space;
  }
  return store.GetSpace(options.space);
}

// The grant the options name: a space and exactly one of --user, --group.
StatusOr<store::Grant> GrantOf(const UserCommandOptions& options, const ServerConfig& config,
                               store::Store& store) {
  if (options.email.empty() == options.group.empty()) {
    return InvalidArgumentError("name exactly one of --user EMAIL or --group NAME");
  }
  ASSIGN_OR_RETURN(store::Space space, SpaceOf(options, config, store));
  store::Grant grant;
  grant.space_id = space.id;
  if (!options.group.empty()) {
    grant.kind = store::PrincipalKind::kGroup;
    grant.principal = options.group;
  } else {
    ASSIGN_OR_RETURN(store::User user, store.GetUserByEmail(options.email));
    grant.kind = store::PrincipalKind::kUser;
    grant.principal = std::to_string(user.id);
  }
  return grant;
}

}  // namespace

Status RunGrantAdd(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::Grant grant, GrantOf(options, config, *store));
  grant.created_ms = SystemClock().NowMs();
  RETURN_IF_ERROR(store->PutGrant(grant));
  out << fmt::format("space {} granted to {} {}\n", grant.space_id,
                     store::PrincipalKindName(grant.kind),
                     options.group.empty() ? options.email : options.group);
  return Status::Ok();
}

Status RunGrantList(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::Space space, SpaceOf(options, config, *store));
  ASSIGN_OR_RETURN(std::vector<store::Grant> grants, store->ListGrants(space.id));
  for (const store::Grant& grant : grants) {
    std::string who = grant.principal;
    if (grant.kind == store::PrincipalKind::kUser) {
      StatusOr<store::User> user = store->GetUser(std::atoll(grant.principal.c_str()));
      if (user.ok()) who = user->email;
    }
    out << fmt::format("{:<6} {}\n", store::PrincipalKindName(grant.kind), who);
  }
  return Status::Ok();
}

Status RunGrantRemove(const UserCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(ServerConfig config, LoadServerConfig(options.config, options.overrides));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(store::Grant grant, GrantOf(options, config, *store));
  RETURN_IF_ERROR(store->DeleteGrant(grant));
  out << fmt::format("grant of space {} removed\n", grant.space_id);
  return Status::Ok();
}

}  // namespace scry::app
