#include "app/server_config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/clock.h"

namespace scry::app {
namespace {

namespace fs = std::filesystem;

// A failure while reading one key; turned into a Status at the edge, because
// yaml-cpp reports through exceptions anyway.
struct ConfigError {
  std::string key;
  std::string problem;
};

[[noreturn]] void Fail(const std::string& key, const std::string& problem) {
  throw ConfigError{key, problem};
}

std::string Join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

void CheckKeys(const YAML::Node& node, const std::string& where,
               const std::set<std::string>& known) {
  if (!node.IsMap()) Fail(where.empty() ? "(top level)" : where, "expected a mapping of keys");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (known.count(key) == 0) {
      std::string list;
      for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
      Fail(Join(where, key), fmt::format("unknown key; known keys here: {}", list));
    }
  }
}

std::string Text(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) Fail(key, "expected text");
  return node.as<std::string>();
}

int64_t WholeNumber(const YAML::Node& node, const std::string& key, int64_t low, int64_t high) {
  const std::string text = node.IsScalar() ? node.as<std::string>() : "";
  int64_t value = 0;
  size_t used = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < low || value > high) {
    Fail(key, fmt::format("expected a whole number from {} to {}, got '{}'", low, high, text));
  }
  return value;
}

double Number(const YAML::Node& node, const std::string& key, double low, double high) {
  const std::string text = node.IsScalar() ? node.as<std::string>() : "";
  double value = 0;
  size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || !(value >= low && value <= high)) {
    Fail(key, fmt::format("expected a number from {} to {}, got '{}'", low, high, text));
  }
  return value;
}

std::vector<std::string> TextList(const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence()) Fail(key, "expected a list, e.g. [orders, customers]");
  std::vector<std::string> out;
  for (size_t i = 0; i < node.size(); ++i) {
    out.push_back(Text(node[i], fmt::format("{}[{}]", key, i)));
  }
  return out;
}

bool IsIdentifierLike(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

// Makes the relative path at node[key] relative to `base` (the config file's folder).
void Anchor(YAML::Node node, const std::string& key, const fs::path& base) {
  if (!node.IsMap() || !node[key] || !node[key].IsScalar()) return;
  const fs::path path = node[key].as<std::string>();
  if (path.empty() || path.is_absolute()) return;
  node[key] = (base / path).lexically_normal().string();
}

void AnchorPaths(YAML::Node root, const fs::path& base) {
  if (!root.IsMap()) return;
  Anchor(root, "web_root", base);
  if (root["tls"]) {
    Anchor(root["tls"], "certificate", base);
    Anchor(root["tls"], "key", base);
  }
  if (root["store"]) Anchor(root["store"], "path", base);
  if (root["attachments"]) Anchor(root["attachments"], "directory", base);
  if (root["spaces"] && root["spaces"].IsSequence()) {
    for (YAML::Node space : root["spaces"]) {
      Anchor(space, "warehouse", base);
      Anchor(space, "model", base);
    }
  }
}

// The tree `node` with `value` at parts[i..]: maps are walked by key, the
// spaces list by space id. Built from copies, because assigning through
// yaml-cpp's node handles rewrites whatever they point at.
YAML::Node WithValue(const YAML::Node& node, const std::vector<std::string>& parts, size_t i,
                     const YAML::Node& value, const std::string& path) {
  if (i == parts.size()) return value;
  YAML::Node result = node && node.IsMap() ? YAML::Clone(node) : YAML::Node(YAML::NodeType::Map);
  const YAML::Node& read = result;
  if (parts[i] == "spaces" && i + 1 < parts.size()) {
    if (i + 2 >= parts.size()) Fail(path, "name a space's key: spaces.<id>.<key>=value");
    YAML::Node spaces = read["spaces"] && read["spaces"].IsSequence()
                            ? YAML::Clone(read["spaces"])
                            : YAML::Node(YAML::NodeType::Sequence);
    size_t index = spaces.size();
    for (size_t k = 0; k < spaces.size(); ++k) {
      const YAML::Node& space = spaces[k];
      if (space.IsMap() && space["id"] && space["id"].as<std::string>() == parts[i + 1]) index = k;
    }
    YAML::Node space(YAML::NodeType::Map);
    if (index < spaces.size()) {
      space = YAML::Clone(spaces[index]);
    } else {
      space["id"] = parts[i + 1];
    }
    YAML::Node updated = WithValue(space, parts, i + 2, value, path);
    YAML::Node rebuilt(YAML::NodeType::Sequence);
    for (size_t k = 0; k < spaces.size(); ++k) rebuilt.push_back(k == index ? updated : spaces[k]);
    if (index == spaces.size()) rebuilt.push_back(updated);
    result["spaces"] = rebuilt;
    return result;
  }
  result[parts[i]] = WithValue(read[parts[i]], parts, i + 1, value, path);
  return result;
}

// Applies "a.b.c=value" to the configuration tree.
void ApplyOverride(YAML::Node& root, const std::string& assignment) {
  const size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    Fail(assignment, "an override is key=value, e.g. limits.workers=4");
  }
  const std::string path = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  std::vector<std::string> parts;
  std::stringstream stream(path);
  for (std::string part; std::getline(stream, part, '.');) {
    if (part.empty()) Fail(path, "empty part in the key");
    parts.push_back(part);
  }
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception&) {
    value = YAML::Node(text);
  }
  root = WithValue(root, parts, 0, value, path);
}

SpaceConfig ReadSpace(const YAML::Node& node, const std::string& where) {
  CheckKeys(node, where,
            {"id", "title", "description", "warehouse", "model", "tables", "row_filters"});
  SpaceConfig space;
  if (!node["id"]) Fail(Join(where, "id"), "every space needs an id, e.g. id: sales");
  space.id = Text(node["id"], Join(where, "id"));
  if (!IsIdentifierLike(space.id)) {
    Fail(Join(where, "id"), "use letters, digits, '-' and '_' only (it appears in URLs)");
  }
  space.title = node["title"] ? Text(node["title"], Join(where, "title")) : space.id;
  if (node["description"])
    space.description = Text(node["description"], Join(where, "description"));
  if (!node["warehouse"]) Fail(Join(where, "warehouse"), "every space needs a warehouse file");
  space.warehouse = Text(node["warehouse"], Join(where, "warehouse"));
  if (node["model"]) space.model = Text(node["model"], Join(where, "model"));
  if (node["tables"]) space.tables = TextList(node["tables"], Join(where, "tables"));
  if (node["row_filters"]) {
    const YAML::Node& rules = node["row_filters"];
    const std::string key = Join(where, "row_filters");
    if (!rules.IsSequence()) Fail(key, "expected a list of {attribute, column}");
    for (size_t i = 0; i < rules.size(); ++i) {
      const std::string at = fmt::format("{}[{}]", key, i);
      CheckKeys(rules[i], at, {"attribute", "column", "table"});
      RowFilterRule rule;
      if (!rules[i]["attribute"] || !rules[i]["column"]) {
        Fail(at, "a row filter needs an attribute and a column");
      }
      rule.attribute = Text(rules[i]["attribute"], at + ".attribute");
      rule.column = Text(rules[i]["column"], at + ".column");
      if (rules[i]["table"]) rule.table = Text(rules[i]["table"], at + ".table");
      space.row_filters.push_back(std::move(rule));
    }
  }
  return space;
}

void ReadLimits(const YAML::Node& node, ServerLimits* limits) {
  CheckKeys(node, "limits",
            {"io_threads", "workers", "download_workers", "max_queued_questions", "max_body_bytes",
             "max_upload_bytes", "query_timeout_seconds", "stored_rows", "answer_rows",
             "requests_per_second", "request_burst", "shutdown_grace_seconds"});
  if (node["io_threads"]) {
    limits->io_threads = WholeNumber(node["io_threads"], "limits.io_threads", 1, 256);
  }
  if (node["workers"]) limits->workers = WholeNumber(node["workers"], "limits.workers", 1, 256);
  if (node["download_workers"]) {
    limits->download_workers =
        WholeNumber(node["download_workers"], "limits.download_workers", 1, 256);
  }
  if (node["max_queued_questions"]) {
    limits->max_queued_questions =
        WholeNumber(node["max_queued_questions"], "limits.max_queued_questions", 1, 1'000'000);
  }
  if (node["max_body_bytes"]) {
    limits->max_body_bytes =
        WholeNumber(node["max_body_bytes"], "limits.max_body_bytes", 1024, int64_t{1} << 30);
  }
  if (node["max_upload_bytes"]) {
    limits->max_upload_bytes =
        WholeNumber(node["max_upload_bytes"], "limits.max_upload_bytes", 1024, int64_t{1} << 40);
  }
  if (node["query_timeout_seconds"]) {
    limits->query_timeout_seconds =
        Number(node["query_timeout_seconds"], "limits.query_timeout_seconds", 0.1, 86400);
  }
  if (node["stored_rows"]) {
    limits->stored_rows = WholeNumber(node["stored_rows"], "limits.stored_rows", 1, 1'000'000);
  }
  if (node["answer_rows"]) {
    limits->answer_rows = WholeNumber(node["answer_rows"], "limits.answer_rows", 0, 1'000'000);
  }
  if (node["requests_per_second"]) {
    limits->requests_per_second =
        Number(node["requests_per_second"], "limits.requests_per_second", 0.01, 1e6);
  }
  if (node["request_burst"]) {
    limits->request_burst = Number(node["request_burst"], "limits.request_burst", 1, 1e6);
  }
  if (node["shutdown_grace_seconds"]) {
    limits->shutdown_grace_seconds =
        Number(node["shutdown_grace_seconds"], "limits.shutdown_grace_seconds", 0, 3600);
  }
}

void ReadAttachments(const YAML::Node& node, AttachmentConfig* attachments) {
  CheckKeys(node, "attachments", {"directory", "max_per_conversation", "workers"});
  if (node["directory"]) attachments->directory = Text(node["directory"], "attachments.directory");
  if (node["max_per_conversation"]) {
    attachments->max_per_conversation = static_cast<int>(
        WholeNumber(node["max_per_conversation"], "attachments.max_per_conversation", 1, 10'000));
  }
  if (node["workers"]) {
    attachments->workers =
        static_cast<int>(WholeNumber(node["workers"], "attachments.workers", 1, 64));
  }
}

ServerConfig Read(const YAML::Node& root, const std::string& source) {
  ServerConfig config;
  config.source = source;
  if (!root || root.IsNull()) return config;
  CheckKeys(root, "",
            {"listen", "tls", "store", "web_root", "today", "spaces", "attachments", "limits"});
  if (root["listen"]) {
    const std::string listen = Text(root["listen"], "listen");
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      Fail("listen", fmt::format("expected host:port, e.g. 127.0.0.1:8080, got '{}'", listen));
    }
    config.listen_host = listen.substr(0, colon);
    if (config.listen_host.size() > 2 && config.listen_host.front() == '[') {
      config.listen_host = config.listen_host.substr(1, config.listen_host.size() - 2);
    }
    config.listen_port = static_cast<int>(
        WholeNumber(YAML::Node(listen.substr(colon + 1)), "listen (port)", 0, 65535));
  }
  if (root["tls"]) {
    CheckKeys(root["tls"], "tls", {"certificate", "key"});
    if (!root["tls"]["certificate"] || !root["tls"]["key"]) {
      Fail("tls", "HTTPS needs both a certificate and a key file");
    }
    config.tls_certificate = Text(root["tls"]["certificate"], "tls.certificate");
    config.tls_key = Text(root["tls"]["key"], "tls.key");
  }
  if (root["store"]) {
    CheckKeys(root["store"], "store", {"kind", "path", "conninfo"});
    if (root["store"]["kind"]) config.store_kind = Text(root["store"]["kind"], "store.kind");
    if (config.store_kind != "sqlite" && config.store_kind != "postgres") {
      Fail("store.kind", fmt::format("expected sqlite or postgres, got '{}'", config.store_kind));
    }
    if (root["store"]["path"]) config.store_path = Text(root["store"]["path"], "store.path");
    if (root["store"]["conninfo"]) {
      config.store_conninfo = Text(root["store"]["conninfo"], "store.conninfo");
    }
    if (config.store_kind == "postgres" && config.store_conninfo.empty()) {
      Fail("store.conninfo", "a postgres store needs a conninfo, e.g. 'host=db dbname=scry'");
    }
  }
  if (root["web_root"]) config.web_root = Text(root["web_root"], "web_root");
  if (root["today"]) {
    config.today = Text(root["today"], "today");
    if (!ParseIsoDate(config.today)) Fail("today", "expected a date of the form YYYY-MM-DD");
  }
  if (root["spaces"]) {
    const YAML::Node& spaces = root["spaces"];
    if (!spaces.IsSequence()) Fail("spaces", "expected a list of spaces");
    std::set<std::string> ids;
    for (size_t i = 0; i < spaces.size(); ++i) {
      const std::string where = fmt::format("spaces[{}]", i);
      SpaceConfig space = ReadSpace(spaces[i], where);
      if (!ids.insert(space.id).second) {
        Fail(where + ".id", fmt::format("space '{}' is defined twice", space.id));
      }
      config.spaces.push_back(std::move(space));
    }
  }
  if (root["attachments"]) ReadAttachments(root["attachments"], &config.attachments);
  if (root["limits"]) ReadLimits(root["limits"], &config.limits);
  if (config.limits.answer_rows > config.limits.stored_rows) {
    Fail("limits.answer_rows", "cannot be more than limits.stored_rows");
  }
  return config;
}

StatusOr<ServerConfig> Parse(YAML::Node root, const std::string& source,
                             const std::vector<std::string>& overrides) {
  try {
    for (const std::string& assignment : overrides) ApplyOverride(root, assignment);
    return Read(root, source);
  } catch (const ConfigError& error) {
    return InvalidArgumentError(fmt::format("{}: {}: {}", source, error.key, error.problem));
  } catch (const YAML::Exception& error) {
    return InvalidArgumentError(fmt::format("{}: {}", source, error.what()));
  }
}

}  // namespace

std::string DefaultDataFolder(const ServerConfig& config) {
  if (config.store_kind == "sqlite" && !config.store_path.empty()) {
    const fs::path folder = fs::path(config.store_path).parent_path();
    return folder.empty() ? std::string(".") : folder.string();
  }
  if (config.spaces.empty()) return "scry-data";
  const fs::path folder = fs::path(config.spaces[0].warehouse).parent_path();
  return folder.empty() ? std::string(".") : folder.string();
}

StatusOr<ServerConfig> ParseServerConfig(const std::string& yaml, const std::string& source,
                                         const std::vector<std::string>& overrides) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& error) {
    return InvalidArgumentError(
        fmt::format("{}: line {}: {}", source, error.mark.line + 1, error.msg));
  }
  return Parse(root, source, overrides);
}

StatusOr<ServerConfig> LoadServerConfig(const std::string& path,
                                        const std::vector<std::string>& overrides) {
  if (path.empty()) return Parse(YAML::Node(), "command line", overrides);
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("{}: cannot open the configuration file", path));
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& error) {
    return InvalidArgumentError(
        fmt::format("{}: line {}: {}", path, error.mark.line + 1, error.msg));
  }
  AnchorPaths(root, fs::absolute(path).parent_path());
  return Parse(root, path, overrides);
}

}  // namespace scry::app
