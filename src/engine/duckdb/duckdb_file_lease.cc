#include "engine/duckdb/duckdb_file_lease.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <mutex>

namespace scry::engine {
namespace {

// Readers holding each file, or kWriter.
constexpr int kWriter = -1;

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

std::map<std::string, int>& Registry() {  // GUARDED_BY(RegistryMutex())
  static std::map<std::string, int> holders;
  return holders;
}

}  // namespace

StatusOr<DuckDbFileLease> DuckDbFileLease::Acquire(const std::string& path, Mode mode) {
  std::error_code ec;
  std::string key = std::filesystem::weakly_canonical(path, ec).string();
  if (ec || key.empty()) key = std::filesystem::absolute(path, ec).lexically_normal().string();
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto& holders = Registry();
  auto it = holders.find(key);
  if (it != holders.end()) {
    if (it->second == kWriter) {
      return UnavailableError(fmt::format(
          "warehouse '{}' is being written by this process (an import or demo generation); "
          "try again when it has finished",
          path));
    }
    if (mode == Mode::kWrite) {
      return UnavailableError(fmt::format(
          "warehouse '{}' is open for questions in this process; close it before writing", path));
    }
    ++it->second;
  } else {
    holders.emplace(key, mode == Mode::kWrite ? kWriter : 1);
  }
  return DuckDbFileLease(std::move(key), mode);
}

DuckDbFileLease& DuckDbFileLease::operator=(DuckDbFileLease&& other) noexcept {
  if (this != &other) {
    Release();
    key_ = std::move(other.key_);
    mode_ = other.mode_;
    other.key_.clear();
  }
  return *this;
}

void DuckDbFileLease::Release() {
  if (key_.empty()) return;
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto& holders = Registry();
  auto it = holders.find(key_);
  if (it != holders.end() && (it->second == kWriter || --it->second == 0)) holders.erase(it);
  key_.clear();
}

}  // namespace scry::engine
