#include "store/pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace scry::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kStartAttempts = 5;

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

std::string FindRunuser() {
  for (const char* path : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
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
    if (version > best_version && fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl")) {
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
  if (geteuid() == 0 && (PostgresUser() == nullptr || FindRunuser().empty())) {
    return NotFoundError("running as root but there is no postgres user or runuser");
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
  if (running_ && !StopServer("immediate").ok()) {
    // pg_ctl failed: end the postmaster we started, named by its pid file.
    std::ifstream pid_file(DataDir() + "/postmaster.pid");
    pid_t pid = 0;
    if (pid_file >> pid && pid > 0) kill(pid, SIGKILL);
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Status PgCluster::Run(const std::vector<std::string>& args) {
  std::vector<std::string> command;
  if (geteuid() == 0) command = {FindRunuser(), "-u", "postgres", "--"};
  command.push_back(bin_dir_ + "/" + args[0]);
  command.insert(command.end(), args.begin() + 1, args.end());
  std::vector<char*> argv;
  for (std::string& arg : command) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::string log = dir_ + "/commands.log";
  pid_t pid = fork();
  if (pid < 0) return InternalError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The server pg_ctl starts must
    // not inherit the test's descriptors (pipes a parent may wait on).
    int null_fd = open("/dev/null", O_RDONLY);
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null_fd < 0 || log_fd < 0) _exit(126);
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    close_range(3, ~0U, 0);
    execv(argv[0], argv.data());
    _exit(127);
  }
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
    // -w: pg_ctl returns once the server accepts connections (or gave up).
    last = Run({"pg_ctl", "start", "-w", "-t", "60", "-D", DataDir(), "-l", dir_ + "/server.log",
                "-o", "-p " + std::to_string(port_)});
    if (last.ok()) {
      running_ = true;
      return Status::Ok();
    }
  }
  return InternalError(std::string(last.message()) + "\nserver log:\n" + ServerLog());
}

Status PgCluster::StopServer(std::string_view mode) {
  RETURN_IF_ERROR(
      Run({"pg_ctl", "stop", "-w", "-t", "60", "-D", DataDir(), "-m", std::string(mode)}));
  running_ = false;
  return Status::Ok();
}

Status PgCluster::CrashAndRestart() {
  RETURN_IF_ERROR(StopServer("immediate"));
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
