#include "store/pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

namespace scry::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kStartAttempts = 5;
// Readiness is polled every 20 ms; PostgreSQL is ready in a few seconds even
// on a loaded machine, so this bound (2 minutes) only stops a hang.
constexpr int kReadyPolls = 6000;

// Binds port 0 on 127.0.0.1 and returns the port the kernel chose. The
// socket is closed before the server binds it, so another process can take
// the port in between: StartServer retries with a new one when that happens.
int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The postgres user, when we must switch to it (we are root).
const passwd* PostgresUser() { return getpwnam("postgres"); }

Status ChownToPostgres(const std::string& path) {
  if (geteuid() != 0) return Status::Ok();
  const passwd* user = PostgresUser();
  if (user == nullptr || chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) {
    return InternalError("chown " + path + " to postgres: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

std::string PgCluster::FindBinDir() {
  std::error_code ec;
  std::string best;
  int best_version = 0;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int version = std::atoi(entry.path().filename().c_str());
    fs::path bin = entry.path() / "bin";
    if (version > best_version && fs::exists(bin / "initdb") && fs::exists(bin / "postgres")) {
      best_version = version;
      best = bin.string();
    }
  }
  return best;
}

PgCluster::PgCluster(PgClusterOptions options, std::string bin_dir, std::string dir)
    : options_(std::move(options)), bin_dir_(std::move(bin_dir)), dir_(std::move(dir)) {}

StatusOr<std::unique_ptr<PgCluster>> PgCluster::Start(PgClusterOptions options) {
  std::string bin_dir = options.bin_dir.empty() ? FindBinDir() : options.bin_dir;
  if (bin_dir.empty()) {
    return NotFoundError(
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
        "scripts/setup.sh installs it");
  }
  if (geteuid() == 0 && PostgresUser() == nullptr) {
    return NotFoundError("running as root but there is no postgres user to run PostgreSQL as");
  }
  char pattern[] = "/tmp/scry-pg-XXXXXX";
  if (mkdtemp(pattern) == nullptr) {
    return InternalError(std::string("mkdtemp: ") + std::strerror(errno));
  }
  std::unique_ptr<PgCluster> cluster(new PgCluster(std::move(options), bin_dir, pattern));
  RETURN_IF_ERROR(ChownToPostgres(cluster->dir_));
  RETURN_IF_ERROR(cluster->InitDb());
  RETURN_IF_ERROR(cluster->StartServer());
  return cluster;
}

PgCluster::~PgCluster() {
  if (server_pid_ != 0) (void)StopServer(SIGQUIT);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

StatusOr<int> PgCluster::Spawn(const std::vector<std::string>& args, const std::string& log,
                               bool die_with_parent) {
  std::vector<std::string> command = args;
  command[0] = bin_dir_ + "/" + args[0];
  std::vector<char*> argv;
  for (std::string& arg : command) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const passwd* user = geteuid() == 0 ? PostgresUser() : nullptr;
  uid_t uid = user ? user->pw_uid : 0;
  gid_t gid = user ? user->pw_gid : 0;

  pid_t pid = fork();
  if (pid < 0) return InternalError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The child must not inherit the
    // test's descriptors (pipes a parent may wait on for EOF).
    int null_fd = open("/dev/null", O_RDONLY);
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null_fd < 0 || log_fd < 0) _exit(126);
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    close_range(3, ~0U, 0);
    if (user != nullptr && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) {
      _exit(125);
    }
    // After setuid, which clears it. Not inherited by the server's own
    // children: postgres ends those itself when it gets SIGQUIT.
    if (die_with_parent && prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0) _exit(124);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return static_cast<int>(pid);
}

Status PgCluster::Run(const std::vector<std::string>& args) {
  std::string log = dir_ + "/commands.log";
  ASSIGN_OR_RETURN(int pid, Spawn(args, log, /*die_with_parent=*/false));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  return InternalError(args[0] + " failed; its output:\n" + ReadFile(log));
}

Status PgCluster::InitDb() {
  RETURN_IF_ERROR(Run({"initdb", "-D", DataDir(), "-U", "postgres", "--auth=trust",
                       "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"}));
  if (mkdir(SocketDir().c_str(), 0700) != 0) {
    return InternalError("mkdir " + SocketDir() + ": " + std::strerror(errno));
  }
  RETURN_IF_ERROR(ChownToPostgres(SocketDir()));
  // Settings for a private test server; the port is given at each start.
  std::ofstream conf(DataDir() + "/postgresql.conf", std::ios::app);
  conf << "\n# scry tests\n"
       << "listen_addresses = '127.0.0.1'\n"
       << "unix_socket_directories = '" << SocketDir() << "'\n"
       << "fsync = " << (options_.fsync ? "on" : "off") << "\n"
       << "full_page_writes = " << (options_.fsync ? "on" : "off") << "\n"
       << "max_connections = 200\n"
       << "shared_buffers = 32MB\n";
  conf.close();
  if (!conf) return InternalError("cannot write " + DataDir() + "/postgresql.conf");
  return Status::Ok();
}

Status PgCluster::StartServer() {
  Status last = InternalError("no start attempt");
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    if (port_ == 0 || attempt > 0) port_ = PickFreePort();
    if (port_ == 0) return InternalError("cannot find a free loopback port");
    ASSIGN_OR_RETURN(server_pid_, Spawn({"postgres", "-D", DataDir(), "-p", std::to_string(port_)},
                                        dir_ + "/server.log", /*die_with_parent=*/true));
    last = WaitUntilReady();
    if (last.ok()) return Status::Ok();
    // Most likely another process took the port meanwhile: try another.
    if (server_pid_ != 0) (void)StopServer(SIGQUIT);
  }
  return InternalError(std::string(last.message()) + "\nserver log:\n" + ServerLog());
}

Status PgCluster::WaitUntilReady() {
  // Asked through our own socket directory, so a server of someone else that
  // holds the port cannot answer in ours' place.
  std::string conninfo = "host=" + SocketDir() + " port=" + std::to_string(port_) +
                         " user=postgres dbname=postgres connect_timeout=5";
  for (int i = 0; i < kReadyPolls; ++i) {
    int status = 0;
    if (waitpid(server_pid_, &status, WNOHANG) == server_pid_) {
      server_pid_ = 0;
      return InternalError("the PostgreSQL server exited while starting");
    }
    if (PQping(conninfo.c_str()) == PQPING_OK) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return InternalError("the PostgreSQL server did not become ready");
}

Status PgCluster::StopServer(int signal) {
  if (server_pid_ == 0) return Status::Ok();
  pid_t pid = server_pid_;
  server_pid_ = 0;
  if (kill(pid, signal) != 0) {
    return InternalError(std::string("kill postgres: ") + std::strerror(errno));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return Status::Ok();
}

Status PgCluster::CrashAndRestart() {
  // SIGQUIT is PostgreSQL's immediate shutdown: no checkpoint, so the next
  // start replays the WAL, as after a crash.
  RETURN_IF_ERROR(StopServer(SIGQUIT));
  return StartServer();
}

std::string PgCluster::ConnInfo(std::string_view database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=postgres dbname=" + std::string(database) + " connect_timeout=10";
}

std::string PgCluster::ServerLog() const { return ReadFile(dir_ + "/server.log"); }

StatusOr<std::vector<std::string>> PgCluster::Query(std::string_view database,
                                                    const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(ConnInfo(database).c_str()),
                                                    &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return UnavailableError(std::string("connect: ") + PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return InternalError(sql + ": " + PQresultErrorMessage(result.get()));
  }
  std::vector<std::string> column;
  for (int i = 0; i < PQntuples(result.get()); ++i)
    column.push_back(PQgetvalue(result.get(), i, 0));
  return column;
}

Status PgCluster::CreateDatabase(std::string_view name) {
  // Quoted the way PostgreSQL quotes identifiers: double quotes doubled.
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return Query("postgres", "CREATE DATABASE " + quoted).status();
}

}  // namespace scry::testing
