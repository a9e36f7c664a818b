// The integration harness: the real `arena` binary as a child process, in a fresh temporary
// data directory, on 127.0.0.1 and port 0.
//
// server_process starts `arena serve`, reads its stdout until the "listening on" line (and,
// on an empty database, the setup link), and exposes the port and the setup token. Nothing here
// sleeps to synchronise: every wait is for a condition (a line on stdout, the child's exit),
// with a generous deadline, so the tests stay deterministic on a busy two-core machine. The
// server's stderr (its log) goes to a file in the temporary directory and is quoted when
// something fails.
//
// Children get PR_SET_PDEATHSIG(SIGKILL), so a crashed test run leaves no server behind.
// Thread-safety: none; each object is used by the test thread that made it.
#pragma once

#include "sanitizer_build.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace arena::itest {

using namespace std::chrono_literals;

// Sanitizer builds (make sanitize, make tsan): see sanitizer_build.hpp.
using arena::testing::sanitized;
using arena::testing::scaled;

// Generous deadlines: the machine is shared and slow at times; none of them is a measurement.
inline constexpr auto start_timeout = 30s;
inline constexpr auto stop_grace = 15s;   // SIGTERM, then SIGKILL
inline constexpr auto io_timeout = 30s;   // one HTTP exchange or one WebSocket wait

// The built server binary and the tests' source directory (from CMake).
std::string arena_binary();

// A directory under $TMPDIR removed with its contents at scope exit.
class temp_dir {
 public:
  explicit temp_dir(std::string const& prefix = "arena-it");
  ~temp_dir();
  temp_dir(temp_dir const&) = delete;
  temp_dir& operator=(temp_dir const&) = delete;

  std::filesystem::path const& path() const { return path_; }
  std::filesystem::path operator/(std::string const& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `text` to `file`, creating parent directories.
void write_file(std::filesystem::path const& file, std::string const& text);
std::string read_file(std::filesystem::path const& file);

// What `arena serve` gets besides --bind 127.0.0.1 --port 0 --data-dir --static-dir.
struct server_options {
  std::optional<std::filesystem::path> data_dir{};    // default: a fresh temporary directory
  std::optional<std::filesystem::path> static_dir{};  // default: an empty temporary directory
  std::string tls_cert{}, tls_key{};                  // both set: HTTPS/WSS
  std::vector<std::string> extra_args{};
  std::map<std::string, std::string> env{};  // added to a cleaned environment (no ARENA_*)
};

// A running `arena serve`. The destructor stops it (SIGTERM, SIGKILL after stop_grace).
class server_process {
 public:
  // Starts the server and waits for it to listen. Throws std::runtime_error (with the log)
  // when it exits or stays silent for start_timeout.
  explicit server_process(server_options opts = {});
  ~server_process();
  server_process(server_process const&) = delete;
  server_process& operator=(server_process const&) = delete;

  std::uint16_t port() const { return port_; }
  bool tls() const { return tls_; }
  // The token of the printed setup link; empty when the database already had an administrator.
  std::string const& setup_token() const { return setup_token_; }
  std::string const& listening_line() const { return listening_line_; }
  // "127.0.0.1:PORT" (the Host header) and "http(s)://127.0.0.1:PORT" (the server's own origin).
  std::string host() const;
  std::string origin() const;
  std::filesystem::path const& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }

  // True while the child has not exited (reaps it if it has).
  bool running();
  // Sends SIGTERM and waits up to `grace`, then SIGKILL. Returns the exit status (0..255), or
  // 128 + signal number when it died by a signal. Idempotent: later calls return the same value.
  int stop(std::chrono::milliseconds grace = stop_grace);
  // Sends a signal without waiting.
  void signal(int sig);
  // Waits for the child to exit by itself; nullopt if it is still running after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // Everything the server printed on stdout so far, and its log (stderr).
  std::string stdout_text() const;
  std::string log_text() const;
  // The last `lines` lines of the log.
  std::string log_tail(std::size_t lines = 40) const;

 private:
  void reader_loop(int fd);
  // Waits until stdout holds a line for which pred is true; returns that line.
  template <class Pred>
  std::optional<std::string> wait_line(Pred pred, std::chrono::milliseconds timeout);

  std::optional<temp_dir> own_dir_;
  std::filesystem::path data_dir_, static_dir_, log_file_;
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::uint16_t port_ = 0;
  bool tls_ = false;
  std::string setup_token_, listening_line_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string out_;   // stdout so far
  bool eof_ = false;  // stdout closed
  std::thread reader_;
};

// One run of the binary to completion (the CLI subcommands, or `serve` expected to fail).
struct command_result {
  int exit_code = -1;  // 0..255, or 128 + signal
  std::string out, err;
  bool timed_out = false;
};
// Runs `arena args...` with a cleaned environment plus `env`, stdin from /dev/null. Kills it
// after `timeout`.
command_result run_arena(std::vector<std::string> const& args, std::map<std::string, std::string> const& env = {},
                         std::chrono::milliseconds timeout = 60s);
// Runs any program (e.g. openssl) the same way; argv[0] is looked up in PATH.
command_result run_program(std::vector<std::string> const& argv, std::chrono::milliseconds timeout = 60s);

// A built web client stand-in: index.html and assets/app-abc123.js in a temporary directory.
struct static_site {
  static_site();
  temp_dir dir{"arena-it-web"};
  std::string index_html, app_js;
  std::filesystem::path const& path() const { return dir.path(); }
};

// A self-signed P-256 certificate for CN=localhost, made with the openssl CLI.
struct tls_files {
  tls_files();
  temp_dir dir{"arena-it-tls"};
  std::string cert() const { return (dir / "c.pem").string(); }
  std::string key() const { return (dir / "k.pem").string(); }
};

}  // namespace arena::itest
