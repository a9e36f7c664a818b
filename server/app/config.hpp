// Settings of `arena serve`: flags, ARENA_* environment variables and an optional config file
// (key = value lines, the flag names without dashes). Precedence: flag, environment, file,
// default. `arena serve --help` prints every setting with its default.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace arena::app {

struct config {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;
  std::filesystem::path data_dir = "./data";
  std::filesystem::path static_dir = "client-web/dist";
  std::string tls_cert;
  std::string tls_key;
  unsigned threads = 0;       // io threads; 0: one per core
  unsigned pool_threads = 0;  // blocking pool; 0: 2 per core + 2
  unsigned hash_concurrency = 2;
  std::vector<std::string> allowed_origins;  // besides the server's own origin
  std::string public_url;     // for printed links; default from bind and port
  std::string metrics_token;  // /metrics needs `Authorization: Bearer` it; empty: loopback peers only
  std::string log_level = "info";
  unsigned session_idle_hours = 14 * 24;
  unsigned session_absolute_hours = 90 * 24;
  unsigned max_sockets_per_user = 20;
  unsigned ws_idle_timeout_s = 60;  // a socket silent this long (no frame, no pong) is closed; pinged at half
  double chat_rate_per_s = 2;  // chat messages per user per second (token bucket)
  double chat_burst = 20;      // and the bucket's size
  unsigned reminder_poll_s = 30;       // how often due meeting reminders are looked for
  unsigned presence_idle_s = 300;       // no activity for this long: idle
  unsigned draft_session_idle_s = 300;  // no edit for this long: an automatic version

  std::filesystem::path database_file() const { return data_dir / "arena.db"; }
};

// Parses `serve` arguments (argv without the program and subcommand names). Returns false and
// fills `message` for --help (with `help` set) or an error.
bool parse_serve_args(std::vector<std::string> const& args, config& out, std::string& message, bool& help);

// Only the data directory (for the admin subcommands): --data-dir, ARENA_DATA_DIR, default.
std::filesystem::path data_dir_from(std::vector<std::string>& args);

}  // namespace arena::app
