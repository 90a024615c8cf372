#include "server/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "server/router.h"

namespace scry::server {
namespace {

// Prometheus spells infinities and NaN its own way; the rest is the shortest
// representation that reads back exactly.
std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void AppendEscaped(std::string_view text, bool escape_quotes, std::string* out) {
  for (char c : text) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '"' && escape_quotes) {
      out->append("\\\"");
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(upper_bounds_.size() + 1)) {
  std::sort(upper_bounds_.begin(), upper_bounds_.end());
}

void Histogram::Observe(double value) {
  size_t bucket =
      std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) - upper_bounds_.begin();
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

uint64_t Histogram::CumulativeCount(size_t i) const {
  uint64_t total = 0;
  for (size_t b = 0; b <= i && b <= upper_bounds_.size(); ++b) {
    total += buckets_[b].load(std::memory_order_relaxed);
  }
  return total;
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::string MetricFamilyBase::LabelText(const std::vector<std::string>& values,
                                        std::string_view extra) const {
  if (label_names_.empty() && extra.empty()) return "";
  std::string text = "{";
  for (size_t i = 0; i < label_names_.size(); ++i) {
    if (i > 0) text += ',';
    text += label_names_[i];
    text += "=\"";
    AppendEscaped(values[i], /*escape_quotes=*/true, &text);
    text += '"';
  }
  if (!extra.empty()) {
    if (!label_names_.empty()) text += ',';
    text += extra;
  }
  text += '}';
  return text;
}

void MetricFamilyBase::RenderHeader(std::string_view type, std::string* out) const {
  *out += "# HELP " + name_ + ' ';
  AppendEscaped(help_, /*escape_quotes=*/false, out);
  *out += "\n# TYPE " + name_ + ' ' + std::string(type) + '\n';
}

template <>
void MetricFamily<Counter>::Render(std::string* out) const {
  RenderHeader("counter", out);
  std::lock_guard lock(mu_);
  for (const auto& [labels, child] : children_) {
    *out += name_ + LabelText(labels) + ' ' + FormatValue(child->value()) + '\n';
  }
}

template <>
void MetricFamily<Gauge>::Render(std::string* out) const {
  RenderHeader("gauge", out);
  std::lock_guard lock(mu_);
  for (const auto& [labels, child] : children_) {
    *out += name_ + LabelText(labels) + ' ' + FormatValue(child->value()) + '\n';
  }
}

template <>
void MetricFamily<Histogram>::Render(std::string* out) const {
  RenderHeader("histogram", out);
  std::lock_guard lock(mu_);
  for (const auto& [labels, child] : children_) {
    const std::vector<double>& bounds = child->upper_bounds();
    for (size_t i = 0; i <= bounds.size(); ++i) {
      double bound = i < bounds.size() ? bounds[i] : INFINITY;
      std::string le = "le=\"" + FormatValue(bound) + '"';
      *out += name_ + "_bucket" + LabelText(labels, le) + ' ' +
              std::to_string(child->CumulativeCount(i)) + '\n';
    }
    *out += name_ + "_sum" + LabelText(labels) + ' ' + FormatValue(child->sum()) + '\n';
    *out += name_ + "_count" + LabelText(labels) + ' ' + std::to_string(child->count()) + '\n';
  }
}

template <typename T, typename... Args>
MetricFamily<T>& MetricsRegistry::Add(const std::string& name, Args&&... args) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it != families_.end()) {
    if (auto* family = dynamic_cast<MetricFamily<T>*>(it->second.get())) return *family;
    auto detached = std::make_unique<MetricFamily<T>>(name, std::forward<Args>(args)...);
    auto& family = *detached;
    detached_.push_back(std::move(detached));
    return family;
  }
  auto family = std::make_unique<MetricFamily<T>>(name, std::forward<Args>(args)...);
  auto& result = *family;
  families_.emplace(name, std::move(family));
  return result;
}

MetricFamily<Counter>& MetricsRegistry::AddCounter(const std::string& name, const std::string& help,
                                                   std::vector<std::string> label_names) {
  return Add<Counter>(name, help, std::move(label_names));
}

MetricFamily<Gauge>& MetricsRegistry::AddGauge(const std::string& name, const std::string& help,
                                               std::vector<std::string> label_names) {
  return Add<Gauge>(name, help, std::move(label_names));
}

MetricFamily<Histogram>& MetricsRegistry::AddHistogram(const std::string& name,
                                                       const std::string& help,
                                                       std::vector<std::string> label_names,
                                                       std::vector<double> buckets) {
  return Add<Histogram>(name, help, std::move(label_names), std::move(buckets));
}

std::string MetricsRegistry::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, family] : families_) family->Render(&out);
  return out;
}

Status AddMetricsRoute(Router& router, const MetricsRegistry& registry) {
  return router.Add("GET", "/metrics", Sync([&registry](const Request&) {
                      return Response::Text(200, registry.Render(),
                                            std::string(kMetricsContentType));
                    }));
}

}  // namespace scry::server
