#include "crash/scry_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace scry::testing {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kPoll{20};

std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Starts SCRY_BINARY with `args`, stdin from /dev/null and stdout and stderr
// in the named files. Only async-signal-safe calls run between fork and exec:
// everything the child needs is prepared before the fork.
StatusOr<pid_t> Spawn(const std::vector<std::string>& args, const fs::path& out,
                      const fs::path& err) {
  std::vector<std::string> strings = {SCRY_BINARY};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string out_path = out.string();
  const std::string err_path = err.string();
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid < 0) return InternalError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
    if (dup2(null_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(126);
    // The test's sockets (clients, PostgreSQL) must not live on in the server.
    close_range(3, ~0U, 0);
    // Should the test process die, the server dies with it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(125);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int ExitCode(int wait_status) { return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1; }

}  // namespace

StatusOr<ScryRun> RunScry(const std::vector<std::string>& args, const fs::path& dir) {
  const fs::path out = dir / "run.out";
  const fs::path err = dir / "run.err";
  ASSIGN_OR_RETURN(pid_t pid, Spawn(args, out, err));
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0) {
    if (errno != EINTR) return InternalError(std::string("waitpid: ") + std::strerror(errno));
  }
  ScryRun run;
  run.exit_code = ExitCode(wait_status);
  run.out = ReadWholeFile(out);
  run.err = ReadWholeFile(err);
  return run;
}

StatusOr<std::unique_ptr<ScryServer>> ScryServer::Start(const fs::path& config, const fs::path& dir,
                                                        const std::string& name,
                                                        std::chrono::milliseconds ready_within) {
  const fs::path out = dir / (name + ".out");
  const fs::path err = dir / (name + ".err");
  ASSIGN_OR_RETURN(pid_t pid, Spawn({"serve", "--config", config.string()}, out, err));
  std::unique_ptr<ScryServer> server(new ScryServer(pid, out, err));
  RETURN_IF_ERROR(server->WaitForPort(ready_within));
  return server;
}

ScryServer::~ScryServer() { Kill(); }

Status ScryServer::WaitForPort(std::chrono::milliseconds within) {
  // "scry serving 1 space on http://127.0.0.1:41234"
  const auto deadline = Steady::now() + within;
  while (Steady::now() < deadline) {
    // Log lines may come first: look for the line that names the port.
    const std::string out = ReadWholeFile(out_);
    const size_t start = out.find("scry serving ");
    const size_t line_end = start == std::string::npos ? start : out.find('\n', start);
    if (line_end != std::string::npos) {
      const std::string line = out.substr(start, line_end - start);
      const size_t colon = line.rfind(':');
      if (colon == std::string::npos) return InternalError("no port in: " + line);
      port_ = static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
      return Status::Ok();
    }
    int wait_status = 0;
    if (waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      pid_ = 0;
      return InternalError("scry serve exited with " + std::to_string(ExitCode(wait_status)) +
                           " before serving:\n" + Output());
    }
    std::this_thread::sleep_for(kPoll);
  }
  return InternalError("scry serve did not say which port it serves on:\n" + Output());
}

void ScryServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int wait_status = 0;
  while (waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
  }
  pid_ = 0;
}

StatusOr<int> ScryServer::Stop(std::chrono::milliseconds within) {
  if (pid_ <= 0) return FailedPreconditionError("the server is not running");
  kill(pid_, SIGTERM);
  const auto deadline = Steady::now() + within;
  while (Steady::now() < deadline) {
    int wait_status = 0;
    if (waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      pid_ = 0;
      return ExitCode(wait_status);
    }
    std::this_thread::sleep_for(kPoll);
  }
  Kill();
  return DeadlineExceededError("scry serve did not stop after SIGTERM:\n" + Output());
}

std::string ScryServer::Output() const {
  return "--- stdout\n" + ReadWholeFile(out_) + "--- stderr\n" + ReadWholeFile(err_);
}

}  // namespace scry::testing
