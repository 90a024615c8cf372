// PgCluster: a throwaway PostgreSQL server for tests.
//
// Start() runs Debian's initdb in a fresh directory under /tmp, starts the
// server on a loopback port picked at run time (and a Unix socket inside
// that directory), and waits until it accepts connections. The server is a
// child of the test process: the destructor stops it by its PID and removes
// the directory, and should the test process die first (a crash, a ctest
// timeout), the kernel sends the server SIGQUIT (PR_SET_PDEATHSIG), so no
// server outlives its test. Authentication is `trust`: the server listens on
// 127.0.0.1 only.
//
// initdb and postgres refuse to run as root, so when the tests run as root
// they run as the `postgres` user, who owns the directory.
//
// Usage:
//   auto cluster = PgCluster::Start();
//   if (cluster.status().code() == StatusCode::kNotFound) GTEST_SKIP() << ...;
//   ASSERT_TRUE(cluster.ok());
//   ASSERT_TRUE((*cluster)->CreateDatabase("t1").ok());
//   PQconnectdb((*cluster)->ConnInfo("t1").c_str());
//
// Not thread-safe: one thread drives a cluster; the server itself serves any
// number of connections.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/status_or.h"

namespace scry::testing {

struct PgClusterOptions {
  // Off (the default) makes tests fast: a commit still reaches the kernel
  // before it is acknowledged, so killing processes or the server loses
  // nothing, only a machine crash would. On for tests of real durability.
  bool fsync = false;
  // Where initdb and postgres live; empty: Debian's newest
  // /usr/lib/postgresql/<version>/bin.
  std::string bin_dir;
};

class PgCluster {
 public:
  // Debian's PostgreSQL binaries, or empty when PostgreSQL is not installed.
  static std::string FindBinDir();

  // NotFound when PostgreSQL (or, as root, the postgres user) is missing, so
  // callers can skip; Internal with the server's log when it fails to start.
  static StatusOr<std::unique_ptr<PgCluster>> Start(PgClusterOptions options = {});

  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  ~PgCluster();

  int port() const { return port_; }
  const std::string& directory() const { return dir_; }

  // A libpq conninfo for `database` over TCP on 127.0.0.1 as the superuser.
  std::string ConnInfo(std::string_view database) const;

  // CREATE DATABASE `name` (an identifier, quoted for you).
  Status CreateDatabase(std::string_view name);

  // Runs `sql` in `database` as the superuser; returns the first column of
  // each row (NULL as ""). For test setup only: the SQL is not parameterized.
  StatusOr<std::vector<std::string>> Query(std::string_view database, const std::string& sql);

  // Stops the server the way a power cut would from PostgreSQL's point of
  // view (SIGQUIT, an immediate shutdown: no checkpoint, WAL replay on the next
  // start), then starts it again on the same port when it is still free,
  // another one otherwise (read port() and ConnInfo() again).
  Status CrashAndRestart();

  // The server's log, for failure messages.
  std::string ServerLog() const;

 private:
  PgCluster(PgClusterOptions options, std::string bin_dir, std::string dir);

  Status InitDb();
  // Starts the server, picking a new port when `port_` is 0 or taken.
  Status StartServer();
  // Stops the server with SIGINT (fast shutdown) or SIGQUIT (immediate).
  Status StopServer(int signal);
  // Starts a PostgreSQL binary as our child (as `postgres` when we are root)
  // with its output appended to `log`; returns its PID. `die_with_parent`:
  // it gets SIGQUIT when the calling thread exits.
  StatusOr<int> Spawn(const std::vector<std::string>& args, const std::string& log,
                      bool die_with_parent);
  // Spawns and waits; Internal with the output when it fails.
  Status Run(const std::vector<std::string>& args);
  // Waits until the server answers on its socket; Internal when it exits.
  Status WaitUntilReady();
  std::string DataDir() const { return dir_ + "/data"; }
  std::string SocketDir() const { return dir_ + "/socket"; }

  PgClusterOptions options_;
  std::string bin_dir_;
  std::string dir_;
  int port_ = 0;
  int server_pid_ = 0;  // 0: not running
};

}  // namespace scry::testing
