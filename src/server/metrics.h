// A small Prometheus registry: counters, gauges and histograms with labels,
// rendered in the text exposition format 0.0.4 for GET /metrics.
//
// Thread-safety: everything is safe from any thread. Updating a metric is a
// few atomic operations; looking up a labelled child takes its family's lock,
// so hot paths may keep the reference (children live as long as the registry).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace scry::server {

class Router;

class Counter {
 public:
  void Increment(double by = 1.0) { value_.fetch_add(by, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Increment(double by = 1.0) { value_.fetch_add(by, std::memory_order_relaxed); }
  void Decrement(double by = 1.0) { value_.fetch_sub(by, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  // `upper_bounds` ascending; +Inf is implicit.
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Observations <= upper_bounds()[i] (cumulative, as exposed).
  uint64_t CumulativeCount(size_t i) const;

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // Per bucket, not cumulative.
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Latency buckets in seconds, 5 ms to 60 s.
std::vector<double> DefaultLatencyBuckets();

class MetricFamilyBase {
 public:
  MetricFamilyBase(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~MetricFamilyBase() = default;
  const std::string& name() const { return name_; }
  // Appends "# HELP", "# TYPE" and one line per sample.
  virtual void Render(std::string* out) const = 0;

 protected:
  // `{a="x",b="y"}` (with `extra` appended, e.g. le="0.5"), "" when empty.
  std::string LabelText(const std::vector<std::string>& values, std::string_view extra = {}) const;
  void RenderHeader(std::string_view type, std::string* out) const;

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

// One metric name with a child per combination of label values.
template <typename T>
class MetricFamily final : public MetricFamilyBase {
 public:
  MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
               std::vector<double> buckets = {})
      : MetricFamilyBase(std::move(name), std::move(help), std::move(label_names)),
        buckets_(std::move(buckets)) {}

  // The child for these label values, in label_names order (missing values
  // are "", extra ones dropped). The reference stays valid.
  T& WithLabels(std::vector<std::string> values) {
    values.resize(label_names_.size());
    std::lock_guard lock(mu_);
    auto it = children_.find(values);
    if (it == children_.end()) it = children_.emplace(std::move(values), MakeChild()).first;
    return *it->second;
  }
  // The child without labels.
  T& Get() { return WithLabels({}); }

  void Render(std::string* out) const override;

 private:
  std::unique_ptr<T> MakeChild() const;

  std::vector<double> buckets_;  // Histograms only.
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> children_;  // GUARDED_BY(mu_)
};

template <>
inline std::unique_ptr<Histogram> MetricFamily<Histogram>::MakeChild() const {
  return std::make_unique<Histogram>(buckets_);
}
template <typename T>
std::unique_ptr<T> MetricFamily<T>::MakeChild() const {
  return std::make_unique<T>();
}

// Defined in metrics.cc, one per metric type.
template <>
void MetricFamily<Counter>::Render(std::string* out) const;
template <>
void MetricFamily<Gauge>::Render(std::string* out) const;
template <>
void MetricFamily<Histogram>::Render(std::string* out) const;

class MetricsRegistry {
 public:
  // Each returns the family named `name`, creating it the first time. Names
  // and label names must be valid Prometheus identifiers (programmer input);
  // asking for an existing name with another type is a programmer error that
  // returns a detached family, never rendered.
  MetricFamily<Counter>& AddCounter(const std::string& name, const std::string& help,
                                    std::vector<std::string> label_names = {});
  MetricFamily<Gauge>& AddGauge(const std::string& name, const std::string& help,
                                std::vector<std::string> label_names = {});
  MetricFamily<Histogram>& AddHistogram(const std::string& name, const std::string& help,
                                        std::vector<std::string> label_names = {},
                                        std::vector<double> buckets = DefaultLatencyBuckets());

  // Every family in name order, in the text exposition format 0.0.4.
  std::string Render() const;

 private:
  template <typename T, typename... Args>
  MetricFamily<T>& Add(const std::string& name, Args&&... args);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<MetricFamilyBase>> families_;  // GUARDED_BY(mu_)
  std::vector<std::unique_ptr<MetricFamilyBase>> detached_;            // GUARDED_BY(mu_)
};

// The Content-Type of Render's output.
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

// Registers GET /metrics answering `registry.Render()`; `registry` must
// outlive the router. Returns AlreadyExists if the route is taken.
Status AddMetricsRoute(Router& router, const MetricsRegistry& registry);

}  // namespace scry::server
