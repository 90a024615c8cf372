#include "server/router.h"

#include <set>

namespace scry::server {

Handler Sync(std::function<Response(const Request&)> function) {
  return [function = std::move(function)](std::shared_ptr<Exchange> exchange) {
    exchange->Reply(function(exchange->request()));
  };
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  routes.reserve(routes_.size());
  for (const Route& route : routes_) routes.push_back({route.method, route.pattern});
  return routes;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

Status Router::Add(std::string_view method, std::string_view pattern, Handler handler,
                   RouteOptions options) {
  Route route{std::string(method), std::string(pattern), {}, std::move(handler), options};
  std::set<std::string, std::less<>> names;
  for (std::string_view part : SplitPath(pattern)) {
    Segment segment;
    if (part.front() == '{' || part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      if (part.size() < 3 || part.front() != '{' || part.back() != '}' ||
          name.find_first_of("{}") != std::string_view::npos) {
        return InvalidArgumentError("route '" + route.pattern + "': malformed parameter '" +
                                    std::string(part) + "'");
      }
      if (!names.emplace(name).second) {
        return InvalidArgumentError("route '" + route.pattern + "': parameter '" +
                                    std::string(name) + "' appears twice");
      }
      segment = {true, std::string(name)};
    } else {
      segment = {false, std::string(part)};
    }
    route.segments.push_back(std::move(segment));
  }
  for (const Route& other : routes_) {
    if (other.method != route.method || other.segments.size() != route.segments.size()) continue;
    bool same_shape = true;
    for (size_t i = 0; i < route.segments.size() && same_shape; ++i) {
      const Segment& a = route.segments[i];
      const Segment& b = other.segments[i];
      same_shape = a.is_param == b.is_param && (a.is_param || a.text == b.text);
    }
    if (same_shape) {
      return AlreadyExistsError("route " + route.method + " '" + route.pattern +
                                "' clashes with '" + other.pattern + "'");
    }
  }
  routes_.push_back(std::move(route));
  return Status::Ok();
}

bool Router::Matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return false;
  params->clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = route.segments[i];
    if (!segment.is_param) {
      if (segment.text != segments[i]) return false;
      continue;
    }
    std::optional<std::string> value = PercentDecode(segments[i]);
    if (!value) return false;
    (*params)[segment.text] = std::move(*value);
  }
  return true;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
  }
  return false;
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  std::vector<std::string_view> segments = SplitPath(path);
  Match match;
  const Route* best = nullptr;
  const Route* head_fallback = nullptr;  // A GET route that serves HEAD.
  std::set<std::string> allowed;
  std::map<std::string, std::string> params;
  for (const Route& route : routes_) {
    if (!Matches(route, segments, &params)) continue;
    allowed.insert(route.method);
    if (route.method == "GET") allowed.insert("HEAD");
    const Route** slot = route.method == method                        ? &best
                         : (method == "HEAD" && route.method == "GET") ? &head_fallback
                                                                       : nullptr;
    if (slot && (*slot == nullptr || MoreSpecific(route, **slot))) *slot = &route;
  }
  if (best == nullptr) best = head_fallback;
  if (best != nullptr) {
    Matches(*best, segments, &match.params);
    match.kind = Match::Kind::kFound;
    match.handler = &best->handler;
    match.pattern = best->pattern;
    match.options = best->options;
    return match;
  }
  if (allowed.empty()) return match;
  match.kind = Match::Kind::kMethodNotAllowed;
  for (const std::string& name : allowed) {
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += name;
  }
  return match;
}

}  // namespace scry::server
