// The semantic model as YAML: the file `scry model init` writes and a person
// refines. Every field of Model round-trips; unknown keys are an error that
// names the key and its line, so a typo does not silently drop a setting.
#pragma once

#include <string>

#include "common/status_or.h"
#include "semantic/model.h"

namespace scry::semantic {

std::string ModelToYaml(const Model& model);

// Fails with InvalidArgument naming the line and the problem.
StatusOr<Model> ModelFromYaml(std::string_view yaml);

Status SaveModel(const Model& model, const std::string& path);
StatusOr<Model> LoadModel(const std::string& path);

}  // namespace scry::semantic
