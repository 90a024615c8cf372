// The real scry binary as a child of the test process.
//
// RunScry runs a command to completion (demo-data, user add, token create).
// ScryServer starts `scry serve`, learns the port it bound from the line it
// prints on stdout, and can kill it with SIGKILL (a crash) or stop it with
// SIGTERM (a clean shutdown). A server is only ever signalled by its own PID,
// and the destructor kills and reaps it, so a failing test leaves nothing
// running; should the test process itself die, the kernel kills the server
// (PR_SET_PDEATHSIG).
//
// Output goes to files in a folder the caller names, so a chatty server can
// never block on a full pipe; the files are read for failure messages.
//
// Not thread-safe: one thread starts, signals and destroys a server.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"

namespace scry::testing {

struct ScryRun {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `scry <args>` and waits for it; its output is captured through files
// in `dir`. Internal when it cannot be started.
StatusOr<ScryRun> RunScry(const std::vector<std::string>& args, const std::filesystem::path& dir);

class ScryServer {
 public:
  // Starts `scry serve --config <config>` with its stdout and stderr in
  // `<dir>/<name>.out` and `.err`, and waits (up to `ready_within`) until it
  // printed the port it serves on. Internal with the server's output when it
  // exits first or never says.
  static StatusOr<std::unique_ptr<ScryServer>> Start(const std::filesystem::path& config,
                                                     const std::filesystem::path& dir,
                                                     const std::string& name,
                                                     std::chrono::milliseconds ready_within);

  ScryServer(const ScryServer&) = delete;
  ScryServer& operator=(const ScryServer&) = delete;
  // Kills (SIGKILL) and reaps the server when it still runs.
  ~ScryServer();

  pid_t pid() const { return pid_; }
  uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }

  // SIGKILL, then waits until the process is gone.
  void Kill();

  // SIGTERM, then waits up to `within` for the server to exit; returns its
  // exit code (-1 when a signal ended it). DeadlineExceeded (after killing
  // it) when it did not exit in time.
  StatusOr<int> Stop(std::chrono::milliseconds within);

  // What the server printed on stdout and stderr, for failure messages.
  std::string Output() const;

 private:
  ScryServer(pid_t pid, std::filesystem::path out, std::filesystem::path err)
      : pid_(pid), out_(std::move(out)), err_(std::move(err)) {}

  // Polls stdout for the "scry serving ... on http://host:port" line.
  Status WaitForPort(std::chrono::milliseconds within);

  pid_t pid_;
  uint16_t port_ = 0;
  std::filesystem::path out_;
  std::filesystem::path err_;
};

}  // namespace scry::testing
