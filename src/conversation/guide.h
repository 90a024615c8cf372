// The "How to ask" guide of a space, made from its semantic model and its
// data as the asker may see them: what can be measured (metrics and measure
// columns), by what (dimensions with sample values), over which time ranges
// (each date column's first and last day, read through the guard under the
// asker's row filters), the time phrases the parser reads, example questions
// that parse and return rows for the asker, and tips with the space's own
// values. As JSON for the page and as Markdown to download and print.
//
// GuideService caches each guide for a while per space and guard policy
// (users with the same row filters share one), since building one runs a
// few queries. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status_or.h"
#include "conversation/service.h"
#include "sql/guard.h"

namespace scry::conversation {

struct Guide {
  struct Measure {
    std::string name;  // a metric's name, or "table.column"
    std::string display_name;
    std::string description;
    std::string format;  // currency, percent, number, plain, ...
  };
  struct Dimension {
    std::string name;  // "table.column"
    std::string display_name;
    std::string description;
    std::string table;  // its table's display name
    std::string role;   // dimension (a category), name (names rows), flag (yes/no)
    std::vector<std::string> sample_values;
  };
  struct TimeColumn {
    std::string name;  // "table.column"
    std::string display_name;
    std::string table;
    // First and last day with data ("YYYY-MM-DD"); empty when the table
    // holds no rows the asker may see.
    std::string from;
    std::string to;
    std::vector<std::string> grains;
  };
  struct Example {
    std::string question;
    std::string what;  // how scry reads it: "Sum of revenue by store region"
  };
  std::string space_id;
  std::string title;
  std::string intro;
  std::vector<Measure> measures;
  std::vector<Dimension> dimensions;
  std::vector<TimeColumn> time;
  std::vector<std::string> time_phrases;
  std::vector<Example> examples;
  std::vector<std::string> tips;
};

nlohmann::json GuideJson(const Guide& guide);
std::string GuideMarkdown(const Guide& guide);

struct GuideOptions {
  // How long a built guide is served before it is built again (the data
  // grows, so date ranges move).
  std::chrono::seconds ttl{600};
  size_t max_examples = 8;
  size_t max_dimensions = 24;
  size_t max_time_columns = 12;
  // Each query the guide runs (date ranges, example checks).
  std::chrono::milliseconds query_timeout{10'000};
};

class GuideService {
 public:
  // `access` and `clock` must outlive the service.
  GuideService(const AccessPolicy& access, const Clock& clock, GuideOptions options = {});

  // The guide of `space` for `user`: PermissionDenied when the user may not
  // use the space; engine failures while measuring are left out of the guide
  // (a date range unknown, an example dropped), not errors.
  StatusOr<Guide> For(const store::User& user, const SpaceRuntime& space);

 private:
  struct Cached {
    std::chrono::steady_clock::time_point built;
    Guide guide;
  };

  const AccessPolicy& access_;
  const Clock& clock_;
  GuideOptions options_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;
};

// Builds a guide without caching (what GuideService::For does on a miss).
Guide BuildGuide(const SpaceRuntime& space, const sql::GuardPolicy& policy, const Clock& clock,
                 const GuideOptions& options);

}  // namespace scry::conversation
