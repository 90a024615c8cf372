// The spaces a server answers questions on, opened from scry.yaml: each one a
// Dataset (engine, semantic model, parser, dialect, guard) narrowed to the
// tables the space exposes, presented to the conversation service as a
// SpaceDirectory.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "app/dataset.h"
#include "app/server_config.h"
#include "common/clock.h"
#include "conversation/service.h"

namespace scry::app {

// Drops every table not in `tables` (case-insensitive) from the model, with
// the joins and metrics that need one; the parser then cannot name them and
// the guard refuses them. Unknown names are NotFound.
Status NarrowModel(const std::vector<std::string>& tables, semantic::Model* model);

class ServerSpaces final : public conversation::SpaceDirectory {
 public:
  // Opens every space of the configuration; the first failure names the space.
  // `clock` dates the example questions it checks ("last year"). With
  // `attachments_directory`, DuckDB warehouses may read it and their spaces
  // take attachments (SpaceRuntime::attachments).
  static StatusOr<std::unique_ptr<ServerSpaces>> Open(
      const std::vector<SpaceConfig>& spaces, const Clock& clock,
      const std::string& attachments_directory = "");

  StatusOr<const conversation::SpaceRuntime*> Find(std::string_view space_id) const override;
  std::vector<const conversation::SpaceRuntime*> List() const override;

  // The configuration a space was opened from (row filters live there).
  const SpaceConfig* ConfigOf(std::string_view space_id) const;

 private:
  struct Entry {
    SpaceConfig config;
    std::unique_ptr<Dataset> dataset;
    conversation::SpaceRuntime runtime;
  };
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace scry::app
