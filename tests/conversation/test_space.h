// A space for tests of everything above the pipeline (the conversation
// service, the server's routes): the demo retail warehouse, small and fixed
// (seed, size, end date 2025-11-24), in DuckDB, with its bootstrapped model,
// parser, dialect and guard, as a SpaceRuntime and a one-space directory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "conversation/service.h"
#include "engine/engine.h"
#include "semantic/model.h"

namespace scry::testing {

struct TestSpace {
  std::string directory;  // removed by the destructor
  std::unique_ptr<engine::Engine> engine;
  semantic::Model model;
  std::unique_ptr<nlq::Parser> parser;
  std::unique_ptr<sql::Dialect> dialect;
  std::unique_ptr<sql::Guard> guard;
  conversation::SpaceRuntime runtime;
  ~TestSpace();
};

// Generates the warehouse (`rows` order lines) in a fresh directory under the
// system's temp folder; the space's id is `id`. With `attachments_directory`
// (which must exist), the engine may read it and the space takes attachments.
StatusOr<std::unique_ptr<TestSpace>> BuildTestSpace(const std::string& id = "demo",
                                                    int64_t rows = 5000,
                                                    const std::string& attachments_directory = "");

// A fresh folder for conversations' attachments under the system's temp
// folder, its path canonical (as the engine and the service must agree on
// it); removed by the destructor.
class AttachmentsFolder {
 public:
  explicit AttachmentsFolder(const std::string& prefix);
  ~AttachmentsFolder();
  const std::string& path() const { return path_; }
  // Every regular file under it.
  std::vector<std::string> Files() const;
  // Removes everything under it.
  void Clear() const;

 private:
  std::string path_;
};

// A directory of the given spaces (not owned).
class TestSpaceDirectory final : public conversation::SpaceDirectory {
 public:
  explicit TestSpaceDirectory(std::vector<const conversation::SpaceRuntime*> spaces)
      : spaces_(std::move(spaces)) {}
  StatusOr<const conversation::SpaceRuntime*> Find(std::string_view space_id) const override;
  std::vector<const conversation::SpaceRuntime*> List() const override { return spaces_; }

 private:
  std::vector<const conversation::SpaceRuntime*> spaces_;
};

}  // namespace scry::testing
