#include "integration/harness.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace arena::itest {

namespace fs = std::filesystem;
using steady = std::chrono::steady_clock;

std::string arena_binary() { return ARENA_BINARY; }

// ---- files ----------------------------------------------------------------------------------

temp_dir::temp_dir(std::string const& prefix) {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd() % 100000));
  fs::create_directories(path_);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_file(fs::path const& file, std::string const& text) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  std::ofstream f(file, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + file.string());
}

std::string read_file(fs::path const& file) {
  std::ifstream f(file, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// ---- processes ------------------------------------------------------------------------------

namespace {

int decode_status(int st) {
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return -1;
}

// The parent's environment without ARENA_* (those configure the server), plus `extra`.
std::vector<std::string> child_env(std::map<std::string, std::string> const& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    if (kv.rfind("ARENA_", 0) == 0) continue;
    auto eq = kv.find('=');
    if (eq != std::string_view::npos && extra.count(std::string(kv.substr(0, eq)))) continue;
    out.emplace_back(kv);
  }
  for (auto const& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

// fork + exec with stdin from /dev/null, stdout and stderr onto the given descriptors, every
// other descriptor closed (our sockets must not leak into the server), and SIGKILL when we die.
pid_t spawn(std::vector<std::string> const& argv, std::vector<std::string> const& env, int out_fd, int err_fd,
            bool search_path) {
  std::vector<char*> av, ev;
  for (auto const& a : argv) av.push_back(const_cast<char*>(a.c_str()));
  av.push_back(nullptr);
  for (auto const& e : env) ev.push_back(const_cast<char*>(e.c_str()));
  ev.push_back(nullptr);
  rlimit rl{};
  long max_fd = ::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? static_cast<long>(rl.rlim_cur) : 4096;
  if (max_fd > 65536) max_fd = 65536;
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) throw std::runtime_error("cannot open /dev/null");
  pid_t const parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(null_fd);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Child: async-signal-safe calls only until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (::syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
      for (long fd = 3; fd < max_fd; ++fd) ::close(static_cast<int>(fd));
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (search_path) ::execvpe(av[0], av.data(), ev.data());
    else ::execve(av[0], av.data(), ev.data());
    ::_exit(127);
  }
  ::close(null_fd);
  return pid;
}

// Waits for `pid` to exit for at most `timeout`. Uses a pidfd when the kernel has one; falls
// back to polling waitpid.
std::optional<int> wait_pid(pid_t pid, std::chrono::milliseconds timeout) {
  int st = 0;
  pid_t r = ::waitpid(pid, &st, WNOHANG);
  if (r == pid) return decode_status(st);
  auto const deadline = steady::now() + timeout;
  int pfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0) break;
    if (pfd >= 0) {
      pollfd p{pfd, POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    } else {
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(left, 10ms));  // polling a condition
    }
    r = ::waitpid(pid, &st, WNOHANG);
    if (r == pid) {
      if (pfd >= 0) ::close(pfd);
      return decode_status(st);
    }
    if (r < 0 && errno == ECHILD) break;
  }
  if (pfd >= 0) ::close(pfd);
  return std::nullopt;
}

int open_out_file(fs::path const& p) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + p.string());
  return fd;
}

command_result run_to_completion(std::vector<std::string> const& argv, std::map<std::string, std::string> const& env,
                                 std::chrono::milliseconds timeout, bool search_path) {
  temp_dir io("arena-it-cmd");
  int out_fd = open_out_file(io / "out");
  int err_fd = open_out_file(io / "err");
  pid_t pid;
  try {
    pid = spawn(argv, child_env(env), out_fd, err_fd, search_path);
  } catch (...) {
    ::close(out_fd);
    ::close(err_fd);
    throw;
  }
  ::close(out_fd);
  ::close(err_fd);
  command_result r;
  auto st = wait_pid(pid, timeout);
  if (!st) {
    r.timed_out = true;
    ::kill(pid, SIGKILL);
    st = wait_pid(pid, 60s);
  }
  r.exit_code = st.value_or(-1);
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  return r;
}

}  // namespace

command_result run_arena(std::vector<std::string> const& args, std::map<std::string, std::string> const& env,
                         std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{arena_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_to_completion(argv, env, timeout, false);
}

command_result run_program(std::vector<std::string> const& argv, std::chrono::milliseconds timeout) {
  return run_to_completion(argv, {}, timeout, true);
}

// ---- server_process -------------------------------------------------------------------------

server_process::server_process(server_options opts) {
  if (opts.data_dir) {
    data_dir_ = *opts.data_dir;
  } else {
    own_dir_.emplace("arena-it-srv");
    data_dir_ = own_dir_->path() / "data";
  }
  bool const fresh = !fs::exists(data_dir_ / "arena.db");
  if (!own_dir_) own_dir_.emplace("arena-it-srv");
  log_file_ = own_dir_->path() / "server.log";
  static_dir_ = opts.static_dir ? *opts.static_dir : own_dir_->path() / "no-web";
  tls_ = !opts.tls_cert.empty();

  std::vector<std::string> argv{arena_binary(), "serve", "--bind", "127.0.0.1", "--port", "0",
                                "--data-dir", data_dir_.string(), "--static-dir", static_dir_.string()};
  if (tls_) argv.insert(argv.end(), {"--tls-cert", opts.tls_cert, "--tls-key", opts.tls_key});
  argv.insert(argv.end(), opts.extra_args.begin(), opts.extra_args.end());
  // Two io threads whatever the machine's default (one on two cores), so every suite runs
  // connections spread over two threads, as on a bigger machine.
  if (std::find(opts.extra_args.begin(), opts.extra_args.end(), "--threads") == opts.extra_args.end())
    argv.insert(argv.end(), {"--threads", "2"});

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  int err_fd = -1;
  try {
    err_fd = open_out_file(log_file_);
    pid_ = spawn(argv, child_env(opts.env), pipe_fds[1], err_fd, false);
  } catch (...) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    if (err_fd >= 0) ::close(err_fd);
    throw;
  }
  ::close(pipe_fds[1]);
  ::close(err_fd);
  reader_ = std::thread([this, fd = pipe_fds[0]] { reader_loop(fd); });

  auto fail = [&](std::string const& why) {
    stop(5s);
    throw std::runtime_error("arena serve: " + why + "\n--- stdout ---\n" + stdout_text() + "--- log ---\n" + log_text());
  };
  auto line = wait_line([](std::string const& l) { return l.find(" listening on ") != std::string::npos; }, start_timeout);
  if (!line) fail("no \"listening on\" line");
  listening_line_ = *line;
  auto colon = line->rfind(':');
  try {
    port_ = static_cast<std::uint16_t>(std::stoi(line->substr(colon + 1)));
  } catch (std::exception const&) {
    fail("cannot read the port from: " + *line);
  }
  if (fresh) {
    auto setup = wait_line([](std::string const& l) { return l.rfind("setup link: ", 0) == 0; }, start_timeout);
    if (!setup) fail("no setup link on an empty database");
    auto t = setup->find("#token=");
    if (t == std::string::npos) fail("setup link without a token: " + *setup);
    setup_token_ = setup->substr(t + 7);
  }
}

server_process::~server_process() {
  try {
    stop();
  } catch (...) {
  }
}

void server_process::reader_loop(int fd) {
  char buf[4096];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::lock_guard lk(mu_);
    out_.append(buf, static_cast<std::size_t>(n));
    cv_.notify_all();
  }
  ::close(fd);
  std::lock_guard lk(mu_);
  eof_ = true;
  cv_.notify_all();
}

template <class Pred>
std::optional<std::string> server_process::wait_line(Pred pred, std::chrono::milliseconds timeout) {
  std::unique_lock lk(mu_);
  auto const deadline = steady::now() + timeout;
  while (true) {
    std::size_t start = 0;
    while (true) {
      auto nl = out_.find('\n', start);
      if (nl == std::string::npos) break;
      std::string l = out_.substr(start, nl - start);
      if (pred(l)) return l;
      start = nl + 1;
    }
    if (eof_) return std::nullopt;
    if (cv_.wait_until(lk, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

std::string server_process::host() const { return "127.0.0.1:" + std::to_string(port_); }
std::string server_process::origin() const { return std::string(tls_ ? "https://" : "http://") + host(); }

bool server_process::running() {
  if (exit_status_) return false;
  if (pid_ <= 0) return false;
  if (auto st = wait_pid(pid_, 0ms)) {
    exit_status_ = st;
    return false;
  }
  return true;
}

void server_process::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

std::optional<int> server_process::wait_exit(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  if (pid_ <= 0) return std::nullopt;
  exit_status_ = wait_pid(pid_, timeout);
  return exit_status_;
}

int server_process::stop(std::chrono::milliseconds grace) {
  if (!exit_status_ && pid_ > 0) {
    ::kill(pid_, SIGTERM);
    exit_status_ = wait_pid(pid_, grace);
    if (!exit_status_) {
      ::kill(pid_, SIGKILL);
      exit_status_ = wait_pid(pid_, 60s);
    }
  }
  if (reader_.joinable()) reader_.join();
  return exit_status_.value_or(-1);
}

std::string server_process::stdout_text() const {
  std::lock_guard lk(mu_);
  return out_;
}

std::string server_process::log_text() const { return read_file(log_file_); }

std::string server_process::log_tail(std::size_t lines) const {
  auto text = log_text();
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (std::size_t n = 0; n < lines && pos > 0; ++n) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) return text;
  }
  return "...\n" + text.substr(pos + 1);
}

// ---- fixtures -------------------------------------------------------------------------------

static_site::static_site() {
  index_html =
      "<!doctype html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Arena</title>"
      "<script type=\"module\" src=\"/assets/app-abc123.js\"></script></head>"
      "<body><div id=\"app\">arena-index-marker</div></body></html>\n";
  app_js = "console.log('arena-app-marker');\n";
  write_file(dir / "index.html", index_html);
  write_file(dir / "assets" / "app-abc123.js", app_js);
}

tls_files::tls_files() {
  auto r = run_program({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-days", "1", "-subj", "/CN=localhost", "-keyout", key(), "-out", cert()});
  if (r.exit_code != 0) throw std::runtime_error("openssl req failed: " + r.err);
}

}  // namespace arena::itest
